//! The ratchet and the skip list. The expectations file lists every test run that does not
//! pass, one `PATH VARIANT STATUS` line each (path relative to test262's `test/`), sorted,
//! so its diffs read as progress; a run reports every difference from it (new failures and
//! new passes alike), and `--update-expectations` rewrites it. The skip list names features,
//! path prefixes and flags that are not run at all, each with a reason.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::fs;
use std::io;
use std::path::Path;

use super::harness::{Status, Variant};
use super::metadata::Metadata;

const HEADER: &str = "\
# agora's test262 expectations: every test run that does not pass, one per line as
# `PATH VARIANT STATUS` (PATH under test262's test/; VARIANT sloppy|strict|module; STATUS
# fail|timeout|crash), sorted. A run reports any difference; rewrite with
# `agora-test262 --update-expectations …`. See design/test262.md.
";

/// A test run's identity: its path under `test/` and its variant.
pub type Key = (String, Variant);

/// The expected non-passes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Expectations {
    /// Every listed run and its expected status (never [`Status::Pass`]).
    pub entries: BTreeMap<Key, Status>,
}

/// A difference between a run and the expectations.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// The test's path under `test/`.
    pub path: String,
    /// The variant.
    pub variant: Variant,
    /// What the file says (`Pass` if it does not list the run).
    pub expected: Status,
    /// What happened; `None` if the listed run no longer exists (stale entry).
    pub actual: Option<Status>,
}

impl Change {
    /// `new failure`, `new pass`, `changed` or `stale`.
    pub fn kind(&self) -> &'static str {
        match (self.expected, self.actual) {
            (_, None) => "stale",
            (Status::Pass, Some(_)) => "new failure",
            (_, Some(Status::Pass)) => "new pass",
            _ => "changed",
        }
    }
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let actual = self.actual.map_or("not run", Status::name);
        write!(
            f,
            "{:<11} {} ({}): expected {}, got {}",
            self.kind(),
            self.path,
            self.variant,
            self.expected,
            actual
        )
    }
}

impl Expectations {
    /// Reads an expectations file's text.
    pub fn parse(text: &str) -> Result<Expectations, String> {
        let mut entries = BTreeMap::new();
        for (index, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let bad = || {
                format!(
                    "line {}: expected `PATH VARIANT STATUS`, got `{line}`",
                    index + 1
                )
            };
            let fields: Vec<&str> = line.split_whitespace().collect();
            let [path, variant, status] = fields[..] else {
                return Err(bad());
            };
            let variant = Variant::from_name(variant).ok_or_else(bad)?;
            let status = Status::from_name(status)
                .filter(|s| *s != Status::Pass)
                .ok_or_else(bad)?;
            entries.insert((path.to_string(), variant), status);
        }
        Ok(Expectations { entries })
    }

    /// Reads the file at `path`; a missing file is an empty list.
    pub fn load(path: &Path) -> Result<Expectations, String> {
        match fs::read_to_string(path) {
            Ok(text) => Expectations::parse(&text).map_err(|e| format!("{}: {e}", path.display())),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(Expectations::default()),
            Err(e) => Err(format!("{}: {e}", path.display())),
        }
    }

    /// The file's text: the header, then the sorted entries.
    pub fn render(&self) -> String {
        let mut out = String::from(HEADER);
        for ((path, variant), status) in &self.entries {
            out.push_str(&format!("{path} {variant} {status}\n"));
        }
        out
    }

    /// Writes the file.
    pub fn save(&self, path: &Path) -> io::Result<()> {
        fs::write(path, self.render())
    }

    /// What `path` and `variant` are expected to do.
    pub fn expected(&self, path: &str, variant: Variant) -> Status {
        self.entries
            .get(&(path.to_string(), variant))
            .copied()
            .unwrap_or(Status::Pass)
    }

    /// Compares a run with the expectations. `results` are the runs made; `skipped` the
    /// paths that were selected but skipped (their entries are left alone); `in_scope` says
    /// whether a listed path was selected by this run's filters (entries out of scope are
    /// not compared; entries in scope that were neither run nor skipped are stale).
    pub fn compare<'a>(
        &self,
        results: impl IntoIterator<Item = (&'a str, Variant, Status)>,
        skipped: &BTreeSet<String>,
        in_scope: impl Fn(&str) -> bool,
    ) -> Vec<Change> {
        let mut changes = Vec::new();
        let mut seen = BTreeSet::new();
        for (path, variant, actual) in results {
            let expected = self.expected(path, variant);
            if expected != actual {
                changes.push(Change {
                    path: path.to_string(),
                    variant,
                    expected,
                    actual: Some(actual),
                });
            }
            seen.insert((path.to_string(), variant));
        }
        for ((path, variant), expected) in &self.entries {
            if in_scope(path)
                && !skipped.contains(path)
                && !seen.contains(&(path.clone(), *variant))
            {
                changes.push(Change {
                    path: path.clone(),
                    variant: *variant,
                    expected: *expected,
                    actual: None,
                });
            }
        }
        changes.sort_by(|a, b| (&a.path, a.variant).cmp(&(&b.path, b.variant)));
        changes
    }

    /// Applies `changes` (from [`Expectations::compare`]): the file then matches the run.
    pub fn apply(&mut self, changes: &[Change]) {
        for change in changes {
            let key = (change.path.clone(), change.variant);
            match change.actual {
                None | Some(Status::Pass) => {
                    self.entries.remove(&key);
                }
                Some(status) => {
                    self.entries.insert(key, status);
                }
            }
        }
    }
}

