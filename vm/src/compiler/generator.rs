//! Suspension and cleanup: `yield` (sync and async generators, with the resume-mode dispatch
//! that turns a `return` resumption into a return through `finally` blocks), `yield*` (the
//! full delegation loop for sync and async iterators, per the spec's steps), and explicit
//! resource management (`using` / `await using` scopes: a disposal stack per scope, disposed
//! in reverse at scope exit with SuppressedError aggregation). `await` and `for await` are
//! single instructions in `expression.rs` / `statement.rs`.

use super::FnCompiler;
use crate::ast::*;
use crate::bytecode::{ErrorKind, HandlerKind, IcKind, Reg, ResumeMode};

/// True if a statement list declares `using` / `await using` resources directly.
pub(crate) fn has_using(statements: &[Statement]) -> bool {
    statements.iter().any(|s| {
        matches!(s, Statement::Variable(d) if matches!(d.kind, VariableKind::Using | VariableKind::AwaitUsing))
    })
}

fn has_await_using(statements: &[Statement]) -> bool {
    statements
        .iter()
        .any(|s| matches!(s, Statement::Variable(d) if d.kind == VariableKind::AwaitUsing))
}

impl FnCompiler<'_, '_> {
    /// After a suspension that wrote the resume mode to `mode` and the value to acc:
    /// continues on `next`, throws on `throw`, and returns (through `finally`) on `return`.
    fn resume_dispatch(&mut self, mode: Reg) {
        let next = self.b.new_label();
        self.b.switch_on_resume_mode(mode, next);
        if self.is_async {
            // AsyncGeneratorYield awaits a return value before returning.
            self.b.await_value();
        }
        self.emit_return();
        self.b.bind(next);
    }

    /// `yield`, `yield x`, `yield* x`.
    pub(crate) fn yield_expression(&mut self, y: &YieldExpression) {
        if y.delegate {
            let argument = y.argument.as_ref().expect("yield* has an operand");
            self.expression(argument);
            self.b.set_position(y.span);
            self.yield_star();
            return;
        }
        match &y.argument {
            Some(a) => self.expression(a),
            None => self.b.lda_undefined(),
        }
        self.b.set_position(y.span);
        let mark = self.mark();
        let mode = self.temp();
        if self.is_async {
            self.b.await_value();
            self.b.async_generator_yield(mode);
        } else {
            self.b.yield_value(mode);
        }
        self.resume_dispatch(mode);
        self.release(mark);
    }

    /// `yield*`'s call of the delegate's `next`/`throw`/`return`: `callee(received)` with the
    /// iterator as receiver (awaited in async generators), checked to be an object. `args` is a
    /// two-register list.
    fn delegate_call(&mut self, callee: Reg, iterator: Reg, received: Reg, args: Reg) {
        self.b.mov(iterator, args);
        self.b.mov(received, args.plus(1));
        let ic = self.b.new_ic(IcKind::Call);
        self.b.call(callee, args, 2, ic);
        if self.is_async {
            self.b.await_value();
        }
        self.b.check_iterator_result_object();
    }

