//! Classes and structs: ClassDefinitionEvaluation as bytecode. The class scope holds the inner
//! name, the Private Names (`CreatePrivateName` per evaluation), computed field keys and the
//! closures of instance private methods. `CreateClass` (or `DefineStruct`) makes the
//! constructor and prototype from a `ClassDescriptor`; methods and accessors follow in
//! source order (`DefineMethod`), then the synthetic instance initialiser (private methods,
//! then fields — what InitializeInstanceElements runs) is attached with
//! `SetInstanceInitializer`, the inner name is initialised, static private methods are added,
//! and the synthetic static initialiser (static fields and static blocks in order) is called
//! with `this` = the class. Default constructors are synthesised.

use std::collections::HashSet;

use heap::sync::Arc;

use super::function::{utf16, StoreMode};
use super::scope::{tag, FuncId, Location};
use super::FnCompiler;
use crate::ast::*;
use crate::bytecode::{
    method_flags, ClassDescriptor, ClassKind, CodeKind, Constant, FieldInfo, IcKind, JsString, Reg,
};

/// Where a class's name comes from.
pub(crate) enum ClassName {
    /// Known statically (NamedEvaluation with a static name, or the class's own name).
    Static(JsString),
    /// A runtime property key (NamedEvaluation with a computed key).
    Register(Reg),
}

fn private_method_name(kind: MethodKind, name: &str) -> JsString {
    let prefix = match kind {
        MethodKind::Getter => "get ",
        MethodKind::Setter => "set ",
        _ => "",
    };
    utf16(&format!("{prefix}#{name}"))
}

/// Instance private methods grouped by name: (name, method index, getter index, setter
/// index) in order of first appearance.
/// A private name's methods: (name, method element, getter element, setter element).
type PrivateGroup = (Box<str>, Option<usize>, Option<usize>, Option<usize>);

fn private_groups(c: &Class, want_static: bool) -> Vec<PrivateGroup> {
    let mut groups: Vec<PrivateGroup> = Vec::new();
    for (index, element) in c.body.iter().enumerate() {
        if let ClassElement::Method(m) = element {
            if m.is_static != want_static || m.kind == MethodKind::Constructor {
                continue;
            }
            if let PropertyKey::Private(p) = &m.key {
                let pos = match groups.iter().position(|g| g.0 == p.name) {
                    Some(pos) => pos,
                    None => {
                        groups.push((p.name.clone(), None, None, None));
                        groups.len() - 1
                    }
                };
                match m.kind {
                    MethodKind::Getter => groups[pos].2 = Some(index),
                    MethodKind::Setter => groups[pos].3 = Some(index),
                    _ => groups[pos].1 = Some(index),
                }
            }
        }
    }
    groups
}

impl FnCompiler<'_, '_> {
    /// Evaluates a class (or struct) definition; the constructor ends in acc.
    pub(crate) fn class_expression(&mut self, c: &Class, name: Option<ClassName>) {
        stacker::maybe_grow(super::STACK_RED_ZONE, super::STACK_SEGMENT, || {
            self.class_inner(c, name)
        })
    }

