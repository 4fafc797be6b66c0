//! A read-only visitor over the whole tree. Each `visit_*` method defaults to the matching
//! `walk_*` function, which visits every child in source order; override a method to act on
//! a node and call the `walk_*` function to keep descending.
//!
//! Identifiers are reported by role: [`Visitor::visit_binding_identifier`] for names a
//! declaration binds (variables, parameters, function/class names, catch parameters,
//! imports), [`Visitor::visit_identifier_reference`] for reads *and* assignment targets
//! (identifiers inside assignment patterns), [`Visitor::visit_label`] for labels. Property
//! names (`a.b`, `{ b: 1 }`) are not identifiers and reach only
//! [`Visitor::visit_property_key`] / the member expression.

use super::*;

/// The visitor trait; see the module documentation.
pub trait Visitor: Sized {
    /// A Script.
    fn visit_script(&mut self, script: &Script) {
        walk_script(self, script)
    }
    /// A Module.
    fn visit_module(&mut self, module: &Module) {
        walk_module(self, module)
    }
    /// An import declaration.
    fn visit_import(&mut self, import: &ImportDeclaration) {
        walk_import(self, import)
    }
    /// An export declaration.
    fn visit_export(&mut self, export: &ExportDeclaration) {
        walk_export(self, export)
    }
    /// A statement.
    fn visit_statement(&mut self, statement: &Statement) {
        walk_statement(self, statement)
    }
    /// A variable declaration.
    fn visit_variable_declaration(&mut self, declaration: &VariableDeclaration) {
        walk_variable_declaration(self, declaration)
    }
    /// An expression.
    fn visit_expression(&mut self, expression: &Expression) {
        walk_expression(self, expression)
    }
    /// A binding pattern (declarations, parameters, catch parameters).
    fn visit_binding_pattern(&mut self, pattern: &Pattern) {
        walk_binding_pattern(self, pattern)
    }
    /// An assignment target or pattern (`=`, `++`, `for (x of ...)`).
    fn visit_assignment_pattern(&mut self, pattern: &Pattern) {
        walk_assignment_pattern(self, pattern)
    }
    /// Any function (declaration, expression, arrow, method, accessor, constructor).
    fn visit_function(&mut self, function: &Function) {
        walk_function(self, function)
    }
    /// A class or struct.
    fn visit_class(&mut self, class: &Class) {
        walk_class(self, class)
    }
    /// A class element.
    fn visit_class_element(&mut self, element: &ClassElement) {
        walk_class_element(self, element)
    }
    /// A property key (walks computed keys).
    fn visit_property_key(&mut self, key: &PropertyKey) {
        walk_property_key(self, key)
    }
    /// A template literal.
    fn visit_template(&mut self, template: &TemplateLiteral) {
        walk_template(self, template)
    }
    /// An identifier that is read or assigned.
    fn visit_identifier_reference(&mut self, _identifier: &Identifier) {}
    /// An identifier that a declaration binds.
    fn visit_binding_identifier(&mut self, _identifier: &Identifier) {}
    /// A label (in `label:`, `break label`, `continue label`).
    fn visit_label(&mut self, _identifier: &Identifier) {}
    /// A private name (declaration or use).
    fn visit_private_name(&mut self, _name: &PrivateName) {}
}

/// Visits the script's statements.
pub fn walk_script<V: Visitor>(v: &mut V, script: &Script) {
    for s in &script.body {
        v.visit_statement(s);
    }
}

/// Visits the module's items.
pub fn walk_module<V: Visitor>(v: &mut V, module: &Module) {
    for item in &module.body {
        match item {
            ModuleItem::Import(i) => v.visit_import(i),
            ModuleItem::Export(e) => v.visit_export(e),
            ModuleItem::Statement(s) => v.visit_statement(s),
        }
    }
}

/// Visits the local bindings of an import.
pub fn walk_import<V: Visitor>(v: &mut V, import: &ImportDeclaration) {
    for s in &import.specifiers {
        match s {
            ImportSpecifier::Default(id) | ImportSpecifier::Namespace(id) => {
                v.visit_binding_identifier(id)
            }
            ImportSpecifier::Named { local, .. } => v.visit_binding_identifier(local),
        }
    }
}

