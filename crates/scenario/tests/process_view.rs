//! The web app's container view of a process: the command line as run, state, exit code,
//! restarts, the assumption for an image kubeplay does not know, and the Logs tab — the same
//! text `kubectl logs` prints (pkg/kubelet/kubelet_pods.go validateContainerLogStatus decides
//! which run is served: a container waiting in CrashLoopBackOff serves its last run).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use kubeplay_scenario::views::container_views;
use kubeplay_scenario::{Playground, Settings};

const DOTFILES: &str = "kubectl create secret generic dotfile-secret --from-literal=.secret-file=value-2
cat <<EOF | kubectl apply -f -
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
    - \"-l\"
    - \"/etc/secret-volume\"
    volumeMounts:
    - name: secret-volume
      readOnly: true
      mountPath: \"/etc/secret-volume\"
EOF";

fn playground(script: &str) -> Playground {
    let mut pg = Playground::new(Settings::default()).unwrap();
    for cmd in kubeplay_scenario::split_commands(script) {
        pg.command(&cmd);
    }
    pg
}

#[test]
fn the_dotfiles_pod_shows_its_command_exit_restarts_and_log() {
    let mut pg = playground(DOTFILES);
    pg.command("sleep 40");
    let views = container_views(pg.cluster(), "default", "secret-dotfiles-pod");
    let c = views.first().expect("one container");
    assert_eq!(c.process.command_line, "ls -l /etc/secret-volume");
    assert_eq!(c.process.exit_code, Some(0));
    assert!(c.process.restarts >= 1, "{:?}", c.process);
    assert_eq!(c.process.last_state.as_deref(), Some("Terminated: Completed (exit code 0)"));
    assert_eq!(c.process.assumption, None);
    // The Logs tab holds what `kubectl logs` prints: busybox's `ls -l` hides the dotfile.
    assert_eq!(c.logs.current, Ok(vec!["total 0".to_owned()]));
    assert_eq!(c.logs.previous, Some(vec!["total 0".to_owned()]));
    assert_eq!(c.logs.command, "kubectl logs secret-dotfiles-pod -c dotfile-test-container");
    let out = pg.command("kubectl logs secret-dotfiles-pod");
    assert_eq!(out.stdout, "total 0\n");
}

#[test]
fn env_printed_to_the_log_and_an_unknown_image_as_an_assumption() {
    let mut pg = playground(
        "kubectl create secret generic s --from-literal=SECRET_USERNAME=admin\n\
         kubectl run env --image=busybox --restart=Never --env=SECRET_USERNAME=admin --command -- sh -c 'env; exit 3'\n\
         kubectl run app --image=registry.example.com/team/app:1.0\nsleep 20",
    );
    let views = container_views(pg.cluster(), "default", "env");
    let c = views.first().unwrap();
    assert_eq!(c.process.command_line, "sh -c 'env; exit 3'");
    assert_eq!(c.process.state, "Terminated: Error (exit code 3)");
    assert_eq!(c.process.exit_code, Some(3));
    let log = c.logs.current.clone().unwrap();
    assert!(log.contains(&"SECRET_USERNAME=admin".to_owned()), "{log:?}");
    assert!(log.iter().any(|l| l.starts_with("KUBERNETES_SERVICE_HOST=")), "{log:?}");
    // An image outside the catalogue, run without a command: an assumption, said so.
    let views = container_views(pg.cluster(), "default", "app");
    let a = views.first().unwrap();
    assert_eq!(a.process.state, "Running");
    assert!(a.process.assumption.as_deref().is_some_and(|s| s.contains("registry.example.com/team/app:1.0")), "{:?}", a.process);
    assert_eq!(a.logs.current, Ok(Vec::new()));
    let _ = pg.command("kubectl get pods");
}

#[test]
fn a_container_that_cannot_pull_says_why_in_its_logs_tab() {
    let settings = Settings {
        registries: vec![kubeplay_cluster::PrivateRegistry {
            server: "registry.example.com".into(),
            username: "me".into(),
            password: "pa55".into(),
        }],
        ..Settings::default()
    };
    let mut pg = Playground::new(settings).unwrap();
    pg.command("kubectl run app --image=registry.example.com/team/app:1.0");
    pg.command("sleep 3");
    let views = container_views(pg.cluster(), "default", "app");
    let c = views.first().unwrap();
    assert_eq!(c.process.state, "Waiting: ErrImagePull");
    assert_eq!(c.process.command_line, "");
    assert_eq!(c.logs.current, Err("container \"app\" in pod \"app\" is waiting to start: image can't be pulled".to_owned()));
    assert_eq!(c.logs.previous, None);
}
