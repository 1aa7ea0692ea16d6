//! Goals: checkable statements about the playground, and the result of evaluating one.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::text::Text;

/// A pod by namespace and name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PodRef {
    /// Namespace.
    pub namespace: String,
    /// Name.
    pub name: String,
}

/// A container of a pod (`None`: the pod's first container).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContainerRef {
    /// The pod.
    pub pod: PodRef,
    /// The container name.
    pub container: Option<String>,
}

/// A key of a secret.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SecretKeyRef {
    /// Secret name (same namespace as the goal).
    pub name: String,
    /// Key.
    pub key: String,
}

/// A secret and a text it may show in the clear (`secretShows: {name, value}`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SecretShows {
    /// Secret name (same namespace as the goal).
    pub name: String,
    /// The plain text to look for.
    pub value: String,
}

/// What a file goal expects.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileExpect {
    /// The file exists (any content, any mode).
    Exists,
    /// No such file in the container.
    Absent,
    /// The file exists and its mode and/or content are these.
    Is {
        /// Permission bits, e.g. `0o400`.
        mode: Option<u32>,
        /// Exact content.
        content: Option<String>,
    },
}

/// What an environment goal expects.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EnvExpect {
    /// The variable is set (any value).
    Exists,
    /// The variable is not set.
    Absent,
    /// The variable has this value.
    Value(String),
    /// The variable equals a secret's key as the secret is stored now.
    EqualsSecret(SecretKeyRef),
}

/// A checkable statement about the playground.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Check {
    /// The pod exists, with this phase and/or STATUS column (`kubectl get pods`).
    Pod {
        /// The pod.
        pod: PodRef,
        /// `status.phase`, e.g. `Running`.
        phase: Option<String>,
        /// The STATUS column, e.g. `ContainerCreating`.
        status: Option<String>,
    },
    /// The pod does not exist (deleted and gone from the node).
    PodAbsent(PodRef),
    /// A file inside a started container.
    File {
        /// Where.
        at: ContainerRef,
        /// Absolute path in the container.
        path: String,
        /// What is expected.
        expect: FileExpect,
    },
    /// An environment variable of a started container.
    Env {
        /// Where.
        at: ContainerRef,
        /// Variable name.
        name: String,
        /// What is expected.
        expect: EnvExpect,
    },
    /// An event with this reason happened (ever, in the event log).
    Event {
        /// Reason, e.g. `FailedMount`.
        reason: String,
        /// `Normal` or `Warning`.
        type_: Option<String>,
        /// The pod it is about (with the goal's namespace).
        pod: Option<PodRef>,
        /// Text the message contains.
        message: Option<String>,
    },
    /// A secret exists with these keys, decoded values and type (or is absent).
    Secret {
        /// Namespace.
        namespace: String,
        /// Name.
        name: String,
        /// Keys it must have (at least these).
        keys: Vec<String>,
        /// Keys with their exact decoded values.
        data: BTreeMap<String, String>,
        /// `type`, e.g. `kubernetes.io/dockerconfigjson`.
        type_: Option<String>,
        /// The secret must not exist.
        absent: bool,
    },
    /// The secret exists and has `immutable: true`.
    SecretImmutable {
        /// Namespace.
        namespace: String,
        /// Name.
        name: String,
    },
    /// The pod is running and none of its files (in one container, or any) holds a value of the secret.
    NoFileOfSecret {
        /// Namespace of the secret.
        namespace: String,
        /// The secret.
        secret: String,
        /// Where to look.
        visible_to: ContainerRef,
    },
    /// Some node's tmpfs holds a file with exactly this secret value (or, `absent`, none does).
    TmpfsHolds {
        /// Namespace of the secret.
        namespace: String,
        /// The secret key.
        key: SecretKeyRef,
        /// Expect that no node holds it.
        absent: bool,
    },
    /// Whoever can read the secret through the API (`kubectl get secret NAME -o yaml`) sees
    /// this text in the clear: in its metadata (annotations, labels) or elsewhere in the
    /// object, not counting `data`, which the API returns base64-encoded (or, `absent`, nowhere).
    SecretShows {
        /// Namespace.
        namespace: String,
        /// The secret and the text (`{name, value}`).
        shows: SecretShows,
        /// Expect the text not to be shown.
        absent: bool,
    },
    /// A value stored in etcd contains this text (secret data as etcd holds it: plain bytes).
    EtcdContains(String),
    /// The bytes etcd holds for the secret begin with this prefix (`k8s:enc:aescbc:v1:key2:`).
    EtcdStored {
        /// Namespace.
        namespace: String,
        /// The secret.
        name: String,
        /// What the stored value starts with.
        prefix: String,
    },
    /// The running API server encrypts Secrets with this provider (its first one for `secrets`)
    /// and exactly these keys, in this order (the first key encrypts).
    EncryptionKeys {
        /// `aescbc`, `aesgcm`, `secretbox`, `kms` or `identity`; any when `None`.
        provider: Option<String>,
        /// The key names.
        keys: Vec<String>,
    },
    /// The audit log has events about the secret, and one of its values is (`leaks`) or is not
    /// anywhere in the log (base64 as in a logged object, or plain as in a logged patch).
    AuditLogged {
        /// Namespace.
        namespace: String,
        /// The secret.
        name: String,
        /// Whether its data is in the log.
        leaks: bool,
    },
    /// The API server's authorizers (`Node,RBAC`) allow, or deny, a request by this user now,
    /// as `kubectl auth can-i VERB RESOURCE[/NAME] --as=USER [--as-group=G]…` asks them.
    CanI {
        /// The question.
        ask: CanIAsk,
        /// Whether it must be allowed.
        allowed: bool,
    },
    /// A Deployment: its revision, whether its rollout is done (as `kubectl rollout status` says
    /// "successfully rolled out"), and the env its current ReplicaSet's pods started with.
    Deployment(DeploymentExpect),
    /// The console transcript has a command containing this text (with output containing `output`).
    CommandRun {
        /// Text the command contains.
        command: String,
        /// Text its output (stdout + stderr) contains.
        output: Option<String>,
    },
}

