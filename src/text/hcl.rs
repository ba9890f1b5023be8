//! HCL native syntax through hcl-edit (parsing, spans) and hcl-rs (evaluation), made safe for hostile input:
//! every parse runs behind the [depth guard](super::depth), and every evaluation behind a panic guard.
//!
//! # The panic guard
//!
//! hcl-rs evaluates integer arithmetic with Rust's operators, so `1 % 0` and 64-bit overflow panic (the
//! release profile keeps overflow checks on so that nothing wraps silently). [`evaluate`] turns such a panic
//! into [`EvalError::Panicked`] with `catch_unwind`. The panic message must not reach stderr, but swapping the
//! process-wide panic hook around each evaluation (take, silence, restore) is a race: two threads doing it at
//! once can leave the silent hook installed for good, and a panic on another thread meanwhile would vanish.
//! So a hook is installed **once** per process, chained to the hook that was there before; it stays silent
//! only while a thread-local flag says "this thread is inside the guard". Every other panic, on any thread,
//! still reaches the previous hook (the default message, libFuzzer's abort, a test harness...). Avoiding the
//! panicking paths instead would mean re-implementing hcl-rs's arithmetic; the guard stays a few lines.
//!
//! hcl-edit's and hcl-rs's syntax trees and values hold plain `String`s that tfsecrets cannot wipe; callers
//! parse each text once and move what they keep into `Secret`s.

use super::Pos;
use super::depth::{self, TooDeep};
use hcl_edit::expr::Expression;
use hcl_edit::structure::Body;
use std::cell::Cell;
use std::panic::{self, AssertUnwindSafe};
use std::sync::Once;

/// Why a text did not parse.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// Nesting deeper than [`depth::MAX_DEPTH`] (the depth guard).
    TooDeep,
    /// hcl-edit's own limits: its nesting depth or a chain of binary operators too long.
    ParserLimit,
    /// The same attribute twice in one body.
    DuplicateAttribute,
    /// The same key twice in one object constructor.
    DuplicateObjectKey,
    /// Any other syntax error.
    Syntax,
}

/// A text that did not parse: where, and hcl-edit's description (which never quotes the input).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    /// What went wrong.
    pub kind: ErrorKind,
    /// Line and column as hcl-edit reports them (at the end of input: just past the last character).
    pub pos: Pos,
    /// Byte offset of the problem.
    pub offset: usize,
    /// hcl-edit's message (`expected ...`); for [`ErrorKind::TooDeep`], [`TooDeep::message`].
    pub message: String,
}

impl Error {
    fn too_deep(source: &str, e: TooDeep) -> Error {
        Error {
            kind: ErrorKind::TooDeep,
            pos: Pos::at_offset(source, e.offset),
            offset: e.offset,
            message: TooDeep::message(),
        }
    }

    fn from_parser(e: hcl_edit::parser::Error) -> Error {
        let message = e.message().to_owned();
        let kind = if message.contains("redefined attribute") {
            ErrorKind::DuplicateAttribute
        } else if message.contains("redefined object key") {
            ErrorKind::DuplicateObjectKey
        } else if message.contains("nesting depth") || message.contains("chained binary operators") {
            ErrorKind::ParserLimit
        } else {
            ErrorKind::Syntax
        };
        let loc = e.location();
        Error { kind, pos: Pos { line: loc.line(), col: loc.column() }, offset: loc.offset(), message }
    }
}

/// Parses a whole HCL body (a `.tf` or `.tfvars` file).
pub fn parse_body(source: &str) -> Result<Body, Error> {
    depth::check_hcl(source).map_err(|e| Error::too_deep(source, e))?;
    hcl_edit::parser::parse_body(source).map_err(Error::from_parser)
}

/// Parses one HCL expression (a type constraint in a `.tf.json` file).
pub fn parse_expr(source: &str) -> Result<Expression, Error> {
    depth::check_hcl(source).map_err(|e| Error::too_deep(source, e))?;
    hcl_edit::parser::parse_expr(source).map_err(Error::from_parser)
}

/// Why an expression has no value.
#[derive(Debug)]
pub enum EvalError {
    /// hcl-rs refused it (an undefined variable or function, a type error, an index out of range...).
    Failed(hcl::eval::Error),
    /// hcl-rs panicked: integer overflow or division by zero.
    Panicked,
}

/// Evaluates an expression with an empty context (no variables, no functions), as terraform evaluates a
/// `.tfvars` value or a `TF_VAR_` text in HCL mode (docs/terraform-vars.md §1, §3). Takes the expression by
/// value: hcl-rs needs its own tree, and a caller that owns one saves a copy of the text in it.
pub fn evaluate(expr: Expression) -> Result<hcl::Value, EvalError> {
    use hcl::eval::Evaluate;
    let evaluated = catch_quietly(move || {
        let expr: hcl::Expression = expr.into();
        expr.evaluate(&hcl::eval::Context::new())
    });
    match evaluated {
        Some(result) => result.map_err(EvalError::Failed),
        None => Err(EvalError::Panicked),
    }
}

thread_local! {
    /// Whether this thread is inside [`catch_quietly`] (its panics are expected and caught).
    static QUIET: Cell<bool> = const { Cell::new(false) };
}

/// Installs, once per process, a panic hook that defers to the previous one except on a quiet thread.
fn install_quiet_hook() {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if !QUIET.with(Cell::get) {
                previous(info);
            }
        }));
    });
}

