//! Compiled regular expressions: the agent's table of `regress` matchers, outside the GC
//! heap. A RegExp object holds an index into the table (an int in an internal slot).
//!
//! Entries are interned by (pattern, flags) so a literal evaluated in a loop compiles once,
//! and are kept for the agent's life (the table is never swept; a RegExp object only names
//! its entry, so dropping entries would need a finaliser on RegExp objects).

use std::collections::HashMap;

/// One compiled pattern.
struct Entry {
    /// The pattern as written.
    regex: regress::Regex,
    /// For a sticky (`y`) RegExp: `(?:P)|([^])`, which always matches at the start
    /// position (the last group participates exactly when P does not match there), so a
    /// sticky match attempt never scans ahead.
    sticky: Option<regress::Regex>,
}

/// The agent's compiled regular expressions.
#[derive(Default)]
pub struct RegExpTable {
    matchers: Vec<Entry>,
    by_source: HashMap<(Vec<u16>, Box<str>), u32>,
}

/// A successful match: the whole match and each capture group, as code-unit ranges, and the
/// named groups (name, capture) in order of first appearance.
pub struct MatchResult {
    /// Index 0 is the whole match; `None` for a group that did not participate.
    pub groups: Vec<Option<std::ops::Range<usize>>>,
    /// Every distinct group name with the capture it names (the participating one when a
    /// name is duplicated); empty when the pattern has no named groups.
    pub names: Vec<(String, Option<std::ops::Range<usize>>)>,
}

/// The code points a pattern is parsed as: with `u`/`v`, surrogate pairs combine; without,
/// every code unit is one pattern character, except inside a group name (`(?<name>`,
/// `\k<name>`), where a pair is one identifier character in either mode.
fn pattern_chars(pattern: &[u16], unicode: bool) -> Vec<u32> {
    if unicode {
        return char::decode_utf16(pattern.iter().copied())
            .map(|c| c.map_or_else(|e| u32::from(e.unpaired_surrogate()), u32::from))
            .collect();
    }
    let unit = |c: u8| u16::from(c);
    let mut out = Vec::with_capacity(pattern.len());
    let mut in_name = false;
    let mut i = 0;
    while i < pattern.len() {
        let u = pattern[i];
        if in_name {
            if u == unit(b'>') {
                in_name = false;
            } else if (0xD800..0xDC00).contains(&u)
                && pattern
                    .get(i + 1)
                    .is_some_and(|&t| (0xDC00..0xE000).contains(&t))
            {
                let t = pattern[i + 1];
                out.push(0x10000 + ((u32::from(u) - 0xD800) << 10) + (u32::from(t) - 0xDC00));
                i += 2;
                continue;
            }
        } else if u == unit(b'\\') {
            // An escape: copy it whole (`\k<` opens a name).
            out.push(u32::from(u));
            if let Some(&next) = pattern.get(i + 1) {
                out.push(u32::from(next));
                if next == unit(b'k') && pattern.get(i + 2) == Some(&unit(b'<')) {
                    out.push(u32::from(unit(b'<')));
                    in_name = true;
                    i += 3;
                    continue;
                }
            }
            i += 2;
            continue;
        } else if u == unit(b'(')
            && pattern.get(i + 1) == Some(&unit(b'?'))
            && pattern.get(i + 2) == Some(&unit(b'<'))
            && !matches!(pattern.get(i + 3), Some(&c) if c == unit(b'=') || c == unit(b'!'))
        {
            out.extend([u32::from(u), u32::from(unit(b'?')), u32::from(unit(b'<'))]);
            in_name = true;
            i += 3;
            continue;
        }
        out.push(u32::from(u));
        i += 1;
    }
    out
}

