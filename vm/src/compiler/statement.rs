//! Statements: expression statements and completion values, declarations, `if`, the loops
//! (`while`, `do-while`, `for` with per-iteration bindings, `for-in`, `for-of`, `for await`),
//! `switch`, `with`, labels, `return`, `throw`, and the bodies of scripts and eval code
//! (`DeclareGlobals` / `DeclareEvalVars`).

use std::collections::HashSet;

use super::control_flow::{BreakableKind, Control, LoopIterator};
use super::function::{utf16, StoreMode};
use super::scope::{self, tag, Location};
use super::FnCompiler;
use crate::ast::*;
use crate::bytecode::{Constant, Declarations, HandlerKind};

impl FnCompiler<'_, '_> {
    /// Compiles a statement list.
    pub(crate) fn statements(&mut self, statements: &[Statement]) {
        for s in statements {
            self.statement(s);
        }
    }

    /// Sets the completion value register to `undefined`.
    pub(crate) fn set_completion_undefined(&mut self) {
        if let Some(c) = self.completion {
            self.b.lda_undefined();
            self.b.star(c);
        }
    }

    /// Compiles one statement.
    pub(crate) fn statement(&mut self, statement: &Statement) {
        stacker::maybe_grow(super::STACK_RED_ZONE, super::STACK_SEGMENT, || {
            self.statement_inner(statement, Vec::new())
        })
    }

    fn statement_inner(&mut self, statement: &Statement, labels: Vec<Box<str>>) {
        self.b.set_position(statement.span());
        match statement {
            Statement::Block(b) => {
                if labels.is_empty() {
                    self.block_statement(b)
                } else {
                    self.labelled_block(labels, |c| c.block_statement(b))
                }
            }
            Statement::Empty(_) => {}
            Statement::Expression(e) => {
                // A literal statement (a directive) has no effect outside scripts and eval.
                if self.completion.is_none()
                    && matches!(e.expression, Expression::String(_) | Expression::Number(_))
                {
                    return;
                }
                match self.completion {
                    Some(c) => {
                        self.expression(&e.expression);
                        self.b.star(c);
                    }
                    None => self.effect(&e.expression),
                }
            }
            Statement::If(s) => {
                if labels.is_empty() {
                    self.if_statement(s)
                } else {
                    self.labelled_block(labels, |c| c.if_statement(s))
                }
            }
            Statement::DoWhile(s) => self.do_while(s, labels),
            Statement::While(s) => self.while_loop(s, labels),
            Statement::For(s) => self.for_loop(s, labels),
            Statement::ForIn(s) => self.for_in(s, labels),
            Statement::ForOf(s) => self.for_of(s, labels),
            Statement::Continue(j) => {
                self.jump_statement(j.span, j.label.as_ref().map(|l| &*l.name), false)
            }
            Statement::Break(j) => {
                self.jump_statement(j.span, j.label.as_ref().map(|l| &*l.name), true)
            }
            Statement::Return(r) => {
                match &r.argument {
                    Some(a) => {
                        self.expression(a);
                        if self.is_async && self.is_generator {
                            self.b.await_value();
                        }
                    }
                    None => self.b.lda_undefined(),
                }
                self.b.set_position(r.span);
                self.emit_return();
            }
            Statement::With(w) => {
                if labels.is_empty() {
                    self.with_statement(w)
                } else {
                    self.labelled_block(labels, |c| c.with_statement(w))
                }
            }
            Statement::Switch(s) => self.switch_statement(s, labels),
            Statement::Labeled(l) => {
                let mut labels = labels;
                labels.push(l.label.name.clone());
                match &l.body {
                    Statement::Function(f) => self.function_declaration_statement(f),
                    body => self.statement_inner(body, labels),
                }
            }
            Statement::Throw(t) => {
                self.expression(&t.argument);
                self.b.set_position(t.span);
                self.b.throw();
            }
            Statement::Try(t) => {
                if labels.is_empty() {
                    self.try_statement(t)
                } else {
                    self.labelled_block(labels, |c| c.try_statement(t))
                }
            }
            Statement::Debugger(_) => self.b.debugger(),
            Statement::Variable(d) => self.variable_declaration(d),
            Statement::Function(f) => self.function_declaration_statement(f),
            Statement::Class(c) => {
                self.class_expression(c, None);
                if let Some(name) = &c.name {
                    self.bind_identifier(name, StoreMode::Init);
                }
            }
        }
    }

