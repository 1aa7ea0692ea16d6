//! `kubectl describe pod`: describe.go describePod and the helpers it calls
//! (describeContainers, describeContainerState, describeContainerEnvVars, describeContainerVolumes,
//! describeVolumes, printPodTolerationsMultiline), section by section in upstream's order.

use kubeplay_api::k8s_openapi::api::core::v1::{
    Container, ContainerState, ContainerStatus, Pod, ResourceRequirements, Toleration, Volume,
};
use kubeplay_cluster::Cluster;

use super::events::events_block;
use super::meta::{print_annotations, print_labels, rfc1123z};
use crate::printers::age;
use crate::tabwriter;

/// `kubectl describe pod` (describe.go describePod).
pub fn pod(p: &Pod, cluster: &Cluster) -> String {
    let now = cluster.now_ms();
    let spec = p.spec.clone().unwrap_or_default();
    let status = p.status.clone().unwrap_or_default();
    let ns = p.metadata.namespace.as_deref().unwrap_or("");
    let name = p.metadata.name.as_deref().unwrap_or("");
    let mut o = String::new();
    o.push_str(&format!("Name:\t{name}\n"));
    o.push_str(&format!("Namespace:\t{ns}\n"));
    // describePod prints Priority only when set (the Priority admission plugin sets it; so do kubeplay's defaults).
    if let Some(pr) = spec.priority {
        o.push_str(&format!("Priority:\t{pr}\n"));
    }
    if let Some(c) = spec.priority_class_name.as_deref().filter(|s| !s.is_empty()) {
        o.push_str(&format!("Priority Class Name:\t{c}\n"));
    }
    if let Some(c) = spec.runtime_class_name.as_deref().filter(|s| !s.is_empty()) {
        o.push_str(&format!("Runtime Class Name:\t{c}\n"));
    }
    if let Some(sa) = spec.service_account_name.as_deref().filter(|s| !s.is_empty()) {
        o.push_str(&format!("Service Account:\t{sa}\n"));
    }
    match spec.node_name.as_deref().filter(|n| !n.is_empty()) {
        Some(n) => o.push_str(&format!("Node:\t{n}/{}\n", status.host_ip.as_deref().unwrap_or(""))),
        None => o.push_str("Node:\t<none>\n"),
    }
    if status.start_time.is_some() {
        o.push_str(&format!("Start Time:\t{}\n", rfc1123z(status.start_time.as_ref())));
    }
    print_labels("Labels", p.metadata.labels.as_ref(), &mut o);
    print_annotations("Annotations", p.metadata.annotations.as_ref(), &mut o);
    let phase = status.phase.as_deref().unwrap_or("");
    match &p.metadata.deletion_timestamp {
        // describePod: `Terminating (lasts translateTimestampSince(deletionTimestamp))`; the API server sets
        // deletionTimestamp to now + grace period, so during the grace period this reads `<invalid>`, as in kubectl.
        Some(ts) if phase != "Failed" && phase != "Succeeded" => {
            o.push_str(&format!("Status:\tTerminating (lasts {})\n", age(Some(ts), now)));
            if let Some(g) = p.metadata.deletion_grace_period_seconds {
                o.push_str(&format!("Termination Grace Period:\t{g}s\n"));
            }
        }
        _ => o.push_str(&format!("Status:\t{phase}\n")),
    }
    if let Some(r) = status.reason.as_deref().filter(|s| !s.is_empty()) {
        o.push_str(&format!("Reason:\t{r}\n"));
    }
    if let Some(m) = status.message.as_deref().filter(|s| !s.is_empty()) {
        o.push_str(&format!("Message:\t{m}\n"));
    }
    if let Some(sp) = spec.security_context.as_ref().and_then(|s| s.seccomp_profile.as_ref()) {
        o.push_str(&format!("SeccompProfile:\t{}\n", sp.type_));
        if sp.type_ == "Localhost" {
            o.push_str(&format!("LocalhostProfile:\t{}\n", sp.localhost_profile.as_deref().unwrap_or("")));
        }
    }
    o.push_str(&format!("IP:\t{}\n", status.pod_ip.as_deref().unwrap_or("")));
    // describePodIPs
    match status.pod_ips.as_ref().filter(|v| !v.is_empty()) {
        Some(ips) => {
            o.push_str("IPs:\n");
            for ip in ips {
                o.push_str(&format!("  IP:\t{}\n", ip.ip));
            }
        }
        None => o.push_str("IPs:\t<none>\n"),
    }
    // printController
    if let Some(r) = p.metadata.owner_references.iter().flatten().find(|r| r.controller == Some(true)) {
        o.push_str(&format!("Controlled By:\t{}/{}\n", r.kind, r.name));
    }
    if let Some(n) = status.nominated_node_name.as_deref().filter(|s| !s.is_empty()) {
        o.push_str(&format!("NominatedNodeName:\t{n}\n"));
    }
    if let Some(r) = &spec.resources {
        o.push_str("Resources:\n");
        resources(r, "  ", &mut o);
    }
    let init = spec.init_containers.as_deref().unwrap_or_default();
    if !init.is_empty() {
        containers("Init Containers", init, status.init_container_statuses.as_deref().unwrap_or_default(), p, &mut o);
    }
    containers("Containers", &spec.containers, status.container_statuses.as_deref().unwrap_or_default(), p, &mut o);
    let gates = spec.readiness_gates.as_deref().unwrap_or_default();
    if !gates.is_empty() {
        o.push_str("Readiness Gates:\n  Type\tStatus\n");
        for g in gates {
            let st = status.conditions.iter().flatten().find(|c| c.type_ == g.condition_type);
            o.push_str(&format!("  {} \t{} \n", g.condition_type, st.map_or("<none>", |c| c.status.as_str())));
        }
    }
    if let Some(conds) = status.conditions.as_ref().filter(|c| !c.is_empty()) {
        o.push_str("Conditions:\n  Type\tStatus\n");
        for c in conds {
            // describe.go: w.Write(LEVEL_1, "%v \t%v \n", c.Type, c.Status)
            o.push_str(&format!("  {} \t{} \n", c.type_, c.status));
        }
    }
    volumes(spec.volumes.as_deref().unwrap_or_default(), &mut o);
    // qos.GetPodQOS: kubeplay's pods carry the class the API server computed.
    o.push_str(&format!("QoS Class:\t{}\n", status.qos_class.as_deref().unwrap_or("BestEffort")));
    print_labels("Node-Selectors", spec.node_selector.as_ref(), &mut o);
    tolerations(spec.tolerations.as_deref().unwrap_or_default(), &mut o);
    o.push_str(&events_block(
        cluster.events().iter().filter(|e| e.object.kind == "Pod" && e.object.namespace == ns && e.object.name == name),
        now,
    ));
    tabwriter::format(&o, 0, 2)
}

