use kubeplay_api::decode_manifest;
use kubeplay_cluster::{ApiCall, Cluster, Settings};

#[test]
fn smoke() {
    let mut c = Cluster::new(Settings::default()).unwrap();
    let text = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: mysecret\ntype: Opaque\ndata:\n  username: YWRtaW4=\n  password: MWYyZDFlMmU2N2Rm\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: mypod\nspec:\n  containers:\n  - name: mypod\n    image: redis\n    volumeMounts:\n    - name: foo\n      mountPath: /etc/foo\n      readOnly: true\n  volumes:\n  - name: foo\n    secret:\n      secretName: mysecret\n";
    for d in decode_manifest(text, "x").docs {
        c.call(ApiCall::Apply { object: Box::new(d.result.unwrap()), namespace: "default".into() }).unwrap();
    }
    loop {
        if c.is_idle() { break; }
        let Some(r) = c.step() else { break };
        println!("{} {:>7} {:?}", r.step, r.time_ms, r.summary);
        for e in &c.events()[r.events.clone()] { println!("      {} {} {}", e.type_.as_str(), e.reason, e.message); }
        if r.step > 200 { break; }
    }
    let (node, w) = c.worker("default", "mypod").unwrap();
    for (p, (m, d, _)) in kubeplay_cluster::kubelet::container_files(node, w, &w.containers[0]) {
        println!("{p} {m:o} {}", String::from_utf8_lossy(&d));
    }
    for (p, _) in node.fs.tree("/var/lib/kubelet") { println!("{p}"); }
    println!("{}", serde_json::to_string_pretty(&c.store().pod("default","mypod").unwrap().status).unwrap());
}
