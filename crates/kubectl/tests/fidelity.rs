//! kubectl texts and behaviour checked against the v1.33 source (issue 11, "kubectl error texts").
//! Each test names the upstream file the expected text comes from.
#![allow(clippy::expect_used, clippy::panic)] // test helpers fail loudly by design

use kubeplay_cluster::Settings;
use kubeplay_kubectl::Console;

/// Runs a script and renders the transcript as `kubeplay shell` does.
fn transcript(script: &str) -> String {
    let mut console = Console::new(Settings::default()).expect("console");
    console.run_script(script).iter().map(|e| e.transcript()).collect()
}

fn check(script: &str, want: &str) {
    let got = transcript(script);
    assert_eq!(got, want, "\n--- got ---\n{got}\n--- want ---\n{want}");
}

/// cmd/kubectl/kubectl.go runs `cli.RunNoErrOutput` then `cmdutil.CheckErr` (so `error: `, not
/// cobra's `Error: `); cobra command.go `legacyArgs` + `findSuggestions` (Levenshtein ≤ 2 or a
/// prefix, plus `SuggestFor: []string{"list", "ps"}` of get.go and wait.go), in the order the
/// commands were added. Compared byte for byte with a kubectl v1.33.1 client.
#[test]
fn unknown_command_as_checkerr_prints_it_with_cobra_suggestions() {
    check(
        "kubectl frobnicate\nkubectl gett\nkubectl lis\nkubectl ps\n",
        "$ kubectl frobnicate\nerror: unknown command \"frobnicate\" for \"kubectl\"\n\
         $ kubectl gett\nerror: unknown command \"gett\" for \"kubectl\"\n\nDid you mean this?\n\tset\n\tget\n\
         $ kubectl lis\nerror: unknown command \"lis\" for \"kubectl\"\n\nDid you mean this?\n\tlogs\n\
         $ kubectl ps\nerror: unknown command \"ps\" for \"kubectl\"\n\nDid you mean this?\n\tget\n\tcp\n\twait\n",
    );
}

/// delete.go `deleteResource`: `cmdutil.AddSourceToErr("deleting", info.Source, err)` for objects
/// read from a file; by name the source is empty and the error is the server's alone.
/// `--dry-run=client` prints `deleted (dry run)` and sends nothing; `--dry-run=server` stores nothing.
#[test]
fn delete_errors_name_the_file_and_dry_runs_delete_nothing() {
    check(
        "cat <<EOF > f.yaml\napiVersion: v1\nkind: Secret\nmetadata:\n  name: x\nEOF\nkubectl delete -f f.yaml\n\
         kubectl create secret generic y --from-literal=a=b\nkubectl delete secret y --dry-run=client\n\
         kubectl delete secret y --dry-run=server\nkubectl delete secret nope --dry-run=server\nkubectl get secret y -o name\n",
        "$ cat <<EOF > f.yaml\n> apiVersion: v1\n> kind: Secret\n> metadata:\n>   name: x\n> EOF\n\
         $ kubectl delete -f f.yaml\nError from server (NotFound): error when deleting \"f.yaml\": secrets \"x\" not found\n\
         $ kubectl create secret generic y --from-literal=a=b\nsecret/y created\n\
         $ kubectl delete secret y --dry-run=client\nsecret \"y\" deleted (dry run)\n\
         $ kubectl delete secret y --dry-run=server\nsecret \"y\" deleted (server dry run)\n\
         $ kubectl delete secret nope --dry-run=server\nError from server (NotFound): secrets \"nope\" not found\n\
         $ kubectl get secret y -o name\nsecret/y\n",
    );
}

