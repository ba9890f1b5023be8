//! The one text layer: everything tfsecrets needs to read HCL and JSON text safely, shared by `tfvars` (the
//! files `import` reads), `tfmodule` (the module `exec` scans) and `scan` (states and plans).
//!
//! - [`Pos`] / [`Lines`]: one position type and one byte offset → line:column rule for every message.
//! - [`depth`]: one nesting limit ([`MAX_DEPTH`]) checked on the raw text before any recursive parser runs.
//! - [`hcl`]: hcl-edit parsing behind the depth guard, and hcl-rs evaluation behind a panic guard that never
//!   swaps the process-wide panic hook.
//! - [`json`]: one position-tracking JSON reader whose strings are [`Secret`](crate::secret::Secret)s, and
//!   [`json::walk`], a streaming pass over documents too big for a tree (a terraform state), with the same tokens.
//!
//! Errors here carry positions and fixed texts, never input text: callers word them for the user.

pub mod depth;
pub mod hcl;
pub mod json;
mod pos;

pub use depth::MAX_DEPTH;
pub use pos::{Lines, Pos};
