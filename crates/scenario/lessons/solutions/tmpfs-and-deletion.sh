# Reference solution of the lesson tmpfs-and-deletion: console commands, run by `kubeplay check --lesson tmpfs-and-deletion`.
kubectl delete pod mypod
kubeplay idle
