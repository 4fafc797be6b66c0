//! IdentifierName: `ID_Start`/`ID_Continue` characters plus `$`, `_`, ZWNJ, ZWJ, and
//! `\uXXXX` / `\u{X}` escapes (which must themselves denote valid identifier characters).

use super::{LexResult, Lexer};

/// True if `c` may start an identifier.
pub(crate) fn is_id_start(c: char) -> bool {
    c.is_ascii_alphabetic()
        || c == '$'
        || c == '_'
        || (!c.is_ascii() && unicode_id_start::is_id_start(c))
}

/// True if `c` may continue an identifier.
pub(crate) fn is_id_continue(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || c == '$'
        || c == '_'
        || c == '\u{200c}'
        || c == '\u{200d}'
        || (!c.is_ascii() && unicode_id_start::is_id_continue(c))
}

impl Lexer<'_> {
    /// True if an identifier starts at the current position (maybe with an escape).
    pub(crate) fn at_identifier_start(&self) -> bool {
        match self.peek_char() {
            Some('\\') => self.byte_at(self.pos + 1) == b'u',
            Some(c) => is_id_start(c),
            None => false,
        }
    }

    /// Lexes an IdentifierName at the current position; returns its value and whether it
    /// contained escapes.
    pub(crate) fn lex_identifier_name(&mut self) -> LexResult<(Box<str>, bool)> {
        let start = self.pos;
        let mut escaped = false;
        // Fast path: plain ASCII.
        while self.pos < self.bytes.len() {
            let b = self.bytes[self.pos];
            if b.is_ascii_alphanumeric() || b == b'$' || b == b'_' {
                self.pos += 1;
            } else {
                break;
            }
        }
        let mut name = String::from(&self.src[start..self.pos]);
        loop {
            match self.peek_char() {
                Some('\\') => {
                    let esc_start = self.pos;
                    if self.byte_at(self.pos + 1) != b'u' {
                        return self.error(
                            "Invalid Unicode escape sequence",
                            esc_start,
                            self.pos + 1,
                        );
                    }
                    self.pos += 2;
                    let Some(cp) = self.lex_unicode_escape_body()? else {
                        return self.error("Invalid Unicode escape sequence", esc_start, self.pos);
                    };
                    let ok = match char::from_u32(cp) {
                        Some(c) if name.is_empty() => is_id_start(c),
                        Some(c) => is_id_continue(c),
                        None => false,
                    };
                    if !ok {
                        return self.error("Invalid Unicode escape sequence", esc_start, self.pos);
                    }
                    name.push(char::from_u32(cp).unwrap_or('\u{fffd}'));
                    escaped = true;
                }
                Some(c)
                    if (name.is_empty() && is_id_start(c))
                        || (!name.is_empty() && is_id_continue(c)) =>
                {
                    name.push(c);
                    self.pos += c.len_utf8();
                }
                _ => break,
            }
        }
        Ok((name.into_boxed_str(), escaped))
    }

    /// After `\u`: lexes `XXXX` or `{X...}` and returns the code point, `None` if malformed
    /// (the position is then somewhere inside the escape).
    pub(crate) fn lex_unicode_escape_body(&mut self) -> LexResult<Option<u32>> {
        if self.byte_at(self.pos) == b'{' {
            self.pos += 1;
            let mut value: u32 = 0;
            let mut digits = 0;
            while let Some(d) = (self.byte_at(self.pos) as char).to_digit(16) {
                value = value.saturating_mul(16).saturating_add(d);
                digits += 1;
                self.pos += 1;
            }
            if digits == 0 || self.byte_at(self.pos) != b'}' || value > 0x10ffff {
                return Ok(None);
            }
            self.pos += 1;
            Ok(Some(value))
        } else {
            let mut value = 0;
            for _ in 0..4 {
                let Some(d) = (self.byte_at(self.pos) as char).to_digit(16) else {
                    return Ok(None);
                };
                value = value * 16 + d;
                self.pos += 1;
            }
            Ok(Some(value))
        }
    }
}
