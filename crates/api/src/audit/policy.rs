//! The audit `Policy` (audit.k8s.io/v1) kube-apiserver reads from `--audit-policy-file`:
//! decoded as `staging/src/k8s.io/apiserver/pkg/audit/policy/reader.go` `LoadPolicyFromBytes`
//! does, validated with `staging/src/k8s.io/apiserver/pkg/apis/audit/validation/validation.go`,
//! and evaluated per request as `pkg/audit/policy/checker.go` does (first matching rule wins).

use serde::Deserialize;

use super::{Level, Stage};
use crate::authentication::UserInfo;
use crate::field::{go_quote, BadValue, FieldError};

/// `GroupResources`: resources of one API group, optionally only some names.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(default, rename_all = "camelCase")]
pub struct GroupResources {
    /// The API group (`""`: core).
    pub group: String,
    /// `secrets`, `pods/log`, `*`, `*/status`, `pods/*`.
    pub resources: Vec<String>,
    /// Only these object names (needs `resources`).
    pub resource_names: Vec<String>,
}

/// `PolicyRule`: what to log for requests the rule matches.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(default, rename_all = "camelCase")]
pub struct PolicyRule {
    /// `None`, `Metadata`, `Request` or `RequestResponse`.
    pub level: String,
    /// Only requests by these users (the authenticated user, not an impersonated one).
    pub users: Vec<String>,
    /// Only requests by members of one of these groups.
    pub user_groups: Vec<String>,
    /// Only these verbs.
    pub verbs: Vec<String>,
    /// Only these resources.
    pub resources: Vec<GroupResources>,
    /// Only these namespaces (`""`: cluster-scoped objects).
    pub namespaces: Vec<String>,
    /// Only these non-resource paths (`/healthz*`).
    #[serde(rename = "nonResourceURLs")]
    pub non_resource_urls: Vec<String>,
    /// Stages not to log, on top of the policy's.
    pub omit_stages: Vec<String>,
    /// Drop `metadata.managedFields` from logged objects (overrides the policy's).
    pub omit_managed_fields: Option<bool>,
}

/// `Policy`: the whole file.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(default, rename_all = "camelCase")]
pub struct Policy {
    /// Must be `audit.k8s.io/v1`.
    pub api_version: String,
    /// Must be `Policy`.
    pub kind: String,
    /// The rules, first match wins.
    pub rules: Vec<PolicyRule>,
    /// Stages no rule logs.
    pub omit_stages: Vec<String>,
    /// Drop `metadata.managedFields` from logged objects.
    pub omit_managed_fields: bool,
}

/// The docs' minimal policy ("Log all requests at the Metadata level",
/// `content/en/docs/tasks/debug/debug-cluster/audit.md`).
pub const METADATA_POLICY: &str = "apiVersion: audit.k8s.io/v1\nkind: Policy\nrules:\n- level: Metadata\n";

/// validation.go `validLevels`.
const VALID_LEVELS: &[&str] = &["None", "Metadata", "Request", "RequestResponse"];
/// validation.go `validOmitStages`.
const VALID_STAGES: &[&str] = &["RequestReceived", "ResponseStarted", "ResponseComplete", "Panic"];

/// `%#v` of a `[]string`.
fn go_string_slice(v: &[String]) -> String {
    format!("[]string{{{}}}", v.iter().map(|s| go_quote(s)).collect::<Vec<_>>().join(", "))
}

