//! Table of invalid manifests and the exact text `kubectl apply -f s.yaml` prints for each
//! (Kubernetes v1.33). Each row names the source the message comes from.

use kubeplay_api::{decode_manifest, DecodeError, Store};

/// Applies every document as `kubectl apply -f s.yaml` would and returns what kubectl prints.
fn apply(text: &str) -> Vec<String> {
    let mut store = Store::new(7);
    let m = decode_manifest(text, "s.yaml");
    let mut out = Vec::new();
    for d in m.docs {
        match d.result {
            Ok(obj) => match store.apply(obj, "default", 0) {
                Ok((o, outcome)) => out.push(format!("{}/{} {}", o.kind().singular(), o.name(), outcome.as_str())),
                Err(s) => out.push(s.with_source("creating", "s.yaml").kubectl_message()),
            },
            Err(DecodeError::Client(m)) => out.push(format!("error: {m}")),
            Err(DecodeError::Server(s)) => out.push(s.with_source("creating", "s.yaml").kubectl_message()),
        }
    }
    if let Some((_, e)) = m.syntax_error {
        out.push(format!("error: {e}"));
    }
    out
}

const CONFIG_KEY: &str = "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')";
const SUBDOMAIN: &str = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const LABEL: &str = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

fn secret(name: &str, body: &str) -> String {
    format!("apiVersion: v1\nkind: Secret\nmetadata:\n  name: {name}\n{body}")
}

fn pod(spec: &str) -> String {
    format!("apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n{spec}")
}

const C: &str = "  containers:\n  - name: c\n    image: redis\n";

