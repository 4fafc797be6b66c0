//! StringLiteral and the escape sequences shared with templates: `\n`-style single-character
//! escapes, `\xHH`, `\uHHHH`, `\u{H...}`, line continuations, and the Annex B legacy octal
//! escapes (`\1`, `\01`, `\8`) that are flagged for the parser's strict-mode check.

use super::{is_line_terminator, LexResult, Lexer, Token, TokenKind, TokenValue};
use crate::ast::Span;

/// What an escape sequence produced.
pub(crate) enum Escape {
    /// Code units to append (none for a line continuation).
    Units(Vec<u16>),
    /// A legacy octal or `\8`/`\9` escape: the units, flagged.
    LegacyOctal(Vec<u16>),
    /// A malformed escape: why.
    Invalid(&'static str),
}

fn push_code_point(out: &mut Vec<u16>, cp: u32) {
    if let Some(c) = char::from_u32(cp) {
        let mut buf = [0u16; 2];
        out.extend_from_slice(c.encode_utf16(&mut buf));
    } else {
        // A lone surrogate from `\uD800`.
        out.push(cp as u16);
    }
}

impl Lexer<'_> {
    /// Lexes one escape sequence; the position is just after the backslash.
    pub(crate) fn lex_escape(&mut self) -> Escape {
        let Some(c) = self.peek_char() else {
            return Escape::Invalid("Invalid escape sequence");
        };
        self.pos += c.len_utf8();
        let simple = |u: char| Escape::Units(vec![u as u16]);
        match c {
            'n' => simple('\n'),
            't' => simple('\t'),
            'r' => simple('\r'),
            'b' => simple('\u{8}'),
            'f' => simple('\u{c}'),
            'v' => simple('\u{b}'),
            '\r' => {
                if self.byte_at(self.pos) == b'\n' {
                    self.pos += 1;
                }
                Escape::Units(Vec::new())
            }
            '\n' | '\u{2028}' | '\u{2029}' => Escape::Units(Vec::new()),
            'x' => {
                let hi = (self.byte_at(self.pos) as char).to_digit(16);
                let lo = (self.byte_at(self.pos + 1) as char).to_digit(16);
                match (hi, lo) {
                    (Some(h), Some(l)) => {
                        self.pos += 2;
                        Escape::Units(vec![(h * 16 + l) as u16])
                    }
                    _ => Escape::Invalid("Invalid hexadecimal escape sequence"),
                }
            }
            'u' => match self.lex_unicode_escape_body() {
                Ok(Some(cp)) => {
                    let mut out = Vec::new();
                    push_code_point(&mut out, cp);
                    Escape::Units(out)
                }
                _ => Escape::Invalid("Invalid Unicode escape sequence"),
            },
            '0' if !self.byte_at(self.pos).is_ascii_digit() => Escape::Units(vec![0]),
            '0'..='7' => {
                // LegacyOctalEscapeSequence: up to three digits, value at most 0o377.
                let mut value = c as u32 - '0' as u32;
                let max_digits = if c <= '3' { 3 } else { 2 };
                let mut n = 1;
                while n < max_digits {
                    let b = self.byte_at(self.pos);
                    if !(b'0'..=b'7').contains(&b) {
                        break;
                    }
                    value = value * 8 + u32::from(b - b'0');
                    self.pos += 1;
                    n += 1;
                }
                Escape::LegacyOctal(vec![value as u16])
            }
            '8' | '9' => Escape::LegacyOctal(vec![c as u16]),
            other => {
                let mut out = Vec::new();
                push_code_point(&mut out, other as u32);
                Escape::Units(out)
            }
        }
    }

    pub(crate) fn lex_string(&mut self, start: usize, newline: bool) -> LexResult<Token> {
        let quote = self.byte_at(start);
        self.pos = start + 1;
        let mut value: Vec<u16> = Vec::new();
        let mut legacy_octal = None;
        loop {
            let Some(c) = self.peek_char() else {
                return self.error(
                    "Invalid or unexpected token: unterminated string",
                    start,
                    self.pos,
                );
            };
            if c as u32 == u32::from(quote) {
                self.pos += 1;
                break;
            }
            match c {
                '\\' => {
                    let esc_start = self.pos;
                    self.pos += 1;
                    match self.lex_escape() {
                        Escape::Units(units) => value.extend(units),
                        Escape::LegacyOctal(units) => {
                            legacy_octal.get_or_insert(esc_start as u32);
                            value.extend(units);
                        }
                        Escape::Invalid(message) => {
                            return self.error(message, esc_start, self.pos)
                        }
                    }
                }
                '\n' | '\r' => {
                    return self.error(
                        "Invalid or unexpected token: unterminated string",
                        start,
                        self.pos,
                    );
                }
                _ => {
                    debug_assert!(!is_line_terminator(c) || c == '\u{2028}' || c == '\u{2029}');
                    push_code_point(&mut value, c as u32);
                    self.pos += c.len_utf8();
                }
            }
        }
        Ok(Token {
            kind: TokenKind::String,
            span: Span::new(start as u32, self.pos as u32),
            newline_before: newline,
            escaped: false,
            legacy_octal,
            value: TokenValue::String(value.into_boxed_slice()),
        })
    }
}
