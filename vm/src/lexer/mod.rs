//! The lexer: turns source text into [`Token`]s on demand. It is driven by the parser, which
//! decides the two context-dependent cases: a `/` is lexed as division until the parser, at
//! the start of an expression, asks for [`Lexer::rescan_regexp`]; a `}` is lexed as a
//! punctuator until the parser, at the end of a template substitution, asks for
//! [`Lexer::rescan_template_continuation`]. The lexer knows nothing about strict mode: it
//! flags legacy octal syntax on the token and the parser decides.
//!
//! Submodules own one lexical production group each: [`token`], `identifier`, `numeric`,
//! `string`, `template`, `regexp`.

mod identifier;
mod numeric;
mod regexp;
mod string;
mod template;
pub mod token;

pub use regexp::validate_regexp;
pub use token::{Token, TokenKind, TokenValue};

use crate::ast::Span;

/// A lexical error: a message and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LexError {
    /// What went wrong.
    pub message: String,
    /// Where.
    pub span: Span,
}

pub(crate) type LexResult<T> = Result<T, LexError>;

/// The lexer over one source text.
#[derive(Debug, Clone)]
pub struct Lexer<'a> {
    src: &'a str,
    bytes: &'a [u8],
    pos: usize,
    /// Modules do not recognise Annex B HTML-like comments.
    module: bool,
    /// End of the trivia at the very start of the input: a `-->` there counts as being at
    /// the start of a line.
    leading_trivia_end: usize,
}

/// True for ECMAScript `LineTerminator`s.
pub fn is_line_terminator(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\u{2028}' | '\u{2029}')
}

/// True for ECMAScript `WhiteSpace` (TAB, VT, FF, ZWNBSP and category Zs).
pub fn is_whitespace(c: char) -> bool {
    matches!(
        c,
        '\t' | '\u{b}' | '\u{c}' | ' ' | '\u{a0}' | '\u{feff}' | '\u{1680}' | '\u{2000}'
            ..='\u{200a}' | '\u{202f}' | '\u{205f}' | '\u{3000}'
    )
}

