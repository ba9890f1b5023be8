//! The declared type × stored class table (docs/terraform-vars.md §7): the `TF_VAR_` text for one secret,
//! or the W5/W6 error that stops `exec`.

use super::classify::{StoredClass, classify};
use super::{Declaration, TypeClass, VarError, Warning};
use crate::secret::Secret;
use crate::tfvars::hcl_string_literal;

/// The `TF_VAR_` text for one secret and how it was derived (for `--dry-run`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Encoded {
    /// The stored text byte for byte.
    Value(Secret),
    /// The stored text as an HCL string literal (docs/terraform-vars.md §5), for `any`-typed plain strings.
    HclString(Secret),
}

impl Encoded {
    /// The text to put into `TF_VAR_<key>`.
    pub fn secret(&self) -> &Secret {
        match self {
            Encoded::Value(s) | Encoded::HclString(s) => s,
        }
    }

    /// Consumes the encoding, returning the text for `TF_VAR_<key>`.
    pub fn into_secret(self) -> Secret {
        match self {
            Encoded::Value(s) | Encoded::HclString(s) => s,
        }
    }

    /// `verbatim` or `HCL string literal`, for `--dry-run`.
    pub fn describe(&self) -> &'static str {
        match self {
            Encoded::Value(_) => "verbatim",
            Encoded::HclString(_) => "HCL string literal",
        }
    }
}

fn type_mismatch(key: &str, decl: &Declaration, expected: &str) -> VarError {
    VarError {
        id: "W5",
        message: format!(
            "stored value for \"{key}\" does not look like {expected} (declared {} at {})",
            decl.type_phrase(),
            decl.location()
        ),
    }
}

fn not_an_expression(key: &str, decl: &Declaration, line: usize, col: usize) -> VarError {
    VarError {
        id: "W6",
        message: format!(
            "stored value for \"{key}\" is not a valid HCL expression (line {line}, column {col} of the value; \
             declared {} at {}); literal ${{ and %{{ must be written $${{ and %%{{",
            decl.type_phrase(),
            decl.location()
        ),
    }
}

fn untyped_collection(key: &str, decl: &Declaration, stored: &str) -> Warning {
    let example = if stored.trim_start_matches(|c: char| c.is_ascii_whitespace()).starts_with('[') {
        "list(string)"
    } else {
        "map(string)"
    };
    Warning {
        id: "W4",
        message: format!(
            "variable \"{key}\" ({}) has no type; terraform receives the stored JSON as a string. \
             Declare e.g. type = {example}",
            decl.location()
        ),
    }
}

/// Applies the table of docs/terraform-vars.md §7 to one secret, saying how it was encoded (see [`encode_for`]).
pub fn encode(key: &str, stored: &Secret, decl: Option<&Declaration>) -> Result<(Encoded, Vec<Warning>), VarError> {
    let verbatim = || Encoded::Value(stored.clone());
    let Some(decl) = decl else {
        // W1/W2 come from `check`, which sees every key at once.
        return Ok((verbatim(), Vec::new()));
    };
    let text = stored.expose();
    match decl.class {
        TypeClass::String => Ok((verbatim(), Vec::new())),
        TypeClass::Untyped => match classify(text) {
            StoredClass::C => Ok((verbatim(), vec![untyped_collection(key, decl, text)])),
            _ => Ok((verbatim(), Vec::new())),
        },
        TypeClass::Number => match classify(text) {
            StoredClass::N => Ok((verbatim(), Vec::new())),
            _ => Err(type_mismatch(key, decl, "a number")),
        },
        TypeClass::Bool => match classify(text) {
            StoredClass::B => Ok((verbatim(), Vec::new())),
            // terraform converts "1" and "0" to bools too (cty's string → bool conversion).
            StoredClass::N if text == "1" || text == "0" => Ok((verbatim(), Vec::new())),
            _ => Err(type_mismatch(key, decl, "a bool (true or false)")),
        },
        TypeClass::Collection => match classify(text) {
            StoredClass::C => Ok((verbatim(), Vec::new())),
            StoredClass::CBang { line, col } => Err(not_an_expression(key, decl, line, col)),
            _ => Err(type_mismatch(key, decl, "a collection (a JSON/HCL [...] or {...})")),
        },
        TypeClass::Any => match classify(text) {
            StoredClass::S => Ok((Encoded::HclString(hcl_string_literal(text)), Vec::new())),
            StoredClass::N | StoredClass::B | StoredClass::C => Ok((verbatim(), Vec::new())),
            StoredClass::CBang { line, col } => Err(not_an_expression(key, decl, line, col)),
        },
    }
}