    fn class_inner(&mut self, c: &Class, name: Option<ClassName>) {
        let mark = self.mark();
        let saved_strict = self.strict;
        self.strict = true;
        self.b.set_position(Span::new(c.span.start, c.span.start));
        let class_scope = self.scope_of(c, tag::CLASS).expect("class scope");
        let guard = self.enter_scope(class_scope);

        // Private Names, one per declared name.
        let mut declared = HashSet::new();
        for element in &c.body {
            let key = match element {
                ClassElement::Method(m) => &m.key,
                ClassElement::Field(f) => &f.key,
                ClassElement::StaticBlock(_) => continue,
            };
            if let PropertyKey::Private(p) = key {
                if declared.insert(p.name.clone()) {
                    let description = self.b.str_constant(&format!("#{}", p.name));
                    self.b.create_private_name(description);
                    self.store_name(&format!("#{}", p.name), 0, StoreMode::Init);
                }
            }
        }

        // Heritage and name.
        let inputs = self.temps(2);
        match &c.super_class {
            Some(heritage) => {
                let saved = self.private_skip.replace(class_scope);
                self.expression(heritage);
                self.private_skip = saved;
            }
            None => self.b.lda_the_hole(),
        }
        self.b.star(inputs);
        let static_name = match &name {
            Some(ClassName::Register(r)) => {
                self.b.mov(*r, inputs.plus(1));
                None
            }
            Some(ClassName::Static(n)) => Some(
                c.name
                    .as_ref()
                    .map_or_else(|| n.clone(), |id| utf16(&id.name)),
            ),
            None => Some(
                c.name
                    .as_ref()
                    .map_or_else(JsString::default, |id| utf16(&id.name)),
            ),
        };
        if static_name.is_some() {
            self.b.lda_undefined();
            self.b.star(inputs.plus(1));
        }

        // The constructor.
        let constructor = self.class_constructor(c, static_name.clone().unwrap_or_default());
        let fields: Vec<FieldInfo> = c
            .body
            .iter()
            .filter_map(|e| match e {
                ClassElement::Field(f) => Some(FieldInfo {
                    name: match &f.key {
                        PropertyKey::Private(p) => Some(utf16(&format!("#{}", p.name))),
                        key => super::expression::static_key(key),
                    },
                    is_static: f.is_static,
                    is_private: matches!(f.key, PropertyKey::Private(_)),
                }),
                _ => None,
            })
            .collect();
        let descriptor = ClassDescriptor {
            name: static_name,
            constructor: constructor.0,
            has_heritage: c.super_class.is_some(),
            kind: match c.struct_kind {
                None => ClassKind::Class,
                Some(StructKind::Unshared) => ClassKind::Struct,
                Some(StructKind::Shared) => ClassKind::SharedStruct,
            },
            fields: fields.into_boxed_slice(),
        };
        let index = self.b.add_constant(Constant::Class(Arc::new(descriptor)));
        let outputs = self.temps(2);
        let (f_reg, proto) = (outputs, outputs.plus(1));
        self.b.set_position(c.span);
        if c.struct_kind.is_some() {
            self.b.define_struct(index, inputs, outputs);
        } else {
            self.b.create_class(index, inputs, outputs);
        }

        // Elements in order.
        let mut static_private = Vec::new();
        for (index, element) in c.body.iter().enumerate() {
            let inner = self.mark();
            match element {
                ClassElement::Method(m) if m.kind == MethodKind::Constructor => {}
                ClassElement::Method(m) => {
                    let target = if m.is_static { f_reg } else { proto };
                    self.b.set_position(m.span);
                    match &m.key {
                        PropertyKey::Private(p) => {
                            self.closure(&m.function, Some(private_method_name(m.kind, &p.name)));
                            self.b.set_home_object(target);
                            if m.is_static {
                                self.release(inner);
                                let r = self.temp();
                                self.b.star(r);
                                static_private.push((index, r));
                                continue;
                            }
                            self.store_name(&format!("%method{index}"), 0, StoreMode::Init);
                        }
                        key => {
                            let key_reg = self.property_key_reg(key);
                            let (kind, prefix) = match m.kind {
                                MethodKind::Getter => (method_flags::GETTER, "get "),
                                MethodKind::Setter => (method_flags::SETTER, "set "),
                                _ => (method_flags::METHOD, ""),
                            };
                            let static_name = super::expression::static_key(key).map(|n| {
                                let mut out: Vec<u16> = prefix.encode_utf16().collect();
                                out.extend_from_slice(&n);
                                out.into_boxed_slice()
                            });
                            let set_name = if static_name.is_none() {
                                method_flags::SET_NAME
                            } else {
                                0
                            };
                            self.closure(&m.function, static_name);
                            self.b.set_position(m.span);
                            self.b.define_method(target, key_reg, kind | set_name);
                        }
                    }
                }
                ClassElement::Field(f) => {
                    if let PropertyKey::Computed(e) = &f.key {
                        self.expression(e);
                        self.b.to_property_key();
                        self.store_name(&format!("%key{index}"), 0, StoreMode::Init);
                    }
                }
                ClassElement::StaticBlock(_) => {}
            }
            self.release(inner);
        }

        // The instance initialiser.
        if let Some(func) = self
            .unit
            .tree
            .func_of
            .get(&super::scope::node_key(c, tag::INSTANCE_INIT))
            .copied()
        {
            let init = self.initializer(c, func, false);
            self.b.create_closure(init);
            self.b.set_home_object(proto);
            self.b.set_instance_initializer(f_reg);
        }

        // The inner binding.
        if let Some(id) = &c.name {
            self.load(f_reg);
            self.store_name(&id.name, u32::MAX, StoreMode::Init);
        }

        // Static private methods and accessors.
        for (name, method, getter, setter) in private_groups(c, true) {
            let find = |i: Option<usize>| {
                i.and_then(|i| {
                    static_private
                        .iter()
                        .find(|(j, _)| *j == i)
                        .map(|(_, r)| *r)
                })
            };
            let inner = self.mark();
            let name_reg = self.private_name_reg(&name);
            if let Some(r) = find(method) {
                self.load(r);
                self.b.define_private_method(f_reg, name_reg);
            } else {
                let pair = self.temps(2);
                for (slot, source) in [(pair, find(getter)), (pair.plus(1), find(setter))] {
                    match source {
                        Some(r) => self.b.mov(r, slot),
                        None => {
                            self.b.lda_undefined();
                            self.b.star(slot);
                        }
                    }
                }
                self.b.define_private_accessor(f_reg, name_reg, pair);
            }
            self.release(inner);
        }

        // Static fields and blocks.
        if let Some(func) = self
            .unit
            .tree
            .func_of
            .get(&super::scope::node_key(c, tag::STATIC_INIT))
            .copied()
        {
            let init = self.initializer(c, func, true);
            let callee = self.temp();
            let receiver = self.temp();
            self.b.create_closure(init);
            self.b.set_home_object(f_reg);
            self.b.star(callee);
            self.b.mov(f_reg, receiver);
            let ic = self.b.new_ic(IcKind::Call);
            self.b.call(callee, receiver, 1, ic);
        }

        self.load(f_reg);
        self.exit_scope(guard);
        self.strict = saved_strict;
        self.release(mark);
    }