/// apply.go `applyOneObject`: `created` for an absent object, else `unchanged` when the three-way
/// patch is `{}` and `configured` otherwise — for both dry-run strategies (helpers.go adds the suffix).
#[test]
fn apply_dry_run_reports_what_the_comparison_decides() {
    check(
        "cat <<EOF > s.yaml\napiVersion: v1\nkind: Secret\nmetadata:\n  name: s\nstringData:\n  a: b\nEOF\n\
         kubectl apply -f s.yaml --dry-run=client\nkubectl apply -f s.yaml\nkubectl apply -f s.yaml --dry-run=client\n\
         kubectl apply -f s.yaml --dry-run=server\n\
         cat <<EOF > s.yaml\napiVersion: v1\nkind: Secret\nmetadata:\n  name: s\nstringData:\n  a: c\nEOF\n\
         kubectl apply -f s.yaml --dry-run=server\nkubectl get secret s -o jsonpath='{.data.a}'\n",
        "$ cat <<EOF > s.yaml\n> apiVersion: v1\n> kind: Secret\n> metadata:\n>   name: s\n> stringData:\n>   a: b\n> EOF\n\
         $ kubectl apply -f s.yaml --dry-run=client\nsecret/s created (dry run)\n\
         $ kubectl apply -f s.yaml\nsecret/s created\n\
         $ kubectl apply -f s.yaml --dry-run=client\nsecret/s unchanged (dry run)\n\
         $ kubectl apply -f s.yaml --dry-run=server\nsecret/s unchanged (server dry run)\n\
         $ cat <<EOF > s.yaml\n> apiVersion: v1\n> kind: Secret\n> metadata:\n>   name: s\n> stringData:\n>   a: c\n> EOF\n\
         $ kubectl apply -f s.yaml --dry-run=server\nsecret/s configured (server dry run)\n\
         $ kubectl get secret s -o jsonpath='{.data.a}'\nYg==\n",
    );
}

/// wait.go `ToOptions`: `conditionFuncFor` refuses an empty or unknown `--for` before the builder
/// runs; with no resource at all, cli-runtime builder.go `missingResourceError`.
#[test]
fn wait_usage_errors() {
    check(
        "kubectl wait\nkubectl wait --for=condition=Ready\n",
        "$ kubectl wait\nerror: unrecognized condition: \"\"\n\
         $ kubectl wait --for=condition=Ready\nerror: You must provide one or more resources by argument or filename.\n\
         Example resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'\n",
    );
}

/// kubectl/pkg/util/openapi/validation/validation.go `GetObjectKind` through cli-runtime
/// resource/visitor.go; apimachinery util/yaml (non-strict sigs.k8s.io/yaml: the last duplicate key wins).
#[test]
fn manifests_without_kind_are_refused_client_side_and_duplicate_keys_keep_the_last() {
    check(
        "cat <<EOF > a.yaml\napiVersion: v1\nmetadata:\n  name: a\nEOF\nkubectl create -f a.yaml\n\
         cat <<EOF > d.yaml\napiVersion: v1\nkind: Secret\nmetadata:\n  name: d\nstringData:\n  k: one\n  k: two\nEOF\n\
         kubectl apply -f d.yaml\nkubectl get secret d -o jsonpath='{.data.k}'\n",
        "$ cat <<EOF > a.yaml\n> apiVersion: v1\n> metadata:\n>   name: a\n> EOF\n\
         $ kubectl create -f a.yaml\nerror: error validating \"a.yaml\": error validating data: kind not set; if you choose to ignore these errors, turn validation off with --validate=false\n\
         $ cat <<EOF > d.yaml\n> apiVersion: v1\n> kind: Secret\n> metadata:\n>   name: d\n> stringData:\n>   k: one\n>   k: two\n> EOF\n\
         $ kubectl apply -f d.yaml\nsecret/d created\n\
         $ kubectl get secret d -o jsonpath='{.data.k}'\ndHdv\n",
    );
}