#[test]
fn invalid_manifests_print_what_kubectl_prints() {
    let big = "a".repeat(1024 * 1024);
    let cases: Vec<(&str, String, String)> = vec![
        // --- Secret keys: pkg/apis/core/validation/validation.go ValidateSecret → IsConfigMapKey
        ("key with a space", secret("x", "stringData:\n  bad key: v\n"),
         format!("The Secret \"x\" is invalid: data[bad key]: Invalid value: \"bad key\": {CONFIG_KEY}")),
        ("empty key (e2e secrets.go 'empty secret key')", secret("x", "data:\n  \"\": dmFsdWUtMQo=\n"),
         format!("The Secret \"x\" is invalid: data[]: Invalid value: \"\": {CONFIG_KEY}")),
        ("key '..'", secret("x", "stringData:\n  \"..\": v\n"),
         "The Secret \"x\" is invalid: data[..]: Invalid value: \"..\": must not be '..'".to_owned()),
        ("key '.'", secret("x", "stringData:\n  \".\": v\n"),
         "The Secret \"x\" is invalid: data[.]: Invalid value: \".\": must not be '.'".to_owned()),
        ("key starting with '..'", secret("x", "stringData:\n  ..data: v\n"),
         "The Secret \"x\" is invalid: data[..data]: Invalid value: \"..data\": must not start with '..'".to_owned()),
        ("key over 253 bytes", secret("x", &format!("stringData:\n  {}: v\n", "k".repeat(254))),
         format!("The Secret \"x\" is invalid: data[{k}]: Invalid value: \"{k}\": must be no more than 253 characters", k = "k".repeat(254))),
        ("key with a slash", secret("x", "stringData:\n  a/b: v\n"),
         format!("The Secret \"x\" is invalid: data[a/b]: Invalid value: \"a/b\": {CONFIG_KEY}")),
        // --- total size: core.MaxSecretSize, field.TooLong (v1.32+ wording)
        ("over 1 MiB", secret("x", &format!("stringData:\n  a: {big}\n  b: c\n")),
         "The Secret \"x\" is invalid: data: Too long: may not be more than 1048576 bytes".to_owned()),
        // --- names: ValidateObjectMeta + NameIsDNSSubdomain
        ("upper-case name", secret("Bad_Name", "type: Opaque\n"),
         format!("The Secret \"Bad_Name\" is invalid: metadata.name: Invalid value: \"Bad_Name\": {SUBDOMAIN}")),
        ("no name", "apiVersion: v1\nkind: Secret\nmetadata:\n  labels: {a: b}\n".to_owned(),
         "The Secret \"\" is invalid: metadata.name: Required value: name or generateName is required".to_owned()),
        ("name over 253", secret(&"a".repeat(254), ""),
         format!("The Secret \"{n}\" is invalid: metadata.name: Invalid value: \"{n}\": must be no more than 253 characters", n = "a".repeat(254))),
        // --- type rules: ValidateSecret switch on Type
        ("tls without keys", secret("t", "type: kubernetes.io/tls\n"),
         "The Secret \"t\" is invalid: \n* data[tls.crt]: Required value\n* data[tls.key]: Required value".to_owned()),
        ("tls without key", secret("t", "type: kubernetes.io/tls\nstringData:\n  tls.crt: x\n"),
         "The Secret \"t\" is invalid: data[tls.key]: Required value".to_owned()),
        ("basic-auth with neither", secret("b", "type: kubernetes.io/basic-auth\nstringData:\n  user: x\n"),
         "The Secret \"b\" is invalid: \n* data[username]: Required value\n* data[password]: Required value".to_owned()),
        ("ssh-auth empty key", secret("s", "type: kubernetes.io/ssh-auth\nstringData:\n  ssh-privatekey: \"\"\n"),
         "The Secret \"s\" is invalid: data[ssh-privatekey]: Required value".to_owned()),
        ("dockerconfigjson missing", secret("d", "type: kubernetes.io/dockerconfigjson\n"),
         "The Secret \"d\" is invalid: data[.dockerconfigjson]: Required value".to_owned()),
        ("dockerconfigjson not JSON", secret("d", "type: kubernetes.io/dockerconfigjson\nstringData:\n  .dockerconfigjson: xyz\n"),
         "The Secret \"d\" is invalid: data[.dockerconfigjson]: Invalid value: \"<secret contents redacted>\": invalid character 'x' looking for beginning of value".to_owned()),
        ("dockercfg truncated JSON", secret("d", "type: kubernetes.io/dockercfg\nstringData:\n  .dockercfg: '{'\n"),
         "The Secret \"d\" is invalid: data[.dockercfg]: Invalid value: \"<secret contents redacted>\": unexpected end of JSON input".to_owned()),
        ("service-account-token without annotation", secret("sa", "type: kubernetes.io/service-account-token\n"),
         "The Secret \"sa\" is invalid: metadata.annotations[kubernetes.io/service-account.name]: Required value".to_owned()),
        // --- decoding: the API server's json serializer (BadRequest)
        ("bad base64 'admin'", secret("x", "data:\n  username: admin\n"),
         "Error from server (BadRequest): error when creating \"s.yaml\": Secret in version \"v1\" cannot be handled as a Secret: illegal base64 data at input byte 4".to_owned()),
        ("bad base64 'My-pass-123'", secret("x", "data:\n  password: My-pass-123\n"),
         "Error from server (BadRequest): error when creating \"s.yaml\": Secret in version \"v1\" cannot be handled as a Secret: illegal base64 data at input byte 2".to_owned()),
        ("unknown field", pod(&format!("{C}  volumes:\n  - name: foo\n    secret:\n      secretname: s\n")),
         "Error from server (BadRequest): error when creating \"s.yaml\": Pod in version \"v1\" cannot be handled as a Pod: strict decoding error: unknown field \"spec.volumes[0].secret.secretname\"".to_owned()),
        ("unknown top-level field", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nimage: redis\n".to_owned(),
         "Error from server (BadRequest): error when creating \"s.yaml\": Pod in version \"v1\" cannot be handled as a Pod: strict decoding error: unknown field \"image\"".to_owned()),
        ("wrong type for defaultMode", pod(&format!("{C}  volumes:\n  - name: foo\n    secret:\n      secretName: s\n      defaultMode: \"0400\"\n")),
         "Error from server (BadRequest): error when creating \"s.yaml\": Pod in version \"v1\" cannot be handled as a Pod: json: cannot unmarshal string into Go struct field SecretVolumeSource.spec.volumes.secret.defaultMode of type int32".to_owned()),
        // Go encoding/json decode.go: UnmarshalTypeError names the JSON kind, not the literal ("number"),
        // and Go type names (reflect.Type.String()) for slices and structs.
        ("number into a string map value", secret("x", "stringData:\n  a: 1\n"),
         "Error from server (BadRequest): error when creating \"s.yaml\": Secret in version \"v1\" cannot be handled as a Secret: json: cannot unmarshal number into Go struct field Secret.stringData of type string".to_owned()),
        ("number into []v1.Container", pod("  containers: 3\n"),
         "Error from server (BadRequest): error when creating \"s.yaml\": Pod in version \"v1\" cannot be handled as a Pod: json: cannot unmarshal number into Go struct field PodSpec.spec.containers of type []v1.Container".to_owned()),
        ("string into []string", pod("  containers:\n  - name: c\n    image: redis\n    command: sh\n"),
         "Error from server (BadRequest): error when creating \"s.yaml\": Pod in version \"v1\" cannot be handled as a Pod: json: cannot unmarshal string into Go struct field Container.spec.containers.command of type []string".to_owned()),
        ("array into v1.PodSpec", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec: []\n".to_owned(),
         "Error from server (BadRequest): error when creating \"s.yaml\": Pod in version \"v1\" cannot be handled as a Pod: json: cannot unmarshal array into Go struct field Pod.spec of type v1.PodSpec".to_owned()),
        ("a float into int32 keeps its text", pod(&format!("{C}  volumes:\n  - name: foo\n    secret:\n      secretName: s\n      defaultMode: 1.5\n")),
         "Error from server (BadRequest): error when creating \"s.yaml\": Pod in version \"v1\" cannot be handled as a Pod: json: cannot unmarshal number 1.5 into Go struct field SecretVolumeSource.spec.volumes.secret.defaultMode of type int32".to_owned()),
        ("the first type error in document order", "apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\nstringData: 5\ndata: 5\n".to_owned(),
         "Error from server (BadRequest): error when creating \"s.yaml\": Secret in version \"v1\" cannot be handled as a Secret: json: cannot unmarshal number into Go struct field Secret.stringData of type map[string]string".to_owned()),
        // A metadata type error stops kubectl client-side even when a spec error comes first in the text.
        ("metadata type error wins over an earlier one", "apiVersion: v1\nkind: Secret\nstringData: 5\nmetadata:\n  name: s\n  labels: 5\n".to_owned(),
         "error: unable to decode \"s.yaml\": json: cannot unmarshal number into Go struct field ObjectMeta.metadata.labels of type map[string]string".to_owned()),
        ("yes is a bool in YAML 1.1", pod("  containers:\n  - name: c\n    image: redis\n    env:\n    - name: A\n      value: yes\n"),
         "Error from server (BadRequest): error when creating \"s.yaml\": Pod in version \"v1\" cannot be handled as a Pod: json: cannot unmarshal bool into Go struct field EnvVar.spec.containers.env.value of type string".to_owned()),
        // --- kubectl client side
        ("misspelt kind", "apiVersion: v1\nkind: Secrte\nmetadata:\n  name: s\n".to_owned(),
         "error: resource mapping not found for name: \"s\" namespace: \"\" from \"s.yaml\": no matches for kind \"Secrte\" in version \"v1\"\nensure CRDs are installed first".to_owned()),
        // kubectl/pkg/util/openapi/validation/validation.go GetObjectKind, wrapped by cli-runtime
        // resource/visitor.go (ValidateSchema, StreamVisitor.Visit) with stopValidateMessage.
        ("missing kind", "apiVersion: v1\nmetadata:\n  name: s\n".to_owned(),
         "error: error validating \"s.yaml\": error validating data: kind not set; if you choose to ignore these errors, turn validation off with --validate=false".to_owned()),
        ("missing apiVersion", "kind: Secret\nmetadata:\n  name: s\n".to_owned(),
         "error: error validating \"s.yaml\": error validating data: apiVersion not set; if you choose to ignore these errors, turn validation off with --validate=false".to_owned()),
        ("missing both (utilerrors aggregate)", "metadata:\n  name: s\n".to_owned(),
         "error: error validating \"s.yaml\": error validating data: [apiVersion not set, kind not set]; if you choose to ignore these errors, turn validation off with --validate=false".to_owned()),
        ("kind not a string", "apiVersion: v1\nkind: 3\nmetadata:\n  name: s\n".to_owned(),
         "error: error validating \"s.yaml\": error validating data: kind isn't string type; if you choose to ignore these errors, turn validation off with --validate=false".to_owned()),
        ("empty kind passes validation, then the decoder refuses it", "apiVersion: v1\nkind: \"\"\nmetadata:\n  name: s\n".to_owned(),
         "error: unable to decode \"s.yaml\": Object 'Kind' is missing in '{\"apiVersion\":\"v1\",\"kind\":\"\",\"metadata\":{\"name\":\"s\"}}'".to_owned()),
        // apimachinery util/yaml YAMLToJSONDecoder uses the non-strict sigs.k8s.io/yaml.Unmarshal: the last key wins.
        ("duplicate key: the last one wins", "apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\nstringData:\n  a: 1\n  a: x\n".to_owned(),
         "secret/s created".to_owned()),
        ("YAML syntax", "apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\n data: x\n".to_owned(),
         "error: error parsing s.yaml: error converting YAML to JSON: yaml: line 4: did not find expected key".to_owned()),
        ("YAML scanner error", "a: b: c\n".to_owned(),
         "error: error parsing s.yaml: error converting YAML to JSON: yaml: line 1: mapping values are not allowed in this context".to_owned()),
        // --- namespaces: NamespaceLifecycle admission
        ("namespace missing", "apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\n  namespace: myns\n".to_owned(),
         "Error from server (NotFound): error when creating \"s.yaml\": namespaces \"myns\" not found".to_owned()),
        ("namespace name not a label", "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: my.ns\n".to_owned(),
         format!("The Namespace \"my.ns\" is invalid: metadata.name: Invalid value: \"my.ns\": {LABEL}")),
        // --- ServiceAccount admission
        ("service account missing", pod(&format!("{C}  serviceAccountName: robot\n")),
         "Error from server (Forbidden): error when creating \"s.yaml\": pods \"p\" is forbidden: error looking up service account default/robot: serviceaccount \"robot\" not found".to_owned()),
        // --- Pod volumes: ValidateVolumes, validateSecretVolumeSource, validateKeyToPath
        // --- pkg/apis/core/validation/validation.go (v1.33): paths, order and texts
        // validateProjectionSources: every kind set is validated, then Forbidden at the source itself.
        ("two kinds in one projected source", pod(&format!("{C}  volumes:\n  - name: v\n    projected:\n      sources:\n      - secret:\n          name: s\n        configMap:\n          name: ''\n")),
         "The Pod \"p\" is invalid: \n* spec.volumes[0].projected.sources[0].configMap.name: Required value\n* spec.volumes[0].projected.sources[0]: Forbidden: may not specify more than 1 volume type per source".to_owned()),
        // validateProjectionSources has no rule for a source with nothing set.
        ("an empty projected source is accepted", pod(&format!("{C}  volumes:\n  - name: v\n    projected:\n      sources:\n      - {{}}\n")),
         "pod/p created".to_owned()),
        // The token's path errors name `projected.path` (fldPath.Child("path") in upstream).
        ("projected token path with ..", pod(&format!("{C}  volumes:\n  - name: v\n    projected:\n      sources:\n      - serviceAccountToken:\n          path: ../t\n")),
         "The Pod \"p\" is invalid: spec.volumes[0].projected.path: Invalid value: \"../t\": must not contain '..'".to_owned()),
        // validateVolumeSource: secret comes before configMap; the later one is refused, not validated.
        ("secret and configMap in one volume", pod(&format!("{C}  volumes:\n  - name: v\n    secret:\n      secretName: s\n    configMap:\n      name: ''\n")),
         "The Pod \"p\" is invalid: spec.volumes[0].configMap: Forbidden: may not specify more than 1 volume type".to_owned()),
        // ValidateEnvFrom: both "one of" errors name the list, not the entry.
        ("envFrom with secretRef and configMapRef", pod("  containers:\n  - name: c\n    image: redis\n    envFrom:\n    - secretRef:\n        name: s\n      configMapRef:\n        name: c\n"),
         "The Pod \"p\" is invalid: spec.containers[0].envFrom: Invalid value: \"\": may not have more than one field specified at a time".to_owned()),
        // ValidateSecretName(name, true): checked as a prefix, a trailing dash is allowed.
        ("envFrom secret name with a trailing dash", pod("  containers:\n  - name: c\n    image: redis\n    envFrom:\n    - secretRef:\n        name: s-\n"),
         "pod/p created".to_owned()),
        // ValidatePodSpec: containers before initContainers; validateContainerCommon: env before envFrom.
        ("containers, then init containers; env, then envFrom", pod("  initContainers:\n  - name: i\n    image: busybox\n    env:\n    - name: ''\n  containers:\n  - name: c\n    image: redis\n    envFrom:\n    - prefix: x\n    env:\n    - name: ''\n"),
         "The Pod \"p\" is invalid: \n* spec.containers[0].env[0].name: Required value\n* spec.containers[0].envFrom: Invalid value: \"\": must specify one of: `configMapRef` or `secretRef`\n* spec.initContainers[0].env[0].name: Required value".to_owned()),
        // validateInitContainers: a name taken by a regular container is a Duplicate on the init container.
        ("init container named like a container", pod("  initContainers:\n  - name: c\n    image: busybox\n  containers:\n  - name: c\n    image: redis\n"),
         "The Pod \"p\" is invalid: spec.initContainers[0].name: Duplicate value: \"c\"".to_owned()),
        ("secretName missing", pod(&format!("{C}  volumes:\n  - name: foo\n    secret: {{}}\n")),
         "The Pod \"p\" is invalid: spec.volumes[0].secret.secretName: Required value".to_owned()),
        ("defaultMode 512", pod(&format!("{C}  volumes:\n  - name: foo\n    secret:\n      secretName: s\n      defaultMode: 512\n")),
         "The Pod \"p\" is invalid: spec.volumes[0].secret.defaultMode: Invalid value: 512: must be a number between 0 and 0777 (octal), both inclusive".to_owned()),
        ("negative item mode", pod(&format!("{C}  volumes:\n  - name: foo\n    secret:\n      secretName: s\n      items:\n      - key: a\n        path: a\n        mode: -1\n")),
         "The Pod \"p\" is invalid: spec.volumes[0].secret.items[0].mode: Invalid value: -1: must be a number between 0 and 0777 (octal), both inclusive".to_owned()),
        ("absolute item path", pod(&format!("{C}  volumes:\n  - name: foo\n    secret:\n      secretName: s\n      items:\n      - key: a\n        path: /etc/a\n")),
         "The Pod \"p\" is invalid: spec.volumes[0].secret.items[0].path: Invalid value: \"/etc/a\": must be a relative path".to_owned()),
        ("item path with ..", pod(&format!("{C}  volumes:\n  - name: foo\n    secret:\n      secretName: s\n      items:\n      - key: a\n        path: a/../../b\n")),
         "The Pod \"p\" is invalid: spec.volumes[0].secret.items[0].path: Invalid value: \"a/../../b\": must not contain '..'".to_owned()),
        ("item path starting with ..", pod(&format!("{C}  volumes:\n  - name: foo\n    secret:\n      secretName: s\n      items:\n      - key: a\n        path: ..a\n")),
         "The Pod \"p\" is invalid: spec.volumes[0].secret.items[0].path: Invalid value: \"..a\": must not start with '..'".to_owned()),
        ("item key and path empty", pod(&format!("{C}  volumes:\n  - name: foo\n    secret:\n      secretName: s\n      items:\n      - mode: 256\n")),
         "The Pod \"p\" is invalid: \n* spec.volumes[0].secret.items[0].key: Required value\n* spec.volumes[0].secret.items[0].path: Required value".to_owned()),
        ("volume name not a label", pod(&format!("{C}  volumes:\n  - name: Foo\n    secret:\n      secretName: s\n")),
         format!("The Pod \"p\" is invalid: spec.volumes[0].name: Invalid value: \"Foo\": {LABEL}")),
        ("duplicate volume", pod(&format!("{C}  volumes:\n  - name: foo\n    secret:\n      secretName: s\n  - name: foo\n    secret:\n      secretName: t\n")),
         "The Pod \"p\" is invalid: spec.volumes[1].name: Duplicate value: \"foo\"".to_owned()),
        ("two sources", pod(&format!("{C}  volumes:\n  - name: foo\n    secret:\n      secretName: s\n    emptyDir: {{}}\n")),
         "The Pod \"p\" is invalid: spec.volumes[0].secret: Forbidden: may not specify more than 1 volume type".to_owned()),
        ("projected secret without name", pod(&format!("{C}  volumes:\n  - name: foo\n    projected:\n      sources:\n      - secret:\n          items:\n          - key: a\n            path: a\n")),
         "The Pod \"p\" is invalid: spec.volumes[0].projected.sources[0].secret.name: Required value".to_owned()),
        // --- mounts: ValidateVolumeMounts
        ("mount of unknown volume", pod("  containers:\n  - name: c\n    image: redis\n    volumeMounts:\n    - name: foo\n      mountPath: /etc/foo\n"),
         "The Pod \"p\" is invalid: spec.containers[0].volumeMounts[0].name: Not found: \"foo\"".to_owned()),
        ("duplicate mountPath", pod("  containers:\n  - name: c\n    image: redis\n    volumeMounts:\n    - name: a\n      mountPath: /etc/foo\n    - name: b\n      mountPath: /etc/foo\n  volumes:\n  - name: a\n    emptyDir: {}\n  - name: b\n    emptyDir: {}\n"),
         "The Pod \"p\" is invalid: spec.containers[0].volumeMounts[1].mountPath: Invalid value: \"/etc/foo\": must be unique".to_owned()),
        ("mountPath missing", pod("  containers:\n  - name: c\n    image: redis\n    volumeMounts:\n    - name: a\n  volumes:\n  - name: a\n    emptyDir: {}\n"),
         "The Pod \"p\" is invalid: spec.containers[0].volumeMounts[0].mountPath: Required value".to_owned()),
        ("subPath with ..", pod("  containers:\n  - name: c\n    image: redis\n    volumeMounts:\n    - name: a\n      mountPath: /x\n      subPath: ../etc\n  volumes:\n  - name: a\n    emptyDir: {}\n"),
         "The Pod \"p\" is invalid: spec.containers[0].volumeMounts.subPath: Invalid value: \"../etc\": must not contain '..'".to_owned()),
        // --- env: ValidateEnv, validateEnvVarValueFrom, validateSecretKeySelector
        ("secretKeyRef key missing", pod("  containers:\n  - name: c\n    image: redis\n    env:\n    - name: A\n      valueFrom:\n        secretKeyRef:\n          name: s\n"),
         "The Pod \"p\" is invalid: spec.containers[0].env[0].valueFrom.secretKeyRef.key: Required value".to_owned()),
        ("secretKeyRef bad key", pod("  containers:\n  - name: c\n    image: redis\n    env:\n    - name: A\n      valueFrom:\n        secretKeyRef:\n          name: s\n          key: a b\n"),
         format!("The Pod \"p\" is invalid: spec.containers[0].env[0].valueFrom.secretKeyRef.key: Invalid value: \"a b\": {CONFIG_KEY}")),
        ("secretKeyRef empty name", pod("  containers:\n  - name: c\n    image: redis\n    env:\n    - name: A\n      valueFrom:\n        secretKeyRef:\n          key: k\n"),
         format!("The Pod \"p\" is invalid: spec.containers[0].env[0].valueFrom.secretKeyRef.name: Invalid value: \"\": {SUBDOMAIN}")),
        ("value and valueFrom", pod("  containers:\n  - name: c\n    image: redis\n    env:\n    - name: A\n      value: x\n      valueFrom:\n        secretKeyRef:\n          name: s\n          key: k\n"),
         "The Pod \"p\" is invalid: spec.containers[0].env[0].valueFrom: Invalid value: \"\": may not be specified when `value` is not empty".to_owned()),
        ("env name with =", pod("  containers:\n  - name: c\n    image: redis\n    env:\n    - name: A=B\n      value: x\n"),
         "The Pod \"p\" is invalid: spec.containers[0].env[0].name: Invalid value: \"A=B\": a valid environment variable name must consist only of printable ASCII characters other than '='".to_owned()),
        ("envFrom without source", pod("  containers:\n  - name: c\n    image: redis\n    envFrom:\n    - prefix: P_\n"),
         "The Pod \"p\" is invalid: spec.containers[0].envFrom: Invalid value: \"\": must specify one of: `configMapRef` or `secretRef`".to_owned()),
        ("envFrom secretRef without name", pod("  containers:\n  - name: c\n    image: redis\n    envFrom:\n    - secretRef: {}\n"),
         "The Pod \"p\" is invalid: spec.containers[0].envFrom[0].secretRef.name: Required value".to_owned()),
        // --- containers
        ("no containers", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: kuard\nspec: {}\n".to_owned(),
         "The Pod \"kuard\" is invalid: spec.containers: Required value".to_owned()),
        ("no image", pod("  containers:\n  - name: c\n"),
         "The Pod \"p\" is invalid: spec.containers[0].image: Required value".to_owned()),
        ("restartPolicy", pod(&format!("{C}  restartPolicy: Sometimes\n")),
         "The Pod \"p\" is invalid: spec.restartPolicy: Unsupported value: \"Sometimes\": supported values: \"Always\", \"OnFailure\", \"Never\"".to_owned()),
    ];
    assert!(cases.len() >= 40, "{} cases", cases.len());
    let mut failures = Vec::new();
    for (name, text, want) in &cases {
        let got = apply(text);
        if got.last() != Some(want) {
            failures.push(format!("{name}:\n  got:  {:?}\n  want: {want:?}", got.last()));
        }
    }
    assert!(failures.is_empty(), "{} of {} cases differ:\n{}", failures.len(), cases.len(), failures.join("\n"));
}

