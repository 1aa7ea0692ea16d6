//! The `pod-template-hash` (`pkg/controller/controller_utils.go` `ComputeHash`): FNV-32a over the
//! pod template, plus the collision count when there is one, printed in decimal and made safe
//! with `rand.SafeEncodeString` (`apimachinery/pkg/util/rand/rand.go`).
//!
//! What is hashed is go-spew's `%#v` dump of the Go `v1.PodTemplateSpec`
//! (`pkg/util/hash/hash.go` `DeepHashObject`): every field of every v1.33 struct in declaration
//! order with its Go type, nil pointers included ([`spew`] over the [`go_types`] table). So
//! `kubectl create deployment nginx --image=nginx` makes pods `nginx-5869d7778c-…`, as on a real
//! v1.33 cluster; the values are checked against Go itself (tools/hash-oracle).

mod go_types;
mod spew;

use kubeplay_api::k8s_openapi::api::core::v1::PodTemplateSpec;

/// `rand.SafeEncodeString`'s alphabet: no vowels (no words), no 0/1/3 (no look-alikes).
const ALPHANUMS: &[u8] = b"bcdfghjklmnpqrstvwxz2456789";

/// `rand.SafeEncodeString`: each byte of `s` mapped to `ALPHANUMS[b % 27]`.
pub(crate) fn safe_encode(s: &str) -> String {
    s.bytes().map(|b| char::from(ALPHANUMS[usize::from(b) % ALPHANUMS.len()])).collect()
}

/// FNV-32a as a running hash (`hash/fnv` New32a) that go-spew writes into.
struct Fnv32a(u32);

impl spew::Sink for Fnv32a {
    fn put(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 ^= u32::from(*b);
            self.0 = self.0.wrapping_mul(0x0100_0193);
        }
    }
}

/// go-spew's dump of a template, as `DeepHashObject` writes it into the hasher.
fn dump<S: spew::Sink>(out: &mut S, template: &PodTemplateSpec) {
    let json = serde_json::to_value(template).unwrap_or_default();
    spew::format(out, 0, Some(&json));
}

/// `ComputeHash(template, collisionCount)`.
pub(crate) fn compute_hash(template: &PodTemplateSpec, collision_count: Option<i32>) -> String {
    let mut hasher = Fnv32a(0x811c_9dc5);
    dump(&mut hasher, template);
    if let Some(c) = collision_count {
        // binary.LittleEndian.PutUint32 into an 8-byte slice: four bytes, then four zeros.
        let mut extra = [0u8; 8];
        extra[..4].copy_from_slice(&(c as u32).to_le_bytes());
        spew::Sink::put(&mut hasher, &extra);
    }
    safe_encode(&hasher.0.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fnv32a(bytes: &[u8]) -> u32 {
        let mut h = Fnv32a(0x811c_9dc5);
        spew::Sink::put(&mut h, bytes);
        h.0
    }

    /// hash/fnv's published test vectors for FNV-1a 32 (hash/fnv/fnv_test.go golden32a).
    #[test]
    fn fnv32a_matches_go() {
        assert_eq!(fnv32a(b""), 0x811c9dc5);
        assert_eq!(fnv32a(b"a"), 0xe40c292c);
        assert_eq!(fnv32a(b"ab"), 0x4d2505ca);
        assert_eq!(fnv32a(b"abc"), 0x1a47e90b);
    }

    /// rand.SafeEncodeString maps the digit bytes '0'..'9' (48..57) to alphabet[21..27] and
    /// alphabet[0..4]: '0' → '4', …, '9' → 'f'. Every real pod-template-hash (e.g. `5d78f6b8c9`)
    /// uses only these ten characters.
    #[test]
    fn safe_encoding_of_digits() {
        assert_eq!(safe_encode("0123456789"), "456789bcdf");
        assert_eq!(safe_encode("4294967295").len(), 10);
    }

    fn template(json: &str) -> PodTemplateSpec {
        serde_json::from_str(json).expect("a pod template")
    }

    /// What a v1.33 API server stores for `kubectl create deployment NAME --image=IMAGE [-- CMD]`:
    /// the template with SetDefaults_PodSpec and SetDefaults_Container applied.
    fn created(name: &str, container: &str, image: &str, pull: &str, command: &str) -> PodTemplateSpec {
        template(&format!(
            r#"{{"metadata":{{"labels":{{"app":"{name}"}}}},"spec":{{"containers":[{{"name":"{container}","image":"{image}",{command}"imagePullPolicy":"{pull}","resources":{{}},"terminationMessagePath":"/dev/termination-log","terminationMessagePolicy":"File"}}],"dnsPolicy":"ClusterFirst","restartPolicy":"Always","schedulerName":"default-scheduler","securityContext":{{}},"terminationGracePeriodSeconds":30}}}}"#
        ))
    }

    /// The two hashes every Kubernetes tutorial shows: `nginx-5869d7778c-…` for
    /// `kubectl create deployment nginx --image=nginx`, and `hello-node-c74958b5d-…` for the
    /// minikube tutorial's `kubectl create deployment hello-node
    /// --image=registry.k8s.io/e2e-test-images/agnhost:2.39 -- /agnhost netexec --http-port=8080`.
    #[test]
    fn the_hashes_real_clusters_print() {
        assert_eq!(compute_hash(&created("nginx", "nginx", "nginx", "Always", ""), None), "5869d7778c");
        let agnhost = r#""command":["/agnhost","netexec","--http-port=8080"],"#;
        let hello = created("hello-node", "agnhost", "registry.k8s.io/e2e-test-images/agnhost:2.39", "IfNotPresent", agnhost);
        assert_eq!(compute_hash(&hello, None), "c74958b5d");
    }

    /// A template using volumes of four kinds, env and envFrom from a secret, ports, probes,
    /// quantities, security contexts and tolerations: go-spew's dump and the hash, byte for byte
    /// as Go prints them (testdata/rich.dump is the oracle's output for testdata/rich.json).
    #[test]
    fn a_rich_template_dumps_as_go_does() {
        let t = template(include_str!("testdata/rich.json"));
        let mut dumped = String::new();
        dump(&mut dumped, &t);
        let expected = include_str!("testdata/rich.dump").trim_end();
        if dumped != expected {
            let at = dumped.bytes().zip(expected.bytes()).take_while(|(a, b)| a == b).count();
            panic!(
                "differs at byte {at}:\nkubeplay: {}\ngo:       {}",
                &dumped[at.saturating_sub(80)..],
                &expected[at.saturating_sub(80)..]
            );
        }
        assert_eq!(compute_hash(&t, None), "6c7c8cf6f5");
    }

    /// Any change to the template, and the collision count, give a new hash.
    #[test]
    fn changes_and_collisions_change_the_hash() {
        let base = created("web", "nginx", "nginx", "Always", "");
        let mut changed = base.clone();
        if let Some(m) = changed.metadata.as_mut() {
            m.annotations = Some([("a".to_owned(), "b".to_owned())].into());
        }
        assert_ne!(compute_hash(&base, None), compute_hash(&changed, None));
        assert_ne!(compute_hash(&base, None), compute_hash(&base, Some(1)));
        assert_eq!(compute_hash(&base, Some(1)), compute_hash(&base.clone(), Some(1)));
    }
}
