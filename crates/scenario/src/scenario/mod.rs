//! Scenarios: a YAML file that sets up a playground (settings, manifests, console commands,
//! editor text), explains a concept in English and Korean, and lists goals that check
//! themselves against the cluster. Lessons and trainers' workshop files use the same format.
//!
//! A commented example (see also `docs/scenarios.md`):
//!
//! ```yaml
//! id: workshop-volume              # letters, digits, '-'; becomes the recipe's `lesson`
//! title: {en: Mount a secret, ko: 시크릿 마운트하기}
//! text:
//!   en: |
//!     Create the secret `mysecret`, then apply the pod in the editor.
//!   ko: |
//!     시크릿 `mysecret`을 만들고 에디터의 파드를 apply 하세요.
//! settings:                        # all optional; these are the defaults
//!   nodes: 1
//!   seed: 1
//!   strategy: Watch                # Watch | Cache | Get (the kubelet's secret manager)
//!   syncPeriod: 60s                # kubelet syncFrequency
//!   cacheTTL: 60s                  # TTL of the Cache strategy
//! start: |                         # manifests applied at start (kubectl apply -f)
//!   apiVersion: v1
//!   kind: Namespace
//!   metadata: {name: team-a}
//! setup: |                         # console commands run at start (after `start`)
//!   echo -n admin > username.txt
//! runAtStart: idle                 # optional: `idle` or a duration such as 30s
//! editor: |                        # text put in the editor, NOT applied
//!   apiVersion: v1
//!   kind: Pod
//!   ...
//! script: |                        # optional reference solution (console commands);
//!   kubectl create secret generic mysecret --from-literal=password=s3cret   # run by `kubeplay check`,
//!   kubectl apply -f pod.yaml      # never at start, and left out of share links
//! goals:
//! - text: {en: mypod is Running, ko: mypod가 Running 상태}
//!   pod: mypod
//!   phase: Running
//! - text: {en: the password file has mode 0400, ko: password 파일의 권한이 0400}
//!   file: /etc/foo/password
//!   pod: mypod
//!   container: mypod               # optional: the first container by default
//!   mode: "0400"                   # a quoted octal string, or a number (256)
//! ```
//!
//! Goal kinds (every goal also takes `namespace`, default `default`): `pod` (+`phase`,
//! `status`, `absent`), `file` (+`pod`, `container`, `mode`, `content`, `absent`), `env`
//! (+`pod`, `container`, `value`, `equalsSecret: {name, key}`, `absent`), `event: {reason,
//! type, pod, message}`, `secret` (+`keys`, `data`, `type`, `absent`), `secretImmutable`,
//! `noFileOfSecret` (+`visibleTo`, `container`), `tmpfsHolds: {name, key}` (+`absent`),
//! `secretShows: {name, value}` (+`absent`), `etcdContains`, `etcdStored` (+`prefix`),
//! `encryptionKeys` (+`provider`), `auditLogged` (+`leaks`), `canI` (+`as`, `asGroups`,
//! `allowed`), `deployment` (+`revision`, `rolledOut`, `podsEnv`, `container`), `commandRun` (+`output`). Unknown or misplaced keys are errors naming
//! their path, e.g. `goals[2].fille: unknown field`.

mod checks;
mod format;
mod goals;
mod model;
mod security;
mod start;
mod text;
mod workloads;

pub use crate::error::{Error as ScenarioError, Result};
pub use format::parse_duration_ms;
pub use goals::{
    CanIAsk, Check, ContainerRef, DeploymentExpect, EnvExpect, FileExpect, Goal, GoalResult, PodRef, SecretKeyRef, SecretShows,
};
pub use model::{Scenario, StartAt, MAX_DURATION_MS, MAX_GOALS, MAX_SCENARIO_BYTES};
pub use text::Text;