#[test]
fn immutable_and_type_changes_are_refused_on_update() {
    // ValidateSecretUpdate; e2e secrets_volume.go "should be immutable if `immutable` field is set".
    let mut store = Store::new(1);
    let text = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: immutable\ndata:\n  data-1: dmFsdWUtMQo=\nimmutable: true\n";
    let obj = decode_manifest(text, "s.yaml").docs.remove(0).result.expect("decodes");
    store.apply(obj, "default", 0).expect("created");
    let changed = text.replace("dmFsdWUtMQo=", "dmFsdWUtMgo=");
    let obj = decode_manifest(&changed, "s.yaml").docs.remove(0).result.expect("decodes");
    let err = store.apply(obj, "default", 0).expect_err("immutable");
    assert_eq!(
        err.kubectl_message(),
        "The Secret \"immutable\" is invalid: data: Forbidden: field is immutable when `immutable` is set"
    );
    let unset = text.replace("immutable: true", "immutable: false");
    let obj = decode_manifest(&unset, "s.yaml").docs.remove(0).result.expect("decodes");
    let err = store.apply(obj, "default", 0).expect_err("immutable flag");
    assert_eq!(
        err.kubectl_message(),
        "The Secret \"immutable\" is invalid: immutable: Forbidden: field is immutable when `immutable` is set"
    );
    let labels = text.replace("  name: immutable\n", "  name: immutable\n  labels:\n    a: b\n");
    let obj = decode_manifest(&labels, "s.yaml").docs.remove(0).result.expect("decodes");
    assert_eq!(store.apply(obj, "default", 0).map(|r| r.1.as_str()), Ok("configured"));
    let tls = text.replace("immutable: true", "immutable: true\ntype: kubernetes.io/tls");
    let obj = decode_manifest(&tls, "s.yaml").docs.remove(0).result.expect("decodes");
    let err = store.apply(obj, "default", 0).expect_err("type");
    assert!(
        err.kubectl_message().starts_with(
            "The Secret \"immutable\" is invalid: \n* type: Invalid value: \"kubernetes.io/tls\": field is immutable"
        ),
        "{}",
        err.kubectl_message()
    );
}

