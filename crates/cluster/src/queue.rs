//! The event queue: work waiting on the virtual clock, ordered by (time, sequence).

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use serde::Serialize;

/// A pod's identity inside the simulator (one per created object; never reused).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct PodId(pub u32);

/// Work waiting on the clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Task {
    Schedule {
        pod: PodId,
    },
    KubeletAdd {
        node: u16,
        pod: PodId,
    },
    Mount {
        node: u16,
        pod: PodId,
        volume: u16,
    },
    Sync {
        node: u16,
        pod: PodId,
    },
    Resync {
        node: u16,
        pod: PodId,
    },
    PullDone {
        node: u16,
        pod: PodId,
        container: u16,
        pull_ms: u64,
    },
    ContainerExit {
        node: u16,
        pod: PodId,
        container: u16,
        restart: u32,
        code: i32,
    },
    UpdatePod {
        node: u16,
        pod: PodId,
    },
    Kill {
        node: u16,
        pod: PodId,
    },
    Remove {
        node: u16,
        pod: PodId,
    },
    /// A kube-controller-manager worker takes the next key of the controllers' queue.
    Controller,
}

impl Task {
    /// The node whose kubelet runs the task (`None`: the scheduler's or the controllers').
    pub(crate) fn node(self) -> Option<u16> {
        match self {
            Task::Schedule { .. } | Task::Controller => None,
            Task::KubeletAdd { node, .. }
            | Task::Mount { node, .. }
            | Task::Sync { node, .. }
            | Task::Resync { node, .. }
            | Task::PullDone { node, .. }
            | Task::ContainerExit { node, .. }
            | Task::UpdatePod { node, .. }
            | Task::Kill { node, .. }
            | Task::Remove { node, .. } => Some(node),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Entry {
    pub(crate) at_ms: u64,
    seq: u64,
    pub(crate) task: Task,
    productive: bool,
}

impl Ord for Entry {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        (self.at_ms, self.seq).cmp(&(other.at_ms, other.seq))
    }
}
impl PartialOrd for Entry {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

/// The event queue, ordered by (time, sequence).
#[derive(Debug, Clone, Default)]
pub(crate) struct Queue {
    heap: BinaryHeap<Reverse<Entry>>,
    seq: u64,
    productive: usize,
}

impl Queue {
    /// Schedules `task` at `at_ms`. Productive tasks move the cluster forward; the others
    /// (retries, resyncs) may repeat forever and do not keep the cluster from being idle.
    pub(crate) fn push(&mut self, at_ms: u64, task: Task, productive: bool) {
        self.seq += 1;
        if productive {
            self.productive += 1;
        }
        self.heap.push(Reverse(Entry { at_ms, seq: self.seq, task, productive }));
    }
    pub(crate) fn pop(&mut self) -> Option<Entry> {
        let e = self.heap.pop()?.0;
        if e.productive {
            self.productive -= 1;
        }
        Some(e)
    }
    pub(crate) fn peek_time(&self) -> Option<u64> {
        self.heap.peek().map(|e| e.0.at_ms)
    }
    pub(crate) fn len(&self) -> usize {
        self.heap.len()
    }
    /// How many queued tasks move the cluster forward (not retries or resyncs).
    pub(crate) fn productive(&self) -> usize {
        self.productive
    }
}
