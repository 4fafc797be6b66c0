//! Control flow: the control stack (breakable statements, pushed contexts, protected ranges
//! of `try`/`catch`, `finally` blocks, for-of iterators and destructuring iterators),
//! `break`/`continue`/`return` lowering through all of them, `try`/`catch`/`finally`, and
//! the exception handler ranges.
//!
//! A jump that leaves a construct runs its exit code where the jump is: `PopContext` for a
//! pushed context, `IteratorClose` for a `for-of` loop (and the destructuring iterators a
//! `return` resumption may cross). That exit code must not be covered by the handlers of the
//! constructs being left (a throwing `return()` must not reach the loop's own close-on-throw
//! handler, nor a `catch` the jump already left), so each crossed construct's protected range
//! is split around it. A jump out of a `try` with a `finally` instead records a token, jumps
//! to the `finally` block, and the block's epilogue dispatches on the token to continue the
//! jump from there.

use super::function::ScopeGuard;
use super::FnCompiler;
use crate::ast::{BlockStatement, CatchClause, Span, Statement, TryStatement};
use crate::bytecode::{HandlerBuilder, HandlerKind, Label, Reg};

/// What a `break`/`continue` can target.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum BreakableKind {
    Loop,
    Switch,
    Block,
}

/// A for-of iterator that jumps out of the loop must close.
#[derive(Debug, Clone, Copy)]
pub(crate) struct LoopIterator {
    pub iterator: Reg,
    pub is_async: bool,
    pub protected: usize,
}

/// Entries of the control stack, outermost first.
#[derive(Debug)]
pub(crate) enum Control {
    /// A loop, `switch` or labelled statement.
    Breakable {
        labels: Vec<Box<str>>,
        kind: BreakableKind,
        break_label: Label,
        continue_label: Option<Label>,
        iterator: Option<LoopIterator>,
    },
    /// A pushed context (restored from `saved` when jumping out).
    Context { saved: Reg },
    /// A `try` block with a `catch` handler.
    Catch { protected: usize },
    /// A destructuring iterator (closed when a return resumption leaves it undone).
    IteratorDone {
        iterator: Reg,
        done: Reg,
        protected: usize,
    },
    /// A `try` block (or `catch` block) with a `finally`, or a scope with `using` resources.
    Finally {
        token: Reg,
        value: Reg,
        entry: Label,
        jumps: Vec<PendingJump>,
    },
}

/// A jump routed through a `finally` block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct PendingJump {
    pub token: i32,
    pub kind: JumpKind,
    pub target: usize,
}

/// The kind of a non-local jump.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum JumpKind {
    Break,
    Continue,
    Return,
}

/// Finally tokens: 0 normal completion, 1 throw, 2.. pending jumps.
pub(crate) const TOKEN_NORMAL: i32 = 0;
pub(crate) const TOKEN_THROW: i32 = 1;

/// A handler whose covered code may be split into several ranges.
#[derive(Debug)]
pub(crate) struct Protected {
    ranges: Vec<(Label, Label)>,
    open: Option<Label>,
    pub target: Label,
    context: Option<Reg>,
    kind: HandlerKind,
}

impl FnCompiler<'_, '_> {
    // ----- protected ranges -----

    /// Starts a protected range whose handler is at the returned entry's `target`.
    pub(crate) fn open_protected(&mut self, kind: HandlerKind, context: Option<Reg>) -> usize {
        let target = self.b.new_label();
        let start = self.b.mark_label();
        self.protected.push(Protected {
            ranges: Vec::new(),
            open: Some(start),
            target,
            context,
            kind,
        });
        self.protected.len() - 1
    }

    fn suspend_protected(&mut self, index: usize) {
        if let Some(start) = self.protected[index].open.take() {
            let end = self.b.mark_label();
            self.protected[index].ranges.push((start, end));
        }
    }

    fn resume_protected(&mut self, index: usize) {
        if self.protected[index].open.is_none() {
            let start = self.b.mark_label();
            self.protected[index].open = Some(start);
        }
    }

    /// Ends a protected range and registers its handler entries (inner before outer).
    pub(crate) fn close_protected(&mut self, index: usize) -> Label {
        self.suspend_protected(index);
        let p = &self.protected[index];
        for &(start, end) in &p.ranges {
            self.b.add_handler(HandlerBuilder {
                start,
                end,
                target: p.target,
                context: p.context,
                kind: p.kind,
            });
        }
        p.target
    }

    /// A register holding the current context for a handler, if the function pushes
    /// block contexts (a throw may happen while one is pushed).
    pub(crate) fn save_context_for_handler(&mut self) -> Option<Reg> {
        if self.pushes_contexts {
            let r = self.temp();
            self.b.save_context(r);
            Some(r)
        } else {
            None
        }
    }

