//! The catalogue of images kubeplay knows: each one's `ENTRYPOINT` and `CMD` as its image
//! config sets them (the Dockerfiles cited per entry), which the container runtime runs when the
//! pod gives no `command`/`args`. An image outside the catalogue runs its pod's `command`, or,
//! with none, is assumed to run until stopped — and the views say that is an assumption.

use super::normalize_image;

/// An image's default process, from its image config.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ImageDefaults {
    /// The repository, normalised as the runtime names it (`docker.io/library/busybox`).
    pub repository: &'static str,
    /// `ENTRYPOINT`.
    pub entrypoint: &'static [&'static str],
    /// `CMD`.
    pub cmd: &'static [&'static str],
    /// Where the values come from.
    pub source: &'static str,
}

/// The images the Kubernetes docs use, with their defaults.
pub const CATALOGUE: &[ImageDefaults] = &[
    ImageDefaults {
        repository: "docker.io/library/busybox",
        entrypoint: &[],
        cmd: &["sh"],
        source: "docker-library/busybox latest-1/musl/amd64/image-config.json",
    },
    ImageDefaults {
        // The old busybox 1.24 image the Kubernetes docs and e2e tests use; built FROM busybox.
        repository: "registry.k8s.io/busybox",
        entrypoint: &[],
        cmd: &["sh"],
        source: "assumed identical to docker.io/library/busybox (its image config was not found)",
    },
    ImageDefaults {
        repository: "docker.io/library/alpine",
        entrypoint: &[],
        cmd: &["/bin/sh"],
        source: "alpinelinux/docker-alpine Dockerfile (CMD [\"/bin/sh\"])",
    },
    ImageDefaults {
        repository: "docker.io/library/ubuntu",
        entrypoint: &[],
        cmd: &["/bin/bash"],
        source: "docker-library ubuntu Dockerfile (CMD [\"/bin/bash\"])",
    },
    ImageDefaults {
        repository: "docker.io/library/debian",
        entrypoint: &[],
        cmd: &["bash"],
        source: "debuerreotype debian Dockerfile (CMD [\"bash\"])",
    },
    ImageDefaults {
        repository: "docker.io/library/nginx",
        entrypoint: &["/docker-entrypoint.sh"],
        cmd: &["nginx", "-g", "daemon off;"],
        source: "nginx/docker-nginx mainline/debian/Dockerfile",
    },
    ImageDefaults {
        repository: "docker.io/library/redis",
        entrypoint: &["docker-entrypoint.sh"],
        cmd: &["redis-server"],
        source: "docker-library/redis debian/Dockerfile",
    },
    ImageDefaults {
        repository: "docker.io/library/python",
        entrypoint: &[],
        cmd: &["python3"],
        source: "docker-library/python Dockerfile (CMD [\"python3\"])",
    },
    ImageDefaults {
        repository: "docker.io/library/node",
        entrypoint: &["docker-entrypoint.sh"],
        cmd: &["node"],
        source: "nodejs/docker-node Dockerfile",
    },
    ImageDefaults {
        repository: "docker.io/library/mysql",
        entrypoint: &["docker-entrypoint.sh"],
        cmd: &["mysqld"],
        source: "docker-library/mysql Dockerfile",
    },
    ImageDefaults {
        repository: "docker.io/library/postgres",
        entrypoint: &["docker-entrypoint.sh"],
        cmd: &["postgres"],
        source: "docker-library/postgres Dockerfile",
    },
    ImageDefaults {
        repository: "docker.io/library/httpd",
        entrypoint: &[],
        cmd: &["httpd-foreground"],
        source: "docker-library/httpd Dockerfile",
    },
    ImageDefaults {
        repository: "registry.k8s.io/pause",
        entrypoint: &["/pause"],
        cmd: &[],
        source: "kubernetes build/pause/Dockerfile",
    },
];

/// Programs that serve until they are stopped (the catalogue's servers).
pub const SERVERS: &[&str] = &["nginx", "redis-server", "mysqld", "postgres", "httpd-foreground", "pause"];

/// A catalogue server's answer to the signal containerd stops it with at deletion.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StopSignal {
    /// The program (PID 1 once the entrypoint script `exec`s it).
    pub program: &'static str,
    /// The image's `STOPSIGNAL`, else SIGTERM (containerd internal/cri/server/container_stop.go).
    pub signal: &'static str,
    /// Where its handler is documented; each shuts down and exits 0.
    pub source: &'static str,
}

/// The servers of the catalogue and their stop signals. Every other process kubeplay runs is PID 1
/// without a handler, so it ignores the signal and is killed at the end of the grace period.
pub const STOP_SIGNALS: &[StopSignal] = &[
    StopSignal {
        program: "nginx",
        signal: "SIGQUIT",
        source: "nginx/docker-nginx Dockerfile STOPSIGNAL SIGQUIT: graceful shutdown",
    },
    StopSignal { program: "redis-server", signal: "SIGTERM", source: "redis server.c sigShutdownHandler: saves and exits 0" },
    StopSignal { program: "mysqld", signal: "SIGTERM", source: "mysqld: SIGTERM is a normal shutdown" },
    StopSignal {
        program: "postgres",
        signal: "SIGINT",
        source: "docker-library/postgres Dockerfile STOPSIGNAL SIGINT: fast shutdown",
    },
    StopSignal {
        program: "httpd-foreground",
        signal: "SIGWINCH",
        source: "docker-library/httpd Dockerfile STOPSIGNAL SIGWINCH: graceful stop",
    },
    StopSignal { program: "pause", signal: "SIGTERM", source: "kubernetes build/pause/linux/pause.c sigdown: exit(0)" },
];

