//! Functions: declarations, expressions, methods/accessors/constructors, arrow functions,
//! formal parameters, function bodies with their directive prologue ("use strict" applying
//! retroactively to the name and parameters), and the standalone pieces the `Function`
//! constructor parses.

use super::early_errors::IdentUse;
use super::scope::{DeclKind, ScopeKind};
use super::{FnCtx, PResult, Parser};
use crate::ast::visit::{walk_expression, walk_function, Visitor};
use crate::ast::*;
use crate::lexer::TokenKind as K;

impl Parser<'_> {
    /// The context for a new function of `kind` nested in the current one.
    fn function_ctx(&self, kind: FunctionKind, is_async: bool, is_generator: bool) -> FnCtx {
        let parent = self.cx();
        let arrow = kind == FunctionKind::Arrow;
        let method = !matches!(kind, FunctionKind::Normal | FunctionKind::Arrow);
        FnCtx {
            strict: parent.strict,
            is_async,
            is_generator,
            is_arrow: arrow,
            in_function: true,
            allow_super_property: if arrow {
                parent.allow_super_property
            } else {
                method
            },
            allow_super_call: if arrow {
                parent.allow_super_call
            } else {
                kind == FunctionKind::DerivedConstructor
            },
            allow_new_target: !arrow || parent.allow_new_target,
            allow_arguments: !arrow || parent.allow_arguments,
            flags: FunctionFlags {
                strict: parent.strict,
                ..Default::default()
            },
            ..Default::default()
        }
    }

    /// `function` (current token) in expression position; `start` includes any `async`.
    pub(crate) fn parse_function_expression(
        &mut self,
        start: u32,
        is_async: bool,
    ) -> PResult<Function> {
        self.expect_word("function")?;
        let is_generator = self.eat(K::Star)?;
        let cx = self.function_ctx(FunctionKind::Normal, is_async, is_generator);
        let name = if self.at(K::Name) {
            // The name of a function expression is checked in the function's own context
            // (and is no `await` of an enclosing `async (...)` head).
            self.ctx.push(cx.clone());
            let saved_cover = self.cover;
            let name = self.parse_identifier(IdentUse::Binding);
            self.cover = saved_cover;
            self.ctx.pop();
            Some(name?)
        } else {
            None
        };
        self.parse_function_rest(start, name, FunctionKind::Normal, is_async, is_generator)
    }

    /// `function` (current token) as a declaration; the name is required unless
    /// `default_export`. Declares the name in the current scope.
    pub(crate) fn parse_function_declaration(
        &mut self,
        start: u32,
        is_async: bool,
        default_export: bool,
    ) -> PResult<Function> {
        self.expect_word("function")?;
        let is_generator = self.eat(K::Star)?;
        let name = if default_export && self.at(K::LParen) {
            None
        } else {
            Some(self.parse_identifier(IdentUse::Binding)?)
        };
        let function =
            self.parse_function_rest(start, name, FunctionKind::Normal, is_async, is_generator)?;
        if let Some(name) = &function.name {
            let kind = if self.scopes.functions_are_var() {
                DeclKind::Var
            } else if self.scopes.current_kind() == ScopeKind::ModuleTop
                || self.strict()
                || is_async
                || is_generator
            {
                DeclKind::Lexical
            } else {
                DeclKind::SloppyBlockFunction
            };
            self.declare_name(name, kind)?;
        }
        Ok(function)
    }

    /// Declares `id` in the current scope or reports the redeclaration.
    pub(crate) fn declare_name(&mut self, id: &Identifier, kind: DeclKind) -> PResult<()> {
        if !self.scopes.declare(&id.name, kind) {
            return self.err(
                format!("Identifier '{}' has already been declared", id.name),
                id.span,
            );
        }
        Ok(())
    }

    /// A method's parameters and body (current token `(`).
    pub(crate) fn parse_method(
        &mut self,
        start: u32,
        kind: MethodKind,
        is_async: bool,
        is_generator: bool,
        is_constructor: bool,
        derived: bool,
    ) -> PResult<Function> {
        let function_kind = match kind {
            MethodKind::Getter => FunctionKind::Getter,
            MethodKind::Setter => FunctionKind::Setter,
            _ if is_constructor && derived => FunctionKind::DerivedConstructor,
            _ if is_constructor => FunctionKind::BaseConstructor,
            _ => FunctionKind::Method,
        };
        let function =
            self.parse_function_rest(start, None, function_kind, is_async, is_generator)?;
        match kind {
            MethodKind::Getter
                if !function.params.items.is_empty() || function.params.rest.is_some() =>
            {
                self.err(
                    "Getter must not have any formal parameters.",
                    function.params.span,
                )
            }
            MethodKind::Setter
                if function.params.items.len() != 1 || function.params.rest.is_some() =>
            {
                self.err(
                    "Setter must have exactly one formal parameter.",
                    function.params.span,
                )
            }
            _ => Ok(function),
        }
    }

    /// Parameters and body of a non-arrow function.
    fn parse_function_rest(
        &mut self,
        start: u32,
        name: Option<Identifier>,
        kind: FunctionKind,
        is_async: bool,
        is_generator: bool,
    ) -> PResult<Function> {
        let cx = self.function_ctx(kind, is_async, is_generator);
        let was_strict = cx.strict;
        self.ctx.push(cx);
        self.scopes.push(ScopeKind::Function);
        let saved_cover = std::mem::take(&mut self.cover);
        let result = self.nested(|p| {
            p.parse_function_parts(start, name, kind, is_async, is_generator, was_strict)
        });
        self.cover = saved_cover;
        self.scopes.pop();
        self.ctx.pop();
        result
    }

    fn parse_function_parts(
        &mut self,
        start: u32,
        name: Option<Identifier>,
        kind: FunctionKind,
        is_async: bool,
        is_generator: bool,
        was_strict: bool,
    ) -> PResult<Function> {
        let params = self.parse_formal_parameters()?;
        let simple = is_simple(&params);
        self.declare_params(&params)?;
        let body = self.parse_function_body(simple)?;
        self.finish_function(
            start,
            name,
            kind,
            is_async,
            is_generator,
            params,
            body,
            was_strict,
            false,
        )
    }

    /// Checks that depend on the whole function (strictness known only after the body) and
    /// builds the node. The function's context is still the current one.
    #[allow(clippy::too_many_arguments)]
    fn finish_function(
        &mut self,
        start: u32,
        name: Option<Identifier>,
        kind: FunctionKind,
        is_async: bool,
        is_generator: bool,
        params: FormalParameters,
        body: FunctionBody,
        was_strict: bool,
        concise: bool,
    ) -> PResult<Function> {
        let strict = self.strict();
        let simple = is_simple(&params);
        let names = params.bound_names();
        if strict && !was_strict {
            if let Some(name) = &name {
                self.recheck_strict_binding(name)?;
            }
            for id in &names {
                self.recheck_strict_binding(id)?;
            }
        }
        if strict || !simple || kind != FunctionKind::Normal {
            for (i, id) in names.iter().enumerate() {
                if names[..i].iter().any(|other| other.name == id.name) {
                    return self.err(
                        "Duplicate parameter name not allowed in this context",
                        id.span,
                    );
                }
            }
        }
        let mut flags = self.cx().flags;
        flags.strict = strict;
        flags.simple_parameters = simple;
        flags.concise_body = concise;
        flags.has_use_strict = body.directives.iter().any(|d| &*d.raw == "use strict");
        Ok(Function {
            span: self.span_from(start),
            name,
            kind,
            is_async,
            is_generator,
            params,
            body,
            flags,
        })
    }

    /// Declares the parameters in the (new) function scope.
    fn declare_params(&mut self, params: &FormalParameters) -> PResult<()> {
        for id in params.bound_names() {
            self.scopes.declare(&id.name, DeclKind::Param);
        }
        Ok(())
    }

    /// `( a, b = 1, {c}, ...d )`
    pub(crate) fn parse_formal_parameters(&mut self) -> PResult<FormalParameters> {
        let start = self.expect(K::LParen)?.span.start;
        self.cx_mut().in_params = true;
        let (items, rest) = self.parse_parameter_list(K::RParen)?;
        self.expect(K::RParen)?;
        self.cx_mut().in_params = false;
        Ok(FormalParameters {
            span: self.span_from(start),
            items,
            rest,
        })
    }

    fn parse_parameter_list(&mut self, end: K) -> PResult<(Vec<PatternElement>, Option<Pattern>)> {
        let mut items = Vec::new();
        let mut rest = None;
        while !self.at(end) {
            if self.at(K::Ellipsis) {
                self.bump()?;
                rest = Some(self.parse_binding_target()?);
                if self.at(K::Eq) {
                    return self.err(
                        "Rest parameter may not have a default initializer",
                        self.tok.span,
                    );
                }
                if !self.at(end) {
                    return self.err(
                        "Rest parameter must be last formal parameter",
                        self.tok.span,
                    );
                }
                break;
            }
            items.push(self.parse_binding_element()?);
            if !self.eat(K::Comma)? {
                break;
            }
        }
        Ok((items, rest))
    }

    /// `{ directives statements }`
    fn parse_function_body(&mut self, simple_params: bool) -> PResult<FunctionBody> {
        let start = self.expect(K::LBrace)?.span.start;
        let (directives, statements) = self.parse_body_items(K::RBrace, Some(simple_params))?;
        self.expect(K::RBrace)?;
        Ok(FunctionBody {
            span: self.span_from(start),
            directives,
            statements,
        })
    }

    /// A statement list that starts with a directive prologue, up to `end` (not consumed).
    /// `simple_params` is `None` outside functions.
    pub(crate) fn parse_body_items(
        &mut self,
        end: K,
        simple_params: Option<bool>,
    ) -> PResult<(Vec<Directive>, Vec<Statement>)> {
        let mut directives = Vec::new();
        let mut statements = Vec::new();
        let mut in_prologue = true;
        let mut octal_before = None;
        while !self.at(end) {
            if in_prologue && self.at(K::String) {
                let tok_span = self.tok.span;
                let octal = self.tok.legacy_octal;
                let statement = self.parse_statement_list_item()?;
                let is_directive = matches!(&statement,
                    Statement::Expression(es) if matches!(&es.expression, Expression::String(s) if s.span == tok_span));
                if is_directive {
                    let Statement::Expression(es) = &statement else {
                        unreachable!("checked above")
                    };
                    let Expression::String(s) = &es.expression else {
                        unreachable!("checked above")
                    };
                    let raw =
                        &self.source.text()[tok_span.start as usize + 1..tok_span.end as usize - 1];
                    if raw == "use strict" {
                        if simple_params == Some(false) {
                            return self.err(
                                "Illegal 'use strict' directive in function with non-simple parameter list",
                                tok_span,
                            );
                        }
                        if let Some(pos) = octal_before {
                            return self.err(
                                "Octal escape sequences are not allowed in strict mode",
                                crate::ast::Span::new(pos, pos + 2),
                            );
                        }
                        self.cx_mut().strict = true;
                    }
                    if octal_before.is_none() {
                        octal_before = octal;
                    }
                    directives.push(Directive {
                        span: es.span,
                        raw: raw.into(),
                        value: s.value.clone(),
                    });
                } else {
                    in_prologue = false;
                }
                statements.push(statement);
                continue;
            }
            in_prologue = false;
            statements.push(self.parse_statement_list_item()?);
        }
        Ok((directives, statements))
    }

    /// After the parameters of an arrow function: `=> body`.
    pub(crate) fn parse_arrow_function(
        &mut self,
        start: u32,
        params: FormalParameters,
        is_async: bool,
        in_ok: bool,
    ) -> PResult<Expression> {
        self.expect(K::Arrow)?;
        let cx = self.function_ctx(FunctionKind::Arrow, is_async, false);
        let was_strict = cx.strict;
        self.ctx.push(cx);
        self.scopes.push(ScopeKind::Function);
        let saved_cover = std::mem::take(&mut self.cover);
        // A function boundary adds tree depth (function, body, statement): one more unit.
        let result =
            self.nested(|p| p.parse_arrow_body(start, params, is_async, in_ok, was_strict));
        self.cover = saved_cover;
        self.scopes.pop();
        self.ctx.pop();
        Ok(Expression::Arrow(Box::new(result?)))
    }

    fn parse_arrow_body(
        &mut self,
        start: u32,
        params: FormalParameters,
        is_async: bool,
        in_ok: bool,
        was_strict: bool,
    ) -> PResult<Function> {
        self.declare_params(&params)?;
        // The parameters were parsed in the enclosing context (before `=>` was seen): their
        // uses of `this`, `arguments`, `super`, `new.target` and direct eval belong to the
        // arrow too.
        let mut scan = UseScan::default();
        for p in &params.items {
            scan.visit_binding_pattern(&p.target);
            if let Some(d) = &p.default {
                scan.visit_expression(d);
            }
        }
        if let Some(rest) = &params.rest {
            scan.visit_binding_pattern(rest);
        }
        let flags = &mut self.cx_mut().flags;
        flags.uses_this |= scan.flags.uses_this;
        flags.uses_arguments |= scan.flags.uses_arguments;
        flags.uses_eval |= scan.flags.uses_eval;
        flags.uses_super_property |= scan.flags.uses_super_property;
        flags.uses_super_call |= scan.flags.uses_super_call;
        flags.uses_new_target |= scan.flags.uses_new_target;
        if self.at(K::LBrace) {
            let body = self.parse_function_body(is_simple(&params))?;
            self.finish_function(
                start,
                None,
                FunctionKind::Arrow,
                is_async,
                false,
                params,
                body,
                was_strict,
                false,
            )
        } else {
            let body_start = self.tok.span.start;
            let expression = self.parse_assignment(in_ok, false)?;
            let span = self.span_from(body_start);
            let body = FunctionBody {
                span,
                directives: Vec::new(),
                statements: vec![Statement::Return(ReturnStatement {
                    span,
                    argument: Some(expression),
                })],
            };
            self.finish_function(
                start,
                None,
                FunctionKind::Arrow,
                is_async,
                false,
                params,
                body,
                was_strict,
                true,
            )
        }
    }

    // ----- the Function constructor's pieces -----

    /// The whole parameter text of a dynamic function.
    pub(crate) fn parse_standalone_parameters(
        &mut self,
        is_async: bool,
        is_generator: bool,
    ) -> PResult<()> {
        let cx = self.function_ctx(FunctionKind::Normal, is_async, is_generator);
        self.ctx.push(cx);
        self.scopes.push(ScopeKind::Function);
        self.cx_mut().in_params = true;
        self.parse_parameter_list(K::Eof)?;
        if !self.at(K::Eof) {
            return self.unexpected();
        }
        Ok(())
    }

    /// The whole body text of a dynamic function.
    pub(crate) fn parse_standalone_body(
        &mut self,
        is_async: bool,
        is_generator: bool,
    ) -> PResult<()> {
        let cx = self.function_ctx(FunctionKind::Normal, is_async, is_generator);
        self.ctx.push(cx);
        self.scopes.push(ScopeKind::Function);
        self.parse_body_items(K::Eof, None)?;
        Ok(())
    }

    /// The assembled `function anonymous(...) {...}` text.
    pub(crate) fn parse_standalone_function(&mut self) -> PResult<Function> {
        let start = self.tok.span.start;
        let is_async = self.eat_word("async")?;
        let function = self.parse_function_expression(start, is_async)?;
        if !self.at(K::Eof) {
            return self.unexpected();
        }
        Ok(function)
    }
}

