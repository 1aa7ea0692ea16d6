# Reference solution of the lesson node-authorizer: console commands, run by `kubeplay check --lesson node-authorizer`.
kubectl get pods -o wide
kubectl get secret db-pass --as=system:node:node-1 --as-group=system:nodes
kubectl get secret db-pass --as=system:node:node-2 --as-group=system:nodes
kubectl get secrets --as=system:node:node-1 --as-group=system:nodes
kubectl auth can-i get secrets/api-key --as=system:node:node-2 --as-group=system:nodes
kubectl delete pod web
kubectl auth can-i get secrets/db-pass --as=system:node:node-1 --as-group=system:nodes
