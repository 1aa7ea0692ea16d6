# Reference solution of the lesson create-from-files: console commands, run by `kubeplay check --lesson create-from-files`.
echo -n "admin" > ./username.txt
echo -n "1f2d1e2e67df" > ./password.txt
kubectl create secret generic db-user-pass --from-file=./username.txt --from-file=./password.txt
kubectl get secrets