/// describeContainers: one block per container, its status looked up by name.
pub(crate) fn containers(label: &str, list: &[Container], statuses: &[ContainerStatus], p: &Pod, o: &mut String) {
    // describeContainersLabel
    o.push_str(&format!("{label}:{}\n", if list.is_empty() { " <none>" } else { "" }));
    for c in list {
        let cs = statuses.iter().find(|s| s.name == c.name);
        // describeContainerBasicInfo: Container ID and Image ID only when the container has a status.
        o.push_str(&format!("  {}:\n", c.name));
        if let Some(s) = cs {
            o.push_str(&format!("    Container ID:\t{}\n", s.container_id.as_deref().unwrap_or("")));
        }
        o.push_str(&format!("    Image:\t{}\n", c.image.as_deref().unwrap_or("")));
        if let Some(s) = cs {
            o.push_str(&format!("    Image ID:\t{}\n", s.image_id));
        }
        ports(c, o);
        if let Some(sp) = c.security_context.as_ref().and_then(|s| s.seccomp_profile.as_ref()) {
            o.push_str(&format!("    SeccompProfile:\t{}\n", sp.type_));
            if sp.type_ == "Localhost" {
                o.push_str(&format!("      LocalhostProfile:\t{}\n", sp.localhost_profile.as_deref().unwrap_or("")));
            }
        }
        // describeContainerCommand: each element on its own line, split at newlines.
        for (title, items) in [("Command", &c.command), ("Args", &c.args)] {
            let items = items.as_deref().unwrap_or_default();
            if !items.is_empty() {
                o.push_str(&format!("    {title}:\n"));
                for s in items.iter().flat_map(|i| i.split('\n')) {
                    o.push_str(&format!("      {s}\n"));
                }
            }
        }
        // describeContainerState
        if let Some(s) = cs {
            state("State", s.state.as_ref(), o);
            if let Some(last) = s.last_state.as_ref().filter(|l| l.terminated.is_some()) {
                state("Last State", Some(last), o);
            }
            o.push_str(&format!("    Ready:\t{}\n", if s.ready { "True" } else { "False" }));
            o.push_str(&format!("    Restart Count:\t{}\n", s.restart_count));
        }
        if let Some(r) = &c.resources {
            resources(r, "    ", o);
        }
        env_from(c, o);
        env(c, p, o);
        mounts(c, o);
    }
}

