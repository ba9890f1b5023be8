//! Fuzz target: arbitrary bytes → `decode_utf8` → `parse` (native and JSON syntax) → encode checks →
//! `Parsed::scrub` of every parsed name (each alone, all storable ones, all of them).
//!
//! Besides "no panic, no hang, no stack overflow", it asserts:
//! - names are unique ignoring ASCII case and match `^[A-Za-z_][A-Za-z0-9_-]*$`;
//! - storable kinds carry a non-empty stored text, `null` / `""` carry none;
//! - encode round trip: a stored string written back with `hcl_string_literal`, and any other stored
//!   text written back verbatim (numbers, bools, HCL-safe JSON collections), re-parses to the same text;
//! - every scrub of a successfully parsed file succeeds, and its result re-parses with exactly the
//!   other attributes, in order, with the same stored values (and a marker per removed native name);
//!   `Empty` only when nothing else remains.
//!
//! A scrub that returns an error for a file that parsed is a finding (import would have written the
//! secrets and then fail to scrub). Set `FUZZ_ALLOW_SCRUB_ERR=1` to tolerate it and keep fuzzing for
//! worse.

#![no_main]

use libfuzzer_sys::fuzz_target;
use tfsecrets::tfvars::{self, Parsed, ScrubOutcome, Syntax, ValueKind};

const SERVICE: &str = "fuzz/svc";
/// Cap on per-name scrubs so one input stays fast.
const MAX_SINGLE_SCRUBS: usize = 8;

fn allow_scrub_err() -> bool {
    static ALLOW: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *ALLOW.get_or_init(|| std::env::var("FUZZ_ALLOW_SCRUB_ERR").is_ok_and(|v| v == "1"))
}

fn valid_name(n: &str) -> bool {
    let mut chars = n.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

fn stored(p: &Parsed) -> Vec<(String, ValueKind, Option<String>)> {
    p.vars.iter().map(|v| (v.name.clone(), v.kind, v.value.as_ref().map(|s| s.expose().to_owned()))).collect()
}

fn check_parsed(p: &Parsed) {
    let mut seen = std::collections::HashSet::new();
    for v in &p.vars {
        assert!(valid_name(&v.name), "invalid name accepted: {:?}", v.name);
        assert!(seen.insert(v.name.to_ascii_lowercase()), "case-duplicate accepted: {:?}", v.name);
        match (v.kind.is_storable(), &v.value) {
            (true, Some(s)) => assert!(!s.is_empty(), "{:?}: storable kind with empty text", v.kind),
            (false, None) => {}
            (st, val) => panic!("{}: kind {:?} storable={st} but value present={}", v.name, v.kind, val.is_some()),
        }
    }
}

/// Encode round trip: what tfsecrets stores, written back as a tfvars attribute, parses to itself.
fn check_encode(p: &Parsed) {
    for v in &p.vars {
        let Some(text) = v.value.as_ref().map(|s| s.expose()) else { continue };
        let src = match v.kind {
            ValueKind::String => format!("x = {}\n", tfvars::hcl_string_literal(text).expose()),
            _ => format!("x = {text}\n"),
        };
        let again = match tfvars::parse(&src, Syntax::Native, "encoded") {
            Ok(a) => a,
            Err(e) => panic!("stored text of kind {:?} does not re-parse: {e}", v.kind),
        };
        assert_eq!(again.vars.len(), 1);
        assert_eq!(again.vars[0].kind, v.kind, "kind changed on re-parse");
        let back = again.vars[0].value.as_ref().map(|s| s.expose());
        assert!(back == Some(text), "stored text of kind {:?} changed on re-parse", v.kind);
        if v.kind == ValueKind::Number {
            let canonical = tfvars::canonical_number(text);
            assert_eq!(canonical.as_ref().map(|c| c.expose()), Some(text), "stored number is not canonical");
        }
    }
}

/// Scrubs through the parse the import uses (`Parsed::scrub`: no second parse of the input).
fn check_scrub(parsed: &Parsed, before: &[(String, ValueKind, Option<String>)], remove: &[&str]) {
    let syntax = parsed.syntax;
    let outcome = match parsed.scrub(remove, SERVICE) {
        Ok(o) => o,
        Err(e) if allow_scrub_err() => {
            let _ = e;
            return;
        }
        Err(e) => panic!("scrub of a file that parsed failed ({syntax:?}, removing {remove:?}): {e}"),
    };
    let want: Vec<&(String, ValueKind, Option<String>)> =
        before.iter().filter(|(n, _, _)| !remove.contains(&n.as_str())).collect();
    match outcome {
        ScrubOutcome::Empty => assert!(want.is_empty(), "Empty although {} attributes remain", want.len()),
        ScrubOutcome::Rewritten(out) => {
            let out = out.expose();
            assert!(!want.is_empty(), "Rewritten although nothing remains");
            let again = match tfvars::parse(out, syntax, "scrubbed") {
                Ok(a) => a,
                Err(e) => panic!("scrub result does not re-parse ({syntax:?}): {e}"),
            };
            let got = stored(&again);
            assert_eq!(got.len(), want.len(), "attribute count after scrub");
            for (g, w) in got.iter().zip(&want) {
                assert!(g == *w, "attribute {:?} changed by the scrub (or order changed)", w.0);
            }
            if syntax == Syntax::Native {
                for name in remove {
                    assert!(out.contains(&tfvars::marker(name, SERVICE)), "no marker for {name}");
                }
            }
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let text = match tfvars::decode_utf8(data, "fuzz") {
        Ok(t) => t,
        Err(e) => {
            assert!(std::str::from_utf8(data).is_err());
            assert_eq!(e.kind, tfvars::TfvarsErrorKind::NotUtf8);
            return;
        }
    };
    for syntax in [Syntax::Native, Syntax::Json] {
        let Ok(parsed) = tfvars::parse(text, syntax, "fuzz") else { continue };
        check_parsed(&parsed);
        check_encode(&parsed);
        let before = stored(&parsed);
        let all: Vec<&str> = before.iter().map(|(n, _, _)| n.as_str()).collect();
        let storable: Vec<&str> = before.iter().filter(|(_, k, _)| k.is_storable()).map(|(n, _, _)| n.as_str()).collect();
        check_scrub(&parsed, &before, &all);
        check_scrub(&parsed, &before, &storable);
        check_scrub(&parsed, &before, &[]);
        for name in all.iter().take(MAX_SINGLE_SCRUBS) {
            check_scrub(&parsed, &before, &[name]);
        }
    }
});
