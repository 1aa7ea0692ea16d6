//! `kubectl describe pod` against staging/src/k8s.io/kubectl/pkg/describe/describe.go (v1.33):
//! each test names the upstream function whose output it pins, line for line.
#![allow(clippy::expect_used, clippy::panic)] // test helpers fail loudly by design

use kubeplay_api::k8s_openapi::api::core::v1::Pod;
use kubeplay_cluster::{Cluster, Settings};
use kubeplay_kubectl::Console;

const SECRET_AND_POD: &str = r#"cat <<EOF | kubectl apply -f -
apiVersion: v1
kind: Secret
metadata: {name: s1}
stringData: {password: hunter2}
---
apiVersion: v1
kind: Pod
metadata:
  name: p1
  annotations:
    b-note: "hello"
    a-note: "x"
spec:
  containers:
  - name: app
    image: busybox
    command: ["sh", "-c"]
    args: ["echo hi; sleep 3600"]
    env:
    - {name: POD, valueFrom: {fieldRef: {fieldPath: metadata.name}}}
    - {name: PW, valueFrom: {secretKeyRef: {name: s1, key: password}}}
    - {name: PLAIN, value: v}
    volumeMounts:
    - {name: sec, mountPath: /z/secret, readOnly: true}
    - {name: sec, mountPath: /a/first}
  volumes:
  - name: sec
    secret: {secretName: s1}
EOF"#;

fn run(c: &mut Console, line: &str) -> String {
    c.run(line).combined()
}

/// The lines from the one starting with `from` to the one starting with `to` (both included).
fn section(text: &str, from: &str, to: &str) -> String {
    let mut out = String::new();
    let mut on = false;
    for l in text.lines() {
        on |= l.starts_with(from);
        if on {
            out.push_str(l);
            out.push('\n');
            if l.starts_with(to) {
                break;
            }
        }
    }
    out
}

fn described(json: serde_json::Value) -> String {
    let pod: Pod = serde_json::from_value(json).expect("pod");
    let cluster = Cluster::new(Settings::default()).expect("cluster");
    kubeplay_kubectl::describe::pod(&pod, &cluster)
}

/// describePod, describeContainerCommand, describeContainerEnvVars (fieldRef resolved through
/// EnvValueRetriever), describeContainerVolumes (SortableVolumeMounts), printAnnotationsMultiline (`k: v`).
#[test]
fn running_pod_prints_command_args_sorted_mounts_and_annotations_as_key_colon_value() {
    let mut c = Console::default();
    run(&mut c, SECRET_AND_POD);
    assert_eq!(run(&mut c, "kubectl wait --for=condition=Ready pod/p1"), "pod/p1 condition met\n");
    let out = run(&mut c, "kubectl describe pod p1");
    assert_eq!(
        section(&out, "Name:", "Containers:"),
        "Name:             p1
Namespace:        default
Priority:         0
Service Account:  default
Node:             node-1/172.18.0.2
Start Time:       Thu, 01 Jan 2026 00:00:00 +0000
Labels:           <none>
Annotations:      a-note: x
                  b-note: hello
Status:           Running
IP:               10.244.0.2
IPs:
  IP:  10.244.0.2
Containers:
"
    );
    let app = section(&out, "  app:", "      /z/secret");
    let want = "  app:
    Container ID:  containerd://d2f82125d1346de879be6bc5b6ace76079f6962ac51893ed2093bfe1de846066
    Image:         busybox
    Image ID:      docker.io/library/busybox@sha256:8c32e4d8fb842c1e640b9badd57d6662c09951b90c4cee25a1fda378e4b27842
    Port:          <none>
    Host Port:     <none>
    Command:
      sh
      -c
    Args:
      echo hi; sleep 3600
    State:          Running
      Started:      Thu, 01 Jan 2026 00:00:01 +0000
    Ready:          True
    Restart Count:  0
    Environment:
      POD:    p1 (v1:metadata.name)
      PW:     <set to the key 'password' in secret 's1'>  Optional: false
      PLAIN:  v
    Mounts:
      /a/first from sec (rw)
      /var/run/secrets/kubernetes.io/serviceaccount from kube-api-access-f8597 (ro)
      /z/secret from sec (ro)
";
    assert_eq!(app, want);
}

