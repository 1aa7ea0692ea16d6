# Reference solution of the lesson secret-pod-lifetime: console commands, run by `kubeplay check --lesson secret-pod-lifetime`.
kubectl apply -f - <<EOF
apiVersion: v1
kind: Pod
metadata:
  name: waiting
spec:
  containers:
  - name: app
    image: redis
    volumeMounts:
    - name: api-key
      mountPath: /etc/api
      readOnly: true
  volumes:
  - name: api-key
    secret:
      secretName: api-key
EOF
sleep 20
kubectl describe pod waiting
kubectl create secret generic api-key --from-literal=key=k-123
kubectl wait --for=condition=Ready pod/waiting --timeout=5m
