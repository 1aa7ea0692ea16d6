# Reference solution of the lesson size-limit: console commands, run by `kubeplay check --lesson size-limit`.
wc -c big.bin
kubectl create secret generic big --from-file=big.bin
kubectl create secret generic small --from-file=small.txt