/// describeContainers: a container without a status prints no Container ID, Image ID, State,
/// Ready or Restart Count (describeContainerState runs only when the status exists).
#[test]
fn unscheduled_pod_has_no_container_state_lines() {
    let mut c = Console::default();
    run(&mut c, SECRET_AND_POD);
    let out = run(&mut c, "kubectl describe pod p1");
    assert!(out.contains("Node:             <none>\n"), "{out}");
    assert!(out.contains("Status:           Pending\nIP:               \nIPs:              <none>\n"), "{out}");
    assert_eq!(
        section(&out, "  app:", "    Args:"),
        "  app:\n    Image:      busybox\n    Port:       <none>\n    Host Port:  <none>\n    Command:\n      sh\n      -c\n    Args:\n"
    );
    assert!(!out.contains("State:") && !out.contains("Container ID") && !out.contains("Restart Count"), "{out}");
}

/// describeStatus: a Waiting container shows only its Reason (the kubelet's message is in the events);
/// describeContainerBasicInfo prints `Container ID:` empty for a container that has a status but no ID;
/// EnvValueRetriever resolves only metadata.name/namespace, so spec.nodeName reads ` (v1:spec.nodeName)`.
#[test]
fn waiting_container_shows_reason_only_and_an_empty_container_id() {
    let mut c = Console::default();
    let pod = "cat <<EOF | kubectl apply -f -\napiVersion: v1\nkind: Pod\nmetadata:\n  name: miss\nspec:\n  containers:\n  - name: app\n    image: busybox\n    env:\n    - {name: NODE, valueFrom: {fieldRef: {fieldPath: spec.nodeName}}}\n    - {name: PW, valueFrom: {secretKeyRef: {name: nope, key: password, optional: false}}}\nEOF";
    assert_eq!(run(&mut c, pod), "pod/miss created\n");
    run(&mut c, "kubectl wait --for=condition=Ready pod/miss --timeout=10s");
    let out = run(&mut c, "kubectl describe pod miss");
    assert_eq!(
        section(&out, "  app:", "    Mounts:"),
        "  app:
    Container ID:   
    Image:          busybox
    Image ID:       
    Port:           <none>
    Host Port:      <none>
    State:          Waiting
      Reason:       CreateContainerConfigError
    Ready:          False
    Restart Count:  0
    Environment:
      NODE:   (v1:spec.nodeName)
      PW:    <set to the key 'password' in secret 'nope'>  Optional: false
    Mounts:
"
    );
    assert!(out.contains("  Warning  Failed     8s    kubelet            Error: secret \"nope\" not found\n"), "{out}");
}

