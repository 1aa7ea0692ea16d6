#!/usr/bin/env python3
"""Writes the seed corpora under fuzz/seeds/<target>/ from the examples, lessons and their
solutions (run from the repository root; idempotent). The seeds are committed; libFuzzer's
working corpus (fuzz/corpus/, not committed) grows from them."""
import base64, glob, hashlib, json, os, re, zlib

import yaml

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
os.chdir(root)

def put(target, data):
    if isinstance(data, str):
        data = data.encode()
    d = f"fuzz/seeds/{target}"
    os.makedirs(d, exist_ok=True)
    with open(f"{d}/{hashlib.sha1(data).hexdigest()[:16]}", "wb") as f:
        f.write(data)

# Starter examples (crates/scenario/src/examples.rs string constants).
src = open("crates/scenario/src/examples.rs").read()
manifests = [m.encode().decode("unicode_escape") for m in re.findall(r'pub const \w+: &str = "((?:[^"\\]|\\.)*)";', src, re.S)]
lessons = sorted(glob.glob("crates/scenario/lessons/*.yaml")) + ["examples/workshop.yaml"]
scripts = sorted(glob.glob("crates/scenario/lessons/solutions/*.sh")) + ["examples/workshop-solution.sh"]
for path in lessons:
    text = open(path).read()
    put("scenario", text)
    doc = yaml.safe_load(text)
    for field in ("start", "setup", "editor"):
        if isinstance(doc.get(field), str) and "apiVersion" in doc[field]:
            manifests.append(doc[field])
    settings = doc.get("settings") or {}
    if settings.get("encryptionProviderConfig"):
        put("config", b"\x00" + settings["encryptionProviderConfig"].encode())
for m in manifests:
    put("manifest", m)
    # The same objects as JSON (kubectl accepts both).
    try:
        for d in yaml.safe_load_all(m):
            if d:
                put("manifest", json.dumps(d, indent=2))
    except yaml.YAMLError:
        pass
for path in scripts:
    text = open(path).read()
    put("console", text)
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            put("console", line)
            if "apiVersion" in line or "<<" in line:
                break
# Links: recipe JSON (odd first byte) built from the starter examples, and real fragments.
for i, m in enumerate(manifests[:8]):
    recipe = {"v": 1, "editor": m, "actions": [{"t": "apply", "at": 0, "text": m}, {"t": "command", "at": 3, "line": "kubectl get secrets"}], "position": 5}
    body = json.dumps(recipe, separators=(",", ":")).encode()
    put("link", b"\x01" + body)
    frag = "v1." + base64.urlsafe_b64encode(zlib.compress(body, 9)[2:-4]).decode().rstrip("=")
    put("link", b"\x00" + frag.encode())
put("link", b"\x00v1.garbage")
# RBAC objects (odd first byte) and encryption configs (even).
rbac = """apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  namespace: default
  name: secret-reader
rules:
- apiGroups: [""]
  resources: ["secrets"]
  resourceNames: ["mysecret"]
  verbs: ["get", "watch", "list"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: read-secrets
  namespace: default
subjects:
- kind: User
  name: jane
  apiGroup: rbac.authorization.k8s.io
roleRef:
  kind: Role
  name: secret-reader
  apiGroup: rbac.authorization.k8s.io
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: pod-creator
rules:
- apiGroups: [""]
  resources: ["pods", "pods/exec"]
  verbs: ["create", "*"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: sa
subjects:
- kind: ServiceAccount
  name: default
  namespace: default
- kind: Group
  name: system:serviceaccounts
  apiGroup: rbac.authorization.k8s.io
roleRef:
  kind: ClusterRole
  name: pod-creator
  apiGroup: rbac.authorization.k8s.io
"""
put("config", b"\x01" + rbac.encode())
for provider in ("aescbc", "aesgcm", "secretbox"):
    put("config", f"""\x00apiVersion: apiserver.config.k8s.io/v1
kind: EncryptionConfiguration
resources:
  - resources:
      - secrets
      - configmaps
    providers:
      - {provider}:
          keys:
            - name: key1
              secret: c2VjcmV0IGlzIHNlY3VyZSwgb3IgaXMgaXQ/Cg==
      - identity: {{}}
\x00k8s:enc:{provider}:v1:key1:0123456789abcdef0123456789abcdef0123456789""".encode())
put("config", b"""\x00apiVersion: apiserver.config.k8s.io/v1
kind: EncryptionConfiguration
resources:
  - resources: ["secrets"]
    providers:
      - kms:
          apiVersion: v2
          name: myKmsPlugin
          endpoint: unix:///tmp/socketfile.sock
          timeout: 3s
      - identity: {}
""")
# Op sequences: a few hand-written byte strings.
for s in (b"\x00\x00\x00\x00\x01\x00\x03\x03\x00\x00\x02\x00\x01\x00\x00\x00\x00\x05\x09\x06\x10\x08",
          b"\x01\x03\x00\x01\x01\x00\x00\x00\x01\x00\x00\x00\x00\x02\x01\x05\x05\x08\x07\x01\x01\x06\x40",
          b"\x02\x00\x01\x02\x01\x02\x00\x01\x03\x01\x00\x01\x01\x01\x01\x00\x01\x01\x01\x00\x05\x13\x02\x00\x01\x08"):
    put("ops", s)
print({t: len(os.listdir(f"fuzz/seeds/{t}")) for t in sorted(os.listdir("fuzz/seeds"))})
