# Reference solution of the lesson env-rollout-restart: console commands, run by `kubeplay check --lesson env-rollout-restart`.
kubectl logs deployment/web
kubectl patch secret db-creds -p '{"stringData":{"password":"n3w-pa55"}}'
sleep 30
kubectl logs deployment/web
kubectl rollout restart deployment/web
kubectl rollout status deployment/web
kubectl get rs
sleep 40
kubectl get pods
kubectl logs deployment/web
