//! The hostile and broken input catalogue (issue 6 "Hostile and broken input"; docs/terraform-vars.md §3, §4;
//! docs/sessions.md §1, §4, §5): one row per case, all run through the real binary against moto.
//!
//! Every row asserts the exact error class (exit code and a stable first line of stderr,
//! `tfsecrets: error: <fragment>`, with file:line:col where the input has a position), how many
//! parameters the row's service holds afterwards (boto3, straight to moto: 0 for every refusal), the
//! file afterwards (byte-identical for every refusal), that no temp file is left beside it, that no
//! value from the file appears in stdout or stderr, and the run's wall time and peak memory (so a
//! FIFO cannot hang it, and a 50 MB file is refused by its size without being read). Inputs that are
//! not errors (`null`, `""`, a corrupt or world-readable session cache) assert what happens instead.
//!
//! The catalogue size is printed; rows that fail are listed together at the end.

use crate::support as common;
use crate::support::import as isupport;
use crate::support::session::{self as sess, ADMIN_KEY};

use std::io::{Read, Write};
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

/// A value that must never be echoed by any message.
const CANARY: &str = "hunter2CANARY";
/// The import file size limit (src/commands/import.rs MAX_FILE_BYTES), as printed.
const LIMIT_TEXT: &str = "is larger than 10 MiB; refusing";
/// What is put at the import path.
enum Shape {
    /// A regular file with these bytes.
    File(Vec<u8>),
    /// A regular file, mode 0444.
    ReadOnly(Vec<u8>),
    /// A directory.
    Dir,
    /// A FIFO with no writer (opening it would block).
    Fifo,
    /// `a -> b -> a`.
    SymlinkLoop,
    /// A symlink to a character device that never ends.
    DevZero,
    /// `-`: these bytes on stdin.
    Stdin(Vec<u8>),
    /// A regular file that a background thread changes while the import runs (behind a slow proxy):
    /// appends to it (`false`) or, like an editor's save, replaces it by a rename (`true`).
    ChangesDuringImport(Vec<u8>, bool),
}

/// The import file afterwards.
enum After {
    /// Byte-identical (for every refusal).
    Unchanged,
    /// Removed (everything in it was stored).
    Gone,
    /// Exactly this; `{svc}` stands for the row's service.
    Text(String),
    /// The original bytes followed by what the background thread appended.
    Appended,
}

/// AWS profiles and cache for the session rows (traffic goes through sess's recording proxy).
struct SessionSetup {
    config: String,
    credentials: String,
    /// Prepares `~/.aws/cli/cache` (after the profiles are written).
    seed: fn(&sess::World),
}

/// What a row expects.
struct Row {
    /// Short id (also the service suffix).
    id: &'static str,
    /// The issue's wording of the case this row covers.
    issue: &'static str,
    file: &'static str,
    shape: Shape,
    /// Global options before `import`.
    global: Vec<&'static str>,
    /// Options after `import <svc> <file>`.
    args: Vec<&'static str>,
    env: Vec<(&'static str, &'static str)>,
    session: Option<SessionSetup>,
    code: i32,
    /// The first line of stderr, without `tfsecrets: error: ` for failures; a prefix match.
    first: String,
    /// Further fragments stderr must contain.
    stderr_has: Vec<String>,
    /// stdout, exactly (`{svc}` and `{file}` substituted); failures print nothing.
    stdout: String,
    /// Parameters in the service afterwards.
    written: u64,
    after: After,
    max_secs: u64,
    /// Peak resident memory of the tfsecrets process.
    max_rss_mib: u64,
    /// Extra checks after the run.
    post: Option<Post>,
}

/// An extra check after a row's run.
type Post = fn(&Ran) -> Result<(), String>;

/// A row's run: what the post checks see.
struct Ran {
    out: Run,
    world: Option<sess::World>,
}

impl Row {
    fn new(id: &'static str, issue: &'static str, file: &'static str, shape: Shape) -> Row {
        Row {
            id,
            issue,
            file,
            shape,
            global: vec![],
            args: vec![],
            env: vec![],
            session: None,
            code: 65,
            first: String::new(),
            stderr_has: vec![],
            stdout: String::new(),
            written: 0,
            after: After::Unchanged,
            max_secs: 20,
            max_rss_mib: 200,
            post: None,
        }
    }

    fn text(id: &'static str, issue: &'static str, file: &'static str, text: &str) -> Row {
        Row::new(id, issue, file, Shape::File(text.as_bytes().to_vec()))
    }

    /// Expects a refusal: exit `code`, first stderr line `tfsecrets: error: <first>...`.
    fn refused(mut self, code: i32, first: impl Into<String>) -> Row {
        self.code = code;
        self.first = format!("tfsecrets: error: {}", first.into());
        self
    }

    /// Expects success with this stdout (`{svc}` / `{file}` substituted).
    fn accepted(mut self, stdout: &str, written: u64, after: After) -> Row {
        self.code = 0;
        self.stdout = format!("{stdout}\n");
        self.written = written;
        self.after = after;
        self
    }

    fn written(mut self, n: u64) -> Row {
        self.written = n;
        self
    }

    fn stderr_has(mut self, s: impl Into<String>) -> Row {
        self.stderr_has.push(s.into());
        self
    }