/// Visits an export's declaration, expression or local references.
pub fn walk_export<V: Visitor>(v: &mut V, export: &ExportDeclaration) {
    match export {
        ExportDeclaration::Variable(d) => v.visit_variable_declaration(d),
        ExportDeclaration::Function(f) | ExportDeclaration::DefaultFunction(f) => {
            v.visit_function(f)
        }
        ExportDeclaration::Class(c) | ExportDeclaration::DefaultClass(c) => v.visit_class(c),
        ExportDeclaration::DefaultExpression { expression, .. } => v.visit_expression(expression),
        ExportDeclaration::Named {
            specifiers,
            source: None,
            ..
        } => {
            for s in specifiers {
                if let ModuleExportName::Identifier(id) = &s.local {
                    v.visit_identifier_reference(id);
                }
            }
        }
        ExportDeclaration::Named { .. } | ExportDeclaration::All { .. } => {}
    }
}

/// Visits a statement's children.
pub fn walk_statement<V: Visitor>(v: &mut V, statement: &Statement) {
    match statement {
        Statement::Block(b) => {
            for s in &b.body {
                v.visit_statement(s);
            }
        }
        Statement::Empty(_) | Statement::Debugger(_) => {}
        Statement::Expression(e) => v.visit_expression(&e.expression),
        Statement::If(s) => {
            v.visit_expression(&s.test);
            v.visit_statement(&s.consequent);
            if let Some(a) = &s.alternate {
                v.visit_statement(a);
            }
        }
        Statement::DoWhile(s) => {
            v.visit_statement(&s.body);
            v.visit_expression(&s.test);
        }
        Statement::While(s) => {
            v.visit_expression(&s.test);
            v.visit_statement(&s.body);
        }
        Statement::For(s) => {
            match &s.init {
                Some(ForInit::Declaration(d)) => v.visit_variable_declaration(d),
                Some(ForInit::Expression(e)) => v.visit_expression(e),
                None => {}
            }
            if let Some(t) = &s.test {
                v.visit_expression(t);
            }
            if let Some(u) = &s.update {
                v.visit_expression(u);
            }
            v.visit_statement(&s.body);
        }
        Statement::ForIn(s) => {
            walk_for_head(v, &s.left);
            v.visit_expression(&s.right);
            v.visit_statement(&s.body);
        }
        Statement::ForOf(s) => {
            walk_for_head(v, &s.left);
            v.visit_expression(&s.right);
            v.visit_statement(&s.body);
        }
        Statement::Continue(j) | Statement::Break(j) => {
            if let Some(l) = &j.label {
                v.visit_label(l);
            }
        }
        Statement::Return(r) => {
            if let Some(a) = &r.argument {
                v.visit_expression(a);
            }
        }
        Statement::With(w) => {
            v.visit_expression(&w.object);
            v.visit_statement(&w.body);
        }
        Statement::Switch(s) => {
            v.visit_expression(&s.discriminant);
            for case in &s.cases {
                if let Some(t) = &case.test {
                    v.visit_expression(t);
                }
                for c in &case.consequent {
                    v.visit_statement(c);
                }
            }
        }
        Statement::Labeled(l) => {
            v.visit_label(&l.label);
            v.visit_statement(&l.body);
        }
        Statement::Throw(t) => v.visit_expression(&t.argument),
        Statement::Try(t) => {
            for s in &t.block.body {
                v.visit_statement(s);
            }
            if let Some(h) = &t.handler {
                if let Some(p) = &h.param {
                    v.visit_binding_pattern(p);
                }
                for s in &h.body.body {
                    v.visit_statement(s);
                }
            }
            if let Some(f) = &t.finalizer {
                for s in &f.body {
                    v.visit_statement(s);
                }
            }
        }
        Statement::Variable(d) => v.visit_variable_declaration(d),
        Statement::Function(f) => v.visit_function(f),
        Statement::Class(c) => v.visit_class(c),
    }
}

