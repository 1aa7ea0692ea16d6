//! The volume manager: the reconciler's mount attempts, with exponential backoff on failure,
//! and WaitForAttachAndMount's polling.
//!
//! Mirrors `pkg/kubelet/volumemanager/` (reconciler, `WaitForAttachAndMount` polling every
//! 300 ms up to 2m3s), `pkg/volume/util/nestedpendingoperations/` and
//! `pkg/util/goroutinemap/exponentialbackoff/` (500 ms doubling to 2m2s).

use super::volume_plugins::{self, Sources};
use kubeplay_api::k8s_openapi::api::core::v1::PodSpec;

use super::{
    Node, VolumeState, WorkerPhase, BACKOFF_INITIAL_MS, BACKOFF_MAX_MS, MOUNT_POLL_MS, MOUNT_WAIT_TIMEOUT_MS, PODS_DIR,
    SYNC_ERROR_BACKOFF_MS,
};
use crate::atomic_writer;
use crate::ctx::{pod_ref, Ctx};
use crate::events::EventType;
use crate::inside::Inside;
use crate::queue::{PodId, Task};

impl VolumeState {
    /// The volume manager's initial state for each volume of a new pod: not mounted, no backoff.
    pub(super) fn for_pod(uid: &str, spec: &PodSpec) -> Vec<Self> {
        spec.volumes
            .iter()
            .flatten()
            .map(|v| VolumeState {
                name: v.name.clone(),
                host_dir: format!("{PODS_DIR}/{uid}/volumes/{}/{}", volume_plugins::plugin_dir(v), v.name),
                mounted: false,
                backoff_ms: 0,
                retry_pending: false,
            })
            .collect()
    }
}

impl Node {
    /// The volume reconciler's attempt to (re)mount one volume.
    pub(crate) fn mount(&mut self, id: PodId, vol: usize, ctx: &mut Ctx<'_>) {
        let Some(w) = self.workers.get_mut(&id) else { return };
        if w.phase == WorkerPhase::Terminating {
            return;
        }
        let Some(state) = w.volumes.get_mut(vol) else { return };
        state.retry_pending = false;
        let was_mounted = state.mounted;
        let Some(spec_vol) = w.pod.spec.as_ref().and_then(|s| s.volumes.as_ref()).and_then(|v| v.get(vol)) else { return };
        let Some(host_dir) = w.volumes.get(vol).map(|v| v.host_dir.as_str()) else { return };
        let result = if volume_plugins::is_projected_kind(spec_vol) {
            let mut src = Sources {
                store: ctx.store,
                secrets: &mut self.secrets,
                config_maps: &mut self.config_maps,
                now_ms: ctx.now_ms,
                pod_start_ms: w.start_ms,
                node_uid: &self.uid,
            };
            volume_plugins::make_payload(spec_vol, &w.pod, &mut src).and_then(|payload| {
                let fs_group =
                    w.pod.spec.as_ref().and_then(|s| s.security_context.as_ref()).and_then(|c| c.fs_group).map(|g| g as u32);
                let ts = ts_dir_name(&mut self.ts_cache, ctx);
                atomic_writer::write(&mut self.fs, host_dir, &payload, &ts, fs_group)
            })
        } else {
            // emptyDir (and anything else): a plain directory.
            if self.fs.lstat(host_dir).is_none() {
                self.fs.mkdir_all(host_dir, 0o777);
            }
            Ok(atomic_writer::WriteOutcome { written: !was_mounted, ts_dir: String::new() })
        };
        // The secret manager's lookups for this payload, in the order they were made.
        for (ns, name, lookup) in self.secrets.take_lookups() {
            ctx.inside(&self.name, pod_ref(&w.pod), Inside::SecretLookup { secret: format!("{ns}/{name}"), lookup });
        }
        let Some(state) = w.volumes.get_mut(vol) else { return };
        let node = &self.name;
        let pod = &w.pod;
        match result {
            Ok(outcome) => {
                let first = !state.mounted;
                state.mounted = true;
                state.backoff_ms = 0;
                let vol_name = &state.name;
                let volume = vol_name.clone();
                if first {
                    ctx.inside(node, pod_ref(pod), Inside::Mounted { volume, ts_dir: outcome.ts_dir });
                    ctx.changed();
                } else if outcome.written {
                    ctx.inside(node, pod_ref(pod), Inside::Updated { volume, ts_dir: outcome.ts_dir });
                    ctx.changed();
                } else {
                    ctx.inside(node, pod_ref(pod), Inside::Unchanged { volume });
                }
                if first && w.phase == WorkerPhase::WaitingForVolumes && w.volumes.iter().all(|v| v.mounted) && !w.sync_pending {
                    // WaitForAttachAndMount notices at its next 300 ms poll, or the pod worker's next try.
                    let at = next_mount_poll(w.wait_start_ms, ctx.now_ms);
                    w.sync_pending = true;
                    ctx.queue.push(at, Task::Sync { node: self.index, pod: id }, true);
                }
            }
            Err(err) => {
                let vol_name = &state.name;
                // operation_generator: GenerateError("MountVolume.SetUp failed", err) → `… for volume "v" : err`
                let msg = format!("MountVolume.SetUp failed for volume {} : {err}", kubeplay_api::field::go_quote(vol_name));
                state.backoff_ms =
                    if state.backoff_ms == 0 { BACKOFF_INITIAL_MS } else { (state.backoff_ms * 2).min(BACKOFF_MAX_MS) };
                let retry = state.backoff_ms;
                if !state.mounted {
                    state.retry_pending = true;
                    ctx.queue.push(ctx.now_ms + retry, Task::Mount { node: self.index, pod: id, volume: vol as u16 }, false);
                }
                ctx.event(pod, None, EventType::Warning, "FailedMount", msg);
                ctx.inside(node, pod_ref(pod), Inside::MountFailed { volume: state.name.clone(), retry_ms: retry });
            }
        }
    }
}