/// Applies the table of docs/terraform-vars.md §7 to one secret: the `TF_VAR_` text plus warnings (W4), or a
/// W5/W6 error (no value).
pub fn encode_for(key: &str, stored: &Secret, decl: Option<&Declaration>) -> Result<(Secret, Vec<Warning>), VarError> {
    encode(key, stored, decl).map(|(e, w)| (e.into_secret(), w))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decl(class: TypeClass, type_text: Option<&str>) -> Declaration {
        Declaration {
            name: "v".into(),
            class,
            type_text: type_text.map(str::to_owned),
            sensitive: true,
            ephemeral: false,
            file: "main.tf".into(),
            line: 7,
            overrides: vec![],
        }
    }

    #[derive(Debug, PartialEq)]
    enum Out {
        Verbatim,
        Literal,
        Warn(&'static str),
        Error(&'static str),
    }

    fn run(stored: &str, d: Option<&Declaration>) -> Out {
        let secret = Secret::from_str_copy(stored);
        match encode("v", &secret, d) {
            Ok((Encoded::Value(s), w)) => {
                assert_eq!(s.expose(), stored);
                match w.as_slice() {
                    [] => Out::Verbatim,
                    [one] => Out::Warn(one.id),
                    more => panic!("{more:?}"),
                }
            }
            Ok((Encoded::HclString(s), w)) => {
                assert!(w.is_empty());
                assert_eq!(s, hcl_string_literal(stored));
                Out::Literal
            }
            Err(e) => {
                assert!(!e.message.contains(stored), "value leaked: {}", e.message);
                Out::Error(e.id)
            }
        }
    }

    /// Every cell of the table in docs/terraform-vars.md §7. Columns: S, N, B, C, C!.
    #[test]
    fn type_table_every_cell() {
        use Out::*;
        let samples = ["p@ss word", "42", "true", "{\"a\":[1,2]}", "[\"a${x}\"]"];
        assert_eq!(samples.map(|s| classify(s).as_str()), ["S", "N", "B", "C", "C!"]);
        let untyped = decl(TypeClass::Untyped, None);
        let string = decl(TypeClass::String, Some("string"));
        let number = decl(TypeClass::Number, Some("number"));
        let boolean = decl(TypeClass::Bool, Some("bool"));
        let coll = decl(TypeClass::Collection, Some("map(list(number))"));
        let any = decl(TypeClass::Any, Some("any"));
        let rows: [(Option<&Declaration>, [Out; 5]); 7] = [
            (None, [Verbatim, Verbatim, Verbatim, Verbatim, Verbatim]),
            (Some(&untyped), [Verbatim, Verbatim, Verbatim, Warn("W4"), Verbatim]),
            (Some(&string), [Verbatim, Verbatim, Verbatim, Verbatim, Verbatim]),
            (Some(&number), [Error("W5"), Verbatim, Error("W5"), Error("W5"), Error("W5")]),
            (Some(&boolean), [Error("W5"), Error("W5"), Verbatim, Error("W5"), Error("W5")]),
            (Some(&coll), [Error("W5"), Error("W5"), Error("W5"), Verbatim, Error("W6")]),
            (Some(&any), [Literal, Verbatim, Verbatim, Verbatim, Error("W6")]),
        ];
        for (d, expected) in rows {
            for (sample, want) in samples.iter().zip(expected) {
                assert_eq!(run(sample, d), want, "{:?} × {sample:?}", d.map(|d| d.class));
            }
        }
        // Row "module not readable": Module::encode passes everything verbatim.
        let m = super::super::Module {
            dir: "/m".into(),
            declarations: [("v".to_string(), number.clone())].into_iter().collect(),
            notes: vec![],
            var_files: vec![],
            aws_profile_refs: vec![],
            readable: false,
        };
        for sample in samples {
            let (e, w) = m.encode("v", &Secret::from_str_copy(sample)).expect("verbatim");
            assert_eq!((e.secret().expose(), e.describe(), w.len()), (sample, "verbatim", 0));
        }
        let m = super::super::Module { readable: true, ..m };
        assert!(m.encode("v", &Secret::from_str_copy("x")).is_err());
    }

    #[test]
    fn messages_name_key_type_and_location_never_value() {
        let mut coll = decl(TypeClass::Collection, Some("map(string)"));
        coll.name = "tags".into();
        coll.line = 14;
        let secret = Secret::from_str_copy("{\"tags\":\"a${b}\"}");
        let err = encode_for("tags", &secret, Some(&coll)).expect_err("W6");
        assert_eq!(err.id, "W6");
        assert_eq!(
            err.message,
            "stored value for \"tags\" is not a valid HCL expression (line 1, column 13 of the value; declared \
             type = map(string) at main.tf:14); literal ${ and %{ must be written $${ and %%{"
        );
        let mut port = decl(TypeClass::Number, Some("number"));
        port.overrides.push("override.tf:2".into());
        let err = encode_for("port", &Secret::from_str_copy("eighty"), Some(&port)).expect_err("W5");
        assert_eq!(
            err.message,
            "stored value for \"port\" does not look like a number (declared type = number at main.tf:7, \
             overridden at override.tf:2)"
        );
        assert!(!format!("{err:?}").contains("eighty"));
        let err = encode_for("flag", &Secret::from_str_copy("yes"), Some(&decl(TypeClass::Bool, Some("bool"))))
            .expect_err("W5");
        assert!(err.message.contains("does not look like a bool"));
        let err =
            encode_for("l", &Secret::from_str_copy("a,b"), Some(&decl(TypeClass::Collection, Some("list(string)"))))
                .expect_err("W5");
        assert!(err.message.contains("declared type = list(string) at main.tf:7"), "{}", err.message);

        let mut tags = decl(TypeClass::Untyped, None);
        tags.name = "tags".into();
        let (out, w) = encode_for("tags", &Secret::from_str_copy("{\"a\":\"secretvalue\"}"), Some(&tags)).expect("ok");
        assert_eq!(out.expose(), "{\"a\":\"secretvalue\"}");
        assert_eq!(
            w[0].message,
            "variable \"tags\" (main.tf:7) has no type; terraform receives the stored JSON as a string. \
             Declare e.g. type = map(string)"
        );
        let (_, w) = encode_for("tags", &Secret::from_str_copy(" [1]"), Some(&tags)).expect("ok");
        assert!(w[0].message.ends_with("type = list(string)"));
    }

    #[test]
    fn any_typed_values() {
        let any = decl(TypeClass::Any, Some("any"));
        let enc = |s: &str| encode_for("v", &Secret::from_str_copy(s), Some(&any)).expect("ok").0;
        assert_eq!(enc("hello").expose(), "\"hello\"");
        assert_eq!(enc("a${b}").expose(), "\"a$${b}\"");
        assert_eq!(enc("null").expose(), "\"null\"");
        assert_eq!(enc("1e3").expose(), "1e3");
        assert_eq!(enc("false").expose(), "false");
        assert_eq!(enc("[1]").expose(), "[1]");
        let (e, _) = encode("v", &Secret::from_str_copy("x"), Some(&any)).expect("ok");
        assert_eq!(e.describe(), "HCL string literal");
    }
}
