//! `Executable`: one compiled function, script, module body or eval body — code bytes,
//! frame sizes, constant pool, IC slot kinds, exception handler table, line table and the
//! metadata the runtime needs to create and call function objects. Everything here is plain
//! Rust data (`Send + Sync`, shared with `heap::sync::Arc`); the runtime materialises
//! constants into heap values lazily.

use std::fmt;

use heap::sync::Arc;

use crate::ast::Span;
use crate::source::Source;

/// A JavaScript string as UTF-16 code units (may hold lone surrogates).
pub type JsString = Box<[u16]>;

/// Renders a [`JsString`] for humans (lone surrogates become U+FFFD).
pub fn js_string_lossy(s: &[u16]) -> String {
    String::from_utf16_lossy(s)
}

/// One compiled unit of code.
#[derive(Debug)]
pub struct Executable {
    /// The instructions (see `opcodes.rs`).
    pub code: Box<[u8]>,
    /// Frame size: `this` + parameters + locals and temporaries.
    pub register_count: u32,
    /// Formal parameter registers (`1..=parameter_count`): the parameters before any rest
    /// parameter. Arguments beyond these are still available to `CreateRestParameter` and the
    /// arguments objects.
    pub parameter_count: u32,
    /// The constant pool.
    pub constants: Box<[Constant]>,
    /// The kind of every inline-cache slot; the feedback vector has this length.
    pub ic_slots: Box<[IcKind]>,
    /// Exception handlers, innermost first: the runtime takes the first entry whose range
    /// contains the throwing instruction.
    pub handlers: Box<[Handler]>,
    /// pc → source span.
    pub line_table: LineTable,
    /// The callee's source text at call and construct instructions whose callee is a plain
    /// reference (`q.nope`, `a[0]`, `f(...)`), by instruction offset, ascending.
    pub callee_texts: Box<[(u32, Box<str>)]>,
    /// Function metadata.
    pub info: FunctionInfo,
    /// Module record data (module bodies only).
    pub module: Option<Box<ModuleDescriptor>>,
    /// `code` decoded once, for the dispatch loop.
    pub decoded: super::DecodedCode,
}

impl Executable {
    /// The source position of the instruction at `pc`: `file:line:column` via
    /// [`Source::line_column`] on `info.source`.
    pub fn position(&self, pc: u32) -> Option<Span> {
        self.line_table.lookup(pc)
    }

    /// The callee text recorded for the call instruction at byte offset `offset`.
    pub fn callee_text(&self, offset: u32) -> Option<&str> {
        let i = self
            .callee_texts
            .binary_search_by_key(&offset, |(at, _)| *at)
            .ok()?;
        Some(&self.callee_texts[i].1)
    }

    /// `(line, column)` (1-based, column in UTF-16 units) of the instruction at `pc`.
    pub fn line_column(&self, pc: u32) -> Option<(u32, u32)> {
        self.position(pc)
            .map(|span| self.info.source.line_column(span.start))
    }

    /// The source text of the function (`Function.prototype.toString`).
    pub fn source_text(&self) -> &str {
        let text = self.info.source.text();
        let start = (self.info.span.start as usize).min(text.len());
        let end = (self.info.span.end as usize).clamp(start, text.len());
        text.get(start..end).unwrap_or("")
    }

    /// The nested function executables in the constant pool.
    pub fn functions(&self) -> impl Iterator<Item = &Arc<Executable>> {
        self.constants.iter().filter_map(|c| match c {
            Constant::Function(f) => Some(f),
            _ => None,
        })
    }
}

/// What kind of code an executable holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CodeKind {
    /// A Script (global code).
    Script,
    /// A module body (async if it has top-level `await`).
    Module,
    /// Eval code (direct or indirect).
    Eval,
    /// A function declaration or expression (constructible unless async or generator).
    Normal,
    /// An arrow function (lexical `this`, `arguments`, `super`, `new.target`).
    Arrow,
    /// An object-literal or class method (not constructible; has a home object).
    Method,
    /// A getter.
    Getter,
    /// A setter.
    Setter,
    /// A base class constructor (throws when called without `new`).
    ClassConstructor,
    /// A derived class constructor (`this` starts in its TDZ: register `this` holds the
    /// hole).
    DerivedConstructor,
    /// A class's synthetic instance initialiser: defines the private methods and fields on
    /// `this` (called by `InitializeInstanceElements`).
    InstanceInitializer,
    /// A class's synthetic static initialiser: static fields and static blocks, called once
    /// with `this` = the class.
    StaticInitializer,
}