/// When WaitForAttachAndMount (started at `wait_start`, polling every 300 ms, giving up
/// after 2m3s, retried 10 s later) next notices that the volumes are ready.
pub fn next_mount_poll(wait_start: u64, now: u64) -> u64 {
    if now < wait_start {
        return wait_start;
    }
    let into = now - wait_start;
    if into > MOUNT_WAIT_TIMEOUT_MS {
        // The pod worker's next attempt starts a new wait that sees them at once.
        let cycle = MOUNT_WAIT_TIMEOUT_MS + SYNC_ERROR_BACKOFF_MS;
        let cycles = into / cycle;
        let in_cycle = into % cycle;
        if in_cycle <= MOUNT_WAIT_TIMEOUT_MS {
            return wait_start + cycles * cycle + in_cycle.div_ceil(MOUNT_POLL_MS) * MOUNT_POLL_MS;
        }
        return wait_start + (cycles + 1) * cycle;
    }
    wait_start + into.div_ceil(MOUNT_POLL_MS) * MOUNT_POLL_MS
}

/// `..YYYY_MM_DD_hh_mm_ss.<random>`, the name of a new timestamped directory: the formatted
/// second is cached in `cache`, the random suffix is drawn every time.
fn ts_dir_name(cache: &mut (Option<u64>, String), ctx: &mut Ctx<'_>) -> String {
    let second = ctx.now_ms / 1000;
    if cache.0 != Some(second) {
        *cache = (Some(second), ts_stamp(ctx.now_ms));
    }
    format!("..{}.{}", cache.1, ctx.random() % 4_294_967_296)
}

/// The `YYYY_MM_DD_hh_mm_ss` of `..YYYY_MM_DD_hh_mm_ss.<random>`, the name
/// `os.MkdirTemp(dir, time.Now().UTC().Format("..2006_01_02_15_04_05."))` gives.
fn ts_stamp(now_ms: u64) -> String {
    let ms = kubeplay_api::store::EPOCH_UNIX_MS + now_ms as i64;
    kubeplay_api::k8s_openapi::jiff::Timestamp::from_millisecond(ms)
        .map(|t| t.strftime("%Y_%m_%d_%H_%M_%S").to_string())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mount_poll_rounds_up_to_the_next_300ms() {
        assert_eq!(next_mount_poll(0, 0), 0);
        assert_eq!(next_mount_poll(0, 1), 300);
        assert_eq!(next_mount_poll(1000, 1500), 1600);
        // After the 2m3s window the next pod-worker attempt notices.
        assert_eq!(next_mount_poll(0, MOUNT_WAIT_TIMEOUT_MS + 5_000), MOUNT_WAIT_TIMEOUT_MS + SYNC_ERROR_BACKOFF_MS);
    }
}