#[test]
fn store_errors_and_plaintext_etcd() {
    let mut store = Store::new(1);
    let obj = decode_manifest("apiVersion: v1\nkind: Secret\nmetadata:\n  name: x\nstringData:\n  password: hunter2\n", "s.yaml")
        .docs
        .remove(0)
        .result
        .expect("decodes");
    let created = store.create(obj.clone(), 5_000).expect("created");
    assert_eq!(created.meta().resource_version.as_deref().map(|s| s.parse::<u64>().is_ok()), Some(true));
    let err = store.create(obj, 6_000).expect_err("exists");
    assert_eq!(err.kubectl_message(), "Error from server (AlreadyExists): secrets \"x\" already exists");
    assert_eq!(
        store.get(kubeplay_api::Kind::Secret, "default", "nope").expect_err("missing").kubectl_message(),
        "Error from server (NotFound): secrets \"nope\" not found"
    );
    let etcd = store.etcd();
    let (_, value) = etcd.iter().find(|(k, _)| k == "/registry/secrets/default/x").expect("key");
    // base64 of "hunter2" is in the value: encoded, not encrypted.
    assert!(value.contains("\"aHVudGVyMg==\""), "{value}");
    assert!(!value.contains("stringData"));
    assert!(etcd.iter().any(|(k, _)| k == "/registry/serviceaccounts/kube-system/default"));
}

