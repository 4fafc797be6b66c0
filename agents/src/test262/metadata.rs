//! A test262 test's frontmatter: the YAML between `/*---` and `---*/`, read by a small parser
//! for exactly the subset test262 uses (no YAML dependency): plain, quoted and block (`|`, `>`)
//! scalars, flow (`[a, b]`, `{k: v}`) and block (`- a`, `k: v`) collections one level deep.
//! Keys other than those in [`Metadata`] (`es5id`, `esid`, `author`, `defines`, …) are ignored.

use std::fmt;

/// When a negative test's error must happen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Phase {
    /// While parsing the test or checking its early errors: nothing of it runs.
    Parse,
    /// While loading, parsing or linking the modules the test imports.
    Resolution,
    /// While evaluating.
    Runtime,
}

impl Phase {
    /// Reads a phase name (`early` is the old name of `parse`).
    pub fn from_name(name: &str) -> Option<Phase> {
        match name {
            "parse" | "early" => Some(Phase::Parse),
            "resolution" => Some(Phase::Resolution),
            "runtime" => Some(Phase::Runtime),
            _ => None,
        }
    }

    /// The phase's name as test262 and the engine protocol spell it.
    pub fn name(self) -> &'static str {
        match self {
            Phase::Parse => "parse",
            Phase::Resolution => "resolution",
            Phase::Runtime => "runtime",
        }
    }
}

impl fmt::Display for Phase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The `negative` key: the test must throw `error_type` in `phase`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Negative {
    /// When the error must be thrown.
    pub phase: Phase,
    /// The name of the error's constructor, e.g. `SyntaxError`.
    pub error_type: String,
}

/// What a test's frontmatter says.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Metadata {
    /// `description`.
    pub description: Option<String>,
    /// `info`.
    pub info: Option<String>,
    /// `flags`, in source order.
    pub flags: Vec<String>,
    /// `includes`: harness files to evaluate before the test, in order.
    pub includes: Vec<String>,
    /// `features`.
    pub features: Vec<String>,
    /// `negative`.
    pub negative: Option<Negative>,
    /// `locale` (intl402 only).
    pub locale: Vec<String>,
}

impl Metadata {
    /// True if `flags` lists `flag`.
    pub fn has_flag(&self, flag: &str) -> bool {
        self.flags.iter().any(|f| f == flag)
    }
}

/// Why a frontmatter could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MetadataError(pub String);

impl fmt::Display for MetadataError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "bad frontmatter: {}", self.0)
    }
}

impl std::error::Error for MetadataError {}

/// Returns the text between `/*---` and `---*/`.
pub fn frontmatter(source: &str) -> Option<&str> {
    let start = source.find("/*---")? + "/*---".len();
    let end = start + source[start..].find("---*/")?;
    Some(&source[start..end])
}

/// Parses the frontmatter of the test `source`.
pub fn parse(source: &str) -> Result<Metadata, MetadataError> {
    let yaml = frontmatter(source).ok_or_else(|| MetadataError("no /*--- ---*/ block".into()))?;
    parse_yaml(yaml)
}

/// A raw value read for a top-level key, before it is given a meaning.
#[derive(Debug)]
enum Value {
    Scalar(String),
    List(Vec<String>),
    Map(Vec<(String, String)>),
}

fn indent_of(line: &str) -> usize {
    line.len() - line.trim_start().len()
}

/// Parses the YAML subset (the inside of the frontmatter block).
pub fn parse_yaml(yaml: &str) -> Result<Metadata, MetadataError> {
    // Some tests use CR or CRLF line terminators throughout.
    let yaml = yaml.replace("\r\n", "\n").replace('\r', "\n");
    // Top-level keys are usually at column 0, but a few files indent the whole block:
    // the first key's indentation is the base, and that much is removed from every line.
    let base = yaml
        .lines()
        .find(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
        .map_or(0, indent_of);
    let lines: Vec<&str> = yaml
        .lines()
        .map(|l| {
            let cut = indent_of(l).min(base);
            l[cut..].trim_end()
        })
        .collect();
    let mut meta = Metadata::default();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        i += 1;
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            continue;
        }
        if indent_of(line) != 0 {
            return Err(MetadataError(format!(
                "unexpected indented line `{}`",
                line.trim()
            )));
        }
        let (key, rest) = line
            .split_once(':')
            .ok_or_else(|| MetadataError(format!("expected `key: value`, got `{line}`")))?;
        let key = key.trim();
        let rest = rest.trim();
        // The lines belonging to this key: every following line that is blank or indented
        // (block scalars and block collections), or, for a `- item` list, at indentation 0.
        let start = i;
        while i < lines.len() {
            let l = lines[i];
            let indented = l.trim().is_empty() || indent_of(l) > 0;
            let dash_item = l.starts_with("- ") || l == "-";
            if !(indented || dash_item) {
                break;
            }
            i += 1;
        }
        let body = &lines[start..i];
        let value = read_value(key, rest, body)?;
        assign(&mut meta, key, value)?;
    }
    Ok(meta)
}