    /// A statement in a sub-statement position (a lone function gets an implicit block).
    fn sub_statement(&mut self, statement: &Statement) {
        if let Statement::Function(f) = statement {
            let scope = self.scope_of(&**f, tag::IMPLICIT_BLOCK);
            let guard = scope.map(|s| self.enter_scope(s));
            self.closure(f, None);
            if let Some(name) = &f.name {
                self.bind_identifier(name, StoreMode::Init);
            }
            self.function_declaration_statement(f);
            if let Some(g) = guard {
                self.exit_scope(g);
            }
        } else {
            self.statement(statement);
        }
    }

    fn if_statement(&mut self, s: &IfStatement) {
        self.set_completion_undefined();
        if s.alternate.is_none() {
            if let Some(label) = self.plain_jump(&s.consequent) {
                // `if (test) continue;` / `break;`: one conditional jump.
                self.condition(&s.test, label, true);
                return;
            }
        }
        let otherwise = self.b.new_label();
        self.condition(&s.test, otherwise, false);
        self.sub_statement(&s.consequent);
        match &s.alternate {
            Some(a) => {
                let end = self.b.new_label();
                self.b.jump(end);
                self.b.bind(otherwise);
                self.sub_statement(a);
                self.b.bind(end);
            }
            None => self.b.bind(otherwise),
        }
    }

    /// Jumps to `target` if `ToBoolean(test)` equals `jump_if`.
    pub(crate) fn condition(
        &mut self,
        test: &Expression,
        target: crate::bytecode::Label,
        jump_if: bool,
    ) {
        stacker::maybe_grow(super::STACK_RED_ZONE, super::STACK_SEGMENT, || {
            self.condition_inner(test, target, jump_if)
        })
    }

    fn condition_inner(
        &mut self,
        test: &Expression,
        target: crate::bytecode::Label,
        jump_if: bool,
    ) {
        match test.without_parens() {
            Expression::Unary(u) if u.operator == UnaryOperator::Not => {
                self.condition(&u.argument, target, !jump_if)
            }
            Expression::Logical(l) if l.operator == LogicalOperator::And => {
                if jump_if {
                    let skip = self.b.new_label();
                    self.condition(&l.left, skip, false);
                    self.condition(&l.right, target, true);
                    self.b.bind(skip);
                } else {
                    self.condition(&l.left, target, false);
                    self.condition(&l.right, target, false);
                }
            }
            Expression::Logical(l) if l.operator == LogicalOperator::Or => {
                if jump_if {
                    self.condition(&l.left, target, true);
                    self.condition(&l.right, target, true);
                } else {
                    let skip = self.b.new_label();
                    self.condition(&l.left, skip, true);
                    self.condition(&l.right, target, false);
                    self.b.bind(skip);
                }
            }
            Expression::Binary(b)
                if matches!(b.operator, BinaryOperator::Eq | BinaryOperator::NotEq)
                    && matches!(b.right.without_parens(), Expression::Null(_)) =>
            {
                // `x == null` is true exactly for undefined and null.
                self.expression(&b.left);
                self.b.set_position(b.span);
                if jump_if == (b.operator == BinaryOperator::Eq) {
                    self.b.jump_if_undefined_or_null(target)
                } else {
                    self.b.jump_if_not_undefined_or_null(target)
                }
            }
            Expression::Binary(b)
                if matches!(
                    b.operator,
                    BinaryOperator::NotEq | BinaryOperator::StrictNotEq
                ) =>
            {
                // `a != b` is `!(a == b)`: test the equality and invert the jump.
                let equal = if b.operator == BinaryOperator::NotEq {
                    BinaryOperator::Eq
                } else {
                    BinaryOperator::StrictEq
                };
                self.binary_with(b, equal);
                if jump_if {
                    self.b.jump_if_false(target)
                } else {
                    self.b.jump_if_true(target)
                }
            }
            _ => {
                self.expression(test);
                if jump_if {
                    self.b.jump_if_true(target)
                } else {
                    self.b.jump_if_false(target)
                }
            }
        }
    }