fn walk_for_head<V: Visitor>(v: &mut V, head: &ForHead) {
    match head {
        ForHead::Declaration(d) => v.visit_variable_declaration(d),
        ForHead::Pattern(p) => v.visit_assignment_pattern(p),
    }
}

/// Visits each declarator's binding and initialiser.
pub fn walk_variable_declaration<V: Visitor>(v: &mut V, declaration: &VariableDeclaration) {
    for d in &declaration.declarations {
        v.visit_binding_pattern(&d.target);
        if let Some(init) = &d.init {
            v.visit_expression(init);
        }
    }
}

fn walk_elements<V: Visitor>(v: &mut V, elements: &[ArrayElement]) {
    for e in elements {
        match e {
            ArrayElement::Expression(e) => v.visit_expression(e),
            ArrayElement::Spread(s) => v.visit_expression(&s.argument),
        }
    }
}

fn walk_member_property<V: Visitor>(v: &mut V, property: &MemberProperty) {
    match property {
        MemberProperty::Identifier(_) => {}
        MemberProperty::Computed(e) => v.visit_expression(e),
        MemberProperty::Private(p) => v.visit_private_name(p),
    }
}

/// Visits an expression's children.
pub fn walk_expression<V: Visitor>(v: &mut V, expression: &Expression) {
    match expression {
        Expression::Identifier(id) => v.visit_identifier_reference(id),
        Expression::This(_)
        | Expression::Null(_)
        | Expression::Boolean(_)
        | Expression::Number(_)
        | Expression::BigInt(_)
        | Expression::String(_)
        | Expression::RegExp(_)
        | Expression::NewTarget(_)
        | Expression::ImportMeta(_) => {}
        Expression::Template(t) => v.visit_template(t),
        Expression::TaggedTemplate(t) => {
            v.visit_expression(&t.tag);
            v.visit_template(&t.quasi);
        }
        Expression::Array(a) => {
            for e in a.elements.iter().flatten() {
                walk_elements(v, std::slice::from_ref(e));
            }
        }
        Expression::Object(o) => {
            for p in &o.properties {
                match p {
                    ObjectProperty::KeyValue(kv) => {
                        if !kv.shorthand {
                            v.visit_property_key(&kv.key);
                        }
                        v.visit_expression(&kv.value);
                    }
                    ObjectProperty::Method(m) => {
                        v.visit_property_key(&m.key);
                        v.visit_function(&m.function);
                    }
                    ObjectProperty::Spread(s) => v.visit_expression(&s.argument),
                }
            }
        }
        Expression::Function(f) | Expression::Arrow(f) => v.visit_function(f),
        Expression::Class(c) => v.visit_class(c),
        Expression::Unary(u) => v.visit_expression(&u.argument),
        Expression::Update(u) => v.visit_assignment_pattern(&u.target),
        Expression::Binary(b) => {
            v.visit_expression(&b.left);
            v.visit_expression(&b.right);
        }
        Expression::Logical(l) => {
            v.visit_expression(&l.left);
            v.visit_expression(&l.right);
        }
        Expression::PrivateIn(p) => {
            v.visit_private_name(&p.name);
            v.visit_expression(&p.right);
        }
        Expression::Conditional(c) => {
            v.visit_expression(&c.test);
            v.visit_expression(&c.consequent);
            v.visit_expression(&c.alternate);
        }
        Expression::Assign(a) => {
            v.visit_assignment_pattern(&a.target);
            v.visit_expression(&a.value);
        }
        Expression::Sequence(s) => {
            for e in &s.expressions {
                v.visit_expression(e);
            }
        }
        Expression::Member(m) => {
            v.visit_expression(&m.object);
            walk_member_property(v, &m.property);
        }
        Expression::SuperMember(m) => walk_member_property(v, &m.property),
        Expression::Call(c) => {
            v.visit_expression(&c.callee);
            walk_elements(v, &c.arguments);
        }
        Expression::SuperCall(c) => walk_elements(v, &c.arguments),
        Expression::New(n) => {
            v.visit_expression(&n.callee);
            walk_elements(v, &n.arguments);
        }
        Expression::OptionalChain(c) => v.visit_expression(&c.expression),
        Expression::ImportCall(i) => {
            v.visit_expression(&i.source);
            if let Some(o) = &i.options {
                v.visit_expression(o);
            }
        }
        Expression::Yield(y) => {
            if let Some(a) = &y.argument {
                v.visit_expression(a);
            }
        }
        Expression::Await(a) => v.visit_expression(&a.argument),
        Expression::Parenthesized(p) => v.visit_expression(&p.expression),
    }
}

