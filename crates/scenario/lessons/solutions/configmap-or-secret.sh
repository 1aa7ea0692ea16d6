# Reference solution of the lesson configmap-or-secret: console commands, run by `kubeplay check --lesson configmap-or-secret`.
kubectl create secret generic app-secret --from-literal=api-key=k3y-123
kubectl apply -f - <<'EOF'
apiVersion: v1
kind: Pod
metadata:
  name: app
spec:
  containers:
  - name: app
    image: busybox:1.36
    command: ["sleep", "infinity"]
    env:
    - name: THEME
      valueFrom:
        configMapKeyRef:
          name: app-config
          key: theme
    - name: API_KEY
      valueFrom:
        secretKeyRef:
          name: app-secret
          key: api-key
    volumeMounts:
    - name: config
      mountPath: /etc/config
    - name: secret
      mountPath: /etc/secret
  volumes:
  - name: config
    configMap:
      name: app-config
  - name: secret
    secret:
      secretName: app-secret
EOF
kubectl wait --for=condition=Ready pod/app
kubectl exec app -- cat /etc/config/theme /etc/secret/api-key
kubectl exec app -- printenv THEME API_KEY
etcdctl get /registry/configmaps/default/app-config
etcdctl get /registry/secrets/default/app-secret | hexdump -C
kubectl create role config-reader --verb=get --resource=configmaps
kubectl create rolebinding jane-config --role=config-reader --user=jane
kubectl get configmap app-config --as=jane
kubectl get secret app-secret --as=jane
