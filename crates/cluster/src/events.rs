//! Kubernetes Events as `kubectl describe` and `kubectl get events` show them, each
//! with a plain-language explanation for learners (English and Korean).
//!
//! Reasons and messages mirror `pkg/kubelet/events/event.go`,
//! `pkg/kubelet/images/image_manager.go`, `pkg/kubelet/kuberuntime/kuberuntime_container.go`,
//! `pkg/volume/util/operationexecutor/operation_generator.go` and the scheduler.

use serde::Serialize;

/// `Normal` or `Warning`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum EventType {
    /// Routine progress.
    Normal,
    /// Something went wrong (and may be retried).
    Warning,
}

impl EventType {
    /// The type as Kubernetes spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            EventType::Normal => "Normal",
            EventType::Warning => "Warning",
        }
    }
}

/// The object an event is about (`involvedObject`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ObjectRef {
    /// Kind, e.g. `Pod`.
    pub kind: &'static str,
    /// Namespace.
    pub namespace: String,
    /// Name.
    pub name: String,
}

/// One event occurrence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Event {
    /// Virtual time in ms.
    pub time_ms: u64,
    /// The step that recorded it (1-based: the cluster's state right after that step shows it).
    pub step: u64,
    /// Normal or Warning.
    #[serde(rename = "type")]
    pub type_: EventType,
    /// The reason, e.g. `FailedMount`.
    pub reason: &'static str,
    /// The object.
    pub object: ObjectRef,
    /// The message exactly as Kubernetes words it.
    pub message: String,
    /// Who reported it: `default-scheduler` or `kubelet`.
    pub source: &'static str,
    /// `spec.containers{name}` for container events.
    pub field_path: Option<String>,
}

/// A learner-facing explanation of an event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Explanation {
    /// English.
    pub en: String,
    /// Korean.
    pub ko: String,
}

impl Event {
    /// `pod/<ns>/<name>`, the form `kubeplay run --output json` uses.
    pub fn object_key(&self) -> String {
        format!("{}/{}/{}", self.object.kind.to_ascii_lowercase(), self.object.namespace, self.object.name)
    }

    /// What the event means, in plain words.
    pub fn explain(&self) -> Explanation {
        let pod = format!("{}/{}", self.object.namespace, self.object.name);
        let (en, ko) = match self.reason {
            "Scheduled" => (
                format!("The scheduler chose a node for {pod}. It did not check whether the secrets the pod uses exist: that is the kubelet's job."),
                format!("스케줄러가 {pod}를 실행할 노드를 골랐습니다. 파드가 쓰는 시크릿이 있는지는 확인하지 않습니다. 그 확인은 kubelet이 합니다."),
            ),
            "FailedScheduling" => (
                format!("No node fits {pod}, so it stays Pending."),
                format!("{pod}를 받을 수 있는 노드가 없어서 Pending 상태로 남습니다."),
            ),
            "FailedMount" => (
                format!("The kubelet could not set up a volume of {pod} (for a secret volume: it could not fetch the secret or a listed key). It retries with exponential backoff (0.5s, 1s, 2s … up to 2m2s); the pod stays ContainerCreating until the mount succeeds."),
                format!("kubelet이 {pod}의 볼륨을 준비하지 못했습니다(시크릿 볼륨이라면 시크릿이나 지정한 키를 가져오지 못한 것). 지수 백오프(0.5초, 1초, 2초 … 최대 2분 2초)로 다시 시도하며, 마운트가 성공할 때까지 파드는 ContainerCreating 상태입니다."),
            ),
            "Pulling" => (
                "The kubelet started pulling the container image.".to_owned(),
                "kubelet이 컨테이너 이미지를 받기 시작했습니다.".to_owned(),
            ),
            "Pulled" => (
                "The image is on the node (kubeplay does not really download images).".to_owned(),
                "이미지가 노드에 준비되었습니다(kubeplay는 실제로 이미지를 내려받지 않습니다).".to_owned(),
            ),
            "Created" => (
                "The container was created. Environment variables from secrets were read now, once: later changes to the secret never reach them.".to_owned(),
                "컨테이너가 만들어졌습니다. 시크릿에서 온 환경 변수는 이때 한 번만 읽히며, 이후 시크릿이 바뀌어도 반영되지 않습니다.".to_owned(),
            ),
            "Started" => ("The container is running.".to_owned(), "컨테이너가 실행 중입니다.".to_owned()),
            "Failed" => (
                "The kubelet could not create the container. For CreateContainerConfigError: a secret or key used by env/envFrom is missing; the kubelet tries again on the next pod sync.".to_owned(),
                "kubelet이 컨테이너를 만들지 못했습니다. CreateContainerConfigError라면 env/envFrom이 쓰는 시크릿이나 키가 없는 것이며, 다음 파드 동기화 때 다시 시도합니다.".to_owned(),
            ),
            "Killing" => (
                "The kubelet stops the container: the runtime sends its stop signal (SIGTERM, or the image's STOPSIGNAL). A process without a handler for it (PID 1 ignores such signals) is killed with SIGKILL, exit code 137, when the grace period (terminationGracePeriodSeconds, 30 s by default) ends. For a deleted pod, the kubelet then removes its volumes, including the secret files on tmpfs.".to_owned(),
                "kubelet이 컨테이너를 멈춥니다. 런타임이 정지 시그널(SIGTERM 또는 이미지의 STOPSIGNAL)을 보내고, 그 시그널의 핸들러가 없는 프로세스는(PID 1은 그런 시그널을 무시합니다) 유예 기간(terminationGracePeriodSeconds, 기본 30초)이 끝날 때 SIGKILL로 종료됩니다(종료 코드 137). 삭제된 파드라면 그다음 kubelet이 tmpfs의 시크릿 파일을 포함해 파드의 볼륨을 지웁니다.".to_owned(),
            ),
            "FailedToRetrieveImagePullSecret" => (
                "An imagePullSecret named by the pod does not exist; the kubelet tries to pull anyway.".to_owned(),
                "파드가 지정한 imagePullSecret이 없습니다. kubelet은 그래도 이미지를 받으려고 시도합니다.".to_owned(),
            ),
            _ => (self.message.clone(), self.message.clone()),
        };
        Explanation { en, ko }
    }
}

/// Go's `time.Duration.String()` for a duration truncated to milliseconds, e.g. `1.234s`, `850ms`, `1m2.5s`.
pub fn go_duration(ms: u64) -> String {
    if ms == 0 {
        return "0s".to_owned();
    }
    if ms < 1000 {
        return format!("{ms}ms");
    }
    let h = ms / 3_600_000;
    let m = (ms / 60_000) % 60;
    let s = (ms / 1000) % 60;
    let frac = ms % 1000;
    let mut out = String::new();
    if h > 0 {
        out.push_str(&format!("{h}h"));
    }
    if h > 0 || m > 0 {
        out.push_str(&format!("{m}m"));
    }
    out.push_str(&s.to_string());
    if frac > 0 {
        let f = format!("{frac:03}");
        out.push('.');
        out.push_str(f.trim_end_matches('0'));
    }
    out.push('s');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_print_like_go() {
        assert_eq!(go_duration(1234), "1.234s");
        assert_eq!(go_duration(850), "850ms");
        assert_eq!(go_duration(62_500), "1m2.5s");
        assert_eq!(go_duration(11_624), "11.624s");
        assert_eq!(go_duration(3_600_000), "1h0m0s");
    }
}
