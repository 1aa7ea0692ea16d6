# Reference solution of the lesson secret-in-logs: console commands, run by `kubeplay check --lesson secret-in-logs`.
kubectl get secret db-pass --as=jane
kubectl logs leaky-app --as=jane
kubectl delete pod leaky-app
kubectl apply -f - <<EOF
apiVersion: v1
kind: Pod
metadata:
  name: quiet-app
spec:
  containers:
  - name: app
    image: busybox
    command: ["sh", "-c", "echo connecting to db as app; sleep infinity"]
    env:
    - name: DB_PASSWORD
      valueFrom:
        secretKeyRef:
          name: db-pass
          key: password
EOF
sleep 5
kubectl logs quiet-app
