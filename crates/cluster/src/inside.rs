//! What happens inside the kubelet between the Kubernetes Events: the steps a real kubelet
//! takes without reporting them as Events (its watch, the secret manager's lookups, the volume
//! manager's mounts and the atomic writer's directories, env resolution, processes). The
//! timeline shows them beside the Events, marked "inside the kubelet", each with a
//! plain-language explanation in English and Korean.
//!
//! Sources of the behaviour described: `pkg/kubelet/util/manager/{watch_based_manager,cache_based_manager}.go`,
//! `pkg/kubelet/volumemanager/reconciler`, `pkg/volume/util/atomic_writer.go` (steps 1–11 of
//! `Write`), `pkg/kubelet/kubelet_pods.go` (makeEnvironmentVariables), `pkg/kubelet/pod_workers.go`.

use serde::Serialize;

use crate::events::{Explanation, ObjectRef};

/// How the secret manager answered a lookup of one secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum Lookup {
    /// Watch: served from the cache its watch keeps current (no request to the API server).
    WatchCache,
    /// Watch: the cache had failed, so the manager fetched again from the API server.
    WatchRefetch,
    /// Cache: the cached copy was younger than the TTL (no request).
    CacheHit,
    /// Cache: the cached copy was missing or older than the TTL, so a GET went to the API server.
    CacheRefresh,
    /// Get: every lookup is a GET to the API server.
    Get,
    /// The API server answered that the secret does not exist.
    NotFound,
    /// The lookup failed with this error.
    Error(String),
}

/// One step inside a kubelet (or the scheduler) that is not a Kubernetes Event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum Inside {
    /// The pod worker admitted a pod bound to this node.
    Admitted,
    /// The secret manager looked a secret up.
    SecretLookup {
        /// `namespace/name` of the secret.
        secret: String,
        /// How it answered.
        lookup: Lookup,
    },
    /// The watch delivered a change of a secret this node's pods use.
    WatchNotified {
        /// `namespace/name` of the secret.
        secret: String,
        /// Whether the secret was deleted.
        deleted: bool,
    },
    /// The volume manager mounted a volume the first time: the atomic writer made the
    /// timestamped directory, `..data` and one symlink per key.
    Mounted {
        /// The volume.
        volume: String,
        /// The timestamped directory (`..2026_01_01_…`), empty for a plain directory.
        ts_dir: String,
    },
    /// The atomic writer wrote changed content: a new timestamped directory, `..data` swapped.
    Updated {
        /// The volume.
        volume: String,
        /// The new timestamped directory.
        ts_dir: String,
    },
    /// A periodic re-mount found nothing to change.
    Unchanged {
        /// The volume.
        volume: String,
    },
    /// A mount attempt failed; the reconciler retries after the backoff.
    MountFailed {
        /// The volume.
        volume: String,
        /// The backoff before the next attempt, in ms.
        retry_ms: u64,
    },
    /// The pod worker's sync waits for volumes that are not mounted yet.
    WaitingForVolumes,
    /// The periodic pod sync (every `syncFrequency`, with jitter).
    Resync,
    /// The environment of a container was resolved at its start.
    EnvResolved {
        /// The container.
        container: String,
        /// How many variables the spec's env and envFrom gave.
        vars: usize,
    },
    /// A container's process started.
    ProcessStarted {
        /// The container.
        container: String,
        /// Its command line.
        argv: Vec<String>,
    },
    /// A container's process exited.
    ProcessExited {
        /// The container.
        container: String,
        /// Its exit code.
        code: i32,
    },
    /// The kubelet removed a deleted pod and its volumes.
    Removed,
}

/// One internal step, placed in the timeline among the Events.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Internal {
    /// Virtual time in ms.
    pub time_ms: u64,
    /// The step that recorded it (the number of steps run when it happened outside a step).
    pub step: u64,
    /// How many Events had been recorded before it (its place among them).
    pub after_events: usize,
    /// The node whose kubelet did it.
    pub node: String,
    /// The pod it concerns (or the secret, for a watch notification).
    pub object: ObjectRef,
    /// What happened.
    pub what: Inside,
}

