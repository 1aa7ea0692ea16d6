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

use super::restarts::RestartPolicy;
use super::{hex64, image_size, normalize_image, ContainerRuntime, Node, PodWorker, RunState};
use crate::ctx::Ctx;
use crate::queue::PodId;

impl Node {
    /// generateAPIPodStatus → the status manager's write to the API server.
    pub(crate) fn publish_status(&self, id: PodId, ctx: &mut Ctx<'_>) {
        let Some(w) = self.workers.get(&id) else { return };
        let mut status = pod_status(w, &self.ip, ctx.now_ms);
        let ns = w.pod.metadata.namespace.as_deref().unwrap_or("");
        let name = w.pod.metadata.name.as_deref().unwrap_or("");
        // A pod removed at once (and perhaps created again under its name) gets no more status.
        if ctx.store.pod(ns, name).is_none_or(|p| p.metadata.uid != w.pod.metadata.uid) {
            return;
        }
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

/// One container's state as the API shows it.
fn api_state(state: &RunState) -> ApiContainerState {
    match state {
        RunState::Waiting { reason, message } => ApiContainerState {
            waiting: Some(ContainerStateWaiting { reason: Some(reason.clone()), message: message.clone() }),
            ..Default::default()
        },
        RunState::Running { started_ms } => ApiContainerState {
            running: Some(ContainerStateRunning { started_at: Some(time_at(*started_ms)) }),
            ..Default::default()
        },
        RunState::Terminated { reason, message, exit_code, started_ms, finished_ms } => ApiContainerState {
            terminated: Some(ContainerStateTerminated {
                reason: Some(reason.clone()),
                message: message.clone(),
                exit_code: *exit_code,
                started_at: Some(time_at(*started_ms)),
                finished_at: Some(time_at(*finished_ms)),
                ..Default::default()
            }),
            ..Default::default()
        },
    }
}

/// A container id (`containerd://` + 64 hex digits) for the instance of container `name` started at `started_ms`.
fn runtime_id(name: &str, started_ms: u64) -> String {
    format!("containerd://{}", hex64(image_size(name) ^ started_ms))
}

/// `convertToAPIContainerStatuses` for one container.
fn container_status(c: &ContainerRuntime) -> ContainerStatus {
    let started = matches!(c.state, RunState::Running { .. });
    let ran = !matches!(c.state, RunState::Waiting { .. });
    let (image, image_id) = if ran || c.last_state.is_some() {
        let image = normalize_image(&c.image);
        let image_id = format!("{}@sha256:{}", image.rsplit_once(':').map(|(n, _)| n).unwrap_or(""), hex64(image_size(&c.image)));
        (image, image_id)
    } else {
        (c.image.clone(), String::new())
    };
    let container_id = match &c.state {
        RunState::Running { started_ms } | RunState::Terminated { started_ms, .. } => Some(runtime_id(&c.name, *started_ms)),
        // A container waiting to restart still reports its last instance's id.
        RunState::Waiting { .. } => match &c.last_state {
            Some(RunState::Terminated { started_ms, .. }) => Some(runtime_id(&c.name, *started_ms)),
            _ => None,
        },
    };
    let mut state = api_state(&c.state);
    if let (Some(t), Some(id)) = (state.terminated.as_mut(), &container_id) {
        t.container_id = Some(id.clone());
    }
    let last_state = c.last_state.as_ref().map(|l| {
        let mut s = api_state(l);
        if let (Some(t), RunState::Terminated { started_ms, .. }) = (s.terminated.as_mut(), l) {
            t.container_id = Some(runtime_id(&c.name, *started_ms));
        }
        s
    });
    ContainerStatus {
        name: c.name.clone(),
        image,
        image_id,
        container_id,
        ready: c.ready,
        restart_count: c.restart_count,
        started: Some(started),
        state: Some(state),
        last_state: Some(last_state.unwrap_or_default()),
        ..Default::default()
    }
}

/// `getPhase` (pkg/kubelet/kubelet_pods.go) over the app containers and init containers.
fn phase(w: &PodWorker) -> &'static str {
    let policy = RestartPolicy::of(w);
    let (mut pending_init, mut failed_init) = (0, 0);
    for c in w.containers.iter().filter(|c| c.init && !c.sidecar) {
        match (&c.state, &c.last_state) {
            (RunState::Terminated { exit_code: 0, .. }, _) => {}
            (RunState::Terminated { .. }, _) => failed_init += 1,
            (RunState::Waiting { .. }, Some(RunState::Terminated { exit_code, .. })) if *exit_code != 0 => failed_init += 1,
            _ => pending_init += 1,
        }
    }
    let (mut running, mut stopped, mut succeeded, mut waiting) = (0, 0, 0, 0);
    for c in w.containers.iter().filter(|c| !c.init) {
        match (&c.state, &c.last_state) {
            (RunState::Running { .. }, _) => running += 1,
            (RunState::Terminated { exit_code, .. }, _) => {
                stopped += 1;
                if *exit_code == 0 {
                    succeeded += 1;
                }
            }
            (RunState::Waiting { .. }, Some(RunState::Terminated { .. })) => stopped += 1,
            (RunState::Waiting { .. }, _) => waiting += 1,
        }
    }
    if failed_init > 0 && policy == RestartPolicy::Never {
        return "Failed";
    }
    if pending_init > 0 || failed_init > 0 || waiting > 0 {
        return "Pending";
    }
    if running > 0 {
        return "Running";
    }
    if stopped > 0 {
        return match policy {
            RestartPolicy::Always => "Running",
            _ if stopped == succeeded => "Succeeded",
            RestartPolicy::Never => "Failed",
            RestartPolicy::OnFailure => "Running",
        };
    }
    "Pending"
}

/// `generateAPIPodStatus`: phase, conditions (in the kubelet's order) and container statuses.
fn pod_status(w: &PodWorker, host_ip: &str, now_ms: u64) -> PodStatus {
    let mut statuses: Vec<ContainerStatus> = w.containers.iter().filter(|c| !c.init).map(container_status).collect();
    // kubetypes.SortedContainerStatuses
    statuses.sort_by(|a, b| a.name.cmp(&b.name));
    // Init container statuses keep the spec's order.
    let init_statuses: Vec<ContainerStatus> = w.containers.iter().filter(|c| c.init).map(container_status).collect();
    let phase = phase(w);
    // pkg/kubelet/status/generate.go: GeneratePodInitializedCondition, GenerateContainersReadyCondition.
    let incomplete: Vec<&str> = w
        .containers
        .iter()
        .filter(|c| c.init)
        .filter(|c| {
            if c.sidecar {
                !matches!(c.state, RunState::Running { .. })
            } else {
                !matches!(c.state, RunState::Terminated { exit_code: 0, .. })
            }
        })
        .map(|c| c.name.as_str())
        .collect();
    let initialized = incomplete.is_empty();
    let init_msg = (!initialized).then(|| format!("containers with incomplete status: [{}]", incomplete.join(" ")));
    let unready: Vec<&str> =
        w.containers.iter().filter(|c| (!c.init || c.sidecar) && !c.ready).map(|c| c.name.as_str()).collect();
    let ready = unready.is_empty();
    let (reason, unready_msg) = if phase == "Succeeded" {
        (Some("PodCompleted"), None)
    } else if !ready {
        (Some("ContainersNotReady"), Some(format!("containers with unready status: [{}]", unready.join(" "))))
    } else {
        (None, None)
    };
    let init_reason =
        if phase == "Succeeded" { Some("PodCompleted") } else { (!initialized).then_some("ContainersNotInitialized") };
    let init_ok = initialized || phase == "Succeeded";
    PodStatus {
        phase: Some(phase.to_owned()),
        conditions: Some(vec![
            condition("PodReadyToStartContainers", w.sandbox_ready, None, None, w.start_ms),
            condition(
                "Initialized",
                init_ok,
                if init_ok && phase != "Succeeded" { None } else { init_reason },
                init_msg,
                w.start_ms,
            ),
            condition("Ready", ready && phase != "Succeeded", reason, unready_msg.clone(), now_ms),
            condition("ContainersReady", ready && phase != "Succeeded", reason, unready_msg, now_ms),
            condition("PodScheduled", true, None, None, w.start_ms),
        ]),
        container_statuses: Some(statuses),
        init_container_statuses: (!init_statuses.is_empty()).then_some(init_statuses),
        host_ip: Some(host_ip.to_owned()),
        host_ips: Some(vec![HostIP { ip: host_ip.to_owned() }]),
        pod_ip: w.sandbox_ready.then(|| w.ip.clone()),
        pod_ips: w.sandbox_ready.then(|| vec![PodIP { ip: w.ip.clone() }]),
        qos_class: Some("BestEffort".to_owned()),
        start_time: Some(time_at(w.start_ms)),
        ..Default::default()
    }
}