    fn push_loop(
        &mut self,
        labels: Vec<Box<str>>,
        break_label: crate::bytecode::Label,
        continue_label: crate::bytecode::Label,
        iterator: Option<LoopIterator>,
    ) {
        self.control.push(Control::Breakable {
            labels,
            kind: BreakableKind::Loop,
            break_label,
            continue_label: Some(continue_label),
            iterator,
        });
    }

    fn while_loop(&mut self, s: &WhileStatement, labels: Vec<Box<str>>) {
        self.set_completion_undefined();
        let end = self.b.new_label();
        let head = self.b.here();
        self.push_loop(labels, end, head, None);
        self.condition(&s.test, end, false);
        self.sub_statement(&s.body);
        self.b.jump_loop(head);
        self.control.pop();
        self.b.bind(end);
    }

    fn do_while(&mut self, s: &DoWhileStatement, labels: Vec<Box<str>>) {
        self.set_completion_undefined();
        let end = self.b.new_label();
        let test = self.b.new_label();
        let head = self.b.here();
        self.push_loop(labels, end, test, None);
        self.sub_statement(&s.body);
        self.control.pop();
        self.b.bind(test);
        self.b.set_position(s.test.span());
        self.condition(&s.test, end, false);
        self.b.jump_loop(head);
        self.b.bind(end);
    }

    fn for_loop(&mut self, s: &ForStatement, labels: Vec<Box<str>>) {
        self.set_completion_undefined();
        let scope = self.scope_of(s, tag::FOR);
        let guard = scope.map(|sc| self.enter_scope(sc));
        let per_iteration = scope.is_some_and(|sc| {
            self.unit.tree.scopes[sc].has_context
                && matches!(&s.init, Some(ForInit::Declaration(d)) if d.kind == VariableKind::Let)
        });
        let using = matches!(&s.init, Some(ForInit::Declaration(d)) if matches!(d.kind, VariableKind::Using | VariableKind::AwaitUsing));
        let await_using =
            matches!(&s.init, Some(ForInit::Declaration(d)) if d.kind == VariableKind::AwaitUsing);
        let body = |c: &mut Self| {
            match &s.init {
                Some(ForInit::Declaration(d)) => c.variable_declaration(d),
                Some(ForInit::Expression(e)) => {
                    c.expression(e);
                }
                None => {}
            }
            if per_iteration {
                c.b.copy_context();
            }
            let end = c.b.new_label();
            let next = c.b.new_label();
            let head = c.b.here();
            c.push_loop(labels, end, next, None);
            if let Some(t) = &s.test {
                c.b.set_position(t.span());
                c.condition(t, end, false);
            }
            c.sub_statement(&s.body);
            c.control.pop();
            c.b.bind(next);
            if per_iteration {
                c.b.copy_context();
            }
            if let Some(u) = &s.update {
                c.b.set_position(u.span());
                c.effect(u);
            }
            c.b.jump_loop(head);
            c.b.bind(end);
        };
        if using {
            self.using_region(await_using, body);
        } else {
            body(self);
        }
        if let Some(g) = guard {
            self.exit_scope(g);
        }
    }

    /// Evaluates the right-hand side of `for-in`/`for-of`: with a lexical head, inside the
    /// TDZ scope of the loop bindings.
    fn for_head_rhs(&mut self, scope: Option<usize>, right: &Expression) {
        match scope {
            Some(sc) => {
                let g = self.enter_scope(sc);
                self.expression(right);
                self.exit_scope(g);
            }
            None => self.expression(right),
        }
    }