fn read_value(key: &str, rest: &str, body: &[&str]) -> Result<Value, MetadataError> {
    let rest = strip_comment(rest);
    if rest.starts_with('|') || rest.starts_with('>') {
        return Ok(Value::Scalar(block_scalar(rest, body)));
    }
    if rest.starts_with('[') || rest.starts_with('{') {
        // A flow collection may wrap onto the following lines.
        let mut text = rest.to_string();
        for l in body {
            text.push(' ');
            text.push_str(strip_comment(l.trim()));
        }
        let text = text.trim();
        return if text.starts_with('[') {
            flow_list(key, text).map(Value::List)
        } else {
            flow_map(key, text).map(Value::Map)
        };
    }
    let content: Vec<&str> = body
        .iter()
        .map(|l| l.trim())
        .filter(|l| !l.is_empty())
        .collect();
    if rest.is_empty() && content.first().is_some_and(|l| l.starts_with('-')) {
        let items = content
            .iter()
            .map(|l| {
                l.strip_prefix('-')
                    .map(|item| unquote(strip_comment(item.trim())))
                    .ok_or_else(|| MetadataError(format!("`{key}`: expected `- item`, got `{l}`")))
            })
            .collect::<Result<Vec<_>, _>>()?;
        return Ok(Value::List(items));
    }
    if rest.is_empty() && content.first().is_some_and(|l| is_map_entry(l)) {
        let entries = content
            .iter()
            .map(|l| map_entry(key, l))
            .collect::<Result<Vec<_>, _>>()?;
        return Ok(Value::Map(entries));
    }
    // A plain or quoted scalar, possibly folded over indented continuation lines.
    let mut words = vec![rest.to_string()];
    words.extend(content.iter().map(|l| l.to_string()));
    let joined = words
        .into_iter()
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    Ok(Value::Scalar(unquote(&joined)))
}

fn is_map_entry(line: &str) -> bool {
    line.split_once(':').is_some_and(|(k, _)| {
        !k.is_empty()
            && k.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    })
}

fn map_entry(key: &str, entry: &str) -> Result<(String, String), MetadataError> {
    let (k, v) = entry
        .split_once(':')
        .ok_or_else(|| MetadataError(format!("`{key}`: expected `k: v`, got `{entry}`")))?;
    Ok((k.trim().to_string(), unquote(strip_comment(v.trim()))))
}

/// Drops a trailing ` # comment` (YAML comments need a space before the `#`).
fn strip_comment(text: &str) -> &str {
    if text.starts_with('#') {
        return "";
    }
    match text.find(" #") {
        Some(at) if !text.starts_with('"') && !text.starts_with('\'') => text[..at].trim_end(),
        _ => text,
    }
}

fn unquote(text: &str) -> String {
    let t = text.trim();
    if t.len() >= 2 && t.starts_with('"') && t.ends_with('"') {
        let inner = &t[1..t.len() - 1];
        let mut out = String::new();
        let mut chars = inner.chars();
        while let Some(c) = chars.next() {
            if c == '\\' {
                match chars.next() {
                    Some('n') => out.push('\n'),
                    Some('t') => out.push('\t'),
                    Some(other) => out.push(other),
                    None => out.push('\\'),
                }
            } else {
                out.push(c);
            }
        }
        return out;
    }
    if t.len() >= 2 && t.starts_with('\'') && t.ends_with('\'') {
        return t[1..t.len() - 1].replace("''", "'");
    }
    t.to_string()
}

