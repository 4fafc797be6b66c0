//! Tokens: kinds, payloads and the flags the parser needs (line terminator before, escaped
//! identifier, legacy octal position for strict-mode checks).

use crate::ast::{JsStr, Span};

/// The kind of a token. Identifiers and all keywords are [`TokenKind::Name`]; the parser
/// tells keywords apart by their (unescaped) text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(missing_docs)] // The punctuator names say what they are.
pub enum TokenKind {
    /// End of input.
    Eof,
    /// An IdentifierName (identifier, keyword or reserved word).
    Name,
    /// `#name`
    PrivateName,
    /// A string literal.
    String,
    /// A Number literal.
    Number,
    /// A BigInt literal.
    BigInt,
    /// A regular-expression literal (only after [`super::Lexer::rescan_regexp`]).
    RegExp,
    /// `` `...` `` without substitutions.
    NoSubstitutionTemplate,
    /// `` `...${ ``
    TemplateHead,
    /// `}...${` (only after [`super::Lexer::rescan_template_continuation`]).
    TemplateMiddle,
    /// `` }...` `` (only after [`super::Lexer::rescan_template_continuation`]).
    TemplateTail,
    LBrace,
    RBrace,
    LParen,
    RParen,
    LBracket,
    RBracket,
    Dot,
    Ellipsis,
    Semicolon,
    Comma,
    Lt,
    Gt,
    LtEq,
    GtEq,
    EqEq,
    NotEq,
    EqEqEq,
    NotEqEq,
    Plus,
    Minus,
    Star,
    Slash,
    Percent,
    StarStar,
    PlusPlus,
    MinusMinus,
    Shl,
    Shr,
    UShr,
    Amp,
    Pipe,
    Caret,
    Bang,
    Tilde,
    AmpAmp,
    PipePipe,
    QuestionQuestion,
    Question,
    QuestionDot,
    Colon,
    Eq,
    PlusEq,
    MinusEq,
    StarEq,
    SlashEq,
    PercentEq,
    StarStarEq,
    ShlEq,
    ShrEq,
    UShrEq,
    AmpEq,
    PipeEq,
    CaretEq,
    AmpAmpEq,
    PipePipeEq,
    QuestionQuestionEq,
    Arrow,
}

/// A token's payload.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum TokenValue {
    /// Punctuators and end of input.
    #[default]
    None,
    /// Identifier names and private names (without `#`), escapes decoded.
    Name(Box<str>),
    /// String literal value.
    String(JsStr),
    /// Number literal value.
    Number(f64),
    /// BigInt literal as decimal digits.
    BigInt(Box<str>),
    /// Template piece.
    Template {
        /// Cooked value, `None` if it has an invalid escape.
        cooked: Option<JsStr>,
        /// Raw value (line terminators normalised).
        raw: Box<str>,
        /// Where the first invalid escape is and why (an error unless the template is tagged).
        invalid_escape: Option<(Span, &'static str)>,
    },
    /// Regular expression body and flags.
    RegExp {
        /// Between the slashes.
        pattern: Box<str>,
        /// After the closing slash.
        flags: Box<str>,
    },
}

/// One token.
#[derive(Debug, Clone, PartialEq)]
pub struct Token {
    /// The kind.
    pub kind: TokenKind,
    /// Byte span.
    pub span: Span,
    /// A line terminator (possibly inside a comment) comes between the previous token and
    /// this one.
    pub newline_before: bool,
    /// The identifier name contains a Unicode escape (so it cannot act as a keyword).
    pub escaped: bool,
    /// Position of a legacy octal literal (`017`), non-octal decimal (`08`), or octal /
    /// `\8` `\9` escape in a string: errors in strict code, which the lexer cannot know.
    pub legacy_octal: Option<u32>,
    /// The payload.
    pub value: TokenValue,
}

impl Token {
    /// The name of a [`TokenKind::Name`] / [`TokenKind::PrivateName`] token, else `""`.
    pub fn name(&self) -> &str {
        match &self.value {
            TokenValue::Name(n) => n,
            _ => "",
        }
    }

    /// True if this is the unescaped identifier name `word`.
    pub fn is_word(&self, word: &str) -> bool {
        self.kind == TokenKind::Name && !self.escaped && self.name() == word
    }
}
