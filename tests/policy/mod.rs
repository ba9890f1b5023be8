//! `tfsecrets policy` and the AWS setup of examples/bootstrap: the policy tested against the calls every command
//! really sends, its output and bad input, and the bootstrap's terraform files.

mod bootstrap;
mod command;
mod reality;
