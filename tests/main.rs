//! tfsecrets' integration tests: one test binary, one module per area, one harness (`support`).
//!
//! How the suite is laid out, how to run a part of it, what the harness provides and how to add a test:
//! docs/testing.md.

#[macro_use]
mod support;

mod cli;
mod doctor;
mod exec;
mod import;
mod library;
mod plans;
mod policy;
mod reliability;
mod scan;
mod security;
mod session;