/// describeContainerBasicInfo's ports: `Port:`/`Host Port:`, or the plural with a comma-joined list.
fn ports(c: &Container, o: &mut String) {
    let list = c.ports.as_deref().unwrap_or_default();
    let fmt = |port: i32, name: Option<&str>, proto: Option<&str>| {
        let s = format!("{port}/{}", proto.unwrap_or(""));
        match name.filter(|n| !n.is_empty()) {
            Some(n) => format!("{s} ({n})"),
            None => s,
        }
    };
    let cports: Vec<String> = list.iter().map(|p| fmt(p.container_port, p.name.as_deref(), p.protocol.as_deref())).collect();
    let hports: Vec<String> =
        list.iter().map(|p| fmt(p.host_port.unwrap_or(0), p.name.as_deref(), p.protocol.as_deref())).collect();
    for ((one, many), v) in [(("Port", "Ports"), cports), (("Host Port", "Host Ports"), hports)] {
        let s = v.join(", ");
        if s.contains(',') {
            o.push_str(&format!("    {many}:\t{s}\n"));
        } else {
            o.push_str(&format!("    {one}:\t{}\n", if s.is_empty() { "<none>" } else { &s }));
        }
    }
}

/// describeStatus: Running / Waiting (Reason only) / Terminated (Reason, Message, Exit Code, Signal, Started, Finished).
fn state(title: &str, st: Option<&ContainerState>, o: &mut String) {
    let st = st.cloned().unwrap_or_default();
    if let Some(r) = &st.running {
        o.push_str(&format!("    {title}:\tRunning\n"));
        o.push_str(&format!("      Started:\t{}\n", go_time(r.started_at.as_ref())));
    } else if let Some(w) = &st.waiting {
        o.push_str(&format!("    {title}:\tWaiting\n"));
        if let Some(r) = w.reason.as_deref().filter(|r| !r.is_empty()) {
            o.push_str(&format!("      Reason:\t{r}\n"));
        }
    } else if let Some(t) = &st.terminated {
        o.push_str(&format!("    {title}:\tTerminated\n"));
        if let Some(r) = t.reason.as_deref().filter(|r| !r.is_empty()) {
            o.push_str(&format!("      Reason:\t{r}\n"));
        }
        if let Some(m) = t.message.as_deref().filter(|m| !m.is_empty()) {
            o.push_str(&format!("      Message:\t{m}\n"));
        }
        o.push_str(&format!("      Exit Code:\t{}\n", t.exit_code));
        if let Some(sig) = t.signal.filter(|s| *s > 0) {
            o.push_str(&format!("      Signal:\t{sig}\n"));
        }
        o.push_str(&format!("      Started:\t{}\n", go_time(t.started_at.as_ref())));
        o.push_str(&format!("      Finished:\t{}\n", go_time(t.finished_at.as_ref())));
    } else {
        o.push_str(&format!("    {title}:\tWaiting\n"));
    }
}

