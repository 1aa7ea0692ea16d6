# Reference solution of the lesson optional-references: console commands, run by `kubeplay check --lesson optional-references`.
kubectl apply -f - <<EOF
apiVersion: v1
kind: Pod
metadata:
  name: optional-pod
spec:
  containers:
  - name: app
    image: redis
    env:
    - name: TOKEN
      valueFrom:
        secretKeyRef:
          name: maybe-secret
          key: token
          optional: true
    volumeMounts:
    - name: maybe
      mountPath: /etc/maybe
      readOnly: true
  volumes:
  - name: maybe
    secret:
      secretName: maybe-secret
      optional: true
EOF
kubectl wait --for=condition=Ready pod/optional-pod
kubectl create secret generic maybe-secret --from-literal=token=abc123
sleep 90
