# Reference solution of the lesson subpath-never-updates: console commands, run by `kubeplay check --lesson subpath-never-updates`.
kubectl patch secret mysecret -p '{"stringData":{"password":"n3w-pa55"}}'
sleep 90
kubectl exec mypod -- cat /etc/foo/password
kubectl exec mypod -- cat /etc/app/password
