//! The token inspector view: a service-account token pasted or taken from a pod's projected
//! volume, decoded, its signature checked and judged as the API server would now
//! (`kubeplay_api::serviceaccount::inspect`; the same report `kubeplay token inspect` prints).

use kubeplay_api::serviceaccount::inspect::{inspect, SignatureCheck};

use super::state::State;

/// Where a pod's projected service-account token is mounted.
pub const TOKEN_PATH: &str = "/var/run/secrets/kubernetes.io/serviceaccount/token";

/// The most pods offered to pick a token from.
pub const TOKEN_PICKER_PODS: usize = 100;

/// The token to inspect.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TokenSource {
    /// Pasted text.
    Pasted(String),
    /// The token a pod's (first) container sees at [`TOKEN_PATH`]: namespace, name.
    Pod(String, String),
}

/// The inspector's report on one token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenReport {
    /// The whole report, as `kubeplay token inspect` prints it.
    pub text: String,
    /// The signature is the cluster's.
    pub signature_valid: bool,
    /// The API server accepts the token now.
    pub valid: bool,
    /// The verdict line (who it authenticates as, or why it is refused).
    pub verdict: String,
}

/// The token inspector view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenView {
    /// Pods with a projected token volume (namespace, name), to pick from.
    pub pods: Vec<(String, String)>,
    /// The report, or why the input is not a token (`None` with no input).
    pub report: Option<Result<TokenReport, String>>,
}

impl State {
    /// The inspector's view of `source` at the cluster's current time.
    pub fn token_inspector(&self, source: &TokenSource) -> TokenView {
        let cluster = self.playground().console().session.cluster();
        let token_of = |ns: &str, pod: &str| -> Option<String> {
            let v = kubeplay_cluster::container_view(cluster, ns, pod, None).ok()?;
            let (_, data, _) = v.files.get(TOKEN_PATH)?;
            Some(String::from_utf8_lossy(data).into_owned())
        };
        // Pods with the ServiceAccount admission's `kube-api-access-…` volume (the file is read
        // only for the pod picked).
        let pods = cluster
            .store()
            .pods()
            .filter(|p| p.spec.iter().flat_map(|s| s.volumes.iter().flatten()).any(|v| v.name.starts_with("kube-api-access-")))
            .filter_map(|p| Some((p.metadata.namespace.clone()?, p.metadata.name.clone()?)))
            .take(TOKEN_PICKER_PODS)
            .collect();
        let token = match source {
            TokenSource::Pasted(t) if t.trim().is_empty() => None,
            TokenSource::Pasted(t) => Some(Ok(t.clone())),
            TokenSource::Pod(ns, n) => {
                Some(token_of(ns, n).ok_or_else(|| format!("pod {ns}/{n} has no token mounted at {TOKEN_PATH}")))
            }
        };
        let now_s = (kubeplay_api::store::EPOCH_UNIX_MS + cluster.now_ms() as i64) / 1000;
        let report = token.map(|t| {
            let i = inspect(cluster.store(), &t?, now_s).map_err(|e| e.to_string())?;
            let text = kubeplay_kubectl::token_inspect::render(&i);
            // The verdict line without its heading (the view shows "Accepted now" / "Rejected now").
            let line = text.lines().last().unwrap_or_default().trim_start_matches("Verdict:").trim();
            let verdict =
                line.trim_start_matches("valid now: ").trim_start_matches("rejected now (401 Unauthorized): ").to_owned();
            Ok(TokenReport { signature_valid: i.signature == SignatureCheck::Valid, valid: i.verdict.is_ok(), verdict, text })
        });
        TokenView { pods, report }
    }
}
