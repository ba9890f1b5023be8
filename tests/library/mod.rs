//! Tests that call the tfsecrets library directly rather than the binary: property tests of the tfvars
//! round trip and scrub, and the session cache key serializer against python3.

mod properties;
mod session_keys;