impl CodeKind {
    /// True for code that `[[Construct]]` accepts (before the async/generator check).
    pub fn is_constructor_kind(self) -> bool {
        matches!(
            self,
            CodeKind::Normal | CodeKind::ClassConstructor | CodeKind::DerivedConstructor
        )
    }
}

/// Function metadata.
#[derive(Debug, Clone)]
pub struct FunctionInfo {
    /// The initial `name` property (`""` for anonymous functions; NamedEvaluation names are
    /// baked in when static, e.g. `"get x"`, `"default"`, `"#m"`).
    pub name: JsString,
    /// The `length` property: ExpectedArgumentCount.
    pub length: u32,
    /// What this is.
    pub kind: CodeKind,
    /// Strict mode code.
    pub strict: bool,
    /// `async`.
    pub is_async: bool,
    /// `function*`.
    pub is_generator: bool,
    /// The code creates an arguments object (the runtime must keep the actual arguments).
    pub needs_arguments: bool,
    /// The code uses its `[[HomeObject]]` (`super.x`), directly or from nested arrows.
    pub needs_home_object: bool,
    /// The parameter list is simple (no defaults, patterns or rest).
    pub simple_parameters: bool,
    /// Source text span (`Function.prototype.toString`; for classes the whole class).
    pub span: Span,
    /// The source (file name, text, line starts), shared by all executables of a compilation.
    pub source: Arc<Source>,
}

impl FunctionInfo {
    /// True for arrow functions.
    pub fn is_arrow(&self) -> bool {
        self.kind == CodeKind::Arrow
    }

    /// True for class constructors (base or derived).
    pub fn is_class_constructor(&self) -> bool {
        matches!(
            self.kind,
            CodeKind::ClassConstructor | CodeKind::DerivedConstructor
        )
    }

    /// True if the function object gets `[[Construct]]`.
    pub fn is_constructor(&self) -> bool {
        self.kind.is_constructor_kind() && !self.is_async && !self.is_generator
    }
}

/// A constant-pool entry.
#[derive(Debug, Clone)]
pub enum Constant {
    /// A Number.
    Number(f64),
    /// A String value.
    String(JsString),
    /// An identifier or property name (interned by the runtime as a property key).
    Name(Box<str>),
    /// A BigInt as decimal digits (no sign).
    BigInt(Box<str>),
    /// A regular expression literal.
    RegExp {
        /// The pattern source text.
        pattern: Box<str>,
        /// The flags.
        flags: Box<str>,
    },
    /// A nested function.
    Function(Arc<Executable>),
    /// A class or struct.
    Class(Arc<ClassDescriptor>),
    /// A template object site.
    Template(Arc<TemplateDescriptor>),
    /// The layout of a context.
    Scope(Arc<ScopeDescriptor>),
    /// Global or eval declarations.
    Declarations(Arc<Declarations>),
    /// Mapped-arguments mapping: argument index → context slot.
    ArgumentsMapping(Box<[Option<u32>]>),
    /// What a direct eval at this site needs from its caller.
    EvalSite(Arc<EvalContextInfo>),
}

/// The constant kinds operands name (see `OperandKind::Const`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ConstKind {
    /// `Constant::Name`.
    Name,
    /// `Constant::Number`, `String` or `BigInt`.
    Value,
    /// `Constant::Function`.
    Function,
    /// `Constant::Scope`.
    Scope,
    /// `Constant::Class`.
    Class,
    /// `Constant::Template`.
    Template,
    /// `Constant::RegExp`.
    RegExp,
    /// `Constant::Declarations`.
    Declarations,
    /// `Constant::ArgumentsMapping`.
    ArgumentsMapping,
    /// `Constant::EvalSite`.
    EvalSite,
}

