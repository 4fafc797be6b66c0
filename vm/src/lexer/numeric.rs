//! NumericLiteral: decimal (with `.`, exponent, `_` separators), `0x`/`0o`/`0b`, BigInt `n`
//! suffixes, and the Annex B legacy octal (`017`) and non-octal decimal (`089`) forms, which
//! are flagged on the token for the parser's strict-mode check. Values are correctly rounded:
//! non-decimal literals are converted to decimal digits and parsed by `str::parse::<f64>`.

use super::identifier::is_id_start;
use super::{LexResult, Lexer, Token, TokenKind, TokenValue};

/// Converts digits in `radix` to a decimal digit string (no leading zeros, `"0"` for zero).
pub(crate) fn to_decimal_digits(digits: &[u8], radix: u32) -> String {
    // Little-endian base-1e9 limbs.
    let mut limbs: Vec<u32> = vec![0];
    for &d in digits {
        let digit = (d as char).to_digit(radix).unwrap_or(0);
        let mut carry = u64::from(digit);
        for limb in &mut limbs {
            let v = u64::from(*limb) * u64::from(radix) + carry;
            *limb = (v % 1_000_000_000) as u32;
            carry = v / 1_000_000_000;
        }
        while carry > 0 {
            limbs.push((carry % 1_000_000_000) as u32);
            carry /= 1_000_000_000;
        }
    }
    let mut out = String::new();
    for (i, limb) in limbs.iter().rev().enumerate() {
        if i == 0 {
            out.push_str(&limb.to_string());
        } else {
            out.push_str(&format!("{limb:09}"));
        }
    }
    out
}

