//! What `parse262` and `compile262` share: the test262 features whose syntax is out of scope,
//! a minimal front-matter reader for the keys they need, and the directory walk. (The full
//! test262 runner, with its own metadata parser, is in `agents::test262`; `vm` cannot depend
//! on `agents`.)

use std::fs;
use std::path::{Path, PathBuf};

/// Features whose syntax is out of scope: tests using them are skipped.
pub const SKIPPED_FEATURES: &[(&str, &str)] = &[
    (
        "decorators",
        "decorators proposal (stage 3) not implemented",
    ),
    ("source-phase-imports", "`import source x from` proposal"),
    (
        "source-phase-imports-module-source",
        "`import source x from` proposal",
    ),
    ("import-defer", "`import defer * as ns from` proposal"),
];

pub struct Meta {
    pub flags: Vec<String>,
    pub features: Vec<String>,
    pub negative_phase: Option<String>,
}

/// Minimal YAML front-matter reader for the keys used here.
pub fn read_meta(text: &str) -> Option<Meta> {
    let start = text.find("/*---")? + 5;
    let end = start + text[start..].find("---*/")?;
    let yaml = &text[start..end];
    let mut meta = Meta {
        flags: Vec::new(),
        features: Vec::new(),
        negative_phase: None,
    };
    let mut list_key: Option<&str> = None;
    let mut in_negative = false;
    for line in yaml.lines() {
        let trimmed = line.trim();
        let indented = line.starts_with(' ') || line.starts_with('\t');
        if !indented && !trimmed.is_empty() {
            list_key = None;
            in_negative = false;
        }
        if let Some(rest) = trimmed.strip_prefix("- ") {
            match list_key {
                Some("flags") => meta.flags.push(rest.trim().to_string()),
                Some("features") => meta.features.push(rest.trim().to_string()),
                _ => {}
            }
            continue;
        }
        let inline_list = |value: &str| -> Vec<String> {
            value
                .trim()
                .trim_start_matches('[')
                .trim_end_matches(']')
                .split(',')
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect()
        };
        if !indented {
            if let Some(value) = trimmed.strip_prefix("flags:") {
                meta.flags.extend(inline_list(value));
                list_key = Some("flags");
            } else if let Some(value) = trimmed.strip_prefix("features:") {
                meta.features.extend(inline_list(value));
                list_key = Some("features");
            } else if trimmed.starts_with("negative:") {
                in_negative = true;
            }
        } else if in_negative {
            if let Some(value) = trimmed.strip_prefix("phase:") {
                meta.negative_phase = Some(value.trim().to_string());
            }
        }
    }
    Some(meta)
}

pub fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = entries.flatten().map(|e| e.path()).collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            walk(&path, out);
        } else if path.extension().is_some_and(|e| e == "js")
            && !path.to_string_lossy().contains("_FIXTURE")
        {
            out.push(path);
        }
    }
}
