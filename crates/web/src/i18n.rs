//! UI strings in English and Korean. Kubernetes terms and kubectl output stay as
//! Kubernetes prints them.

/// The UI language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    /// English.
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
    /// From a stored or browser language code.
    pub fn from_code(code: &str) -> Lang {
        if code.to_ascii_lowercase().starts_with("ko") {
            Lang::Ko
        } else {
            Lang::En
        }
    }
}

/// The text of `en` in `lang`.
pub fn tr(lang: Lang, en: &'static str) -> &'static str {
    if lang == Lang::En {
        return en;
    }
    match en {
        "Kubernetes Secrets playground" => "쿠버네티스 시크릿 플레이그라운드",
        "Manifests" => "매니페스트",
        "Apply" => "적용",
        "Examples…" => "예제…",
        "Time" => "시간",
        "Step" => "한 단계",
        "Step back" => "한 단계 뒤로",
        "Play" => "재생",
        "Pause" => "일시정지",
        "Run until idle" => "안정될 때까지 실행",
        "Jump to (s)" => "이동 (초)",
        "Go" => "이동",
        "steps/s" => "단계/초",
        "Timeline" => "타임라인",
        "No events yet. Apply a manifest, then step or run." => "아직 이벤트가 없습니다. 매니페스트를 적용한 뒤 한 단계씩 진행하거나 실행하세요.",
        "Resources" => "리소스",
        "Secret" => "시크릿",
        "Pod" => "파드",
        "Container" => "컨테이너",
        "Node" => "노드",
        "etcd" => "etcd",
        "Console" => "콘솔",
        "Namespaces" => "네임스페이스",
        "Secrets" => "시크릿",
        "Pods" => "파드",
        "Nodes" => "노드",
        "Reveal values" => "값 보기",
        "Hide values" => "값 숨기기",
        "Key" => "키",
        "Size" => "크기",
        "Decoded" => "디코딩 값",
        "Used by pods" => "사용하는 파드",
        "Files the container sees" => "컨테이너가 보는 파일",
        "Environment variables" => "환경 변수",
        "Source" => "출처",
        "Mode" => "권한",
        "Content" => "내용",
        "The container has not started: it has no files or environment yet." => "컨테이너가 아직 시작되지 않아 파일과 환경 변수가 없습니다.",
        "tmpfs in use" => "사용 중인 tmpfs",
        "Kubelet directory on the node" => "노드의 kubelet 디렉터리",
        "etcd holds Secret data unencrypted: base64 is an encoding, not encryption. Anyone who can read etcd (or its backups) can read every secret." =>
            "etcd는 시크릿 데이터를 암호화하지 않고 저장합니다. base64는 인코딩일 뿐 암호화가 아닙니다. etcd(또는 백업)를 읽을 수 있으면 모든 시크릿을 읽을 수 있습니다.",
        "Copy link" => "링크 복사",
        "Reset" => "초기화",
        "Erase the editor, the cluster and its history?" => "편집기, 클러스터, 기록을 모두 지울까요?",
        "Link copied. It carries your manifests in the clear: secret values in base64 are not encrypted." =>
            "링크를 복사했습니다. 링크에는 매니페스트가 그대로 들어 있습니다. base64로 된 시크릿 값은 암호화된 것이 아닙니다.",
        "This link could not be opened" => "이 링크를 열 수 없습니다",
        "Nothing selected." => "선택한 항목이 없습니다.",
        "Type a command, e.g. kubectl get secrets (Tab completes, ↑/↓ history)" => "명령을 입력하세요. 예: kubectl get secrets (Tab 자동 완성, ↑/↓ 기록)",
        "Run" => "실행",
        "now" => "현재",
        "step" => "단계",
        "Simulated: no real containers run and nothing leaves your browser." => "시뮬레이션입니다. 실제 컨테이너는 실행되지 않으며 어떤 데이터도 브라우저 밖으로 나가지 않습니다.",
        "Lessons" => "레슨",
        "Goals" => "목표",
        "Language" => "언어",
        "Ctrl+Enter applies" => "Ctrl+Enter로 적용",
        "Applied" => "적용 결과",
        "Leave lesson" => "레슨 나가기",
        "Cluster settings" => "클러스터 설정",
        "Replay with these settings" => "이 설정으로 다시 실행",
        _ => en,
    }
}