/// Runs `f`; a panic inside it returns `None` and prints nothing. Panics elsewhere are untouched.
fn catch_quietly<T>(f: impl FnOnce() -> T) -> Option<T> {
    install_quiet_hook();
    let was_quiet = QUIET.with(|q| q.replace(true));
    let result = panic::catch_unwind(AssertUnwindSafe(f));
    QUIET.with(|q| q.set(was_quiet));
    result.ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn eval(src: &str) -> Result<hcl::Value, EvalError> {
        evaluate(parse_expr(src).unwrap_or_else(|e| panic!("{src}: {e:?}")))
    }

    #[test]
    fn parse_errors_are_classified_with_positions() {
        let kind_pos = |src: &str| parse_body(src).err().map(|e| (e.kind, e.pos));
        let p = |line, col| Pos { line, col };
        assert_eq!(kind_pos("a = 1\nb = [1,\n"), Some((ErrorKind::Syntax, p(2, 9))));
        assert_eq!(kind_pos("a = 1\na = 2\n"), Some((ErrorKind::DuplicateAttribute, p(2, 1))));
        assert_eq!(kind_pos("a = {\n  k = 1\n  k = 2\n}\n"), Some((ErrorKind::DuplicateObjectKey, p(3, 3))));
        let deep = format!("a = {}1{}\n", "[".repeat(10_000), "]".repeat(10_000));
        assert_eq!(kind_pos(&deep), Some((ErrorKind::TooDeep, p(1, 5 + depth::MAX_DEPTH))));
        let e = parse_body(&deep).err().map(|e| (e.offset, e.message));
        assert_eq!(e, Some((4 + depth::MAX_DEPTH, "value nested more than 128 levels deep".to_owned())));
        // Within the guard but beyond hcl-edit's own limit.
        let src = format!("a = {}1{}\n", "[".repeat(100), "]".repeat(100));
        assert_eq!(kind_pos(&src).map(|e| e.0), Some(ErrorKind::ParserLimit));
        let src = format!("a = {}1\n", "!".repeat(10_000));
        assert_eq!(kind_pos(&src).map(|e| e.0), Some(ErrorKind::ParserLimit));
        assert!(parse_body("a = [[1]]\n").is_ok());
        assert_eq!(parse_expr("map(").err().map(|e| e.kind), Some(ErrorKind::Syntax));
        assert!(parse_expr("map(string)").is_ok());
    }

    #[test]
    fn evaluation_results() {
        assert_eq!(eval("[1 + 2, \"a\"]").ok(), Some(hcl::Value::from(vec![hcl::Value::from(3), "a".into()])));
        assert!(matches!(eval("x"), Err(EvalError::Failed(_))));
        assert!(matches!(eval("upper(\"x\")"), Err(EvalError::Failed(_))));
    }

    #[test]
    fn arithmetic_panics_are_caught() {
        for src in ["1 % 0", "-9223372036854775808 % -1", "18446744073709551615 + 1"] {
            assert!(matches!(eval(src), Err(EvalError::Panicked)), "{src}");
        }
        // The guard leaves the thread usable and not quiet.
        assert!(!QUIET.with(Cell::get));
        assert!(eval("2 * 3").is_ok());
    }

    #[test]
    fn nested_and_concurrent_guards_leave_no_quiet_thread() {
        let nested = catch_quietly(|| catch_quietly(|| panic!("inner")).is_none());
        assert_eq!(nested, Some(true));
        assert!(!QUIET.with(Cell::get));
        let handles: Vec<_> = (0..8).map(|_| std::thread::spawn(|| (0..50).all(|_| eval("1 % 0").is_err()))).collect();
        assert!(handles.into_iter().all(|h| h.join().unwrap_or(false)));
    }

    const PROBE_ENV: &str = "TFSECRETS_PANIC_GUARD_PROBE";

    /// Runs in a child process (see the next test): a hook installed before the guard must still see every
    /// panic outside the guard, and none inside it.
    #[test]
    fn panic_guard_probe() {
        if std::env::var_os(PROBE_ENV).is_none() {
            return;
        }
        panic::set_hook(Box::new(|info| eprintln!("PREVIOUS HOOK: {}", info.payload_as_str().unwrap_or("?"))));
        assert!(matches!(eval("1 % 0"), Err(EvalError::Panicked)));
        let _ = std::thread::spawn(|| panic!("outside the guard")).join();
        let guarded: Vec<_> =
            (0..4).map(|_| std::thread::spawn(|| eval("18446744073709551615 + 1").is_err())).collect();
        assert!(guarded.into_iter().all(|h| h.join().unwrap_or(false)));
        let _ = std::thread::spawn(|| panic!("outside again")).join();
        eprintln!("PROBE DONE");
    }

    #[test]
    fn the_hook_chains_to_the_previous_one_and_is_quiet_only_inside_the_guard() {
        let exe = std::env::current_exe().expect("test binary");
        let out = std::process::Command::new(exe)
            .args(["--exact", "text::hcl::tests::panic_guard_probe", "--nocapture", "--test-threads=1"])
            .env(PROBE_ENV, "1")
            .output()
            .expect("run the probe");
        let stderr = String::from_utf8_lossy(&out.stderr);
        let hook_lines: Vec<&str> = stderr.lines().filter(|l| l.starts_with("PREVIOUS HOOK")).collect();
        assert_eq!(hook_lines, ["PREVIOUS HOOK: outside the guard", "PREVIOUS HOOK: outside again"], "{stderr}");
        assert!(stderr.contains("PROBE DONE"), "{stderr}");
        assert!(!stderr.contains("overflow") && !stderr.contains("remainder"), "{stderr}");
        assert!(out.status.success(), "{stderr}");
    }
}