/// `ValidatePolicy`.
pub fn validate(p: &Policy) -> Vec<FieldError> {
    let mut errs = validate_omit_stages(&p.omit_stages, "omitStages");
    for (i, rule) in p.rules.iter().enumerate() {
        let path = format!("rules[{i}]");
        // validateLevel.
        match rule.level.as_str() {
            "None" | "Metadata" | "Request" | "RequestResponse" => {}
            "" => errs.push(FieldError::required(format!("{path}.level"), "")),
            other => errs.push(FieldError::not_supported(format!("{path}.level"), other, VALID_LEVELS)),
        }
        // validateNonResourceURLs.
        for (j, url) in rule.non_resource_urls.iter().enumerate() {
            if url == "*" {
                continue;
            }
            let f = format!("{path}.nonResourceURLs[{j}]");
            if !url.starts_with('/') {
                errs.push(FieldError::invalid(&f, url.as_str(), "non-resource URL rules must begin with a '/' character"));
            }
            let head = url.char_indices().last().map_or("", |(k, _)| &url[..k]);
            if head.contains('*') {
                errs.push(FieldError::invalid(
                    &f,
                    url.as_str(),
                    "non-resource URL wildcards '*' must be the final character of the rule",
                ));
            }
        }
        // validateResources.
        for gr in &rule.resources {
            if !gr.group.is_empty() {
                let msgs = crate::validation::names::is_dns1123_subdomain(&gr.group);
                if !msgs.is_empty() {
                    errs.push(FieldError::invalid(format!("{path}.resources.group"), gr.group.as_str(), msgs.join(",")));
                }
            }
            if !gr.resource_names.is_empty() && gr.resources.is_empty() {
                errs.push(FieldError::invalid(
                    format!("{path}.resources.resourceNames"),
                    BadValue::Raw(go_string_slice(&gr.resource_names)),
                    "using resourceNames requires at least one resource",
                ));
            }
        }
        errs.extend(validate_omit_stages(&rule.omit_stages, &format!("{path}.omitStages")));
        if !rule.non_resource_urls.is_empty() && (!rule.resources.is_empty() || !rule.namespaces.is_empty()) {
            errs.push(FieldError::invalid(
                format!("{path}.nonResourceURLs"),
                BadValue::Raw(go_string_slice(&rule.non_resource_urls)),
                "rules cannot apply to both regular resources and non-resource URLs",
            ));
        }
    }
    errs
}

fn validate_omit_stages(stages: &[String], path: &str) -> Vec<FieldError> {
    stages
        .iter()
        .enumerate()
        .filter(|(_, s)| !VALID_STAGES.contains(&s.as_str()))
        .map(|(i, s)| {
            FieldError::invalid(format!("{path}[{i}]"), s.as_str(), format!("allowed stages are {}", VALID_STAGES.join(",")))
        })
        .collect()
}

/// Loads `--audit-policy-file=path` holding `text`, with kube-apiserver's error texts
/// (`server/options/audit.go`: `loading audit policy file: %v`; reader.go: `%v: from file %v`).
pub fn load(text: &str, path: &str) -> Result<Policy, String> {
    let wrap = |e: String| format!("loading audit policy file: {e}: from file {path}");
    let stream = crate::yaml::load(text);
    if let Some(e) = stream.error {
        // yaml.YAMLToJSON's error, e.g. `yaml: line 8: did not find expected key`.
        return Err(wrap(format!("failed decoding: {}", e.message)));
    }
    let value = stream.docs.into_iter().next().map(|d| d.value).unwrap_or(serde_json::Value::Null);
    let policy: Policy = if value.is_null() {
        Policy::default()
    } else {
        serde_json::from_value(value).map_err(|e| wrap(format!("failed decoding: {e}")))?
    };
    if policy.api_version != "audit.k8s.io/v1" || policy.kind != "Policy" {
        // kubeplay's wording: v1.33's audit scheme knows only audit.k8s.io/v1 Policy (v1alpha1
        // and v1beta1 were removed in 1.24); the universal decoder's text depends on what is off.
        return Err(wrap(format!(
            "failed decoding: kubeplay: the file must hold apiVersion audit.k8s.io/v1, kind Policy (got apiVersion {}, kind {})",
            go_quote(&policy.api_version),
            go_quote(&policy.kind)
        )));
    }
    let errs = validate(&policy);
    if !errs.is_empty() {
        // field.ErrorList.ToAggregate(): one error as is, several as `[a, b]` (duplicates once).
        let mut msgs: Vec<String> = Vec::new();
        for e in &errs {
            let s = e.to_string();
            if !msgs.contains(&s) {
                msgs.push(s);
            }
        }
        return Err(wrap(if msgs.len() == 1 { msgs.concat() } else { format!("[{}]", msgs.join(", ")) }));
    }
    if policy.rules.is_empty() {
        return Err(wrap("loaded illegal policy with 0 rules".to_owned()));
    }
    Ok(policy)
}