/// `Time.Format(time.RFC1123Z)` of a possibly unset time: Go formats the zero time, it does not say `<unset>`.
fn go_time(t: Option<&kubeplay_api::k8s_openapi::apimachinery::pkg::apis::meta::v1::Time>) -> String {
    match t {
        Some(_) => rfc1123z(t),
        None => "Mon, 01 Jan 0001 00:00:00 +0000".to_owned(),
    }
}

/// describeResources: Limits then Requests, names sorted (quantities as written in the spec).
fn resources(r: &ResourceRequirements, indent: &str, o: &mut String) {
    for (title, m) in [("Limits", &r.limits), ("Requests", &r.requests)] {
        let Some(m) = m.as_ref().filter(|m| !m.is_empty()) else { continue };
        o.push_str(&format!("{indent}{title}:\n"));
        for (k, q) in m {
            o.push_str(&format!("{indent}  {k}:\t{}\n", q.0));
        }
    }
}

/// describeContainerEnvFrom (printed only when the container has envFrom): ConfigMap before Secret.
fn env_from(c: &Container, o: &mut String) {
    let list = c.env_from.as_deref().unwrap_or_default();
    if list.is_empty() {
        return;
    }
    o.push_str("    Environment Variables from:\n");
    for e in list {
        let (name, from, optional) = if let Some(m) = &e.config_map_ref {
            (m.name.as_str(), "ConfigMap", m.optional.unwrap_or(false))
        } else if let Some(s) = &e.secret_ref {
            (s.name.as_str(), "Secret", s.optional.unwrap_or(false))
        } else {
            ("", "", false)
        };
        match e.prefix.as_deref().filter(|p| !p.is_empty()) {
            Some(pfx) => o.push_str(&format!("      {name}\t{from} with prefix '{pfx}'\tOptional: {optional}\n")),
            None => o.push_str(&format!("      {name}\t{from}\tOptional: {optional}\n")),
        }
    }
}

/// describeContainerEnvVars: literal values split at newlines; fieldRef as `value (v1:path)`; key refs as texts.
fn env(c: &Container, p: &Pod, o: &mut String) {
    let list = c.env.as_deref().unwrap_or_default();
    o.push_str(&format!("    Environment:{}\n", if list.is_empty() { "\t<none>" } else { "" }));
    for e in list {
        let Some(from) = &e.value_from else {
            for (i, s) in e.value.as_deref().unwrap_or("").split('\n').enumerate() {
                if i == 0 {
                    o.push_str(&format!("      {}:\t{s}\n", e.name));
                } else {
                    o.push_str(&format!("      \t{s}\n"));
                }
            }
            continue;
        };
        if let Some(f) = &from.field_ref {
            let v = field_value(p, &f.field_path);
            let api = f.api_version.as_deref().unwrap_or("v1");
            o.push_str(&format!("      {}:\t{v} ({api}:{})\n", e.name, f.field_path));
        } else if let Some(r) = &from.resource_field_ref {
            o.push_str(&format!("      {}:\t{} ({})\n", e.name, resource_value(c, &r.resource), r.resource));
        } else if let Some(r) = &from.secret_key_ref {
            let optional = r.optional.unwrap_or(false);
            o.push_str(&format!(
                "      {}:\t<set to the key '{}' in secret '{}'>\tOptional: {optional}\n",
                e.name, r.key, r.name
            ));
        } else if let Some(r) = &from.config_map_key_ref {
            let optional = r.optional.unwrap_or(false);
            o.push_str(&format!(
                "      {}:\t<set to the key '{}' of config map '{}'>\tOptional: {optional}\n",
                e.name, r.key, r.name
            ));
        }
    }
}

