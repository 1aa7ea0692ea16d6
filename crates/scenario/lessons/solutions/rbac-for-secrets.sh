# Reference solution of the lesson rbac-for-secrets: console commands, run by `kubeplay check --lesson rbac-for-secrets`.
kubectl create role app-db-reader --verb=get --resource=secrets --resource-name=app-db
kubectl create rolebinding app-db-reader --role=app-db-reader --serviceaccount=default:app
kubectl auth can-i get secrets/app-db --as=system:serviceaccount:default:app
kubectl auth can-i get secrets/payments-key --as=system:serviceaccount:default:app
kubectl get secrets --as=auditor
kubectl get secrets -o yaml --as=auditor
kubectl auth can-i get secrets --as=dev
cat <<EOF | kubectl create --as=dev -f -
apiVersion: v1
kind: Pod
metadata:
  name: thief
spec:
  containers:
  - name: c
    image: redis
    volumeMounts:
    - name: s
      mountPath: /etc/stolen
  volumes:
  - name: s
    secret:
      secretName: payments-key
EOF
kubectl wait --for=condition=Ready pod/thief
kubectl exec thief --as=dev -- cat /etc/stolen/key
