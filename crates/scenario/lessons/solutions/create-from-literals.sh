# Reference solution of the lesson create-from-literals: console commands, run by `kubeplay check --lesson create-from-literals`.
kubectl create secret generic prod-db-secret --from-literal=username=produser --from-literal=password=Y4nys7f11
kubectl describe secret prod-db-secret
echo S!B\*d$zDsb=
echo "S!B\*d$zDsb="
echo 'S!B\*d$zDsb='
kubectl create secret generic db-user-pass --from-literal=username=devuser --from-literal=password='S!B\*d$zDsb='
