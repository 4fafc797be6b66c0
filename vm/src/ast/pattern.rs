//! Patterns: binding patterns (declarations, parameters, `catch`) and assignment patterns
//! (destructuring assignment, `for (... of ...)` heads). Both use one type; only assignment
//! patterns contain [`Pattern::Expression`].

use super::{Expression, Identifier, PropertyKey, Span};

/// A binding or assignment target.
#[derive(Debug, Clone, PartialEq)]
pub enum Pattern {
    /// A plain identifier (`x`).
    Identifier(Identifier),
    /// An assignment-only simple target: a member expression (`a.b`, `a[b]`, `super.x`,
    /// `a.#p`) or a parenthesised simple target (`(a)`, `(a.b)`), kept as written so that
    /// `(a) = function () {}` does not name the function. In sloppy code it may also be a
    /// call (`f() = 1`, `f()++`, `for (f() in o)`): web-compatibility requires those to parse
    /// and throw a `ReferenceError` after evaluating the call.
    Expression(Box<Expression>),
    /// `{ a, b: c, ...rest }`
    Object(Box<ObjectPattern>),
    /// `[a, , b = 1, ...rest]`
    Array(Box<ArrayPattern>),
}

impl Pattern {
    /// The pattern's span.
    pub fn span(&self) -> Span {
        match self {
            Pattern::Identifier(id) => id.span,
            Pattern::Expression(e) => e.span(),
            Pattern::Object(o) => o.span,
            Pattern::Array(a) => a.span,
        }
    }

    /// Appends every identifier bound by this pattern (binding patterns only; assignment-only
    /// targets bind nothing).
    pub fn bound_names<'a>(&'a self, out: &mut Vec<&'a Identifier>) {
        match self {
            Pattern::Identifier(id) => out.push(id),
            Pattern::Expression(_) => {}
            Pattern::Object(o) => {
                for p in &o.properties {
                    p.value.target.bound_names(out);
                }
                if let Some(rest) = &o.rest {
                    rest.bound_names(out);
                }
            }
            Pattern::Array(a) => {
                for e in a.elements.iter().flatten() {
                    e.target.bound_names(out);
                }
                if let Some(rest) = &a.rest {
                    rest.bound_names(out);
                }
            }
        }
    }
}

/// A target with an optional default value (`x = 1` in a pattern or parameter list).
#[derive(Debug, Clone, PartialEq)]
pub struct PatternElement {
    /// Span including the default.
    pub span: Span,
    /// The target.
    pub target: Pattern,
    /// The default value, used when the incoming value is `undefined`.
    pub default: Option<Expression>,
}

/// `{ ... }` pattern.
#[derive(Debug, Clone, PartialEq)]
pub struct ObjectPattern {
    /// Source span.
    pub span: Span,
    /// The properties in order.
    pub properties: Vec<PatternProperty>,
    /// `...rest` (a binding identifier, or a simple target in assignment patterns).
    pub rest: Option<Pattern>,
}

/// `key: target = default` or shorthand `name = default` in an object pattern.
#[derive(Debug, Clone, PartialEq)]
pub struct PatternProperty {
    /// Source span.
    pub span: Span,
    /// The property key.
    pub key: PropertyKey,
    /// The target and default.
    pub value: PatternElement,
    /// True for the shorthand form `{ x }` / `{ x = 1 }`.
    pub shorthand: bool,
}

/// `[ ... ]` pattern.
#[derive(Debug, Clone, PartialEq)]
pub struct ArrayPattern {
    /// Source span.
    pub span: Span,
    /// Elements; `None` is an elision (hole).
    pub elements: Vec<Option<PatternElement>>,
    /// `...rest`.
    pub rest: Option<Pattern>,
}
