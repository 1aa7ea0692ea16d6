# Reference solution of the lesson env-from: console commands, run by `kubeplay check --lesson env-from`.
kubectl apply -f - <<EOF
apiVersion: v1
kind: Pod
metadata:
  name: envfrom-pod
spec:
  containers:
  - name: app
    image: redis
    envFrom:
    - secretRef:
        name: app-secret
    - prefix: APP_
      secretRef:
        name: app-secret
EOF
kubectl wait --for=condition=Ready pod/envfrom-pod
kubectl exec envfrom-pod -- env
kubectl apply -f - <<EOF
apiVersion: v1
kind: Pod
metadata:
  name: envfrom-printer
spec:
  restartPolicy: Never
  containers:
  - name: printer
    image: busybox
    command: ["sh", "-c", "env"]
    envFrom:
    - secretRef:
        name: app-secret
    - prefix: APP_
      secretRef:
        name: app-secret
EOF
sleep 5
kubectl logs envfrom-printer
