//! `exec`: the child's environment, typed TF_VAR_ values against real terraform, exit codes and signals.

mod env;
mod ephemeral;
mod terraform;
mod terragrunt;
mod types;
