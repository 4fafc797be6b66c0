//! Iteration statements: `while`, `do-while`, and every `for` head form — C-style with
//! `var`/`let`/`const`/`using` or expression initialisers, `for-in` (with Annex B's
//! `for (var x = 1 in o)`), `for-of` and `for await`, including the `let`/`async of`/`using of`
//! lookahead rules and the conversion of an expression head to an assignment pattern.

use super::scope::ScopeKind;
use super::{PResult, Parser};
use crate::ast::*;
use crate::lexer::TokenKind as K;

impl Parser<'_> {
    fn parse_loop_body(&mut self) -> PResult<Statement> {
        self.cx_mut().loop_depth += 1;
        self.cx_mut().breakable_depth += 1;
        let body = self.parse_sub_statement();
        self.cx_mut().loop_depth -= 1;
        self.cx_mut().breakable_depth -= 1;
        body
    }

    pub(crate) fn parse_while(&mut self) -> PResult<Statement> {
        let start = self.bump()?.span.start;
        let test = self.parse_paren_expression()?;
        let body = self.parse_loop_body()?;
        Ok(Statement::While(Box::new(WhileStatement {
            span: self.span_from(start),
            test,
            body,
        })))
    }

    pub(crate) fn parse_do_while(&mut self) -> PResult<Statement> {
        let start = self.bump()?.span.start;
        let body = self.parse_loop_body()?;
        self.expect_word("while")?;
        let test = self.parse_paren_expression()?;
        // ASI always applies after `do ... while (...)`.
        self.eat(K::Semicolon)?;
        Ok(Statement::DoWhile(Box::new(DoWhileStatement {
            span: self.span_from(start),
            body,
            test,
        })))
    }

    pub(crate) fn parse_for(&mut self) -> PResult<Statement> {
        self.scopes.push(ScopeKind::Block);
        let result = self.parse_for_inner();
        self.scopes.pop();
        result
    }

    fn parse_for_inner(&mut self) -> PResult<Statement> {
        let start = self.bump()?.span.start;
        let mut is_await = false;
        if self.is_word("await") && (self.cx().is_async || self.cx().in_static_block) {
            let tok = self.bump()?;
            if !self.cx().is_async {
                return self.err("Unexpected 'await'", tok.span);
            }
            if self.ctx.len() == 1 && self.module {
                self.top_level_await = true;
            }
            is_await = true;
        }
        self.expect(K::LParen)?;
        let init_start = self.tok.span.start;
        let mut init: Option<ForInit> = None;
        let mut init_pattern: Option<Expression> = None;
        if self.at(K::Semicolon) {
            // no init
        } else if let Some(kind) = self.for_declaration_kind() {
            let declaration = self.parse_variable_declaration(kind, false, true)?;
            init = Some(ForInit::Declaration(declaration));
        } else {
            let starts_with_let = self.is_word("let");
            let starts_with_async = self.is_word("async") && !self.tok.escaped;
            let async_of = starts_with_async && self.peek().is_word("of");
            let expr = self.parse_assignment(false, true)?;
            if (self.is_word("of") || self.is_word("in"))
                && matches!(expr, Expression::Object(_) | Expression::Array(_))
            {
                init_pattern = Some(expr);
            } else if self.is_word("of") || self.is_word("in") {
                if self.is_word("of") && starts_with_let {
                    return self.err(
                        "The left-hand side of a for-of loop may not be 'let'.",
                        Span::new(init_start, init_start + 3),
                    );
                }
                if self.is_word("of")
                    && async_of
                    && !is_await
                    && matches!(&expr, Expression::Identifier(_))
                {
                    return self.err(
                        "The left-hand side of a for-of loop may not be 'async'.",
                        Span::new(init_start, init_start + 5),
                    );
                }
                init_pattern = Some(expr);
            } else {
                self.check_cover(init_start)?;
                let mut expression = expr;
                if self.at(K::Comma) {
                    let mut expressions = vec![expression];
                    while self.eat(K::Comma)? {
                        expressions.push(self.parse_assignment(false, false)?);
                    }
                    expression = Expression::Sequence(Box::new(SequenceExpression {
                        span: self.span_from(init_start),
                        expressions,
                    }));
                }
                init = Some(ForInit::Expression(expression));
            }
        }
        let is_of = self.is_word("of");
        let is_in = self.is_word("in");
        if is_of || is_in {
            let left = match (init, init_pattern) {
                (Some(ForInit::Declaration(d)), _) => {
                    if d.declarations.len() != 1 {
                        return self.err(
                            "Invalid left-hand side in for-in/of loop: must have a single binding.",
                            d.span,
                        );
                    }
                    let decl = &d.declarations[0];
                    if decl.init.is_some() {
                        let annex_b = is_in
                            && !self.strict()
                            && d.kind == VariableKind::Var
                            && matches!(decl.target, Pattern::Identifier(_));
                        if !annex_b {
                            return self.err(
                                "for-in/of loop variable declaration may not have an initializer.",
                                d.span,
                            );
                        }
                    }
                    if is_in && matches!(d.kind, VariableKind::Using | VariableKind::AwaitUsing) {
                        return self.err(
                            "'using' declarations are not allowed in for-in loops",
                            d.span,
                        );
                    }
                    ForHead::Declaration(d)
                }
                (_, Some(expr)) => {
                    let pattern = match expr {
                        Expression::Object(_) | Expression::Array(_) => {
                            self.assign_pattern_from(expr)?
                        }
                        other => self.simple_target_from(
                            other,
                            true,
                            "Invalid left-hand side in for-loop",
                        )?,
                    };
                    self.check_cover(init_start)?;
                    ForHead::Pattern(pattern)
                }
                _ => return self.unexpected(),
            };
            self.bump()?;
            if is_of {
                let right = self.parse_assignment(true, false)?;
                self.expect(K::RParen)?;
                let body = self.parse_loop_body()?;
                return Ok(Statement::ForOf(Box::new(ForOfStatement {
                    span: self.span_from(start),
                    is_await,
                    left,
                    right,
                    body,
                })));
            }
            if is_await {
                return self.err("for await requires 'of'", self.span_from(start));
            }
            let right = self.parse_expression(true)?;
            self.expect(K::RParen)?;
            let body = self.parse_loop_body()?;
            return Ok(Statement::ForIn(Box::new(ForInStatement {
                span: self.span_from(start),
                left,
                right,
                body,
            })));
        }
        if is_await {
            return self.unexpected();
        }
        if let Some(expr) = init_pattern {
            // `for ({a} ...` not followed by in/of: it was an ordinary expression.
            let _ = expr;
            return self.unexpected();
        }
        if let Some(ForInit::Declaration(d)) = &init {
            for decl in &d.declarations {
                if decl.init.is_none() {
                    if d.kind == VariableKind::Const
                        || matches!(d.kind, VariableKind::Using | VariableKind::AwaitUsing)
                    {
                        return self.err("Missing initializer in declaration", decl.span);
                    }
                    if !matches!(decl.target, Pattern::Identifier(_)) {
                        return self.err(
                            "Missing initializer in destructuring declaration",
                            decl.span,
                        );
                    }
                }
            }
        }
        self.expect(K::Semicolon)?;
        let test = if self.at(K::Semicolon) {
            None
        } else {
            Some(self.parse_expression(true)?)
        };
        self.expect(K::Semicolon)?;
        let update = if self.at(K::RParen) {
            None
        } else {
            Some(self.parse_expression(true)?)
        };
        self.expect(K::RParen)?;
        let body = self.parse_loop_body()?;
        Ok(Statement::For(Box::new(ForStatement {
            span: self.span_from(start),
            init,
            test,
            update,
            body,
        })))
    }

    /// The declaration kind starting a `for` head, if any.
    fn for_declaration_kind(&self) -> Option<VariableKind> {
        if self.tok.kind != K::Name || self.tok.escaped {
            return None;
        }
        match self.tok.name() {
            "var" => Some(VariableKind::Var),
            "const" => Some(VariableKind::Const),
            "let" => {
                let next = self.peek();
                let decl = match next.kind {
                    K::LBracket | K::LBrace => true,
                    K::Name => {
                        !(next.name() == "in" || next.name() == "of" && !next.escaped)
                            || next.name() == "let"
                    }
                    _ => false,
                };
                (decl || self.strict()).then_some(VariableKind::Let)
            }
            "using" => {
                let next = self.peek();
                if next.kind == K::Name && !next.newline_before && next.name() != "in" {
                    if next.is_word("of") {
                        // `for (using of ...)`: `using` is the target unless `of` is followed
                        // by `=`/`;` (a declaration of `of`) — only the declaration form
                        // `using of = ...` exists in a C-style head.
                        let third = self.peek2().1;
                        return matches!(third.kind, K::Eq | K::Semicolon)
                            .then_some(VariableKind::Using);
                    }
                    return Some(VariableKind::Using);
                }
                None
            }
            "await" if self.await_using_starts_declaration() => Some(VariableKind::AwaitUsing),
            _ => None,
        }
    }
}
