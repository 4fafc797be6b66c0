//! Workspace tidiness rules that the compiler cannot check (rust-analyzer's `tidy.rs` idea):
//! every Rust file opens with a `//!` header, every `unsafe` block carries a `// SAFETY:`
//! comment, and no file but `heap/src/sync.rs` names `std::sync` or `std::thread` (so that the
//! shuttle build swaps every primitive). `agents` is the top crate, so its tests see the
//! whole workspace.

use std::fs;
use std::path::{Path, PathBuf};

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("agents/ lives in the workspace root")
        .to_path_buf()
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if path.is_dir() {
            if name.starts_with('.') || name.starts_with("target") {
                continue;
            }
            rust_files(&path, out);
        } else if name.ends_with(".rs") {
            out.push(path);
        }
    }
}

fn workspace_files() -> Vec<(PathBuf, String)> {
    let root = workspace_root();
    let mut files = Vec::new();
    for krate in ["heap", "structs", "vm", "agents", "shuttle-tests"] {
        rust_files(&root.join(krate), &mut files);
    }
    assert!(files.len() > 10, "found only {} Rust files", files.len());
    files
        .into_iter()
        .map(|path| {
            let text = fs::read_to_string(&path).expect("readable source file");
            let relative = path.strip_prefix(&root).unwrap_or(&path).to_path_buf();
            (relative, text)
        })
        .collect()
}

#[test]
fn every_file_opens_with_a_module_doc() {
    let offenders: Vec<String> = workspace_files()
        .into_iter()
        .filter(|(_, text)| !text.trim_start().starts_with("//!"))
        .map(|(path, _)| path.display().to_string())
        .collect();
    assert!(
        offenders.is_empty(),
        "files without a leading `//!` line saying what they own:\n{}",
        offenders.join("\n")
    );
}

/// True if `line` opens an unsafe block (not an `unsafe fn`, `unsafe impl` or `unsafe trait`).
fn opens_unsafe_block(line: &str) -> bool {
    let code = line.split("//").next().unwrap_or("");
    code.match_indices("unsafe").any(|(at, _)| {
        let rest = code[at + "unsafe".len()..].trim_start();
        let before = code[..at].chars().last();
        rest.starts_with('{') && before.map_or(true, |c| !c.is_alphanumeric() && c != '_')
    })
}

#[test]
fn every_unsafe_block_has_a_safety_comment() {
    let this_file = Path::new("agents").join("tests").join("tidy.rs");
    let mut offenders = Vec::new();
    for (path, text) in workspace_files() {
        if path == this_file {
            continue;
        }
        let lines: Vec<&str> = text.lines().collect();
        for (index, line) in lines.iter().enumerate() {
            if !opens_unsafe_block(line) {
                continue;
            }
            // The comment may sit on the lines just above the statement that contains the
            // block (which can span a few lines, e.g. `let x =\n unsafe {`).
            let window = &lines[index.saturating_sub(6)..=index];
            if !window.iter().any(|l| l.contains("SAFETY:")) {
                offenders.push(format!("{}:{}: {}", path.display(), index + 1, line.trim()));
            }
        }
    }
    assert!(
        offenders.is_empty(),
        "unsafe blocks without a `// SAFETY:` comment:\n{}",
        offenders.join("\n")
    );
}

#[test]
fn sync_primitives_come_only_from_the_facade() {
    let facade = Path::new("heap").join("src").join("sync.rs");
    let this_file = Path::new("agents").join("tests").join("tidy.rs");
    let mut offenders = Vec::new();
    for (path, text) in workspace_files() {
        if path == facade || path == this_file {
            continue;
        }
        for (index, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            if ["std::sync", "std::thread", "core::sync"]
                .iter()
                .any(|banned| code.contains(banned))
            {
                offenders.push(format!("{}:{}: {}", path.display(), index + 1, line.trim()));
            }
        }
    }
    assert!(
        offenders.is_empty(),
        "use `heap::sync` instead of std's primitives (shuttle must see them):\n{}",
        offenders.join("\n")
    );
}

#[test]
fn the_unsafe_block_detector_tells_blocks_from_declarations() {
    assert!(opens_unsafe_block("    let x = unsafe { f() };"));
    assert!(opens_unsafe_block("unsafe {"));
    assert!(!opens_unsafe_block("pub unsafe fn f() {"));
    assert!(!opens_unsafe_block("unsafe impl Binding for X {"));
    assert!(!opens_unsafe_block("// unsafe { in a comment"));
}