impl Lexer<'_> {
    /// Lexes digits of `radix` with `_` separators (only between digits) into `out`.
    fn lex_digits(&mut self, radix: u32, out: &mut Vec<u8>) -> LexResult<()> {
        let mut last_was_digit = false;
        loop {
            let b = self.byte_at(self.pos);
            if b == b'_' {
                if !last_was_digit || !(self.byte_at(self.pos + 1) as char).is_digit(radix) {
                    return self.error(
                        "Numeric separators are not allowed here",
                        self.pos,
                        self.pos + 1,
                    );
                }
                self.pos += 1;
                last_was_digit = false;
            } else if (b as char).is_digit(radix) {
                out.push(b);
                self.pos += 1;
                last_was_digit = true;
            } else {
                return Ok(());
            }
        }
    }

    pub(crate) fn lex_number(&mut self, start: usize, newline: bool) -> LexResult<Token> {
        let mut tok = Token {
            kind: TokenKind::Number,
            span: Default::default(),
            newline_before: newline,
            escaped: false,
            legacy_octal: None,
            value: TokenValue::None,
        };
        let first = self.byte_at(start);
        let second = self.byte_at(start + 1).to_ascii_lowercase();
        let mut digits = Vec::new();
        if first == b'0' && matches!(second, b'x' | b'o' | b'b') {
            let radix = match second {
                b'x' => 16,
                b'o' => 8,
                _ => 2,
            };
            self.pos = start + 2;
            self.lex_digits(radix, &mut digits)?;
            if digits.is_empty() {
                return self.error("Invalid or unexpected token", start, self.pos);
            }
            let decimal = to_decimal_digits(&digits, radix);
            if self.byte_at(self.pos) == b'n' {
                self.pos += 1;
                tok.kind = TokenKind::BigInt;
                tok.value = TokenValue::BigInt(decimal.into());
            } else {
                tok.value = TokenValue::Number(decimal.parse().unwrap_or(f64::INFINITY));
            }
        } else if first == b'0' && self.byte_at(start + 1).is_ascii_digit() {
            // Legacy octal (`017`) or non-octal decimal (`019`, `08.5`).
            self.pos = start + 1;
            while self.byte_at(self.pos).is_ascii_digit() {
                digits.push(self.byte_at(self.pos));
                self.pos += 1;
            }
            tok.legacy_octal = Some(start as u32);
            if self.byte_at(self.pos) == b'_' {
                return self.error(
                    "Numeric separators are not allowed here",
                    self.pos,
                    self.pos + 1,
                );
            }
            if digits.iter().all(|d| *d < b'8') {
                let decimal = to_decimal_digits(&digits, 8);
                tok.value = TokenValue::Number(decimal.parse().unwrap_or(f64::INFINITY));
            } else {
                let mut text: String = digits.iter().map(|&d| d as char).collect();
                self.lex_fraction_and_exponent(&mut text)?;
                tok.value = TokenValue::Number(text.parse().unwrap_or(f64::INFINITY));
            }
            if self.byte_at(self.pos) == b'n' {
                return self.error("Invalid BigInt literal", start, self.pos + 1);
            }
        } else {
            if first == b'0' && self.byte_at(start + 1) == b'_' {
                return self.error(
                    "Numeric separators are not allowed here",
                    start + 1,
                    start + 2,
                );
            }
            self.pos = start;
            self.lex_digits(10, &mut digits)?;
            let mut text: String = digits.iter().map(|&d| d as char).collect();
            let integer_only = !matches!(self.byte_at(self.pos), b'.' | b'e' | b'E');
            if integer_only && self.byte_at(self.pos) == b'n' {
                self.pos += 1;
                tok.kind = TokenKind::BigInt;
                let trimmed = text.trim_start_matches('0');
                tok.value = TokenValue::BigInt(if trimmed.is_empty() {
                    "0".into()
                } else {
                    trimmed.into()
                });
            } else {
                self.lex_fraction_and_exponent(&mut text)?;
                if self.byte_at(self.pos) == b'n' {
                    return self.error("Invalid BigInt literal", start, self.pos + 1);
                }
                tok.value = TokenValue::Number(text.parse().unwrap_or(f64::INFINITY));
            }
        }
        // The SourceCharacter after a NumericLiteral must not be an IdentifierStart or digit.
        if let Some(c) = self.peek_char() {
            if is_id_start(c) || c.is_ascii_digit() || c == '\\' {
                return self.error(
                    "Invalid or unexpected token",
                    start,
                    self.pos + c.len_utf8(),
                );
            }
        }
        tok.span = crate::ast::Span::new(start as u32, self.pos as u32);
        Ok(tok)
    }

    /// Lexes `.digits` and `e±digits` after the integer part into `text`.
    fn lex_fraction_and_exponent(&mut self, text: &mut String) -> LexResult<()> {
        let mut digits = Vec::new();
        if self.byte_at(self.pos) == b'.' {
            self.pos += 1;
            text.push('.');
            if self.byte_at(self.pos) == b'_' {
                return self.error(
                    "Numeric separators are not allowed here",
                    self.pos,
                    self.pos + 1,
                );
            }
            self.lex_digits(10, &mut digits)?;
            text.extend(digits.iter().map(|&d| d as char));
            if text == "." {
                return self.error("Invalid or unexpected token", self.pos - 1, self.pos);
            }
        }
        if matches!(self.byte_at(self.pos), b'e' | b'E') {
            let at = self.pos;
            self.pos += 1;
            text.push('e');
            if matches!(self.byte_at(self.pos), b'+' | b'-') {
                text.push(self.byte_at(self.pos) as char);
                self.pos += 1;
            }
            digits.clear();
            if self.byte_at(self.pos) == b'_' {
                return self.error(
                    "Numeric separators are not allowed here",
                    self.pos,
                    self.pos + 1,
                );
            }
            self.lex_digits(10, &mut digits)?;
            if digits.is_empty() {
                return self.error("Invalid or unexpected token", at, self.pos);
            }
            text.extend(digits.iter().map(|&d| d as char));
        }
        if text.starts_with('.') {
            text.insert(0, '0');
        }
        Ok(())
    }
}
