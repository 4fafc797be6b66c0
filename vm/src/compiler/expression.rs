//! Expressions: literals, templates, object and array literals, operators, assignment
//! (simple, compound, logical), update, `delete`, `typeof`, member access (named, keyed,
//! private, `super`), calls (with receivers, spread, direct eval, tagged templates), `new`,
//! `super()`, optional chains, `import()`, `import.meta`, and NamedEvaluation of anonymous
//! functions and classes. Every expression leaves its value in the accumulator.

use super::function::{utf16, StoreMode};
use super::FnCompiler;
use crate::ast::*;
use crate::bytecode::{
    method_flags, Constant, ErrorKind, EvalContextInfo, IcKind, JsString, Label, Reg,
};
use crate::runtime::number::number_to_string;

/// The property name of a non-computed key, as a JS string.
pub(crate) fn static_key(key: &PropertyKey) -> Option<JsString> {
    match key {
        PropertyKey::Identifier(id) => Some(utf16(&id.name)),
        PropertyKey::String(s) => Some(s.value.clone()),
        PropertyKey::Number(n) => Some(utf16(&number_to_string(n.value))),
        PropertyKey::BigInt(b) => Some(utf16(&b.digits)),
        PropertyKey::Computed(_) | PropertyKey::Private(_) => None,
    }
}

/// True for expressions whose evaluation cannot run user code or assign variables.
pub(crate) fn is_simple(e: &Expression) -> bool {
    matches!(
        e.without_parens(),
        Expression::Identifier(_)
            | Expression::This(_)
            | Expression::Null(_)
            | Expression::Boolean(_)
            | Expression::Number(_)
            | Expression::String(_)
            | Expression::BigInt(_)
    )
}

/// True if evaluating `e` may assign a binding of the function being compiled: it contains
/// an assignment or an update (`=`, `+=`, `++`, destructuring). Nothing else can change a
/// register binding: closures that assign a variable capture it into a context, and direct
/// `eval` or `with` make every binding dynamic. So a binary operator's left operand may be
/// read straight from its register when its right operand assigns nothing
/// (`i < s.length`), instead of being copied first.
fn may_assign(e: &Expression) -> bool {
    struct Finder(bool);
    impl crate::ast::visit::Visitor for Finder {
        fn visit_assignment_pattern(&mut self, _pattern: &Pattern) {
            self.0 = true;
        }
        fn visit_expression(&mut self, expression: &Expression) {
            if !self.0 {
                crate::ast::visit::walk_expression(self, expression);
            }
        }
    }
    let mut finder = Finder(false);
    crate::ast::visit::Visitor::visit_expression(&mut finder, e);
    finder.0
}

/// The value of an int32 literal operand (`x | 0`, `i % 1000000007`): such a right operand
/// becomes the immediate of a `*Smi` instruction.
fn smi_literal(e: &Expression) -> Option<i32> {
    match e.without_parens() {
        Expression::Number(n) => {
            let i = n.value as i32;
            (f64::from(i) == n.value && (i != 0 || n.value.is_sign_positive())).then_some(i)
        }
        _ => None,
    }
}

/// True if `op` has a `*Smi` instruction (an int32 literal right operand).
fn has_smi_form(op: BinaryOperator) -> bool {
    use BinaryOperator as B;
    matches!(
        op,
        B::Add
            | B::Sub
            | B::Mul
            | B::Rem
            | B::BitOr
            | B::BitXor
            | B::BitAnd
            | B::Shl
            | B::Shr
            | B::UShr
    )
}

fn prefixed(prefix: &str, name: &[u16]) -> JsString {
    let mut out: Vec<u16> = prefix.encode_utf16().collect();
    out.extend_from_slice(name);
    out.into_boxed_slice()
}

/// What an assignment target evaluates to before the value is known.
enum Target {
    Name(Identifier),
    /// A name the compiler cannot bind statically (inside `with`, near a sloppy `eval`): the
    /// reference, resolved once before the value, in `reference` and the register after it
    /// (see `ResolveLookupRef`).
    DynamicName {
        name: Box<str>,
        reference: Reg,
    },
    Named {
        object: Reg,
        name: Box<str>,
    },
    Keyed {
        object: Reg,
        key: Reg,
        /// The key is a number or string literal: converting it has no observable effect,
        /// so a compound assignment need not convert it exactly once before the load.
        literal_key: bool,
    },
    Private {
        object: Reg,
        name: Reg,
    },
    /// `super.name`: `base` is the super base, taken when the target is evaluated.
    SuperNamed {
        this: Reg,
        base: Reg,
        name: Box<str>,
    },
    /// `super[key]`: `key` holds the key's value, converted only when the property is read
    /// or written (after the base was taken).
    SuperKeyed {
        this: Reg,
        base: Reg,
        key: Reg,
    },
    /// A call in target position (sloppy web compatibility): throws on assignment.
    Invalid,
}

impl FnCompiler<'_, '_> {
    /// Compiles `e`; the value ends in the accumulator.
    pub(crate) fn expression(&mut self, e: &Expression) {
        stacker::maybe_grow(super::STACK_RED_ZONE, super::STACK_SEGMENT, || {
            self.expression_inner(e)
        })
    }

    /// NamedEvaluation: an anonymous function or class gets `name`.
    pub(crate) fn named_expression(&mut self, e: &Expression, name: Option<JsString>) {
        match (name, e.without_parens()) {
            (Some(name), Expression::Function(f)) if f.name.is_none() => {
                self.closure(f, Some(name))
            }
            (Some(name), Expression::Arrow(f)) => self.closure(f, Some(name)),
            (Some(name), Expression::Class(c)) if c.name.is_none() => {
                self.class_expression(c, Some(super::class::ClassName::Static(name)))
            }
            _ => self.expression(e),
        }
    }

    /// NamedEvaluation with a runtime property key (in register `key`).
    pub(crate) fn named_expression_keyed(&mut self, e: &Expression, key: Reg) {
        match e.without_parens() {
            Expression::Function(f) if f.name.is_none() => {
                self.closure(f, None);
                self.b.set_function_name(key, 0);
            }
            Expression::Arrow(f) => {
                self.closure(f, None);
                self.b.set_function_name(key, 0);
            }
            Expression::Class(c) if c.name.is_none() => {
                self.class_expression(c, Some(super::class::ClassName::Register(key)))
            }
            _ => self.expression(e),
        }
    }

    /// Evaluates `e` into a register: an existing register when `e` is a register variable
    /// that the code evaluated before the register is used cannot change (`later_simple`),
    /// otherwise a new temporary.
    pub(crate) fn value_reg(&mut self, e: &Expression, later_simple: bool) -> Reg {
        if later_simple {
            if let Some(r) = self.register_of(e) {
                return r;
            }
        }
        self.expression(e);
        let r = self.temp();
        self.b.star(r);
        r
    }

    /// True if `this` resolves to a binding that is never in its TDZ (not a derived
    /// constructor's).
    fn this_has_no_tdz(&self) -> bool {
        let r = self.resolve("this");
        !r.dynamic
            && r.found
                .is_some_and(|(scope, index)| !self.binding(scope, index).tdz)
    }

