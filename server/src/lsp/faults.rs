//! Faults on purpose, for the tests that prove the server survives them.
//!
//! Debug builds only (the ones `cargo test` runs). `AGENTLS_INJECT_PANIC`
//! names a site (`textDocument/hover`, `index update`, …), optionally
//! `@` a fragment of the file's path; the first matching call panics.
//! `AGENTLS_INJECT_STALL`, in the same form, makes every matching request
//! hang until it is cancelled (at most [`STALL_MAX`]): a slow request on
//! demand, to show it holds up nothing else.

use std::any::Any;
use std::path::Path;
use std::sync::atomic::AtomicBool;
use std::time::Duration;

/// A stalled request gives up after this long even if never cancelled.
#[cfg_attr(not(debug_assertions), allow(dead_code))]
pub const STALL_MAX: Duration = Duration::from_secs(30);

/// `site[@path fragment]` from the environment variable `var`.
#[cfg(debug_assertions)]
fn matches(var: &str, site: &str, path: Option<&Path>) -> bool {
    let Ok(raw) = std::env::var(var) else {
        return false;
    };
    let (want, fragment) = match raw.split_once('@') {
        Some((s, p)) => (s, Some(p)),
        None => (raw.as_str(), None),
    };
    let on_path = fragment.is_none_or(|f| path.is_some_and(|p| p.to_string_lossy().contains(f)));
    want == site && on_path
}

/// Hang here until `cancelled` if the environment asks for it.
#[cfg(debug_assertions)]
pub fn stall(site: &str, path: Option<&Path>, cancelled: &AtomicBool) {
    use std::sync::atomic::Ordering;
    if !matches("AGENTLS_INJECT_STALL", site, path) {
        return;
    }
    let start = std::time::Instant::now();
    while !cancelled.load(Ordering::Relaxed) && start.elapsed() < STALL_MAX {
        std::thread::sleep(Duration::from_millis(5));
    }
}

#[cfg(not(debug_assertions))]
#[inline(always)]
pub fn stall(_site: &str, _path: Option<&Path>, _cancelled: &AtomicBool) {}

/// Panic here if the environment asks for it (debug builds only).
#[cfg(debug_assertions)]
pub fn inject(site: &str, path: Option<&Path>) {
    use std::sync::atomic::Ordering;
    static FIRED: AtomicBool = AtomicBool::new(false);
    if matches("AGENTLS_INJECT_PANIC", site, path) && !FIRED.swap(true, Ordering::SeqCst) {
        panic!("injected panic in {site}");
    }
}

#[cfg(not(debug_assertions))]
#[inline(always)]
pub fn inject(_site: &str, _path: Option<&Path>) {}

/// The message a panic carried, for the log.
pub fn message(panic: &(dyn Any + Send)) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "panic".to_string())
}