/// EnvValueRetriever: kubectl's scheme converts only the field labels every object has
/// (runtime.DefaultMetaV1FieldSelectorConversion: metadata.name, metadata.namespace); any other
/// path fails that conversion and describe prints an empty value, e.g. ` (v1:spec.nodeName)`.
fn field_value(p: &Pod, path: &str) -> String {
    match path {
        "metadata.name" => p.metadata.name.clone().unwrap_or_default(),
        "metadata.namespace" => p.metadata.namespace.clone().unwrap_or_default(),
        _ => String::new(),
    }
}

/// ExtractContainerResourceValue, simplified to the spec's quantities; an unset CPU or memory limit
/// reads `node allocatable` as describeContainerEnvVars prints it.
fn resource_value(c: &Container, resource: &str) -> String {
    let r = c.resources.as_ref();
    let q = match resource.split_once('.') {
        Some(("limits", n)) => r.and_then(|r| r.limits.as_ref()).and_then(|m| m.get(n)),
        Some(("requests", n)) => r.and_then(|r| r.requests.as_ref()).and_then(|m| m.get(n)),
        _ => None,
    };
    match q {
        Some(q) => q.0.clone(),
        None if resource == "limits.cpu" || resource == "limits.memory" => "node allocatable".to_owned(),
        None => "0".to_owned(),
    }
}

/// describeContainerVolumes: mounts sorted by mount path (SortableVolumeMounts), `(ro|rw[,path="sub"])`.
fn mounts(c: &Container, o: &mut String) {
    let mut list: Vec<_> = c.volume_mounts.iter().flatten().collect();
    o.push_str(&format!("    Mounts:{}\n", if list.is_empty() { "\t<none>" } else { "" }));
    list.sort_by(|a, b| a.mount_path.cmp(&b.mount_path));
    for m in list {
        let mut flags = vec![if m.read_only == Some(true) { "ro".to_owned() } else { "rw".to_owned() }];
        if let Some(s) = m.sub_path.as_deref().filter(|s| !s.is_empty()) {
            flags.push(format!("path={s:?}"));
        }
        o.push_str(&format!("      {} from {} ({})\n", m.mount_path, m.name, flags.join(",")));
    }
}

