//! Panics on purpose, for the tests that prove a panic in a handler or an
//! index change is logged, answered with an error and survived.
//!
//! Debug builds only (the ones `cargo test` runs): `AGENTLS_INJECT_PANIC`
//! names a site (`textDocument/hover`, `index update`, …), optionally
//! `@` a fragment of the file's path; the first matching call panics.

use std::any::Any;
use std::path::Path;

/// Panic here if the environment asks for it (debug builds only).
#[cfg(debug_assertions)]
pub fn inject(site: &str, path: Option<&Path>) {
    use std::sync::OnceLock;
    use std::sync::atomic::{AtomicBool, Ordering};
    static SPEC: OnceLock<Option<(String, Option<String>)>> = OnceLock::new();
    static FIRED: AtomicBool = AtomicBool::new(false);
    let spec = SPEC.get_or_init(|| {
        let raw = std::env::var("AGENTLS_INJECT_PANIC").ok()?;
        Some(match raw.split_once('@') {
            Some((s, p)) => (s.to_string(), Some(p.to_string())),
            None => (raw, None),
        })
    });
    let Some((want, fragment)) = spec else { return };
    let on_path = fragment
        .as_ref()
        .is_none_or(|f| path.is_some_and(|p| p.to_string_lossy().contains(f.as_str())));
    if want == site && on_path && !FIRED.swap(true, Ordering::SeqCst) {
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