    /// The register holding identifier `e`, if it is a register binding needing no check.
    fn register_of(&self, e: &Expression) -> Option<Reg> {
        let (name, pos) = match e.without_parens() {
            Expression::Identifier(id) => (&*id.name, id.span.start),
            Expression::This(span) => ("this", span.start),
            _ => return None,
        };
        self.register_of_name(name, pos)
    }

    /// [`register_of`](Self::register_of) for the binding `name` referenced at `pos`.
    fn register_of_name(&self, name: &str, pos: u32) -> Option<Reg> {
        let r = self.resolve(name);
        if r.dynamic {
            return None;
        }
        let (scope, index) = r.found?;
        let b = self.binding(scope, index);
        let s = &self.unit.tree.scopes[scope];
        if b.tdz && (s.func != self.func || s.is_switch || pos < b.init_end) {
            return None;
        }
        match b.location {
            super::scope::Location::Register(r) => Some(r),
            super::scope::Location::Unallocated => b.register,
            _ => None,
        }
    }

    fn number(&mut self, value: f64) {
        if value == 0.0 && value.is_sign_positive() {
            self.b.lda_zero();
        } else if value.fract() == 0.0
            && value >= f64::from(i32::MIN)
            && value <= f64::from(i32::MAX)
            && !(value == 0.0 && value.is_sign_negative())
        {
            self.b.lda_smi(value as i32);
        } else {
            let c = self.b.number(value);
            self.b.lda_constant(c);
        }
    }

    /// Loads a string constant.
    pub(crate) fn string(&mut self, value: &[u16]) {
        let c = self.b.string(value);
        self.b.lda_constant(c);
    }

    fn expression_inner(&mut self, e: &Expression) {
        match e {
            Expression::Identifier(id) => {
                self.b.set_position(id.span);
                self.load_name(&id.name, id.span.start, false)
            }
            Expression::This(span) => {
                self.b.set_position(*span);
                self.load_this(span.start)
            }
            Expression::Null(_) => self.b.lda_null(),
            Expression::Boolean(b) => {
                if b.value {
                    self.b.lda_true()
                } else {
                    self.b.lda_false()
                }
            }
            Expression::Number(n) => self.number(n.value),
            Expression::BigInt(b) => {
                let c = self.b.add_constant(Constant::BigInt(b.digits.clone()));
                self.b.lda_constant(c);
            }
            Expression::String(s) => self.string(&s.value),
            Expression::RegExp(r) => {
                let c = self.b.add_constant(Constant::RegExp {
                    pattern: r.pattern.clone(),
                    flags: r.flags.clone(),
                });
                self.b.create_reg_exp(c);
            }
            Expression::Template(t) => self.template(t),
            Expression::TaggedTemplate(t) => self.tagged_template(t),
            Expression::Array(a) => self.array_literal(a),
            Expression::Object(o) => self.object_literal(o),
            Expression::Function(f) | Expression::Arrow(f) => self.closure(f, None),
            Expression::Class(c) => self.class_expression(c, None),
            Expression::Unary(u) => self.unary(u),
            Expression::Update(u) => self.update(u),
            Expression::Binary(b) => self.binary(b),
            Expression::Logical(l) => {
                let end = self.b.new_label();
                self.expression(&l.left);
                match l.operator {
                    LogicalOperator::And => self.b.jump_if_false(end),
                    LogicalOperator::Or => self.b.jump_if_true(end),
                    LogicalOperator::Coalesce => self.b.jump_if_not_undefined_or_null(end),
                }
                self.expression(&l.right);
                self.b.bind(end);
            }
            Expression::PrivateIn(p) => {
                let mark = self.mark();
                self.expression(&p.right);
                let object = self.temp();
                self.b.star(object);
                let name = self.private_name_reg(&p.name.name);
                self.load(object);
                self.b.set_position(p.span);
                self.b.has_private(name);
                self.release(mark);
            }
            Expression::Conditional(c) => {
                let otherwise = self.b.new_label();
                let end = self.b.new_label();
                self.condition(&c.test, otherwise, false);
                self.expression(&c.consequent);
                self.b.jump(end);
                self.b.bind(otherwise);
                self.expression(&c.alternate);
                self.b.bind(end);
            }
            Expression::Assign(a) => self.assignment(a),
            Expression::Sequence(s) => {
                for e in &s.expressions {
                    self.expression(e);
                }
            }
            Expression::Member(m) => {
                let mark = self.mark();
                self.member(m, None);
                self.release(mark);
            }
            Expression::SuperMember(m) => {
                let mark = self.mark();
                self.super_member(m, None);
                self.release(mark);
            }
            Expression::Call(c) => self.call(c),
            Expression::SuperCall(c) => self.super_call(c),
            Expression::New(n) => self.new_expression(n),
            Expression::OptionalChain(c) => {
                let exit = self.b.new_label();
                self.chain_exits.push(exit);
                self.expression(&c.expression);
                self.chain_exits.pop();
                let end = self.b.new_label();
                self.b.jump(end);
                self.b.bind(exit);
                self.b.lda_undefined();
                self.b.bind(end);
            }
            Expression::NewTarget(span) => {
                self.b.set_position(*span);
                self.load_internal("new.target")
            }
            Expression::ImportMeta(span) => {
                self.b.set_position(*span);
                self.b.lda_import_meta()
            }
            Expression::ImportCall(i) => {
                let mark = self.mark();
                self.expression(&i.source);
                let specifier = self.temp();
                self.b.star(specifier);
                match &i.options {
                    Some(o) => self.expression(o),
                    None => self.b.lda_undefined(),
                }
                self.b.set_position(i.span);
                self.b.dynamic_import(specifier);
                self.release(mark);
            }
            Expression::Yield(y) => self.yield_expression(y),
            Expression::Await(a) => {
                self.expression(&a.argument);
                self.b.set_position(a.span);
                self.b.await_value();
            }
            Expression::Parenthesized(p) => self.expression(&p.expression),
        }
    }

    // ----- literals -----

    fn template(&mut self, t: &TemplateLiteral) {
        let mark = self.mark();
        let acc_reg = self.temp();
        let head = t.quasis[0].cooked.clone().unwrap_or_default();
        let mut have = false;
        if !head.is_empty() || t.expressions.is_empty() {
            self.string(&head);
            have = true;
        }
        for (i, e) in t.expressions.iter().enumerate() {
            if have {
                self.b.star(acc_reg);
            }
            self.expression(e);
            self.b.set_position(e.span());
            self.b.to_string();
            if have {
                self.b.add(acc_reg);
            }
            have = true;
            let quasi = t.quasis[i + 1].cooked.clone().unwrap_or_default();
            if !quasi.is_empty() {
                self.b.star(acc_reg);
                self.string(&quasi);
                self.b.add(acc_reg);
            }
        }
        self.release(mark);
    }

    fn template_object(&mut self, t: &TemplateLiteral) {
        let descriptor = crate::bytecode::TemplateDescriptor {
            raw: t.quasis.iter().map(|q| utf16(&q.raw)).collect(),
            cooked: t.quasis.iter().map(|q| q.cooked.clone()).collect(),
        };
        let c = self
            .b
            .add_constant(Constant::Template(heap::sync::Arc::new(descriptor)));
        let ic = self.b.new_ic(IcKind::Template);
        self.b.get_template_object(c, ic);
    }