/// A `|` (literal) or `>` (folded) block scalar; `header` is the indicator with its optional
/// chomping (`-`, `+`) and indentation digits.
fn block_scalar(header: &str, body: &[&str]) -> String {
    let folded = header.starts_with('>');
    let strip = header.contains('-');
    let indent = body
        .iter()
        .filter(|l| !l.trim().is_empty())
        .map(|l| indent_of(l))
        .min()
        .unwrap_or(0);
    let lines: Vec<&str> = body
        .iter()
        .map(|l| if l.len() >= indent { &l[indent..] } else { "" })
        .collect();
    let mut out = String::new();
    if folded {
        // Lines are joined by spaces; a blank line is a line break; more-indented lines
        // keep their breaks.
        let mut previous_blank = true;
        for line in &lines {
            if line.is_empty() {
                out.push('\n');
                previous_blank = true;
            } else {
                if !previous_blank {
                    if line.starts_with(' ') {
                        out.push('\n');
                    } else {
                        out.push(' ');
                    }
                }
                out.push_str(line);
                previous_blank = false;
            }
        }
    } else {
        out = lines.join("\n");
    }
    let trimmed = out.trim_end_matches('\n').to_string();
    if strip || trimmed.is_empty() {
        trimmed
    } else {
        trimmed + "\n"
    }
}

fn split_flow_items(inner: &str) -> Vec<String> {
    let mut items = Vec::new();
    let mut current = String::new();
    let mut quote = None;
    for c in inner.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => {
                quote = None;
                current.push(c);
            }
            (Some(_), c) => current.push(c),
            (None, '"' | '\'') => {
                quote = Some(c);
                current.push(c);
            }
            (None, ',') => items.push(std::mem::take(&mut current)),
            (None, c) => current.push(c),
        }
    }
    items.push(current);
    items
        .into_iter()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

fn flow_list(key: &str, text: &str) -> Result<Vec<String>, MetadataError> {
    let inner = text
        .strip_prefix('[')
        .and_then(|t| t.strip_suffix(']'))
        .ok_or_else(|| MetadataError(format!("`{key}`: unclosed `[` in `{text}`")))?;
    Ok(split_flow_items(inner).iter().map(|s| unquote(s)).collect())
}

fn flow_map(key: &str, text: &str) -> Result<Vec<(String, String)>, MetadataError> {
    let inner = text
        .strip_prefix('{')
        .and_then(|t| t.strip_suffix('}'))
        .ok_or_else(|| MetadataError(format!("`{key}`: unclosed `{{` in `{text}`")))?;
    split_flow_items(inner)
        .iter()
        .map(|entry| map_entry(key, entry))
        .collect()
}

