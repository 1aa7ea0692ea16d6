# Reference solution of the lesson volume-items: console commands, run by `kubeplay check --lesson volume-items`.
kubectl delete pod mypod
kubectl apply -f - <<EOF
{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "mypod"},
 "spec": {"containers": [{"name": "mypod", "image": "redis", "volumeMounts": [{"name": "foo", "mountPath": "/etc/foo", "readOnly": true}]}],
          "volumes": [{"name": "foo", "secret": {"secretName": "mysecret", "items": [{"key": "username", "path": "my-group/my-username"}]}}]}}
EOF
kubectl wait --for=condition=Ready pod/mypod