    fn tagged_template(&mut self, t: &TaggedTemplate) {
        let mark = self.mark();
        let callee = self.temp();
        let receiver = self.callee_and_receiver(&t.tag, callee);
        let count = t.quasi.expressions.len() as u32 + 1;
        let (args, argc) = match receiver {
            Some(r) => (r, count + 1),
            None => (self.temps(count), count),
        };
        let first_arg = if receiver.is_some() {
            args.plus(1)
        } else {
            args
        };
        if receiver.is_some() {
            self.temps(count);
        }
        self.template_object(&t.quasi);
        self.b.star(first_arg);
        for (i, e) in t.quasi.expressions.iter().enumerate() {
            self.expression(e);
            self.b.star(first_arg.plus(1 + i as u32));
        }
        self.b.set_position(t.span);
        let ic = self.b.new_ic(IcKind::Call);
        if receiver.is_some() {
            self.b.call(callee, args, argc, ic);
        } else {
            self.b.call_undefined_receiver(callee, args, argc, ic);
        }
        self.release(mark);
    }

    fn array_literal(&mut self, a: &ArrayLiteral) {
        let mark = self.mark();
        let plain = a.elements.len() <= 32
            && a.elements
                .iter()
                .all(|e| matches!(e, Some(ArrayElement::Expression(_))));
        if plain {
            let count = a.elements.len() as u32;
            let first = self.temps(count);
            for (i, e) in a.elements.iter().enumerate() {
                if let Some(ArrayElement::Expression(e)) = e {
                    self.expression(e);
                    self.b.star(first.plus(i as u32));
                }
            }
            self.b.set_position(a.span);
            self.b.create_array_from_list(first, count);
        } else {
            let array = self.temp();
            self.b.set_position(a.span);
            self.b.create_empty_array();
            self.b.star(array);
            for e in &a.elements {
                match e {
                    None => self.b.array_push_hole(array),
                    Some(ArrayElement::Expression(e)) => {
                        self.expression(e);
                        self.b.array_push(array);
                    }
                    Some(ArrayElement::Spread(s)) => {
                        self.expression(&s.argument);
                        self.b.set_position(s.span);
                        self.b.array_push_spread(array);
                    }
                }
            }
            self.load(array);
        }
        self.release(mark);
    }

    /// Loads a property key into a new register: static keys as strings, computed keys
    /// through `ToPropertyKey`.
    pub(crate) fn property_key_reg(&mut self, key: &PropertyKey) -> Reg {
        match key {
            PropertyKey::Computed(e) => {
                self.expression(e);
                self.b.to_property_key();
            }
            PropertyKey::Private(p) => {
                let name = format!("#{}", p.name);
                self.load_private_name(&name);
            }
            other => {
                let name = static_key(other).expect("a static key");
                self.string(&name);
            }
        }
        let r = self.temp();
        self.b.star(r);
        r
    }

    fn object_literal(&mut self, o: &ObjectLiteral) {
        let mark = self.mark();
        let object = self.temp();
        self.b.set_position(o.span);
        self.b.create_empty_object();
        self.b.star(object);
        for property in &o.properties {
            let inner = self.mark();
            match property {
                ObjectProperty::KeyValue(kv) => {
                    if kv.proto_setter {
                        self.expression(&kv.value);
                        self.b.set_object_literal_prototype(object);
                    } else {
                        match static_key(&kv.key) {
                            Some(name) => match String::from_utf16(&name) {
                                Ok(text) => {
                                    self.named_expression(&kv.value, Some(name.clone()));
                                    let n = self.b.name(&text);
                                    let ic = self.b.new_ic(IcKind::DefineNamed);
                                    self.b.define_named_own_property(object, n, ic);
                                }
                                Err(_) => {
                                    let key = self.property_key_reg(&kv.key);
                                    self.named_expression(&kv.value, Some(name.clone()));
                                    let ic = self.b.new_ic(IcKind::DefineKeyed);
                                    self.b.define_keyed_own_property(object, key, ic);
                                }
                            },
                            None => {
                                let key = self.property_key_reg(&kv.key);
                                self.named_expression_keyed(&kv.value, key);
                                let ic = self.b.new_ic(IcKind::DefineKeyed);
                                self.b.define_keyed_own_property(object, key, ic);
                            }
                        }
                    }
                }
                ObjectProperty::Method(m) => {
                    let key = self.property_key_reg(&m.key);
                    let (kind, prefix) = match m.kind {
                        MethodKind::Getter => (method_flags::GETTER, "get "),
                        MethodKind::Setter => (method_flags::SETTER, "set "),
                        _ => (method_flags::METHOD, ""),
                    };
                    let static_name = static_key(&m.key).map(|n| prefixed(prefix, &n));
                    let set_name = if static_name.is_none() {
                        method_flags::SET_NAME
                    } else {
                        0
                    };
                    self.closure(&m.function, static_name);
                    self.b.set_position(m.span);
                    self.b
                        .define_method(object, key, kind | method_flags::ENUMERABLE | set_name);
                }
                ObjectProperty::Spread(s) => {
                    self.expression(&s.argument);
                    self.b.set_position(s.span);
                    self.b.copy_data_properties(object);
                }
            }
            self.release(inner);
        }
        self.load(object);
        self.release(mark);
    }

    // ----- operators -----

    fn unary(&mut self, u: &UnaryExpression) {
        match u.operator {
            UnaryOperator::Typeof => {
                if let Expression::Identifier(id) = u.argument.without_parens() {
                    self.b.set_position(id.span);
                    self.load_name(&id.name, id.span.start, true);
                } else {
                    self.expression(&u.argument);
                }
                self.b.type_of();
            }
            UnaryOperator::Delete => self.delete(u),
            UnaryOperator::Void => {
                self.expression(&u.argument);
                self.b.lda_undefined();
            }
            UnaryOperator::Not => {
                self.expression(&u.argument);
                self.b.logical_not();
            }
            UnaryOperator::Minus => {
                if let Expression::Number(n) = &u.argument {
                    self.number(-n.value);
                    return;
                }
                self.expression(&u.argument);
                self.b.set_position(u.span);
                self.b.negate();
            }
            UnaryOperator::Plus => {
                self.expression(&u.argument);
                self.b.set_position(u.span);
                self.b.to_number();
            }
            UnaryOperator::BitNot => {
                self.expression(&u.argument);
                self.b.set_position(u.span);
                self.b.bitwise_not();
            }
        }
    }

