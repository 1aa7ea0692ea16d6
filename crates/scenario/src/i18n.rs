//! UI strings keyed by id, each in English and Korean. Kubernetes terms and kubectl output
//! stay as Kubernetes prints them. The table is written through one macro, so a string
//! without both languages does not compile, and a test checks none is empty.

/// The UI language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    /// English.
    #[default]
    En,
    /// Korean.
    Ko,
}

impl Lang {
    /// The code stored in local storage and set on `<html lang>`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ko => "ko",
        }
    }
    /// From a stored or browser language code (`ko`, `ko-KR` → Korean; anything else → English).
    pub fn from_code(code: &str) -> Lang {
        if code.to_ascii_lowercase().starts_with("ko") {
            Lang::Ko
        } else {
            Lang::En
        }
    }
}

macro_rules! ui_strings {
    ($($(#[$doc:meta])* $id:ident => ($en:expr, $ko:expr),)*) => {
        /// A UI string's id.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Ui {
            $($(#[$doc])* $id,)*
        }
        impl Ui {
            /// Every id, in table order.
            pub const ALL: &'static [Ui] = &[$(Ui::$id,)*];
            /// The English and Korean texts.
            pub fn texts(self) -> (&'static str, &'static str) {
                match self {
                    $(Ui::$id => ($en, $ko),)*
                }
            }
        }
    };
}

ui_strings! {
    /// The page subtitle.
    Title => ("Kubernetes Secrets playground", "쿠버네티스 시크릿 플레이그라운드"),
    /// The editor's heading.
    Manifests => ("Manifests", "매니페스트"),
    /// The apply button.
    Apply => ("Apply", "적용"),
    /// The examples menu.
    Examples => ("Examples…", "예제…"),
    /// The time toolbar.
    Time => ("Time", "시간"),
    /// One step forward.
    Step => ("Step", "한 단계"),
    /// One step back.
    StepBack => ("Step back", "한 단계 뒤로"),
    /// Play.
    Play => ("Play", "재생"),
    /// Pause.
    Pause => ("Pause", "일시정지"),
    /// Run until idle.
    RunIdle => ("Run until idle", "안정될 때까지 실행"),
    /// Jump to a time.
    JumpTo => ("Jump to (s)", "이동 (초)"),
    /// Go (jump).
    Go => ("Go", "이동"),
    /// Play speed unit.
    StepsPerSecond => ("steps/s", "단계/초"),
    /// The timeline heading.
    Timeline => ("Timeline", "타임라인"),
    /// An empty timeline.
    NoEvents => ("No events yet. Apply a manifest, then step or run.", "아직 이벤트가 없습니다. 매니페스트를 적용한 뒤 한 단계씩 진행하거나 실행하세요."),
    /// The resources tab.
    Resources => ("Resources", "리소스"),
    /// The secret tab.
    Secret => ("Secret", "시크릿"),
    /// The pod tab.
    Pod => ("Pod", "파드"),
    /// The container tab.
    Container => ("Container", "컨테이너"),
    /// The node tab.
    Node => ("Node", "노드"),
    /// The etcd tab.
    Etcd => ("etcd", "etcd"),
    /// The audit log tab.
    Audit => ("Audit", "감사 로그"),
    /// The token inspector's tab.
    Tokens => ("Tokens", "토큰"),
    /// The token inspector's explanation.
    TokensHelp => (
        "Paste a service-account token (from kubectl create token, a pod's /var/run/secrets/kubernetes.io/serviceaccount/token, or a kubernetes.io/service-account-token Secret) or pick a pod: kubeplay decodes the JWT (base64url, not encrypted: anyone holding it can read and use it), checks its signature with the cluster's key, and says whether the API server accepts it now. The console does the same: kubeplay token inspect TOKEN.",
        "서비스 어카운트 토큰(kubectl create token의 출력, Pod의 /var/run/secrets/kubernetes.io/serviceaccount/token, kubernetes.io/service-account-token 시크릿)을 붙여 넣거나 Pod를 고르세요. kubeplay가 JWT를 디코딩하고(base64url일 뿐 암호화가 아닙니다: 가진 사람은 누구나 읽고 쓸 수 있습니다), 클러스터의 키로 서명을 확인하고, 지금 API 서버가 받아들이는지 알려 줍니다. 콘솔에서도 같습니다: kubeplay token inspect TOKEN."
    ),
    /// The token inspector's text box label.
    TokenPaste => ("Token", "토큰"),
    /// The token inspector's pod picker label.
    TokenFromPod => ("or a pod's token", "또는 Pod의 토큰"),
    /// The token inspector's verdict heading when the API server accepts the token.
    TokenAccepted => ("Accepted now", "지금 유효함"),
    /// The token inspector's verdict heading when the API server refuses the token.
    TokenRejected => ("Rejected now (401 Unauthorized)", "지금 거부됨(401 Unauthorized)"),
    /// The console tab.
    Console => ("Console", "콘솔"),
    /// Namespaces heading.
    Namespaces => ("Namespaces", "네임스페이스"),
    /// Workloads heading (Deployment → ReplicaSets → Pods).
    Workloads => ("Deployments → ReplicaSets → Pods", "디플로이먼트 → 레플리카셋 → 파드"),
    /// Secrets heading.
    Secrets => ("Secrets", "시크릿"),
    /// Pods heading.
    Pods => ("Pods", "파드"),
    /// Nodes heading.
    Nodes => ("Nodes", "노드"),
    /// Show secret values.
    RevealValues => ("Reveal values", "값 보기"),
    /// Hide secret values.
    HideValues => ("Hide values", "값 숨기기"),
    /// A secret key column.
    Key => ("Key", "키"),
    /// A size column.
    Size => ("Size", "크기"),
    /// The decoded value column.
    Decoded => ("Decoded", "디코딩 값"),
    /// Pods using a secret.
    UsedByPods => ("Used by pods", "사용하는 파드"),
    /// The container's files heading.
    FilesTheContainerSees => ("Files the container sees", "컨테이너가 보는 파일"),
    /// The container's env heading.
    EnvironmentVariables => ("Environment variables", "환경 변수"),
    /// Where an env var came from.
    Source => ("Source", "출처"),
    /// A file mode.
    Mode => ("Mode", "권한"),
    /// A file's content.
    Content => ("Content", "내용"),
    /// The container's process heading.
    Process => ("Process", "프로세스"),
    /// The command line as run.
    CommandLine => ("Command line", "명령줄"),
    /// A container's state.
    State => ("State", "상태"),
    /// A process's exit code.
    ExitCode => ("Exit code", "종료 코드"),
    /// restartCount.
    Restarts => ("Restarts", "재시작 횟수"),
    /// lastState.
    LastState => ("Last state", "이전 상태"),
    /// No process yet.
    NoProcess => ("not started", "시작 전"),
    /// An assumption kubeplay made about a process.
    Assumption => ("Assumption", "가정"),
    /// The container's logs tab.
    Logs => ("Logs", "로그"),
    /// The previous run's log.
    PreviousLog => ("Previous run (kubectl logs -p)", "이전 실행 (kubectl logs -p)"),
    /// An empty log.
    EmptyLog => ("(the log is empty)", "(로그가 비어 있음)"),
    /// A container that has not started.
    NotStarted => ("The container has not started: it has no files or environment yet.", "컨테이너가 아직 시작되지 않아 파일과 환경 변수가 없습니다."),
    /// tmpfs use.
    TmpfsInUse => ("tmpfs in use", "사용 중인 tmpfs"),
    /// The node tree heading.
    KubeletDirectory => ("Kubelet directory on the node", "노드의 kubelet 디렉터리"),
    /// The node view's node authorizer section.
    NodeGraph => ("Node authorizer: the secrets this node's kubelet may read", "노드 인가자: 이 노드의 kubelet이 읽을 수 있는 시크릿"),
    /// No pod on the node refers to a secret.
    NodeGraphNone => (
        "No pod bound to this node refers to a secret, so its kubelet may read none.",
        "이 노드에 배치된 Pod 중 시크릿을 참조하는 Pod가 없어서 kubelet은 어떤 시크릿도 읽을 수 없습니다."
    ),
    /// The service accounts of the node's pods.
    NodeGraphServiceAccounts => (
        "Service accounts of its pods (the kubelet may request their tokens)",
        "이 노드 Pod들의 서비스 어카운트 (kubelet이 토큰을 요청할 수 있음)"
    ),
    /// The secrets the kubelet is refused.
    NodeGraphRefused => ("Refused: no path secret → pod → this node", "거부됨: 시크릿 → Pod → 이 노드 경로가 없음"),
    /// A pod names a secret that does not exist.
    NodeGraphMissing => ("does not exist", "존재하지 않음"),
    /// Edge: a secret volume.
    EdgeVolume => ("secret volume", "시크릿 볼륨"),
    /// Edge: a projected volume's secret source.
    EdgeProjected => ("projected volume", "projected 볼륨"),
    /// Edge: env secretKeyRef.
    EdgeEnv => ("env secretKeyRef", "env secretKeyRef"),
    /// Edge: envFrom secretRef.
    EdgeEnvFrom => ("envFrom secretRef", "envFrom secretRef"),
    /// Edge: imagePullSecrets.
    EdgeImagePullSecret => ("image pull secret", "이미지 풀 시크릿"),
    /// Edge: a volume plugin's secret reference.
    EdgeVolumePlugin => ("volume plugin secretRef", "볼륨 플러그인 secretRef"),
    /// Edge: the pod's service account.
    EdgeServiceAccount => ("runs as", "실행 계정"),
    /// The etcd view's warning.
    EtcdWarning => (
        "etcd holds Secret data unencrypted: base64 is an encoding, not encryption. Anyone who can read etcd (or its backups) can read every secret.",
        "etcd는 시크릿 데이터를 암호화하지 않고 저장합니다. base64는 인코딩일 뿐 암호화가 아닙니다. etcd(또는 백업)를 읽을 수 있으면 모든 시크릿을 읽을 수 있습니다."
    ),
    /// The etcd view's note when the API server encrypts Secrets at rest.
    EtcdEncrypted => (
        "The API server encrypts Secrets before writing them (--encryption-provider-config): new writes carry the k8s:enc:<provider>:v1:<key>: prefix. Secrets written earlier stay as they were until rewritten (kubectl get secrets -A -o json | kubectl replace -f -). Whoever may read them through the API still gets the plaintext.",
        "API 서버가 시크릿을 쓰기 전에 암호화합니다(--encryption-provider-config). 새로 쓰는 값에는 k8s:enc:<provider>:v1:<key>: 접두사가 붙습니다. 이전에 쓴 시크릿은 다시 쓰기 전까지 그대로입니다(kubectl get secrets -A -o json | kubectl replace -f -). API로 시크릿을 읽을 권한이 있으면 여전히 평문을 받습니다."
    ),
    /// The audit view without a policy.
    AuditOff => (
        "The API server runs without --audit-policy-file, so it logs nothing. Write a Policy in the console and restart it: kubeplay apiserver --audit-policy-file=audit.yaml",
        "API 서버가 --audit-policy-file 없이 실행 중이라 아무것도 기록하지 않습니다. 콘솔에서 Policy를 작성하고 다시 시작하세요: kubeplay apiserver --audit-policy-file=audit.yaml"
    ),
    /// The audit view's warning when events carry a Secret's data.
    AuditLeak => (
        "These events hold a Secret's data (base64 is not encryption): whoever reads the audit log reads the secret. Log secrets at the Metadata level.",
        "이 이벤트에는 시크릿 데이터가 들어 있습니다(base64는 암호화가 아닙니다). 감사 로그를 읽는 사람은 시크릿도 읽습니다. 시크릿은 Metadata 수준으로 기록하세요."
    ),
    /// The audit view's note: one line per event, as the log file holds it.
    AuditHelp => (
        "Each request writes RequestReceived and ResponseComplete events with one auditID, unless the policy omits a stage; the first matching rule sets the level. Requests of the cluster's own components are not logged here.",
        "각 요청은 같은 auditID로 RequestReceived와 ResponseComplete 이벤트를 기록합니다(정책이 단계를 생략하지 않는 한). 처음 일치하는 규칙이 수준을 정합니다. 클러스터 구성 요소 자신의 요청은 여기 기록되지 않습니다."
    ),
    /// The cache TTL setting's label.
    CacheTtlOverride => ("Cache TTL override (s)", "Cache TTL 재정의(초)"),
    /// What the cache TTL setting overrides.
    CacheTtlHelp => (
        "A real kubelet takes the Cache strategy's TTL from its Node's node.alpha.kubernetes.io/ttl annotation, which the TTL controller sets from the cluster's size (0 s up to 100 nodes). kubeplay lets you override it to watch the TTL at work.",
        "실제 kubelet은 Cache 전략의 TTL을 Node의 node.alpha.kubernetes.io/ttl 어노테이션에서 가져오며, TTL 컨트롤러가 클러스터 크기에 따라 이 값을 정합니다(노드 100개까지 0초). kubeplay에서는 TTL이 동작하는 모습을 보도록 이 값을 재정의할 수 있습니다."
    ),
    /// Copy the share link.
    CopyLink => ("Copy link", "링크 복사"),
    /// Reset everything.
    Reset => ("Reset", "초기화"),
    /// The reset confirmation.
    ConfirmReset => ("Erase the editor, the cluster and its history?", "편집기, 클러스터, 기록을 모두 지울까요?"),
    /// After copying a link.
    LinkCopied => (
        "Link copied. It carries your manifests in the clear: secret values in base64 are not encrypted.",
        "링크를 복사했습니다. 링크에는 매니페스트가 그대로 들어 있습니다. base64로 된 시크릿 값은 암호화된 것이 아닙니다."
    ),
    /// A link that failed.
    LinkError => ("This link could not be opened", "이 링크를 열 수 없습니다"),
    /// The banner's prefix when the session saved in this browser could not be restored.
    SavedSessionError => (
        "Your saved session could not be restored (it is kept aside in this browser)",
        "저장된 세션을 복원할 수 없습니다 (이 브라우저에 따로 보관되어 있습니다)"
    ),
    /// The banner's prefix when a lesson, settings change or session switch failed.
    ActionError => ("This could not be done", "이 작업을 할 수 없습니다"),
    /// The session is too large to save; the last saved copy is kept.
    TooLargeToSave => (
        "This session is too large to save; your last saved copy is kept",
        "이 세션은 너무 커서 저장할 수 없습니다. 마지막으로 저장된 사본은 그대로 남아 있습니다"
    ),
    /// Nothing to show.
    NothingSelected => ("Nothing selected.", "선택한 항목이 없습니다."),
    /// The console's placeholder.
    ConsolePlaceholder => ("Type a command, e.g. kubectl get secrets (Tab completes, ↑/↓ history)", "명령을 입력하세요. 예: kubectl get secrets (Tab 자동 완성, ↑/↓ 기록)"),
    /// The console's placeholder while a command keeps running (`get -w`, `logs -f`).
    ConsoleFollowing => ("Running until Ctrl+C. Step, Play or Apply to see more.", "Ctrl+C까지 실행 중. 단계·재생·적용으로 출력이 이어집니다."),
    /// The button that stops the running console command (Ctrl+C).
    StopCommand => ("Stop (Ctrl+C)", "중지 (Ctrl+C)"),
    /// The empty editor's placeholder.
    EditorPlaceholder => ("Paste Kubernetes YAML or JSON here (documents separated by ---), or pick one of the Examples, then Apply (Ctrl+Enter).", "Kubernetes YAML 또는 JSON을 여기에 붙여 넣거나(문서는 --- 로 구분) 예제를 고른 뒤 적용(Ctrl+Enter)하세요."),
    /// The first visit's welcome: title.
    WelcomeTitle => ("Welcome to kubeplay", "kubeplay에 오신 것을 환영합니다"),
    /// The first visit's welcome: what this is.
    WelcomeBody => ("A small Kubernetes v1.33 cluster runs inside this page: create Secrets, use them from pods as files and environment variables, and watch every step the API server and the kubelet take. Nothing is sent anywhere; your work stays in this browser.", "이 페이지 안에서 작은 Kubernetes v1.33 클러스터가 실행됩니다. 시크릿을 만들고 파드에서 파일과 환경 변수로 사용해 보면서, API 서버와 kubelet이 밟는 단계를 하나하나 지켜보세요. 아무것도 외부로 전송되지 않으며 작업은 이 브라우저에 남습니다."),
    /// The first visit's welcome: start the first lesson.
    WelcomeLesson => ("Start the first lesson", "첫 번째 레슨 시작"),
    /// The first visit's welcome: load the docs' example.
    WelcomeExample => ("Load the docs' example (mysecret and mypod)", "문서의 예제 불러오기 (mysecret과 mypod)"),
    /// The first visit's welcome: an empty editor.
    WelcomeEmpty => ("Start with an empty editor", "빈 편집기로 시작"),
    /// The view tabs' accessible name.
    Views => ("Views", "보기"),
    /// Badge of an env var or subPath file whose source changed since the container started.
    StaleAtStart => ("stale: set at container start", "오래된 값: 컨테이너 시작 때 설정됨"),
    /// Why it is stale.
    StaleWhy => ("Environment variables and subPath mounts are set once, when the container starts; a changed secret reaches them only when the container is restarted or the pod is recreated.", "환경 변수와 subPath 마운트는 컨테이너가 시작될 때 한 번만 설정됩니다. 바뀐 시크릿은 컨테이너가 재시작되거나 파드가 다시 만들어져야 반영됩니다."),
    /// What the source holds now.
    SourceNow => ("now in the source:", "원본의 현재 값:"),
    /// The source key or object is gone.
    SourceGone => ("the key or its object is gone", "키 또는 그 오브젝트가 사라졌습니다"),
    /// Run a console command.
    Run => ("Run", "실행"),
    /// The clock's "now".
    Now => ("now", "현재"),
    /// The clock's "step".
    StepWord => ("step", "단계"),
    /// The simulation notice.
    Simulated => ("Simulated: no real containers run and nothing leaves your browser.", "시뮬레이션입니다. 실제 컨테이너는 실행되지 않으며 어떤 데이터도 브라우저 밖으로 나가지 않습니다."),
    /// The lessons tab.
    Lessons => ("Lessons", "레슨"),
    /// Goals heading.
    Goals => ("Goals", "목표"),
    /// The language menu.
    Language => ("Language", "언어"),
    /// The apply shortcut.
    CtrlEnterApplies => ("Ctrl+Enter applies", "Ctrl+Enter로 적용"),
    /// Apply results.
    Applied => ("Applied", "적용 결과"),
    /// Leave the lesson.
    LeaveLesson => ("Leave lesson", "레슨 나가기"),
    /// The settings form.
    ClusterSettings => ("Cluster settings", "클러스터 설정"),
    /// The browser refused to save the work.
    SaveFailed => (
        "Your work could not be saved in this browser (storage is full or disabled).",
        "이 브라우저에 작업을 저장할 수 없습니다 (저장 공간이 가득 찼거나 꺼져 있습니다)."
    ),
    /// Replay with new settings.
    ReplayWithSettings => ("Replay with these settings", "이 설정으로 다시 실행"),
    /// A share link opened; the user's own work was set aside, not lost.
    WorkSetAside => (
        "This link opened beside your own work, which is kept.",
        "이 링크는 내 작업 옆에 열렸습니다. 내 작업은 그대로 남아 있습니다."
    ),
    /// Switch back to the work a link set aside.
    RestorePrevious => ("Switch to the other session", "다른 세션으로 전환"),
    /// The clipboard refused the share link (or there is none): copy it by hand.
    CopyByHand => (
        "The browser gave no clipboard access: the link is selected in the box, copy it by hand (Ctrl+C / ⌘C). It carries your manifests in the clear.",
        "브라우저가 클립보드를 허용하지 않았습니다. 상자 안에 선택된 링크를 직접 복사하세요(Ctrl+C / ⌘C). 링크에는 매니페스트가 그대로 들어 있습니다."
    ),
    /// The timeline filter's label.
    TimelineShow => ("Show", "보기"),
    /// Timeline filter: everything.
    FilterAll => ("Events and kubelet steps", "이벤트와 kubelet 단계"),
    /// Timeline filter: Kubernetes Events only.
    FilterEvents => ("Kubernetes Events only", "쿠버네티스 이벤트만"),
    /// Timeline filter: the kubelet's internal steps only.
    FilterInside => ("Inside the kubelet only", "kubelet 내부만"),
    /// The mark of a timeline entry that is not a Kubernetes Event.
    InsideKubelet => ("inside the kubelet", "kubelet 내부"),
    /// The app stopped on a bug; the work was saved first (the panic banner).
    Crashed => (
        "kubeplay stopped on an internal error (a bug in kubeplay, not in your manifests). Your editor text and session were saved first: reload to continue where you were.",
        "kubeplay가 내부 오류로 멈췄습니다(매니페스트가 아니라 kubeplay의 버그입니다). 편집기 내용과 세션은 먼저 저장했습니다. 다시 불러오면 하던 곳에서 이어집니다."
    ),
    /// The app stopped on a bug and the browser refused to save the work.
    CrashedUnsaved => (
        "kubeplay stopped on an internal error (a bug in kubeplay). Your work could not be saved in this browser: copy your editor text before you reload.",
        "kubeplay가 내부 오류로 멈췄습니다(kubeplay의 버그입니다). 이 브라우저에 작업을 저장할 수 없었습니다. 다시 불러오기 전에 편집기 내용을 복사해 두세요."
    ),
    /// Reload the page (the panic banner's button).
    Reload => ("Reload", "다시 불러오기"),
}

/// The text of `id` in `lang`.
pub fn tr(lang: Lang, id: Ui) -> &'static str {
    let (en, ko) = id.texts();
    match lang {
        Lang::En => en,
        Lang::Ko => ko,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_string_has_both_languages() {
        for id in Ui::ALL {
            let (en, ko) = id.texts();
            assert!(!en.trim().is_empty(), "{id:?} has no English text");
            assert!(!ko.trim().is_empty(), "{id:?} has no Korean text");
            assert_eq!(tr(Lang::En, *id), en);
            assert_eq!(tr(Lang::Ko, *id), ko);
        }
        // Every variant is in the table once.
        let mut ids: Vec<String> = Ui::ALL.iter().map(|i| format!("{i:?}")).collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), Ui::ALL.len());
    }

    #[test]
    fn language_codes() {
        assert_eq!(Lang::from_code("ko-KR"), Lang::Ko);
        assert_eq!(Lang::from_code("KO"), Lang::Ko);
        assert_eq!(Lang::from_code("en-US"), Lang::En);
        assert_eq!(Lang::from_code(""), Lang::En);
        assert_eq!(Lang::Ko.code(), "ko");
    }
}
