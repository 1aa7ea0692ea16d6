# Reference solution of the lesson immutable-secrets: console commands, run by `kubeplay check --lesson immutable-secrets`.
kubectl patch secret app-config -p '{"immutable":true}'
kubectl patch secret app-config -p '{"stringData":{"api-url":"https://evil.example.com"}}'