/// create_secret_docker.go `Complete`/`createSecretDockerRegistry`: `--from-file` replaces the
/// `--docker-*` flags, and a source without a key is keyed `.dockerconfigjson` (so a directory
/// without a key is refused). Compared byte for byte with a kubectl v1.33.1 client.
#[test]
fn create_secret_docker_registry_from_file() {
    check(
        "echo '{\"auths\":{}}' > y.json\nmkdir dd\n\
         kubectl create secret docker-registry d3 --from-file=y.json --docker-username=u --dry-run=client -o yaml\n\
         kubectl create secret docker-registry d4 --from-file=dd --dry-run=client\n\
         kubectl create secret docker-registry d5 --from-file=.dockerconfigjson=y.json\n\
         kubectl get secret d5 -o jsonpath='{.type}'\n",
        "$ echo '{\"auths\":{}}' > y.json\n$ mkdir dd\n\
         $ kubectl create secret docker-registry d3 --from-file=y.json --docker-username=u --dry-run=client -o yaml\n\
         apiVersion: v1\ndata:\n  .dockerconfigjson: eyJhdXRocyI6e319Cg==\nkind: Secret\nmetadata:\n  creationTimestamp: null\n  name: d3\ntype: kubernetes.io/dockerconfigjson\n\
         $ kubectl create secret docker-registry d4 --from-file=dd --dry-run=client\nerror: cannot give a key name for a directory path\n\
         $ kubectl create secret docker-registry d5 --from-file=.dockerconfigjson=y.json\nsecret/d5 created\n\
         $ kubectl get secret d5 -o jsonpath='{.type}'\nkubernetes.io/dockerconfigjson\n",
    );
}

/// Flag values pflag refuses are flag errors (templater.go adds `See '... --help' for usage.`):
/// `IntVar` (strconv.ParseInt) and `DurationVar` (time.ParseDuration, time/format.go); run.go's
/// `MarkFlagRequired("image")` fails in cobra before Run. Compared with a kubectl v1.33.1 client.
#[test]
fn bad_flag_values_and_required_flags() {
    check(
        "kubectl delete pod x --grace-period=1.5\nkubectl wait --for=condition=Ready pod/x --timeout=5\n\
         kubectl wait --for=condition=Ready pod/x --timeout=-5x\nkubectl run\nkubectl run --image=redis\n",
        "$ kubectl delete pod x --grace-period=1.5\n\
         error: invalid argument \"1.5\" for \"--grace-period\" flag: strconv.ParseInt: parsing \"1.5\": invalid syntax\n\
         See 'kubectl delete --help' for usage.\n\
         $ kubectl wait --for=condition=Ready pod/x --timeout=5\n\
         error: invalid argument \"5\" for \"--timeout\" flag: time: missing unit in duration \"5\"\n\
         See 'kubectl wait --help' for usage.\n\
         $ kubectl wait --for=condition=Ready pod/x --timeout=-5x\n\
         error: invalid argument \"-5x\" for \"--timeout\" flag: time: unknown unit \"x\" in duration \"-5x\"\n\
         See 'kubectl wait --help' for usage.\n\
         $ kubectl run\nerror: required flag(s) \"image\" not set\n\
         $ kubectl run --image=redis\nerror: NAME is required for run\nSee 'kubectl run -h' for help and examples\n",
    );
}

