# Reference solution of the lesson hashed-secret-rollout: console commands, run by `kubeplay check --lesson hashed-secret-rollout`.
kubectl get secrets
kubectl logs deployment/web
kubectl create secret generic db-creds --from-literal=password=n3w-pa55 --append-hash
kubectl set env deployment/web --from=secret/db-creds-74d2c88h6m
kubectl rollout status deployment/web
sleep 40
kubectl get pods
kubectl logs deployment/web
kubectl rollout undo deployment/web
kubectl rollout status deployment/web
kubectl rollout history deployment/web
