//! The benchmark load: N secret + pod pairs as the manifest text a user would paste, each pod
//! mounting its own secret (the shape of scheduler_perf's `createPods` workloads,
//! test/integration/scheduler_perf, with one secret volume per pod). `kubeplay run
//! --generate-pods N`, `kubeplay generate` and the benchmarks all use it, so a figure in
//! docs/performance.md can be reproduced from the README.

/// Secret + pod pairs per generated file (a 5,000-pair file is about 2.3 MB, under the API
/// server's 3 MiB request limit).
pub const PAIRS_PER_FILE: usize = 5_000;

/// The manifest of pair `i`: Secret `s<i>` and Pod `p<i>` (busybox running `sleep infinity`,
/// mounting `s<i>` read-only at `/etc/foo`), as two YAML documents.
pub fn pair(i: usize) -> String {
    format!(
        "apiVersion: v1\nkind: Secret\nmetadata:\n  name: s{i}\ndata:\n  username: YWRtaW4=\n  password: MWYyZDFlMmU2N2Rm\n---\n\
         apiVersion: v1\nkind: Pod\nmetadata:\n  name: p{i}\nspec:\n  containers:\n  - name: c\n    image: busybox:1.36\n    command: [sleep, infinity]\n    \
         volumeMounts:\n    - name: foo\n      mountPath: /etc/foo\n      readOnly: true\n  volumes:\n  - name: foo\n    secret:\n      secretName: s{i}\n"
    )
}

/// Pair `i` of the crash-loop load: the same Secret and Pod, but the container runs the Secrets
/// page's dotfiles command (`ls -l /etc/foo`), exits 0 and, under the default `restartPolicy:
/// Always`, is restarted with the kubelet's crash-loop back-off for ever (issue 10's benchmark).
pub fn crash_looping_pair(i: usize) -> String {
    pair(i).replace("command: [sleep, infinity]", "command: [ls, -l, /etc/foo]")
}

/// Pairs `first..first + count` as one multi-document manifest.
pub fn text(first: usize, count: usize) -> String {
    let mut out = String::with_capacity(count * 480);
    for i in first..first + count {
        if i > first {
            out.push_str("---\n");
        }
        out.push_str(&pair(i));
    }
    out
}

/// `pods` pairs split into files of [`PAIRS_PER_FILE`]: (file name, manifest text), the names
/// `pairs-00001.yaml`, `pairs-00002.yaml`, ….
pub fn files(pods: usize) -> Vec<(String, String)> {
    (0..pods.div_ceil(PAIRS_PER_FILE))
        .map(|k| {
            let first = k * PAIRS_PER_FILE;
            let count = PAIRS_PER_FILE.min(pods - first);
            (format!("pairs-{:05}.yaml", k + 1), text(first, count))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_hold_every_pair_once_in_files_of_five_thousand() {
        let f = files(12_001);
        assert_eq!(
            f.iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>(),
            ["pairs-00001.yaml", "pairs-00002.yaml", "pairs-00003.yaml"]
        );
        assert_eq!(f[0].1.matches("kind: Pod").count(), 5_000);
        assert_eq!(f[2].1.matches("kind: Secret").count(), 2_001);
        assert!(f[2].1.starts_with(&pair(10_000)) && f[2].1.ends_with("secretName: s12000\n"));
        assert!(f[0].1.len() < kubeplay_api::yaml::MAX_INPUT_BYTES, "{} bytes", f[0].1.len());
        assert!(files(0).is_empty());
    }

    #[test]
    fn a_pair_decodes_to_a_secret_and_a_pod_mounting_it() {
        let m = kubeplay_api::decode_manifest(&pair(3), "load.yaml");
        let objs: Vec<_> = m.docs.into_iter().map(|d| d.result.expect("decodes")).collect();
        assert_eq!(objs.len(), 2);
        assert_eq!((objs[0].kind(), objs[0].name()), (kubeplay_api::Kind::Secret, "s3"));
        assert_eq!((objs[1].kind(), objs[1].name()), (kubeplay_api::Kind::Pod, "p3"));
        let crash = crash_looping_pair(3);
        assert!(crash.contains("command: [ls, -l, /etc/foo]") && !crash.contains("sleep"), "{crash}");
    }
}
