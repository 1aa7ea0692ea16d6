# Reference solution of the lesson mounted-updates: console commands, run by `kubeplay check --lesson mounted-updates`.
kubectl patch secret mysecret -p '{"stringData":{"password":"n3w-pa55"}}'
kubectl exec mypod -- cat /etc/foo/password
sleep 90
kubectl exec mypod -- cat /etc/foo/password