    /// Compiles the class constructor (written or default) into a constant.
    fn class_constructor(&mut self, c: &Class, name: JsString) -> crate::bytecode::ConstIdx {
        match c.constructor() {
            Some(m) => {
                let func = self.unit.tree.func_for(&m.function, tag::FUNCTION);
                let mut exe =
                    super::function::compile_function(self.unit, func, &m.function, Some(name));
                exe.info.span = c.span;
                self.b.function(Arc::new(exe))
            }
            None => {
                let func = self.unit.tree.func_for(c, tag::DEFAULT_CTOR);
                let derived = c.super_class.is_some();
                let exe = compile_synthetic(self.unit, func, name, c.span, |f| {
                    if derived {
                        let constructor = f.temp();
                        f.b.lda_active_function();
                        f.b.get_super_constructor();
                        f.b.star(constructor);
                        f.b.lda_new_target();
                        let ic = f.b.new_ic(IcKind::Construct);
                        f.b.construct_forward_all_args(constructor, ic);
                        f.b.star(Reg::THIS);
                        if f.unit.tree.funcs[f.func].class_has_instance_elements {
                            let function = f.temp();
                            f.b.lda_active_function();
                            f.b.star(function);
                            f.b.initialize_instance_elements(Reg::THIS, function);
                        }
                        f.load(Reg::THIS);
                        f.emit_return();
                    }
                });
                self.b.function(Arc::new(exe))
            }
        }
    }

