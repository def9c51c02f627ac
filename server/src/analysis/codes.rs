//! The stable diagnostic codes. (Filled in by the core.)
