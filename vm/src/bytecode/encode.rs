//! The encoder: [`BytecodeBuilder`] collects instructions (one typed method per opcode,
//! generated from the table and named by its snake-case name, e.g. `b.ldar(r)`), labels and
//! forward-jump patching, the constant pool (deduplicated), IC slots, exception handlers and
//! source positions, and produces an [`Executable`]. Instructions emitted while the current
//! position is unreachable (after an unconditional jump, return or throw and before the next
//! bound label) are dropped, and `Ldar r` right after `Star r` (or `Star r` right after
//! `Ldar r`) is elided.

use std::collections::HashMap;

use heap::sync::Arc;

use super::{
    ConstIdx, Constant, Executable, FunctionInfo, Handler, HandlerKind, IcKind, IcSlot, JsString,
    LineTable, ModuleDescriptor, Opcode, OperandKind, Reg, Scale,
};
use crate::ast::Span;

/// A position in the code that jumps can target before it is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Label(u32);

/// Type of a builder argument for a table operand kind (labels for jump targets).
macro_rules! builder_arg {
    (Target) => {
        $crate::bytecode::Label
    };
    ($kind:ident) => {
        $crate::__operand_type!($kind)
    };
}
pub(crate) use builder_arg;

/// The scale an argument needs.
macro_rules! builder_arg_scale {
    (Target, $value:expr) => {{
        let _ = $value;
        $crate::bytecode::Scale::Single
    }};
    ($kind:ident, $value:expr) => {
        $crate::bytecode::Scale::needed(
            $crate::__operand_kind!($kind),
            $crate::bytecode::OperandValue::to_raw($value),
        )
    };
}
pub(crate) use builder_arg_scale;

/// Writes an argument.
macro_rules! builder_arg_write {
    (Target, $builder:expr, $value:expr, $scale:expr) => {
        $builder.write_label($value)
    };
    ($kind:ident, $builder:expr, $value:expr, $scale:expr) => {
        $builder.write_scaled(
            $crate::__operand_kind!($kind),
            $crate::bytecode::OperandValue::to_raw($value),
            $scale,
        )
    };
}
pub(crate) use builder_arg_write;

/// Appends one operand.
pub(crate) fn write_operand(out: &mut Vec<u8>, kind: OperandKind, raw: i64, scale: Scale) {
    if !kind.is_scaled() {
        out.extend_from_slice(&(raw as u32).to_le_bytes());
        return;
    }
    match scale {
        Scale::Single => out.push(raw as u8),
        Scale::Double => out.extend_from_slice(&(raw as u16).to_le_bytes()),
        Scale::Quadruple => out.extend_from_slice(&(raw as u32).to_le_bytes()),
    }
}

/// A handler whose range and target are labels, resolved by [`BytecodeBuilder::finish`].
#[derive(Debug, Clone, Copy)]
pub struct HandlerBuilder {
    /// Range start.
    pub start: Label,
    /// Range end (exclusive).
    pub end: Label,
    /// Handler entry.
    pub target: Label,
    /// Register holding the context to restore.
    pub context: Option<Reg>,
    /// What it implements.
    pub kind: HandlerKind,
}

/// Keys for deduplicating constants.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum ConstKey {
    Number(u64),
    String(JsString),
    Name(Box<str>),
    BigInt(Box<str>),
}

/// Builds one executable's code and tables.
#[derive(Debug)]
pub struct BytecodeBuilder {
    code: Vec<u8>,
    labels: Vec<Option<u32>>,
    /// (byte offset of a 4-byte target operand, label)
    patches: Vec<(usize, Label)>,
    constants: Vec<Constant>,
    constant_keys: HashMap<ConstKey, u32>,
    ic_slots: Vec<IcKind>,
    handlers: Vec<HandlerBuilder>,
    positions: Vec<(u32, Span)>,
    position: Option<Span>,
    /// Callee texts of emitted call instructions, by offset (see
    /// [`Executable::callee_text`]), and the text for the next one.
    callee_texts: Vec<(u32, Box<str>)>,
    next_callee_text: Option<Box<str>>,
    /// Start of the instruction being emitted and the patch count before it.
    instruction_start: usize,
    patches_before: usize,
    /// False after a terminator until the next label is bound.
    unreachable: bool,
    /// The last emitted instruction was `Star r` and no label was bound since.
    last_star: Option<Reg>,
    /// The last emitted instruction was `Ldar r` and no label was bound since.
    last_ldar: Option<Reg>,
    /// The instruction being emitted and its first register operand.
    current_opcode: Opcode,
    first_register: Option<Reg>,
}