#[test]
fn validation_errors_point_at_their_line() {
    let text = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: c\n    image: redis\n  volumes:\n  - name: foo\n    secret:\n      secretName: s\n      defaultMode: 512\n";
    let d = decode_manifest(text, "p.yaml").docs.remove(0);
    assert_eq!(d.line_of("spec.volumes[0].secret.defaultMode"), 13);
    // A field that is not in the text: its nearest ancestor (the `secret` mapping's first line).
    assert_eq!(d.line_of("spec.volumes[0].secret.items[0].path"), 12);
    let s = decode_manifest("apiVersion: v1\nkind: Secret\nmetadata:\n  name: x\nstringData:\n  ok: v\n  bad key: v\n", "s.yaml")
        .docs
        .remove(0);
    assert_eq!(s.line_of("data[bad key]"), 7);
    assert_eq!(s.line_of("metadata.name"), 4);
}

#[test]
fn type_errors_in_metadata_stop_kubectl_and_map_values_name_the_map() {
    // `name: y` is a bool in YAML 1.1; kubectl v1.32.4 refuses it before sending.
    let out = apply("apiVersion: v1\nkind: Secret\nmetadata:\n  name: y\n");
    assert_eq!(out.last().map(String::as_str), Some("error: unable to decode \"s.yaml\": json: cannot unmarshal bool into Go struct field ObjectMeta.metadata.name of type string"));
    let out = apply("apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\nstringData:\n  j: yes\n");
    assert_eq!(
        out.last().map(String::as_str),
        Some("Error from server (BadRequest): error when creating \"s.yaml\": Secret in version \"v1\" cannot be handled as a Secret: json: cannot unmarshal bool into Go struct field Secret.stringData of type string")
    );
}

