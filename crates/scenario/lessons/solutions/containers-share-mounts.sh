# Reference solution of the lesson containers-share-mounts: console commands, run by `kubeplay check --lesson containers-share-mounts`.
kubectl apply -f - <<EOF
apiVersion: v1
kind: Pod
metadata:
  name: two-containers
spec:
  containers:
  - name: app
    image: redis
    volumeMounts:
    - name: db
      mountPath: /etc/db
      readOnly: true
  - name: sidecar
    image: busybox
    command: ["sleep", "3600"]
  volumes:
  - name: db
    secret:
      secretName: db-secret
EOF
kubectl wait --for=condition=Ready pod/two-containers
kubectl exec two-containers -c sidecar -- ls /etc/db
