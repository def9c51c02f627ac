//! What the fuzzers share: their settings from the environment, a seeded
//! random source, a budget of work split among parallel workers, and the
//! report of a failure (seed, replay command, files under the target dir).
//!
//! Settings (all optional; without any, `cargo test` runs a short slice
//! with a fixed seed):
//!
//! - `AGENTLS_FUZZ_SEED`: the run's seed (decimal or `0x` hex). Work item
//!   `k` (an edit episode, a front matter) uses seed `SEED + k` and nothing
//!   else, so the seed a failure prints replays that item alone as item 0.
//! - `AGENTLS_FUZZ_MINUTES`: stop starting new items after this many
//!   minutes (fractions allowed). Alone, it makes the count unlimited.
//! - `AGENTLS_FUZZ_EDITS` (`fuzz_edits`), `AGENTLS_FUZZ_FRONT_MATTERS`
//!   (`fuzz_front_matter`): stop once this many were done; an item is
//!   always finished, so `=1` runs exactly one whole item.
//! - `AGENTLS_FUZZ_WORKERS`: parallel servers, one per worker thread.
//! - `AGENTLS_BIN`: the server binary (default: the one Cargo built).

#![allow(dead_code)] // Each fuzzer uses a different subset.

pub mod generate;

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// The run's settings; see the module comment.
#[derive(Clone, Debug)]
pub struct Config {
    pub seed: u64,
    /// Units of work (edits, front matters) after which no item starts.
    pub count: u64,
    pub minutes: Option<f64>,
    pub workers: usize,
}

impl Config {
    /// Settings from the environment; `count_var` names this fuzzer's count,
    /// `short` is the count of the slice `cargo test` runs.
    pub fn from_env(count_var: &str, short: u64, default_seed: u64) -> Config {
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
        let seed = var("AGENTLS_FUZZ_SEED").map_or(default_seed, |s| {
            let s = s.trim();
            let parsed = match s.strip_prefix("0x") {
                Some(hex) => u64::from_str_radix(hex, 16),
                None => s.parse(),
            };
            parsed.unwrap_or_else(|e| panic!("AGENTLS_FUZZ_SEED={s}: {e}"))
        });
        let minutes = var("AGENTLS_FUZZ_MINUTES").map(|m| {
            m.trim()
                .parse::<f64>()
                .expect("AGENTLS_FUZZ_MINUTES: a number")
        });
        let count = match var(count_var) {
            Some(n) => n.trim().parse().expect("a count of work items"),
            None if minutes.is_some() => u64::MAX,
            None => short,
        };
        let workers = var("AGENTLS_FUZZ_WORKERS")
            .map_or(1, |w| {
                w.trim().parse().expect("AGENTLS_FUZZ_WORKERS: a number")
            })
            .max(1);
        Config {
            seed,
            count,
            minutes,
            workers,
        }
    }
}

/// Work handed out to workers: item numbers in order, until the count of
/// units done reaches the budget or the time is up.
pub struct Budget {
    next_item: AtomicU64,
    done: AtomicU64,
    stopped: AtomicBool,
    count: u64,
    deadline: Option<Instant>,
    pub started: Instant,
}

impl Budget {
    pub fn new(config: &Config) -> Budget {
        let started = Instant::now();
        Budget {
            next_item: AtomicU64::new(0),
            done: AtomicU64::new(0),
            stopped: AtomicBool::new(false),
            count: config.count,
            deadline: config
                .minutes
                .map(|m| started + Duration::from_secs_f64(m * 60.0)),
            started,
        }
    }

    /// The next item to run, or None when the budget is spent.
    pub fn claim(&self) -> Option<u64> {
        let out_of_time = self.deadline.is_some_and(|d| Instant::now() >= d);
        if out_of_time
            || self.stopped.load(Ordering::SeqCst)
            || self.done.load(Ordering::SeqCst) >= self.count
        {
            return None;
        }
        Some(self.next_item.fetch_add(1, Ordering::SeqCst))
    }

    /// No more items: a worker failed.
    pub fn stop(&self) {
        self.stopped.store(true, Ordering::SeqCst);
    }

    /// Count `units` of work as done.
    pub fn add(&self, units: u64) {
        self.done.fetch_add(units, Ordering::SeqCst);
    }

    pub fn done(&self) -> u64 {
        self.done.load(Ordering::SeqCst)
    }

    pub fn items(&self) -> u64 {
        self.next_item.load(Ordering::SeqCst)
    }
}

/// Run `worker` on `config.workers` threads sharing `budget`, and collect
/// what each returns; a worker's panic fails the caller.
pub fn on_workers<T: Send>(
    config: &Config,
    budget: &Budget,
    worker: impl Fn(&Config, &Budget) -> T + Sync,
) -> Vec<T> {
    std::thread::scope(|s| {
        let running: Vec<_> = (0..config.workers)
            .map(|_| s.spawn(|| worker(config, budget)))
            .collect();
        running
            .into_iter()
            .map(|w| w.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    })
}

/// Deterministic random numbers (SplitMix64): one per work item.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (0 when `n` is 0).
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }

    /// True with probability 1 in `n`.
    pub fn one_in(&mut self, n: usize) -> bool {
        self.below(n) == 0
    }

    pub fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }

    /// Small numbers much more often than large ones, up to `max`.
    pub fn skewed(&mut self, max: usize) -> usize {
        let bits = self.below(usize::BITS as usize - max.leading_zeros() as usize + 1);
        self.below((1usize << bits).min(max + 1))
    }
}

/// The folder failures are written to, under the target dir.
pub fn failure_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("fuzz")
}

/// Write `files` (name, contents) for a failing item under
/// [`failure_dir`]`/<fuzzer>-<seed>/` and return the panic message: what
/// failed, where the files are and how to replay the item alone.
pub fn failure(
    fuzzer: &str,
    count_var: &str,
    seed: u64,
    what: &str,
    files: &[(&str, String)],
) -> String {
    let dir = failure_dir().join(format!("{fuzzer}-{seed}"));
    let written = std::fs::create_dir_all(&dir).and_then(|()| {
        files
            .iter()
            .try_for_each(|(name, contents)| std::fs::write(dir.join(name), contents))
    });
    let saved = match written {
        Ok(()) => format!("reproduction in {}", dir.display()),
        Err(e) => format!("could not write the reproduction to {}: {e}", dir.display()),
    };
    format!(
        "{fuzzer} failed on item seed {seed}: {what}\n{saved}\n\
         replay: AGENTLS_FUZZ_SEED={seed} {count_var}=1 cargo test --test {fuzzer} -- --nocapture"
    )
}
