//! Starter manifests from the Kubernetes Secrets documentation (and the Korean notes
//! kubeplay grew from), one click away in the editor.

/// A named example.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Example {
    /// Stable id.
    pub id: &'static str,
    /// English title.
    pub title_en: &'static str,
    /// Korean title.
    pub title_ko: &'static str,
    /// The manifest text.
    pub text: &'static str,
}

/// The Opaque secret of the docs (username `admin`, password `1f2d1e2e67df`).
pub const SECRET: &str = "apiVersion: v1
kind: Secret
metadata:
  name: mysecret
type: Opaque
data:
  username: YWRtaW4=
  password: MWYyZDFlMmU2N2Rm
";

/// The pod that mounts `mysecret` at `/etc/foo`.
pub const VOLUME_POD: &str = "apiVersion: v1
kind: Pod
metadata:
  name: mypod
spec:
  containers:
  - name: mypod
    image: redis
    volumeMounts:
    - name: foo
      mountPath: \"/etc/foo\"
      readOnly: true
  volumes:
  - name: foo
    secret:
      secretName: mysecret
";

/// Only `username`, at `my-group/my-username`.
pub const ITEMS_POD: &str = "apiVersion: v1
kind: Pod
metadata:
  name: mypod
spec:
  containers:
  - name: mypod
    image: redis
    volumeMounts:
    - name: foo
      mountPath: \"/etc/foo\"
      readOnly: true
  volumes:
  - name: foo
    secret:
      secretName: mysecret
      items:
      - key: username
        path: my-group/my-username
";

/// `defaultMode: 256` in JSON (decimal for 0400), as in the notes.
pub const DEFAULT_MODE_POD: &str = "{
  \"apiVersion\": \"v1\",
  \"kind\": \"Pod\",
  \"metadata\": {
    \"name\": \"mypod\"
  },
  \"spec\": {
    \"containers\": [{
      \"name\": \"mypod\",
      \"image\": \"redis\",
      \"volumeMounts\": [{
        \"name\": \"foo\",
        \"mountPath\": \"/etc/foo\"
      }]
    }],
    \"volumes\": [{
      \"name\": \"foo\",
      \"secret\": {
        \"secretName\": \"mysecret\",
        \"defaultMode\": 256
      }
    }]
  }
}
";

/// Secrets as environment variables.
pub const ENV_POD: &str = "apiVersion: v1
kind: Pod
metadata:
  name: secret-env-pod
spec:
  containers:
  - name: mycontainer
    image: redis
    env:
      - name: SECRET_USERNAME
        valueFrom:
          secretKeyRef:
            name: mysecret
            key: username
      - name: SECRET_PASSWORD
        valueFrom:
          secretKeyRef:
            name: mysecret
            key: password
  restartPolicy: Never
";

/// All starters, in menu order.
pub const EXAMPLES: [Example; 5] = [
    Example {
        id: "secret",
        title_en: "Opaque Secret (YAML, base64 data)",
        title_ko: "Opaque 시크릿 (YAML, base64 data)",
        text: SECRET,
    },
    Example {
        id: "volume-pod",
        title_en: "Pod mounting the secret at /etc/foo",
        title_ko: "시크릿을 /etc/foo에 마운트하는 파드",
        text: VOLUME_POD,
    },
    Example {
        id: "items-pod",
        title_en: "Pod exposing only one key (items)",
        title_ko: "키 하나만 노출하는 파드 (items)",
        text: ITEMS_POD,
    },
    Example {
        id: "mode-pod",
        title_en: "Pod with defaultMode 256 (JSON)",
        title_ko: "defaultMode 256 파드 (JSON)",
        text: DEFAULT_MODE_POD,
    },
    Example {
        id: "env-pod",
        title_en: "Pod with secrets as env vars",
        title_ko: "시크릿을 환경 변수로 쓰는 파드",
        text: ENV_POD,
    },
];
