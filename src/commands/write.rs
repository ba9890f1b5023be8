//! `tfsecrets write <service> <key> <value|->`

use crate::cli::WriteArgs;
use crate::error::{Error, Result};
use crate::naming;
use crate::output;
use crate::secret::Secret;
use crate::store::{self, Put, SecretId, Selector, Store};

/// Parses repeated `--tag KEY=VALUE` flags, validating each.
pub fn parse_tags(tags: &[String]) -> Result<Vec<(String, String)>> {
    tags.iter()
        .map(|t| {
            let (k, v) = t.split_once('=').ok_or_else(|| Error::usage(format!("--tag {t:?}: expected KEY=VALUE")))?;
            naming::validate_tag(k, v)?;
            Ok((k.to_owned(), v.to_owned()))
        })
        .collect()
}

/// Reads the value from stdin (`write <service> <key> -`), verbatim or (`-s`) its first line.
fn read_stdin(singleline: bool) -> Result<Secret> {
    let all = Secret::read_from(&mut std::io::stdin().lock()).map_err(|e| match e.kind() {
        std::io::ErrorKind::InvalidData => Error::invalid("the value on stdin is not valid UTF-8"),
        _ => Error::io(format!("reading the value from stdin: {e}")),
    })?;
    Ok(match all.expose().find('\n') {
        Some(i) if singleline => Secret::from_str_copy(&all.expose()[..i]),
        _ => all,
    })
}

/// Runs `write`: one PutParameter with chamber's version counter + 1 (docs/chamber-compat.md §3).
pub async fn run<S: Store>(store: &S, args: &WriteArgs) -> Result<()> {
    let id = SecretId::checked(&args.service, &args.key)?;
    naming::refuse_reserved(&args.service)?;
    let tags = parse_tags(&args.tags)?;
    let from_stdin;
    let value = if args.value.expose() == "-" {
        from_stdin = read_stdin(args.singleline)?;
        &from_stdin
    } else {
        &args.value
    };
    store::check_value_sizes([(args.key.as_str(), value)], args.tier)?;
    naming::warn_mixed_case_service(&args.service);

    let ids = std::slice::from_ref(&id);
    let (current, existing) = if args.skip_unchanged {
        let latest = [id.at(Selector::Latest)];
        let (d, g) = futures::join!(store.describe(ids), store.get(&latest));
        (d?, g?.remove(&id))
    } else {
        (store.describe(ids).await?, None)
    };
    let previous = current.iter().find(|m| m.id == id);
    let report = |version: i64, written: bool| {
        if !args.json {
            return Ok(());
        }
        output::json(&serde_json::json!({"service": args.service, "key": args.key, "name": id.to_string(),
            "version": version, "written": written}))
    };
    if let (Some(prev), Some(old)) = (previous, existing.as_ref())
        && old.value.ct_eq(value)
    {
        return report(prev.version, false);
    }
    let is_new = previous.is_none();
    if is_new {
        let (listing, required) = futures::join!(store.list(&args.service), store.required_tags());
        if let Some(variant) =
            listing?.iter().find(|m| m.id.key != args.key && m.id.key.eq_ignore_ascii_case(&args.key))
        {
            crate::ui::warn(format!(
                "creating {id} while {} exists: the names differ only in case, and chamber lowercases keys",
                variant.id
            ));
        }
        store::check_required_tags(&required?, &tags, std::slice::from_ref(&id))?;
    } else if !tags.is_empty() {
        crate::ui::warn("--tag applies to new secrets only; tags were not changed");
    }
    store.check_kms_key().await?;
    let version = previous.map_or(0, |m| m.version) + 1;
    let put = Put { id: id.clone(), value, version, tier: args.tier };
    if let Some((_, res)) = store.put_many(vec![put], &|_| {}).await.pop() {
        res?;
    }
    if is_new && !tags.is_empty() {
        store.tag(&id, &tags).await?;
    }
    report(version, true)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Tier;
    use crate::store::memory::MemoryStore;

    fn args(value: &str) -> WriteArgs {
        WriteArgs {
            service: "svc".into(),
            key: "k".into(),
            value: Secret::from_str_copy(value),
            singleline: false,
            skip_unchanged: false,
            tags: vec![],
            tier: Tier::Standard,
            json: false,
        }
    }

    #[tokio::test]
    async fn version_counter_increments() {
        let s = MemoryStore::new();
        run(&s, &args("a")).await.unwrap();
        run(&s, &args("a")).await.unwrap();
        let m = s.list("svc").await.unwrap();
        assert_eq!(m[0].version, 2);
        assert_eq!(*s.writes.borrow(), 2);
    }

    #[tokio::test]
    async fn skip_unchanged_writes_nothing() {
        let s = MemoryStore::new();
        s.seed("svc", "k", "a", 3);
        let mut a = args("a");
        a.skip_unchanged = true;
        run(&s, &a).await.unwrap();
        assert_eq!(*s.writes.borrow(), 0);
        a.value = Secret::from_str_copy("b");
        run(&s, &a).await.unwrap();
        assert_eq!(s.list("svc").await.unwrap()[0].version, 4);
    }

    #[tokio::test]
    async fn refuses_bad_input_before_writing() {
        let s = MemoryStore::new();
        let mut a = args("");
        assert_eq!(run(&s, &a).await.unwrap_err().exit_code(), 65);
        a.value = Secret::new("x".repeat(4097));
        let e = run(&s, &a).await.unwrap_err();
        assert!(e.message.contains("4096"), "{e}");
        assert!(!e.message.contains("xxxx"));
        a.value = Secret::from_str_copy("x");
        a.key = "bad key".into();
        assert!(run(&s, &a).await.is_err());
        a.key = "k".into();
        a.service = "_chamber".into();
        assert!(run(&s, &a).await.is_err());
        assert_eq!(*s.writes.borrow(), 0);
    }

    #[tokio::test]
    async fn advanced_tier_allows_8k() {
        let s = MemoryStore::new();
        let mut a = args(&"x".repeat(8000));
        a.tier = Tier::Advanced;
        run(&s, &a).await.unwrap();
        assert_eq!(*s.writes.borrow(), 1);
    }

    #[tokio::test]
    async fn required_tags_enforced_for_new_keys() {
        let mut s = MemoryStore::new();
        s.required = vec!["team".into()];
        let e = run(&s, &args("v")).await.unwrap_err();
        assert!(e.message.contains("required tags [team] are missing"), "{e}");
        let mut a = args("v");
        a.tags = vec!["team=platform".into()];
        run(&s, &a).await.unwrap();
        // An existing key needs no tags.
        run(&s, &args("w")).await.unwrap();
    }

    #[tokio::test]
    async fn missing_kms_key_stops_the_write() {
        let mut s = MemoryStore::new();
        s.kms_missing = true;
        assert!(run(&s, &args("v")).await.is_err());
        assert_eq!(*s.writes.borrow(), 0);
    }

    #[test]
    fn tags_parse() {
        assert_eq!(parse_tags(&["a=b".into()]).unwrap(), vec![("a".to_owned(), "b".to_owned())]);
        assert!(parse_tags(&["ab".into()]).is_err());
    }
}
