//! A container's process: the argv the runtime starts, run by kubeplay's shell (the same
//! interpreter and the same container programs `kubectl exec` uses) against what the container
//! sees — its files through its mounts and its environment.
//!
//! The process runs to its end when the container starts: each top-level command's output is
//! written to the container's log at the virtual time it happens (`sleep N` moves the process's
//! clock), and the exit is scheduled at the time it is reached. Servers from the image catalogue
//! (`nginx`, `redis-server`, …), `sleep infinity` and `tail -f` run until stopped. A program
//! kubeplay does not simulate is reported as an assumption, never silently: as a whole command it
//! is assumed to run until stopped; inside a script it is `sh: NAME: not found` (status 127).

use std::cell::RefCell;
use std::collections::BTreeSet;

use kubeplay_shell::{Commands, Env, Output, Shell};

use super::images::SERVERS;
use super::{Bind, ContainerRuntime, Node, PodWorker};
use crate::container_log::{ContainerLog, Stream};
use crate::shell_fs::ReadOnly;
use crate::tmpfs::{join, Tmpfs};

/// The directories every simulated image has.
const IMAGE_DIRS: [&str; 5] = ["/bin", "/etc", "/tmp", "/root", "/data"];

/// The image's `PATH` (the Docker default).
const IMAGE_PATH: &str = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

/// The working directory processes and `kubectl exec` start in.
pub const WORKDIR: &str = "/data";

/// The `kubernetes` service's variables (ClusterIP 10.96.0.1, port 443) and the image's `HOME`,
/// in the order `env` prints them.
const SERVICE_AND_IMAGE_ENV: [(&str, &str); 9] = [
    ("KUBERNETES_SERVICE_HOST", "10.96.0.1"),
    ("KUBERNETES_SERVICE_PORT", "443"),
    ("KUBERNETES_SERVICE_PORT_HTTPS", "443"),
    ("KUBERNETES_PORT", "tcp://10.96.0.1:443"),
    ("KUBERNETES_PORT_443_TCP", "tcp://10.96.0.1:443"),
    ("KUBERNETES_PORT_443_TCP_PROTO", "tcp"),
    ("KUBERNETES_PORT_443_TCP_PORT", "443"),
    ("KUBERNETES_PORT_443_TCP_ADDR", "10.96.0.1"),
    ("HOME", "/root"),
];

/// What `/docker-entrypoint.sh nginx …` prints before nginx starts (nginx/docker-nginx
/// `entrypoint/docker-entrypoint.sh` and the `/docker-entrypoint.d/*.sh` scripts it runs in
/// `sort -V` order).
const NGINX_ENTRYPOINT_LOG: &str =
    "/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration
/docker-entrypoint.sh: Looking for shell scripts in /docker-entrypoint.d/
/docker-entrypoint.sh: Launching /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh
10-listen-on-ipv6-by-default.sh: info: Getting the checksum of /etc/nginx/conf.d/default.conf
10-listen-on-ipv6-by-default.sh: info: Enabled listen on IPv6 in /etc/nginx/conf.d/default.conf
/docker-entrypoint.sh: Sourcing /docker-entrypoint.d/15-local-resolvers.envsh
/docker-entrypoint.sh: Launching /docker-entrypoint.d/20-envsubst-on-templates.sh
/docker-entrypoint.sh: Launching /docker-entrypoint.d/30-tune-worker-processes.sh
/docker-entrypoint.sh: Configuration complete; ready for start up
";

/// How a process ends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProcessEnd {
    /// It exits with `code` after `after_ms` of virtual time.
    Exits {
        /// The exit status.
        code: i32,
        /// How long it ran.
        after_ms: u64,
    },
    /// It runs until the kubelet stops it.
    UntilStopped,
}

/// A container's process as the runtime started it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProcessRun {
    /// The command line as run (after `$(VAR)` expansion and the image's defaults).
    pub argv: Vec<String>,
    /// What it wrote, stamped with virtual times from its start on.
    pub log: ContainerLog,
    /// How it ends.
    pub end: ProcessEnd,
    /// What kubeplay had to assume (an image or program it does not simulate), shown by the views.
    pub assumption: Option<String>,
}

/// The process side of [`ContainerCommands`]: its clock and log.
#[derive(Debug, Clone, Default)]
struct ProcessState {
    start_ms: u64,
    elapsed_ms: u64,
    log: ContainerLog,
    /// How many `sh` levels deep the interpreter is (1 = the container's own shell).
    depth: u32,
    /// `sleep infinity` or `tail -f` was reached: nothing after it runs.
    forever: bool,
    /// Programs a script called that kubeplay does not simulate.
    unsupported: RefCell<BTreeSet<String>>,
}

/// The programs of a container's image beyond the shell's built-ins (`env`, `printenv`,
/// `hostname`, `sh -c`), for `kubectl exec` and for the container's own process.
#[derive(Debug, Clone, Default)]
pub struct ContainerCommands {
    process: Option<ProcessState>,
}

impl ContainerCommands {
    /// The programs as `kubectl exec` runs them (virtual time moves only from the console).
    pub fn exec() -> Self {
        ContainerCommands { process: None }
    }
}

