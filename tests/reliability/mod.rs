//! Reliability: concurrent imports and execs, faults on the wire and SIGKILL at random moments. The faults and
//! kills suites are slow and `#[ignore]`d: `scripts/test` runs them, `scripts/test --fast` skips them.

mod concurrency;
mod faults;
mod kills;
