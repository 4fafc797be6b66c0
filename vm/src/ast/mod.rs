//! The abstract syntax tree the parser produces: an owned tree (`Box`/`Vec`) in which every
//! node carries a [`Span`] of byte offsets into its [`Source`](crate::source::Source).
//!
//! Conventions the compiler can rely on:
//! - Names ([`Identifier::name`], property names) are `Box<str>` with escapes already decoded.
//! - String values are UTF-16 code units ([`JsStr`]): JavaScript strings may hold lone
//!   surrogates, which `str` cannot.
//! - Parentheses are kept as [`Expression::Parenthesized`] where they change meaning
//!   (`(a?.b).c`, `(a) = f` not naming `f`, `(f)()` vs. method calls look the same but
//!   `(a, b.c)()` does not); the compiler unwraps them everywhere else.
//! - Functions carry [`FunctionFlags`] computed while parsing (strictness, simple parameters,
//!   uses of `arguments`/`eval`/`this`/`super`/`new.target`) and their source span for
//!   `Function.prototype.toString`.
//! - Nothing here is semantic analysis beyond those flags: scopes and bindings are the
//!   compiler's job.

mod expression;
mod function;
mod module;
mod pattern;
mod statement;
pub mod visit;

pub use expression::*;
pub use function::*;
pub use module::*;
pub use pattern::*;
pub use statement::*;

/// A half-open byte range `start..end` in the source text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Span {
    /// First byte.
    pub start: u32,
    /// One past the last byte.
    pub end: u32,
}

impl Span {
    /// `start..end`.
    pub const fn new(start: u32, end: u32) -> Span {
        Span { start, end }
    }
}

/// A JavaScript string value as UTF-16 code units (may contain lone surrogates).
pub type JsStr = Box<[u16]>;

/// Encodes `s` as a [`JsStr`].
pub fn js_str(s: &str) -> JsStr {
    s.encode_utf16().collect()
}

/// An identifier: a reference, a binding name or a label. `name` has escapes decoded.
#[derive(Debug, Clone, PartialEq)]
pub struct Identifier {
    /// Source span.
    pub span: Span,
    /// The identifier's string value.
    pub name: Box<str>,
}

/// A directive of a directive prologue (`"use strict";`).
#[derive(Debug, Clone, PartialEq)]
pub struct Directive {
    /// Span of the whole statement.
    pub span: Span,
    /// The literal's source text between the quotes, escapes not decoded (the spec compares
    /// this raw text with `use strict`).
    pub raw: Box<str>,
    /// The literal's string value.
    pub value: JsStr,
}

/// A parsed Script.
#[derive(Debug, Clone, PartialEq)]
pub struct Script {
    /// The whole source.
    pub span: Span,
    /// The directive prologue (its statements are also the first entries of `body`).
    pub directives: Vec<Directive>,
    /// True if the script is strict (a `"use strict"` directive or a strict parse option).
    pub strict: bool,
    /// The statement list.
    pub body: Vec<Statement>,
}

/// A parsed Module (always strict).
#[derive(Debug, Clone, PartialEq)]
pub struct Module {
    /// The whole source.
    pub span: Span,
    /// Module items in source order.
    pub body: Vec<ModuleItem>,
    /// True if the module body contains a top-level `await` (or `for await`, `await using`).
    pub has_top_level_await: bool,
}

/// One item of a module body.
#[derive(Debug, Clone, PartialEq)]
pub enum ModuleItem {
    /// `import ...`
    Import(Box<ImportDeclaration>),
    /// `export ...`
    Export(Box<ExportDeclaration>),
    /// Any statement or declaration.
    Statement(Statement),
}