    fn args(mut self, a: &[&'static str]) -> Row {
        self.args.extend_from_slice(a);
        self
    }

    fn global(mut self, a: &[&'static str]) -> Row {
        self.global.extend_from_slice(a);
        self
    }

    fn env(mut self, k: &'static str, v: &'static str) -> Row {
        self.env.push((k, v));
        self
    }

    fn session(mut self, s: SessionSetup) -> Row {
        self.session = Some(s);
        self
    }

    fn limits(mut self, secs: u64, rss_mib: u64) -> Row {
        self.max_secs = secs;
        self.max_rss_mib = rss_mib;
        self
    }

    fn after(mut self, a: After) -> Row {
        self.after = a;
        self
    }

    fn post(mut self, f: Post) -> Row {
        self.post = Some(f);
        self
    }
}

const SYNTAX: &str = "HCL syntax error: ";
const NOT_UTF8: &str = "the file is not valid UTF-8";
const TOO_DEEP: &str = "value nested more than 128 levels deep";

fn nested(open: &str, inner: &str, close: &str, n: usize) -> String {
    format!("ok = \"{CANARY}\"\ndeep = {}{inner}{}\n", open.repeat(n), close.repeat(n))
}

/// 50 MB of valid attributes (so only the size can refuse it).
fn fifty_mb() -> Vec<u8> {
    let line = format!("v_{{}} = \"{CANARY}-padding-padding-padding-padding\"\n");
    let mut out = Vec::with_capacity(50 * 1024 * 1024 + 100);
    let mut i = 0u64;
    while out.len() < 50 * 1024 * 1024 {
        out.extend_from_slice(line.replace("{}", &i.to_string()).as_bytes());
        i += 1;
    }
    out
}

fn admin_setup(seed: fn(&sess::World)) -> SessionSetup {
    SessionSetup { config: sess::ADMIN_CONFIG.to_owned(), credentials: sess::BASE_CREDENTIALS.to_owned(), seed }
}

fn no_seed(_: &sess::World) {}

fn expiration_in_an_hour() -> String {
    sess::expiration_in(60, "%Y-%m-%dT%H:%M:%SZ")
}

fn cache_entry_replaced(r: &Ran) -> Result<(), String> {
    let w = r.world.as_ref().ok_or("no world")?;
    let text = std::fs::read_to_string(w.entry(ADMIN_KEY)).map_err(|e| format!("cache entry: {e}"))?;
    let v: serde_json::Value = serde_json::from_str(&text).map_err(|e| format!("cache entry is not JSON: {e}"))?;
    let akid = v["Credentials"]["AccessKeyId"].as_str().unwrap_or("");
    if akid.is_empty() || akid == "ASIASEEDED" {
        return Err(format!("cache entry not replaced (AccessKeyId {akid:?})"));
    }
    if common::mode(&w.entry(ADMIN_KEY)) != 0o600 {
        return Err("replaced cache entry is not 0600".into());
    }
    if w.cache_files() != [format!("{ADMIN_KEY}.json")] {
        return Err(format!("cache dir holds {:?}", w.cache_files()));
    }
    let calls = w.proxy.actions().iter().filter(|a| *a == "AssumeRole").count();
    if calls != 1 {
        return Err(format!("{calls} AssumeRole calls, want 1"));
    }
    Ok(())
}

fn cache_entry_used(r: &Ran) -> Result<(), String> {
    let w = r.world.as_ref().ok_or("no world")?;
    if w.proxy.actions().iter().any(|a| a == "AssumeRole") {
        return Err("AssumeRole called although the cached session was valid".into());
    }
    let signed: Vec<Option<String>> = w.proxy.seen().iter().map(common::Request::signed_with).collect();
    if signed.is_empty() || signed.iter().any(|s| s.as_deref() != Some("ASIASEEDED")) {
        return Err(format!("requests not signed with the cached keys: {signed:?}"));
    }
    Ok(())
}

fn no_aws_request(r: &Ran) -> Result<(), String> {
    let w = r.world.as_ref().ok_or("no world")?;
    let seen = w.proxy.actions();
    if seen.is_empty() { Ok(()) } else { Err(format!("AWS was called: {seen:?}")) }
}

fn catalogue() -> Vec<Row> {
    let c = CANARY;
    let mut rows = vec![
        // ---- malformed HCL at several positions
        Row::text("m_start", "malformed HCL: first byte", "ms.tfvars", &format!("= \"{c}\"\na = 1\n"))
            .refused(65, format!("ms.tfvars:1:1: {SYNTAX}")),
        Row::text("m_middle", "malformed HCL: middle of a line", "mm.tfvars", &format!("a = \"{c}\"\nb = = 1\n"))
            .refused(65, format!("mm.tfvars:2:5: {SYNTAX}")),
        Row::text("m_eof", "malformed HCL: cut off at the end", "me.tfvars", &format!("a = \"{c}\"\nb = [1,\n"))
            .refused(65, format!("me.tfvars:2:9: {SYNTAX}")),
        Row::text("m_string", "malformed HCL: unterminated string", "mq.tfvars", &format!("a = \"x\"\nb = \"{c}\nc = 1\n"))
            .refused(65, format!("mq.tfvars:2:1: {SYNTAX}")),
        Row::text("m_two_values", "malformed HCL: two attributes on one line", "m2.tfvars", &format!("a = \"{c}\" b = 2\n"))
            .refused(65, "m2.tfvars:1:"),
        Row::text("m_escape", "malformed HCL: invalid escape", "mx.tfvars", &format!("a = \"{c}\"\nb = \"\\q\"\n"))
            .refused(65, "mx.tfvars:2:"),
        Row::text("m_json", "malformed JSON: trailing comma", "mj.tfvars.json", &format!("{{\"a\": \"{c}\",\n \"b\": 1,}}"))
            .refused(65, "mj.tfvars.json:2:9: JSON syntax error: "),
        Row::text("m_json_top", "malformed JSON: top level not an object", "mt.tfvars.json", &format!("[\"{c}\"]"))
            .refused(65, "mt.tfvars.json:1:1: JSON syntax error: the top-level value must be an object"),
        Row::text("m_json_trailing", "malformed JSON: text after the object", "mr.tfvars.json", &format!("{{\"a\": \"{c}\"}} x"))
            .refused(65, "mr.tfvars.json:1:"),
        // ---- unterminated heredoc
        Row::text("heredoc", "unterminated heredoc", "h.tfvars", &format!("a = \"x\"\nb = <<EOT\n{c}\n"))
            .refused(65, format!("h.tfvars:3:1: {SYNTAX}expected heredoc end delimiter")),
        // ---- blocks, calls, references, templates
        Row::text("variable_block", "`variable` block", "v.tfvars", &format!("a = \"{c}\"\nvariable \"b\" {{\n  type = string\n}}\n"))
            .refused(65, "v.tfvars:2:1: Variable declaration in .tfvars file"),
        Row::text("other_block", "any other block", "k.tfvars", &format!("a = \"{c}\"\nlocals {{\n  b = 1\n}}\n"))
            .refused(65, "k.tfvars:2:1: unexpected block \"locals\" in .tfvars file"),
        Row::text("function_call", "function call", "f.tfvars", &format!("a = \"x\"\nb = upper(\"{c}\")\n"))
            .refused(65, "f.tfvars:2:5: Function calls not allowed"),
        Row::text("reference", "reference", "r.tfvars", &format!("a = \"{c}\"\nb = var.x\n"))
            .refused(65, "r.tfvars:2:5: Variables not allowed"),
        Row::text("bare_word", "reference: an unquoted secret", "w.tfvars", &format!("a = \"x\"\nb = {c}\n"))
            .refused(65, "w.tfvars:2:5: Variables not allowed"),
        Row::text("interpolation", "template interpolation", "i.tfvars", &format!("a = \"{c}\"\nb = \"pre-${{var.x}}\"\n"))
            .refused(65, "i.tfvars:2:12: Variables not allowed"),
        Row::text("directive", "template directive with a reference", "d.tfvars", &format!("a = \"{c}\"\nb = \"%{{ if var.x }}y%{{ endif }}\"\n"))
            .refused(65, "d.tfvars:2:"),
        Row::text("heredoc_interp", "interpolation inside a heredoc", "hi.tfvars", &format!("a = \"{c}\"\nb = <<EOT\nx ${{local.y}}\nEOT\n"))
            .refused(65, "hi.tfvars:3:5: Variables not allowed"),
        // ---- arithmetic terraform evaluates with arbitrary precision (hcl-rs uses i64/u64/f64)
        Row::text("arith_mod_zero", "remainder by zero (terraform: 1): no crash", "am.tfvars", &format!("a = \"{c}\"\nb = 1 % 0\n"))
            .refused(65, "am.tfvars:2:5: "),
        Row::text("arith_mod_overflow", "i64::MIN % -1 (terraform: 0): no crash", "amo.tfvars", &format!("a = \"{c}\"\nb = -9223372036854775808 % -1\n"))
            .refused(65, "amo.tfvars:2:5: "),
        Row::text("arith_div_zero", "division by zero (terraform: +Inf, not storable): clean refusal", "ad.tfvars", &format!("a = \"{c}\"\nb = 1 / 0\n"))
            .refused(65, "ad.tfvars:2:5: "),
        Row::text("arith_u64_overflow", "u64::MAX + 1 (terraform: 18446744073709551616): never a wrapped value", "ao.tfvars", &format!("a = \"{c}\"\nb = 18446744073709551615 + 1\n"))
            .refused(65, "ao.tfvars:2:5: "),
        Row::text("arith_i64_underflow", "i64::MIN - 1 (terraform: -9223372036854775809): never a rounded value", "au.tfvars", &format!("a = \"{c}\"\nb = -9223372036854775808 - 1\n"))
            .refused(65, "au.tfvars:2:5: "),
        // ---- a quoted string over several lines (terraform: "Invalid multi-line string")
        Row::text("multiline_string", "a quoted string split over lines (terraform rejects it)", "mls.tfvars", &format!("a = \"x\"\nb = \"{c}\nrest\"\n"))
            .refused(65, "mls.tfvars:2:"),
        // ---- duplicates
        Row::text("duplicate", "duplicate attribute", "dup.tfvars", &format!("a = \"{c}\"\nb = 1\nb = 2\n"))
            .refused(65, "dup.tfvars:3:1: attribute defined twice"),
        Row::text("duplicate_json", "duplicate attribute (JSON)", "dup.tfvars.json", &format!("{{\"a\": \"{c}\",\n  \"b\": 1,\n  \"b\": 2}}"))
            .refused(65, "dup.tfvars.json:3:3: key defined twice in the same object"),
        Row::text("duplicate_key", "duplicate key inside an object", "dk.tfvars", &format!("a = {{\n  k = \"{c}\"\n  k = 2\n}}\n"))
            .refused(65, "dk.tfvars:3:3: object key defined twice"),
        // ---- null and "" (not errors: kept in the file and reported)
        Row::text("null", "null (kept, reported)", "n.tfvars", "keep = null\n")
            .accepted("0 new, 0 changed, 0 unchanged; n.tfvars unchanged (nothing stored)", 0, After::Unchanged)
            .stderr_has("tfsecrets: note: left in the file (null or empty; SSM cannot store them): keep"),
        Row::text("empty_string", "empty string (kept, reported)", "e.tfvars", "blank = \"\"\n")
            .accepted("0 new, 0 changed, 0 unchanged; e.tfvars unchanged (nothing stored)", 0, After::Unchanged)
            .stderr_has("tfsecrets: note: left in the file (null or empty; SSM cannot store them): blank"),
        Row::text("null_json", "null and \"\" in JSON (kept, reported)", "n.tfvars.json", "{\"keep\": null, \"blank\": \"\"}\n")
            .accepted("0 new, 0 changed, 0 unchanged; n.tfvars.json unchanged (nothing stored)", 0, After::Unchanged)
            .stderr_has("tfsecrets: note: left in the file (null or empty; SSM cannot store them): keep, blank"),
        Row::text("null_beside_secret", "null and \"\" next to a stored value stay", "nb.tfvars", &format!("pw = \"{c}\"\nkeep = null\nblank = \"\"\n"))
            .accepted("1 new, 0 changed, 0 unchanged; nb.tfvars scrubbed", 1,
                After::Text("# pw: stored in SSM at /{svc}/pw (tfsecrets)\nkeep = null\nblank = \"\"\n".into()))
            .stderr_has("tfsecrets: note: left in the file (null or empty; SSM cannot store them): keep, blank"),
        // ---- encodings
        Row::new("latin1", "non-UTF-8 bytes (Latin-1)", "l1.tfvars", Shape::File(format!("a = \"{c}\"\nb = \"caf").into_bytes().into_iter().chain(*b"\xe9\"\n").collect()))
            .refused(65, format!("l1.tfvars:2:9: {NOT_UTF8}")),
        Row::new("utf16", "non-UTF-8 bytes (UTF-16 with BOM)", "w16.tfvars",
            Shape::File([0xFFu8, 0xFE].into_iter().chain(format!("a = \"{c}\"\n").encode_utf16().flat_map(u16::to_le_bytes)).collect()))
            .refused(65, format!("w16.tfvars:1:1: {NOT_UTF8}")),
        Row::new("latin1_json", "non-UTF-8 bytes (JSON)", "l1.tfvars.json", Shape::File(b"{\"a\": \"x\",\n\"b\": \"\xff\"}".to_vec()))
            .refused(65, format!("l1.tfvars.json:2:7: {NOT_UTF8}")),
        Row::new("nul", "NUL bytes", "nul.tfvars", Shape::File(format!("a = \"{c}\"\nb = \"x\0y\"\n").into_bytes()))
            .refused(65, "nul.tfvars:2:7: NUL byte in the file"),
        Row::new("nul_json", "NUL bytes (JSON)", "nul.tfvars.json", Shape::File(format!("{{\"a\": \"{c}\",\n\"b\": \"\0\"}}").into_bytes()))
            .refused(65, "nul.tfvars.json:2:7: NUL byte in the file"),
        // ---- size
        Row::new("fifty_mb", "a 50 MB file: refused by its size, quickly, without reading it", "big.tfvars", Shape::File(fifty_mb()))
            .refused(65, "big.tfvars: 52428")
            .stderr_has(LIMIT_TEXT)
            .limits(10, 40),
        Row::new("fifty_mb_stdin", "a 50 MB file on stdin: reading stops at the limit", "-", Shape::Stdin(fifty_mb()))
            .refused(65, "stdin is larger than 10 MiB; refusing")
            .limits(10, 60),
        // ---- depth
        Row::text("deep_list", "10,000 nested lists", "dl.tfvars", &nested("[", "1", "]", 10_000))
            .refused(65, format!("dl.tfvars:2:{}: {TOO_DEEP}", 8 + 128)),
        Row::text("deep_object", "10,000 nested objects", "do.tfvars", &nested("{a=", "1", "}", 10_000))
            .refused(65, "do.tfvars:2:").stderr_has(TOO_DEEP),
        Row::text("deep_parens", "10,000 nested parentheses", "dp.tfvars", &nested("(", "1", ")", 10_000))
            .refused(65, "dp.tfvars:2:").stderr_has(TOO_DEEP),
        Row::text("deep_templates", "10,000 nested template interpolations", "dt.tfvars", &nested("\"${", "1", "}\"", 10_000))
            .refused(65, "dt.tfvars:2:").stderr_has(TOO_DEEP),
        Row::text("deep_unary", "10,000 nested unary operators", "du.tfvars", &nested("!", "true", "", 10_000))
            .refused(65, "du.tfvars:").stderr_has("too deeply nested"),
        Row::text("deep_binary", "10,000 chained binary operators", "db.tfvars", &format!("ok = \"{c}\"\ndeep = {}1\n", "1 + ".repeat(10_000)))
            .refused(65, "db.tfvars:").stderr_has("too deeply nested"),
        Row::text("deep_json", "10,000 nested JSON arrays", "dj.tfvars.json", &format!("{{\"ok\": \"{c}\", \"deep\": {}1{}}}", "[".repeat(10_000), "]".repeat(10_000)))
            .refused(65, "dj.tfvars.json:1:").stderr_has(TOO_DEEP),
        // ---- value size
        Row::text("value_4097", "a value of 4097 bytes", "v4097.tfvars", &format!("small = \"{c}\"\nbig = \"{}a\"\n", "é".repeat(2048)))
            .refused(65, "value too large for the Standard tier (max 4096 bytes): big (4097 bytes)")
            .stderr_has("--tier advanced"),
        Row::text("value_4097_list", "a collection whose stored JSON is 4098 bytes", "l4098.tfvars", &format!("small = \"{c}\"\nl = [\"{}\"]\n", "x".repeat(4094)))
            .refused(65, "value too large for the Standard tier (max 4096 bytes): l (4098 bytes)"),
        // ---- names
        Row::text("name_unicode", "invalid key name (non-ASCII)", "u.tfvars", &format!("a = \"{c}\"\npässwort = \"x\"\n"))
            .refused(65, "u.tfvars:2:1: \"pässwort\" is not a valid variable name for tfsecrets"),
        Row::text("name_dot", "invalid key name (dot, JSON)", "nd.tfvars.json", &format!("{{\"ok\": \"{c}\", \"a.b\": \"x\"}}"))
            .refused(65, "nd.tfvars.json:1:25: \"a.b\" is not a valid variable name for tfsecrets"),
        Row::text("name_digit", "invalid key name (leading digit, JSON)", "n1.tfvars.json", &format!("{{\"ok\": \"{c}\", \"1abc\": \"x\"}}"))
            .refused(65, "n1.tfvars.json:1:25: \"1abc\" is not a valid variable name for tfsecrets"),
        Row::text("name_slash", "invalid key name (path separator, JSON)", "ns.tfvars.json", &format!("{{\"ok\": \"{c}\", \"../x\": \"x\"}}"))
            .refused(65, "ns.tfvars.json:1:25: \"../x\" is not a valid variable name for tfsecrets"),
        Row::text("name_empty", "invalid key name (empty, JSON)", "ne.tfvars.json", &format!("{{\"ok\": \"{c}\", \"\": \"x\"}}"))
            .refused(65, "ne.tfvars.json:1:25: \"\" is not a valid variable name for tfsecrets"),
        Row::text("name_case", "names differing only in case", "c.tfvars", &format!("db_pass = \"{c}\"\n\nDB_Pass = \"y\"\n"))
            .refused(65, "c.tfvars:3:1: \"DB_Pass\" differs only in case from \"db_pass\" (line 1)")
            .stderr_has("chamber lowercases keys"),
        Row::text("name_case_json", "names differing only in case (JSON)", "c.tfvars.json", &format!("{{\"Token\": \"{c}\",\n \"TOKEN\": \"y\"}}"))
            .refused(65, "c.tfvars.json:2:2: \"TOKEN\" differs only in case from \"Token\" (line 1)"),
        // ---- not regular files
        Row::new("directory", "a directory", "d.tfvars", Shape::Dir)
            .refused(65, "d.tfvars: is a directory; give a .tfvars or .tfvars.json file"),
        Row::new("fifo", "a FIFO: refused at once, never opened", "p.tfvars", Shape::Fifo)
            .refused(65, "p.tfvars: not a regular file (FIFO, socket or device); refusing to read it")
            .limits(10, 200),
        Row::new("dev_zero", "a symlink to /dev/zero: never read", "z.tfvars", Shape::DevZero)
            .refused(65, "z.tfvars: not a regular file (FIFO, socket or device); refusing to read it")
            .limits(10, 200),
        Row::new("symlink_loop", "a symlink loop", "loop1.tfvars", Shape::SymlinkLoop)
            .refused(65, "loop1.tfvars: too many levels of symbolic links (a symlink loop)"),
        // ---- the file changes between read and scrub
        Row::new("changed_meanwhile", "a file that changes between read and scrub: stored, not scrubbed, told", "cm.tfvars",
            Shape::ChangesDuringImport(format!("pw = \"{c}\"\ntoken = \"{c}-2\"\n").into_bytes(), false))
            .refused(75, "cm.tfvars changed while importing; it was not scrubbed (2 new, 0 changed, 0 unchanged: the secrets are in SSM)")
            .stderr_has("hint: re-run the import to scrub the file")
            .written(2)
            .after(After::Appended)
            .limits(60, 200),
        Row::new("replaced_meanwhile", "a file replaced (editor save: write + rename) between read and scrub", "rm.tfvars",
            Shape::ChangesDuringImport(format!("pw = \"{c}\"\n").into_bytes(), true))
            .refused(75, "rm.tfvars changed while importing; it was not scrubbed (1 new, 0 changed, 0 unchanged: the secrets are in SSM)")
            .written(1)
            .after(After::Text(String::from_utf8_lossy(REPLACEMENT).into_owned()))
            .limits(60, 200),
        // ---- read-only file
        Row::new("read_only", "a read-only file", "ro.tfvars", Shape::ReadOnly(format!("pw = \"{c}\"\n").into_bytes()))
            .refused(65, "ro.tfvars: the file is read-only, so it could not be scrubbed after the import")
            .stderr_has("hint: pass --keep"),
        Row::new("read_only_keep", "a read-only file with --keep: stored, file untouched", "rok.tfvars", Shape::ReadOnly(format!("pw = \"{c}\"\n").into_bytes()))
            .args(&["--keep"])
            .accepted("1 new, 0 changed, 0 unchanged; rok.tfvars kept (--keep)", 1, After::Unchanged),
        // ---- KMS
        Row::text("kms_alias", "a missing KMS alias", "k.tfvars", &format!("pw = \"{c}\"\ntoken = \"y\"\n"))
            .env("CHAMBER_KMS_KEY_ALIAS", "nope")
            .refused(78, "KMS key alias/nope does not exist in this account and region")
            .stderr_has("hint: create the alias"),
        // ---- scrub must not break on a comment-looking line that ends a block comment
        Row::text("block_comment_above", "scrub: `# ... */` ends a block comment right above an imported attribute (--only)",
            "bc.tfvars", &format!("/* notes\n# end of notes */\npw = \"{c}\"\nother = \"not imported\" /* kept */\n"))
            .args(&["--only", "pw"])
            .accepted("1 new, 0 changed, 0 unchanged; bc.tfvars scrubbed", 1,
                After::Text("/* notes\n# end of notes */\n# pw: stored in SSM at /{svc}/pw (tfsecrets)\nother = \"not imported\" /* kept */\n".into())),
        Row::text("block_comment_above_2", "scrub: `/* ... */` line ends a block comment right above an imported attribute",
            "bc2.tfvars", &format!("/* notes\n/* more notes */\npw = \"{c}\"\nkeep = null\n"))
            .accepted("1 new, 0 changed, 0 unchanged; bc2.tfvars scrubbed", 1,
                After::Text("/* notes\n/* more notes */\n# pw: stored in SSM at /{svc}/pw (tfsecrets)\nkeep = null\n".into()))
            .stderr_has("tfsecrets: note: left in the file (null or empty; SSM cannot store them): keep"),
        Row::text("block_comment_above_3", "scrub: a line closing two block comments and opening a third, then `# ... */`, above an imported attribute (--only)",
            "bc3.tfvars", &format!("/* a */ /* b */ /* notes\n# end of notes */\npw = \"{c}\"\nother = \"not imported\" /* kept */\n"))
            .args(&["--only", "pw"])
            .accepted("1 new, 0 changed, 0 unchanged; bc3.tfvars scrubbed", 1,
                After::Text("/* a */ /* b */ /* notes\n# end of notes */\n# pw: stored in SSM at /{svc}/pw (tfsecrets)\nother = \"not imported\" /* kept */\n".into())),
        // ---- session cache and profiles
        Row::text("cache_corrupt", "a corrupt session cache entry: warning, replaced", "sc.tfvars", &format!("pw = \"{c}\"\n"))
            .session(admin_setup(|w| {
                let p = w.seed(ADMIN_KEY, "x");
                std::fs::write(&p, "{\"Credentials\": {\"AccessKeyId\": ").expect("corrupt entry");
            }))
            .global(&["--profile", "admin", "--mfa-token", "123456"])
            .accepted("1 new, 0 changed, 0 unchanged; sc.tfvars removed (nothing else was in it)", 1, After::Gone)
            .stderr_has("tfsecrets: warning: ignoring cache entry")
            .stderr_has("it will be replaced")
            .post(cache_entry_replaced),
        Row::text("cache_garbage", "a session cache entry of binary garbage: warning, replaced", "sg.tfvars", &format!("pw = \"{c}\"\n"))
            .session(admin_setup(|w| {
                let p = w.seed(ADMIN_KEY, "x");
                std::fs::write(&p, b"\xff\xfe\0garbage\x80").expect("garbage entry");
            }))
            .global(&["--profile", "admin", "--mfa-token", "123456"])
            .accepted("1 new, 0 changed, 0 unchanged; sg.tfvars removed (nothing else was in it)", 1, After::Gone)
            .stderr_has("tfsecrets: warning: ignoring cache entry")
            .post(cache_entry_replaced),
        Row::text("cache_world_readable", "a world-readable session cache entry: warning, used", "sw.tfvars", &format!("pw = \"{c}\"\n"))
            .session(admin_setup(|w| {
                let p = w.seed(ADMIN_KEY, &expiration_in_an_hour());
                std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o644)).expect("chmod");
            }))
            .global(&["--profile", "admin"])
            .accepted("1 new, 0 changed, 0 unchanged; sw.tfvars removed (nothing else was in it)", 1, After::Gone)
            .stderr_has("is accessible to group or others (mode 644); it holds AWS session credentials: chmod 600")
            .stderr_has("from cache")
            .post(cache_entry_used),
        Row::text("cache_dir_world_writable", "a world-writable session cache directory: warning, used", "sd.tfvars", &format!("pw = \"{c}\"\n"))
            .session(admin_setup(|w| {
                w.seed(ADMIN_KEY, &expiration_in_an_hour());
                std::fs::set_permissions(w.cache_dir(), std::fs::Permissions::from_mode(0o777)).expect("chmod");
            }))
            .global(&["--profile", "admin"])
            .accepted("1 new, 0 changed, 0 unchanged; sd.tfvars removed (nothing else was in it)", 1, After::Gone)
            .stderr_has("is accessible to group or others (mode 777); it holds AWS session credentials: chmod 700")
            .post(cache_entry_used),
        Row::text("profile_loop", "a profile chain loop", "pl.tfvars", &format!("pw = \"{c}\"\n"))
            .session(SessionSetup {
                config: "[profile l1]\nrole_arn = arn:aws:iam::123456789012:role/a\nsource_profile = l2\nmfa_serial = m\n\n\
                         [profile l2]\nrole_arn = arn:aws:iam::123456789012:role/b\nsource_profile = l3\n\n\
                         [profile l3]\nrole_arn = arn:aws:iam::123456789012:role/c\nsource_profile = l2\n".into(),
                credentials: String::new(),
                seed: no_seed,
            })
            .global(&["--profile", "l1", "--mfa-token", "123456"])
            .refused(78, "loop in AWS profile chain: l1 -> l2 -> l3 -> l2")
            .post(no_aws_request),
        Row::text("profile_self_loop", "a profile that is its own source (role)", "ps.tfvars", &format!("pw = \"{c}\"\n"))
            .session(SessionSetup {
                config: "[profile me]\nrole_arn = arn:aws:iam::123456789012:role/a\nsource_profile = other\nmfa_serial = m\n\n\
                         [profile other]\nrole_arn = arn:aws:iam::123456789012:role/b\nsource_profile = other2\n\n\
                         [profile other2]\nrole_arn = arn:aws:iam::123456789012:role/c\nsource_profile = other\n".into(),
                credentials: String::new(),
                seed: no_seed,
            })
            .global(&["--profile", "me", "--mfa-token", "123456"])
            .refused(78, "loop in AWS profile chain: me -> other -> other2 -> other")
            .post(no_aws_request),
        Row::text("profile_unknown", "an unknown profile", "pu.tfvars", &format!("pw = \"{c}\"\n"))
            .session(admin_setup(no_seed))
            .global(&["--profile", "ghost"])
            .refused(78, "AWS profile \"ghost\" not found")
            .post(no_aws_request),
        Row::text("profile_orphan", "a source_profile that does not exist", "po.tfvars", &format!("pw = \"{c}\"\n"))
            .session(SessionSetup {
                config: "[profile orphan]\nrole_arn = arn:aws:iam::123456789012:role/a\nsource_profile = nowhere\nmfa_serial = m\n".into(),
                credentials: String::new(),
                seed: no_seed,
            })
            .global(&["--profile", "orphan", "--mfa-token", "123456"])
            .refused(78, "profile \"orphan\": source_profile \"nowhere\" not found")
            .post(no_aws_request),
    ];
    // The empty file family, for completeness.
    for (id, name, text) in [
        ("empty", "empty.tfvars", ""),
        ("comments_only", "co.tfvars", "# only\n// comments\n/* here */\n"),
        ("empty_json", "empty.tfvars.json", "{ }\n"),
    ] {
        rows.push(
            Row::text(id, "a file with no attribute", name, text)
                .refused(65, format!("{name}: the file holds no variables")),
        );
    }
    rows
}