    /// Assigns acc to a for-in/of head.
    fn for_head_assign(&mut self, left: &ForHead) {
        match left {
            ForHead::Declaration(d) => {
                let mode = if d.kind == VariableKind::Var {
                    StoreMode::Assign
                } else {
                    StoreMode::Init
                };
                let target = &d.declarations[0].target;
                if matches!(d.kind, VariableKind::Using | VariableKind::AwaitUsing) {
                    let hint = u32::from(d.kind == VariableKind::AwaitUsing);
                    if let Some(stack) = self.using_stack() {
                        self.b.add_disposable_resource(stack, hint);
                    }
                }
                self.bind_pattern(target, mode);
            }
            ForHead::Pattern(p) => self.assign_pattern_value(p),
        }
    }

    fn for_in(&mut self, s: &ForInStatement, labels: Vec<Box<str>>) {
        self.set_completion_undefined();
        let scope = self.scope_of(s, tag::FOR_IN);
        let mark = self.mark();
        // Annex B: `for (var x = init in o)`.
        if let ForHead::Declaration(d) = &s.left {
            if let Some(init) = &d.declarations[0].init {
                let name = match &d.declarations[0].target {
                    Pattern::Identifier(id) => Some(utf16(&id.name)),
                    _ => None,
                };
                self.named_expression(init, name);
                self.bind_pattern(&d.declarations[0].target, StoreMode::Assign);
            }
        }
        self.for_head_rhs(scope, &s.right);
        let end = self.b.new_label();
        self.b.jump_if_undefined_or_null(end);
        let enumerator = self.temp();
        self.b.for_in_enumerate(enumerator);
        let head = self.b.here();
        self.push_loop(labels, end, head, None);
        self.b.for_in_next(enumerator, end);
        // Entering the iteration scope may create a context (through the accumulator).
        let key = self.temp();
        self.b.star(key);
        let guard = scope.map(|sc| self.enter_scope(sc));
        self.load(key);
        self.b.set_position(s.left_span());
        self.for_head_assign(&s.left);
        self.sub_statement(&s.body);
        if let Some(g) = guard {
            self.exit_scope(g);
        }
        self.b.jump_loop(head);
        self.control.pop();
        self.b.bind(end);
        self.release(mark);
    }

    fn for_of(&mut self, s: &ForOfStatement, labels: Vec<Box<str>>) {
        self.set_completion_undefined();
        let scope = self.scope_of(s, tag::FOR_OF);
        let mark = self.mark();
        self.for_head_rhs(scope, &s.right);
        self.b.set_position(s.right.span());
        let iterator = self.temps(2);
        self.b.get_iterator(u32::from(s.is_await), iterator);
        let context = self.save_context_for_handler();
        let end = self.b.new_label();
        let head = self.b.here();
        if s.is_await {
            self.b.iterator_next(iterator);
            self.b.await_value();
            self.b.iterator_result_value(end);
        } else {
            self.b.for_of_next(iterator, end);
        }
        let p = self.open_protected(HandlerKind::Cleanup, context);
        self.push_loop(
            labels,
            end,
            head,
            Some(LoopIterator {
                iterator,
                is_async: s.is_await,
                protected: p,
            }),
        );
        // Entering the iteration scope may create a context (through the accumulator).
        let value = self.temp();
        self.b.star(value);
        let using = matches!(&s.left, ForHead::Declaration(d) if matches!(d.kind, VariableKind::Using | VariableKind::AwaitUsing));
        let await_using =
            matches!(&s.left, ForHead::Declaration(d) if d.kind == VariableKind::AwaitUsing);
        let body = |c: &mut Self| {
            let guard = scope.map(|sc| c.enter_scope(sc));
            c.load(value);
            c.b.set_position(s.left_span());
            c.for_head_assign(&s.left);
            c.sub_statement(&s.body);
            if let Some(g) = guard {
                c.exit_scope(g);
            }
        };
        if using {
            self.using_region(await_using, body);
        } else {
            body(self);
        }
        self.control.pop();
        let target = self.close_protected(p);
        self.b.jump_loop(head);
        // Close the iterator when the body throws.
        self.b.bind(target);
        self.close_iterator_on_throw(iterator, s.is_await, context);
        self.b.bind(end);
        self.release(mark);
    }

