//! Statements and declarations: blocks, variable declarations (`var`, `let`, `const`,
//! `using`, `await using`), `if`, `switch`, labels with `break`/`continue` target checks,
//! `try`, `with`, `return`, `throw`, function, class and struct declarations, and the Script
//! top level. Loops live in `iteration.rs`.

use super::early_errors::{is_reserved_word, IdentUse};
use super::scope::{DeclKind, ScopeKind};
use super::{Label, PResult, Parser};
use crate::ast::*;
use crate::lexer::TokenKind as K;

impl Parser<'_> {
    /// Script: directive prologue and statement list.
    pub(crate) fn parse_script_body(&mut self) -> PResult<Script> {
        let (directives, body) = self.parse_body_items(K::Eof, None)?;
        Ok(Script {
            span: Span::new(0, self.source.text().len() as u32),
            directives,
            strict: self.strict(),
            body,
        })
    }

    /// StatementListItem: a statement or a declaration.
    pub(crate) fn parse_statement_list_item(&mut self) -> PResult<Statement> {
        self.nested(|p| p.parse_statement_list_item_inner())
    }

    fn parse_statement_list_item_inner(&mut self) -> PResult<Statement> {
        let start = self.tok.span.start;
        if self.tok.kind == K::Name && !self.tok.escaped {
            match self.tok.name() {
                "function" => {
                    return Ok(Statement::Function(Box::new(
                        self.parse_function_declaration(start, false, false)?,
                    )));
                }
                "class" => {
                    return Ok(Statement::Class(Box::new(
                        self.parse_class(start, true, None)?,
                    )))
                }
                "const" => return self.parse_variable_statement(VariableKind::Const),
                "let" if self.let_starts_declaration() => {
                    return self.parse_variable_statement(VariableKind::Let)
                }
                "async" => {
                    let next = self.peek();
                    if next.is_word("function") && !next.newline_before {
                        self.bump()?;
                        return Ok(Statement::Function(Box::new(
                            self.parse_function_declaration(start, true, false)?,
                        )));
                    }
                }
                "using" if self.using_starts_declaration() => {
                    return self.parse_variable_statement(VariableKind::Using)
                }
                "await" if self.await_using_starts_declaration() => {
                    return self.parse_variable_statement(VariableKind::AwaitUsing);
                }
                "struct" | "shared" => {
                    if let Some(kind) = self.struct_starts_declaration() {
                        return Ok(Statement::Class(Box::new(self.parse_struct(start, kind)?)));
                    }
                }
                "import" if !matches!(self.peek().kind, K::LParen | K::Dot) => {
                    return self.err(
                        if self.module { "Unexpected token 'import': imports are only allowed at the top level of a module" } else { "Cannot use import statement outside a module" },
                        self.tok.span,
                    );
                }
                "export" => {
                    return self.err(
                        if self.module { "Unexpected token 'export': exports are only allowed at the top level of a module" } else { "Unexpected token 'export'" },
                        self.tok.span,
                    );
                }
                _ => {}
            }
        }
        self.parse_statement()
    }

    /// True if the current `let` starts a lexical declaration.
    fn let_starts_declaration(&self) -> bool {
        let next = self.peek();
        match next.kind {
            K::LBracket | K::LBrace => true,
            K::Name => next.escaped || !is_reserved_word(next.name()) || next.name() == "let",
            _ => false,
        }
    }

    /// `using x` (same line, `x` an identifier other than `in`/`instanceof`).
    pub(crate) fn using_starts_declaration(&self) -> bool {
        let next = self.peek();
        next.kind == K::Name
            && !next.newline_before
            && (next.escaped || !matches!(next.name(), "in" | "instanceof"))
    }

    /// `await using x` where `await` is a keyword.
    pub(crate) fn await_using_starts_declaration(&self) -> bool {
        if !self.cx().is_async || self.cx().in_static_block {
            return false;
        }
        let (u, x) = self.peek2();
        u.is_word("using")
            && !u.newline_before
            && x.kind == K::Name
            && !x.newline_before
            && x.name() != "in"
            && x.name() != "instanceof"
    }

    /// `struct Name` / `shared struct Name` on one line.
    fn struct_starts_declaration(&self) -> Option<StructKind> {
        let (second, third) = self.peek2();
        if self.is_word("struct") {
            (second.kind == K::Name && !second.newline_before).then_some(StructKind::Unshared)
        } else if second.is_word("struct")
            && !second.newline_before
            && third.kind == K::Name
            && !third.newline_before
        {
            Some(StructKind::Shared)
        } else {
            None
        }
    }

    /// Statement (no declarations, except Annex B cases handled by callers).
    pub(crate) fn parse_statement(&mut self) -> PResult<Statement> {
        let start = self.tok.span.start;
        let statement = self.nested(|p| p.parse_statement_inner())?;
        self.check_cover(start)?;
        Ok(statement)
    }

    fn parse_statement_inner(&mut self) -> PResult<Statement> {
        let start = self.tok.span.start;
        match self.tok.kind {
            K::LBrace => return Ok(Statement::Block(self.parse_block(true)?)),
            K::Semicolon => {
                self.bump()?;
                return Ok(Statement::Empty(self.span_from(start)));
            }
            K::Name if !self.tok.escaped => match self.tok.name() {
                "var" => return self.parse_variable_statement(VariableKind::Var),
                "if" => return self.parse_if(),
                "for" => return self.parse_for(),
                "while" => return self.parse_while(),
                "do" => return self.parse_do_while(),
                "continue" | "break" => return self.parse_jump(),
                "return" => return self.parse_return(),
                "with" => return self.parse_with(),
                "switch" => return self.parse_switch(),
                "throw" => return self.parse_throw(),
                "try" => return self.parse_try(),
                "debugger" => {
                    self.bump()?;
                    self.semicolon()?;
                    return Ok(Statement::Debugger(self.span_from(start)));
                }
                "function" => {
                    return self.err(
                        if self.strict() {
                            "In strict mode code, functions can only be declared at top level or inside a block."
                        } else {
                            "In non-strict mode code, functions can only be declared at top level, inside a block, or as the body of an if statement."
                        },
                        self.tok.span,
                    );
                }
                "class" | "const" => {
                    return self.err(
                        "Lexical declaration cannot appear in a single-statement context",
                        self.tok.span,
                    );
                }
                "let" if self.peek().kind == K::LBracket => {
                    return self.err(
                        "Lexical declaration cannot appear in a single-statement context",
                        self.tok.span,
                    );
                }
                "async" => {
                    let next = self.peek();
                    if next.is_word("function") && !next.newline_before {
                        return self.err("Async functions can only be declared at the top level or inside a block.", self.tok.span);
                    }
                }
                _ => {}
            },
            _ => {}
        }
        // Labelled statement?
        if self.tok.kind == K::Name
            && self.peek().kind == K::Colon
            && !(self.is_word("yield") && self.cx().is_generator)
            && !(self.is_word("await") && (self.cx().is_async || self.cx().in_static_block))
        {
            return self.parse_labelled();
        }
        let expression = self.parse_expression(true)?;
        self.semicolon()?;
        Ok(Statement::Expression(ExpressionStatement {
            span: self.span_from(start),
            expression,
        }))
    }

    /// `{ ... }`; `new_scope` is false when the caller already opened the scope (catch
    /// bodies share the parameter's scope).
    pub(crate) fn parse_block(&mut self, new_scope: bool) -> PResult<BlockStatement> {
        let start = self.expect(K::LBrace)?.span.start;
        if new_scope {
            self.scopes.push(ScopeKind::Block);
        }
        let mut body = Vec::new();
        let result = (|| {
            while !self.at(K::RBrace) {
                body.push(self.parse_statement_list_item()?);
            }
            self.expect(K::RBrace)
        })();
        if new_scope {
            self.scopes.pop();
        }
        result?;
        Ok(BlockStatement {
            span: self.span_from(start),
            body,
        })
    }

    /// `var`/`let`/`const`/`using`/`await using` statement.
    fn parse_variable_statement(&mut self, kind: VariableKind) -> PResult<Statement> {
        let declaration = self.parse_variable_declaration(kind, true, false)?;
        self.semicolon()?;
        let mut declaration = declaration;
        declaration.span = self.span_from(declaration.span.start);
        Ok(Statement::Variable(declaration))
    }

    /// The declaration keyword(s) and declarators. In a `for` head (`in_for`), initialisers
    /// are optional for every kind (the caller checks) and `in` is not an operator.
    pub(crate) fn parse_variable_declaration(
        &mut self,
        kind: VariableKind,
        in_ok: bool,
        in_for: bool,
    ) -> PResult<VariableDeclaration> {
        let start = self.tok.span.start;
        if kind == VariableKind::AwaitUsing {
            let tok = self.bump()?;
            if self.ctx.len() == 1 && self.module {
                self.top_level_await = true;
            }
            let _ = tok;
        }
        let keyword = self.bump()?;
        if matches!(kind, VariableKind::Using | VariableKind::AwaitUsing)
            && !self.module
            && self.ctx.len() == 1
            && self.scopes.current_kind() == ScopeKind::ScriptTop
        {
            return self.err(
                "'using' declarations are not allowed at the top level of a script",
                keyword.span,
            );
        }
        if matches!(kind, VariableKind::Using | VariableKind::AwaitUsing) && self.in_case_clause() {
            return self.err(
                "'using' declarations are not allowed directly in a case clause",
                keyword.span,
            );
        }
        let mut declarations = Vec::new();
        loop {
            let decl_start = self.tok.span.start;
            let usage = if kind == VariableKind::Var {
                IdentUse::Binding
            } else {
                IdentUse::Lexical
            };
            let target = if matches!(kind, VariableKind::Using | VariableKind::AwaitUsing) {
                Pattern::Identifier(self.parse_identifier(usage)?)
            } else if usage == IdentUse::Lexical && self.tok.kind == K::Name {
                Pattern::Identifier(self.parse_identifier(IdentUse::Lexical)?)
            } else {
                self.parse_binding_target()?
            };
            let init = if self.eat(K::Eq)? {
                Some(self.parse_assignment(in_ok, false)?)
            } else {
                if !in_for {
                    if kind == VariableKind::Const {
                        return self.err(
                            "Missing initializer in const declaration",
                            self.span_from(decl_start),
                        );
                    }
                    if matches!(kind, VariableKind::Using | VariableKind::AwaitUsing) {
                        return self.err(
                            "Missing initializer in using declaration",
                            self.span_from(decl_start),
                        );
                    }
                    if !matches!(target, Pattern::Identifier(_)) {
                        return self.err(
                            "Missing initializer in destructuring declaration",
                            self.span_from(decl_start),
                        );
                    }
                }
                None
            };
            let mut names = Vec::new();
            target.bound_names(&mut names);
            let decl_kind = if kind == VariableKind::Var {
                DeclKind::Var
            } else {
                DeclKind::Lexical
            };
            for id in names {
                if usage == IdentUse::Lexical && &*id.name == "let" {
                    return self.err("let is disallowed as a lexically bound name", id.span);
                }
                let id = id.clone();
                self.declare_name(&id, decl_kind)?;
            }
            declarations.push(VariableDeclarator {
                span: self.span_from(decl_start),
                target,
                init,
            });
            if !self.eat(K::Comma)? {
                break;
            }
        }
        Ok(VariableDeclaration {
            span: self.span_from(start),
            kind,
            declarations,
        })
    }

    /// True while parsing a statement directly in a `case`/`default` clause.
    fn in_case_clause(&self) -> bool {
        self.case_clause_depth == self.depth
    }

    pub(crate) fn parse_paren_expression(&mut self) -> PResult<Expression> {
        self.expect(K::LParen)?;
        let e = self.parse_expression(true)?;
        self.expect(K::RParen)?;
        Ok(e)
    }

    /// The body of `if`/`else`: a statement, or (sloppy Annex B) a plain function
    /// declaration treated as if in a block.
    fn parse_if_body(&mut self) -> PResult<Statement> {
        if self.is_word("function") && !self.strict() {
            let start = self.tok.span.start;
            if self.peek().kind == K::Star {
                return self.err(
                    "Generators can only be declared at the top level or inside a block.",
                    self.tok.span,
                );
            }
            self.scopes.push(ScopeKind::Block);
            let f = self.parse_function_declaration(start, false, false);
            self.scopes.pop();
            return Ok(Statement::Function(Box::new(f?)));
        }
        self.parse_sub_statement()
    }

    /// A statement in a single-statement position (loop/if body): labelled functions are
    /// not allowed there.
    pub(crate) fn parse_sub_statement(&mut self) -> PResult<Statement> {
        let statement = self.parse_statement()?;
        if is_labelled_function(&statement) {
            return self.err(
                "Labelled function declarations are not allowed here",
                statement.span(),
            );
        }
        Ok(statement)
    }

    fn parse_if(&mut self) -> PResult<Statement> {
        let start = self.bump()?.span.start;
        let test = self.parse_paren_expression()?;
        let consequent = self.parse_if_body()?;
        let alternate = if self.eat_word("else")? {
            Some(self.parse_if_body()?)
        } else {
            None
        };
        Ok(Statement::If(Box::new(IfStatement {
            span: self.span_from(start),
            test,
            consequent,
            alternate,
        })))
    }

    fn parse_jump(&mut self) -> PResult<Statement> {
        let tok = self.bump()?;
        let is_break = tok.name() == "break";
        let mut label = None;
        if self.tok.kind == K::Name && !self.tok.newline_before {
            let id = self.parse_identifier(IdentUse::Label)?;
            let found = self
                .cx()
                .labels
                .iter()
                .rev()
                .find(|l| l.name == id.name)
                .cloned();
            match found {
                None => return self.err(format!("Undefined label '{}'", id.name), id.span),
                Some(l) if !is_break && !l.is_loop => {
                    return self.err(format!("Illegal continue statement: '{}' does not denote an iteration statement", id.name), id.span);
                }
                Some(_) => {}
            }
            label = Some(id);
        } else if is_break && self.cx().breakable_depth == 0 {
            return self.err("Illegal break statement", tok.span);
        } else if !is_break && self.cx().loop_depth == 0 {
            return self.err(
                "Illegal continue statement: no surrounding iteration statement",
                tok.span,
            );
        }
        self.semicolon()?;
        let jump = JumpStatement {
            span: self.span_from(tok.span.start),
            label,
        };
        Ok(if is_break {
            Statement::Break(jump)
        } else {
            Statement::Continue(jump)
        })
    }

    fn parse_return(&mut self) -> PResult<Statement> {
        let tok = self.bump()?;
        if !self.cx().in_function {
            return self.err("Illegal return statement", tok.span);
        }
        let argument = if self.can_insert_semicolon() {
            None
        } else {
            Some(self.parse_expression(true)?)
        };
        self.semicolon()?;
        Ok(Statement::Return(ReturnStatement {
            span: self.span_from(tok.span.start),
            argument,
        }))
    }

    fn parse_with(&mut self) -> PResult<Statement> {
        let tok = self.bump()?;
        if self.strict() {
            return self.err(
                "Strict mode code may not include a with statement",
                tok.span,
            );
        }
        let object = self.parse_paren_expression()?;
        let body = self.parse_sub_statement()?;
        Ok(Statement::With(Box::new(WithStatement {
            span: self.span_from(tok.span.start),
            object,
            body,
        })))
    }

    fn parse_switch(&mut self) -> PResult<Statement> {
        let start = self.bump()?.span.start;
        let discriminant = self.parse_paren_expression()?;
        self.expect(K::LBrace)?;
        self.scopes.push(ScopeKind::Block);
        self.cx_mut().breakable_depth += 1;
        let saved_case = self.case_clause_depth;
        let result = (|| {
            let mut cases = Vec::new();
            let mut seen_default = false;
            while !self.at(K::RBrace) {
                let case_start = self.tok.span.start;
                let test = if self.eat_word("case")? {
                    Some(self.parse_expression(true)?)
                } else {
                    let tok = self.expect_word("default")?;
                    if seen_default {
                        return self
                            .err("More than one default clause in switch statement", tok.span);
                    }
                    seen_default = true;
                    None
                };
                self.expect(K::Colon)?;
                let mut consequent = Vec::new();
                self.case_clause_depth = self.depth + 1;
                while !self.at(K::RBrace) && !self.is_word("case") && !self.is_word("default") {
                    consequent.push(self.parse_statement_list_item()?);
                }
                cases.push(SwitchCase {
                    span: self.span_from(case_start),
                    test,
                    consequent,
                });
            }
            self.expect(K::RBrace)?;
            Ok(cases)
        })();
        self.case_clause_depth = saved_case;
        self.cx_mut().breakable_depth -= 1;
        self.scopes.pop();
        let cases = result?;
        Ok(Statement::Switch(Box::new(SwitchStatement {
            span: self.span_from(start),
            discriminant,
            cases,
        })))
    }

    fn parse_throw(&mut self) -> PResult<Statement> {
        let start = self.bump()?.span.start;
        if self.tok.newline_before {
            return self.err("Illegal newline after throw", self.tok.span);
        }
        let argument = self.parse_expression(true)?;
        self.semicolon()?;
        Ok(Statement::Throw(ThrowStatement {
            span: self.span_from(start),
            argument,
        }))
    }

    fn parse_try(&mut self) -> PResult<Statement> {
        let start = self.bump()?.span.start;
        let block = self.parse_block(true)?;
        let mut handler = None;
        if self.is_word("catch") {
            let catch_start = self.bump()?.span.start;
            let mut param = None;
            if self.eat(K::LParen)? {
                let p = self.parse_binding_target()?;
                self.expect(K::RParen)?;
                param = Some(p);
            }
            let simple = matches!(param, Some(Pattern::Identifier(_)));
            self.scopes.push(if simple {
                ScopeKind::SimpleCatch
            } else {
                ScopeKind::Catch
            });
            let result = (|| {
                if let Some(p) = &param {
                    let mut names = Vec::new();
                    p.bound_names(&mut names);
                    let names: Vec<Identifier> = names.into_iter().cloned().collect();
                    for id in &names {
                        self.declare_name(id, DeclKind::CatchParam)?;
                    }
                }
                self.parse_block(false)
            })();
            self.scopes.pop();
            let body = result?;
            handler = Some(CatchClause {
                span: self.span_from(catch_start),
                param,
                body,
            });
        }
        let finalizer = if self.eat_word("finally")? {
            Some(self.parse_block(true)?)
        } else {
            None
        };
        if handler.is_none() && finalizer.is_none() {
            return self.err("Missing catch or finally after try", self.span_from(start));
        }
        Ok(Statement::Try(Box::new(TryStatement {
            span: self.span_from(start),
            block,
            handler,
            finalizer,
        })))
    }

    fn parse_labelled(&mut self) -> PResult<Statement> {
        let start = self.tok.span.start;
        let label = self.parse_identifier(IdentUse::Label)?;
        self.expect(K::Colon)?;
        if self.cx().labels.iter().any(|l| l.name == label.name) {
            return self.err(
                format!("Label '{}' has already been declared", label.name),
                label.span,
            );
        }
        let body_start = self.tok.span.start;
        let is_loop = self.is_word("for") || self.is_word("while") || self.is_word("do");
        // Chained labels (`a: b: while ...`) apply to the same statement.
        for l in self.cx_mut().labels.iter_mut().rev() {
            if l.statement_start == start {
                l.statement_start = body_start;
                l.is_loop = is_loop;
            } else {
                break;
            }
        }
        self.cx_mut().labels.push(Label {
            name: label.name.clone(),
            is_loop,
            statement_start: body_start,
        });
        let body = if self.is_word("function") {
            if self.strict() {
                self.err("In strict mode code, functions can only be declared at top level or inside a block.", self.tok.span)
            } else if self.peek().kind == K::Star {
                self.err(
                    "Generators can only be declared at the top level or inside a block.",
                    self.tok.span,
                )
            } else {
                let fstart = self.tok.span.start;
                self.parse_function_declaration(fstart, false, false)
                    .map(|f| Statement::Function(Box::new(f)))
            }
        } else {
            self.parse_statement()
        };
        self.cx_mut().labels.pop();
        let body = body?;
        Ok(Statement::Labeled(Box::new(LabeledStatement {
            span: self.span_from(start),
            label,
            body,
        })))
    }
}

/// IsLabelledFunction.
fn is_labelled_function(statement: &Statement) -> bool {
    match statement {
        Statement::Labeled(l) => {
            matches!(l.body, Statement::Function(_)) || is_labelled_function(&l.body)
        }
        _ => false,
    }
}