impl Constant {
    /// The kind of this entry.
    pub fn kind(&self) -> ConstKind {
        match self {
            Constant::Number(_) | Constant::String(_) | Constant::BigInt(_) => ConstKind::Value,
            Constant::Name(_) => ConstKind::Name,
            Constant::RegExp { .. } => ConstKind::RegExp,
            Constant::Function(_) => ConstKind::Function,
            Constant::Class(_) => ConstKind::Class,
            Constant::Template(_) => ConstKind::Template,
            Constant::Scope(_) => ConstKind::Scope,
            Constant::Declarations(_) => ConstKind::Declarations,
            Constant::ArgumentsMapping(_) => ConstKind::ArgumentsMapping,
            Constant::EvalSite(_) => ConstKind::EvalSite,
        }
    }
}

/// The kind of an inline-cache slot (what the runtime caches there). Store kinds carry the
/// strictness of the reference, which decides whether a failed store throws.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum IcKind {
    /// `GetNamedProperty`, `GetNamedSuperProperty`.
    GetNamed,
    /// `GetKeyedProperty`, `GetKeyedSuperProperty`.
    GetKeyed,
    /// `SetNamedProperty`, `SetNamedSuperProperty`.
    SetNamed {
        /// The reference is strict.
        strict: bool,
    },
    /// `SetKeyedProperty`, `SetKeyedSuperProperty`.
    SetKeyed {
        /// The reference is strict.
        strict: bool,
    },
    /// `DefineNamedOwnProperty`.
    DefineNamed,
    /// `DefineKeyedOwnProperty`.
    DefineKeyed,
    /// `LdaGlobal`, `LdaGlobalInsideTypeof`.
    LoadGlobal,
    /// `StaGlobal`.
    StoreGlobal {
        /// The reference is strict.
        strict: bool,
    },
    /// The `Call*` instructions.
    Call,
    /// The `Construct*` instructions.
    Construct,
    /// `GetTemplateObject`.
    Template,
}

/// One exception handler: a throw from an instruction whose offset is in `start..end`
/// transfers control to `target` with the exception in the accumulator, after restoring the
/// current context from register `context` (when present; otherwise the context is unchanged
/// since the range pushes none). Registers keep their values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Handler {
    /// First covered instruction offset.
    pub start: u32,
    /// End of the covered range (exclusive).
    pub end: u32,
    /// The handler's first instruction.
    pub target: u32,
    /// Register holding the context to restore.
    pub context: Option<u32>,
    /// What the handler implements (informational: debuggers and promise-rejection
    /// prediction).
    pub kind: HandlerKind,
}

/// Why a handler exists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HandlerKind {
    /// A `catch` clause.
    Catch,
    /// A `finally` block (the exception is rethrown after it).
    Finally,
    /// Compiler-generated cleanup that rethrows (iterator close, resource disposal).
    Cleanup,
}

/// Compact pc → source span table: a byte string of entries (pc delta, start delta zigzag,
/// length), each an unsigned LEB128. An entry applies from its pc up to the next entry's.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LineTable {
    data: Box<[u8]>,
}

