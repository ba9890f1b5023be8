use super::*;

fn matcher(values: &[&str]) -> (Matcher, Vec<Skipped>) {
    let secrets: Vec<Secret> = values.iter().map(|v| Secret::from_str_copy(v)).collect();
    Matcher::build(&secrets.iter().collect::<Vec<_>>())
}

/// `(secret, form, whole)` for every owner of every hit in `text`, sorted.
fn found(m: &Matcher, text: &str) -> Vec<(usize, Form, bool)> {
    let mut hits = Vec::new();
    m.hits(text, &mut hits);
    let mut out: Vec<(usize, Form, bool)> =
        hits.iter().flat_map(|h| m.owners(h.pattern).iter().map(move |&(s, f)| (s, f, h.whole))).collect();
    out.sort();
    out
}

#[test]
fn whole_and_embedded_matches() {
    let (m, skipped) = matcher(&["hunter2secret", "tok-123456"]);
    assert!(skipped.is_empty());
    assert_eq!(found(&m, "hunter2secret"), [(0, Form::Value, true)]);
    assert_eq!(found(&m, "postgres://u:hunter2secret@h/db"), [(0, Form::Value, false)]);
    assert_eq!(
        found(&m, "tok-123456 and hunter2secret, hunter2secret"),
        [(0, Form::Value, false), (1, Form::Value, false)]
    );
    assert!(found(&m, "hunter2secre").is_empty());
    assert!(found(&m, "").is_empty());
}

#[test]
fn short_trivial_and_numeric_values() {
    let (m, skipped) = matcher(&["abc", "true", "   \n  ", "5432", "123456789012", "  padded-value\n"]);
    assert_eq!(
        skipped,
        [
            Skipped { secret: 0, reason: "shorter than 6 bytes" },
            Skipped { secret: 1, reason: "shorter than 6 bytes" },
            Skipped { secret: 2, reason: "only white space" },
            Skipped { secret: 3, reason: "shorter than 6 bytes" },
        ]
    );
    // A number counts only whole: an account id inside an ARN is not this secret.
    assert_eq!(found(&m, "123456789012"), [(4, Form::Value, true)]);
    assert!(found(&m, "arn:aws:iam::123456789012:role/x").is_empty());
    // A value with white space around it is also found without it.
    assert_eq!(found(&m, "x padded-value y"), [(5, Form::Trimmed, false)]);
}

#[test]
fn json_escaped_forms_find_a_secret_inside_jsonencode() {
    let (m, _) = matcher(&["p<a\"ss>&w\\d"]);
    // terraform's jsonencode (Go): <, > and & as \u escapes.
    assert_eq!(found(&m, r#"{"password":"p\u003ca\"ss\u003e\u0026w\\d"}"#), [(0, Form::JsonEscaped, false)]);
    // serde_json, Python and most others leave them alone.
    assert_eq!(found(&m, r#"{"password":"p<a\"ss>&w\\d"}"#), [(0, Form::JsonEscaped, false)]);
    let (m, _) = matcher(&["line1\nline2"]);
    assert_eq!(found(&m, "x=\"line1\\nline2\""), [(0, Form::JsonEscaped, false)]);
}

#[test]
fn elements_of_stored_collections() {
    let stored = r#"{"a":"tagvalue1","b":"x","c":["element-two",12345678],"d":"costs $${amount}"}"#;
    let (m, _) = matcher(&[stored, "[\"hcl-style\", {k = \"hcl-value\"}]"]);
    assert_eq!(found(&m, "tagvalue1"), [(0, Form::Element, true)]);
    assert_eq!(found(&m, "prefix element-two"), [(0, Form::Element, false)]);
    assert_eq!(found(&m, "12345678"), [(0, Form::Element, true)]);
    // Stored `$${` is HCL's escape: terraform's value holds `${`.
    assert_eq!(found(&m, "costs ${amount}"), [(0, Form::Element, true)]);
    assert!(found(&m, "x").is_empty());
    // The stored text itself, and the elements inside it (the scan keeps one finding per place and secret).
    assert_eq!(found(&m, stored), [(0, Form::Value, true), (0, Form::Element, false), (0, Form::Element, false)]);
    assert_eq!(found(&m, "hcl-value"), [(1, Form::Element, true)]);
}

#[test]
fn one_pattern_for_a_value_stored_twice() {
    let (m, _) = matcher(&["same-value-1", "same-value-1", "[\"same-value-1\"]"]);
    assert_eq!(found(&m, "same-value-1"), [(0, Form::Value, true), (1, Form::Value, true), (2, Form::Element, true)]);
    assert_eq!(m.patterns.iter().filter(|p| p.text.expose() == "same-value-1").count(), 1);
}

#[test]
fn redaction_cuts_every_match_out() {
    let (m, _) = matcher(&["hunter2secret", "secret-and-more", "abcdef"]);
    assert_eq!(m.redact("a hunter2secret-and-more b"), "a <redacted> b");
    assert_eq!(m.redact("abcdefabcdef x"), "<redacted><redacted> x");
    assert_eq!(m.redact("nothing here"), "nothing here");
    let (empty, _) = matcher(&[]);
    assert!(empty.is_empty());
    assert_eq!(empty.redact("hunter2secret"), "hunter2secret");
}