/// A goal: its text and its check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Goal {
    /// What the learner should achieve.
    pub text: Text,
    /// How it is checked.
    pub check: Check,
}

/// The result of evaluating a goal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GoalResult {
    /// The goal's text.
    pub text: Text,
    /// Whether it holds now.
    pub met: bool,
    /// What was found (English, for the learner and for `kubeplay check`).
    pub detail: String,
}

/// A `canI` goal's question: who asks to do what to which object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CanIAsk {
    /// The user (`jane`, `system:serviceaccount:dev:app`, `system:node:node-1`).
    pub user: String,
    /// Its groups (`--as-group`), e.g. `system:nodes`.
    pub groups: Vec<String>,
    /// The verb, e.g. `get`.
    pub verb: String,
    /// The plural resource, e.g. `secrets`.
    pub resource: String,
    /// The API group (`""` for core; `deployments.apps` names `apps`).
    pub group: String,
    /// The object name, or empty.
    pub name: String,
    /// The namespace (the goal's).
    pub namespace: String,
}

/// What a `deployment` goal expects of a Deployment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeploymentExpect {
    /// Namespace.
    pub namespace: String,
    /// Name.
    pub name: String,
    /// The `deployment.kubernetes.io/revision` annotation, e.g. `2`.
    pub revision: Option<String>,
    /// The rollout is complete: every replica updated and available, no old replica left.
    pub rolled_out: bool,
    /// Variables every pod of the current ReplicaSet (as many as `spec.replicas`) started with.
    pub pods_env: BTreeMap<String, String>,
    /// The container whose env is read (the first by default).
    pub container: Option<String>,
}
