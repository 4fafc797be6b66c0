//! Compiled regular expressions: the agent's table of `regress` matchers, outside the GC
//! heap. A RegExp object holds an index into the table (an int in an internal slot).
//!
//! Entries are interned by (pattern, flags) so a literal evaluated in a loop compiles once,
//! and are kept for the agent's life (the table is never swept; a RegExp object only names
//! its entry, so dropping entries would need a finaliser on RegExp objects).

use std::collections::HashMap;

/// The agent's compiled regular expressions.
#[derive(Default)]
pub struct RegExpTable {
    matchers: Vec<regress::Regex>,
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
/// every code unit is one pattern character.
fn pattern_chars(pattern: &[u16], unicode: bool) -> Vec<u32> {
    if unicode {
        char::decode_utf16(pattern.iter().copied())
            .map(|c| c.map_or_else(|e| u32::from(e.unpaired_surrogate()), u32::from))
            .collect()
    } else {
        pattern.iter().map(|&u| u32::from(u)).collect()
    }
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
        let chars = pattern_chars(pattern, unicode);
        // regress reports invalid patterns as errors; a panic inside it would be a bug in
        // the crate, caught here so it surfaces as a SyntaxError rather than an abort.
        let compiled = std::panic::catch_unwind(|| {
            regress::Regex::from_unicode(chars.into_iter(), parse_flags)
        })
        .map_err(|_| "unsupported regular expression".to_string())?
        .map_err(|e| e.to_string())?;
        let index =
            u32::try_from(self.matchers.len()).map_err(|_| "too many regular expressions")?;
        self.matchers.push(compiled);
        self.by_source
            .insert((pattern.to_vec(), flags.into()), index);
        Ok(index)
    }

    /// Runs matcher `index` on `text` from code unit `start`: the leftmost match at or after
    /// `start` (`unicode`: the text is read as code points).
    pub fn find(
        &self,
        index: u32,
        text: &[u16],
        start: usize,
        unicode: bool,
    ) -> Option<MatchResult> {
        let re = self.matchers.get(index as usize)?;
        let m = if unicode {
            re.find_from_utf16(text, start).next()
        } else {
            re.find_from_ucs2(text, start).next()
        }?;
        Some(MatchResult {
            groups: m.groups().collect(),
            names: m
                .named_groups()
                .map(|(name, range)| (name.to_string(), range))
                .collect(),
        })
    }
}