    fn delete(&mut self, u: &UnaryExpression) {
        let mark = self.mark();
        match u.argument.without_parens() {
            Expression::Identifier(id) => {
                let r = self.resolve(&id.name);
                let static_local = !r.dynamic
                    && r.found.is_some_and(|(s, i)| {
                        !matches!(
                            self.binding(s, i).location,
                            super::scope::Location::Global | super::scope::Location::Dynamic
                        )
                    });
                if static_local {
                    self.b.lda_false();
                } else {
                    let n = self.b.name(&id.name);
                    self.b.delete_lookup_slot(n);
                }
            }
            Expression::Member(m) if !matches!(m.property, MemberProperty::Private(_)) => {
                let object = self.value_reg(&m.object, true);
                match &m.property {
                    MemberProperty::Identifier(name) => self.string(&utf16(&name.name)),
                    MemberProperty::Computed(k) => self.expression(k),
                    MemberProperty::Private(_) => unreachable!(),
                }
                self.b.set_position(u.span);
                if self.strict {
                    self.b.delete_property_strict(object)
                } else {
                    self.b.delete_property_sloppy(object)
                }
            }
            Expression::SuperMember(m) => {
                self.load_this(m.span.start);
                if let MemberProperty::Computed(k) = &m.property {
                    self.expression(k);
                    self.b.to_property_key();
                }
                self.throw_error(
                    ErrorKind::ReferenceError,
                    "Unsupported reference to 'super'",
                );
            }
            Expression::OptionalChain(c) => {
                let exit = self.b.new_label();
                self.chain_exits.push(exit);
                match c.expression.without_parens() {
                    Expression::Member(m) if !matches!(m.property, MemberProperty::Private(_)) => {
                        let object = self.temp();
                        self.expression(&m.object);
                        self.b.star(object);
                        if m.optional {
                            let exit = *self.chain_exits.last().expect("in a chain");
                            self.b.jump_if_undefined_or_null(exit);
                        }
                        match &m.property {
                            MemberProperty::Identifier(name) => self.string(&utf16(&name.name)),
                            MemberProperty::Computed(k) => self.expression(k),
                            MemberProperty::Private(_) => unreachable!(),
                        }
                        if self.strict {
                            self.b.delete_property_strict(object)
                        } else {
                            self.b.delete_property_sloppy(object)
                        }
                    }
                    other => {
                        self.expression(other);
                        self.b.lda_true();
                    }
                }
                self.chain_exits.pop();
                let end = self.b.new_label();
                self.b.jump(end);
                self.b.bind(exit);
                self.b.lda_true();
                self.b.bind(end);
            }
            other => {
                self.expression(other);
                self.b.lda_true();
            }
        }
        self.release(mark);
    }

    /// Emits `acc = lhs <op> acc`.
    pub(crate) fn binary_op(&mut self, op: BinaryOperator, lhs: Reg) {
        use BinaryOperator as B;
        match op {
            B::Add => self.b.add(lhs),
            B::Sub => self.b.sub(lhs),
            B::Mul => self.b.mul(lhs),
            B::Div => self.b.div(lhs),
            B::Rem => self.b.modulo(lhs),
            B::Exp => self.b.exp(lhs),
            B::BitOr => self.b.bitwise_or(lhs),
            B::BitXor => self.b.bitwise_xor(lhs),
            B::BitAnd => self.b.bitwise_and(lhs),
            B::Shl => self.b.shift_left(lhs),
            B::Shr => self.b.shift_right(lhs),
            B::UShr => self.b.shift_right_logical(lhs),
            B::Eq => self.b.test_equal(lhs),
            B::NotEq => {
                self.b.test_equal(lhs);
                self.b.logical_not();
            }
            B::StrictEq => self.b.test_equal_strict(lhs),
            B::StrictNotEq => {
                self.b.test_equal_strict(lhs);
                self.b.logical_not();
            }
            B::Lt => self.b.test_less_than(lhs),
            B::LtEq => self.b.test_less_than_or_equal(lhs),
            B::Gt => self.b.test_greater_than(lhs),
            B::GtEq => self.b.test_greater_than_or_equal(lhs),
            B::In => self.b.test_in(lhs),
            B::Instanceof => self.b.test_instance_of(lhs),
        }
    }

    fn binary(&mut self, b: &BinaryExpression) {
        self.binary_with(b, b.operator)
    }

    /// `b`, with `operator` applied at its root instead of its own (conditions compile
    /// `a != b` as `a == b` with the jump inverted).
    pub(crate) fn binary_with(&mut self, b: &BinaryExpression, operator: BinaryOperator) {
        let op = |node: &BinaryExpression| {
            if std::ptr::eq(node, b) {
                operator
            } else {
                node.operator
            }
        };
        // Iterate down left-deep chains (`a + b + c + …`) instead of recursing.
        let mut chain = vec![b];
        let mut left = &b.left;
        while let Expression::Binary(inner) = left {
            chain.push(inner);
            left = &inner.left;
        }
        let mark = self.mark();
        let innermost = chain.last().expect("non-empty");
        if let Some(value) = smi_literal(&innermost.right).filter(|_| has_smi_form(op(innermost))) {
            self.expression(&innermost.left);
            self.b.set_position(innermost.span);
            self.binary_op_smi(op(innermost), value);
        } else {
            let lhs = self.value_reg(
                &innermost.left,
                is_simple(&innermost.right) || !may_assign(&innermost.right),
            );
            self.expression(&innermost.right);
            self.b.set_position(innermost.span);
            self.binary_op(op(innermost), lhs);
        }
        for node in chain.iter().rev().skip(1) {
            if let Some(value) = smi_literal(&node.right).filter(|_| has_smi_form(op(node))) {
                self.b.set_position(node.span);
                self.binary_op_smi(op(node), value);
                continue;
            }
            let t = self.temp();
            self.b.star(t);
            self.expression(&node.right);
            self.b.set_position(node.span);
            self.binary_op(op(node), t);
        }
        self.release(mark);
    }

    /// `acc = acc op value` through the operator's `*Smi` form ([`has_smi_form`]).
    fn binary_op_smi(&mut self, op: BinaryOperator, value: i32) {
        use BinaryOperator as B;
        match op {
            B::Add => self.b.add_smi(value),
            B::Sub => self.b.sub_smi(value),
            B::Mul => self.b.mul_smi(value),
            B::Rem => self.b.modulo_smi(value),
            B::BitOr => self.b.bitwise_or_smi(value),
            B::BitXor => self.b.bitwise_xor_smi(value),
            B::BitAnd => self.b.bitwise_and_smi(value),
            B::Shl => self.b.shift_left_smi(value),
            B::Shr => self.b.shift_right_smi(value),
            B::UShr => self.b.shift_right_logical_smi(value),
            _ => unreachable!("has_smi_form"),
        }
    }

    // ----- assignment -----

    /// Evaluates an assignment target's references (before the value).
    /// `later_assigns`: whether what is evaluated between the reference and the store (the
    /// assigned value) may assign a binding ([`may_assign`]); if not, register locals
    /// naming the object and key are used in place.
    fn target(&mut self, target: &Pattern, later_assigns: bool) -> Target {
        match target {
            Pattern::Identifier(id) => self.name_target(id),
            Pattern::Expression(e) => self.expression_target(e, later_assigns),
            Pattern::Object(_) | Pattern::Array(_) => unreachable!("patterns are destructured"),
        }
    }

    /// An identifier target. A dynamically scoped one is resolved here, before the value:
    /// PutValue uses that reference even if the binding moves meanwhile (`with (o) x =
    /// (delete o.x, 1)` still assigns `o.x`).
    fn name_target(&mut self, id: &Identifier) -> Target {
        if !self.resolve(&id.name).dynamic {
            return Target::Name(id.clone());
        }
        let reference = self.temps(2);
        let n = self.b.name(&id.name);
        self.b.resolve_lookup_ref(n, reference);
        Target::DynamicName {
            name: id.name.clone(),
            reference,
        }
    }