/// Finds uses of `this`, `arguments`, `super`, `new.target` and direct eval that belong to
/// the function being scanned (descending into arrows, class heritage and computed keys, but
/// not into other functions).
#[derive(Default)]
struct UseScan {
    flags: FunctionFlags,
}

impl Visitor for UseScan {
    fn visit_expression(&mut self, expression: &Expression) {
        match expression {
            Expression::This(_) => self.flags.uses_this = true,
            Expression::NewTarget(_) => self.flags.uses_new_target = true,
            Expression::SuperMember(_) => self.flags.uses_super_property = true,
            Expression::SuperCall(_) => self.flags.uses_super_call = true,
            Expression::Call(c) if c.direct_eval => self.flags.uses_eval = true,
            _ => {}
        }
        walk_expression(self, expression)
    }

    fn visit_identifier_reference(&mut self, identifier: &Identifier) {
        if &*identifier.name == "arguments" {
            self.flags.uses_arguments = true;
        }
    }

    fn visit_function(&mut self, function: &Function) {
        if function.kind == FunctionKind::Arrow {
            walk_function(self, function);
        }
    }

    fn visit_class(&mut self, class: &Class) {
        if let Some(heritage) = &class.super_class {
            self.visit_expression(heritage);
        }
        for element in &class.body {
            let key = match element {
                ClassElement::Method(m) => &m.key,
                ClassElement::Field(f) => &f.key,
                ClassElement::StaticBlock(_) => continue,
            };
            self.visit_property_key(key);
        }
    }
}

/// IsSimpleParameterList.
pub(crate) fn is_simple(params: &FormalParameters) -> bool {
    params.rest.is_none()
        && params
            .items
            .iter()
            .all(|p| p.default.is_none() && matches!(p.target, Pattern::Identifier(_)))
}
