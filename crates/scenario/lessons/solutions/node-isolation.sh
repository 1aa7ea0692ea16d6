# Reference solution of the lesson node-isolation: console commands, run by `kubeplay check --lesson node-isolation`.
kubectl apply -f - <<EOF
apiVersion: v1
kind: Secret
metadata:
  name: b-secret
stringData:
  token: token-of-b
---
apiVersion: v1
kind: Pod
metadata:
  name: pod-b
spec:
  containers:
  - name: app
    image: redis
    volumeMounts:
    - name: s
      mountPath: /etc/secret
      readOnly: true
  volumes:
  - name: s
    secret:
      secretName: b-secret
EOF
kubectl wait --for=condition=Ready pod/pod-b
