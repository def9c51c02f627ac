//! Helpers for the core's unit tests.

/// Deterministic pseudo-random numbers (xorshift64) from `seed`, without a
/// dependency: the random-input tests replay exactly.
pub fn xorshift(mut state: u64) -> impl FnMut() -> u64 {
    move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    }
}