/// The catalogue entry of an image reference (tag and digest ignored), if kubeplay knows it.
pub fn image_defaults(image: &str) -> Option<&'static ImageDefaults> {
    let full = normalize_image(image);
    let repo = match full.split_once('@') {
        Some((r, _)) => r.to_owned(),
        None => match full.rsplit_once(':') {
            Some((r, tag)) if !tag.contains('/') => r.to_owned(),
            _ => full.clone(),
        },
    };
    CATALOGUE.iter().find(|d| d.repository == repo)
}

/// Whether an image's tools are busybox's (the busybox images and alpine), whose `ls -l` the
/// shell then imitates; other images are taken for GNU coreutils.
pub fn busybox_userland(image: &str) -> bool {
    image_defaults(image).is_some_and(|d| {
        matches!(d.repository, "docker.io/library/busybox" | "registry.k8s.io/busybox" | "docker.io/library/alpine")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_registries_and_digests_find_their_entry() {
        assert_eq!(image_defaults("busybox:1.36").map(|d| d.cmd), Some(&["sh"][..]));
        assert_eq!(
            image_defaults("docker.io/library/nginx@sha256:ab").map(|d| d.entrypoint),
            Some(&["/docker-entrypoint.sh"][..])
        );
        assert!(image_defaults("registry.k8s.io/busybox").is_some());
        assert!(image_defaults("registry.example.com/team/app:1.0").is_none());
        assert!(image_defaults("localhost:5000/busybox").is_none());
    }
}

/// Why an image reference does not parse (`parsers.ParseImageName` over the distribution
/// reference grammar, pkg/util/parsers/parsers.go): `invalid reference format`, with
/// `: repository name must be lowercase` when lowercasing would make it valid.
pub fn parse_error(image: &str) -> Option<&'static str> {
    if valid_reference(image) {
        return None;
    }
    if valid_reference(&image.to_ascii_lowercase()) {
        return Some("invalid reference format: repository name must be lowercase");
    }
    Some("invalid reference format")
}

/// The distribution reference grammar: `[domain[:port]/]path[:tag][@algo:hex]`.
fn valid_reference(image: &str) -> bool {
    let (rest, digest) = match image.split_once('@') {
        Some((r, d)) => (r, Some(d)),
        None => (image, None),
    };
    if let Some(d) = digest {
        let Some((algo, hex)) = d.split_once(':') else { return false };
        let algo_ok =
            !algo.is_empty() && algo.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "+._-".contains(c));
        if !algo_ok || hex.len() < 32 || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
            return false;
        }
    }
    // A tag follows the last ':' after the last '/'.
    let last_slash = rest.rfind('/').map_or(0, |i| i + 1);
    let (name, tag) = match rest.get(last_slash..).and_then(|t| t.rfind(':')) {
        Some(i) => (&rest[..last_slash + i], Some(&rest[last_slash + i + 1..])),
        None => (rest, None),
    };
    if let Some(t) = tag {
        let mut cs = t.chars();
        let first_ok = cs.next().is_some_and(|c| c.is_ascii_alphanumeric() || c == '_');
        if !first_ok || t.len() > 128 || !cs.all(|c| c.is_ascii_alphanumeric() || "_.-".contains(c)) {
            return false;
        }
    }
    if name.is_empty() || name.len() > 255 {
        return false;
    }
    let mut parts: Vec<&str> = name.split('/').collect();
    let first = parts.first().copied().unwrap_or("");
    if parts.len() > 1 && (first.contains('.') || first.contains(':') || first == "localhost") {
        let (host, port) = match first.split_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (first, None),
        };
        let host_ok = !host.is_empty()
            && host.split('.').all(|l| {
                !l.is_empty()
                    && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
                    && !l.starts_with('-')
                    && !l.ends_with('-')
            });
        if !host_ok || port.is_some_and(|p| p.is_empty() || !p.chars().all(|c| c.is_ascii_digit())) {
            return false;
        }
        parts.remove(0);
    }
    !parts.is_empty() && parts.iter().all(|p| path_component(p))
}

/// `[a-z0-9]+(?:(?:[._]|__|[-]*)[a-z0-9]+)*`
fn path_component(p: &str) -> bool {
    let b = p.as_bytes();
    let alnum = |c: u8| c.is_ascii_lowercase() || c.is_ascii_digit();
    if b.is_empty() || !alnum(b[0]) || !alnum(b[b.len() - 1]) {
        return false;
    }
    let mut i = 0;
    while i < b.len() {
        if alnum(b[i]) {
            i += 1;
            continue;
        }
        let start = i;
        while i < b.len() && !alnum(b[i]) {
            i += 1;
        }
        let sep = &p[start..i];
        let ok = sep == "." || sep == "_" || sep == "__" || sep.chars().all(|c| c == '-');
        if !ok {
            return false;
        }
    }
    true
}

#[cfg(test)]
mod reference_tests {
    use super::parse_error;

    #[test]
    fn references_parse_as_the_distribution_grammar_says() {
        for ok in [
            "busybox",
            "busybox:1.36",
            "registry.k8s.io/pause:3.9",
            "localhost:5000/a/b_c__d-e:v1",
            "nginx@sha256:0123456789abcdef0123456789abcdef",
        ] {
            assert_eq!(parse_error(ok), None, "{ok}");
        }
        assert_eq!(parse_error("BusyBox"), Some("invalid reference format: repository name must be lowercase"));
        for bad in ["busy box", "nginx:", ":1", "a//b", "-a", "nginx:1.2:3", "a_-b"] {
            assert_eq!(parse_error(bad), Some("invalid reference format"), "{bad}");
        }
    }
}