/// A pod in states the console rarely reaches, built directly: a terminating pod (describePod),
/// Terminated and Last State (describeStatus), envFrom (describeContainerEnvFrom), ports
/// (describeContainerBasicInfo), long and multi-line annotations (printAnnotationsMultiline),
/// unsorted tolerations (printTolerationsMultilineWithIndent), a DownwardAPI volume
/// (printDownwardAPIVolumeSource), an owner (printController) and resources (describeResources).
#[test]
fn terminating_pod_with_terminated_container_prints_as_describe_go() {
    let long = "v".repeat(150);
    let out = described(serde_json::json!({
        "apiVersion": "v1", "kind": "Pod",
        "metadata": {
            "name": "t1", "namespace": "default",
            "deletionTimestamp": "2026-01-01T00:00:30Z", "deletionGracePeriodSeconds": 30,
            "annotations": {"z-long": long, "m-multi": "line1\nline2\n", "kubectl.kubernetes.io/last-applied-configuration": "{}"},
            "ownerReferences": [{"apiVersion": "apps/v1", "kind": "ReplicaSet", "name": "rs-1", "uid": "u", "controller": true}]
        },
        "spec": {
            "priority": 0,
            "serviceAccountName": "default",
            "containers": [{
                "name": "app", "image": "busybox",
                "ports": [{"containerPort": 80, "protocol": "TCP"}, {"containerPort": 443, "name": "https", "protocol": "TCP"}],
                "resources": {"limits": {"memory": "64Mi"}, "requests": {"cpu": "250m", "memory": "64Mi"}},
                "envFrom": [{"secretRef": {"name": "s1"}, "prefix": "S_"}, {"configMapRef": {"name": "c1", "optional": true}}],
                "env": [{"name": "MULTI", "value": "a\nb"}, {"name": "NS", "valueFrom": {"fieldRef": {"apiVersion": "v1", "fieldPath": "metadata.namespace"}}}]
            }],
            "volumes": [{"name": "info", "downwardAPI": {"items": [{"path": "labels", "fieldRef": {"fieldPath": "metadata.labels"}}]}}],
            "tolerations": [
                {"key": "z", "operator": "Exists", "effect": "NoSchedule"},
                {"key": "a", "operator": "Equal", "value": "1", "effect": "NoExecute", "tolerationSeconds": 5},
                {"operator": "Exists"}
            ]
        },
        "status": {
            "phase": "Running",
            "containerStatuses": [{
                "name": "app", "image": "busybox", "imageID": "", "ready": false, "restartCount": 1,
                "state": {"terminated": {"exitCode": 137, "signal": 9, "reason": "Error", "message": "killed",
                    "startedAt": "2026-01-01T00:00:01Z", "finishedAt": "2026-01-01T00:00:05Z"}},
                "lastState": {"terminated": {"exitCode": 1, "reason": "Error", "finishedAt": "2026-01-01T00:00:00Z"}}
            }]
        }
    }));
    let want = format!(
        "Name:                      t1
Namespace:                 default
Priority:                  0
Service Account:           default
Node:                      <none>
Labels:                    <none>
Annotations:               m-multi:
                             line1
                             line2
                           z-long:
                             {}...
Status:                    Terminating (lasts <invalid>)
Termination Grace Period:  30s
IP:                        
IPs:                       <none>
Controlled By:             ReplicaSet/rs-1
Containers:
  app:
    Container ID:   
    Image:          busybox
    Image ID:       
    Ports:          80/TCP, 443/TCP (https)
    Host Ports:     0/TCP, 0/TCP (https)
    State:          Terminated
      Reason:       Error
      Message:      killed
      Exit Code:    137
      Signal:       9
      Started:      Thu, 01 Jan 2026 00:00:01 +0000
      Finished:     Thu, 01 Jan 2026 00:00:05 +0000
    Last State:     Terminated
      Reason:       Error
      Exit Code:    1
      Started:      Mon, 01 Jan 0001 00:00:00 +0000
      Finished:     Thu, 01 Jan 2026 00:00:00 +0000
    Ready:          False
    Restart Count:  1
    Limits:
      memory:  64Mi
    Requests:
      cpu:     250m
      memory:  64Mi
    Environment Variables from:
      s1  Secret with prefix 'S_'  Optional: false
      c1  ConfigMap                Optional: true
    Environment:
      MULTI:  a
              b
      NS:     default (v1:metadata.namespace)
    Mounts:   <none>
Volumes:
  info:
    Type:  DownwardAPI (a volume populated by information about the pod)
    Items:
      metadata.labels -> labels
QoS Class:       BestEffort
Node-Selectors:  <none>
Tolerations:     op=Exists
                 a=1:NoExecute for 5s
                 z:NoSchedule op=Exists
Events:          <none>
",
        "v".repeat(138)
    );
    if out != want {
        for (i, (g, w)) in out.lines().zip(want.lines()).enumerate() {
            assert_eq!(g, w, "line {}:\n{out}", i + 1);
        }
        panic!("lengths differ:\n{out}");
    }
}

/// describePod's pod-level Resources (describeResources at LEVEL_1) and Readiness Gates, and
/// describeVolumes for hostPath (printHostPathVolumeSource), persistentVolumeClaim
/// (printPersistentVolumeClaimVolumeSource) and emptyDir (printEmptyDirVolumeSource). The condition
/// cells keep describe.go's trailing space (`"%v \t%v \n"`), and the last volume's lines share a
/// tabwriter block with `QoS Class:` … `Events:`, hence their wider padding.
#[test]
fn pod_resources_readiness_gates_and_other_volume_types() {
    let out = described(serde_json::json!({
        "apiVersion": "v1", "kind": "Pod",
        "metadata": {"name": "v1", "namespace": "default"},
        "spec": {
            "resources": {"limits": {"cpu": "1"}},
            "readinessGates": [{"conditionType": "example.com/ready"}],
            "containers": [{"name": "app", "image": "busybox"}],
            "volumes": [
                {"name": "h", "hostPath": {"path": "/data"}},
                {"name": "c", "persistentVolumeClaim": {"claimName": "claim"}},
                {"name": "e", "emptyDir": {"medium": "Memory"}}
            ]
        },
        "status": {"phase": "Pending"}
    }));
    assert_eq!(
        section(&out, "Resources:", "    SizeLimit"),
        "Resources:
  Limits:
    cpu:  1
Containers:
  app:
    Image:        busybox
    Port:         <none>
    Host Port:    <none>
    Environment:  <none>
    Mounts:       <none>
Readiness Gates:
  Type                Status
  example.com/ready   <none> 
Volumes:
  h:
    Type:          HostPath (bare host directory volume)
    Path:          /data
    HostPathType:  <none>
  c:
    Type:       PersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)
    ClaimName:  claim
    ReadOnly:   false
  e:
    Type:        EmptyDir (a temporary directory that shares a pod's lifetime)
    Medium:      Memory
    SizeLimit:   <unset>
"
    );
}
