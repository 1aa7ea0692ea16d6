# Reference solution of the lesson create-from-yaml: console commands, run by `kubeplay check --lesson create-from-yaml`.
kubectl create -f - <<EOF
apiVersion: v1
kind: Secret
metadata:
  name: mysecret
type: Opaque
data:
  username: YWRtaW4=
  password: MWYyZDFlMmU2N2Rm
EOF
kubectl apply -f - <<EOF
apiVersion: v1
kind: Secret
metadata:
  name: mysecret-string
type: Opaque
stringData:
  username: admin
  password: t0p-Secret
EOF
kubectl get secret mysecret-string -o yaml
kubectl create secret generic mysecret-safe --from-literal=username=admin --from-literal=password=t0p-Secret
kubectl get secret mysecret-safe -o yaml