impl<'a> Lexer<'a> {
    /// A lexer at the start of `src`. `module` selects the Module goal (no HTML comments).
    pub fn new(src: &'a str, module: bool) -> Lexer<'a> {
        let bytes = src.as_bytes();
        let mut probe = Lexer {
            src,
            bytes,
            pos: 0,
            module: true,
            leading_trivia_end: 0,
        };
        // Without HTML comments, the probe stops at the first token or `-->`.
        let leading_trivia_end = if probe.skip_trivia().is_ok() {
            probe.pos
        } else {
            0
        };
        Lexer {
            src,
            bytes,
            pos: 0,
            module,
            leading_trivia_end,
        }
    }

    pub(crate) fn error<T>(
        &self,
        message: impl Into<String>,
        start: usize,
        end: usize,
    ) -> LexResult<T> {
        Err(LexError {
            message: message.into(),
            span: Span::new(start as u32, end as u32),
        })
    }

    fn peek_char(&self) -> Option<char> {
        self.src[self.pos..].chars().next()
    }

    fn byte_at(&self, at: usize) -> u8 {
        self.bytes.get(at).copied().unwrap_or(0)
    }

    fn token(&self, kind: TokenKind, start: usize, newline_before: bool) -> Token {
        Token {
            kind,
            span: Span::new(start as u32, self.pos as u32),
            newline_before,
            escaped: false,
            legacy_octal: None,
            value: TokenValue::None,
        }
    }

    /// Skips whitespace and comments; returns whether a line terminator was crossed.
    fn skip_trivia(&mut self) -> LexResult<bool> {
        let mut newline = false;
        if self.pos == 0 && self.src.starts_with("#!") {
            self.skip_line_comment();
        }
        loop {
            let b = self.byte_at(self.pos);
            match b {
                b' ' | b'\t' | 0x0b | 0x0c => self.pos += 1,
                b'\n' | b'\r' => {
                    self.pos += 1;
                    newline = true;
                }
                b'/' => match self.byte_at(self.pos + 1) {
                    b'/' => self.skip_line_comment(),
                    b'*' => {
                        let start = self.pos;
                        self.pos += 2;
                        loop {
                            let Some(c) = self.peek_char() else {
                                return self.error("Unterminated comment", start, self.pos);
                            };
                            if c == '*' && self.byte_at(self.pos + 1) == b'/' {
                                self.pos += 2;
                                break;
                            }
                            if is_line_terminator(c) {
                                newline = true;
                            }
                            self.pos += c.len_utf8();
                        }
                    }
                    _ => return Ok(newline),
                },
                b'<' if !self.module && self.src[self.pos..].starts_with("<!--") => {
                    self.skip_line_comment();
                }
                b'-' if !self.module
                    && (newline || self.at_input_start_trivia())
                    && self.src[self.pos..].starts_with("-->") =>
                {
                    self.skip_line_comment();
                }
                0..=0x7f => return Ok(newline),
                _ => {
                    let c = self.peek_char().unwrap_or('\0');
                    if is_line_terminator(c) {
                        newline = true;
                    } else if !is_whitespace(c) {
                        return Ok(newline);
                    }
                    self.pos += c.len_utf8();
                }
            }
        }
    }

    /// True if only whitespace and comments precede the current position (the start of the
    /// input counts as a line start for `-->`).
    fn at_input_start_trivia(&self) -> bool {
        self.pos == self.leading_trivia_end
    }

    fn skip_line_comment(&mut self) {
        while let Some(c) = self.peek_char() {
            if is_line_terminator(c) {
                break;
            }
            self.pos += c.len_utf8();
        }
    }

    /// Lexes the next token. `/` and `/=` come out as division punctuators and `}` as a
    /// brace; the parser rescans them when they start a regular expression or continue a
    /// template.
    pub fn next_token(&mut self) -> LexResult<Token> {
        let newline = self.skip_trivia()?;
        let start = self.pos;
        let Some(c) = self.peek_char() else {
            return Ok(self.token(TokenKind::Eof, start, newline));
        };
        use TokenKind as K;
        let kind = match c {
            '(' => self.punct(1, K::LParen),
            ')' => self.punct(1, K::RParen),
            '{' => self.punct(1, K::LBrace),
            '}' => self.punct(1, K::RBrace),
            '[' => self.punct(1, K::LBracket),
            ']' => self.punct(1, K::RBracket),
            ';' => self.punct(1, K::Semicolon),
            ',' => self.punct(1, K::Comma),
            ':' => self.punct(1, K::Colon),
            '~' => self.punct(1, K::Tilde),
            '.' => {
                if self.byte_at(start + 1).is_ascii_digit() {
                    return self.lex_number(start, newline);
                }
                if self.src[start..].starts_with("...") {
                    self.punct(3, K::Ellipsis)
                } else {
                    self.punct(1, K::Dot)
                }
            }
            '?' => {
                if self.src[start..].starts_with("??=") {
                    self.punct(3, K::QuestionQuestionEq)
                } else if self.src[start..].starts_with("??") {
                    self.punct(2, K::QuestionQuestion)
                } else if self.byte_at(start + 1) == b'.'
                    && !self.byte_at(start + 2).is_ascii_digit()
                {
                    self.punct(2, K::QuestionDot)
                } else {
                    self.punct(1, K::Question)
                }
            }
            '<' => self.longest(&[
                ("<<=", K::ShlEq),
                ("<<", K::Shl),
                ("<=", K::LtEq),
                ("<", K::Lt),
            ]),
            '>' => self.longest(&[
                (">>>=", K::UShrEq),
                (">>>", K::UShr),
                (">>=", K::ShrEq),
                (">>", K::Shr),
                (">=", K::GtEq),
                (">", K::Gt),
            ]),
            '=' => self.longest(&[
                ("===", K::EqEqEq),
                ("==", K::EqEq),
                ("=>", K::Arrow),
                ("=", K::Eq),
            ]),
            '!' => self.longest(&[("!==", K::NotEqEq), ("!=", K::NotEq), ("!", K::Bang)]),
            '+' => self.longest(&[("++", K::PlusPlus), ("+=", K::PlusEq), ("+", K::Plus)]),
            '-' => self.longest(&[("--", K::MinusMinus), ("-=", K::MinusEq), ("-", K::Minus)]),
            '*' => self.longest(&[
                ("**=", K::StarStarEq),
                ("**", K::StarStar),
                ("*=", K::StarEq),
                ("*", K::Star),
            ]),
            '/' => self.longest(&[("/=", K::SlashEq), ("/", K::Slash)]),
            '%' => self.longest(&[("%=", K::PercentEq), ("%", K::Percent)]),
            '&' => self.longest(&[
                ("&&=", K::AmpAmpEq),
                ("&&", K::AmpAmp),
                ("&=", K::AmpEq),
                ("&", K::Amp),
            ]),
            '|' => self.longest(&[
                ("||=", K::PipePipeEq),
                ("||", K::PipePipe),
                ("|=", K::PipeEq),
                ("|", K::Pipe),
            ]),
            '^' => self.longest(&[("^=", K::CaretEq), ("^", K::Caret)]),
            '"' | '\'' => return self.lex_string(start, newline),
            '`' => {
                self.pos += 1;
                return self.lex_template_part(start, newline);
            }
            '0'..='9' => return self.lex_number(start, newline),
            '#' => {
                self.pos += 1;
                if !self.at_identifier_start() {
                    return self.error("Invalid or unexpected token '#'", start, self.pos);
                }
                let (name, escaped) = self.lex_identifier_name()?;
                let mut tok = self.token(K::PrivateName, start, newline);
                tok.escaped = escaped;
                tok.value = TokenValue::Name(name);
                return Ok(tok);
            }
            _ => {
                if self.at_identifier_start() {
                    let (name, escaped) = self.lex_identifier_name()?;
                    let mut tok = self.token(K::Name, start, newline);
                    tok.escaped = escaped;
                    tok.value = TokenValue::Name(name);
                    return Ok(tok);
                }
                let end = start + c.len_utf8();
                return self.error(format!("Invalid or unexpected token '{c}'"), start, end);
            }
        };
        Ok(self.token(kind, start, newline))
    }

    fn punct(&mut self, len: usize, kind: TokenKind) -> TokenKind {
        self.pos += len;
        kind
    }

    fn longest(&mut self, options: &[(&str, TokenKind)]) -> TokenKind {
        for &(text, kind) in options {
            if self.src[self.pos..].starts_with(text) {
                self.pos += text.len();
                return kind;
            }
        }
        unreachable!("the last option is the single character just seen")
    }
}
