//! What the engine takes from the machine, shared by the server and
//! `agentls check`: the user's home, work spread over every core, and two
//! allocator/scheduler courtesies for long background work.

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

/// The home whose `.claude/` is the user scope: `$AGENTLS_HOME` (tests and
/// CI point it at a fake home), else `$HOME`.
pub fn user_home() -> Option<PathBuf> {
    std::env::var_os("AGENTLS_HOME")
        .or_else(|| std::env::var_os("HOME"))
        .filter(|h| !h.is_empty())
        .map(PathBuf::from)
}

/// The user's Claude Code configuration (`~/.claude.json`), where user and
/// local MCP servers live: its text; `{}` when the home has none (so nothing
/// is configured there); `None` when it cannot be read (no home, or a file
/// that is unreadable or not regular).
pub fn user_claude_json(home: Option<&std::path::Path>) -> Option<String> {
    let home = home?;
    let path = home.join(".claude.json");
    match std::fs::symlink_metadata(&path) {
        Ok(_) => crate::discover::read_text(&path),
        Err(_) if home.is_dir() => Some("{}".to_string()),
        Err(_) => None,
    }
}

/// How the worker threads of [`map`] run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Priority {
    /// As the caller (a command the user waits for).
    Normal,
    /// Below the caller's other threads (the server's first scan, which must
    /// leave the thread answering the editor first in line).
    Background,
}

/// Apply `f` to every item on all cores: workers take the next item from a
/// shared counter, so one slow item does not stall a whole chunk. Results
/// keep the input order, whatever the timing.
pub fn map<T: Sync, R: Send>(
    items: &[T],
    priority: Priority,
    f: impl Fn(&T) -> R + Sync,
) -> Vec<R> {
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(items.len());
    if workers <= 1 {
        return items.iter().map(f).collect();
    }
    let next = AtomicUsize::new(0);
    let (next, f) = (&next, &f);
    let mut done: Vec<(usize, R)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                scope.spawn(move || {
                    if priority == Priority::Background {
                        lower_priority();
                    }
                    let mut out = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(item) = items.get(i) else { break out };
                        out.push((i, f(item)));
                    }
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_default())
            .collect()
    });
    done.sort_by_key(|(i, _)| *i);
    done.into_iter().map(|(_, r)| r).collect()
}

/// Hand memory freed by many threads back to the system. glibc keeps what
/// worker threads freed in per-thread arenas otherwise, which would stay in
/// a long-lived process's resident size.
pub fn release_freed_memory() {
    #[cfg(all(unix, target_env = "gnu"))]
    // SAFETY: malloc_trim only walks the allocator's own free lists.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// Lower the calling thread's priority.
fn lower_priority() {
    #[cfg(target_os = "linux")]
    // SAFETY: setpriority on the calling thread (who = 0); failure is
    // harmless (the thread keeps its priority).
    unsafe {
        libc::setpriority(libc::PRIO_PROCESS, 0, 10);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn map_keeps_order() {
        let items: Vec<usize> = (0..1000).collect();
        let want: Vec<usize> = (0..1000).map(|i| i * 2).collect();
        assert_eq!(map(&items, Priority::Normal, |i| i * 2), want);
        assert_eq!(map(&items, Priority::Background, |i| i * 2), want);
    }
}
