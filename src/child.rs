//! The child process of `exec`: its environment, command lookup, and replacing tfsecrets with it.

use crate::error::{Error, Kind, Result};
use crate::secret::Secret;
use std::collections::BTreeMap;
use std::ffi::{OsStr, OsString};
use std::path::{Path, PathBuf};
use zeroize::Zeroizing;

/// One environment value: inherited from the parent, or a secret tfsecrets injects.
#[derive(Debug, Clone)]
pub enum EnvValue {
    /// The parent's value.
    Inherited(OsString),
    /// A secret (or session credential) set by tfsecrets.
    Secret(Secret),
}

/// The environment being built for the child, by variable name.
#[derive(Debug, Default)]
pub struct ChildEnv {
    vars: BTreeMap<OsString, EnvValue>,
}

/// Variables `--pristine` keeps from the parent.
pub const PRISTINE_KEEP: [&str; 5] = ["PATH", "HOME", "TERM", "USER", "LANG"];

impl ChildEnv {
    /// The parent's whole environment.
    pub fn inherited() -> Self {
        ChildEnv { vars: std::env::vars_os().map(|(k, v)| (k, EnvValue::Inherited(v))).collect() }
    }

    /// Only PATH, HOME, TERM, USER, LANG from the parent.
    pub fn pristine() -> Self {
        ChildEnv {
            vars: PRISTINE_KEEP
                .iter()
                .filter_map(|k| std::env::var_os(k).map(|v| (OsString::from(k), EnvValue::Inherited(v))))
                .collect(),
        }
    }

    /// Whether a variable is set, and whether by the parent.
    pub fn get(&self, name: &str) -> Option<&EnvValue> {
        self.vars.get(OsStr::new(name))
    }

    /// Sets a variable, returning what it replaced.
    pub fn set(&mut self, name: &str, value: EnvValue) -> Option<EnvValue> {
        self.vars.insert(OsString::from(name), value)
    }

    /// Removes a variable.
    pub fn remove(&mut self, name: &str) {
        self.vars.remove(OsStr::new(name));
    }

    /// Names set by tfsecrets (secrets), in order.
    pub fn secret_names(&self) -> Vec<String> {
        self.vars
            .iter()
            .filter(|(_, v)| matches!(v, EnvValue::Secret(_)))
            .map(|(k, _)| k.to_string_lossy().into_owned())
            .collect()
    }

    /// `NAME=value\0` buffers for execve, wiped when dropped.
    fn to_c_entries(&self) -> Result<Vec<Zeroizing<Vec<u8>>>> {
        use std::os::unix::ffi::OsStrExt;
        let mut out = Vec::with_capacity(self.vars.len());
        for (k, v) in &self.vars {
            let value: &[u8] = match v {
                EnvValue::Inherited(v) => v.as_bytes(),
                EnvValue::Secret(s) => s.expose_bytes(),
            };
            if value.contains(&0) || k.as_bytes().contains(&0) || k.as_bytes().contains(&b'=') {
                return Err(Error::invalid(format!(
                    "environment variable {} cannot hold its value (NUL byte or '=' in the name)",
                    k.to_string_lossy()
                )));
            }
            let mut entry = Zeroizing::new(Vec::with_capacity(k.len() + value.len() + 2));
            entry.extend_from_slice(k.as_bytes());
            entry.push(b'=');
            entry.extend_from_slice(value);
            entry.push(0);
            out.push(entry);
        }
        Ok(out)
    }
}

