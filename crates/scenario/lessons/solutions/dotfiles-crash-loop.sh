# Reference solution of the lesson dotfiles-crash-loop: console commands, run by `kubeplay check --lesson dotfiles-crash-loop`.
kubectl apply -f - <<EOF
apiVersion: v1
kind: Pod
metadata:
  name: secret-dotfiles-pod
spec:
  volumes:
  - name: secret-volume
    secret:
      secretName: dotfile-secret
  containers:
  - name: dotfile-test-container
    image: registry.k8s.io/busybox
    command:
    - ls
    - "-l"
    - "/etc/secret-volume"
    volumeMounts:
    - name: secret-volume
      readOnly: true
      mountPath: "/etc/secret-volume"
EOF
sleep 5
kubectl logs secret-dotfiles-pod
sleep 30
kubectl get pods
kubectl apply -f - <<EOF
apiVersion: v1
kind: Pod
metadata:
  name: dotfiles-once
spec:
  restartPolicy: Never
  volumes:
  - name: secret-volume
    secret:
      secretName: dotfile-secret
  containers:
  - name: dotfile-test-container
    image: registry.k8s.io/busybox
    command: ["ls", "-la", "/etc/secret-volume"]
    volumeMounts:
    - name: secret-volume
      readOnly: true
      mountPath: "/etc/secret-volume"
---
apiVersion: v1
kind: Pod
metadata:
  name: dotfiles-sleeper
spec:
  volumes:
  - name: secret-volume
    secret:
      secretName: dotfile-secret
  containers:
  - name: dotfile-test-container
    image: registry.k8s.io/busybox
    command: ["sh", "-c", "ls -la /etc/secret-volume; sleep infinity"]
    volumeMounts:
    - name: secret-volume
      readOnly: true
      mountPath: "/etc/secret-volume"
EOF
sleep 5
kubectl get pods
kubectl logs dotfiles-once
