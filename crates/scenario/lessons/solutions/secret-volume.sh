# Reference solution of the lesson secret-volume: console commands, run by `kubeplay check --lesson secret-volume`.
kubectl apply -f - <<EOF
{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "mypod", "namespace": "myns"},
 "spec": {"containers": [{"name": "mypod", "image": "redis", "volumeMounts": [{"name": "foo", "mountPath": "/etc/foo", "readOnly": true}]}],
          "volumes": [{"name": "foo", "secret": {"secretName": "mysecret"}}]}}
EOF
kubectl wait -n myns --for=condition=Ready pod/mypod
kubectl exec -n myns mypod -- ls /etc/foo