    /// Compiles a class's instance or static initialiser into a constant.
    fn initializer(
        &mut self,
        c: &Class,
        func: FuncId,
        is_static: bool,
    ) -> crate::bytecode::ConstIdx {
        let exe = compile_synthetic(self.unit, func, JsString::default(), c.span, |f| {
            let this = f.this_register();
            if !is_static {
                for (name, method, getter, setter) in private_groups(c, false) {
                    let mark = f.mark();
                    let name_reg = f.private_name_reg(&name);
                    if let Some(i) = method {
                        f.load_name(&format!("%method{i}"), u32::MAX, false);
                        f.b.define_private_method(this, name_reg);
                    } else {
                        let pair = f.temps(2);
                        for (slot, source) in [(pair, getter), (pair.plus(1), setter)] {
                            match source {
                                Some(i) => f.load_name(&format!("%method{i}"), u32::MAX, false),
                                None => f.b.lda_undefined(),
                            }
                            f.b.star(slot);
                        }
                        f.b.define_private_accessor(this, name_reg, pair);
                    }
                    f.release(mark);
                }
            }
            for (index, element) in c.body.iter().enumerate() {
                let mark = f.mark();
                match element {
                    ClassElement::Field(field) if field.is_static == is_static => {
                        f.b.set_position(field.span);
                        f.field(field, index, this);
                    }
                    ClassElement::StaticBlock(block) if is_static => {
                        f.b.set_position(block.span);
                        let scope = f.scope_of(&**block, tag::STATIC_BLOCK);
                        let guard = scope.map(|s| f.enter_scope(s));
                        f.hoisted_functions(&block.body.body, true);
                        f.instantiate_block_functions(&block.body.body);
                        f.body_statements(&block.body.body);
                        if let Some(g) = guard {
                            f.exit_scope(g);
                        }
                    }
                    _ => {}
                }
                f.release(mark);
            }
        });
        self.b.function(Arc::new(exe))
    }

    /// Defines one field on `this`.
    fn field(&mut self, field: &ClassField, index: usize, this: Reg) {
        match &field.key {
            PropertyKey::Private(p) => {
                let name = self.private_name_reg(&p.name);
                match &field.value {
                    Some(v) => self.named_expression(v, Some(utf16(&format!("#{}", p.name)))),
                    None => self.b.lda_undefined(),
                }
                self.b.define_private_field(this, name);
            }
            PropertyKey::Computed(_) => {
                self.load_name(&format!("%key{index}"), u32::MAX, false);
                let key = self.temp();
                self.b.star(key);
                match &field.value {
                    Some(v) => self.named_expression_keyed(v, key),
                    None => self.b.lda_undefined(),
                }
                let ic = self.b.new_ic(IcKind::DefineKeyed);
                self.b.define_keyed_own_property(this, key, ic);
            }
            key => {
                let name = super::expression::static_key(key).unwrap_or_default();
                match &field.value {
                    Some(v) => self.named_expression(v, Some(name.clone())),
                    None => self.b.lda_undefined(),
                }
                match String::from_utf16(&name) {
                    Ok(text) => {
                        let n = self.b.name(&text);
                        let ic = self.b.new_ic(IcKind::DefineNamed);
                        self.b.define_named_own_property(this, n, ic);
                    }
                    Err(_) => {
                        let value = self.temp();
                        self.b.star(value);
                        self.string(&name);
                        let key = self.temp();
                        self.b.star(key);
                        self.load(value);
                        let ic = self.b.new_ic(IcKind::DefineKeyed);
                        self.b.define_keyed_own_property(this, key, ic);
                    }
                }
            }
        }
    }

    /// A register holding `this` (the `this` register, or a copy of a captured `this`).
    pub(crate) fn this_register(&mut self) -> Reg {
        let r = self.resolve("this");
        if let Some((s, i)) = r.found {
            if let Location::Register(reg) = self.binding(s, i).location {
                return reg;
            }
        }
        self.load_this(u32::MAX);
        let t = self.temp();
        self.b.star(t);
        t
    }
}

/// Compiles a synthetic function (default constructor, initialisers): enters its scope,
/// runs `body`, returns `undefined` unless the body returned.
fn compile_synthetic(
    unit: &mut super::Unit<'_>,
    func: FuncId,
    name: JsString,
    span: Span,
    body: impl FnOnce(&mut FnCompiler<'_, '_>),
) -> crate::bytecode::Executable {
    let mut f = FnCompiler::new(unit, func, 0);
    f.b.set_position(span);
    let data = f.unit.tree.funcs[func].clone();
    if data.kind == CodeKind::ClassConstructor && data.class_has_instance_elements {
        let function = f.temp();
        f.b.lda_active_function();
        f.b.star(function);
        f.b.initialize_instance_elements(Reg::THIS, function);
    }
    f.enter_function_scope(data.scope);
    f.copy_pseudo_bindings(data.scope);
    body(&mut f);
    f.b.lda_undefined();
    f.emit_return();
    let info = f.function_info(name, 0, span, true);
    f.finish(info, None)
}
