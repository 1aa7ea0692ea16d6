# Reference solution of the lesson encryption-at-rest: console commands, run by `kubeplay check --lesson encryption-at-rest`.
etcdctl get /registry/secrets/default/db | hexdump -C
cat > enc.yaml <<EOF
apiVersion: apiserver.config.k8s.io/v1
kind: EncryptionConfiguration
resources:
  - resources:
      - secrets
    providers:
      - aescbc:
          keys:
            - name: key1
              secret: wIBBzbDwYcLgfMejGRKxVeFPASbbY818NLVCCHCqpZs=
      - identity: {}
EOF
kubeplay apiserver --encryption-provider-config=enc.yaml
kubectl get secrets -A -o json | kubectl replace -f -
etcdctl get /registry/secrets/default/db
cat > enc.yaml <<EOF
apiVersion: apiserver.config.k8s.io/v1
kind: EncryptionConfiguration
resources:
  - resources:
      - secrets
    providers:
      - aescbc:
          keys:
            - name: key1
              secret: wIBBzbDwYcLgfMejGRKxVeFPASbbY818NLVCCHCqpZs=
            - name: key2
              secret: tVMJ4t0FXl1bthneUGX8E7ISyp7Th4qtFgpWYMvUnz8=
      - identity: {}
EOF
kubeplay apiserver --encryption-provider-config=enc.yaml
cat > enc.yaml <<EOF
apiVersion: apiserver.config.k8s.io/v1
kind: EncryptionConfiguration
resources:
  - resources:
      - secrets
    providers:
      - aescbc:
          keys:
            - name: key2
              secret: tVMJ4t0FXl1bthneUGX8E7ISyp7Th4qtFgpWYMvUnz8=
            - name: key1
              secret: wIBBzbDwYcLgfMejGRKxVeFPASbbY818NLVCCHCqpZs=
      - identity: {}
EOF
kubeplay apiserver --encryption-provider-config=enc.yaml
kubectl get secrets -A -o json | kubectl replace -f -
cat > enc.yaml <<EOF
apiVersion: apiserver.config.k8s.io/v1
kind: EncryptionConfiguration
resources:
  - resources:
      - secrets
    providers:
      - aescbc:
          keys:
            - name: key2
              secret: tVMJ4t0FXl1bthneUGX8E7ISyp7Th4qtFgpWYMvUnz8=
      - identity: {}
EOF
kubeplay apiserver --encryption-provider-config=enc.yaml
etcdctl get /registry/secrets/default/db | hexdump -C