    fn expression_target(&mut self, e: &Expression, later_assigns: bool) -> Target {
        match e.without_parens() {
            Expression::Identifier(id) => self.name_target(id),
            Expression::Member(m) => {
                // The value is evaluated after the reference, so only a base the value (and
                // the key) cannot change may stay in its own register: `this` (outside
                // derived constructors, where it starts uninitialised), or any register
                // local when nothing evaluated later assigns.
                let key_assigns =
                    matches!(&m.property, MemberProperty::Computed(k) if may_assign(k));
                let stable = (matches!(m.object.without_parens(), Expression::This(_))
                    && self.this_has_no_tdz())
                    || !(later_assigns || key_assigns);
                let object = self.value_reg(&m.object, stable);
                match &m.property {
                    MemberProperty::Identifier(name) => Target::Named {
                        object,
                        name: name.name.clone(),
                    },
                    MemberProperty::Computed(k) => {
                        let literal_key = matches!(
                            k.without_parens(),
                            Expression::Number(_) | Expression::String(_)
                        );
                        let key = self.value_reg(k, !later_assigns);
                        Target::Keyed {
                            object,
                            key,
                            literal_key,
                        }
                    }
                    MemberProperty::Private(p) => {
                        let name = self.private_name_reg(&p.name);
                        Target::Private { object, name }
                    }
                }
            }
            Expression::SuperMember(m) => {
                let this = self.temp();
                self.load_this(m.span.start);
                self.b.star(this);
                match &m.property {
                    MemberProperty::Computed(k) => {
                        self.expression(k);
                        let key = self.temp();
                        self.b.star(key);
                        let base = self.super_base();
                        Target::SuperKeyed { this, base, key }
                    }
                    MemberProperty::Identifier(name) => {
                        let base = self.super_base();
                        Target::SuperNamed {
                            this,
                            base,
                            name: name.name.clone(),
                        }
                    }
                    MemberProperty::Private(_) => Target::Invalid,
                }
            }
            other => {
                self.expression(other);
                Target::Invalid
            }
        }
    }

    /// Loads the current value of an evaluated target (compound, logical and update
    /// assignment). A computed key is converted once, here, and the target then holds the
    /// property key the store uses.
    fn target_load(&mut self, target: &mut Target) {
        match target {
            Target::Name(id) => self.load_name(&id.name, id.span.start, false),
            Target::DynamicName { name, reference } => {
                let n = self.b.name(name);
                self.b.lda_lookup_ref(n, *reference);
            }
            Target::Named { object, name } => {
                let n = self.b.name(name);
                let ic = self.b.new_ic(IcKind::GetNamed);
                self.b.get_named_property(*object, n, ic);
            }
            Target::Keyed {
                object,
                key,
                literal_key: true,
            } => {
                self.load(*key);
                let ic = self.b.new_ic(IcKind::GetKeyed);
                self.b.get_keyed_property(*object, ic);
            }
            Target::Keyed { object, key, .. } => {
                // GetValue: `? ToObject(base)` comes before `? ToPropertyKey(key)`. A nullish
                // base takes the GetKeyedProperty that throws for it before converting.
                let convert = self.b.new_label();
                self.load(*object);
                self.b.jump_if_not_undefined_or_null(convert);
                self.load(*key);
                let ic = self.b.new_ic(IcKind::GetKeyed);
                self.b.get_keyed_property(*object, ic);
                self.b.bind(convert);
                self.load(*key);
                self.b.to_property_key();
                let converted = self.temp();
                self.b.star(converted);
                *key = converted;
                let ic = self.b.new_ic(IcKind::GetKeyed);
                self.b.get_keyed_property(*object, ic);
            }
            Target::Private { object, name } => {
                self.load(*name);
                self.b.get_private(*object);
            }
            Target::SuperNamed { this, base, name } => {
                let n = self.b.name(name);
                let ic = self.b.new_ic(IcKind::GetNamed);
                self.b.get_named_super_property(*this, *base, n, ic);
            }
            Target::SuperKeyed { this, base, key } => {
                // The key is converted once, here; the store uses the converted key.
                self.load(*key);
                self.b.to_property_key();
                let converted = self.temp();
                self.b.star(converted);
                *key = converted;
                let ic = self.b.new_ic(IcKind::GetKeyed);
                self.b.get_keyed_super_property(*this, *base, ic);
            }
            Target::Invalid => self.invalid_target(),
        }
    }

    fn invalid_target(&mut self) {
        self.throw_error(
            ErrorKind::ReferenceError,
            "Invalid left-hand side in assignment",
        );
    }

    /// PutValue(target, acc); acc unchanged.
    fn target_store(&mut self, target: &Target) {
        match target {
            Target::Name(id) => self.store_name(&id.name, id.span.start, StoreMode::Assign),
            Target::DynamicName { name, reference } => {
                let n = self.b.name(name);
                self.b.sta_lookup_ref(n, *reference, u32::from(self.strict));
            }
            Target::Named { object, name } => {
                let n = self.b.name(name);
                let ic = self.b.new_ic(IcKind::SetNamed {
                    strict: self.strict,
                });
                self.b.set_named_property(*object, n, ic);
            }
            Target::Keyed { object, key, .. } => {
                let ic = self.b.new_ic(IcKind::SetKeyed {
                    strict: self.strict,
                });
                self.b.set_keyed_property(*object, *key, ic);
            }
            Target::Private { object, name } => self.b.set_private(*object, *name),
            Target::SuperNamed { this, base, name } => {
                let n = self.b.name(name);
                let ic = self.b.new_ic(IcKind::SetNamed {
                    strict: self.strict,
                });
                self.b.set_named_super_property(*this, *base, n, ic);
            }
            Target::SuperKeyed { this, base, key } => {
                let ic = self.b.new_ic(IcKind::SetKeyed {
                    strict: self.strict,
                });
                self.b.set_keyed_super_property(*this, *base, *key, ic);
            }
            Target::Invalid => self.invalid_target(),
        }
    }

    fn target_name(target: &Pattern) -> Option<JsString> {
        match target {
            Pattern::Identifier(id) => Some(utf16(&id.name)),
            _ => None,
        }
    }