    // ----- jumps -----

    /// The control entry `break label` targets.
    pub(crate) fn break_target(&self, label: Option<&str>) -> Option<usize> {
        self.control.iter().rposition(|c| match c {
            Control::Breakable { labels, kind, .. } => match label {
                Some(l) => labels.iter().any(|x| &**x == l),
                None => matches!(kind, BreakableKind::Loop | BreakableKind::Switch),
            },
            _ => false,
        })
    }

    /// The control entry `continue label` targets.
    pub(crate) fn continue_target(&self, label: Option<&str>) -> Option<usize> {
        self.control.iter().rposition(|c| match c {
            Control::Breakable {
                labels,
                continue_label: Some(_),
                ..
            } => label.map_or(true, |l| labels.iter().any(|x| &**x == l)),
            _ => false,
        })
    }

    /// Emits the close of a for-of iterator (acc preserved for returns by the caller).
    fn emit_loop_iterator_close(&mut self, it: LoopIterator) {
        if it.is_async {
            let skip = self.b.new_label();
            self.b.call_iterator_return(it.iterator, skip);
            self.b.await_value();
            self.b.check_iterator_result_object();
            self.b.bind(skip);
        } else {
            self.b.iterator_close(it.iterator);
        }
    }

    /// `break`, `continue` or `return` (value in acc) to control entry `target` (ignored for
    /// returns).
    pub(crate) fn emit_jump(&mut self, kind: JumpKind, target: usize) {
        let floor = if kind == JumpKind::Return {
            0
        } else {
            target + 1
        };
        // A return value must survive exit code that uses the accumulator.
        let mut saved_value = None;
        if kind == JumpKind::Return {
            let clobbers = self.control[floor..]
                .iter()
                .rev()
                .take_while(|c| !matches!(c, Control::Finally { .. }))
                .any(|c| {
                    matches!(
                        c,
                        Control::IteratorDone { .. }
                            | Control::Breakable {
                                iterator: Some(LoopIterator { is_async: true, .. }),
                                ..
                            }
                    )
                });
            if clobbers {
                let r = self.temp();
                self.b.star(r);
                saved_value = Some(r);
            }
        }
        let mut suspended = Vec::new();
        let mut i = self.control.len();
        while i > floor {
            i -= 1;
            match &self.control[i] {
                Control::Breakable { iterator, .. } => {
                    if let Some(it) = *iterator {
                        self.suspend_protected(it.protected);
                        suspended.push(it.protected);
                        self.emit_loop_iterator_close(it);
                    }
                }
                Control::Context { saved } => {
                    let saved = *saved;
                    self.b.pop_context(saved);
                }
                Control::Catch { protected } => {
                    let p = *protected;
                    self.suspend_protected(p);
                    suspended.push(p);
                }
                Control::IteratorDone {
                    iterator,
                    done,
                    protected,
                } => {
                    let (iterator, done, p) = (*iterator, *done, *protected);
                    self.suspend_protected(p);
                    suspended.push(p);
                    let skip = self.b.new_label();
                    self.load(done);
                    self.b.jump_if_true(skip);
                    self.b.iterator_close(iterator);
                    self.b.bind(skip);
                }
                Control::Finally {
                    token,
                    value,
                    entry,
                    jumps,
                    ..
                } => {
                    let (token_reg, value_reg, entry) = (*token, *value, *entry);
                    let existing = jumps
                        .iter()
                        .find(|j| {
                            j.kind == kind && (kind == JumpKind::Return || j.target == target)
                        })
                        .map(|j| j.token);
                    let token = match existing {
                        Some(t) => t,
                        None => {
                            let t = 2 + jumps.len() as i32;
                            if let Control::Finally { jumps, .. } = &mut self.control[i] {
                                jumps.push(PendingJump {
                                    token: t,
                                    kind,
                                    target,
                                });
                            }
                            t
                        }
                    };
                    if kind == JumpKind::Return {
                        match saved_value {
                            Some(r) => self.b.mov(r, value_reg),
                            None => self.b.star(value_reg),
                        }
                    }
                    self.b.lda_smi(token);
                    self.b.star(token_reg);
                    self.b.jump(entry);
                    for p in suspended {
                        self.resume_protected(p);
                    }
                    if let Some(r) = saved_value {
                        self.release(r.0);
                    }
                    return;
                }
            }
        }
        match kind {
            JumpKind::Return => {
                if let Some(r) = saved_value {
                    self.load(r);
                }
                self.emit_final_return();
            }
            JumpKind::Break | JumpKind::Continue => {
                let (label, iterator) = match &self.control[target] {
                    Control::Breakable {
                        break_label,
                        continue_label,
                        iterator,
                        ..
                    } => {
                        if kind == JumpKind::Break {
                            (*break_label, *iterator)
                        } else {
                            (continue_label.expect("continue targets a loop"), None)
                        }
                    }
                    _ => unreachable!("jump target is a breakable statement"),
                };
                if let Some(it) = iterator {
                    self.suspend_protected(it.protected);
                    suspended.push(it.protected);
                    self.emit_loop_iterator_close(it);
                }
                if self.b.is_bound(label) {
                    self.b.jump_loop(label);
                } else {
                    self.b.jump(label);
                }
            }
        }
        for p in suspended {
            self.resume_protected(p);
        }
        if let Some(r) = saved_value {
            self.release(r.0);
        }
    }