fn write_leb(out: &mut Vec<u8>, mut v: u64) {
    loop {
        let byte = (v & 0x7f) as u8;
        v >>= 7;
        if v == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

fn read_leb(data: &[u8], pos: &mut usize) -> Option<u64> {
    let mut result = 0u64;
    let mut shift = 0;
    loop {
        let byte = *data.get(*pos)?;
        *pos += 1;
        if shift >= 64 {
            return None;
        }
        result |= u64::from(byte & 0x7f) << shift;
        if byte & 0x80 == 0 {
            return Some(result);
        }
        shift += 7;
    }
}

impl LineTable {
    /// Encodes `(pc, span)` entries sorted by pc.
    pub fn from_entries(entries: &[(u32, Span)]) -> LineTable {
        let mut out = Vec::new();
        let (mut pc, mut start) = (0u32, 0i64);
        for &(entry_pc, span) in entries {
            write_leb(&mut out, u64::from(entry_pc.wrapping_sub(pc)));
            let delta = i64::from(span.start) - start;
            write_leb(&mut out, ((delta << 1) ^ (delta >> 63)) as u64);
            write_leb(&mut out, u64::from(span.end.saturating_sub(span.start)));
            pc = entry_pc;
            start = i64::from(span.start);
        }
        LineTable {
            data: out.into_boxed_slice(),
        }
    }

    /// All entries.
    pub fn entries(&self) -> Vec<(u32, Span)> {
        let mut out = Vec::new();
        let (mut pc, mut start, mut pos) = (0u32, 0i64, 0usize);
        while pos < self.data.len() {
            let (Some(dpc), Some(dstart), Some(len)) = (
                read_leb(&self.data, &mut pos),
                read_leb(&self.data, &mut pos),
                read_leb(&self.data, &mut pos),
            ) else {
                break;
            };
            pc = pc.wrapping_add(dpc as u32);
            let delta = ((dstart >> 1) as i64) ^ -((dstart & 1) as i64);
            start += delta;
            let s = start as u32;
            out.push((pc, Span::new(s, s.saturating_add(len as u32))));
        }
        out
    }

    /// The span of the instruction at `pc`: the last entry at or before it.
    pub fn lookup(&self, pc: u32) -> Option<Span> {
        let mut found = None;
        for (entry_pc, span) in self.entries() {
            if entry_pc > pc {
                break;
            }
            found = Some(span);
        }
        found
    }

    /// Encoded size in bytes.
    pub fn byte_len(&self) -> usize {
        self.data.len()
    }
}

/// What a scope's context looks like: one entry per slot. The runtime needs it to allocate
/// contexts (slot count, initial values) and to resolve names dynamically (`LdaLookupSlot`,
/// direct eval); `compile_eval` resolves eval code against a chain of them.
#[derive(Debug, Clone, PartialEq)]
pub struct ScopeDescriptor {
    /// What kind of scope.
    pub kind: ScopeKind,
    /// The slots, in slot order.
    pub slots: Box<[ScopeSlot]>,
    /// A var scope (function, eval or static block): where `var` declarations live.
    pub is_var_scope: bool,
    /// A sloppy var scope with a direct `eval`: its context has an extension that
    /// `DeclareEvalVars` adds variables to (searched by name after the slots).
    pub sloppy_eval: bool,
    /// For function scopes: the function is an arrow (it has no `this`, `arguments`, …).
    pub is_arrow: bool,
    /// For function scopes: the kind of the function (eval code inside decides which
    /// syntax it allows: `super()` in derived constructors, `super.x` in methods).
    pub function_kind: Option<CodeKind>,
    /// For module scopes: import bindings (name, import entry index for `LdaImport`);
    /// they occupy no slot.
    pub imports: Box<[(Box<str>, u32)]>,
}

/// A scope kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ScopeKind {
    /// A function's parameters, vars and top-level lexicals (or its parameter scope when it
    /// has parameter expressions).
    Function,
    /// A function body's var scope separate from its parameter scope.
    FunctionBody,
    /// A block, `catch`, loop head, `switch` or static block.
    Block,
    /// A class scope (inner name, private names, hidden per-class values).
    Class,
    /// A `with` object environment (no slots).
    With,
    /// The top-level scope of eval code.
    Eval,
    /// A module environment.
    Module,
}

/// One context slot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScopeSlot {
    /// The binding name. Internal bindings use names that are not identifiers: `this`,
    /// `new.target`, `%home`, `%function`, `#x` (private names), `%…` (hidden values).
    pub name: Box<str>,
    /// How it is bound.
    pub kind: BindingKind,
}

/// How a binding was declared: decides its initial value (the hole for the TDZ kinds),
/// mutability and what eval may redeclare.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BindingKind {
    /// `var` (and var-scoped function declarations).
    Var,
    /// A function declaration binding (var-like at function level, lexical in blocks).
    Function,
    /// A formal parameter.
    Parameter,
    /// `let`, and the binding of a class declaration.
    Let,
    /// `const`, `using`, `await using`.
    Const,
    /// A class's inner name binding (immutable; the binding of a class declaration is `Let`).
    Class,
    /// A `catch` parameter.
    CatchParameter,
    /// The own name of a named function expression (immutable; sloppy assignments are
    /// ignored).
    FunctionName,
    /// The `arguments` object binding.
    Arguments,
    /// An import binding (module scopes; lives in `ScopeDescriptor::imports`).
    Import,
    /// A Private Name value (`#x`).
    PrivateName,
    /// `this`, `new.target`, `%home`, `%function` and other hidden values (initially
    /// `undefined`; `this` of a derived constructor is copied in as the hole).
    Internal,
}