    fn assignment(&mut self, a: &AssignmentExpression) {
        let mark = self.mark();
        match a.operator {
            AssignmentOperator::Assign => match &a.target {
                Pattern::Object(_) | Pattern::Array(_) => {
                    self.expression(&a.value);
                    let value = self.temp();
                    self.b.star(value);
                    self.assign_pattern_value(&a.target);
                    self.load(value);
                }
                target => {
                    let t = self.target(target, may_assign(&a.value));
                    self.named_expression(&a.value, Self::target_name(target));
                    self.b.set_position(a.span);
                    self.target_store(&t);
                }
            },
            AssignmentOperator::Compound(op) => {
                let mut t = self.target(&a.target, may_assign(&a.value));
                let in_place = match &t {
                    Target::Name(id) if !may_assign(&a.value) => {
                        self.register_of_name(&id.name, id.span.start)
                    }
                    _ => None,
                };
                if let Some(old) = in_place {
                    // `total += f(x)` on a register local: the old value is read from its
                    // register after the value (which assigns nothing), then stored as usual.
                    self.expression(&a.value);
                    self.b.set_position(a.span);
                    self.binary_op(op, old);
                    self.target_store(&t);
                    self.release(mark);
                    return;
                }
                self.target_load(&mut t);
                if let Some(value) = smi_literal(&a.value).filter(|_| has_smi_form(op)) {
                    self.b.set_position(a.span);
                    self.binary_op_smi(op, value);
                } else {
                    let old = self.temp();
                    self.b.star(old);
                    self.expression(&a.value);
                    self.b.set_position(a.span);
                    self.binary_op(op, old);
                }
                self.target_store(&t);
            }
            AssignmentOperator::Logical(op) => {
                let mut t = self.target(&a.target, may_assign(&a.value));
                self.target_load(&mut t);
                let end = self.b.new_label();
                match op {
                    LogicalOperator::And => self.b.jump_if_false(end),
                    LogicalOperator::Or => self.b.jump_if_true(end),
                    LogicalOperator::Coalesce => self.b.jump_if_not_undefined_or_null(end),
                }
                self.named_expression(&a.value, Self::target_name(&a.target));
                self.b.set_position(a.span);
                self.target_store(&t);
                self.b.bind(end);
            }
        }
        self.release(mark);
    }

    /// Assigns acc to a simple assignment target or destructures it (for-in/of heads).
    pub(crate) fn assign_pattern_value(&mut self, target: &Pattern) {
        match target {
            Pattern::Object(_) | Pattern::Array(_) => self.bind_pattern(target, StoreMode::Assign),
            other => {
                let value = self.temp();
                self.b.star(value);
                let t = self.target(other, false);
                self.load(value);
                self.target_store(&t);
                self.release(value.0);
            }
        }
    }

    /// Assigns the value in register `value` to an assignment-pattern element target
    /// evaluated before the value (destructuring assignment).
    pub(crate) fn assign_simple_target_prepared(&mut self, target: &Pattern) -> PreparedTarget {
        // Defaults and later elements are evaluated before the store.
        PreparedTarget(self.target(target, true))
    }

    /// Stores acc into a prepared target.
    pub(crate) fn store_prepared(&mut self, t: &PreparedTarget) {
        self.target_store(&t.0);
    }

    fn update(&mut self, u: &UpdateExpression) {
        self.update_with(u, u.prefix)
    }

    /// Evaluates `e` for its effects only (expression statements without a completion
    /// value, `for` updates): `x++` then needs not keep the old value.
    pub(crate) fn effect(&mut self, e: &Expression) {
        match e {
            Expression::Update(u) => self.update_with(u, true),
            _ => self.expression(e),
        }
    }

    fn update_with(&mut self, u: &UpdateExpression, prefix: bool) {
        let mark = self.mark();
        let mut t = self.target(&u.target, false);
        self.target_load(&mut t);
        self.b.set_position(u.span);
        let old = if prefix {
            None
        } else {
            self.b.to_numeric();
            let r = self.temp();
            self.b.star(r);
            Some(r)
        };
        if u.increment {
            self.b.inc()
        } else {
            self.b.dec()
        }
        self.target_store(&t);
        if let Some(r) = old {
            self.load(r);
        }
        self.release(mark);
    }

    // ----- member access -----

    /// Loads a member expression; with `receiver`, the object is stored there (for calls).
    fn member(&mut self, m: &MemberExpression, receiver: Option<Reg>) {
        let later_simple = match &m.property {
            MemberProperty::Computed(k) => is_simple(k),
            _ => true,
        };
        let object = match receiver {
            Some(r) => {
                self.expression(&m.object);
                self.b.star(r);
                r
            }
            None => self.value_reg(&m.object, later_simple),
        };
        if m.optional {
            let exit = *self
                .chain_exits
                .last()
                .expect("optional link inside a chain");
            if receiver.is_none() {
                self.load(object);
            }
            self.b.jump_if_undefined_or_null(exit);
        }
        self.member_property(m, object);
    }

    /// Loads `m`'s property from the object in register `object`.
    fn member_property(&mut self, m: &MemberExpression, object: Reg) {
        match &m.property {
            MemberProperty::Identifier(name) => {
                self.b.set_position(m.span);
                let n = self.b.name(&name.name);
                let ic = self.b.new_ic(IcKind::GetNamed);
                self.b.get_named_property(object, n, ic);
            }
            MemberProperty::Computed(k) => {
                self.expression(k);
                self.b.set_position(m.span);
                let ic = self.b.new_ic(IcKind::GetKeyed);
                self.b.get_keyed_property(object, ic);
            }
            MemberProperty::Private(p) => {
                self.load_private_name(&format!("#{}", p.name));
                self.b.set_position(m.span);
                self.b.get_private(object);
            }
        }
    }

    /// GetSuperBase into a fresh register: the home object's prototype, taken when the super
    /// reference is evaluated.
    fn super_base(&mut self) -> Reg {
        let base = self.temp();
        self.load_internal("%home");
        self.b.get_super_base();
        self.b.star(base);
        base
    }

    fn super_member(&mut self, m: &SuperMemberExpression, receiver: Option<Reg>) {
        let this = receiver.unwrap_or_else(|| self.temp());
        self.b.set_position(m.span);
        self.load_this(m.span.start);
        self.b.star(this);
        match &m.property {
            MemberProperty::Computed(k) => {
                self.expression(k);
                let key = self.temp();
                self.b.star(key);
                let base = self.super_base();
                self.load(key);
                self.b.set_position(m.span);
                let ic = self.b.new_ic(IcKind::GetKeyed);
                self.b.get_keyed_super_property(this, base, ic);
            }
            MemberProperty::Identifier(name) => {
                let base = self.super_base();
                let n = self.b.name(&name.name);
                let ic = self.b.new_ic(IcKind::GetNamed);
                self.b.get_named_super_property(this, base, n, ic);
            }
            MemberProperty::Private(_) => self.invalid_target(),
        }
    }

    /// Loads the Private Name value of `#name` (including the `#`).
    pub(crate) fn load_private_name(&mut self, name: &str) {
        let r = self.resolve(name);
        match r.found {
            Some((s, i)) => {
                let depth = r.depth;
                self.load_binding_raw(s, i, depth)
            }
            None => self.throw_error(ErrorKind::SyntaxError, "Undefined private name"),
        }
    }

    /// The Private Name of `#name` (without `#`) in a new register.
    pub(crate) fn private_name_reg(&mut self, name: &str) -> Reg {
        self.load_private_name(&format!("#{name}"));
        let r = self.temp();
        self.b.star(r);
        r
    }

    // ----- calls -----

