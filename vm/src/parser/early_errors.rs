//! Identifier early errors: reserved words, strict-mode reserved words, `yield`/`await` where
//! they are keywords, `eval`/`arguments` as strict binding names, `arguments` in class field
//! initialisers and static blocks, and `let` as a lexical binding name.

use super::{PResult, Parser};
use crate::ast::{Identifier, Span};

/// Reserved words that can never be identifiers (ECMA-262 12.7.2 `ReservedWord`, without
/// `yield` and `await`, which depend on context).
pub(crate) fn is_reserved_word(name: &str) -> bool {
    matches!(
        name,
        "break"
            | "case"
            | "catch"
            | "class"
            | "const"
            | "continue"
            | "debugger"
            | "default"
            | "delete"
            | "do"
            | "else"
            | "enum"
            | "export"
            | "extends"
            | "false"
            | "finally"
            | "for"
            | "function"
            | "if"
            | "import"
            | "in"
            | "instanceof"
            | "new"
            | "null"
            | "return"
            | "super"
            | "switch"
            | "this"
            | "throw"
            | "true"
            | "try"
            | "typeof"
            | "var"
            | "void"
            | "while"
            | "with"
    )
}

/// Words reserved only in strict mode code.
pub(crate) fn is_strict_reserved_word(name: &str) -> bool {
    matches!(
        name,
        "implements"
            | "interface"
            | "let"
            | "package"
            | "private"
            | "protected"
            | "public"
            | "static"
            | "yield"
    )
}

/// How an identifier is used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum IdentUse {
    /// IdentifierReference.
    Reference,
    /// BindingIdentifier of `var`, a parameter or a function name.
    Binding,
    /// BindingIdentifier of `let`/`const`/`class`/`import` (`let` is not allowed).
    Lexical,
    /// LabelIdentifier.
    Label,
}

impl Parser<'_> {
    /// Applies the identifier early errors for `name` used as `usage` in the current context.
    pub(crate) fn check_identifier(
        &mut self,
        name: &str,
        span: Span,
        usage: IdentUse,
    ) -> PResult<()> {
        if is_reserved_word(name) {
            return self.err(format!("Unexpected reserved word '{name}'"), span);
        }
        let strict = self.strict();
        if strict && is_strict_reserved_word(name) {
            return self.err(
                format!("Unexpected strict mode reserved word '{name}'"),
                span,
            );
        }
        match name {
            "yield" if self.cx().is_generator => {
                return self.err("Unexpected 'yield' in generator", span);
            }
            "await" => {
                let cx = self.cx();
                if self.module || cx.is_async || cx.in_static_block {
                    return self.err("Unexpected reserved word 'await'", span);
                }
                if self.cover.await_identifier.is_none() {
                    self.cover.await_identifier = Some(span.start);
                }
            }
            "arguments" if usage == IdentUse::Reference => {
                if !self.cx().allow_arguments {
                    return self.err("'arguments' is not allowed in class field initializer or static initialization block", span);
                }
                self.mark(|f| f.uses_arguments = true);
            }
            "eval" | "arguments"
                if strict && matches!(usage, IdentUse::Binding | IdentUse::Lexical) =>
            {
                return self.err(
                    format!("Unexpected eval or arguments in strict mode: '{name}'"),
                    span,
                );
            }
            "let" if usage == IdentUse::Lexical => {
                return self.err("let is disallowed as a lexically bound name", span);
            }
            _ => {}
        }
        Ok(())
    }

    /// Re-applies the strict-only rules to names parsed before a `"use strict"` directive
    /// made the function strict (its name and parameters).
    pub(crate) fn recheck_strict_binding(&self, id: &Identifier) -> PResult<()> {
        if is_strict_reserved_word(&id.name) {
            return self.err(
                format!("Unexpected strict mode reserved word '{}'", id.name),
                id.span,
            );
        }
        if &*id.name == "eval" || &*id.name == "arguments" {
            return self.err(
                format!("Unexpected eval or arguments in strict mode: '{}'", id.name),
                id.span,
            );
        }
        Ok(())
    }

    /// Parses an identifier token as `usage` (with the checks above).
    pub(crate) fn parse_identifier(&mut self, usage: IdentUse) -> PResult<Identifier> {
        if self.tok.kind != crate::lexer::TokenKind::Name {
            return self.unexpected();
        }
        let tok = self.bump()?;
        let name: Box<str> = tok.name().into();
        self.check_identifier(&name, tok.span, usage)?;
        Ok(Identifier {
            span: tok.span,
            name,
        })
    }
}
