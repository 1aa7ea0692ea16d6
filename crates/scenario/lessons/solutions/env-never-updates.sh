# Reference solution of the lesson env-never-updates: console commands, run by `kubeplay check --lesson env-never-updates`.
kubectl patch secret mysecret -p '{"stringData":{"password":"n3w-pa55"}}'
sleep 90
kubectl exec env-pod -- printenv SECRET_PASSWORD
kubectl apply -f - <<EOF
apiVersion: v1
kind: Pod
metadata:
  name: env-pod
spec:
  containers:
  - name: app
    image: redis:7
    env:
    - name: SECRET_PASSWORD
      valueFrom:
        secretKeyRef:
          name: mysecret
          key: password
EOF
sleep 5
kubectl exec env-pod -- printenv SECRET_PASSWORD
