//! The import pipeline against `MemoryStore` and real files in a temporary directory.

use super::*;
use crate::store::memory::MemoryStore;
use crate::store::{SecretId, Tier};
use std::cell::{Cell, RefCell};
use std::path::PathBuf;

const FILE: &str = "# settings\n\nsame = \"s\"\nother = \"new value\"\nfresh = 42\nnothing = null\nblank = \"\"\n";

fn file(content: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("vars.tfvars");
    std::fs::write(&path, content).unwrap();
    (dir, path)
}

fn read(path: &std::path::Path) -> Document {
    Document::read(path.to_str().unwrap(), false).unwrap()
}

/// A store holding `same` with the file's value and `other` with another, at chamber version 3.
fn store() -> MemoryStore {
    let store = MemoryStore::new();
    store.seed("svc", "same", "s", 1);
    store.seed("svc", "other", "old value", 3);
    store
}

#[derive(Default)]
struct Seen {
    wrote: RefCell<Vec<String>>,
    done: Cell<usize>,
}

impl Progress for Seen {
    fn wrote(&self, id: &SecretId) {
        self.wrote.borrow_mut().push(id.to_string());
    }
    fn writes_done(&self) {
        self.done.set(self.done.get() + 1);
    }
}

fn how(label: &str) -> Commit<'_> {
    Commit { tags: &[], tier: Tier::Standard, label }
}

#[tokio::test]
async fn the_plan_classifies_every_storable_variable_against_the_store() {
    let (_dir, path) = file(FILE);
    let mut doc = read(&path);
    let c = Candidates::select(&mut doc, &[], &[]).unwrap();
    assert_eq!(c.keys(), ["same", "other", "fresh"]);
    assert_eq!(c.kept, ["nothing", "blank"]);
    let plan = Plan::make(&store(), "svc", &c).await.unwrap();
    assert_eq!(
        (&plan.new[..], &plan.changed[..], &plan.unchanged[..]),
        (&["fresh".to_owned()][..], &["other".to_owned()][..], &["same".to_owned()][..])
    );
    assert_eq!(plan.summary(), "1 new, 1 changed, 1 unchanged");
    assert_eq!(plan.lines(), ["  new       /svc/fresh", "  changed   /svc/other", "  unchanged /svc/same"]);
    let puts: Vec<(String, i64)> =
        plan.puts(&c, Tier::Standard).iter().map(|p| (p.id.to_string(), p.version)).collect();
    assert_eq!(puts, [("/svc/other".to_owned(), 4), ("/svc/fresh".to_owned(), 1)], "chamber's counter goes on");
}

#[test]
fn only_and_except_choose_and_a_missing_name_is_an_error() {
    let (_dir, path) = file(FILE);
    let only = Candidates::select(&mut read(&path), &["fresh".into(), "nothing".into()], &[]).unwrap();
    assert_eq!((only.keys(), &only.kept[..]), (vec!["fresh"], &["nothing".to_owned()][..]));
    let except = Candidates::select(&mut read(&path), &[], &["same".into(), "blank".into()]).unwrap();
    assert_eq!((except.keys(), &except.kept[..]), (vec!["other", "fresh"], &["nothing".to_owned()][..]));
    let Err(e) = Candidates::select(&mut read(&path), &[], &["nope".into()]) else { panic!("accepted") };
    assert_eq!(e.message, format!("{} has no variable \"nope\" (named in --only/--except)", path.display()));
}

#[test]
fn upper_case_keys_are_named() {
    let (_dir, path) = file("lower = 1\nMixed_Case = 2\nUPPER = 3\n");
    let c = Candidates::select(&mut read(&path), &[], &[]).unwrap();
    assert_eq!(c.upper_case_keys(), ["Mixed_Case", "UPPER"]);
}

