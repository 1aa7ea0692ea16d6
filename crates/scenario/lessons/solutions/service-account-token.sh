# Reference solution of the lesson service-account-token: console commands, run by `kubeplay check --lesson service-account-token`.
kubectl apply -f - <<EOF
apiVersion: v1
kind: Pod
metadata:
  name: sa-demo
spec:
  containers:
  - name: app
    image: redis
---
apiVersion: v1
kind: Pod
metadata:
  name: no-token
spec:
  automountServiceAccountToken: false
  containers:
  - name: app
    image: redis
EOF
kubectl wait --for=condition=Ready pod/sa-demo
kubectl wait --for=condition=Ready pod/no-token
kubectl exec sa-demo -- cat /var/run/secrets/kubernetes.io/serviceaccount/namespace