    /// The label a `break`/`continue` statement `statement` (alone, or alone in a block)
    /// jumps to, when the jump is a plain forward jump: nothing between here and its target
    /// needs exit code (no scope context, `finally`, iterator to close) and the target is
    /// ahead (backward jumps must be `JumpLoop`, where interrupts are polled).
    pub(crate) fn plain_jump(&self, statement: &Statement) -> Option<crate::bytecode::Label> {
        let (jump, is_break) = match statement {
            Statement::Break(j) => (j, true),
            Statement::Continue(j) => (j, false),
            Statement::Block(b) => match &b.body[..] {
                [only] => return self.plain_jump(only),
                _ => return None,
            },
            _ => return None,
        };
        let label = jump.label.as_ref().map(|l| &*l.name);
        let target = if is_break {
            self.break_target(label)?
        } else {
            self.continue_target(label)?
        };
        if target + 1 != self.control.len() {
            return None;
        }
        let Control::Breakable {
            break_label,
            continue_label,
            iterator,
            ..
        } = &self.control[target]
        else {
            return None;
        };
        let label = if is_break {
            if iterator.is_some() {
                return None;
            }
            *break_label
        } else {
            (*continue_label)?
        };
        (!self.b.is_bound(label)).then_some(label)
    }

    /// Returns acc from the function (through every `finally` and iterator close).
    pub(crate) fn emit_return(&mut self) {
        self.emit_jump(JumpKind::Return, 0);
    }

    /// The last step of a return: derived constructors check their result.
    fn emit_final_return(&mut self) {
        if self.kind == crate::bytecode::CodeKind::DerivedConstructor {
            let r = self.resolve("this");
            let this_reg = match r.found {
                Some((s, i)) => match self.binding(s, i).location {
                    super::scope::Location::Register(reg) => Some(reg),
                    _ => None,
                },
                None => None,
            };
            match this_reg {
                Some(reg) => self.b.check_derived_constructor_return(reg),
                None => {
                    let value = self.temp();
                    let this = self.temp();
                    self.b.star(value);
                    let (s, i) = r.found.expect("derived constructors bind this");
                    let depth = r.depth;
                    self.load_binding_raw(s, i, depth);
                    self.b.star(this);
                    self.load(value);
                    self.b.check_derived_constructor_return(this);
                    self.release(value.0);
                }
            }
        }
        self.b.return_value();
    }

    // ----- try -----

    /// `try` statements.
    pub(crate) fn try_statement(&mut self, t: &TryStatement) {
        if self.completion.is_some() {
            self.set_completion_undefined();
        }
        match (&t.handler, &t.finalizer) {
            (Some(h), Some(f)) => self.with_finally(
                HandlerKind::Finally,
                |c| c.try_catch(&t.block, h),
                |c, _, _| c.finally_block(f),
            ),
            (None, Some(f)) => self.with_finally(
                HandlerKind::Finally,
                |c| c.block_statement(&t.block),
                |c, _, _| c.finally_block(f),
            ),
            (Some(h), None) => self.try_catch(&t.block, h),
            (None, None) => self.block_statement(&t.block),
        }
    }

    /// A `finally` block: its normal completion does not change the completion value.
    fn finally_block(&mut self, f: &BlockStatement) {
        match self.completion {
            Some(completion) => {
                let saved = self.temp();
                self.b.mov(completion, saved);
                self.block_statement(f);
                self.b.mov(saved, completion);
                self.release(saved.0);
            }
            None => self.block_statement(f),
        }
    }

    fn try_catch(&mut self, block: &BlockStatement, handler: &CatchClause) {
        let mark = self.mark();
        let context = self.save_context_for_handler();
        let p = self.open_protected(HandlerKind::Catch, context);
        self.control.push(Control::Catch { protected: p });
        self.block_statement(block);
        self.control.pop();
        let target = self.close_protected(p);
        let end = self.b.new_label();
        self.b.jump(end);
        self.b.bind(target);
        self.b.set_position(handler.span);
        self.catch_clause(handler);
        self.b.bind(end);
        self.release(mark);
    }

