//! Classes and structs: heritage, class elements (methods, accessors, fields, static blocks,
//! computed and private keys), the class element early errors (one constructor, no
//! `constructor` field, no static `prototype`, no `#constructor`), private-name declaration
//! and resolution per class body, and the structs proposal's `struct` / `shared struct`.

use super::early_errors::IdentUse;
use super::scope::{DeclKind, ScopeKind};
use super::{FnCtx, PResult, Parser, PrivateScope};
use crate::ast::*;
use crate::lexer::TokenKind as K;

/// Where a class appears.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ClassMode {
    /// `class` in expression position (name optional, not declared outside).
    Expression,
    /// A declaration (name required, declared in the enclosing scope).
    Declaration,
    /// `export default class` (name optional, declared if present).
    DefaultExport,
}

impl Parser<'_> {
    /// `class` (current token) ...; `declaration` selects [`ClassMode::Declaration`].
    pub(crate) fn parse_class(
        &mut self,
        start: u32,
        declaration: bool,
        mode: Option<ClassMode>,
    ) -> PResult<Class> {
        let mode = mode.unwrap_or(if declaration {
            ClassMode::Declaration
        } else {
            ClassMode::Expression
        });
        self.expect_word("class")?;
        self.parse_class_rest(start, mode, None)
    }

    /// `struct Name ...` / `shared struct Name ...` (current token `struct` or `shared`).
    pub(crate) fn parse_struct(&mut self, start: u32, kind: StructKind) -> PResult<Class> {
        if kind == StructKind::Shared {
            self.expect_word("shared")?;
        }
        self.expect_word("struct")?;
        self.parse_class_rest(start, ClassMode::Declaration, Some(kind))
    }

    fn parse_class_rest(
        &mut self,
        start: u32,
        mode: ClassMode,
        struct_kind: Option<StructKind>,
    ) -> PResult<Class> {
        let saved_strict = self.cx().strict;
        self.cx_mut().strict = true;
        let result = self.nested(|p| p.parse_class_strict(start, mode, struct_kind));
        self.cx_mut().strict = saved_strict;
        let class = result?;
        if mode != ClassMode::Expression {
            if let Some(name) = &class.name {
                self.declare_name(name, DeclKind::Lexical)?;
            }
        }
        Ok(class)
    }

    fn parse_class_strict(
        &mut self,
        start: u32,
        mode: ClassMode,
        struct_kind: Option<StructKind>,
    ) -> PResult<Class> {
        let name = if self.tok.kind == K::Name && !self.is_word("extends") {
            Some(self.parse_identifier(IdentUse::Lexical)?)
        } else {
            if mode == ClassMode::Declaration {
                return self.unexpected();
            }
            None
        };
        let super_class = if self.eat_word("extends")? {
            let heritage_start = self.tok.span.start;
            self.assign_start = u32::MAX;
            let heritage = self.parse_lhs()?;
            self.check_cover(heritage_start)?;
            Some(heritage)
        } else {
            None
        };
        self.expect(K::LBrace)?;
        self.private_scopes.push(PrivateScope::default());
        self.scopes.push(ScopeKind::Block);
        let body = self.parse_class_body(super_class.is_some());
        self.scopes.pop();
        let scope = self.private_scopes.pop().expect("pushed above");
        let body = body?;
        self.expect(K::RBrace)?;
        for (private, span) in scope.unresolved {
            if scope.declared.contains_key(&private) {
                continue;
            }
            if let Some(outer) = self.private_scopes.last_mut() {
                outer.unresolved.push((private, span));
            } else if !self.outer_private_names.contains(&private) {
                return self.err(
                    format!("Private field '#{private}' must be declared in an enclosing class"),
                    span,
                );
            }
        }
        Ok(Class {
            span: self.span_from(start),
            name,
            super_class,
            body,
            struct_kind,
        })
    }

    /// A use of `#name` (member access or `#name in`): resolved when the class body ends.
    pub(crate) fn reference_private_name(&mut self, name: &PrivateName) -> PResult<()> {
        if let Some(scope) = self.private_scopes.last_mut() {
            scope.unresolved.push((name.name.clone(), name.span));
        } else if !self.outer_private_names.contains(&name.name) {
            return self.err(
                format!(
                    "Private field '#{}' must be declared in an enclosing class",
                    name.name
                ),
                name.span,
            );
        }
        Ok(())
    }

    fn declare_private(&mut self, name: &PrivateName, kind: u8, is_static: bool) -> PResult<()> {
        if &*name.name == "constructor" {
            return self.err(
                "Classes may not have a private field named '#constructor'",
                name.span,
            );
        }
        let scope = self.private_scopes.last_mut().expect("inside a class body");
        match scope.declared.get(&name.name).copied() {
            None => {
                scope.declared.insert(name.name.clone(), (kind, is_static));
                Ok(())
            }
            Some((existing, existing_static))
                if existing_static == is_static
                    && ((existing == 1 && kind == 2) || (existing == 2 && kind == 1)) =>
            {
                scope.declared.insert(name.name.clone(), (3, is_static));
                Ok(())
            }
            Some(_) => self.err(
                format!("Identifier '#{}' has already been declared", name.name),
                name.span,
            ),
        }
    }

    /// True if the class-element modifier at the current token is really the element's name.
    fn class_modifier_is_name(&self) -> bool {
        let next = self.peek();
        matches!(
            next.kind,
            K::LParen | K::Eq | K::Semicolon | K::RBrace | K::Eof
        )
    }

    fn parse_class_body(&mut self, derived: bool) -> PResult<Vec<ClassElement>> {
        let mut elements = Vec::new();
        let mut has_constructor = false;
        while !self.at(K::RBrace) {
            if self.eat(K::Semicolon)? {
                continue;
            }
            let element = self.parse_class_element(derived)?;
            if let ClassElement::Method(m) = &element {
                if m.kind == MethodKind::Constructor {
                    if has_constructor {
                        return self.err("A class may only have one constructor", m.key.span());
                    }
                    has_constructor = true;
                }
            }
            elements.push(element);
        }
        Ok(elements)
    }

    fn parse_class_element(&mut self, derived: bool) -> PResult<ClassElement> {
        let start = self.tok.span.start;
        let mut is_static = false;
        if self.is_word("static") && !self.class_modifier_is_name() {
            self.bump()?;
            is_static = true;
            if self.at(K::LBrace) {
                return self.parse_static_block(start);
            }
        }
        // A method's source text (for `toString`) is its MethodDefinition, without `static`.
        let method_start = self.tok.span.start;
        let mut is_async = false;
        let mut is_generator = false;
        let mut kind = MethodKind::Method;
        if self.is_word("async") && !self.class_modifier_is_name() && !self.peek().newline_before {
            self.bump()?;
            is_async = true;
        }
        if self.eat(K::Star)? {
            is_generator = true;
        }
        if !is_async
            && !is_generator
            && (self.is_word("get") || self.is_word("set"))
            && !self.class_modifier_is_name()
            && self.peek().kind != K::Star
        {
            kind = if self.bump()?.name() == "get" {
                MethodKind::Getter
            } else {
                MethodKind::Setter
            };
        }
        let key = self.parse_property_key(true)?;
        let static_name = match &key {
            PropertyKey::Identifier(id) => Some(id.name.to_string()),
            PropertyKey::String(s) => Some(String::from_utf16_lossy(&s.value)),
            _ => None,
        };
        if is_static && static_name.as_deref() == Some("prototype") {
            return self.err(
                "Classes may not have a static property named 'prototype'",
                key.span(),
            );
        }
        if self.at(K::LParen) || is_async || is_generator || kind != MethodKind::Method {
            let is_constructor = !is_static && static_name.as_deref() == Some("constructor");
            if is_constructor {
                if kind != MethodKind::Method {
                    return self.err("Class constructor may not be an accessor", key.span());
                }
                if is_async || is_generator {
                    return self.err(
                        "Class constructor may not be an async method or a generator",
                        key.span(),
                    );
                }
                kind = MethodKind::Constructor;
            }
            if let PropertyKey::Private(name) = &key {
                let private_kind = match kind {
                    MethodKind::Getter => 1,
                    MethodKind::Setter => 2,
                    _ => 0,
                };
                let name = name.clone();
                self.declare_private(&name, private_kind, is_static)?;
            }
            let function = self.parse_method(
                method_start,
                kind,
                is_async,
                is_generator,
                is_constructor,
                derived,
            )?;
            return Ok(ClassElement::Method(Box::new(ClassMethod {
                span: self.span_from(start),
                is_static,
                key,
                kind,
                function,
            })));
        }
        if static_name.as_deref() == Some("constructor") {
            return self.err(
                "Classes may not have a field named 'constructor'",
                key.span(),
            );
        }
        if let PropertyKey::Private(name) = &key {
            let name = name.clone();
            self.declare_private(&name, 0, is_static)?;
        }
        let (value, flags) = if self.eat(K::Eq)? {
            self.parse_field_initializer()?
        } else {
            (None, FunctionFlags::default())
        };
        self.semicolon()?;
        Ok(ClassElement::Field(Box::new(ClassField {
            span: self.span_from(start),
            is_static,
            key,
            value,
            flags,
        })))
    }

    /// A context for code that runs like a method body of the class (field initialisers and
    /// static blocks).
    fn class_code_ctx(&self, static_block: bool) -> FnCtx {
        FnCtx {
            strict: true,
            // Initialisers are parsed [~Yield, ~Await]: in an async function `x = await` reads
            // a variable named `await` (in scripts).
            allow_super_property: true,
            allow_new_target: true,
            allow_arguments: false,
            in_static_block: static_block,
            in_field_init: !static_block,
            flags: FunctionFlags {
                strict: true,
                simple_parameters: true,
                ..Default::default()
            },
            ..Default::default()
        }
    }

    fn parse_field_initializer(&mut self) -> PResult<(Option<Expression>, FunctionFlags)> {
        let cx = self.class_code_ctx(false);
        self.ctx.push(cx);
        self.scopes.push(ScopeKind::Function);
        let saved_cover = std::mem::take(&mut self.cover);
        let value = self.parse_assignment(true, false);
        self.cover = saved_cover;
        self.scopes.pop();
        let cx = self.ctx.pop().expect("pushed above");
        Ok((Some(value?), cx.flags))
    }

    fn parse_static_block(&mut self, start: u32) -> PResult<ClassElement> {
        let cx = self.class_code_ctx(true);
        self.ctx.push(cx);
        self.scopes.push(ScopeKind::Function);
        let saved_cover = std::mem::take(&mut self.cover);
        let result = (|| -> PResult<BlockStatement> {
            let block_start = self.expect(K::LBrace)?.span.start;
            let mut body = Vec::new();
            while !self.at(K::RBrace) {
                body.push(self.parse_statement_list_item()?);
            }
            self.expect(K::RBrace)?;
            Ok(BlockStatement {
                span: self.span_from(block_start),
                body,
            })
        })();
        self.cover = saved_cover;
        self.scopes.pop();
        let cx = self.ctx.pop().expect("pushed above");
        let body = result?;
        Ok(ClassElement::StaticBlock(Box::new(StaticBlock {
            span: self.span_from(start),
            body,
            flags: cx.flags,
        })))
    }
}
