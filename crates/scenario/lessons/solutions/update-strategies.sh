# Reference solution of the lesson update-strategies: console commands, run by `kubeplay check --lesson update-strategies`.
kubectl patch secret mysecret -p '{"stringData":{"password":"rotated-2"}}'
kubectl exec mypod -- cat /etc/foo/password
sleep 30
kubectl exec mypod -- cat /etc/foo/password
sleep 150
kubectl exec mypod -- cat /etc/foo/password
