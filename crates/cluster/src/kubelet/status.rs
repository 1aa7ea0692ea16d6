//! The kubelet's pod status: phase, conditions (in the kubelet's order) and container
//! statuses, written to the API server by the status manager.
//!
//! Mirrors `pkg/kubelet/kubelet_pods.go` (generateAPIPodStatus) and
//! `pkg/kubelet/status/status_manager.go` (a condition keeps its lastTransitionTime).

use kubeplay_api::k8s_openapi::api::core::v1::{
    ContainerState as ApiContainerState, ContainerStateRunning, ContainerStateTerminated, ContainerStateWaiting, ContainerStatus,
    HostIP, PodCondition, PodIP, PodStatus,
};
use kubeplay_api::store::time_at;

use super::{hex64, image_size, normalize_image, Node, PodWorker, RunState};
use crate::ctx::Ctx;
use crate::queue::PodId;

impl Node {
    /// generateAPIPodStatus → the status manager's write to the API server.
    pub(crate) fn publish_status(&self, id: PodId, ctx: &mut Ctx<'_>) {
        let Some(w) = self.workers.get(&id) else { return };
        let mut status = pod_status(w, &self.ip, ctx.now_ms);
        let ns = w.pod.metadata.namespace.as_deref().unwrap_or("");
        let name = w.pod.metadata.name.as_deref().unwrap_or("");
        // A condition keeps its lastTransitionTime while its status stays the same.
        let old = ctx.store.pod(ns, name).and_then(|p| p.status.as_ref()).and_then(|s| s.conditions.as_ref());
        if let (Some(old), Some(new)) = (old, status.conditions.as_mut()) {
            for c in new.iter_mut() {
                if let Some(o) = old.iter().find(|o| o.type_ == c.type_ && o.status == c.status) {
                    c.last_transition_time = o.last_transition_time.clone();
                }
            }
        }
        if ctx.store.update_pod_status(ns, name, status) {
            ctx.changed();
        }
    }
}

fn condition(type_: &str, ok: bool, reason: Option<&str>, message: Option<String>, at_ms: u64) -> PodCondition {
    PodCondition {
        type_: type_.to_owned(),
        status: if ok { "True" } else { "False" }.to_owned(),
        reason: reason.map(str::to_owned),
        message,
        last_transition_time: Some(time_at(at_ms)),
        last_probe_time: None,
        ..Default::default()
    }
}

/// `generateAPIPodStatus`: phase, conditions (in the kubelet's order) and container statuses.
fn pod_status(w: &PodWorker, host_ip: &str, now_ms: u64) -> PodStatus {
    let mut statuses: Vec<ContainerStatus> = w
        .containers
        .iter()
        .map(|c| {
            let (state, started, image, image_id, container_id) = match &c.state {
                RunState::Waiting { reason, message } => (
                    ApiContainerState {
                        waiting: Some(ContainerStateWaiting { reason: Some(reason.clone()), message: message.clone() }),
                        ..Default::default()
                    },
                    false,
                    c.image.clone(),
                    String::new(),
                    None,
                ),
                RunState::Running { started_ms } => {
                    let image = normalize_image(&c.image);
                    let image_id = format!(
                        "{}@sha256:{}",
                        image.rsplit_once(':').map(|(n, _)| n).unwrap_or(""),
                        hex64(image_size(&c.image))
                    );
                    (
                        ApiContainerState {
                            running: Some(ContainerStateRunning { started_at: Some(time_at(*started_ms)) }),
                            ..Default::default()
                        },
                        true,
                        image,
                        image_id,
                        Some(format!("containerd://{}", hex64(image_size(&c.name) ^ *started_ms))),
                    )
                }
                RunState::Terminated { reason, exit_code, finished_ms } => (
                    ApiContainerState {
                        terminated: Some(ContainerStateTerminated {
                            reason: Some(reason.clone()),
                            exit_code: *exit_code,
                            finished_at: Some(time_at(*finished_ms)),
                            ..Default::default()
                        }),
                        ..Default::default()
                    },
                    false,
                    normalize_image(&c.image),
                    String::new(),
                    None,
                ),
            };
            ContainerStatus {
                name: c.name.clone(),
                image,
                image_id,
                container_id,
                ready: c.ready,
                restart_count: c.restart_count,
                started: Some(started),
                state: Some(state),
                ..Default::default()
            }
        })
        .collect();
    // kubetypes.SortedContainerStatuses
    statuses.sort_by(|a, b| a.name.cmp(&b.name));
    let waiting = w.containers.iter().any(|c| matches!(c.state, RunState::Waiting { .. }));
    let running = w.containers.iter().any(|c| matches!(c.state, RunState::Running { .. }));
    let phase = if waiting || !running { "Pending" } else { "Running" };
    let unready: Vec<&str> = w.containers.iter().filter(|c| !c.ready).map(|c| c.name.as_str()).collect();
    let ready = unready.is_empty();
    let unready_msg = (!ready).then(|| format!("containers with unready status: [{}]", unready.join(" ")));
    let reason = (!ready).then_some("ContainersNotReady");
    PodStatus {
        phase: Some(phase.to_owned()),
        conditions: Some(vec![
            condition("PodReadyToStartContainers", w.sandbox_ready, None, None, w.start_ms),
            condition("Initialized", true, None, None, w.start_ms),
            condition("Ready", ready, reason, unready_msg.clone(), now_ms),
            condition("ContainersReady", ready, reason, unready_msg, now_ms),
            condition("PodScheduled", true, None, None, w.start_ms),
        ]),
        container_statuses: Some(statuses),
        host_ip: Some(host_ip.to_owned()),
        host_ips: Some(vec![HostIP { ip: host_ip.to_owned() }]),
        pod_ip: w.sandbox_ready.then(|| w.ip.clone()),
        pod_ips: w.sandbox_ready.then(|| vec![PodIP { ip: w.ip.clone() }]),
        qos_class: Some("BestEffort".to_owned()),
        start_time: Some(time_at(w.start_ms)),
        ..Default::default()
    }
}
