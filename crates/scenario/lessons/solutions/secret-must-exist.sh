# Reference solution of the lesson secret-must-exist: console commands, run by `kubeplay check --lesson secret-must-exist`.
kubectl describe pod mypod
kubectl create secret generic mysecret --from-literal=username=admin --from-literal=password=1f2d1e2e67df
kubectl wait --for=condition=Ready pod/mypod --timeout=5m
kubectl wait --for=condition=Ready pod/secret-env-pod --timeout=5m