    /// A handler body: exception in acc; closes `iterator` (ignoring its errors) and rethrows.
    pub(crate) fn close_iterator_on_throw(
        &mut self,
        iterator: crate::bytecode::Reg,
        is_async: bool,
        context: Option<crate::bytecode::Reg>,
    ) {
        let exception = self.temp();
        self.b.star(exception);
        if is_async {
            let p = self.open_protected(HandlerKind::Cleanup, context);
            let skip = self.b.new_label();
            self.b.call_iterator_return(iterator, skip);
            self.b.await_value();
            self.b.bind(skip);
            let swallow = self.close_protected(p);
            self.load(exception);
            self.b.re_throw();
            self.b.bind(swallow);
            self.load(exception);
            self.b.re_throw();
        } else {
            self.b.iterator_close_on_throw(iterator);
            self.load(exception);
            self.b.re_throw();
        }
        self.release(exception.0);
    }

    fn switch_statement(&mut self, s: &SwitchStatement, labels: Vec<Box<str>>) {
        self.set_completion_undefined();
        let mark = self.mark();
        self.expression(&s.discriminant);
        let discriminant = self.temp();
        self.b.star(discriminant);
        let scope = self.scope_of(s, tag::SWITCH);
        let guard = scope.map(|sc| self.enter_scope(sc));
        for case in &s.cases {
            self.instantiate_block_functions(&case.consequent);
        }
        let end = self.b.new_label();
        self.control.push(Control::Breakable {
            labels,
            kind: BreakableKind::Switch,
            break_label: end,
            continue_label: None,
            iterator: None,
        });
        let case_labels: Vec<_> = s.cases.iter().map(|_| self.b.new_label()).collect();
        let mut default = None;
        for (i, case) in s.cases.iter().enumerate() {
            match &case.test {
                Some(t) => {
                    self.b.set_position(t.span());
                    self.expression(t);
                    self.b.test_equal_strict(discriminant);
                    self.b.jump_if_true(case_labels[i]);
                }
                None => default = Some(i),
            }
        }
        match default {
            Some(i) => self.b.jump(case_labels[i]),
            None => self.b.jump(end),
        }
        for (i, case) in s.cases.iter().enumerate() {
            self.b.bind(case_labels[i]);
            self.statements(&case.consequent);
        }
        self.control.pop();
        self.b.bind(end);
        if let Some(g) = guard {
            self.exit_scope(g);
        }
        self.release(mark);
    }

    fn with_statement(&mut self, w: &WithStatement) {
        self.set_completion_undefined();
        self.expression(&w.object);
        let scope = self.scope_of(w, tag::WITH).expect("with scope");
        let descriptor = self.unit.tree.scopes[scope]
            .descriptor
            .clone()
            .expect("with scopes have a descriptor");
        let mark = self.mark();
        let index = self.b.add_constant(Constant::Scope(descriptor));
        self.b.set_position(w.object.span());
        self.b.create_with_context(index);
        let saved = self.temp();
        self.b.push_context(saved);
        self.control.push(Control::Context { saved });
        let previous = self.scope;
        self.scope = scope;
        self.sub_statement(&w.body);
        self.scope = previous;
        self.control.pop();
        self.b.pop_context(saved);
        self.release(mark);
    }

    /// `var`/`let`/`const`/`using` declarations.
    pub(crate) fn variable_declaration(&mut self, d: &VariableDeclaration) {
        for declarator in &d.declarations {
            self.b.set_position(declarator.span);
            let name = match &declarator.target {
                Pattern::Identifier(id) => Some(utf16(&id.name)),
                _ => None,
            };
            match (&declarator.init, d.kind) {
                (None, VariableKind::Var) => continue,
                (None, _) => self.b.lda_undefined(),
                (Some(init), _) => self.named_expression(init, name),
            }
            let mode = if d.kind == VariableKind::Var {
                StoreMode::Assign
            } else {
                StoreMode::Init
            };
            if matches!(d.kind, VariableKind::Using | VariableKind::AwaitUsing) {
                let hint = u32::from(d.kind == VariableKind::AwaitUsing);
                if let Some(stack) = self.using_stack() {
                    self.b.add_disposable_resource(stack, hint);
                }
            }
            self.bind_pattern(&declarator.target, mode);
        }
    }

