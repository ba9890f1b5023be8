//! `import`: tfvars files into SSM, the read-back, the scrub, refusals, faults on the wire and the hostile-input
//! catalogue.

mod bad;
mod faults;
mod happy;
mod hostile;
