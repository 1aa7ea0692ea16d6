# Reference solution of the lesson image-pull-secrets: console commands, run by `kubeplay check --lesson image-pull-secrets`.
kubectl get pods
kubectl describe pod private-app
kubectl create secret docker-registry regcred --docker-server=registry.example.com --docker-username=me --docker-password=wrong
sleep 60
kubectl describe pod private-app
kubectl delete secret regcred
kubectl create secret docker-registry regcred --docker-server=registry.example.com --docker-username=me --docker-password=pa55
sleep 300
kubectl get pods