    /// Evaluates a callee into `callee`; returns the receiver register (allocated right after
    /// `callee`) if the call has a this value.
    fn callee_and_receiver(&mut self, e: &Expression, callee: Reg) -> Option<Reg> {
        match e {
            Expression::Parenthesized(p) => match p.expression.without_parens() {
                inner @ (Expression::Member(_) | Expression::SuperMember(_)) => {
                    self.callee_and_receiver(inner, callee)
                }
                Expression::OptionalChain(c) => {
                    let exit = self.b.new_label();
                    self.chain_exits.push(exit);
                    let receiver = self.callee_and_receiver(&c.expression, callee);
                    self.chain_exits.pop();
                    let end = self.b.new_label();
                    self.b.jump(end);
                    self.b.bind(exit);
                    self.b.lda_undefined();
                    self.b.star(callee);
                    if let Some(r) = receiver {
                        self.b.star(r);
                    }
                    self.b.bind(end);
                    receiver
                }
                _ => {
                    self.expression(e);
                    self.b.star(callee);
                    None
                }
            },
            Expression::Member(m) => {
                let receiver = self.temp();
                self.member(m, Some(receiver));
                self.b.star(callee);
                Some(receiver)
            }
            Expression::SuperMember(m) => {
                let receiver = self.temp();
                let mark = self.mark();
                self.super_member(m, Some(receiver));
                self.release(mark);
                self.b.star(callee);
                Some(receiver)
            }
            Expression::Identifier(id) if self.resolve(&id.name).dynamic => {
                // `with` / sloppy eval: the reference may have a this value.
                let pair = self.temps(1);
                debug_assert_eq!(pair.0, callee.0 + 1);
                let n = self.b.name(&id.name);
                self.b.set_position(id.span);
                self.b.lda_lookup_slot_for_call(n, callee);
                Some(pair)
            }
            _ => {
                self.expression(e);
                self.b.star(callee);
                None
            }
        }
    }

    /// Evaluates arguments: `Ok((first, count))` in consecutive registers starting at the
    /// next free register, or `Err(array)` when there is a spread.
    fn arguments(&mut self, args: &[ArrayElement]) -> Result<(Reg, u32), Reg> {
        if args.iter().any(|a| matches!(a, ArrayElement::Spread(_))) {
            let array = self.temp();
            self.b.create_empty_array();
            self.b.star(array);
            for a in args {
                match a {
                    ArrayElement::Expression(e) => {
                        self.expression(e);
                        self.b.array_push(array);
                    }
                    ArrayElement::Spread(s) => {
                        self.expression(&s.argument);
                        self.b.set_position(s.span);
                        self.b.array_push_spread(array);
                    }
                }
            }
            return Err(array);
        }
        let count = args.len() as u32;
        let first = self.temps(count);
        for (i, a) in args.iter().enumerate() {
            if let ArrayElement::Expression(e) = a {
                self.expression(e);
                self.b.star(first.plus(i as u32));
            }
        }
        Ok((first, count))
    }

    /// Records the callee's text for the call instruction about to be emitted (see
    /// [`callee_text`]).
    fn name_callee(&mut self, callee: &Expression) {
        if let Some(text) = callee_text(callee) {
            self.b.set_callee_text(text.into_boxed_str());
        }
    }

    fn call(&mut self, c: &CallExpression) {
        if !c.optional && !c.direct_eval && self.call_property_in_place(c) {
            return;
        }
        let mark = self.mark();
        let callee = self.temp();
        let receiver = self.callee_and_receiver(&c.callee, callee);
        if c.optional {
            let exit = *self
                .chain_exits
                .last()
                .expect("optional call inside a chain");
            self.load(callee);
            self.b.jump_if_undefined_or_null(exit);
        }
        if c.direct_eval {
            self.direct_eval(c, callee, receiver);
            self.release(mark);
            return;
        }
        let args = self.arguments(&c.arguments);
        self.b.set_position(c.span);
        self.name_callee(&c.callee);
        let ic = self.b.new_ic(IcKind::Call);
        match (args, receiver) {
            (Ok((first, count)), Some(r)) => {
                debug_assert!(count == 0 || first.0 == r.0 + 1);
                self.b.call(callee, r, count + 1, ic)
            }
            (Ok((first, count)), None) => self.b.call_undefined_receiver(callee, first, count, ic),
            (Err(array), Some(r)) => self.b.call_with_arg_array(callee, r, array, ic),
            (Err(array), None) => {
                let undefined = self.temp();
                self.b.lda_undefined();
                self.b.star(undefined);
                self.b.call_with_arg_array(callee, undefined, array, ic)
            }
        }
        self.release(mark);
    }

    /// `o.m(…)` / `o[k](…)` with at most two arguments, when the receiver or an argument is
    /// a register local that nothing evaluated after it assigns ([`may_assign`]): a
    /// `CallProperty0/1/2` names each operand's register, so such locals are not copied
    /// into a consecutive block (`s.charCodeAt(i)` is three instructions, not seven).
    /// `false` (nothing emitted) when no operand can be read in place.
    fn call_property_in_place(&mut self, c: &CallExpression) -> bool {
        let Expression::Member(m) = &c.callee else {
            return false;
        };
        if m.optional || matches!(m.property, MemberProperty::Private(_)) || c.arguments.len() > 2 {
            return false;
        }
        let mut args = Vec::with_capacity(c.arguments.len());
        for a in &c.arguments {
            match a {
                ArrayElement::Expression(e) => args.push(e),
                ArrayElement::Spread(_) => return false,
            }
        }
        let key_assigns = matches!(&m.property, MemberProperty::Computed(k) if may_assign(k));
        let receiver_in_place = if key_assigns || args.iter().any(|a| may_assign(a)) {
            None
        } else {
            self.register_of(&m.object)
        };
        let args_in_place: Vec<Option<Reg>> = (0..args.len())
            .map(|i| {
                if args[i + 1..].iter().any(|a| may_assign(a)) {
                    None
                } else {
                    self.register_of(args[i])
                }
            })
            .collect();
        if receiver_in_place.is_none() && args_in_place.iter().all(Option::is_none) {
            return false;
        }
        let mark = self.mark();
        let callee = self.temp();
        let receiver = match receiver_in_place {
            Some(r) => r,
            None => {
                self.expression(&m.object);
                let r = self.temp();
                self.b.star(r);
                r
            }
        };
        self.member_property(m, receiver);
        self.b.star(callee);
        let mut regs = Vec::with_capacity(args.len());
        for (arg, in_place) in args.iter().zip(args_in_place) {
            regs.push(match in_place {
                Some(r) => r,
                None => {
                    self.expression(arg);
                    let r = self.temp();
                    self.b.star(r);
                    r
                }
            });
        }
        self.b.set_position(c.span);
        self.name_callee(&c.callee);
        let ic = self.b.new_ic(IcKind::Call);
        match regs[..] {
            [] => self.b.call_property0(callee, receiver, ic),
            [a] => self.b.call_property1(callee, receiver, a, ic),
            [a, b] => self.b.call_property2(callee, receiver, a, b, ic),
            _ => unreachable!("at most two arguments"),
        }
        self.release(mark);
        true
    }

    fn direct_eval(&mut self, c: &CallExpression, callee: Reg, receiver: Option<Reg>) {
        let receiver = match receiver {
            Some(r) => r,
            None => {
                let r = self.temp();
                self.b.lda_undefined();
                self.b.star(r);
                r
            }
        };
        let array = match self.arguments(&c.arguments) {
            Ok((first, count)) => {
                self.b.create_array_from_list(first, count);
                let r = self.temp();
                self.b.star(r);
                r
            }
            Err(array) => array,
        };
        let site = self.eval_site();
        let index = self
            .b
            .add_constant(Constant::EvalSite(heap::sync::Arc::new(site)));
        self.b.set_position(c.span);
        let ic = self.b.new_ic(IcKind::Call);
        self.b.call_direct_eval(callee, receiver, array, index, ic);
    }

