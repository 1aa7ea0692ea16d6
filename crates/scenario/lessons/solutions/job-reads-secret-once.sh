# Reference solution of the lesson job-reads-secret-once: console commands, run by `kubeplay check --lesson job-reads-secret-once`.
kubectl logs job/report-1
kubectl patch secret db-creds -p '{"stringData":{"password":"n3w-pa55"}}'
sleep 10
kubectl logs job/report-1
kubectl apply -f - <<'EOF'
apiVersion: batch/v1
kind: Job
metadata:
  name: report-2
spec:
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: report
        image: busybox:1.36
        command: ["sh", "-c", "echo password=$DB_PASSWORD"]
        env:
        - name: DB_PASSWORD
          valueFrom:
            secretKeyRef:
              name: db-creds
              key: password
EOF
sleep 30
kubectl logs job/report-2
