//! The scheduler: binds each pending pod to a node.
//!
//! Mirrors the default scheduler's observable behaviour (`pkg/scheduler/schedule_one.go`):
//! `nodeSelector` filters nodes (NodeAffinity plugin), the least loaded node wins
//! (ties: the first), success is `Scheduled` `"Successfully assigned <ns>/<pod> to <node>"`,
//! failure is `FailedScheduling`. Secrets are never looked at here.

use std::collections::BTreeMap;

use crate::error::Error;

/// What the scheduler knows of a node.
#[derive(Debug, Clone)]
pub struct NodeInfo<'a> {
    /// Node labels (`kubernetes.io/hostname`, `kubernetes.io/os`, ...).
    pub labels: &'a BTreeMap<String, String>,
    /// Pods bound to it.
    pub pods: usize,
}

/// Picks a node index for a pod with `selector`, or [`Error::Unschedulable`] (the FailedScheduling message).
pub fn pick_node(selector: Option<&BTreeMap<String, String>>, nodes: &[NodeInfo<'_>]) -> Result<usize, Error> {
    let fits = |n: &NodeInfo<'_>| selector.is_none_or(|sel| sel.iter().all(|(k, v)| n.labels.get(k) == Some(v)));
    let best = nodes.iter().enumerate().filter(|(_, n)| fits(n)).min_by_key(|(i, n)| (n.pods, *i)).map(|(i, _)| i);
    best.ok_or(Error::Unschedulable { total: nodes.len() })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn least_loaded_matching_node_wins() {
        let a: BTreeMap<String, String> = [("disk".to_owned(), "ssd".to_owned())].into();
        let b = BTreeMap::new();
        let nodes = [NodeInfo { labels: &a, pods: 3 }, NodeInfo { labels: &b, pods: 1 }];
        assert_eq!(pick_node(None, &nodes), Ok(1));
        assert_eq!(pick_node(Some(&a), &nodes), Ok(0));
        let none: BTreeMap<String, String> = [("disk".to_owned(), "hdd".to_owned())].into();
        assert_eq!(
            pick_node(Some(&none), &nodes).expect_err("no fit").to_string(),
            "0/2 nodes are available: 2 node(s) didn't match Pod's node affinity/selector. preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling."
        );
    }
}
