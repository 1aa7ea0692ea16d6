# Reference solution of the lesson env-vars: console commands, run by `kubeplay check --lesson env-vars`.
kubectl apply -f - <<EOF
apiVersion: v1
kind: Pod
metadata:
  name: secret-env-pod
spec:
  containers:
    - name: mycontainer
      image: redis
      env:
        - name: SECRET_USERNAME
          valueFrom:
            secretKeyRef:
              name: mysecret
              key: username
        - name: SECRET_PASSWORD
          valueFrom:
            secretKeyRef:
              name: mysecret
              key: password
  restartPolicy: Never
EOF
kubectl wait --for=condition=Ready pod/secret-env-pod
kubectl exec secret-env-pod -- env
kubectl apply -f - <<EOF
apiVersion: v1
kind: Pod
metadata:
  name: env-printer
spec:
  containers:
    - name: printer
      image: busybox
      command: ["sh", "-c", "env"]
      env:
        - name: SECRET_USERNAME
          valueFrom:
            secretKeyRef:
              name: mysecret
              key: username
        - name: SECRET_PASSWORD
          valueFrom:
            secretKeyRef:
              name: mysecret
              key: password
  restartPolicy: Never
EOF
sleep 5
kubectl logs env-printer
