//! The columns of `kubectl get` tables per kind (pkg/printers/internalversion/printers.go
//! column definitions and print functions), shared by `get` and `get -w`.

use kubeplay_api::{Kind, Object};

use super::{age, pod_columns, workload_wide_cells};

/// Which columns a `kubectl get` table has beside a kind's own: `-A`, `-o wide`, `--show-labels`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Columns {
    /// `-A`: a NAMESPACE column first (namespaced kinds).
    pub all_ns: bool,
    /// `-o wide`: the kind's extra columns.
    pub wide: bool,
    /// `--show-labels`: a LABELS column last.
    pub labels: bool,
}

impl Columns {
    /// The header row of `kind`'s table (the column definitions of pkg/printers/internalversion/printers.go).
    pub fn header(self, kind: Kind) -> Vec<String> {
        let mut header: Vec<String> = match kind {
            Kind::Secret => vec!["NAME", "TYPE", "DATA", "AGE"],
            Kind::Pod => vec!["NAME", "READY", "STATUS", "RESTARTS", "AGE"],
            Kind::Namespace => vec!["NAME", "STATUS", "AGE"],
            Kind::ConfigMap => vec!["NAME", "DATA", "AGE"],
            Kind::ServiceAccount => vec!["NAME", "SECRETS", "AGE"],
            // printers.go roleColumnDefinitions / roleBindingsColumnDefinitions (and the cluster ones).
            Kind::Role | Kind::ClusterRole => vec!["NAME", "CREATED AT"],
            Kind::RoleBinding | Kind::ClusterRoleBinding => vec!["NAME", "ROLE", "AGE"],
            // printers.go deploymentColumnDefinitions / replicaSetColumnDefinitions.
            Kind::Deployment => vec!["NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE"],
            Kind::ReplicaSet => vec!["NAME", "DESIRED", "CURRENT", "READY", "AGE"],
            // printers.go jobColumnDefinitions.
            Kind::Job => vec!["NAME", "STATUS", "COMPLETIONS", "DURATION", "AGE"],
        }
        .into_iter()
        .map(str::to_owned)
        .collect();
        if self.wide && kind == Kind::Pod {
            header.extend(["IP", "NODE", "NOMINATED NODE", "READINESS GATES"].map(str::to_owned));
        }
        if self.wide && matches!(kind, Kind::Deployment | Kind::ReplicaSet | Kind::Job) {
            header.extend(["CONTAINERS", "IMAGES", "SELECTOR"].map(str::to_owned));
        }
        if self.all_ns && kind.namespaced() {
            header.insert(0, "NAMESPACE".to_owned());
        }
        if self.labels {
            header.push("LABELS".to_owned());
        }
        header
    }