/// What is not run, and why.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SkipList {
    /// `feature NAME REASON`: tests whose `features` list NAME.
    pub features: Vec<(String, String)>,
    /// `path PREFIX REASON`: tests whose path under `test/` starts with PREFIX.
    pub paths: Vec<(String, String)>,
    /// `flag NAME REASON`: tests whose `flags` list NAME.
    pub flags: Vec<(String, String)>,
}

impl SkipList {
    /// Reads a skip list: lines `feature|path|flag VALUE REASON…`, `#` comments.
    pub fn parse(text: &str) -> Result<SkipList, String> {
        let mut list = SkipList::default();
        for (index, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let mut parts = line.splitn(3, char::is_whitespace);
            let (kind, value, reason) = (parts.next(), parts.next(), parts.next());
            let (Some(kind), Some(value), Some(reason)) = (kind, value, reason.map(str::trim))
            else {
                return Err(format!(
                    "line {}: expected `KIND VALUE REASON`, got `{line}`",
                    index + 1
                ));
            };
            if reason.is_empty() {
                return Err(format!("line {}: `{value}` needs a reason", index + 1));
            }
            let entry = (value.to_string(), reason.to_string());
            match kind {
                "feature" => list.features.push(entry),
                "path" => list.paths.push(entry),
                "flag" => list.flags.push(entry),
                _ => return Err(format!("line {}: unknown kind `{kind}`", index + 1)),
            }
        }
        Ok(list)
    }

    /// Reads the file at `path`; a missing file skips nothing.
    pub fn load(path: &Path) -> Result<SkipList, String> {
        match fs::read_to_string(path) {
            Ok(text) => SkipList::parse(&text).map_err(|e| format!("{}: {e}", path.display())),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(SkipList::default()),
            Err(e) => Err(format!("{}: {e}", path.display())),
        }
    }

    /// Why the test at `path` (under `test/`) is skipped without reading it, if it is.
    pub fn path_reason(&self, path: &str) -> Option<String> {
        self.paths
            .iter()
            .find(|(prefix, _)| path.starts_with(prefix.as_str()))
            .map(|(prefix, reason)| format!("path {prefix}: {reason}"))
    }

    /// Why a test with `meta` is skipped, if it is.
    pub fn meta_reason(&self, meta: &Metadata) -> Option<String> {
        let features = self
            .features
            .iter()
            .find(|(name, _)| meta.features.contains(name))
            .map(|(name, reason)| format!("feature {name}: {reason}"));
        features.or_else(|| {
            self.flags
                .iter()
                .find(|(name, _)| meta.has_flag(name))
                .map(|(name, reason)| format!("flag {name}: {reason}"))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expectations_round_trip_sorted() {
        let text = "# comment\nb/x.js strict fail\na/y.js module timeout\n\na/y.js sloppy crash\n";
        let e = Expectations::parse(text).unwrap();
        let rendered = e.render();
        let body: Vec<&str> = rendered.lines().filter(|l| !l.starts_with('#')).collect();
        assert_eq!(
            body,
            [
                "a/y.js sloppy crash",
                "a/y.js module timeout",
                "b/x.js strict fail"
            ]
        );
        assert_eq!(Expectations::parse(&rendered).unwrap(), e);
        assert!(Expectations::parse("a.js strict pass").is_err());
        assert!(Expectations::parse("a.js loose fail").is_err());
        assert!(Expectations::parse("a.js strict").is_err());
    }

    #[test]
    fn compare_reports_both_directions_and_stale_entries() {
        let e = Expectations::parse(
            "a.js sloppy fail\nb.js strict fail\ngone.js sloppy fail\nskipped.js sloppy fail\nother/c.js sloppy fail\n",
        )
        .unwrap();
        let results = [
            ("a.js", Variant::Sloppy, Status::Pass),
            ("b.js", Variant::Strict, Status::Timeout),
            ("n.js", Variant::Strict, Status::Fail),
            ("same.js", Variant::Sloppy, Status::Pass),
        ];
        let skipped: BTreeSet<String> = ["skipped.js".to_string()].into();
        let changes = e.compare(results, &skipped, |p| !p.starts_with("other/"));
        let lines: Vec<String> = changes.iter().map(|c| c.to_string()).collect();
        assert_eq!(
            lines,
            [
                "new pass    a.js (sloppy): expected fail, got pass",
                "changed     b.js (strict): expected fail, got timeout",
                "stale       gone.js (sloppy): expected fail, got not run",
                "new failure n.js (strict): expected pass, got fail",
            ]
        );
        let mut updated = e.clone();
        updated.apply(&changes);
        let expected = Expectations::parse(
            "b.js strict timeout\nn.js strict fail\nskipped.js sloppy fail\nother/c.js sloppy fail\n",
        )
        .unwrap();
        assert_eq!(updated, expected);
    }

    #[test]
    fn skip_list() {
        let list = SkipList::parse(
            "# why\nfeature decorators  not parsed yet\npath intl402/ no ECMA-402\nflag CanBlockIsFalse the main agent can block\n",
        )
        .unwrap();
        assert_eq!(
            list.path_reason("intl402/Date/x.js").as_deref(),
            Some("path intl402/: no ECMA-402")
        );
        assert_eq!(list.path_reason("built-ins/x.js"), None);
        let meta = Metadata {
            features: vec!["class".into(), "decorators".into()],
            ..Default::default()
        };
        assert_eq!(
            list.meta_reason(&meta).as_deref(),
            Some("feature decorators: not parsed yet")
        );
        let meta = Metadata {
            flags: vec!["CanBlockIsFalse".into()],
            ..Default::default()
        };
        assert!(list
            .meta_reason(&meta)
            .unwrap()
            .starts_with("flag CanBlockIsFalse"));
        assert!(SkipList::parse("feature decorators").is_err());
        assert!(SkipList::parse("colour blue because").is_err());
    }
}
