//! Destructuring: binding initialisation and destructuring assignment of object and array
//! patterns (defaults with NamedEvaluation, computed keys, object rest excluding the keys
//! already taken, array rest), with the iterator protocol and IteratorClose when the pattern
//! completes early or abruptly (a handler for throws, the control stack for `return`
//! resumptions in generators). Assignment targets that are member expressions are evaluated
//! before the value is fetched, as the spec orders it.

use super::control_flow::Control;
use super::function::{utf16, StoreMode};
use super::FnCompiler;
use crate::ast::*;
use crate::bytecode::{HandlerKind, IcKind, Reg};

impl FnCompiler<'_, '_> {
    /// Binds the value in the accumulator to `pattern` (acc is clobbered).
    pub(crate) fn bind_pattern(&mut self, pattern: &Pattern, mode: StoreMode) {
        stacker::maybe_grow(
            super::STACK_RED_ZONE,
            super::STACK_SEGMENT,
            || match pattern {
                Pattern::Identifier(id) => self.store_name(&id.name, id.span.start, mode),
                Pattern::Expression(_) => self.assign_pattern_value(pattern),
                Pattern::Object(o) => {
                    let mark = self.mark();
                    let value = self.temp();
                    self.b.star(value);
                    self.object_pattern(o, value, mode);
                    self.release(mark);
                }
                Pattern::Array(a) => {
                    let mark = self.mark();
                    let value = self.temp();
                    self.b.star(value);
                    self.array_pattern(a, value, mode);
                    self.release(mark);
                }
            },
        )
    }

    /// One element: evaluates an assignment target's references, then the value
    /// (`get_value` leaves it in acc), applies the default, and stores.
    fn pattern_element(
        &mut self,
        target: &Pattern,
        default: Option<&Expression>,
        mode: StoreMode,
        get_value: impl FnOnce(&mut Self),
    ) {
        let mark = self.mark();
        let prepared = match target {
            Pattern::Expression(_) => Some(self.assign_simple_target_prepared(target)),
            _ => None,
        };
        get_value(self);
        if let Some(d) = default {
            let skip = self.b.new_label();
            self.b.jump_if_not_undefined(skip);
            let name = match target {
                Pattern::Identifier(id) => Some(utf16(&id.name)),
                _ => None,
            };
            self.named_expression(d, name);
            self.b.bind(skip);
        }
        match prepared {
            Some(p) => self.store_prepared(&p),
            None => self.bind_pattern(target, mode),
        }
        self.release(mark);
    }

    fn object_pattern(&mut self, o: &ObjectPattern, value: Reg, mode: StoreMode) {
        self.b.set_position(o.span);
        self.load(value);
        self.b.require_object_coercible();
        let keys = if o.rest.is_some() {
            Some(self.temps(o.properties.len() as u32))
        } else {
            None
        };
        for (i, p) in o.properties.iter().enumerate() {
            self.b.set_position(p.span);
            match &p.key {
                PropertyKey::Computed(e) => {
                    let key = match keys {
                        Some(k) => k.plus(i as u32),
                        None => self.temp(),
                    };
                    self.expression(e);
                    self.b.to_property_key();
                    self.b.star(key);
                    self.pattern_element(&p.value.target, p.value.default.as_ref(), mode, |c| {
                        c.load(key);
                        let ic = c.b.new_ic(IcKind::GetKeyed);
                        c.b.get_keyed_property(value, ic);
                    });
                }
                key => {
                    let name = super::expression::static_key(key).unwrap_or_default();
                    if let Some(k) = keys {
                        self.string(&name);
                        self.b.star(k.plus(i as u32));
                    }
                    match String::from_utf16(&name) {
                        Ok(text) => self.pattern_element(
                            &p.value.target,
                            p.value.default.as_ref(),
                            mode,
                            |c| {
                                let n = c.b.name(&text);
                                let ic = c.b.new_ic(IcKind::GetNamed);
                                c.b.get_named_property(value, n, ic);
                            },
                        ),
                        Err(_) => {
                            let key = self.temp();
                            self.string(&name);
                            self.b.star(key);
                            self.pattern_element(
                                &p.value.target,
                                p.value.default.as_ref(),
                                mode,
                                |c| {
                                    c.load(key);
                                    let ic = c.b.new_ic(IcKind::GetKeyed);
                                    c.b.get_keyed_property(value, ic);
                                },
                            )
                        }
                    }
                }
            }
        }
        if let Some(rest) = &o.rest {
            let (first, count) = match keys {
                Some(k) => (k, o.properties.len() as u32),
                None => (Reg(self.mark()), 0),
            };
            self.pattern_element(rest, None, mode, |c| {
                c.b.copy_data_properties_excluding(value, first, count);
            });
        }
    }

    fn array_pattern(&mut self, a: &ArrayPattern, value: Reg, mode: StoreMode) {
        self.b.set_position(a.span);
        self.load(value);
        let iterator = self.temps(2);
        self.b.get_iterator(0, iterator);
        let done = self.temp();
        self.b.lda_false();
        self.b.star(done);
        let context = self.save_context_for_handler();
        let p = self.open_protected(HandlerKind::Cleanup, context);
        self.control.push(Control::IteratorDone {
            iterator,
            done,
            protected: p,
        });
        for element in &a.elements {
            match element {
                None => self.b.iterator_step_value(iterator, done),
                Some(e) => {
                    self.b.set_position(e.span);
                    self.pattern_element(&e.target, e.default.as_ref(), mode, |c| {
                        c.b.iterator_step_value(iterator, done)
                    })
                }
            }
        }
        if let Some(rest) = &a.rest {
            self.b.set_position(rest.span());
            self.pattern_element(rest, None, mode, |c| c.b.iterator_to_array(iterator, done));
        }
        self.control.pop();
        let handler = self.close_protected(p);
        let end = self.b.new_label();
        self.load(done);
        self.b.jump_if_true(end);
        self.b.iterator_close(iterator);
        self.b.jump(end);
        self.b.bind(handler);
        let exception = self.temp();
        self.b.star(exception);
        let rethrow = self.b.new_label();
        self.load(done);
        self.b.jump_if_true(rethrow);
        self.b.iterator_close_on_throw(iterator);
        self.b.bind(rethrow);
        self.load(exception);
        self.b.re_throw();
        self.b.bind(end);
    }
}