/// Finds a command the way execvp does, but in tfsecrets' own PATH: 127 when missing, 126 when not executable.
pub fn resolve_command(program: &str) -> Result<PathBuf> {
    use std::os::unix::fs::PermissionsExt;
    let is_exec = |p: &Path| p.metadata().map(|m| m.is_file() && m.permissions().mode() & 0o111 != 0).unwrap_or(false);
    if program.contains('/') {
        let p = PathBuf::from(program);
        if is_exec(&p) {
            return Ok(p);
        }
        if p.exists() {
            return Err(Error::new(Kind::Exec(126), format!("{program}: permission denied (not an executable file)")));
        }
        return Err(Error::new(Kind::Exec(127), format!("{program}: command not found")));
    }
    let path = std::env::var_os("PATH").unwrap_or_else(|| OsString::from("/usr/local/bin:/usr/bin:/bin"));
    let mut not_executable = None;
    for dir in std::env::split_paths(&path) {
        let dir = if dir.as_os_str().is_empty() { PathBuf::from(".") } else { dir };
        let candidate = dir.join(program);
        if is_exec(&candidate) {
            return Ok(candidate);
        }
        if candidate.is_file() && not_executable.is_none() {
            not_executable = Some(candidate);
        }
    }
    if let Some(p) = not_executable {
        return Err(Error::new(Kind::Exec(126), format!("{}: permission denied (not executable)", p.display())));
    }
    Err(Error::new(Kind::Exec(127), format!("{program}: command not found in PATH"))
        .hint("check the command name, or give its path"))
}

/// What `exec` hands over once the async work is done.
#[derive(Debug)]
pub struct ExecPlan {
    /// Resolved program path.
    pub program: PathBuf,
    /// argv, argv[0] as typed.
    pub argv: Vec<String>,
    /// The environment.
    pub env: ChildEnv,
}

/// Replaces this process with the child (never returns on success). Buffers are wiped if execve fails.
pub fn exec(plan: ExecPlan) -> Error {
    use std::ffi::{CStr, CString};
    use std::os::unix::ffi::OsStrExt;
    let envp_buf = match plan.env.to_c_entries() {
        Ok(b) => b,
        Err(e) => return e,
    };
    // Each entry ends in its only NUL (to_c_entries refuses NUL bytes inside), so this borrows, never copies.
    let Ok(envp) = envp_buf.iter().map(|e| CStr::from_bytes_with_nul(e)).collect::<Result<Vec<&CStr>, _>>() else {
        return Error::invalid("an environment value contains a NUL byte");
    };
    let Ok(path) = CString::new(plan.program.as_os_str().as_bytes()) else {
        return Error::invalid("the command path contains a NUL byte");
    };
    let Ok(argv) = plan.argv.iter().map(|a| CString::new(a.as_bytes())).collect::<Result<Vec<CString>, _>>() else {
        return Error::invalid("a command argument contains a NUL byte");
    };
    crate::hardening::restore_for_child();
    let Err(errno) = nix::unistd::execve(&path, &argv, &envp);
    crate::hardening::protect();
    let code = if errno == nix::errno::Errno::ENOENT { 127 } else { 126 };
    let err = std::io::Error::from(errno);
    Error::new(Kind::Exec(code), format!("cannot run {}: {err}", plan.program.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_commands() {
        assert!(resolve_command("sh").is_ok());
        assert_eq!(resolve_command("definitely-not-a-command-xyz").unwrap_err().exit_code(), 127);
        assert_eq!(resolve_command("/nonexistent/x").unwrap_err().exit_code(), 127);
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("noexec");
        std::fs::write(&f, "#!/bin/sh\n").unwrap();
        assert_eq!(resolve_command(f.to_str().unwrap()).unwrap_err().exit_code(), 126);
    }

    #[test]
    fn env_entries_are_name_equals_value() {
        let mut env = ChildEnv::default();
        env.set("A", EnvValue::Inherited("1".into()));
        env.set("TF_VAR_x", EnvValue::Secret(Secret::from_str_copy("s")));
        let entries = env.to_c_entries().unwrap();
        assert_eq!(&entries[0][..], b"A=1\0");
        assert_eq!(&entries[1][..], b"TF_VAR_x=s\0");
        assert_eq!(env.secret_names(), vec!["TF_VAR_x".to_owned()]);
        env.set("B", EnvValue::Secret(Secret::from_str_copy("a\0b")));
        assert!(env.to_c_entries().is_err());
    }

    #[test]
    fn pristine_keeps_only_the_basics() {
        let env = ChildEnv::pristine();
        for k in env.vars.keys() {
            assert!(PRISTINE_KEEP.contains(&k.to_str().unwrap()));
        }
    }
}