impl BindingKind {
    /// True if the binding starts uninitialised (the hole) in a fresh context.
    pub fn starts_in_tdz(self) -> bool {
        matches!(
            self,
            BindingKind::Let | BindingKind::Const | BindingKind::Class
        )
    }

    /// True for lexical declarations (what a var declared by eval conflicts with).
    pub fn is_lexical(self) -> bool {
        matches!(
            self,
            BindingKind::Let
                | BindingKind::Const
                | BindingKind::Class
                | BindingKind::Function
                | BindingKind::Import
        )
    }

    /// True if assignment always throws `TypeError` (after the TDZ check).
    pub fn is_immutable(self) -> bool {
        matches!(
            self,
            BindingKind::Const | BindingKind::Class | BindingKind::Import
        )
    }
}

/// The declarations `DeclareGlobals` / `DeclareEvalVars` instantiate.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Declarations {
    /// Lexical names (`let`/`const`/`class`), with `true` for `const` (global code only).
    pub lexicals: Box<[(Box<str>, bool)]>,
    /// `var` names (not including function names).
    pub vars: Box<[Box<str>]>,
    /// Function declarations to instantiate: (name, constant index of the `Function`), in the
    /// order the spec creates them (last declaration of a name wins).
    pub functions: Box<[(Box<str>, u32)]>,
    /// Annex B.3.2 names of block-level functions that get a var binding if the checks pass.
    pub annex_b: Box<[Box<str>]>,
}

/// A template literal site: `raw[i]` and `cooked[i]` (`None` for an invalid escape).
#[derive(Debug, Clone, PartialEq)]
pub struct TemplateDescriptor {
    /// The raw strings.
    pub raw: Box<[JsString]>,
    /// The cooked strings.
    pub cooked: Box<[Option<JsString>]>,
}

/// `class`, `struct` or `shared struct`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClassKind {
    /// `class`.
    Class,
    /// `struct` (unshared).
    Struct,
    /// `shared struct`.
    SharedStruct,
}

/// What `CreateClass` / `DefineStruct` need.
#[derive(Debug, Clone)]
pub struct ClassDescriptor {
    /// The class name for `SetFunctionName` (`""` for anonymous); `None` when the name is a
    /// runtime value (NamedEvaluation with a computed key) passed in `inputs+1`.
    pub name: Option<JsString>,
    /// Constant index of the constructor's `Function` executable (written or default).
    pub constructor: u32,
    /// The class has an `extends` clause.
    pub has_heritage: bool,
    /// Class or struct.
    pub kind: ClassKind,
    /// Declared fields in order (struct layouts need them): name for static keys, `None`
    /// for computed and private keys.
    pub fields: Box<[FieldInfo]>,
}

/// One declared field.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldInfo {
    /// The key when statically known (private names include the `#`).
    pub name: Option<JsString>,
    /// `static`.
    pub is_static: bool,
    /// A private field.
    pub is_private: bool,
}

/// What a direct `eval` needs to know about its caller, recorded per call site: the static
/// scope chain (one descriptor per context in the runtime chain at the call, innermost first;
/// the chain ends at the global environment, or at a module scope) and the function-level
/// facts that decide which syntax the eval code may use. The runtime passes it to
/// `compile_eval` (and to the parser via [`EvalContextInfo::script_options`]).
#[derive(Debug, Clone, Default)]
pub struct EvalContextInfo {
    /// The caller is strict.
    pub strict: bool,
    /// The static scope chain, innermost first.
    pub scopes: Box<[Arc<ScopeDescriptor>]>,
    /// `new.target` is allowed (inside a non-arrow function).
    pub allow_new_target: bool,
    /// `super.x` is allowed (inside a method).
    pub allow_super_property: bool,
    /// `super()` is allowed (inside a derived constructor).
    pub allow_super_call: bool,
    /// Inside a class field initialiser (`arguments` forbidden).
    pub in_class_field_initializer: bool,
}

