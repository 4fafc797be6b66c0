//! RegularExpressionLiteral: the body (classes may contain `/`), the flags, and validation of
//! both — flags must be distinct members of `dgimsuyv` without both `u` and `v`, and the
//! pattern must parse under those flags (checked with the `regress` crate's parser).

use super::identifier::is_id_continue;
use super::{is_line_terminator, LexResult, Lexer, Token, TokenKind, TokenValue};
use crate::ast::Span;

/// Checks a regular expression's flags and pattern. Returns the error message if invalid.
pub fn validate_regexp(pattern: &str, flags: &str) -> Result<(), String> {
    let mut seen = [false; 128];
    for c in flags.chars() {
        if !"dgimsuyv".contains(c) || seen[c as usize] {
            return Err(format!("Invalid regular expression flags '{flags}'"));
        }
        seen[c as usize] = true;
    }
    if seen[b'u' as usize] && seen[b'v' as usize] {
        return Err(format!("Invalid regular expression flags '{flags}'"));
    }
    let parse_flags = regress::Flags::from(flags);
    match regress::backends::try_parse(pattern.chars().map(u32::from), parse_flags) {
        Ok(_) => Ok(()),
        Err(e) => Err(format!(
            "Invalid regular expression: /{pattern}/{flags}: {e}"
        )),
    }
}

impl Lexer<'_> {
    /// Rescans from the `/` (or `/=`) at `start` as a regular-expression literal and
    /// validates it.
    pub fn rescan_regexp(&mut self, start: u32, newline_before: bool) -> LexResult<Token> {
        let start = start as usize;
        self.pos = start + 1;
        let mut in_class = false;
        loop {
            let Some(c) = self.peek_char() else {
                return self.error("Invalid regular expression: missing /", start, self.pos);
            };
            if is_line_terminator(c) {
                return self.error("Invalid regular expression: missing /", start, self.pos);
            }
            self.pos += c.len_utf8();
            match c {
                '\\' => {
                    let Some(next) = self.peek_char() else {
                        continue;
                    };
                    if is_line_terminator(next) {
                        return self.error(
                            "Invalid regular expression: missing /",
                            start,
                            self.pos,
                        );
                    }
                    self.pos += next.len_utf8();
                }
                '[' => in_class = true,
                ']' => in_class = false,
                '/' if !in_class => break,
                _ => {}
            }
        }
        let pattern_end = self.pos - 1;
        let flags_start = self.pos;
        while let Some(c) = self.peek_char() {
            if c == '\\' {
                return self.error("Invalid regular expression flags", self.pos, self.pos + 1);
            }
            if !is_id_continue(c) {
                break;
            }
            self.pos += c.len_utf8();
        }
        let pattern = &self.src[start + 1..pattern_end];
        let flags = &self.src[flags_start..self.pos];
        if let Err(message) = validate_regexp(pattern, flags) {
            return self.error(message, start, self.pos);
        }
        Ok(Token {
            kind: TokenKind::RegExp,
            span: Span::new(start as u32, self.pos as u32),
            newline_before,
            escaped: false,
            legacy_octal: None,
            value: TokenValue::RegExp {
                pattern: pattern.into(),
                flags: flags.into(),
            },
        })
    }
}
