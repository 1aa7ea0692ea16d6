kubectl describe pod web -n shop
kubectl create secret generic db-credentials -n shop --from-literal=username=shop --from-literal=password=Sh0p-2024
kubectl wait -n shop --for=condition=Ready pod/web --timeout=5m
kubectl exec -n shop web -- ls -l /etc/db/..data/