    /// `yield*` with the iterable in acc (YieldExpression : `yield*` evaluation).
    fn yield_star(&mut self) {
        let is_async = self.is_async;
        let mark = self.mark();
        let iterator = self.temps(2);
        self.b.get_iterator(u32::from(is_async), iterator);
        let mode = self.temp();
        let received = self.temp();
        let result = self.temp();
        let method = self.temp();
        let args = self.temps(2);
        self.b.lda_undefined();
        self.b.star(received);
        self.b.lda_smi(ResumeMode::Next as i32);
        self.b.star(mode);
        let done = self.b.new_label();
        let got = self.b.new_label();
        let yield_result = self.b.new_label();
        let on_throw = self.b.new_label();
        let on_return = self.b.new_label();
        let head = self.b.here();
        self.b.lda_smi(ResumeMode::Throw as i32);
        self.b.test_equal_strict(mode);
        self.b.jump_if_true(on_throw);
        self.b.lda_smi(ResumeMode::Return as i32);
        self.b.test_equal_strict(mode);
        self.b.jump_if_true(on_return);
        // next(received)
        self.delegate_call(iterator.plus(1), iterator, received, args);
        self.b.jump(got);

        // throw(received)
        self.b.bind(on_throw);
        let throw_name = self.b.name("throw");
        self.b.get_method(iterator, throw_name);
        let no_throw = self.b.new_label();
        self.b.jump_if_undefined(no_throw);
        self.b.star(method);
        self.delegate_call(method, iterator, received, args);
        self.b.jump(got);
        self.b.bind(no_throw);
        // No `throw` method: close the iterator, then TypeError.
        if is_async {
            let skip = self.b.new_label();
            self.b.call_iterator_return(iterator, skip);
            self.b.await_value();
            self.b.check_iterator_result_object();
            self.b.bind(skip);
        } else {
            self.b.iterator_close(iterator);
        }
        self.throw_error(
            ErrorKind::TypeError,
            "The iterator does not provide a 'throw' method",
        );

        // return(received)
        self.b.bind(on_return);
        let return_name = self.b.name("return");
        self.b.get_method(iterator, return_name);
        let no_return = self.b.new_label();
        self.b.jump_if_undefined(no_return);
        self.b.star(method);
        self.delegate_call(method, iterator, received, args);
        self.b.star(result);
        let done_name = self.b.name("done");
        let ic = self.b.new_ic(IcKind::GetNamed);
        self.b.get_named_property(result, done_name, ic);
        self.b.jump_if_false(yield_result);
        let value_name = self.b.name("value");
        let ic = self.b.new_ic(IcKind::GetNamed);
        self.b.get_named_property(result, value_name, ic);
        if is_async {
            self.b.await_value();
        }
        self.emit_return();
        self.b.bind(no_return);
        self.load(received);
        if is_async {
            self.b.await_value();
        }
        self.emit_return();

        // An inner result: done → the value of `yield*`; else yield it.
        self.b.bind(got);
        self.b.star(result);
        let ic = self.b.new_ic(IcKind::GetNamed);
        self.b.get_named_property(result, done_name, ic);
        self.b.jump_if_true(done);
        self.b.bind(yield_result);
        if is_async {
            let ic = self.b.new_ic(IcKind::GetNamed);
            self.b.get_named_property(result, value_name, ic);
            self.b.async_generator_yield(mode);
            // A return resumption awaits its value; a rejection becomes a throw to forward.
            let not_return = self.b.new_label();
            self.b.star(received);
            self.b.lda_smi(ResumeMode::Return as i32);
            self.b.test_equal_strict(mode);
            self.b.jump_if_false(not_return);
            let context = self.save_context_for_handler();
            let p = self.open_protected(HandlerKind::Catch, context);
            self.load(received);
            self.b.await_value();
            self.b.star(received);
            let handler = self.close_protected(p);
            self.b.jump_loop(head);
            self.b.bind(handler);
            self.b.star(received);
            self.b.lda_smi(ResumeMode::Throw as i32);
            self.b.star(mode);
            self.b.jump_loop(head);
            self.b.bind(not_return);
            self.b.jump_loop(head);
        } else {
            self.load(result);
            self.b.yield_delegate(mode);
            self.b.star(received);
            self.b.jump_loop(head);
        }
        self.b.bind(done);
        let ic = self.b.new_ic(IcKind::GetNamed);
        self.b.get_named_property(result, value_name, ic);
        self.release(mark);
    }

    // ----- explicit resource management -----

    /// The disposal stack register of the innermost `using` scope.
    pub(crate) fn using_stack(&self) -> Option<Reg> {
        self.using_stacks.last().copied()
    }

    /// Compiles statements that declare `using` resources as a disposal scope.
    pub(crate) fn using_scope(&mut self, statements: &[Statement]) {
        let is_async = has_await_using(statements);
        self.disposal_region(is_async, |c| c.statements(statements));
    }

    /// A region whose `using` declaration is in a loop head (`for (using x …)`).
    pub(crate) fn using_region(&mut self, is_async: bool, body: impl FnOnce(&mut Self)) {
        self.disposal_region(is_async, body);
    }

    /// A disposal scope around `body`.
    pub(crate) fn disposal_region(&mut self, may_await: bool, body: impl FnOnce(&mut Self)) {
        let mark = self.mark();
        let stack = self.temps(2);
        self.b.create_disposable_stack();
        self.b.star(stack);
        self.using_stacks.push(stack);
        self.with_finally(HandlerKind::Cleanup, body, |c, token, value| {
            c.dispose_resources(stack, token, value, may_await)
        });
        self.using_stacks.pop();
        self.release(mark);
    }

    /// DisposeResources: disposes every resource of `stack` in reverse, aggregating errors
    /// with the completion (`token` says whether it is a throw of `value`); throws the result
    /// if there is an error, else falls through to the finally dispatch.
    fn dispose_resources(&mut self, stack: Reg, token: Reg, value: Reg, may_await: bool) {
        let mark = self.mark();
        let completion = self.temps(2);
        self.b.lda_smi(super::control_flow::TOKEN_THROW);
        self.b.test_equal_strict(token);
        self.b.star(completion);
        self.b.mov(value, completion.plus(1));
        let context = self.save_context_for_handler();
        let done = self.b.new_label();
        let head = self.b.here();
        let p = self.open_protected(HandlerKind::Catch, context);
        self.b.dispose_resource(stack, done);
        if may_await {
            let skip = self.b.new_label();
            let result = self.temp();
            self.b.star(result);
            self.load(stack.plus(1));
            self.b.jump_if_false(skip);
            self.load(result);
            self.b.await_value();
            self.b.bind(skip);
        }
        let handler = self.close_protected(p);
        self.b.jump_loop(head);
        self.b.bind(handler);
        self.b.aggregate_dispose_error(completion);
        self.b.jump_loop(head);
        self.b.bind(done);
        let ok = self.b.new_label();
        self.load(completion);
        self.b.jump_if_false(ok);
        self.load(completion.plus(1));
        self.b.throw();
        self.b.bind(ok);
        self.release(mark);
    }
}