impl Internal {
    /// A short label for the timeline's reason column.
    pub fn label(&self) -> &'static str {
        match &self.what {
            Inside::Admitted => "PodAdmitted",
            Inside::SecretLookup { lookup: Lookup::WatchCache | Lookup::CacheHit, .. } => "SecretCacheHit",
            Inside::SecretLookup { lookup: Lookup::NotFound | Lookup::Error(_), .. } => "SecretGetFailed",
            Inside::SecretLookup { .. } => "SecretGET",
            Inside::WatchNotified { .. } => "WatchEvent",
            Inside::Mounted { .. } => "FilesWritten",
            Inside::Updated { .. } => "DataSwapped",
            Inside::Unchanged { .. } => "Unchanged",
            Inside::MountFailed { .. } => "MountRetry",
            Inside::WaitingForVolumes => "WaitVolumes",
            Inside::Resync => "PodSync",
            Inside::EnvResolved { .. } => "EnvResolved",
            Inside::ProcessStarted { .. } => "ProcessStart",
            Inside::ProcessExited { .. } => "ProcessExit",
            Inside::Removed => "PodRemoved",
        }
    }

    /// The line `kubeplay step` prints for it, and the timeline's message.
    pub fn summary(&self) -> String {
        let node = &self.node;
        let pod = format!("{}/{}", self.object.namespace, self.object.name);
        match &self.what {
            Inside::Admitted => format!("kubelet on {node} admitted pod {pod}"),
            Inside::SecretLookup { secret, lookup } => match lookup {
                Lookup::WatchCache => format!("secret manager on {node}: {secret} served from the watch cache"),
                Lookup::WatchRefetch => format!("secret manager on {node}: GET {secret} (the watch cache had failed)"),
                Lookup::CacheHit => format!("secret manager on {node}: {secret} served from the TTL cache"),
                Lookup::CacheRefresh => format!("secret manager on {node}: GET {secret} (cache empty or older than the TTL)"),
                Lookup::Get => format!("secret manager on {node}: GET {secret}"),
                Lookup::NotFound => format!("secret manager on {node}: {secret} not found"),
                Lookup::Error(e) => format!("secret manager on {node}: {secret}: {e}"),
            },
            Inside::WatchNotified { secret, deleted: false } => format!("watch on {node}: secret {secret} changed"),
            Inside::WatchNotified { secret, deleted: true } => format!("watch on {node}: secret {secret} deleted"),
            Inside::Mounted { volume, .. } => format!("kubelet on {node} mounted volume {volume:?} of pod {pod}"),
            Inside::Updated { volume, ts_dir } => {
                format!("kubelet on {node} updated volume {volume:?} of pod {pod}: new {ts_dir} directory, ..data swapped")
            }
            Inside::Unchanged { volume } => format!("kubelet on {node} re-checked volume {volume:?} of pod {pod}: unchanged"),
            Inside::MountFailed { volume, retry_ms } => format!(
                "kubelet on {node}: mount of {volume:?} for {pod} failed; retry in {}",
                crate::events::go_duration(*retry_ms)
            ),
            Inside::WaitingForVolumes => format!("kubelet on {node} is waiting for the volumes of {pod}"),
            Inside::Resync => format!("kubelet on {node} resyncs pod {pod}"),
            Inside::EnvResolved { container, vars } => {
                format!("kubelet on {node} resolved the env of container {container} of {pod}: {vars} variable(s) from env and envFrom")
            }
            Inside::ProcessStarted { container, argv } => {
                format!("container {container} of {pod} runs {}", argv.join(" "))
            }
            Inside::ProcessExited { container, code } => format!("container {container} of {pod} exited with code {code}"),
            Inside::Removed => format!("kubelet on {node} removed pod {pod} and its volumes"),
        }
    }

    /// What it means, in plain words.
    pub fn explain(&self) -> Explanation {
        let node = &self.node;
        let pod = format!("{}/{}", self.object.namespace, self.object.name);
        let (en, ko) = match &self.what {
            Inside::Admitted => (
                format!("Inside the kubelet: the kubelet on {node} saw through its watch that {pod} is bound to its node and admitted it. Its pod worker starts; the volume manager will mount each volume and the secret manager registers the secrets the pod refers to."),
                format!("kubelet 내부: {node}의 kubelet이 watch로 {pod}가 자기 노드에 배치된 것을 보고 파드를 받아들였습니다. 파드 워커가 시작되고, 볼륨 매니저가 볼륨을 하나씩 마운트하며, 시크릿 매니저가 파드가 참조하는 시크릿을 등록합니다."),
            ),
            Inside::SecretLookup { secret, lookup } => match lookup {
                Lookup::WatchCache => (
                    format!("Inside the kubelet: the secret manager (Watch strategy) answered {secret} from the copy its watch keeps current. No request went to the API server."),
                    format!("kubelet 내부: 시크릿 매니저(Watch 전략)가 watch로 최신 상태를 유지하는 사본에서 {secret}을(를) 꺼냈습니다. API 서버로 요청을 보내지 않았습니다."),
                ),
                Lookup::WatchRefetch => (
                    format!("Inside the kubelet: the watch cache of {secret} had failed, so the secret manager fetched it again from the API server."),
                    format!("kubelet 내부: {secret}의 watch 캐시가 실패한 상태여서 시크릿 매니저가 API 서버에서 다시 가져왔습니다."),
                ),
                Lookup::CacheHit => (
                    format!("Inside the kubelet: the secret manager (Cache strategy) had a copy of {secret} younger than the TTL and used it without asking the API server. A change made since then is not seen until the TTL runs out."),
                    format!("kubelet 내부: 시크릿 매니저(Cache 전략)가 TTL보다 새로운 {secret} 사본을 가지고 있어 API 서버에 묻지 않고 사용했습니다. 그 뒤의 변경은 TTL이 지나야 보입니다."),
                ),
                Lookup::CacheRefresh => (
                    format!("Inside the kubelet: the secret manager (Cache strategy) had no fresh copy of {secret}, so it sent a GET to the API server and cached the answer for the TTL."),
                    format!("kubelet 내부: 시크릿 매니저(Cache 전략)에 {secret}의 새 사본이 없어 API 서버에 GET을 보내고 답을 TTL 동안 캐시했습니다."),
                ),
                Lookup::Get => (
                    format!("Inside the kubelet: the secret manager (Get strategy) sent a GET for {secret} to the API server, as it does on every lookup."),
                    format!("kubelet 내부: 시크릿 매니저(Get 전략)가 조회할 때마다 그러듯 {secret}에 대한 GET을 API 서버에 보냈습니다."),
                ),
                Lookup::NotFound => (
                    format!("Inside the kubelet: the secret manager asked for {secret} and the API server answered that it does not exist. The mount (or container start) that needed it fails and is retried."),
                    format!("kubelet 내부: 시크릿 매니저가 {secret}을(를) 요청했지만 API 서버가 없다고 답했습니다. 이 시크릿이 필요한 마운트(또는 컨테이너 시작)는 실패하고 다시 시도됩니다."),
                ),
                Lookup::Error(e) => (
                    format!("Inside the kubelet: the secret manager could not read {secret}: {e}"),
                    format!("kubelet 내부: 시크릿 매니저가 {secret}을(를) 읽지 못했습니다: {e}"),
                ),
            },
            Inside::WatchNotified { secret, deleted } => {
                let (what_en, what_ko) = if *deleted { ("deleted", "삭제") } else { ("changed", "변경") };
                (
                    format!("Inside the kubelet: the watch of the kubelet on {node} delivered that secret {secret} was {what_en}. The secret manager's cache holds the new state at once; mounted files change only at the pod's next sync, and env vars never."),
                    format!("kubelet 내부: {node} kubelet의 watch가 시크릿 {secret}의 {what_ko} 소식을 전했습니다. 시크릿 매니저의 캐시는 바로 새 상태가 되지만, 마운트된 파일은 파드의 다음 동기화 때에야 바뀌고 환경 변수는 바뀌지 않습니다."),
                )
            }
            Inside::Mounted { volume, ts_dir } if ts_dir.is_empty() => (
                format!("Inside the kubelet: the volume manager set up volume \"{volume}\" of {pod} (a plain directory)."),
                format!("kubelet 내부: 볼륨 매니저가 {pod}의 볼륨 \"{volume}\"(일반 디렉터리)을 준비했습니다."),
            ),
            Inside::Mounted { volume, ts_dir } => (
                format!("Inside the kubelet: the volume manager mounted volume \"{volume}\" of {pod} on the node's tmpfs. The atomic writer wrote the files into a new directory {ts_dir}, pointed the symlink ..data at it, and made one symlink per key (username -> ..data/username), so a reader always sees one complete version."),
                format!("kubelet 내부: 볼륨 매니저가 {pod}의 볼륨 \"{volume}\"을(를) 노드의 tmpfs에 마운트했습니다. 원자적 기록기(atomic writer)가 파일을 새 디렉터리 {ts_dir}에 쓰고, 심볼릭 링크 ..data가 그곳을 가리키게 한 뒤 키마다 심볼릭 링크(username -> ..data/username)를 만들었습니다. 그래서 읽는 쪽은 언제나 완전한 한 버전만 봅니다."),
            ),
            Inside::Updated { volume, ts_dir } => (
                format!("Inside the kubelet: the pod's sync found new content for volume \"{volume}\" of {pod}. The atomic writer wrote it into a new directory {ts_dir}, then swapped ..data to it in one rename and removed the old directory: the container sees the new files now, all at once."),
                format!("kubelet 내부: 파드 동기화에서 {pod}의 볼륨 \"{volume}\"에 새 내용이 있음을 찾았습니다. 원자적 기록기가 새 디렉터리 {ts_dir}에 쓰고, rename 한 번으로 ..data를 그곳으로 바꾼 뒤 옛 디렉터리를 지웠습니다. 컨테이너는 이제 새 파일을 한꺼번에 봅니다."),
            ),
            Inside::Unchanged { volume } => (
                format!("Inside the kubelet: the periodic sync re-checked volume \"{volume}\" of {pod}: the content is the same, so the atomic writer wrote nothing."),
                format!("kubelet 내부: 주기적 동기화가 {pod}의 볼륨 \"{volume}\"을(를) 다시 확인했습니다. 내용이 같아 원자적 기록기는 아무것도 쓰지 않았습니다."),
            ),
            Inside::MountFailed { volume, retry_ms } => {
                let d = crate::events::go_duration(*retry_ms);
                (
                    format!("Inside the kubelet: mounting volume \"{volume}\" of {pod} failed. The volume manager waits {d} before the next attempt (the wait doubles after each failure, up to 2m2s)."),
                    format!("kubelet 내부: {pod}의 볼륨 \"{volume}\" 마운트가 실패했습니다. 볼륨 매니저는 {d} 뒤에 다시 시도합니다(실패할 때마다 두 배, 최대 2m2s)."),
                )
            }
            Inside::WaitingForVolumes => (
                format!("Inside the kubelet: the pod worker of {pod} cannot start containers before every volume is mounted; it keeps waiting (up to 2m3s per attempt)."),
                format!("kubelet 내부: {pod}의 파드 워커는 모든 볼륨이 마운트되기 전에는 컨테이너를 시작할 수 없어 계속 기다립니다(한 번에 최대 2m3s)."),
            ),
            Inside::Resync => (
                format!("Inside the kubelet: the periodic sync of {pod} on {node} (every syncFrequency, 1 min by default, plus jitter). It re-mounts the secret volumes, which is when a changed secret reaches the files."),
                format!("kubelet 내부: {node}에서 {pod}의 주기적 동기화입니다(syncFrequency마다, 기본 1분에 약간의 지터). 시크릿 볼륨을 다시 마운트하며, 바뀐 시크릿이 파일에 닿는 것이 이때입니다."),
            ),
            Inside::EnvResolved { container, vars } => (
                format!("Inside the kubelet: before starting container {container} of {pod}, the kubelet resolved its environment ({vars} variables from env and envFrom), reading the secrets it names now. These values are fixed for the life of the process: a later change of the secret does not reach them."),
                format!("kubelet 내부: {pod}의 컨테이너 {container}를 시작하기 전에 kubelet이 환경 변수({vars}개, env와 envFrom)를 지금 시크릿에서 읽어 정했습니다. 이 값은 프로세스가 살아 있는 동안 고정되어, 나중에 시크릿이 바뀌어도 반영되지 않습니다."),
            ),
            Inside::ProcessStarted { container, argv } => {
                let cmd = argv.join(" ");
                (
                    format!("Inside the container runtime: container {container} of {pod} runs `{cmd}` against the files and env it sees."),
                    format!("컨테이너 런타임 내부: {pod}의 컨테이너 {container}가 자신이 보는 파일과 환경 변수로 `{cmd}`를 실행합니다."),
                )
            }
            Inside::ProcessExited { container, code } => (
                format!("Inside the container runtime: the process of container {container} of {pod} exited with code {code}. The kubelet restarts it or not according to restartPolicy."),
                format!("컨테이너 런타임 내부: {pod}의 컨테이너 {container} 프로세스가 코드 {code}로 끝났습니다. kubelet은 restartPolicy에 따라 다시 시작하거나 그대로 둡니다."),
            ),
            Inside::Removed => (
                format!("Inside the kubelet: {pod} was deleted; the kubelet on {node} stopped it and removed its volumes from the node's tmpfs."),
                format!("kubelet 내부: {pod}가 삭제되어 {node}의 kubelet이 파드를 멈추고 노드 tmpfs에서 볼륨을 지웠습니다."),
            ),
        };
        Explanation { en, ko }
    }
}