/// Duplicate named groups (ES2025): regress resolves `\k<name>` to the first group of that
/// name only. A name may be repeated only in different alternatives, so at most one of its
/// groups participates and a backreference to a group that did not participate matches
/// the empty string: `\k<name>` is rewritten as `(?:\i\j…)`, every group of that name.
fn rewrite_duplicate_backreferences(chars: Vec<u32>) -> Vec<u32> {
    let c = |b: u8| u32::from(b);
    let name_at = |i: usize| -> Option<(Vec<u32>, usize)> {
        // `chars[i]` is the `<`; the name runs to the next `>`.
        let end = chars[i + 1..].iter().position(|&x| x == c(b'>'))? + i + 1;
        Some((chars[i + 1..end].to_vec(), end))
    };
    // Pass 1: the capture groups, in order, with their names.
    let mut groups: Vec<Option<Vec<u32>>> = Vec::new();
    let (mut i, mut in_class) = (0, false);
    while i < chars.len() {
        let x = chars[i];
        if x == c(b'\\') {
            i += 2;
            continue;
        }
        if in_class {
            in_class = x != c(b']');
        } else if x == c(b'[') {
            in_class = true;
        } else if x == c(b'(') {
            if chars.get(i + 1) != Some(&c(b'?')) {
                groups.push(None);
            } else if chars.get(i + 2) == Some(&c(b'<'))
                && !matches!(chars.get(i + 3), Some(&n) if n == c(b'=') || n == c(b'!'))
            {
                if let Some((name, _)) = name_at(i + 2) {
                    groups.push(Some(name));
                }
            }
        }
        i += 1;
    }
    let duplicated =
        |name: &[u32]| groups.iter().filter(|g| g.as_deref() == Some(name)).count() > 1;
    if !groups
        .iter()
        .flatten()
        .any(|name| duplicated(name.as_slice()))
    {
        return chars;
    }
    // Pass 2: rewrite the backreferences to duplicated names.
    let mut out = Vec::with_capacity(chars.len() + 16);
    let (mut i, mut in_class) = (0, false);
    while i < chars.len() {
        let x = chars[i];
        if x == c(b'\\')
            && !in_class
            && chars.get(i + 1) == Some(&c(b'k'))
            && chars.get(i + 2) == Some(&c(b'<'))
        {
            if let Some((name, end)) = name_at(i + 2) {
                if duplicated(&name) {
                    out.extend("(?:".chars().map(u32::from));
                    for (index, g) in groups.iter().enumerate() {
                        if g.as_deref() == Some(name.as_slice()) {
                            out.push(c(b'\\'));
                            out.extend((index + 1).to_string().chars().map(u32::from));
                        }
                    }
                    out.push(c(b')'));
                    i = end + 1;
                    continue;
                }
            }
        }
        if x == c(b'\\') {
            out.push(x);
            if let Some(&next) = chars.get(i + 1) {
                out.push(next);
            }
            i += 2;
            continue;
        }
        if in_class {
            in_class = x != c(b']');
        } else if x == c(b'[') {
            in_class = true;
        }
        out.push(x);
        i += 1;
    }
    out
}

impl RegExpTable {
    /// The index of the matcher for `pattern` with `flags` (already validated as distinct
    /// members of `dgimsuyv`), compiling it on first use; the parse error text otherwise.
    pub fn compile(&mut self, pattern: &[u16], flags: &str) -> Result<u32, String> {
        if let Some(&i) = self.by_source.get(&(pattern.to_vec(), flags.into())) {
            return Ok(i);
        }
        let parse_flags = regress::Flags::from(flags);
        let unicode = parse_flags.unicode || parse_flags.unicode_sets;
        let chars = rewrite_duplicate_backreferences(pattern_chars(pattern, unicode));
        let compile = |chars: Vec<u32>| {
            // regress reports invalid patterns as errors; a panic inside it would be a bug
            // in the crate, caught here so it surfaces as a SyntaxError, not an abort.
            std::panic::catch_unwind(|| {
                regress::Regex::from_unicode(chars.into_iter(), parse_flags)
            })
            .map_err(|_| "unsupported regular expression".to_string())?
            .map_err(|e| e.to_string())
        };
        let sticky = if flags.contains('y') {
            let mut wrapped: Vec<u32> = "(?:".chars().map(u32::from).collect();
            wrapped.extend_from_slice(&chars);
            wrapped.extend(")|([\\s\\S])".chars().map(u32::from));
            compile(wrapped).ok()
        } else {
            None
        };
        let regex = compile(chars)?;
        let index =
            u32::try_from(self.matchers.len()).map_err(|_| "too many regular expressions")?;
        self.matchers.push(Entry { regex, sticky });
        self.by_source
            .insert((pattern.to_vec(), flags.into()), index);
        Ok(index)
    }

    /// Runs matcher `index` on `text` from code unit `start`: the leftmost match at or after
    /// `start`, or with `sticky` only a match at `start` (`unicode`: the text is read as
    /// code points).
    pub fn find(
        &self,
        index: u32,
        text: &[u16],
        start: usize,
        unicode: bool,
        sticky: bool,
    ) -> Option<MatchResult> {
        let entry = self.matchers.get(index as usize)?;
        let (re, anchored) = match (&entry.sticky, sticky) {
            (Some(s), true) => (s, true),
            _ => (&entry.regex, false),
        };
        let m = if unicode {
            re.find_from_utf16(text, start).next()
        } else {
            re.find_from_ucs2(text, start).next()
        }?;
        let mut groups: Vec<_> = m.groups().collect();
        if anchored && groups.pop().flatten().is_some() {
            return None;
        }
        if sticky && !groups[0].as_ref().is_some_and(|g| g.start == start) {
            return None;
        }
        Some(MatchResult {
            groups,
            names: m
                .named_groups()
                .map(|(name, range)| (name.to_string(), range))
                .collect(),
        })
    }
}
