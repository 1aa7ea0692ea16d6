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
