# Reference solution of the lesson audit-log-leaks: console commands, run by `kubeplay check --lesson audit-log-leaks`.
kubectl create secret generic db --from-literal=password=hunter2
kubeplay audit
echo aHVudGVyMg== | base64 -d
cat > audit-policy.yaml <<EOF
apiVersion: audit.k8s.io/v1
kind: Policy
omitStages:
  - "RequestReceived"
rules:
  - level: Metadata
    resources:
      - group: ""
        resources: ["secrets", "configmaps"]
  - level: Request
EOF
kubeplay apiserver --audit-policy-file=audit-policy.yaml
kubectl create secret generic api-key --from-literal=token=t0k3n-for-shop
kubeplay audit
