#!/usr/bin/env bash
# Captures kubectl v1.33's help texts (client-side, no server) for the commands the console
# simulates into crates/kubectl/src/cmd/help/, where `kubectl CMD --help` and `kubectl help CMD`
# print them byte for byte. Usage: scripts/capture-kubectl-help.sh [path/to/kubectl-v1.33]
set -euo pipefail
cd "$(dirname "$0")/.."
K=${1:-/usr/lib/google-cloud-sdk/bin/kubectl.1.33}
[[ $("$K" version --client) == *v1.33.* ]] || { echo "not kubectl v1.33: $K" >&2; exit 1; }
out=crates/kubectl/src/cmd/help
mkdir -p "$out"
"$K" --help >"$out/kubectl.txt"
# The console runs as /home/learner: --cache-dir defaults to $HOME/.kube/cache.
HOME=/home/learner "$K" options >"$out/options.txt"
for c in create "create secret" "create secret generic" "create secret tls" "create secret docker-registry" \
  "create namespace" "create serviceaccount" "create role" "create clusterrole" "create rolebinding" \
  "create clusterrolebinding" apply replace auth "auth can-i" delete get describe exec patch wait run version logs \
  "create deployment" "create job" scale rollout "rollout restart" "rollout status" "rollout history" "rollout undo" set "set env"; do
  # shellcheck disable=SC2086 # the words are the command path
  "$K" $c --help >"$out/${c// /_}.txt"
done
