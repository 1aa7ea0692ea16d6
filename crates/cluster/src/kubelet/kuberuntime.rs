//! The command line a container's process runs: the pod's `command`/`args` with Kubernetes'
//! `$(VAR)` expansion, merged with the image's `ENTRYPOINT`/`CMD`.
//!
//! Mirrors `pkg/kubelet/container/helpers.go` (`ExpandContainerCommandAndArgs`, over
//! `third_party/forked/golang/expansion/expand.go`) and the runtime's merge of the image config
//! (containerd `WithProcessArgs`: `command` replaces ENTRYPOINT and drops CMD; `args` replaces CMD).

use super::images::ImageDefaults;
use super::EnvEntry;

/// `expansion.Expand`: `$(VAR)` becomes the variable's value, `$$` a single `$`, an unknown
/// or unterminated reference stays as written, and any other `$` is kept.
pub fn expand(input: &str, env: &[(String, String)]) -> String {
    let mut out = String::with_capacity(input.len());
    let mut rest = input;
    while let Some(i) = rest.find('$') {
        out.push_str(rest.get(..i).unwrap_or(""));
        let after = rest.get(i + 1..).unwrap_or("");
        if let Some(tail) = after.strip_prefix('$') {
            out.push('$');
            rest = tail;
        } else if let Some(body) = after.strip_prefix('(') {
            match body.find(')') {
                Some(j) => {
                    let name = body.get(..j).unwrap_or("");
                    match env.iter().find(|(k, _)| k == name) {
                        Some((_, v)) => out.push_str(v),
                        None => {
                            out.push_str("$(");
                            out.push_str(name);
                            out.push(')');
                        }
                    }
                    rest = body.get(j + 1..).unwrap_or("");
                }
                None => {
                    out.push_str("$(");
                    rest = body;
                }
            }
        } else {
            out.push('$');
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

/// `$(VAR)` expansion over the env entries resolved so far (env values may refer to earlier ones).
pub(crate) fn expand_entries(input: &str, env: &[EnvEntry]) -> String {
    let pairs: Vec<(String, String)> = env.iter().map(|e| (e.name.clone(), e.value.clone())).collect();
    expand(input, &pairs)
}

/// The argv the runtime starts: `command` (expanded) replaces the image's ENTRYPOINT and
/// drops its CMD; `args` (expanded) replaces the CMD; otherwise the image's own. `image` is
/// `None` for an image outside the catalogue (its defaults are unknown).
pub fn process_argv(command: &[String], args: &[String], image: Option<&ImageDefaults>, env: &[(String, String)]) -> Vec<String> {
    let command: Vec<String> = command.iter().map(|c| expand(c, env)).collect();
    let args: Vec<String> = args.iter().map(|a| expand(a, env)).collect();
    let owned = |s: &[&str]| s.iter().map(|x| (*x).to_owned()).collect::<Vec<_>>();
    let entrypoint = if command.is_empty() { image.map(|d| owned(d.entrypoint)).unwrap_or_default() } else { command.clone() };
    let cmd = if !args.is_empty() {
        args
    } else if command.is_empty() {
        image.map(|d| owned(d.cmd)).unwrap_or_default()
    } else {
        Vec::new()
    };
    entrypoint.into_iter().chain(cmd).collect()
}

#[cfg(test)]
mod tests {
    use super::super::images::image_defaults;
    use super::*;

    fn s(v: &[&str]) -> Vec<String> {
        v.iter().map(|x| (*x).to_owned()).collect()
    }

    #[test]
    fn expansion_follows_kubernetes_rules() {
        let env = vec![("A".to_owned(), "x".to_owned())];
        assert_eq!(expand("$(A)-$(B)-$$(A)", &env), "x-$(B)-$(A)");
        assert_eq!(expand("$(A", &env), "$(A");
        assert_eq!(expand("a$b$", &env), "a$b$");
    }

    #[test]
    fn command_and_args_merge_with_the_image() {
        let nginx = image_defaults("nginx");
        let env = vec![("MSG".to_owned(), "hi".to_owned())];
        assert_eq!(process_argv(&[], &[], nginx, &env), s(&["/docker-entrypoint.sh", "nginx", "-g", "daemon off;"]));
        assert_eq!(process_argv(&s(&["sleep"]), &[], nginx, &env), s(&["sleep"]));
        assert_eq!(process_argv(&[], &s(&["echo", "$(MSG)"]), nginx, &env), s(&["/docker-entrypoint.sh", "echo", "hi"]));
        assert_eq!(process_argv(&s(&["sh", "-c"]), &s(&["echo $(MSG) $$(MSG)"]), None, &env), s(&["sh", "-c", "echo hi $(MSG)"]));
        assert_eq!(process_argv(&[], &[], None, &env), Vec::<String>::new());
    }
}