    // ----- roots -----

    /// A Script: DeclareGlobals, the statements, and the completion value.
    pub(crate) fn script_body(&mut self, body: &[Statement]) {
        let completion = self.temp();
        self.b.lda_undefined();
        self.b.star(completion);
        self.completion = Some(completion);
        let declarations = self.root_declarations(body, true);
        if let Some(d) = declarations {
            let index = self.b.add_constant(Constant::Declarations(d.into()));
            self.b.declare_globals(index);
        }
        self.statements(body);
        self.load(completion);
        self.b.return_value();
    }

    /// Eval code: its lexical scope, DeclareEvalVars (sloppy) or local functions (strict),
    /// the statements, and the completion value.
    pub(crate) fn eval_body(&mut self, body: &[Statement]) {
        let root = self.unit.tree.funcs[0].scope;
        self.enter_function_scope(root);
        let completion = self.temp();
        self.b.lda_undefined();
        self.b.star(completion);
        self.completion = Some(completion);
        if self.strict {
            self.hoisted_functions(body, true);
        } else if let Some(d) = self.root_declarations(body, false) {
            let index = self.b.add_constant(Constant::Declarations(d.into()));
            self.b.declare_eval_vars(index);
        }
        self.statements(body);
        self.load(completion);
        self.b.return_value();
    }

    /// The `Declarations` of a script (with lexicals) or sloppy eval body.
    fn root_declarations(&mut self, body: &[Statement], global: bool) -> Option<Declarations> {
        let excluded = HashSet::new();
        let decls = scope::var_scope_declarations(body, !self.strict, &excluded);
        let mut seen = HashSet::new();
        let mut functions = Vec::new();
        for f in decls.functions.iter().rev() {
            if let Some(name) = &f.name {
                if seen.insert(name.name.clone()) {
                    functions.push(*f);
                }
            }
        }
        functions.reverse();
        let mut function_entries = Vec::new();
        for f in functions {
            let name = f.name.as_ref().expect("declarations are named");
            let index = self.function_constant(f, None);
            function_entries.push((name.name.clone(), index.0));
        }
        let mut vars: Vec<Box<str>> = Vec::new();
        for (name, _) in &decls.vars {
            if !seen.contains(&name.name) && !vars.contains(&name.name) {
                vars.push(name.name.clone());
            }
        }
        let mut annex_b: Vec<Box<str>> = Vec::new();
        for f in &decls.annex_b {
            if !self
                .unit
                .tree
                .annex_b
                .contains(&(*f as *const Function as usize))
            {
                continue;
            }
            if let Some(name) = &f.name {
                if !seen.contains(&name.name)
                    && !vars.contains(&name.name)
                    && !annex_b.contains(&name.name)
                {
                    annex_b.push(name.name.clone());
                }
            }
        }
        let lexicals: Vec<(Box<str>, bool)> = if global {
            scope::lexical_declarations(body, true)
                .iter()
                .map(|d| {
                    (
                        d.name.name.clone(),
                        d.kind == crate::bytecode::BindingKind::Const,
                    )
                })
                .collect()
        } else {
            Vec::new()
        };
        let _ = Location::Global;
        if lexicals.is_empty()
            && vars.is_empty()
            && function_entries.is_empty()
            && annex_b.is_empty()
        {
            return None;
        }
        Some(Declarations {
            lexicals: lexicals.into_boxed_slice(),
            vars: vars.into_boxed_slice(),
            functions: function_entries.into_boxed_slice(),
            annex_b: annex_b.into_boxed_slice(),
        })
    }
}

/// Span helpers.
trait LeftSpan {
    fn left_span(&self) -> Span;
}

impl LeftSpan for ForInStatement {
    fn left_span(&self) -> Span {
        match &self.left {
            ForHead::Declaration(d) => d.span,
            ForHead::Pattern(p) => p.span(),
        }
    }
}

impl LeftSpan for ForOfStatement {
    fn left_span(&self) -> Span {
        match &self.left {
            ForHead::Declaration(d) => d.span,
            ForHead::Pattern(p) => p.span(),
        }
    }
}
