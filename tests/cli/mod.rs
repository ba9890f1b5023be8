//! The chamber-compatible store commands end to end: write, read, list, history, delete, export,
//! list-services, completions, and their errors.

mod completions;
mod diff;
mod errors;
mod exit_codes;
mod export;
mod help;
mod layout;
mod list_history;
mod man;
mod pipes;
mod smoke;
mod write_read;