    /// The static scope chain and facts a direct eval here needs.
    fn eval_site(&self) -> EvalContextInfo {
        let mut scopes = Vec::new();
        let mut s = Some(self.scope);
        while let Some(id) = s {
            let scope = &self.unit.tree.scopes[id];
            if scope.has_context {
                if let Some(d) = &scope.descriptor {
                    scopes.push(d.clone());
                }
            }
            s = scope.parent;
        }
        // Function-level facts from the nearest non-arrow function.
        let mut allow_new_target = false;
        let mut allow_super_property = false;
        let mut allow_super_call = false;
        let mut in_field = false;
        let mut s = Some(self.scope);
        while let Some(id) = s {
            let scope = &self.unit.tree.scopes[id];
            if scope.ty == super::scope::ScopeType::External {
                if let Some(d) = &scope.external {
                    if d.kind == crate::bytecode::ScopeKind::Function && !d.is_arrow {
                        use crate::bytecode::CodeKind as K;
                        let kind = d.function_kind.unwrap_or(K::Normal);
                        allow_new_target = true;
                        allow_super_property = !matches!(kind, K::Normal);
                        allow_super_call = kind == K::DerivedConstructor;
                        in_field = matches!(kind, K::InstanceInitializer | K::StaticInitializer);
                        break;
                    }
                }
            }
            if scope.ty == super::scope::ScopeType::Function
                && !scope.is_arrow
                && scope.func != usize::MAX
            {
                let f = &self.unit.tree.funcs[scope.func];
                allow_new_target = true;
                allow_super_property = matches!(
                    f.kind,
                    crate::bytecode::CodeKind::Method
                        | crate::bytecode::CodeKind::Getter
                        | crate::bytecode::CodeKind::Setter
                        | crate::bytecode::CodeKind::ClassConstructor
                        | crate::bytecode::CodeKind::DerivedConstructor
                        | crate::bytecode::CodeKind::InstanceInitializer
                        | crate::bytecode::CodeKind::StaticInitializer
                );
                allow_super_call = f.kind == crate::bytecode::CodeKind::DerivedConstructor;
                in_field = matches!(
                    f.kind,
                    crate::bytecode::CodeKind::InstanceInitializer
                        | crate::bytecode::CodeKind::StaticInitializer
                );
                break;
            }
            s = scope.parent;
        }
        EvalContextInfo {
            strict: self.strict,
            scopes: scopes.into_boxed_slice(),
            allow_new_target,
            allow_super_property,
            allow_super_call,
            in_class_field_initializer: in_field,
        }
    }

    fn new_expression(&mut self, n: &NewExpression) {
        let mark = self.mark();
        let callee = self.value_reg(&n.callee, false);
        let args = self.arguments(&n.arguments);
        self.load(callee);
        self.b.set_position(n.span);
        self.name_callee(&n.callee);
        let ic = self.b.new_ic(IcKind::Construct);
        match args {
            Ok((first, count)) => self.b.construct(callee, first, count, ic),
            Err(array) => self.b.construct_with_arg_array(callee, array, ic),
        }
        self.release(mark);
    }

    fn super_call(&mut self, c: &SuperCallExpression) {
        let mark = self.mark();
        let constructor = self.temp();
        self.b.set_position(c.span);
        self.load_internal("%function");
        self.b.get_super_constructor();
        self.b.star(constructor);
        let args = self.arguments(&c.arguments);
        self.load_internal("new.target");
        self.b.set_position(c.span);
        let ic = self.b.new_ic(IcKind::Construct);
        match args {
            Ok((first, count)) => self.b.construct(constructor, first, count, ic),
            Err(array) => self.b.construct_with_arg_array(constructor, array, ic),
        }
        let result = self.temp();
        self.b.star(result);
        // Bind `this` (it must still be uninitialised).
        let r = self.resolve("this");
        if let Some((s, i)) = r.found {
            let depth = r.depth;
            self.load_binding_raw(s, i, depth);
            self.b.throw_super_already_called_if_not_hole();
            self.load(result);
            self.store_binding_at(s, i, depth);
        }
        // Fields of the class whose constructor this is.
        if self.class_of_constructor_has_fields() {
            let f = self.temp();
            self.load_internal("%function");
            self.b.star(f);
            self.b.initialize_instance_elements(result, f);
        }
        self.load(result);
        self.release(mark);
    }

    /// True if the derived constructor `super()` belongs to has instance elements.
    fn class_of_constructor_has_fields(&self) -> bool {
        let mut s = Some(self.scope);
        while let Some(id) = s {
            let scope = &self.unit.tree.scopes[id];
            if scope.ty == super::scope::ScopeType::Function && !scope.is_arrow {
                if scope.func == usize::MAX {
                    return true;
                }
                return self.unit.tree.funcs[scope.func].class_has_instance_elements;
            }
            if scope.ty == super::scope::ScopeType::External {
                // Eval code inside a derived constructor: ask at run time (the initialiser
                // is absent when there are no fields).
                return true;
            }
            s = scope.parent;
        }
        false
    }

    /// Unused placeholder to keep label types referenced.
    #[allow(dead_code)]
    fn label_noop(&mut self, _: Label) {}
}

/// An assignment target evaluated ahead of its value.
pub(crate) struct PreparedTarget(Target);

/// How a "… is not a function" error names a callee: its text when it is a plain reference —
/// an identifier, `this`, and member accesses and calls on those (`q.nope`, `a[0]`, `a.#m`,
/// `f(...)`), as V8 prints them — else `None` (the error shows the value instead).
pub(crate) fn callee_text(e: &Expression) -> Option<String> {
    const MAX_LEN: usize = 120;
    let text = match e {
        Expression::Identifier(id) => id.name.to_string(),
        Expression::This(_) => "this".to_string(),
        Expression::Parenthesized(p) => return callee_text(&p.expression),
        Expression::Member(m) => {
            let object = callee_text(&m.object)?;
            let dot = if m.optional { "?." } else { "." };
            match &m.property {
                MemberProperty::Identifier(name) => format!("{object}{dot}{}", name.name),
                MemberProperty::Private(name) => format!("{object}{dot}#{}", name.name),
                MemberProperty::Computed(Expression::Number(n))
                    if n.value.fract() == 0.0 && n.value.abs() < 1e15 =>
                {
                    let open = if m.optional { "?.[" } else { "[" };
                    format!("{object}{open}{}]", n.value as i64)
                }
                // V8 prints a string key as a name: `o["a b"]()` is "o.a b".
                MemberProperty::Computed(Expression::String(s)) => {
                    format!("{object}{dot}{}", String::from_utf16(&s.value).ok()?)
                }
                MemberProperty::Computed(_) => return None,
            }
        }
        Expression::Call(c) => {
            let call = if c.optional { "?.(...)" } else { "(...)" };
            format!("{}{call}", callee_text(&c.callee)?)
        }
        _ => return None,
    };
    (text.len() <= MAX_LEN).then_some(text)
}
