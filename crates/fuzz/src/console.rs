//! Target (b): console lines through kubeplay's shell and kubectl, against a cluster with a few
//! objects (two secrets, a namespace, a pod mounting one secret and reading another as env).

use std::cell::RefCell;

use kubeplay_cluster::Settings;
use kubeplay_kubectl::Console;

/// The cluster every input starts from, built once per process.
const SETUP: &str = "kubectl create secret generic mysecret --from-literal=username=admin --from-literal=password='S!B\\*d$zDsb='
kubectl create namespace other
kubectl create secret generic db -n other --from-literal=key=value
cat <<EOF > pod.yaml
apiVersion: v1
kind: Pod
metadata:
  name: mypod
spec:
  containers:
  - name: mypod
    image: redis
    env:
    - name: SECRET_USERNAME
      valueFrom:
        secretKeyRef:
          name: mysecret
          key: username
    volumeMounts:
    - name: foo
      mountPath: /etc/foo
      readOnly: true
  volumes:
  - name: foo
    secret:
      secretName: mysecret
EOF
kubectl apply -f pod.yaml
kubeplay idle
";

thread_local! {
    static BASE: RefCell<Option<Console>> = const { RefCell::new(None) };
}

/// The console after [`SETUP`], cloned for each input.
pub fn base() -> Console {
    BASE.with(|b| {
        b.borrow_mut()
            .get_or_insert_with(|| match Console::new(Settings { seed: 1, ..Settings::default() }) {
                Ok(mut c) => {
                    c.run_script(SETUP);
                    c
                }
                Err(e) => panic!("the fuzz console could not start: {e}"),
            })
            .clone()
    })
}

/// Runs `data` as console input (one or more lines, here-documents included), then checks the
/// console still answers `kubectl get secrets` (or says why not).
pub fn run(data: &[u8]) {
    let mut console = base();
    let text = crate::text(data);
    let _ = console.run_script(&text);
    let out = console.run("kubectl get secrets -n default -o name");
    assert!(out.status == 0 || !out.stderr.is_empty(), "after {text:?}, kubectl get secrets failed without saying why: {out:?}");
}
