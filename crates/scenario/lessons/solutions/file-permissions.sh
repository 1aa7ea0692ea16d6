# Reference solution of the lesson file-permissions: console commands, run by `kubeplay check --lesson file-permissions`.
kubectl apply -f - <<EOF
{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "mypod"},
 "spec": {"containers": [{"name": "mypod", "image": "redis", "volumeMounts": [{"name": "foo", "mountPath": "/etc/foo"}]}],
          "volumes": [{"name": "foo", "secret": {"secretName": "mysecret", "defaultMode": 256,
                       "items": [{"key": "username", "path": "username", "mode": 288}, {"key": "password", "path": "password"}]}}]}}
EOF
kubectl wait --for=condition=Ready pod/mypod
cat fsgroup-pod.yaml
kubectl apply -f fsgroup-pod.yaml
kubectl wait --for=condition=Ready pod/fsgroup-pod
kubectl exec fsgroup-pod -- ls -l /etc/foo/..data/