// ---------------------------------------------------------------------------------------------------
// Running a row

/// One finished process.
#[derive(Debug)]
struct Run {
    code: Option<i32>,
    signal: Option<i32>,
    stdout: String,
    stderr: String,
    elapsed: Duration,
    max_rss_kib: i64,
    timed_out: bool,
}

/// VmHWM (peak resident set of the current program image) of a live process, in KiB.
fn vm_hwm_kib(pid: libc::pid_t) -> Option<i64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Spawns `cmd`, drains its pipes, kills it after `limit`, and samples its peak memory.
///
/// Peak memory is VmHWM from /proc, sampled every millisecond until exit: it is a high-water mark of
/// the program image after exec (getrusage's ru_maxrss would also count the test process's own pages
/// inherited by fork before exec, which is useless here). Growth in the last sampling interval before
/// exit can be missed.
fn run_measured(mut cmd: std::process::Command, stdin: Stdio, limit: Duration) -> Run {
    cmd.stdin(stdin).stdout(Stdio::piped()).stderr(Stdio::piped());
    let start = Instant::now();
    let mut child = cmd.spawn().expect("spawn tfsecrets");
    let mut out = child.stdout.take().expect("stdout");
    let mut err = child.stderr.take().expect("stderr");
    let t_out = std::thread::spawn(move || {
        let mut v = Vec::new();
        let _ = out.read_to_end(&mut v);
        v
    });
    let t_err = std::thread::spawn(move || {
        let mut v = Vec::new();
        let _ = err.read_to_end(&mut v);
        v
    });
    let pid = child.id() as libc::pid_t;
    let mut status: libc::c_int = 0;
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let mut timed_out = false;
    let mut hwm: i64 = 0;
    loop {
        // Sample first: once wait4 has reaped the process, /proc no longer has it.
        if let Some(k) = vm_hwm_kib(pid) {
            hwm = hwm.max(k);
        }
        let r = unsafe { libc::wait4(pid, &mut status, libc::WNOHANG, &mut usage) };
        if r == pid {
            break;
        }
        assert!(r == 0, "wait4: {}", std::io::Error::last_os_error());
        if start.elapsed() > limit && !timed_out {
            timed_out = true;
            unsafe {
                libc::kill(pid, libc::SIGKILL);
            }
        }
        std::thread::sleep(Duration::from_millis(1));
    }
    let elapsed = start.elapsed();
    // The child is reaped by wait4; `child` must not wait again.
    std::mem::forget(child);
    let stdout = String::from_utf8_lossy(&t_out.join().unwrap_or_default()).into_owned();
    let stderr = String::from_utf8_lossy(&t_err.join().unwrap_or_default()).into_owned();
    let (code, signal) = if libc::WIFEXITED(status) {
        (Some(libc::WEXITSTATUS(status)), None)
    } else {
        (None, Some(libc::WTERMSIG(status)))
    };
    Run { code, signal, stdout, stderr, elapsed, max_rss_kib: hwm, timed_out }
}