/// cli-runtime resource/visitor.go `StreamVisitor.Visit`: a document that fails validation ends
/// the file's stream; the documents before it are still sent, the ones after it are not.
#[test]
fn a_validation_error_stops_the_rest_of_the_file() {
    let text = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: a\n---\nmetadata:\n  name: b\n---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: c\n";
    assert_eq!(
        apply(text),
        vec![
            "secret/a created".to_owned(),
            "error: error validating \"s.yaml\": error validating data: [apiVersion not set, kind not set]; if you choose to ignore these errors, turn validation off with --validate=false".to_owned(),
        ]
    );
}

/// apimachinery util/yaml decoder.go `YAMLReader`: each document is handed to go-yaml on its own,
/// so a syntax error's line counts from the first line after its `---`.
#[test]
fn yaml_syntax_error_lines_count_per_document() {
    let text =
        "apiVersion: v1\nkind: Secret\nmetadata:\n  name: a\n---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: b\n bad: x\n";
    assert_eq!(
        apply(text).last().map(String::as_str),
        Some("error: error parsing s.yaml: error converting YAML to JSON: yaml: line 4: did not find expected key")
    );
}

/// The etcd bytes of a stored Secret are protobuf behind `k8s\x00` (runtime/serializer/protobuf,
/// core/v1 generated.proto), with the secret value in the clear: what `etcdctl get | hexdump -C`
/// shows when encryption at rest is off. The JSON view above stays as it was.
#[test]
fn etcd_holds_protobuf_with_the_value_in_the_clear() {
    let mut store = Store::new(1);
    let obj = decode_manifest("apiVersion: v1\nkind: Secret\nmetadata:\n  name: x\nstringData:\n  password: hunter2\n", "s.yaml")
        .docs
        .remove(0)
        .result
        .expect("decodes");
    store.create(obj, 5_000).expect("created");
    let (key, value) = kubeplay_api::etcd::secret_entry(&store, "default", "x").expect("stored");
    assert_eq!(key, "/registry/secrets/default/x");
    assert!(value.starts_with(b"k8s\x00\x0a\x0c\x0a\x02v1\x12\x06Secret"));
    assert!(value.windows(7).any(|w| w == b"hunter2"));
    assert!(value.ends_with(b"\x1a\x06Opaque\x1a\x00\x22\x00"));
    let dump = kubeplay_api::etcd::secret_hexdump(&store, "default", "x").expect("dump");
    assert!(dump.starts_with("00000000  2f 72 65 67 69 73 74 72  79 2f 73 65 63 72 65 74  |/registry/secret|\n"), "{dump}");
    assert!(kubeplay_api::etcd::secret_entry(&store, "default", "nope").is_none());
}
