//! MFA sessions: the prompt on a real pseudo-terminal, the AWS CLI-compatible cache, `session`, exec's child
//! credentials, region discovery.

mod cmd;
mod exec;
mod interop;
mod mfa;
mod region;