/// The hermetic environment of `Env::cmd` for a std Command, optionally without environment credentials (so
/// profiles are used).
fn hermetic(c: &mut std::process::Command, url: &str, home: &Path, env_credentials: bool) {
    common::hermetic(c, url, home);
    if !env_credentials {
        c.env_remove("AWS_ACCESS_KEY_ID").env_remove("AWS_SECRET_ACCESS_KEY");
    }
}

const APPENDED: &[u8] = b"late = \"added by an editor\"\n";
const REPLACEMENT: &[u8] = b"pw = \"edited meanwhile\"\n";

/// Runs one row; returns what went wrong (empty = the row passed).
fn run_row(row: &Row) -> (Vec<String>, Option<Run>) {
    let mut problems = Vec::new();
    let dir = isupport::tmp();
    // The environment: the shared moto, or a recording proxy with profiles for session rows.
    let world = row.session.as_ref().map(|s| {
        let w = sess::world().expect("moto is running (checked by the caller)");
        w.config(&s.config).credentials(&s.credentials);
        (s.seed)(&w);
        w.proxy.clear();
        w
    });
    let plain = world.is_none().then(|| common::Env::new().expect("moto is running"));
    let env: &common::Env = world.as_ref().map_or_else(|| plain.as_ref().expect("env"), |w| &w.env);
    let svc = env.service(&format!("-{}", row.id.replace('_', "-")));

    let path = dir.path().join(row.file);
    let mut original: Option<Vec<u8>> = None;
    let mut stdin = Stdio::null();
    let mut slow_proxy = None;
    match &row.shape {
        Shape::File(b) | Shape::ChangesDuringImport(b, _) => {
            std::fs::write(&path, b).expect("write");
            original = Some(b.clone());
        }
        Shape::ReadOnly(b) => {
            std::fs::write(&path, b).expect("write");
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).expect("chmod");
            original = Some(b.clone());
        }
        Shape::Dir => std::fs::create_dir(&path).expect("mkdir"),
        Shape::Fifo => nix::unistd::mkfifo(&path, nix::sys::stat::Mode::from_bits_truncate(0o600)).expect("mkfifo"),
        Shape::SymlinkLoop => {
            std::os::unix::fs::symlink("loop2.tfvars", &path).expect("symlink");
            std::os::unix::fs::symlink(row.file, dir.path().join("loop2.tfvars")).expect("symlink");
        }
        Shape::DevZero => std::os::unix::fs::symlink("/dev/zero", &path).expect("symlink"),
        Shape::Stdin(b) => {
            let p = dir.path().join("stdin.bin");
            std::fs::write(&p, b).expect("write");
            stdin = Stdio::from(std::fs::File::open(&p).expect("open stdin file"));
            original = None;
        }
    }
    if let Shape::ChangesDuringImport(..) = row.shape {
        slow_proxy = Some(common::FaultProxy::start(&env.moto_url, &["--delay-ms", "300"]));
    }
    let url = slow_proxy.as_ref().map_or(env.url.clone(), |p| p.url.clone());

    let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("tfsecrets"));
    hermetic(&mut cmd, &url, env.home.path(), world.is_none());
    cmd.current_dir(dir.path()).args(&row.global).args(["import", &svc, row.file]).args(&row.args);
    for (k, v) in &row.env {
        cmd.env(k, v);
    }

    // The editor: appends once the first write is under way (the file was read long before; the
    // scrub comes after the 300 ms writes and read-back).
    let replace = matches!(row.shape, Shape::ChangesDuringImport(_, true));
    let editor = slow_proxy.as_ref().map(|p| {
        let (purl, path) = (p.url.clone(), path.clone());
        std::thread::spawn(move || {
            let start = Instant::now();
            loop {
                let stats = common_stats(&purl);
                if stats["by_target"]["PutParameter"].as_u64().unwrap_or(0) > 0 {
                    break;
                }
                assert!(start.elapsed() < Duration::from_secs(30), "no PutParameter seen");
                std::thread::sleep(Duration::from_millis(10));
            }
            if replace {
                let tmp = path.with_extension("swp");
                std::fs::write(&tmp, REPLACEMENT).expect("write editor temp");
                std::fs::rename(&tmp, &path).expect("rename over");
            } else {
                let mut f = std::fs::OpenOptions::new().append(true).open(&path).expect("open for append");
                std::io::Write::write_all(&mut f, APPENDED).expect("append");
            }
            start.elapsed()
        })
    });

    let out = run_measured(cmd, stdin, Duration::from_secs(row.max_secs + 10));
    if let Some(e) = editor
        && e.join().is_err()
    {
        problems.push("the editor thread failed".into());
    }

    // ---- checks
    // The error line (plan and progress lines may come first when the failure is late).
    let errors: Vec<&str> = out.stderr.lines().filter(|l| l.starts_with("tfsecrets: error: ")).collect();
    let first = errors.first().copied().unwrap_or("");
    if out.timed_out {
        problems.push(format!("did not finish within {} s (killed)", row.max_secs + 10));
    }
    if out.signal.is_some() {
        problems.push(format!("killed by signal {:?} (crash, stack overflow?)", out.signal));
    }
    if out.code != Some(row.code) {
        problems.push(format!("exit {:?}, want {}", out.code, row.code));
    }
    if row.code != 0 {
        if !first.starts_with(&row.first) || errors.len() != 1 {
            problems.push(format!("error line {first:?} (of {}), want one, with prefix {:?}", errors.len(), row.first));
        }
        if !out.stdout.is_empty() {
            problems.push(format!("stdout not empty on failure: {:?}", out.stdout));
        }
    } else {
        let want = row.stdout.replace("{svc}", &svc).replace("{file}", row.file);
        if out.stdout != want {
            problems.push(format!("stdout {:?}, want {want:?}", out.stdout));
        }
        if out.stderr.contains("tfsecrets: error") {
            problems.push("an error on stderr although the run succeeded".into());
        }
    }
    for frag in &row.stderr_has {
        if !out.stderr.contains(frag.as_str()) {
            problems.push(format!("stderr lacks {frag:?}"));
        }
    }
    if out.stderr.contains(CANARY) || out.stdout.contains(CANARY) {
        problems.push("a value from the file appears in the output".into());
    }
    if out.elapsed > Duration::from_secs(row.max_secs) {
        problems.push(format!("took {:?}, limit {} s", out.elapsed, row.max_secs));
    }
    if out.max_rss_kib > (row.max_rss_mib as i64) * 1024 {
        problems.push(format!("peak memory {} MiB, limit {} MiB", out.max_rss_kib / 1024, row.max_rss_mib));
    }
    let count = isupport::count(env, &svc);
    if count != row.written {
        problems.push(format!("{count} parameters in /{svc}, want {}", row.written));
    }
    if let Some(orig) = &original {
        let now = std::fs::read(&path).ok();
        let want: Option<Vec<u8>> = match &row.after {
            After::Unchanged => Some(orig.clone()),
            After::Gone => None,
            After::Text(t) => Some(t.replace("{svc}", &svc).into_bytes()),
            After::Appended => Some(orig.iter().chain(APPENDED).copied().collect()),
        };
        if now != want {
            problems.push(format!(
                "file afterwards: {}, want {}",
                now.as_deref()
                    .map_or("<gone>".to_owned(), |b| format!("{:?}", String::from_utf8_lossy(&b[..b.len().min(300)]))),
                want.as_deref()
                    .map_or("<gone>".to_owned(), |b| format!("{:?}", String::from_utf8_lossy(&b[..b.len().min(300)]))),
            ));
        }
        if matches!(row.shape, Shape::ReadOnly(_)) && path.exists() && isupport::mode(&path) != 0o444 {
            problems.push("mode changed".into());
        }
    }
    let leftovers: Vec<String> =
        isupport::listing(dir.path()).into_iter().filter(|n| n.contains("tfsecrets") || n.ends_with(".tmp")).collect();
    if !leftovers.is_empty() {
        problems.push(format!("temp files left: {leftovers:?}"));
    }
    let ran = Ran { out, world };
    if let Some(post) = row.post
        && let Err(e) = post(&ran)
    {
        problems.push(e);
    }
    let Ran { out, .. } = ran;
    (problems, Some(out))
}