impl EvalContextInfo {
    /// The context of an indirect eval: global scope, sloppy.
    pub fn indirect() -> EvalContextInfo {
        EvalContextInfo::default()
    }

    /// Private names visible at the eval site (without `#`).
    pub fn private_names(&self) -> Vec<Box<str>> {
        let mut names: Vec<Box<str>> = Vec::new();
        for scope in self.scopes.iter() {
            for slot in scope.slots.iter() {
                if let Some(name) = slot.name.strip_prefix('#') {
                    if !names.iter().any(|n| &**n == name) {
                        names.push(name.into());
                    }
                }
            }
        }
        names
    }

    /// Parser options for the eval code.
    pub fn script_options(&self) -> crate::parser::ScriptOptions {
        crate::parser::ScriptOptions {
            strict: self.strict,
            allow_new_target: self.allow_new_target,
            allow_super_property: self.allow_super_property,
            allow_super_call: self.allow_super_call,
            in_class_field_initializer: self.in_class_field_initializer,
            private_names: self.private_names(),
        }
    }
}

/// Module record data the compiler derives statically (ParseModule's entries) plus the
/// module environment layout. The runtime builds the Source Text Module Record from it;
/// `InitializeEnvironment` creates the module context from `scope`, resolves the imports and
/// instantiates `functions` (closures over the module context) before the body runs with that
/// context as its current context.
#[derive(Debug, Clone, Default)]
pub struct ModuleDescriptor {
    /// `[[RequestedModules]]` in source order (deduplicated by specifier and attributes).
    pub requests: Box<[ModuleRequest]>,
    /// `[[ImportEntries]]`; `LdaImport i` reads entry `i`.
    pub imports: Box<[ImportEntry]>,
    /// `[[LocalExportEntries]]`.
    pub local_exports: Box<[LocalExport]>,
    /// `[[IndirectExportEntries]]`.
    pub indirect_exports: Box<[IndirectExport]>,
    /// `[[StarExportEntries]]`: module request indices.
    pub star_exports: Box<[u32]>,
    /// The module context layout.
    pub scope: Option<Arc<ScopeDescriptor>>,
    /// Hoisted function declarations: (context slot, constant index of the `Function`).
    pub functions: Box<[(u32, u32)]>,
    /// `[[HasTLA]]`.
    pub has_top_level_await: bool,
}

/// A ModuleRequest record.
#[derive(Debug, Clone, PartialEq)]
pub struct ModuleRequest {
    /// The specifier.
    pub specifier: JsString,
    /// Import attributes (key, value).
    pub attributes: Box<[(JsString, JsString)]>,
}

/// What an import entry imports.
#[derive(Debug, Clone, PartialEq)]
pub enum ImportName {
    /// A named export (including `"default"`).
    Name(JsString),
    /// `import * as ns`: the namespace object.
    Namespace,
}

/// An ImportEntry record.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportEntry {
    /// Index into `requests`.
    pub request: u32,
    /// The imported name.
    pub import_name: ImportName,
    /// The local binding name.
    pub local_name: Box<str>,
}

/// A local export: an export name bound to a module context slot or an import entry (a
/// re-exported namespace import).
#[derive(Debug, Clone, PartialEq)]
pub struct LocalExport {
    /// The exported name.
    pub export_name: JsString,
    /// The local binding name.
    pub local_name: Box<str>,
    /// Where the binding lives.
    pub binding: ExportBinding,
}

/// Where a local export's binding lives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportBinding {
    /// A module context slot.
    Slot(u32),
    /// An import entry (`import * as ns from "m"; export { ns }`).
    Import(u32),
}

/// An indirect export (`export { a as b } from "m"`, `export * as ns from "m"`, or a
/// re-exported named import).
#[derive(Debug, Clone, PartialEq)]
pub struct IndirectExport {
    /// The exported name.
    pub export_name: JsString,
    /// Index into `requests`.
    pub request: u32,
    /// The imported name (`Namespace` for `export * as ns`).
    pub import_name: ImportName,
}

impl fmt::Display for CodeKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self, f)
    }
}