    fn catch_clause(&mut self, handler: &CatchClause) {
        let exception = self.temp();
        self.b.star(exception);
        let guard: Option<ScopeGuard> = self
            .scope_of(handler, super::scope::tag::CATCH)
            .map(|s| self.enter_scope(s));
        if let Some(param) = &handler.param {
            self.load(exception);
            self.bind_pattern(param, super::function::StoreMode::Init);
        }
        self.instantiate_block_functions(&handler.body.body);
        self.body_statements(&handler.body.body);
        if let Some(g) = guard {
            self.exit_scope(g);
        }
    }

    /// Compiles `body` protected by a `finally`-like `finalizer`: normal completion, throws
    /// and jumps out of `body` all run `finalizer`, then continue.
    pub(crate) fn with_finally(
        &mut self,
        kind: HandlerKind,
        body: impl FnOnce(&mut Self),
        finalizer: impl FnOnce(&mut Self, Reg, Reg),
    ) {
        let mark = self.mark();
        let token = self.temp();
        let value = self.temp();
        let context = self.save_context_for_handler();
        let entry = self.b.new_label();
        let p = self.open_protected(kind, context);
        self.control.push(Control::Finally {
            token,
            value,
            entry,
            jumps: Vec::new(),
        });
        body(self);
        let jumps = match self.control.pop() {
            Some(Control::Finally { jumps, .. }) => jumps,
            other => panic!("unbalanced control stack: {other:?}"),
        };
        let target = self.close_protected(p);
        self.b.lda_smi(TOKEN_NORMAL);
        self.b.star(token);
        self.b.jump(entry);
        self.b.bind(target);
        self.b.star(value);
        self.b.lda_smi(TOKEN_THROW);
        self.b.star(token);
        self.b.bind(entry);
        finalizer(self, token, value);
        // Dispatch on the token.
        for jump in jumps {
            let next = self.b.new_label();
            self.b.lda_smi(jump.token);
            self.b.test_equal_strict(token);
            self.b.jump_if_false(next);
            if jump.kind == JumpKind::Return {
                self.load(value);
            }
            self.emit_jump(jump.kind, jump.target);
            self.b.bind(next);
        }
        let next = self.b.new_label();
        self.b.lda_smi(TOKEN_THROW);
        self.b.test_equal_strict(token);
        self.b.jump_if_false(next);
        self.load(value);
        self.b.re_throw();
        self.b.bind(next);
        self.release(mark);
    }

    // ----- labels -----

    /// Runs `body` as a labelled non-loop statement.
    pub(crate) fn labelled_block(&mut self, labels: Vec<Box<str>>, body: impl FnOnce(&mut Self)) {
        let break_label = self.b.new_label();
        self.control.push(Control::Breakable {
            labels,
            kind: BreakableKind::Block,
            break_label,
            continue_label: None,
            iterator: None,
        });
        body(self);
        self.control.pop();
        self.b.bind(break_label);
    }

    /// `break` / `continue` statements.
    pub(crate) fn jump_statement(&mut self, span: Span, label: Option<&str>, is_break: bool) {
        self.b.set_position(span);
        let target = if is_break {
            self.break_target(label)
        } else {
            self.continue_target(label)
        };
        match target {
            Some(t) => self.emit_jump(
                if is_break {
                    JumpKind::Break
                } else {
                    JumpKind::Continue
                },
                t,
            ),
            None => {
                // The parser rejects jumps without a target; keep the code well-formed.
                self.throw_error(crate::bytecode::ErrorKind::SyntaxError, "Illegal jump");
            }
        }
    }

    /// A statement list that may declare `using` resources (disposed when it completes).
    pub(crate) fn body_statements(&mut self, statements: &[Statement]) {
        if super::generator::has_using(statements) {
            self.using_scope(statements);
        } else {
            self.statements(statements);
        }
    }

    /// Statements of a block with its scope.
    pub(crate) fn block_statement(&mut self, block: &BlockStatement) {
        let scope = self.scope_of(block, super::scope::tag::BLOCK);
        self.scoped_statements(scope, &block.body);
    }

    /// Statements in `scope` (if any): enter, instantiate block functions, run, leave — with
    /// `using` declarations wrapped in disposal.
    pub(crate) fn scoped_statements(&mut self, scope: Option<usize>, statements: &[Statement]) {
        let guard = scope.map(|s| self.enter_scope(s));
        self.instantiate_block_functions(statements);
        self.body_statements(statements);
        if let Some(g) = guard {
            self.exit_scope(g);
        }
    }
}