fn assign(meta: &mut Metadata, key: &str, value: Value) -> Result<(), MetadataError> {
    let list = |value: Value| -> Result<Vec<String>, MetadataError> {
        match value {
            Value::List(items) => Ok(items),
            Value::Scalar(s) if s.is_empty() => Ok(Vec::new()),
            Value::Scalar(s) => Ok(vec![s]),
            Value::Map(_) => Err(MetadataError(format!("`{key}` must be a list"))),
        }
    };
    match key {
        "description" | "info" => {
            let Value::Scalar(text) = value else {
                return Err(MetadataError(format!("`{key}` must be a string")));
            };
            if key == "description" {
                meta.description = Some(text);
            } else {
                meta.info = Some(text);
            }
        }
        "flags" => meta.flags = list(value)?,
        "includes" => meta.includes = list(value)?,
        "features" => meta.features = list(value)?,
        "locale" => meta.locale = list(value)?,
        "negative" => {
            let Value::Map(entries) = value else {
                return Err(MetadataError("`negative` must be a mapping".into()));
            };
            let get = |name: &str| {
                entries
                    .iter()
                    .find(|(k, _)| k == name)
                    .map(|(_, v)| v.clone())
                    .ok_or_else(|| MetadataError(format!("`negative` has no `{name}`")))
            };
            let phase_name = get("phase")?;
            let phase = Phase::from_name(&phase_name)
                .ok_or_else(|| MetadataError(format!("unknown phase `{phase_name}`")))?;
            meta.negative = Some(Negative {
                phase,
                error_type: get("type")?,
            });
        }
        _ => {}
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_typical_test() {
        let source = r#"// Copyright (C) 2016 the V8 project authors. All rights reserved.
// This code is governed by the BSD license found in the LICENSE file.
/*---
esid: sec-array.prototype.includes
description: >
  Array.prototype.includes returns false
  when the array is empty
info: |
  22.1.3.11 Array.prototype.includes ( searchElement [ , fromIndex ] )

    1. Let O be ? ToObject(this value).
includes: [compareArray.js, propertyHelper.js]
features: [Array.prototype.includes, Symbol]
flags: [onlyStrict]
---*/
assert.sameValue([].includes(1), false);
"#;
        let meta = parse(source).unwrap();
        assert_eq!(
            meta.description.as_deref(),
            Some("Array.prototype.includes returns false when the array is empty\n")
        );
        assert_eq!(
            meta.info.as_deref(),
            Some(
                "22.1.3.11 Array.prototype.includes ( searchElement [ , fromIndex ] )\n\n  \
                 1. Let O be ? ToObject(this value).\n"
            )
        );
        assert_eq!(meta.includes, ["compareArray.js", "propertyHelper.js"]);
        assert_eq!(meta.features, ["Array.prototype.includes", "Symbol"]);
        assert!(meta.has_flag("onlyStrict"));
        assert!(!meta.has_flag("noStrict"));
        assert_eq!(meta.negative, None);
    }

    #[test]
    fn negative_in_block_style() {
        let source = "/*---\nes5id: 7.8.3-1\ndescription: Octal literal\nnegative:\n  phase: parse\n  type: SyntaxError\nflags: [onlyStrict]\n---*/\n$DONOTEVALUATE();\n010;\n";
        let meta = parse(source).unwrap();
        assert_eq!(meta.description.as_deref(), Some("Octal literal"));
        assert_eq!(
            meta.negative,
            Some(Negative {
                phase: Phase::Parse,
                error_type: "SyntaxError".into()
            })
        );
        assert_eq!(meta.flags, ["onlyStrict"]);
    }

    #[test]
    fn negative_in_flow_style_and_block_lists() {
        let yaml = "description: 'it''s a test'\nnegative: {phase: resolution, type: ReferenceError}\nflags:\n  - module\n  - async\nfeatures:\n- top-level-await\nlocale: [en-US, de]\n";
        let meta = parse_yaml(yaml).unwrap();
        assert_eq!(meta.description.as_deref(), Some("it's a test"));
        assert_eq!(
            meta.negative,
            Some(Negative {
                phase: Phase::Resolution,
                error_type: "ReferenceError".into()
            })
        );
        assert_eq!(meta.flags, ["module", "async"]);
        assert_eq!(meta.features, ["top-level-await"]);
        assert_eq!(meta.locale, ["en-US", "de"]);
    }

    #[test]
    fn multi_line_plain_scalars_wrapped_flow_lists_and_comments() {
        let yaml = "description: Object.defineProperty - 'O' is an Array, test the length\n    property of 'O' is own data property\nfeatures: [Symbol.iterator, # a comment\n  generators]\nflags: [noStrict] # trailing comment\nesid: sec-foo\n";
        let meta = parse_yaml(yaml).unwrap();
        assert_eq!(
            meta.description.as_deref(),
            Some("Object.defineProperty - 'O' is an Array, test the length property of 'O' is own data property")
        );
        assert_eq!(meta.features, ["Symbol.iterator", "generators"]);
        assert_eq!(meta.flags, ["noStrict"]);
    }

    #[test]
    fn strip_chomping_and_double_quotes() {
        let yaml = "info: |-\n  line one\n  line two\n\ndescription: \"a \\\"quoted\\\" word\"\n";
        let meta = parse_yaml(yaml).unwrap();
        assert_eq!(meta.info.as_deref(), Some("line one\nline two"));
        assert_eq!(meta.description.as_deref(), Some("a \"quoted\" word"));
    }

    #[test]
    fn indented_blocks_and_carriage_returns() {
        let yaml = "\n description: >\n    Functions created using bind\n    have no own caller\n flags: [noStrict]\n";
        let meta = parse_yaml(yaml).unwrap();
        assert_eq!(
            meta.description.as_deref(),
            Some("Functions created using bind have no own caller\n")
        );
        assert_eq!(meta.flags, ["noStrict"]);
        let meta =
            parse_yaml("esid: x\rdescription: CR\rinfo: |\r  a\r  b\rincludes: [n.js]\r").unwrap();
        assert_eq!(meta.info.as_deref(), Some("a\nb\n"));
        assert_eq!(meta.includes, ["n.js"]);
    }

    #[test]
    fn errors() {
        assert!(parse("no frontmatter here").is_err());
        assert!(parse_yaml("negative:\n  phase: sometime\n  type: X\n").is_err());
        assert!(parse_yaml("negative:\n  type: SyntaxError\n").is_err());
        assert!(parse_yaml("flags: [a, b\n").is_err());
        assert!(parse_yaml("no colon here\n").is_err());
    }

    #[test]
    fn empty_and_missing_keys() {
        let meta = parse("/*---\n---*/").unwrap();
        assert_eq!(meta, Metadata::default());
        let meta = parse_yaml("flags: []\nincludes:\n").unwrap();
        assert!(meta.flags.is_empty() && meta.includes.is_empty());
    }
}