/// Visits the template's substitutions.
pub fn walk_template<V: Visitor>(v: &mut V, template: &TemplateLiteral) {
    for e in &template.expressions {
        v.visit_expression(e);
    }
}

/// Visits a computed key's expression or a private name.
pub fn walk_property_key<V: Visitor>(v: &mut V, key: &PropertyKey) {
    match key {
        PropertyKey::Computed(e) => v.visit_expression(e),
        PropertyKey::Private(p) => v.visit_private_name(p),
        _ => {}
    }
}

fn walk_pattern_with<V: Visitor>(v: &mut V, pattern: &Pattern, binding: bool) {
    let recurse = |v: &mut V, p: &Pattern| {
        if binding {
            v.visit_binding_pattern(p)
        } else {
            v.visit_assignment_pattern(p)
        }
    };
    match pattern {
        Pattern::Identifier(id) => {
            if binding {
                v.visit_binding_identifier(id)
            } else {
                v.visit_identifier_reference(id)
            }
        }
        Pattern::Expression(e) => v.visit_expression(e),
        Pattern::Object(o) => {
            for p in &o.properties {
                if !p.shorthand {
                    v.visit_property_key(&p.key);
                }
                recurse(v, &p.value.target);
                if let Some(d) = &p.value.default {
                    v.visit_expression(d);
                }
            }
            if let Some(rest) = &o.rest {
                recurse(v, rest);
            }
        }
        Pattern::Array(a) => {
            for e in a.elements.iter().flatten() {
                recurse(v, &e.target);
                if let Some(d) = &e.default {
                    v.visit_expression(d);
                }
            }
            if let Some(rest) = &a.rest {
                recurse(v, rest);
            }
        }
    }
}

/// Visits a binding pattern's names, keys and defaults.
pub fn walk_binding_pattern<V: Visitor>(v: &mut V, pattern: &Pattern) {
    walk_pattern_with(v, pattern, true)
}

/// Visits an assignment pattern's targets, keys and defaults.
pub fn walk_assignment_pattern<V: Visitor>(v: &mut V, pattern: &Pattern) {
    walk_pattern_with(v, pattern, false)
}

/// Visits a function's name, parameters and body.
pub fn walk_function<V: Visitor>(v: &mut V, function: &Function) {
    if let Some(name) = &function.name {
        v.visit_binding_identifier(name);
    }
    for p in &function.params.items {
        v.visit_binding_pattern(&p.target);
        if let Some(d) = &p.default {
            v.visit_expression(d);
        }
    }
    if let Some(rest) = &function.params.rest {
        v.visit_binding_pattern(rest);
    }
    for s in &function.body.statements {
        v.visit_statement(s);
    }
}

/// Visits a class's name, heritage and elements.
pub fn walk_class<V: Visitor>(v: &mut V, class: &Class) {
    if let Some(name) = &class.name {
        v.visit_binding_identifier(name);
    }
    if let Some(s) = &class.super_class {
        v.visit_expression(s);
    }
    for element in &class.body {
        v.visit_class_element(element);
    }
}

/// Visits a class element's key and value/function/body.
pub fn walk_class_element<V: Visitor>(v: &mut V, element: &ClassElement) {
    match element {
        ClassElement::Method(m) => {
            v.visit_property_key(&m.key);
            v.visit_function(&m.function);
        }
        ClassElement::Field(f) => {
            v.visit_property_key(&f.key);
            if let Some(value) = &f.value {
                v.visit_expression(value);
            }
        }
        ClassElement::StaticBlock(b) => {
            for s in &b.body.body {
                v.visit_statement(s);
            }
        }
    }
}
