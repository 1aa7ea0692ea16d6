# Reference solution of the lesson secrets-are-namespaced: console commands, run by `kubeplay check --lesson secrets-are-namespaced`.
kubectl get secrets -A
kubectl create secret generic db -n team-b --from-literal=password=team-b-pass
kubectl wait -n team-b --for=condition=Ready pod/app --timeout=5m