impl Default for BytecodeBuilder {
    fn default() -> Self {
        BytecodeBuilder::new()
    }
}

impl BytecodeBuilder {
    /// An empty builder.
    pub fn new() -> BytecodeBuilder {
        BytecodeBuilder {
            code: Vec::new(),
            labels: Vec::new(),
            patches: Vec::new(),
            constants: Vec::new(),
            constant_keys: HashMap::new(),
            ic_slots: Vec::new(),
            handlers: Vec::new(),
            positions: Vec::new(),
            position: None,
            callee_texts: Vec::new(),
            next_callee_text: None,
            instruction_start: 0,
            patches_before: 0,
            unreachable: false,
            last_star: None,
            last_ldar: None,
            current_opcode: Opcode::Debugger,
            first_register: None,
        }
    }

    /// The offset the next instruction will have.
    pub fn offset(&self) -> u32 {
        self.code.len() as u32
    }

    /// True if code emitted now could run (not after a terminator without a label since).
    pub fn is_reachable(&self) -> bool {
        !self.unreachable
    }

    /// A fresh unbound label.
    pub fn new_label(&mut self) -> Label {
        self.labels.push(None);
        Label(self.labels.len() as u32 - 1)
    }

    /// Binds `label` to the current offset; code after it is reachable.
    pub fn bind(&mut self, label: Label) {
        debug_assert!(self.labels[label.0 as usize].is_none(), "label bound twice");
        self.labels[label.0 as usize] = Some(self.offset());
        self.unreachable = false;
        self.last_star = None;
        self.last_ldar = None;
    }

    /// A label bound to the current offset that does not make the position reachable (a
    /// handler range boundary).
    pub fn mark_label(&mut self) -> Label {
        let label = self.new_label();
        self.labels[label.0 as usize] = Some(self.offset());
        label
    }

    /// A label bound to the current offset.
    pub fn here(&mut self) -> Label {
        let label = self.new_label();
        self.bind(label);
        label
    }

    /// True if `label` has been bound.
    pub fn is_bound(&self, label: Label) -> bool {
        self.labels[label.0 as usize].is_some()
    }

    /// Sets the source position recorded for the following instructions.
    pub fn set_position(&mut self, span: Span) {
        self.position = Some(span);
    }

    /// Names the callee of the next call or construct instruction (its source text, for
    /// "x is not a function" errors).
    pub fn set_callee_text(&mut self, text: Box<str>) {
        self.next_callee_text = Some(text);
    }

    /// The current source position.
    pub fn position(&self) -> Option<Span> {
        self.position
    }

    /// If the previous instruction was `Star r` (and no label was bound since), `Some(r)`.
    pub fn last_star(&self) -> Option<Reg> {
        self.last_star
    }

    /// Adds a constant (numbers, strings, names and BigInts are deduplicated).
    pub fn add_constant(&mut self, constant: Constant) -> ConstIdx {
        let key = match &constant {
            Constant::Number(n) => Some(ConstKey::Number(n.to_bits())),
            Constant::String(s) => Some(ConstKey::String(s.clone())),
            Constant::Name(s) => Some(ConstKey::Name(s.clone())),
            Constant::BigInt(s) => Some(ConstKey::BigInt(s.clone())),
            _ => None,
        };
        if let Some(key) = &key {
            if let Some(&index) = self.constant_keys.get(key) {
                return ConstIdx(index);
            }
        }
        let index = self.constants.len() as u32;
        self.constants.push(constant);
        if let Some(key) = key {
            self.constant_keys.insert(key, index);
        }
        ConstIdx(index)
    }

    /// The `Name` constant for `name`.
    pub fn name(&mut self, name: &str) -> ConstIdx {
        self.add_constant(Constant::Name(name.into()))
    }

    /// The `Number` constant for `value`.
    pub fn number(&mut self, value: f64) -> ConstIdx {
        self.add_constant(Constant::Number(value))
    }

    /// The `String` constant for `value`.
    pub fn string(&mut self, value: &[u16]) -> ConstIdx {
        self.add_constant(Constant::String(value.into()))
    }

    /// The `String` constant for a Rust string.
    pub fn str_constant(&mut self, value: &str) -> ConstIdx {
        let units: Vec<u16> = value.encode_utf16().collect();
        self.string(&units)
    }