/// GET /__proxy/stats of a fault proxy by URL.
fn common_stats(url: &str) -> serde_json::Value {
    use std::io::Write;
    let addr = url.trim_start_matches("http://");
    let mut s = std::net::TcpStream::connect(addr).expect("connect proxy");
    s.write_all(b"GET /__proxy/stats HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").expect("write");
    let mut buf = String::new();
    s.read_to_string(&mut buf).expect("read");
    serde_json::from_str(buf.split("\r\n\r\n").nth(1).unwrap_or("{}")).unwrap_or_default()
}

#[test]
fn hostile_input_catalogue() {
    if common::Moto::shared().is_none() {
        return;
    }
    let rows = catalogue();
    let ids: std::collections::HashSet<&str> = rows.iter().map(|r| r.id).collect();
    assert_eq!(ids.len(), rows.len(), "row ids are unique");
    // Written to the stderr handle directly, so the size shows even when the harness captures output.
    let _ = writeln!(std::io::stderr(), "hostile input catalogue: {} rows", rows.len());
    let start = Instant::now();
    // Rows are independent (own temp dir, own service, own HOME): run them on a few threads.
    let next = std::sync::atomic::AtomicUsize::new(0);
    let results: Vec<(usize, Vec<String>, Option<Run>)> = std::thread::scope(|s| {
        let (rows, next) = (&rows, &next);
        let workers: Vec<_> = (0..3)
            .map(|_| {
                s.spawn(move || {
                    let mut mine = Vec::new();
                    loop {
                        let i = next.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                        let Some(row) = rows.get(i) else { break };
                        let (p, out) = run_row(row);
                        mine.push((i, p, out));
                    }
                    mine
                })
            })
            .collect();
        let mut all: Vec<_> = workers.into_iter().flat_map(|w| w.join().expect("worker")).collect();
        all.sort_by_key(|r| r.0);
        all
    });
    let mut failed = Vec::new();
    eprintln!("{:<26} {:>4} {:>8} {:>7}  case", "row", "exit", "ms", "MiB");
    for (i, problems, out) in &results {
        let row = &rows[*i];
        let (code, ms, mib) =
            out.as_ref().map_or((None, 0, 0), |o| (o.code, o.elapsed.as_millis(), o.max_rss_kib / 1024));
        eprintln!(
            "{:<26} {:>4} {:>8} {:>7}  {}{}",
            row.id,
            code.map_or("sig".to_owned(), |c| c.to_string()),
            ms,
            mib,
            row.issue,
            if problems.is_empty() { "" } else { "  <-- FAILED" }
        );
        if !problems.is_empty() {
            let stderr = out.as_ref().map(|o| o.stderr.as_str()).unwrap_or("");
            failed.push(format!(
                "[{}] {}:\n    {}\n    stderr: {}",
                row.id,
                row.issue,
                problems.join("\n    "),
                stderr.trim_end().replace('\n', "\n            ")
            ));
        }
    }
    let _ = writeln!(
        std::io::stderr(),
        "hostile input catalogue: {} rows, {} passed, {} failed, {:.1?}",
        rows.len(),
        rows.len() - failed.len(),
        failed.len(),
        start.elapsed()
    );
    assert!(failed.is_empty(), "{} of {} catalogue rows failed:\n{}", failed.len(), rows.len(), failed.join("\n"));
}