    /// One object's row at virtual time `now` (ms).
    pub fn row(self, o: &Object, now: u64) -> Vec<String> {
        let kind = o.kind();
        let meta = o.meta();
        let age = age(meta.creation_timestamp.as_ref(), now);
        let mut row: Vec<String> = match o {
            Object::Secret(s) => vec![
                o.name().into(),
                s.type_.clone().unwrap_or_else(|| "Opaque".into()),
                s.data.as_ref().map_or(0, |d| d.len()).to_string(),
                age,
            ],
            Object::Pod(p) => {
                let cols = pod_columns(p, now);
                let mut r = vec![o.name().into(), cols.ready, cols.status, cols.restarts, age];
                if self.wide {
                    let st = p.status.as_ref();
                    r.push(st.and_then(|s| s.pod_ip.clone()).unwrap_or_else(|| "<none>".into()));
                    r.push(p.spec.as_ref().and_then(|s| s.node_name.clone()).unwrap_or_else(|| "<none>".into()));
                    r.push("<none>".into());
                    r.push("<none>".into());
                }
                r
            }
            Object::Namespace(_) => {
                vec![o.name().into(), if meta.deletion_timestamp.is_some() { "Terminating" } else { "Active" }.into(), age]
            }
            Object::ConfigMap(c) => vec![
                o.name().into(),
                (c.data.as_ref().map_or(0, |d| d.len()) + c.binary_data.as_ref().map_or(0, |d| d.len())).to_string(),
                age,
            ],
            Object::ServiceAccount(s) => vec![o.name().into(), s.secrets.as_ref().map_or(0, |d| d.len()).to_string(), age],
            // printRole: the creation time in RFC 3339.
            Object::Role(_) | Object::ClusterRole(_) => vec![
                o.name().into(),
                meta.creation_timestamp.as_ref().map(|t| t.0.strftime("%Y-%m-%dT%H:%M:%SZ").to_string()).unwrap_or_default(),
            ],
            // printRoleBinding: `<kind>/<name>` of the roleRef.
            Object::RoleBinding(b) => vec![o.name().into(), format!("{}/{}", b.role_ref.kind, b.role_ref.name), age],
            Object::ClusterRoleBinding(b) => vec![o.name().into(), format!("{}/{}", b.role_ref.kind, b.role_ref.name), age],
            // printDeployment: READY is ready/desired.
            Object::Deployment(d) => {
                let st = d.status.clone().unwrap_or_default();
                let spec = d.spec.as_ref();
                let mut r = vec![
                    o.name().into(),
                    format!("{}/{}", st.ready_replicas.unwrap_or(0), spec.and_then(|s| s.replicas).unwrap_or(0)),
                    st.updated_replicas.unwrap_or(0).to_string(),
                    st.available_replicas.unwrap_or(0).to_string(),
                    age,
                ];
                if self.wide {
                    r.extend(workload_wide_cells(spec.and_then(|s| s.template.spec.as_ref()), spec.map(|s| &s.selector)));
                }
                r
            }
            // printReplicaSet.
            Object::ReplicaSet(rs) => {
                let st = rs.status.clone().unwrap_or_default();
                let spec = rs.spec.as_ref();
                let mut r = vec![
                    o.name().into(),
                    spec.and_then(|s| s.replicas).unwrap_or(0).to_string(),
                    st.replicas.to_string(),
                    st.ready_replicas.unwrap_or(0).to_string(),
                    age,
                ];
                if self.wide {
                    let pod_spec = spec.and_then(|s| s.template.as_ref()).and_then(|t| t.spec.as_ref());
                    r.extend(workload_wide_cells(pod_spec, spec.map(|s| &s.selector)));
                }
                r
            }
            Object::Job(j) => {
                let mut r = job_cells(j, now);
                r.push(age);
                if self.wide {
                    let spec = j.spec.as_ref();
                    r.extend(workload_wide_cells(
                        spec.and_then(|s| s.template.spec.as_ref()),
                        spec.and_then(|s| s.selector.as_ref()),
                    ));
                }
                r
            }
        };
        if self.all_ns && kind.namespaced() {
            row.insert(0, o.namespace().to_owned());
        }
        if self.labels {
            let l: Vec<String> = meta.labels.iter().flatten().map(|(k, v)| format!("{k}={v}")).collect();
            row.push(if l.is_empty() { "<none>".into() } else { l.join(",") });
        }
        row
    }
}

/// printers.go `printJob`: NAME, STATUS (the first of Complete, Failed, Terminating, Suspended,
/// FailureTarget, SuccessCriteriaMet whose condition is true, else Running), COMPLETIONS
/// (`succeeded/completions`, or `n/1` and `n/1 of p` without completions) and DURATION (start
/// to completion, or to now while it runs).
fn job_cells(j: &kubeplay_api::k8s_openapi::api::batch::v1::Job, now: u64) -> Vec<String> {
    let st = j.status.clone().unwrap_or_default();
    let spec = j.spec.as_ref();
    let succeeded = st.succeeded.unwrap_or(0);
    let completions = match spec.and_then(|s| s.completions) {
        Some(c) => format!("{succeeded}/{c}"),
        None => match spec.and_then(|s| s.parallelism).unwrap_or(0) {
            p if p > 1 => format!("{succeeded}/1 of {p}"),
            _ => format!("{succeeded}/1"),
        },
    };
    let ms = |t: &kubeplay_api::k8s_openapi::apimachinery::pkg::apis::meta::v1::Time| t.0.as_millisecond();
    let duration = match (st.start_time.as_ref(), st.completion_time.as_ref()) {
        (None, _) => String::new(),
        (Some(s), None) => super::human_duration(kubeplay_api::store::EPOCH_UNIX_MS + now as i64 - ms(s)),
        (Some(s), Some(c)) => super::human_duration(ms(c) - ms(s)),
    };
    let has = |t: &str| st.conditions.iter().flatten().any(|c| c.type_ == t && c.status == "True");
    let status = if has("Complete") {
        "Complete"
    } else if has("Failed") {
        "Failed"
    } else if j.metadata.deletion_timestamp.is_some() {
        "Terminating"
    } else if has("Suspended") {
        "Suspended"
    } else if has("FailureTarget") {
        "FailureTarget"
    } else if has("SuccessCriteriaMet") {
        "SuccessCriteriaMet"
    } else {
        "Running"
    };
    vec![j.metadata.name.clone().unwrap_or_default(), status.to_owned(), completions, duration]
}