/// What a request looks like to the policy checker (`authorizer.Attributes`).
#[derive(Debug, Clone, Copy)]
pub struct RequestAttributes<'a> {
    /// The authenticated user (before impersonation: the audit filter runs first).
    pub user: &'a UserInfo,
    /// The verb.
    pub verb: &'a str,
    /// API group.
    pub group: &'a str,
    /// Plural resource.
    pub resource: &'a str,
    /// Subresource or empty.
    pub subresource: &'a str,
    /// Namespace (empty for cluster-scoped).
    pub namespace: &'a str,
    /// Object name (empty for list and create).
    pub name: &'a str,
}

impl Policy {
    /// `LevelAndStages`: the first matching rule's level and its omitted stages (with the
    /// policy's, `NewChecker` unionStages); no match is `None` (`DefaultAuditLevel`).
    pub fn level_and_stages(&self, a: &RequestAttributes<'_>) -> (Level, Vec<Stage>) {
        let union = |rule: &[String]| -> Vec<Stage> {
            let mut out: Vec<Stage> = Vec::new();
            for s in self.omit_stages.iter().chain(rule.iter()).filter_map(|s| Stage::parse(s)) {
                if !out.contains(&s) {
                    out.push(s);
                }
            }
            out
        };
        for rule in &self.rules {
            if rule_matches(rule, a) {
                return (Level::parse(&rule.level).unwrap_or(Level::None), union(&rule.omit_stages));
            }
        }
        (Level::None, union(&[]))
    }
}

/// checker.go `ruleMatches` (every console request is a resource request).
fn rule_matches(r: &PolicyRule, a: &RequestAttributes<'_>) -> bool {
    if !r.users.is_empty() && !r.users.contains(&a.user.name) {
        return false;
    }
    if !r.user_groups.is_empty() && !a.user.groups.iter().any(|g| r.user_groups.contains(g)) {
        return false;
    }
    if !r.verbs.is_empty() && !r.verbs.iter().any(|v| v == a.verb) {
        return false;
    }
    if !r.namespaces.is_empty() || !r.resources.is_empty() {
        return rule_matches_resource(r, a);
    }
    // ruleMatchesNonResource: a resource request never matches a non-resource rule.
    r.non_resource_urls.is_empty()
}

/// checker.go `ruleMatchesResource`.
fn rule_matches_resource(r: &PolicyRule, a: &RequestAttributes<'_>) -> bool {
    if !r.namespaces.is_empty() && !r.namespaces.iter().any(|n| n == a.namespace) {
        return false;
    }
    if r.resources.is_empty() {
        return true;
    }
    let combined = if a.subresource.is_empty() { a.resource.to_owned() } else { format!("{}/{}", a.resource, a.subresource) };
    for gr in r.resources.iter().filter(|gr| gr.group == a.group) {
        if gr.resources.is_empty() {
            return true;
        }
        if !gr.resource_names.is_empty() && !gr.resource_names.iter().any(|n| n == a.name) {
            continue;
        }
        for res in &gr.resources {
            if *res == combined || res == "*" {
                return true;
            }
            if !a.subresource.is_empty() && res.strip_prefix("*/") == Some(a.subresource) {
                return true;
            }
            if res.strip_suffix("/*") == Some(a.resource) {
                return true;
            }
        }
    }
    false
}
