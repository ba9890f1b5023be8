//! `tfsecrets man` and the committed manual pages under man/ being up to date with the command line.
//!
//! Regenerate them after changing the command line with:
//! `TFSECRETS_UPDATE_GENERATED=1 cargo test --test main cli::man`

use crate::support::{Env, root};

fn man(args: &[&str]) -> std::process::Output {
    Env::on("http://127.0.0.1:9").cmd().arg("man").args(args).output().expect("run man")
}

#[test]
fn the_main_page_is_roff_naming_every_command() {
    let out = man(&[]);
    assert_eq!(out.status.code(), Some(0));
    let page = String::from_utf8(out.stdout).unwrap();
    assert!(page.starts_with(".ie \\n(.g .ds Aq \\(aq"), "{}", &page[..80.min(page.len())]);
    assert!(page.contains(".TH tfsecrets 1"), "{page}");
    for cmd in ["exec", "import", "policy", "session", "man", "list\\-services"] {
        assert!(page.contains(&format!("tfsecrets\\-{cmd}(1)")), "the main page lacks {cmd}");
    }
    assert_eq!(std::fs::read(root().join("man/tfsecrets.1")).unwrap(), page.as_bytes(), "man/tfsecrets.1 is stale");
}

#[test]
fn committed_pages_are_up_to_date() {
    let tmp = tempfile::tempdir().unwrap();
    let out = man(&["--output-dir", tmp.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let written: Vec<String> = String::from_utf8(out.stdout).unwrap().lines().map(str::to_owned).collect();
    let fresh = crate::support::listing(tmp.path());
    assert_eq!(written.len(), fresh.len());
    assert!(fresh.contains(&"tfsecrets-exec.1".to_owned()) && fresh.contains(&"tfsecrets.1".to_owned()), "{fresh:?}");
    let dir = root().join("man");
    if std::env::var("TFSECRETS_UPDATE_GENERATED").is_ok_and(|v| v == "1") {
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        for name in &fresh {
            std::fs::copy(tmp.path().join(name), dir.join(name)).unwrap();
        }
    }
    let committed = crate::support::listing(&dir);
    assert_eq!(
        committed, fresh,
        "man/ holds other pages than the CLI has; regenerate with TFSECRETS_UPDATE_GENERATED=1 cargo test --test main cli::man"
    );
    let stale: Vec<&String> =
        fresh.iter().filter(|n| std::fs::read(tmp.path().join(n)).ok() != std::fs::read(dir.join(n)).ok()).collect();
    assert!(
        stale.is_empty(),
        "stale pages {stale:?}; regenerate with TFSECRETS_UPDATE_GENERATED=1 cargo test --test main cli::man"
    );
}
