//! Template pieces (NoSubstitutionTemplate, TemplateHead, TemplateMiddle, TemplateTail):
//! cooked and raw values, CR/CRLF normalised to LF, and invalid escapes recorded (the cooked
//! value becomes `None`; the parser rejects them unless the template is tagged).

use super::string::Escape;
use super::{LexResult, Lexer, Token, TokenKind, TokenValue};
use crate::ast::Span;

impl Lexer<'_> {
    /// Lexes a template piece; the position is just after `` ` `` or `}`.
    pub(crate) fn lex_template_part(&mut self, start: usize, newline: bool) -> LexResult<Token> {
        let head = self.byte_at(start) == b'`';
        let mut cooked: Vec<u16> = Vec::new();
        let mut raw = String::new();
        let mut invalid: Option<(Span, &'static str)> = None;
        let kind;
        loop {
            let Some(c) = self.peek_char() else {
                return self.error("Unterminated template literal", start, self.pos);
            };
            match c {
                '`' => {
                    self.pos += 1;
                    kind = if head {
                        TokenKind::NoSubstitutionTemplate
                    } else {
                        TokenKind::TemplateTail
                    };
                    break;
                }
                '$' if self.byte_at(self.pos + 1) == b'{' => {
                    self.pos += 2;
                    kind = if head {
                        TokenKind::TemplateHead
                    } else {
                        TokenKind::TemplateMiddle
                    };
                    break;
                }
                '\\' => {
                    let esc_start = self.pos;
                    self.pos += 1;
                    let escape = self.lex_escape();
                    // A not-yet-closed escape must not swallow the template's end.
                    let text = &self.src[esc_start..self.pos];
                    raw.push_str(&text.replace("\r\n", "\n").replace('\r', "\n"));
                    match escape {
                        Escape::Units(units) => cooked.extend(units),
                        Escape::LegacyOctal(_) => {
                            invalid.get_or_insert((
                                Span::new(esc_start as u32, self.pos as u32),
                                "Octal escape sequences are not allowed in template strings",
                            ));
                        }
                        Escape::Invalid(message) => {
                            invalid.get_or_insert((
                                Span::new(esc_start as u32, self.pos as u32),
                                message,
                            ));
                        }
                    }
                }
                '\r' => {
                    self.pos += 1;
                    if self.byte_at(self.pos) == b'\n' {
                        self.pos += 1;
                    }
                    cooked.push(u16::from(b'\n'));
                    raw.push('\n');
                }
                _ => {
                    self.pos += c.len_utf8();
                    let mut buf = [0u16; 2];
                    cooked.extend_from_slice(c.encode_utf16(&mut buf));
                    raw.push(c);
                }
            }
        }
        Ok(Token {
            kind,
            span: Span::new(start as u32, self.pos as u32),
            newline_before: newline,
            escaped: false,
            legacy_octal: None,
            value: TokenValue::Template {
                cooked: if invalid.is_some() {
                    None
                } else {
                    Some(cooked.into_boxed_slice())
                },
                raw: raw.into_boxed_str(),
                invalid_escape: invalid,
            },
        })
    }

    /// Rescans from the `}` at `start` as a TemplateMiddle or TemplateTail.
    pub fn rescan_template_continuation(&mut self, start: u32) -> LexResult<Token> {
        self.pos = start as usize + 1;
        self.lex_template_part(start as usize, false)
    }
}