/// describeVolumes for the volume types kubeplay models.
pub(crate) fn volumes(list: &[Volume], o: &mut String) {
    if list.is_empty() {
        o.push_str("Volumes:\t<none>\n");
        return;
    }
    o.push_str("Volumes:\n");
    for v in list {
        o.push_str(&format!("  {}:\n", v.name));
        if let Some(h) = &v.host_path {
            // printHostPathVolumeSource
            o.push_str("    Type:\tHostPath (bare host directory volume)\n");
            o.push_str(&format!("    Path:\t{}\n    HostPathType:\t{}\n", h.path, h.type_.as_deref().unwrap_or("<none>")));
        } else if let Some(e) = &v.empty_dir {
            // printEmptyDirVolumeSource
            let size = e.size_limit.as_ref().filter(|q| !q.0.is_empty() && q.0 != "0").map_or("<unset>", |q| q.0.as_str());
            o.push_str("    Type:\tEmptyDir (a temporary directory that shares a pod's lifetime)\n");
            o.push_str(&format!("    Medium:\t{}\n    SizeLimit:\t{size}\n", e.medium.as_deref().unwrap_or("")));
        } else if let Some(s) = &v.secret {
            // printSecretVolumeSource
            o.push_str("    Type:\tSecret (a volume populated by a Secret)\n");
            o.push_str(&format!("    SecretName:\t{}\n", s.secret_name.as_deref().unwrap_or("")));
            o.push_str(&format!("    Optional:\t{}\n", s.optional.unwrap_or(false)));
        } else if let Some(c) = &v.config_map {
            // printConfigMapVolumeSource
            o.push_str("    Type:\tConfigMap (a volume populated by a ConfigMap)\n");
            o.push_str(&format!("    Name:\t{}\n", c.name));
            o.push_str(&format!("    Optional:\t{}\n", c.optional.unwrap_or(false)));
        } else if let Some(c) = &v.persistent_volume_claim {
            // printPersistentVolumeClaimVolumeSource
            o.push_str("    Type:\tPersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)\n");
            o.push_str(&format!("    ClaimName:\t{}\n    ReadOnly:\t{}\n", c.claim_name, c.read_only.unwrap_or(false)));
        } else if let Some(d) = &v.downward_api {
            // printDownwardAPIVolumeSource
            o.push_str("    Type:\tDownwardAPI (a volume populated by information about the pod)\n    Items:\n");
            for it in d.items.iter().flatten() {
                if let Some(f) = &it.field_ref {
                    o.push_str(&format!("      {} -> {}\n", f.field_path, it.path));
                }
                if let Some(r) = &it.resource_field_ref {
                    o.push_str(&format!("      {} -> {}\n", r.resource, it.path));
                }
            }
        } else if let Some(pr) = &v.projected {
            // printProjectedVolumeSource: one line group per source, Secret > DownwardAPI > ConfigMap > token.
            o.push_str("    Type:\tProjected (a volume that contains injected data from multiple sources)\n");
            for src in pr.sources.iter().flatten() {
                if let Some(s) = &src.secret {
                    o.push_str(&format!("    SecretName:\t{}\n    Optional:\t{}\n", s.name, s.optional.unwrap_or(false)));
                } else if src.downward_api.is_some() {
                    o.push_str("    DownwardAPI:\ttrue\n");
                } else if let Some(c) = &src.config_map {
                    o.push_str(&format!("    ConfigMapName:\t{}\n    Optional:\t{}\n", c.name, c.optional.unwrap_or(false)));
                } else if let Some(t) = &src.service_account_token {
                    o.push_str(&format!("    TokenExpirationSeconds:\t{}\n", t.expiration_seconds.unwrap_or(3600)));
                }
            }
        } else if let Some(i) = &v.image {
            // printImageVolumeSource
            o.push_str("    Type:\tImage (a container image or OCI artifact)\n");
            o.push_str(&format!(
                "    Reference:\t{}\n    PullPolicy:\t{}\n",
                i.reference.as_deref().unwrap_or(""),
                i.pull_policy.as_deref().unwrap_or("")
            ));
        } else {
            // The other sources (cloud disks, NFS, CSI, …) validate but are not simulated; describe.go
            // prints a block per type, kubeplay only the volume's name and this line.
            o.push_str("  <unknown>\n");
        }
    }
}

/// printTolerationsMultilineWithIndent: sorted by key, `key[=value][:effect][ op=Exists][ for Ns]`.
pub(crate) fn tolerations(list: &[Toleration], o: &mut String) {
    if list.is_empty() {
        o.push_str("Tolerations:\t<none>\n");
        return;
    }
    let mut sorted: Vec<&Toleration> = list.iter().collect();
    sorted.sort_by(|a, b| a.key.cmp(&b.key));
    for (i, t) in sorted.into_iter().enumerate() {
        let key = t.key.as_deref().unwrap_or("");
        let value = t.value.as_deref().unwrap_or("");
        let effect = t.effect.as_deref().unwrap_or("");
        let mut line = key.to_owned();
        if !value.is_empty() {
            line.push_str(&format!("={value}"));
        }
        if !effect.is_empty() {
            line.push_str(&format!(":{effect}"));
        }
        if t.operator.as_deref() == Some("Exists") && value.is_empty() {
            line.push_str(if key.is_empty() && effect.is_empty() { "op=Exists" } else { " op=Exists" });
        }
        if let Some(secs) = t.toleration_seconds {
            line.push_str(&format!(" for {secs}s"));
        }
        o.push_str(&format!("{}\t{line}\n", if i == 0 { "Tolerations:" } else { "" }));
    }
}
