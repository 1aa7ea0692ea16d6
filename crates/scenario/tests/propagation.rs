//! Propagation made visible: after a secret changes, the container view marks the env vars and
//! subPath files that kept the value they got at container start ("stale"), with what the
//! secret holds now, while a volume-mounted file simply updates (pkg/kubelet/kubelet_pods.go
//! makeEnvironmentVariables resolves env once per start; the atomic writer only swaps `..data`
//! under a whole-volume mount, never a subPath bind mount).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use kubeplay_scenario::views::{container_views, ContainerView, Stale};
use kubeplay_scenario::{Playground, Settings};

const SETUP: &str = "kubectl create secret generic creds --from-literal=username=admin --from-literal=password=old
cat <<EOF | kubectl apply -f -
apiVersion: v1
kind: Pod
metadata:
  name: app
spec:
  containers:
  - name: app
    image: redis
    env:
    - name: USER_NAME
      valueFrom:
        secretKeyRef:
          name: creds
          key: username
    envFrom:
    - prefix: CREDS_
      secretRef:
        name: creds
    volumeMounts:
    - name: v
      mountPath: /etc/creds
    - name: v
      mountPath: /etc/password
      subPath: password
  volumes:
  - name: v
    secret:
      secretName: creds
EOF";

fn view(pg: &Playground) -> ContainerView {
    container_views(pg.cluster(), "default", "app").into_iter().next().expect("the container")
}

fn env_stale(v: &ContainerView, name: &str) -> Option<Stale> {
    v.env.iter().find(|e| e.name == name).unwrap_or_else(|| panic!("no {name}")).stale.clone()
}

fn file<'a>(v: &'a ContainerView, path: &str) -> &'a kubeplay_scenario::views::FileEntry {
    v.files.iter().find(|f| f.path == path).unwrap_or_else(|| panic!("no {path}"))
}

#[test]
fn env_and_sub_path_go_stale_while_the_mounted_file_updates() {
    let mut pg = Playground::new(Settings::default()).unwrap();
    for cmd in kubeplay_scenario::split_commands(SETUP) {
        pg.command(&cmd);
    }
    pg.run_until_idle();
    let v = view(&pg);
    assert_eq!(v.state, "Running");
    assert_eq!((env_stale(&v, "CREDS_password"), file(&v, "/etc/password").stale.clone()), (None, None));

    pg.command(r#"kubectl patch secret creds -p '{"stringData":{"password":"new"}}'"#);
    pg.run_for(300_000);
    let v = view(&pg);
    // The whole-volume mount follows the secret; nothing is stale there.
    assert_eq!((file(&v, "/etc/creds/password").content.as_str(), file(&v, "/etc/creds/password").stale.clone()), ("new", None));
    // The subPath file and the env var kept the value of the start, and say what the secret holds now.
    assert_eq!(file(&v, "/etc/password").content, "old");
    assert_eq!(file(&v, "/etc/password").stale, Some(Stale::Now("new".into())));
    assert_eq!(env_stale(&v, "CREDS_password"), Some(Stale::Now("new".into())));
    // Keys that did not change are not marked.
    assert_eq!((env_stale(&v, "USER_NAME"), env_stale(&v, "CREDS_username")), (None, None));

    pg.command("kubectl delete secret creds");
    pg.step();
    let v = view(&pg);
    assert_eq!(env_stale(&v, "USER_NAME"), Some(Stale::Gone));
    assert_eq!(file(&v, "/etc/password").stale, Some(Stale::Gone));
}