impl Commands for ContainerCommands {
    fn run(&mut self, sh: &mut Shell<'_>, argv: &[String], _stdin: Option<String>) -> Option<Output> {
        let (name, args) = argv.split_first()?;
        let name = name.rsplit('/').next().unwrap_or(name);
        if let Some(p) = &mut self.process {
            if p.forever {
                return Some(Output::default());
            }
            let forever = (name == "sleep" && args.first().is_some_and(|a| a == "infinity"))
                || (name == "tail" && args.iter().any(|a| a == "-f" || a == "-F"));
            if forever {
                p.forever = true;
                return Some(Output::default());
            }
        }
        let list = |env: &Env| env.iter().map(|(k, v)| format!("{k}={v}\n")).collect::<String>();
        Some(match name {
            "env" if args.is_empty() => Output::ok(list(sh.env)),
            "printenv" if args.is_empty() => Output::ok(list(sh.env)),
            "printenv" => {
                let mut out = String::new();
                let mut status = 0;
                for a in args {
                    match sh.env.get(a) {
                        Some(v) => {
                            out.push_str(v);
                            out.push('\n');
                        }
                        None => status = 1,
                    }
                }
                Output { stdout: out, stderr: String::new(), status }
            }
            // busybox hostname prints the kernel's hostname: the pod's name.
            "hostname" if args.is_empty() => Output::ok(format!("{}\n", sh.env.get("HOSTNAME").unwrap_or(""))),
            "sh" | "bash" | "ash" | "dash" => self.shell(sh, args),
            // Virtual time moves only from the console.
            "sleep" | "help" if self.process.is_none() => self.not_found(name),
            _ => return None,
        })
    }

    fn sleep(&mut self, ms: u64) -> Output {
        if let Some(p) = &mut self.process {
            p.elapsed_ms = p.elapsed_ms.saturating_add(ms);
        }
        Output::default()
    }

    fn emit(&mut self, out: &Output) -> bool {
        let Some(p) = &mut self.process else { return false };
        if p.depth != 1 {
            return false;
        }
        let at = p.start_ms.saturating_add(p.elapsed_ms);
        p.log.write(at, Stream::Stdout, &out.stdout);
        p.log.write(at, Stream::Stderr, &out.stderr);
        true
    }

    fn not_found(&self, name: &str) -> Output {
        if let Some(p) = &self.process {
            p.unsupported.borrow_mut().insert(name.to_owned());
            // busybox ash: "sh: NAME: not found", status 127.
            return Output { stdout: String::new(), stderr: format!("sh: {name}: not found\n"), status: 127 };
        }
        Output {
            stdout: String::new(),
            stderr: format!(
                "kubeplay: {name} is not available in this simulated container (try cat, ls, env, printenv, echo, sh -c)\n"
            ),
            status: 127,
        }
    }
}

impl ContainerCommands {
    /// `sh -c SCRIPT`, `sh FILE`, or `sh` alone (reads its empty stdin and exits 0).
    fn shell(&mut self, sh: &mut Shell<'_>, args: &[String]) -> Output {
        let script = match args.first().map(String::as_str) {
            Some("-c") => match args.get(1) {
                Some(s) => s.clone(),
                None => return Output { stdout: String::new(), stderr: "sh: -c requires an argument\n".to_owned(), status: 2 },
            },
            Some(file) if self.process.is_some() => match kubeplay_shell::fs::read_text(&*sh.fs, sh.cwd, file) {
                Ok(s) => s,
                Err(_) => {
                    return Output {
                        stdout: String::new(),
                        stderr: format!("sh: can't open '{file}': No such file or directory\n"),
                        status: 2,
                    }
                }
            },
            None if self.process.is_some() => return Output::default(),
            _ => return Output::err("kubeplay: only `sh -c 'COMMANDS'` is supported inside containers (no interactive shell)"),
        };
        if let Some(p) = &mut self.process {
            p.depth += 1;
        }
        let out = sh.run_script(self, &script);
        if let Some(p) = &mut self.process {
            p.depth -= 1;
        }
        out
    }
}