/// crypto/tls `X509KeyPair` after the PEM blocks: `x509.ParseCertificate`, `parsePrivateKey`, then
/// the public keys compared (here an EC P-256 pair and a second EC key). Compared byte for byte
/// with a kubectl v1.33.1 client.
#[test]
fn create_secret_tls_checks_the_key_matches_the_certificate() {
    check(
        "cat <<EOF > tls.crt\n-----BEGIN CERTIFICATE-----\nMIIBgTCCASegAwIBAgIUecVtNh6FxKa2N0xroI5Ic4cMlQ8wCgYIKoZIzj0EAwIw\nFjEUMBIGA1UEAwwLZXhhbXBsZS5jb20wHhcNMjYxMTI5MDk1NTI5WhcNMzYxMTI2\nMDk1NTI5WjAWMRQwEgYDVQQDDAtleGFtcGxlLmNvbTBZMBMGByqGSM49AgEGCCqG\nSM49AwEHA0IABJC5lh83OziKUood95ZnDwnl0gXDIevPhEfZKtCUiff4FqiJTzxo\nGETATsEB8Dom+C+ogOd9J7BcNZEQdWErYZWjUzBRMB0GA1UdDgQWBBQv4LzgpMZ1\n16L51ojpkyyUwRV+PzAfBgNVHSMEGDAWgBQv4LzgpMZ116L51ojpkyyUwRV+PzAP\nBgNVHRMBAf8EBTADAQH/MAoGCCqGSM49BAMCA0gAMEUCIDitB/3xuVw9ty22mcIJ\npdN1QDpwRcSXScmFTRbg6/xmAiEAzODhY62M5kdYl83PkzRi8ndO09BKbGNM1t9m\nH9o5KLc=\n-----END CERTIFICATE-----\nEOF\ncat <<EOF > tls.key\n-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgS+wsoux5/aut0Nj6\nttVQDUyvX3Ypy1dhjQPzeHtOWTehRANCAASQuZYfNzs4ilKKHfeWZw8J5dIFwyHr\nz4RH2SrQlIn3+BaoiU88aBhEwE7BAfA6JvgvqIDnfSewXDWREHVhK2GV\n-----END PRIVATE KEY-----\nEOF\ncat <<EOF > other.key\n-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg/HRGkIYl8dcVxHX8\nukjNm9rIzQ4xaRI30WaaBIRxnEmhRANCAATKhltsvtlBL8S0kZDZygnt6F0uTgAx\nfjHc59pvGr2kf0xCrK2mkBaKhNSTViOD+UR4lROOZ/YTuYiHbpSWLhsl\n-----END PRIVATE KEY-----\nEOF\ncat <<EOF > junk.crt\n-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\nEOF\ncat <<EOF > junk.key\n-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\nEOF\nkubectl create secret tls t --cert=tls.crt --key=tls.key --dry-run=client -o name\nkubectl create secret tls t --cert=tls.crt --key=other.key --dry-run=client -o name\nkubectl create secret tls t --cert=junk.crt --key=tls.key --dry-run=client -o name\nkubectl create secret tls t --cert=tls.crt --key=junk.key --dry-run=client -o name\n",
        "$ cat <<EOF > tls.crt\n> -----BEGIN CERTIFICATE-----\n> MIIBgTCCASegAwIBAgIUecVtNh6FxKa2N0xroI5Ic4cMlQ8wCgYIKoZIzj0EAwIw\n> FjEUMBIGA1UEAwwLZXhhbXBsZS5jb20wHhcNMjYxMTI5MDk1NTI5WhcNMzYxMTI2\n> MDk1NTI5WjAWMRQwEgYDVQQDDAtleGFtcGxlLmNvbTBZMBMGByqGSM49AgEGCCqG\n> SM49AwEHA0IABJC5lh83OziKUood95ZnDwnl0gXDIevPhEfZKtCUiff4FqiJTzxo\n> GETATsEB8Dom+C+ogOd9J7BcNZEQdWErYZWjUzBRMB0GA1UdDgQWBBQv4LzgpMZ1\n> 16L51ojpkyyUwRV+PzAfBgNVHSMEGDAWgBQv4LzgpMZ116L51ojpkyyUwRV+PzAP\n> BgNVHRMBAf8EBTADAQH/MAoGCCqGSM49BAMCA0gAMEUCIDitB/3xuVw9ty22mcIJ\n> pdN1QDpwRcSXScmFTRbg6/xmAiEAzODhY62M5kdYl83PkzRi8ndO09BKbGNM1t9m\n> H9o5KLc=\n> -----END CERTIFICATE-----\n> EOF\n$ cat <<EOF > tls.key\n> -----BEGIN PRIVATE KEY-----\n> MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgS+wsoux5/aut0Nj6\n> ttVQDUyvX3Ypy1dhjQPzeHtOWTehRANCAASQuZYfNzs4ilKKHfeWZw8J5dIFwyHr\n> z4RH2SrQlIn3+BaoiU88aBhEwE7BAfA6JvgvqIDnfSewXDWREHVhK2GV\n> -----END PRIVATE KEY-----\n> EOF\n$ cat <<EOF > other.key\n> -----BEGIN PRIVATE KEY-----\n> MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg/HRGkIYl8dcVxHX8\n> ukjNm9rIzQ4xaRI30WaaBIRxnEmhRANCAATKhltsvtlBL8S0kZDZygnt6F0uTgAx\n> fjHc59pvGr2kf0xCrK2mkBaKhNSTViOD+UR4lROOZ/YTuYiHbpSWLhsl\n> -----END PRIVATE KEY-----\n> EOF\n$ cat <<EOF > junk.crt\n> -----BEGIN CERTIFICATE-----\n> AAAA\n> -----END CERTIFICATE-----\n> EOF\n$ cat <<EOF > junk.key\n> -----BEGIN PRIVATE KEY-----\n> AAAA\n> -----END PRIVATE KEY-----\n> EOF\n$ kubectl create secret tls t --cert=tls.crt --key=tls.key --dry-run=client -o name\nsecret/t\n$ kubectl create secret tls t --cert=tls.crt --key=other.key --dry-run=client -o name\nerror: tls: private key does not match public key\n$ kubectl create secret tls t --cert=junk.crt --key=tls.key --dry-run=client -o name\nerror: x509: malformed certificate\n$ kubectl create secret tls t --cert=tls.crt --key=junk.key --dry-run=client -o name\nerror: tls: failed to parse private key\n",
    );
}