    /// A nested function.
    pub fn function(&mut self, executable: Arc<Executable>) -> ConstIdx {
        self.add_constant(Constant::Function(executable))
    }

    /// The constant at `index`.
    pub fn constant(&self, index: ConstIdx) -> &Constant {
        &self.constants[index.0 as usize]
    }

    /// A new IC slot of `kind`.
    pub fn new_ic(&mut self, kind: IcKind) -> IcSlot {
        self.ic_slots.push(kind);
        IcSlot(self.ic_slots.len() as u32 - 1)
    }

    /// Adds an exception handler (innermost handlers must be added first).
    pub fn add_handler(&mut self, handler: HandlerBuilder) {
        self.handlers.push(handler);
    }

    // ----- emission (called by the generated methods) -----

    pub(crate) fn begin_instruction(&mut self, opcode: Opcode, scale: Scale) {
        self.instruction_start = self.code.len();
        self.patches_before = self.patches.len();
        self.current_opcode = opcode;
        self.first_register = None;
        if let Some(prefix) = scale.prefix() {
            self.code.push(prefix as u8);
        }
        self.code.push(opcode as u8);
    }

    pub(crate) fn write_scaled(&mut self, kind: OperandKind, raw: i64, scale: Scale) {
        if self.first_register.is_none() && kind.is_register() {
            self.first_register = Some(Reg(raw as u32));
        }
        write_operand(&mut self.code, kind, raw, scale);
    }

    pub(crate) fn write_label(&mut self, label: Label) {
        self.patches.push((self.code.len(), label));
        self.code.extend_from_slice(&[0; 4]);
    }

    pub(crate) fn end_instruction(&mut self) {
        let start = self.instruction_start;
        let opcode = self.current_opcode;
        let redundant_load = (opcode == Opcode::Ldar
            && self.last_star.is_some()
            && self.last_star == self.first_register)
            || (opcode == Opcode::Star
                && self.last_ldar.is_some()
                && self.last_ldar == self.first_register);
        let callee_text = if opcode.is_call() {
            self.next_callee_text.take()
        } else {
            None
        };
        if self.unreachable || redundant_load {
            self.code.truncate(start);
            self.patches.truncate(self.patches_before);
            return;
        }
        if let Some(text) = callee_text {
            self.callee_texts.push((start as u32, text));
        }
        if let Some(span) = self.position {
            if self.positions.last().map(|&(_, s)| s) != Some(span) {
                self.positions.push((start as u32, span));
            }
        }
        self.last_star = if opcode == Opcode::Star {
            self.first_register
        } else {
            None
        };
        self.last_ldar = if opcode == Opcode::Ldar {
            self.first_register
        } else {
            None
        };
        if opcode.is_terminator() {
            self.unreachable = true;
        }
    }

    /// Resolves labels and produces the executable.
    ///
    /// # Panics
    /// If a jump or handler refers to a label that was never bound (a compiler bug).
    pub fn finish(
        mut self,
        register_count: u32,
        parameter_count: u32,
        info: FunctionInfo,
        module: Option<Box<ModuleDescriptor>>,
    ) -> Executable {
        let resolve = |labels: &[Option<u32>], label: Label| -> u32 {
            labels[label.0 as usize].expect("jump to a label that was never bound")
        };
        for &(at, label) in &self.patches {
            let target = resolve(&self.labels, label);
            self.code[at..at + 4].copy_from_slice(&target.to_le_bytes());
        }
        let mut handlers = Vec::new();
        for h in &self.handlers {
            let start = resolve(&self.labels, h.start);
            let end = resolve(&self.labels, h.end);
            if start >= end {
                continue;
            }
            handlers.push(Handler {
                start,
                end,
                target: resolve(&self.labels, h.target),
                context: h.context.map(|r| r.0),
                kind: h.kind,
            });
        }
        let decoded = super::DecodedCode::new(&self.code);
        Executable {
            decoded,
            code: self.code.into_boxed_slice(),
            register_count,
            parameter_count,
            constants: self.constants.into_boxed_slice(),
            ic_slots: self.ic_slots.into_boxed_slice(),
            handlers: handlers.into_boxed_slice(),
            line_table: LineTable::from_entries(&self.positions),
            callee_texts: self.callee_texts.into_boxed_slice(),
            info,
            module,
        }
    }
}
