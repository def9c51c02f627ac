//! Watching by polling, for clients that cannot report file changes: every
//! few seconds the sizes and times of the indexable files are compared with
//! the last look, and the differences applied as file events.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use tower_lsp_server::Client;

use super::events::apply_changes;
use crate::lsp::index::scan::{self, Config};
use crate::lsp::session::{Change, Shared};

/// How often the disk is polled when the client cannot report changes.
const POLL_EVERY: Duration = Duration::from_secs(2);

/// The first look: the stamps the scan took of the polled files.
pub(super) fn first_look(
    scanned: Vec<(PathBuf, scan::Stamp)>,
    polled: &[PathBuf],
    config: &Config,
) -> Stamps {
    let user = config.user_claude();
    let mut last: Stamps = scanned
        .into_iter()
        .filter(|(p, _)| {
            polled.iter().any(|r| p.starts_with(r))
                || user.as_ref().is_some_and(|u| p.starts_with(u))
        })
        .collect();
    last.extend(mcp_stamps(polled));
    last
}

/// Watch by polling: every few seconds, compare sizes and times of the
/// indexable files with the last look (the first one is `last`) and report
/// the differences.
pub(super) async fn poll(
    client: Client,
    shared: Shared,
    roots: Vec<PathBuf>,
    config: Config,
    mut last: Stamps,
    stop: Arc<AtomicBool>,
) {
    let look = move || stamps(&roots, &config);
    let mut pause = POLL_EVERY;
    loop {
        tokio::time::sleep(pause).await;
        if stop.load(Ordering::SeqCst) {
            return;
        }
        let next = look.clone();
        let started = std::time::Instant::now();
        let Ok(now) = tokio::task::spawn_blocking(next).await else {
            return;
        };
        // A huge tree must not keep a core busy: a look may take at most a
        // twentieth of the time between looks.
        pause = POLL_EVERY.max(started.elapsed() * 20);
        let changes = differences(&last, &now);
        last = now;
        if !changes.is_empty() {
            apply_changes(client.clone(), Arc::clone(&shared), changes).await;
        }
    }
}

pub(super) type Stamps = HashMap<PathBuf, scan::Stamp>;

fn stamps(roots: &[PathBuf], config: &Config) -> Stamps {
    let paths = scan::paths(roots, config);
    let mut out: Stamps = paths.into_iter().filter_map(stamped).collect();
    out.extend(mcp_stamps(roots));
    out
}

fn mcp_stamps(roots: &[PathBuf]) -> Stamps {
    roots
        .iter()
        .filter_map(|r| stamped(r.join(".mcp.json")))
        .collect()
}

fn stamped(p: PathBuf) -> Option<(PathBuf, scan::Stamp)> {
    let meta = std::fs::metadata(&p).ok()?;
    Some((p, (meta.modified().ok(), meta.len())))
}

fn differences(old: &Stamps, new: &Stamps) -> Vec<Change> {
    let mut out: Vec<Change> = new
        .iter()
        .filter(|(p, s)| old.get(*p) != Some(*s))
        .map(|(p, _)| Change {
            path: p.clone(),
            deleted: false,
        })
        .collect();
    out.extend(
        old.keys()
            .filter(|p| !new.contains_key(*p))
            .map(|p| Change {
                path: p.clone(),
                deleted: true,
            }),
    );
    out.sort_by(|a, b| a.path.cmp(&b.path));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::SystemTime;

    #[test]
    fn differences_report_creates_changes_and_deletes() {
        let t = Some(SystemTime::UNIX_EPOCH);
        let old: Stamps = [(PathBuf::from("a"), (t, 1)), (PathBuf::from("b"), (t, 1))].into();
        let new: Stamps = [(PathBuf::from("a"), (t, 2)), (PathBuf::from("c"), (t, 1))].into();
        let got: Vec<_> = differences(&old, &new)
            .into_iter()
            .map(|c| (c.path.to_string_lossy().into_owned(), c.deleted))
            .collect();
        assert_eq!(
            got,
            vec![
                ("a".to_string(), false),
                ("b".to_string(), true),
                ("c".to_string(), false)
            ]
        );
    }
}