/// run.go: `getRestartPolicy` refuses other values with a usage error; `--dry-run=client` prints the
/// generated pod (`resources: {}`, `dnsPolicy`, `status: {}`) and creates nothing. cli-runtime
/// builder.go: `--all` without a resource type. Texts compared with a kubectl v1.33.1 client.
#[test]
fn run_dry_run_creates_nothing_and_usage_errors() {
    check(
        "kubectl run x --image=redis --restart=Sometimes\nkubectl run x --image=redis --dry-run=client -o yaml\n\
         kubectl get pods\nkubectl delete --all\n",
        "$ kubectl run x --image=redis --restart=Sometimes\nerror: invalid restart policy: Sometimes\n\
         See 'kubectl run -h' for help and examples\n\
         $ kubectl run x --image=redis --dry-run=client -o yaml\napiVersion: v1\nkind: Pod\nmetadata:\n  creationTimestamp: null\n\
         \x20 labels:\n    run: x\n  name: x\nspec:\n  containers:\n  - image: redis\n    name: x\n    resources: {}\n\
         \x20 dnsPolicy: ClusterFirst\n  restartPolicy: Always\nstatus: {}\n\
         $ kubectl get pods\nNo resources found in default namespace.\n\
         $ kubectl delete --all\nerror: at least one resource must be specified to use a selector\n",
    );
}

/// version.go `Validate`: only yaml or json (compared with a kubectl v1.33.1 client).
#[test]
fn version_output_must_be_yaml_or_json() {
    check("kubectl version --client -o foo\n", "$ kubectl version --client -o foo\nerror: --output must be 'yaml' or 'json'\n");
}

/// patch.go `Validate` checks `--type` before the lookup; run.go passes the words after NAME (and
/// after `--`) as the container's args; cli-runtime builder.go refuses a directory without
/// manifests. Compared with a kubectl v1.33.1 client.
#[test]
fn patch_type_run_args_and_empty_directories() {
    check(
        "kubectl patch secret x -p {} --type=bogus\nkubectl run y --image=busybox --dry-run=client -o yaml -- sleep 1\n\
         mkdir d\nkubectl apply -f d\n",
        "$ kubectl patch secret x -p {} --type=bogus\nerror: --type must be one of [json merge strategic], not \"bogus\"\n\
         $ kubectl run y --image=busybox --dry-run=client -o yaml -- sleep 1\napiVersion: v1\nkind: Pod\nmetadata:\n\
         \x20 creationTimestamp: null\n  labels:\n    run: \"y\"\n  name: \"y\"\nspec:\n  containers:\n  - args:\n    - sleep\n\
         \x20   - \"1\"\n    image: busybox\n    name: \"y\"\n    resources: {}\n  dnsPolicy: ClusterFirst\n  restartPolicy: Always\n\
         status: {}\n$ mkdir d\n$ kubectl apply -f d\nerror: error reading [d]: recognized file extensions are [.json .yaml .yml]\n",
    );
}
