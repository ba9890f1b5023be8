//! What to do about a finding (docs/scan.md §4): a write-only argument where the resource type has one (a small
//! table, below), `ephemeral = true` on the variable, an ephemeral resource instead of a data source, or dropping
//! an output.

use super::locate::{Location, Target};
use crate::tfmodule::Module;

/// Known write-only arguments (terraform >= 1.11): `(resource type, argument that stores the value, write-only
/// argument to use instead)`. A table, not a schema lookup: it covers the common secret-carrying arguments of the
/// AWS, Google and Azure providers (recent provider versions) and nothing else; for other types the hint says to
/// look for one.
pub const WRITE_ONLY: &[(&str, &str, &str)] = &[
    ("aws_db_instance", "password", "password_wo"),
    ("aws_rds_cluster", "master_password", "master_password_wo"),
    ("aws_docdb_cluster", "master_password", "master_password_wo"),
    ("aws_redshift_cluster", "master_password", "master_password_wo"),
    ("aws_redshiftserverless_namespace", "admin_user_password", "admin_user_password_wo"),
    ("aws_secretsmanager_secret_version", "secret_string", "secret_string_wo"),
    ("aws_ssm_parameter", "value", "value_wo"),
    ("aws_elasticache_user", "passwords", "passwords_wo"),
    ("google_sql_user", "password", "password_wo"),
    ("google_secret_manager_secret_version", "secret_data", "secret_data_wo"),
    ("azurerm_key_vault_secret", "value", "value_wo"),
    ("azurerm_postgresql_flexible_server", "administrator_password", "administrator_password_wo"),
];

/// A hint: a stable code for `--json` and the sentence for people.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hint {
    /// `write-only`, `ephemeral-variable`, `ephemeral-resource`, `output`, `already-ephemeral`, `configuration`,
    /// `none`.
    pub code: &'static str,
    /// What to do, in a sentence (never a value).
    pub text: String,
}

/// The hint for a finding of secret `key` at `loc`; `module` is the root module when it was read.
pub fn hint(loc: &Location, key: &str, module: Option<&Module>) -> Hint {
    let declared = module.and_then(|m| m.declaration(key));
    let variable = match declared {
        Some(d) => format!("variable \"{}\" ({})", d.name, d.location()),
        None => "the variable that feeds it".to_owned(),
    };
    let make_ephemeral = format!(
        "declare {variable} ephemeral = true (terraform >= 1.10) if the value only needs to reach a provider, a \
         provisioner or a write-only argument"
    );
    match &loc.target {
        Target::Variable => Hint {
            code: "ephemeral-variable",
            text: format!("a saved plan stores every variable that is not ephemeral: {make_ephemeral}"),
        },
        Target::Output => Hint {
            code: "output",
            text: "drop this output or narrow it (a length, a hash, a reference to where the secret lives); root \
                   module outputs cannot be ephemeral"
                .to_owned(),
        },
        Target::Configuration => Hint {
            code: "configuration",
            text: "the value is written literally in the configuration: pass it through an ephemeral variable instead"
                .to_owned(),
        },
        Target::Resource { data: true, .. } => Hint {
            code: "ephemeral-resource",
            text: "a data source's result is stored: read the secret with an ephemeral resource instead (terraform \
                   >= 1.10), where the provider has one"
                .to_owned(),
        },
        Target::Resource { rtype, attribute, .. } => {
            let wo = attribute
                .as_deref()
                .and_then(|a| WRITE_ONLY.iter().find(|(t, arg, _)| t == rtype && *arg == a).map(|(_, _, wo)| *wo));
            if let Some(wo) = wo {
                return Hint {
                    code: "write-only",
                    text: format!(
                        "use the write-only argument {wo} (terraform >= 1.11; with its {wo}_version) fed by an \
                         ephemeral variable: it is never stored"
                    ),
                };
            }
            if declared.is_some_and(|d| d.ephemeral) {
                return Hint {
                    code: "already-ephemeral",
                    text: format!(
                        "{variable} is already ephemeral: the value reaches this place another way, or the state \
                         predates that change (the next apply rewrites it)"
                    ),
                };
            }
            let what = match attribute {
                Some(a) => format!("{rtype}.{a}"),
                None => rtype.clone(),
            };
            Hint {
                code: "ephemeral-variable",
                text: format!(
                    "{what} stores what it receives: {make_ephemeral}; or use a write-only argument if the provider \
                     has one for it"
                ),
            }
        }
        Target::Other => Hint { code: "none", text: "look at this part of the document".to_owned() },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scan::locate::Section;

    fn at(target: Target) -> Location {
        Location { address: "x".into(), path: "p".into(), section: Section::State, sensitive: false, target }
    }

    fn resource(rtype: &str, attribute: &str, data: bool) -> Target {
        Target::Resource { data, rtype: rtype.into(), attribute: Some(attribute.into()) }
    }

    #[test]
    fn hints_by_target() {
        let h = hint(&at(resource("aws_db_instance", "password", false)), "db_password", None);
        assert_eq!(h.code, "write-only");
        assert!(h.text.starts_with("use the write-only argument password_wo (terraform >= 1.11"), "{}", h.text);
        let h = hint(&at(resource("aws_db_instance", "username", false)), "db_password", None);
        assert_eq!(h.code, "ephemeral-variable");
        assert!(h.text.starts_with("aws_db_instance.username stores what it receives: declare the variable that"));
        assert_eq!(hint(&at(resource("aws_ssm_parameter", "value", true)), "k", None).code, "ephemeral-resource");
        assert_eq!(hint(&at(Target::Output), "k", None).code, "output");
        assert_eq!(hint(&at(Target::Variable), "k", None).code, "ephemeral-variable");
        assert_eq!(hint(&at(Target::Configuration), "k", None).code, "configuration");
        assert_eq!(hint(&at(Target::Other), "k", None).code, "none");
    }

    #[test]
    fn the_table_pairs_each_argument_with_its_write_only_form() {
        for (rtype, arg, wo) in WRITE_ONLY {
            assert_eq!(*wo, format!("{arg}_wo"), "{rtype}");
        }
    }
}
