//! The node view's node authorizer graph (`plugin/pkg/auth/authorizer/node/graph.go` `AddPod`,
//! `pkg/api/v1/pod/util.go` `VisitPodSecretNames`): which Secrets node-1's kubelet may read and
//! why — each edge secret → pod → node with the place in the pod spec — the service accounts of
//! its pods, and the refusals, all agreeing with what kubectl prints as that kubelet.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use kubeplay_scenario::node_graph_view::{node_graph_view, EdgeKind, NodeGraphView};
use kubeplay_scenario::{Playground, Settings};

const PODS: &str = "cat <<EOF | kubectl apply -f -
apiVersion: v1
kind: ServiceAccount
metadata:
  name: app
---
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  nodeSelector:
    kubernetes.io/hostname: node-1
  serviceAccountName: app
  imagePullSecrets:
  - name: regcred
  containers:
  - name: web
    image: nginx
    env:
    - name: API_KEY
      valueFrom:
        secretKeyRef:
          name: api-key
          key: key
          optional: true
    envFrom:
    - secretRef:
        name: cfg
        optional: true
    volumeMounts:
    - name: db
      mountPath: /etc/db
    - name: bundle
      mountPath: /etc/bundle
  volumes:
  - name: db
    secret:
      secretName: db-pass
  - name: bundle
    projected:
      sources:
      - secret:
          name: tls
          optional: true
---
apiVersion: v1
kind: Pod
metadata:
  name: other
  namespace: default
spec:
  nodeSelector:
    kubernetes.io/hostname: node-2
  containers:
  - name: c
    image: redis
    volumeMounts:
    - name: s
      mountPath: /etc/s
  volumes:
  - name: s
    secret:
      secretName: node2-only
EOF";

fn playground() -> Playground {
    let mut pg = Playground::new(Settings { nodes: 2, ..Settings::default() }).unwrap();
    pg.command("kubectl create secret generic db-pass --from-literal=password=s3cr3t");
    pg.command("kubectl create secret generic api-key --from-literal=key=k");
    pg.command("kubectl create secret generic node2-only --from-literal=x=y");
    pg.command("kubectl create secret generic unused --from-literal=x=y");
    pg.command(PODS);
    pg.run_until_idle();
    pg
}

fn edges(v: &NodeGraphView, secret: &str) -> Vec<(String, EdgeKind, String)> {
    let o = v.readable.iter().find(|o| o.name == secret).unwrap_or_else(|| panic!("{secret} not readable: {v:#?}"));
    o.edges.iter().map(|e| (e.pod.clone(), e.kind, e.via.clone())).collect()
}

#[test]
fn node_1_may_read_the_secrets_of_its_pod_and_says_why() {
    let pg = playground();
    let v = node_graph_view(pg.cluster(), "node-1").expect("node-1");
    assert_eq!(v.user, "system:node:node-1");
    assert_eq!(v.pods, 1);
    let names: Vec<&str> = v.readable.iter().map(|o| o.name.as_str()).collect();
    assert_eq!(names, ["api-key", "cfg", "db-pass", "regcred", "tls"]);
    assert_eq!(edges(&v, "db-pass"), [("web".to_owned(), EdgeKind::Volume, "volume db".to_owned())]);
    assert_eq!(edges(&v, "tls"), [("web".to_owned(), EdgeKind::Projected, "volume bundle".to_owned())]);
    assert_eq!(edges(&v, "api-key"), [("web".to_owned(), EdgeKind::Env, "container web env API_KEY".to_owned())]);
    assert_eq!(edges(&v, "cfg"), [("web".to_owned(), EdgeKind::EnvFrom, "container web".to_owned())]);
    assert_eq!(edges(&v, "regcred"), [("web".to_owned(), EdgeKind::ImagePullSecret, "imagePullSecrets".to_owned())]);
    // Named by the pod but not created: the GET is allowed and answers NotFound.
    let exists: Vec<(&str, bool)> = v.readable.iter().map(|o| (o.name.as_str(), o.exists)).collect();
    assert_eq!(exists, [("api-key", true), ("cfg", false), ("db-pass", true), ("regcred", false), ("tls", false)]);
    let sa: Vec<(&str, &str, bool)> =
        v.service_accounts.iter().map(|o| (o.name.as_str(), o.edges[0].pod.as_str(), o.exists)).collect();
    assert_eq!(sa, [("app", "web", true)]);
    assert_eq!(v.service_accounts[0].edges[0].kind, EdgeKind::ServiceAccount);
    let refused: Vec<(&str, &str)> = v.refused.iter().map(|r| (r.name.as_str(), r.reason.as_str())).collect();
    assert_eq!(
        refused,
        [
            ("node2-only", "no relationship found between node 'node-1' and this object"),
            ("unused", "no relationship found between node 'node-1' and this object")
        ]
    );
    assert_eq!(v.refused_total, 2);
    assert_eq!(v.list_reason, "No Object name found");
}

#[test]
fn the_view_agrees_with_the_api_server_and_follows_the_pods() {
    let mut pg = playground();
    for node in ["node-1", "node-2"] {
        let v = node_graph_view(pg.cluster(), node).unwrap();
        let as_node = format!("--as=system:node:{node} --as-group=system:nodes");
        for o in v.readable.iter().filter(|o| o.exists) {
            let out = pg.command(&format!("kubectl get secret {} {as_node}", o.name)).combined();
            assert!(out.starts_with("NAME"), "{node} {}: {out}", o.name);
        }
        for r in &v.refused {
            let out = pg.command(&format!("kubectl get secret {} {as_node}", r.name)).combined();
            assert!(out.ends_with(&format!(": {}\n", r.reason)), "{node} {}: {out}", r.name);
        }
    }
    let v2 = node_graph_view(pg.cluster(), "node-2").unwrap();
    assert_eq!(v2.readable.iter().map(|o| o.name.as_str()).collect::<Vec<_>>(), ["node2-only"]);
    assert!(v2.service_accounts.iter().any(|o| o.name == "default" && o.edges[0].pod == "other"));
    // Deleting the pod removes its edges: node-1 reaches nothing.
    pg.command("kubectl delete pod web");
    pg.run_until_idle();
    let v = node_graph_view(pg.cluster(), "node-1").unwrap();
    assert!(v.readable.is_empty() && v.service_accounts.is_empty(), "{v:#?}");
    assert_eq!(v.refused_total, 4);
    assert!(node_graph_view(pg.cluster(), "node-9").is_none());
}
