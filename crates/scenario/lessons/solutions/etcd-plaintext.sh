# Reference solution of the lesson etcd-plaintext: console commands, run by `kubeplay check --lesson etcd-plaintext`.
kubectl create secret generic db --from-literal=password=hunter2
kubectl get secret db -o jsonpath='{.data.password}' | base64 --decode