/// Runs a container's process from `start_ms` on: `argv` against the container's files and env.
/// `image_known` says whether the image is in the catalogue (else an empty argv is an assumption).
pub fn run_process(argv: Vec<String>, image: &str, image_known: bool, mut fs: ReadOnly, env: Env, start_ms: u64) -> ProcessRun {
    let mut run =
        ProcessRun { argv: argv.clone(), log: ContainerLog::default(), end: ProcessEnd::UntilStopped, assumption: None };
    let mut argv = argv;
    if argv.is_empty() {
        if !image_known {
            run.assumption = Some(format!(
                "kubeplay does not know the default command of image {image:?}; it is assumed to run until stopped"
            ));
        }
        return run;
    }
    // The images' entrypoint scripts end with `exec "$@"`.
    if argv.first().is_some_and(|a| a.rsplit('/').next() == Some("docker-entrypoint.sh")) {
        argv.remove(0);
        if argv.first().is_some_and(|a| a == "nginx" || a == "nginx-debug") {
            run.log.write(start_ms, Stream::Stdout, NGINX_ENTRYPOINT_LOG);
        }
        if argv.is_empty() {
            run.end = ProcessEnd::Exits { code: 0, after_ms: 0 };
            return run;
        }
    }
    let program = argv.first().map(|a| a.rsplit('/').next().unwrap_or(a).to_owned()).unwrap_or_default();
    if SERVERS.contains(&program.as_str()) {
        return run;
    }
    // python3 / node with no script read their (empty) stdin and exit 0.
    if argv.len() == 1 && matches!(program.as_str(), "python" | "python3" | "node") {
        run.end = ProcessEnd::Exits { code: 0, after_ms: 0 };
        return run;
    }
    let mut cmds = ContainerCommands { process: Some(ProcessState { start_ms, ..ProcessState::default() }) };
    let mut cwd = WORKDIR.to_owned();
    let mut sh = Shell::new(&mut fs, &mut cwd, &env);
    if super::images::busybox_userland(image) {
        sh.userland = kubeplay_shell::Userland::Busybox;
    }
    let mut call = argv.clone();
    if let Some(first) = call.first_mut() {
        first.clone_from(&program);
    }
    let out = sh.run_simple(&mut cmds, &call, None);
    let Some(mut p) = cmds.process else { return run };
    let direct_unknown = out.status == 127 && out.stderr == format!("sh: {program}: not found\n");
    if direct_unknown {
        run.assumption =
            Some(format!("kubeplay does not simulate the program {program:?}; the container is assumed to run until stopped"));
        return run;
    }
    let at = start_ms.saturating_add(p.elapsed_ms);
    p.log.write(at, Stream::Stdout, &out.stdout);
    p.log.write(at, Stream::Stderr, &out.stderr);
    for line in p.log.all() {
        run.log.write(line.at_ms, line.stream, &line.text);
    }
    let unsupported = p.unsupported.take();
    if !unsupported.is_empty() {
        let names: Vec<&str> = unsupported.iter().map(String::as_str).collect();
        run.assumption = Some(format!("kubeplay does not simulate {}: the script got `not found` (127)", names.join(", ")));
    }
    if !p.forever {
        run.end = ProcessEnd::Exits { code: out.status, after_ms: p.elapsed_ms };
    }
    run
}

/// The container's filesystem: the image's directories, then every mount laid out at its mount path.
pub(crate) fn container_fs(node: &Node, w: &PodWorker, c: &ContainerRuntime) -> Tmpfs {
    let mut fs = Tmpfs::default();
    for d in IMAGE_DIRS {
        fs.mkdir_all(d, 0o755);
    }
    for m in &c.mounts {
        let mount = m.mount_path.trim_end_matches('/');
        match (&m.sub_path, &m.bind) {
            (Some(_), Some(Bind::File(inode))) => fs.insert(mount, inode.clone()),
            (Some(_), Some(Bind::Dir(files))) => {
                fs.mkdir_all(mount, 0o755);
                for (rel, inode) in files {
                    fs.insert(&join(mount, rel), inode.clone());
                }
            }
            (Some(_), _) => fs.mkdir_all(mount, 0o755),
            (None, _) => {
                let Some(vol) = w.volumes.get(m.volume) else { continue };
                // The runtime makes the mount point's missing parents (0755); the volume's
                // tmpfs root has tmpfs's default mode 1777.
                fs.mkdir_all(kubeplay_shell::fs::parent(mount), 0o755);
                fs.mkdir_all(mount, 0o1777);
                for (path, inode) in node.fs.tree(&vol.host_dir) {
                    let Some(rel) = path.strip_prefix(vol.host_dir.as_str()) else { continue };
                    fs.insert(&format!("{mount}{rel}"), inode.clone());
                }
            }
        }
    }
    fs
}

/// The environment the kubelet hands the runtime (`makeEnvironmentVariables`: the pod's env,
/// then the `kubernetes` service's variables): what `$(VAR)` in `command`/`args` expands from.
pub(crate) fn kubelet_env(c: &ContainerRuntime) -> Vec<(String, String)> {
    let mut env: Vec<(String, String)> = c.env.iter().map(|e| (e.name.clone(), e.value.clone())).collect();
    for (k, v) in SERVICE_AND_IMAGE_ENV.iter().filter(|(k, _)| *k != "HOME") {
        if !env.iter().any(|(n, _)| n == k) {
            env.push(((*k).to_owned(), (*v).to_owned()));
        }
    }
    env
}

/// The environment a process in the container sees: image defaults, the pod's env, service links.
pub(crate) fn container_env(pod_name: &str, c: &ContainerRuntime) -> Vec<(String, String)> {
    let mut env = vec![("PATH".to_owned(), IMAGE_PATH.to_owned()), ("HOSTNAME".to_owned(), pod_name.to_owned())];
    env.extend(c.env.iter().map(|e| (e.name.clone(), e.value.clone())));
    for (k, v) in SERVICE_AND_IMAGE_ENV {
        if !env.iter().any(|(n, _)| n == k) {
            env.push((k.to_owned(), v.to_owned()));
        }
    }
    env
}
