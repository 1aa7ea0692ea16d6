# Reference solution of the lesson image-pull-secrets: console commands, run by `kubeplay check --lesson image-pull-secrets`.
kubectl describe pod private-app
kubectl create secret docker-registry regcred --docker-server=registry.example.com --docker-username=me --docker-password=pa55
kubectl apply -f - <<EOF
apiVersion: v1
kind: Pod
metadata:
  name: private-app-2
spec:
  imagePullSecrets:
  - name: regcred
  containers:
  - name: app
    image: registry.example.com/team/app:1.0
EOF
kubectl wait --for=condition=Ready pod/private-app-2
