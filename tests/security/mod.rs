//! Secrets stay secret: the canary suite (no value in stderr, files, argv) and process hardening.

mod canary;
mod hardening;