#[tokio::test]
async fn commit_writes_new_and_changed_only_then_reads_them_back() {
    let (_dir, path) = file(FILE);
    let mut doc = read(&path);
    let c = Candidates::select(&mut doc, &[], &[]).unwrap();
    let store = store();
    let plan = Plan::make(&store, "svc", &c).await.unwrap();
    let seen = Seen::default();
    let written = commit(&store, &plan, &c, &how("vars.tfvars"), &seen).await.unwrap();
    let written: Vec<String> = written.iter().map(ToString::to_string).collect();
    assert_eq!(written, ["/svc/other", "/svc/fresh"]);
    assert_eq!(*seen.wrote.borrow(), written);
    assert_eq!((seen.done.get(), *store.writes.borrow()), (1, 2));
    let again = Plan::make(&store, "svc", &c).await.unwrap();
    assert_eq!(again.summary(), "0 new, 0 changed, 3 unchanged");
    // Nothing to write: no store call at all (not even the KMS check), no progress.
    let mut store = store;
    store.kms_missing = true;
    let seen = Seen::default();
    assert!(commit(&store, &again, &c, &how("vars.tfvars"), &seen).await.unwrap().is_empty());
    assert_eq!((seen.done.get(), *store.writes.borrow()), (0, 2));
}

#[tokio::test]
async fn commit_refuses_before_writing_without_required_tags_or_kms_key() {
    let (_dir, path) = file(FILE);
    let c = Candidates::select(&mut read(&path), &[], &[]).unwrap();
    let mut store = store();
    store.required = vec!["owner".into()];
    let plan = Plan::make(&store, "svc", &c).await.unwrap();
    let Err(e) = commit(&store, &plan, &c, &how("vars.tfvars"), &Seen::default()).await else { panic!("wrote") };
    assert_eq!(e.message, "required tags [owner] are missing for new secret(s) /svc/fresh");
    let tags = [("owner".to_owned(), "me".to_owned())];
    store.kms_missing = true;
    let tagged = Commit { tags: &tags, ..how("vars.tfvars") };
    let Err(e) = commit(&store, &plan, &c, &tagged, &Seen::default()).await else { panic!("wrote") };
    assert_eq!(e.message, "KMS key alias/parameter_store_key does not exist");
    assert_eq!(*store.writes.borrow(), 0);
}

#[tokio::test]
async fn scrub_rewrites_the_file_from_the_one_parse() {
    let (dir, path) = file(FILE);
    let mut doc = read(&path);
    let c = Candidates::select(&mut doc, &[], &[]).unwrap();
    let label = doc.source.label.clone();
    let s = scrub(&doc, &c.keys(), "svc", false, "1 new, 1 changed, 1 unchanged").unwrap();
    assert_eq!(s.state, format!("{label} scrubbed"));
    assert_eq!(s.exposure, None, "not in a git work tree");
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "# settings\n\n# same: stored in SSM at /svc/same (tfsecrets)\n# other: stored in SSM at /svc/other (tfsecrets)\n\
         # fresh: stored in SSM at /svc/fresh (tfsecrets)\nnothing = null\nblank = \"\"\n"
    );
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1, "no temporary file left");
}

#[test]
fn scrub_states_and_a_file_changed_since_it_was_read() {
    let (_dir, path) = file("a = \"x\"\n");
    let label = path.display().to_string();
    let doc = read(&path);
    assert_eq!(scrub(&doc, &["a"], "svc", true, "").unwrap().state, format!("{label} kept (--keep)"));
    assert_eq!(scrub(&doc, &[], "svc", false, "").unwrap().state, format!("{label} unchanged (nothing stored)"));
    std::fs::write(&path, "a = \"edited\"\n").unwrap();
    let Err(e) = scrub(&doc, &["a"], "svc", false, "0 new, 1 changed, 0 unchanged") else { panic!("scrubbed") };
    assert_eq!(
        e.message,
        format!(
            "{label} changed while importing; it was not scrubbed (0 new, 1 changed, 0 unchanged: the secrets are in SSM)"
        )
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "a = \"edited\"\n", "left as it is");
    let doc = read(&path);
    assert_eq!(
        scrub(&doc, &["a"], "svc", false, "").unwrap().state,
        format!("{label} removed (nothing else was in it)")
    );
    assert!(!path.exists());
}
