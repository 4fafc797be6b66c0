//! Module declarations: every form of `import` and `export`, including `export * as ns`,
//! string export names and import attributes.

use super::{Class, Expression, Function, Identifier, Span, StringLiteral, VariableDeclaration};

/// A name in an import/export clause: an identifier name or a string literal
/// (`export { a as "a-b" }`).
#[derive(Debug, Clone, PartialEq)]
pub enum ModuleExportName {
    /// `name`
    Identifier(Identifier),
    /// `"name"` (always well-formed Unicode)
    String(StringLiteral),
}

impl ModuleExportName {
    /// The name as a string.
    pub fn name(&self) -> String {
        match self {
            ModuleExportName::Identifier(id) => id.name.to_string(),
            ModuleExportName::String(s) => String::from_utf16_lossy(&s.value),
        }
    }

    /// Source span.
    pub fn span(&self) -> Span {
        match self {
            ModuleExportName::Identifier(id) => id.span,
            ModuleExportName::String(s) => s.span,
        }
    }
}

/// `with { type: "json" }`: one import attribute.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportAttribute {
    /// Source span.
    pub span: Span,
    /// The key (identifier name or string).
    pub key: ModuleExportName,
    /// The value.
    pub value: StringLiteral,
}

/// `import ...`
#[derive(Debug, Clone, PartialEq)]
pub struct ImportDeclaration {
    /// Source span.
    pub span: Span,
    /// The bindings (empty for `import "m"`).
    pub specifiers: Vec<ImportSpecifier>,
    /// The module specifier.
    pub source: StringLiteral,
    /// Import attributes.
    pub attributes: Vec<ImportAttribute>,
}

/// One binding of an import declaration.
#[derive(Debug, Clone, PartialEq)]
pub enum ImportSpecifier {
    /// `import local from "m"`
    Default(Identifier),
    /// `import * as local from "m"`
    Namespace(Identifier),
    /// `import { imported as local } from "m"`
    Named {
        /// The exported name imported.
        imported: ModuleExportName,
        /// The local binding.
        local: Identifier,
    },
}

/// `local as exported` in an export clause.
#[derive(Debug, Clone, PartialEq)]
pub struct ExportSpecifier {
    /// Source span.
    pub span: Span,
    /// The local binding, or (with `from`) the imported name.
    pub local: ModuleExportName,
    /// The exported name.
    pub exported: ModuleExportName,
}

/// `export ...`
#[derive(Debug, Clone, PartialEq)]
pub enum ExportDeclaration {
    /// `export var/let/const ...`
    Variable(VariableDeclaration),
    /// `export function f() {}`
    Function(Box<Function>),
    /// `export class C {}`
    Class(Box<Class>),
    /// `export default function () {}` (name optional; an anonymous one binds and is named
    /// `"default"`)
    DefaultFunction(Box<Function>),
    /// `export default class {}` (name optional; an anonymous one is named `"default"`)
    DefaultClass(Box<Class>),
    /// `export default expr;`
    DefaultExpression {
        /// Source span of the declaration.
        span: Span,
        /// The exported value.
        expression: Expression,
    },
    /// `export { a, b as c };` or `export { a } from "m";`
    Named {
        /// Source span.
        span: Span,
        /// The specifiers.
        specifiers: Vec<ExportSpecifier>,
        /// The re-export source.
        source: Option<StringLiteral>,
        /// Import attributes of a re-export.
        attributes: Vec<ImportAttribute>,
    },
    /// `export * from "m";` / `export * as ns from "m";`
    All {
        /// Source span.
        span: Span,
        /// `as ns`
        exported: Option<ModuleExportName>,
        /// The source.
        source: StringLiteral,
        /// Import attributes.
        attributes: Vec<ImportAttribute>,
    },
}
