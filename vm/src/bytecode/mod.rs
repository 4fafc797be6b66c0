//! agora's bytecode: an accumulator + register machine in the style of V8's Ignition. The
//! opcode table in `opcodes.rs` (the [`for_each_opcode!`](crate::for_each_opcode) macro) is
//! the single source of truth; this module generates from it the [`Opcode`] enum, the decoded
//! [`Instruction`] type and the operand reflection used by the encoder
//! ([`BytecodeBuilder`]), the decoder ([`decode`], [`Instructions`]), the verifier
//! ([`verify`]) and the disassembler ([`disassemble`]). [`Executable`] is the compiled unit.
//! The design is described in `design/bytecode.md`.

pub mod opcodes;

mod decode;
mod disasm;
mod encode;
mod executable;

pub use decode::{decode, verify, DecodeError, DecodedCode, Instructions, VerifyError};
pub use disasm::{disassemble, disassemble_one, register_name};
pub use encode::{BytecodeBuilder, HandlerBuilder, Label};
pub use executable::*;

use std::fmt;

/// A register index. Register 0 is `this`, registers `1..=parameter_count` are the formal
/// parameters, the rest are locals and temporaries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Reg(pub u32);

impl Reg {
    /// The `this` register.
    pub const THIS: Reg = Reg(0);

    /// The register of formal parameter `i`.
    pub const fn param(i: u32) -> Reg {
        Reg(1 + i)
    }

    /// The next register (`self + n`).
    pub const fn plus(self, n: u32) -> Reg {
        Reg(self.0 + n)
    }
}

/// An index into an executable's constant pool.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ConstIdx(pub u32);

/// An index into an executable's feedback vector (its `ic_slots`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct IcSlot(pub u32);

/// The resume modes a generator is resumed with (the values `Yield` and friends write into
/// their `mode` register).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum ResumeMode {
    /// `next(v)` / promise fulfilment.
    Next = 0,
    /// `throw(e)` / promise rejection.
    Throw = 1,
    /// `return(v)`.
    Return = 2,
}

/// The error kinds `ThrowStaticError` throws.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub enum ErrorKind {
    /// `TypeError`.
    TypeError = 0,
    /// `ReferenceError`.
    ReferenceError = 1,
    /// `SyntaxError`.
    SyntaxError = 2,
    /// `RangeError`.
    RangeError = 3,
}

/// `DefineMethod` flag bits.
pub mod method_flags {
    /// A plain method (a data property).
    pub const METHOD: u32 = 0;
    /// A getter.
    pub const GETTER: u32 = 1;
    /// A setter.
    pub const SETTER: u32 = 2;
    /// Mask of the kind bits.
    pub const KIND_MASK: u32 = 3;
    /// The property is enumerable (object literals).
    pub const ENUMERABLE: u32 = 4;
    /// Perform `SetFunctionName(closure, key, prefix)` (computed keys).
    pub const SET_NAME: u32 = 8;
}

/// How an operand is interpreted (and verified).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OperandKind {
    /// A register that is read.
    Reg,
    /// A register that is written.
    RegOut,
    /// Two consecutive registers (read and/or written).
    RegPair,
    /// Two consecutive registers, written.
    RegOutPair,
    /// The first of `count` consecutive registers; the count is the next operand.
    RegList,
    /// The length of the preceding register list.
    RegCount,
    /// An unsigned immediate.
    Imm,
    /// A signed immediate.
    SImm,
    /// A constant-pool index of the given kind.
    Const(ConstKind),
    /// An inline-cache slot.
    Ic,
    /// An absolute jump target (always 4 bytes).
    Target,
}

impl OperandKind {
    /// True if the operand's size follows the instruction's scale prefix.
    pub fn is_scaled(self) -> bool {
        self != OperandKind::Target
    }

    /// True for signed operands.
    pub fn is_signed(self) -> bool {
        self == OperandKind::SImm
    }

    /// True for register operands (lists, pairs and single registers).
    pub fn is_register(self) -> bool {
        matches!(
            self,
            OperandKind::Reg
                | OperandKind::RegOut
                | OperandKind::RegPair
                | OperandKind::RegOutPair
                | OperandKind::RegList
        )
    }
}

/// Operand sizes: 1, 2 or 4 bytes for scaled operands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Scale {
    /// One byte (no prefix).
    Single = 1,
    /// Two bytes (`Wide`).
    Double = 2,
    /// Four bytes (`ExtraWide`).
    Quadruple = 4,
}

impl Scale {
    /// The operand size in bytes.
    pub fn bytes(self) -> usize {
        self as usize
    }

    /// The smallest scale that can hold `raw` for an operand of `kind`.
    pub fn needed(kind: OperandKind, raw: i64) -> Scale {
        if !kind.is_scaled() {
            return Scale::Single;
        }
        if kind.is_signed() {
            if i8::try_from(raw).is_ok() {
                Scale::Single
            } else if i16::try_from(raw).is_ok() {
                Scale::Double
            } else {
                Scale::Quadruple
            }
        } else if raw <= 0xff {
            Scale::Single
        } else if raw <= 0xffff {
            Scale::Double
        } else {
            Scale::Quadruple
        }
    }

    /// The prefix opcode for this scale, if any.
    pub fn prefix(self) -> Option<Opcode> {
        match self {
            Scale::Single => None,
            Scale::Double => Some(Opcode::Wide),
            Scale::Quadruple => Some(Opcode::ExtraWide),
        }
    }
}

/// Conversion of operand field types to and from their raw (encoded) value.
pub trait OperandValue: Copy {
    /// The raw value.
    fn to_raw(self) -> i64;
    /// From a raw value (already range-checked by the decoder's width).
    fn from_raw(raw: i64) -> Self;
}

impl OperandValue for Reg {
    fn to_raw(self) -> i64 {
        i64::from(self.0)
    }
    fn from_raw(raw: i64) -> Self {
        Reg(raw as u32)
    }
}

impl OperandValue for ConstIdx {
    fn to_raw(self) -> i64 {
        i64::from(self.0)
    }
    fn from_raw(raw: i64) -> Self {
        ConstIdx(raw as u32)
    }
}

impl OperandValue for IcSlot {
    fn to_raw(self) -> i64 {
        i64::from(self.0)
    }
    fn from_raw(raw: i64) -> Self {
        IcSlot(raw as u32)
    }
}

impl OperandValue for u32 {
    fn to_raw(self) -> i64 {
        i64::from(self)
    }
    fn from_raw(raw: i64) -> Self {
        raw as u32
    }
}

impl OperandValue for i32 {
    fn to_raw(self) -> i64 {
        i64::from(self)
    }
    fn from_raw(raw: i64) -> Self {
        raw as i32
    }
}

/// Maps a table operand kind to its `OperandKind`.
#[doc(hidden)]
#[macro_export]
macro_rules! __operand_kind {
    (Reg) => {
        $crate::bytecode::OperandKind::Reg
    };
    (RegOut) => {
        $crate::bytecode::OperandKind::RegOut
    };
    (RegPair) => {
        $crate::bytecode::OperandKind::RegPair
    };
    (RegOutPair) => {
        $crate::bytecode::OperandKind::RegOutPair
    };
    (RegList) => {
        $crate::bytecode::OperandKind::RegList
    };
    (RegCount) => {
        $crate::bytecode::OperandKind::RegCount
    };
    (Imm) => {
        $crate::bytecode::OperandKind::Imm
    };
    (SImm) => {
        $crate::bytecode::OperandKind::SImm
    };
    (Ic) => {
        $crate::bytecode::OperandKind::Ic
    };
    (Target) => {
        $crate::bytecode::OperandKind::Target
    };
    (Name) => {
        $crate::bytecode::OperandKind::Const($crate::bytecode::ConstKind::Name)
    };
    (Value) => {
        $crate::bytecode::OperandKind::Const($crate::bytecode::ConstKind::Value)
    };
    (Func) => {
        $crate::bytecode::OperandKind::Const($crate::bytecode::ConstKind::Function)
    };
    (Scope) => {
        $crate::bytecode::OperandKind::Const($crate::bytecode::ConstKind::Scope)
    };
    (Class) => {
        $crate::bytecode::OperandKind::Const($crate::bytecode::ConstKind::Class)
    };
    (Template) => {
        $crate::bytecode::OperandKind::Const($crate::bytecode::ConstKind::Template)
    };
    (RegExp) => {
        $crate::bytecode::OperandKind::Const($crate::bytecode::ConstKind::RegExp)
    };
    (Decls) => {
        $crate::bytecode::OperandKind::Const($crate::bytecode::ConstKind::Declarations)
    };
    (Mapping) => {
        $crate::bytecode::OperandKind::Const($crate::bytecode::ConstKind::ArgumentsMapping)
    };
    (EvalSite) => {
        $crate::bytecode::OperandKind::Const($crate::bytecode::ConstKind::EvalSite)
    };
}

/// Maps a table operand kind to the Rust type of the decoded field.
#[doc(hidden)]
#[macro_export]
macro_rules! __operand_type {
    (Reg) => {
        $crate::bytecode::Reg
    };
    (RegOut) => {
        $crate::bytecode::Reg
    };
    (RegPair) => {
        $crate::bytecode::Reg
    };
    (RegOutPair) => {
        $crate::bytecode::Reg
    };
    (RegList) => {
        $crate::bytecode::Reg
    };
    (RegCount) => {
        u32
    };
    (Imm) => {
        u32
    };
    (SImm) => {
        i32
    };
    (Ic) => {
        $crate::bytecode::IcSlot
    };
    (Target) => {
        u32
    };
    ($const_kind:ident) => {
        $crate::bytecode::ConstIdx
    };
}

macro_rules! define_opcodes {
    ($(
        $(#[doc = $doc:literal])*
        $name:ident = $snake:ident { $($field:ident : $kind:ident),* $(,)? } ;
    )*) => {
        /// An opcode: the first byte of an instruction (after any scale prefix).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[repr(u8)]
        pub enum Opcode {
            $( $(#[doc = $doc])* $name, )*
        }

        impl Opcode {
            /// Every opcode, in numbering order.
            pub const ALL: &'static [Opcode] = &[$(Opcode::$name),*];

            /// The opcode with number `byte`.
            pub fn from_u8(byte: u8) -> Option<Opcode> {
                Opcode::ALL.get(usize::from(byte)).copied()
            }

            /// The mnemonic.
            pub fn name(self) -> &'static str {
                match self { $(Opcode::$name => stringify!($name),)* }
            }

            /// The table's snake-case name (also the builder method's name).
            pub fn snake_name(self) -> &'static str {
                match self { $(Opcode::$name => stringify!($snake),)* }
            }

            /// The operands: (field name, kind), in encoding order.
            pub fn operands(self) -> &'static [(&'static str, OperandKind)] {
                match self {
                    $(Opcode::$name => &[$((stringify!($field), $crate::__operand_kind!($kind))),*],)*
                }
            }

            /// The table's documentation of the opcode.
            pub fn doc(self) -> &'static str {
                match self { $(Opcode::$name => concat!($($doc, "\n"),*),)* }
            }
        }

        /// A decoded instruction: one variant per opcode, with its operands as named fields
        /// (registers as [`Reg`], constants as [`ConstIdx`], IC slots as [`IcSlot`], jump
        /// targets as absolute offsets).
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        #[allow(missing_docs)]
        pub enum Instruction {
            $( $(#[doc = $doc])* $name { $($field: $crate::__operand_type!($kind)),* }, )*
        }

        impl Instruction {
            /// The opcode.
            pub fn opcode(&self) -> Opcode {
                match self { $(Instruction::$name { .. } => Opcode::$name,)* }
            }

            /// The operand values in encoding order, with their kinds.
            pub fn operands(&self) -> Vec<(OperandKind, i64)> {
                match *self {
                    $(Instruction::$name { $($field),* } => {
                        vec![$(($crate::__operand_kind!($kind), OperandValue::to_raw($field))),*]
                    })*
                }
            }

            /// Rebuilds an instruction from an opcode and raw operand values (the decoder's
            /// path). `raw` must hold one value per operand.
            pub(crate) fn from_raw(opcode: Opcode, raw: &[i64]) -> Instruction {
                #[allow(unused_mut, unused_variables)]
                let mut it = raw.iter().copied();
                match opcode {
                    $(Opcode::$name => Instruction::$name {
                        $($field: OperandValue::from_raw(it.next().unwrap_or(0))),*
                    },)*
                }
            }

            /// Appends the encoding (scale prefix if needed, opcode, operands).
            pub fn encode(&self, out: &mut Vec<u8>) {
                let operands = self.operands();
                let scale = operands
                    .iter()
                    .map(|&(kind, raw)| Scale::needed(kind, raw))
                    .max()
                    .unwrap_or(Scale::Single);
                if let Some(prefix) = scale.prefix() {
                    out.push(prefix as u8);
                }
                out.push(self.opcode() as u8);
                for (kind, raw) in operands {
                    encode::write_operand(out, kind, raw, scale);
                }
            }
        }

        impl encode::BytecodeBuilder {
            $(
                $(#[doc = $doc])*
                #[allow(clippy::too_many_arguments, unused_mut)]
                pub fn $snake(&mut self $(, $field: encode::builder_arg!($kind))*) {
                    let mut scale = Scale::Single;
                    $( scale = scale.max(encode::builder_arg_scale!($kind, $field)); )*
                    self.begin_instruction(Opcode::$name, scale);
                    $( encode::builder_arg_write!($kind, self, $field, scale); )*
                    self.end_instruction();
                }
            )*
        }
    };
}

crate::for_each_opcode!(define_opcodes);

impl fmt::Display for Opcode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl Opcode {
    /// True for `Wide` and `ExtraWide`.
    pub fn is_prefix(self) -> bool {
        matches!(self, Opcode::Wide | Opcode::ExtraWide)
    }

    /// True for the instructions that call or construct a callee register from user code
    /// (the ones a callee text can name; see `Executable::callee_texts`).
    pub fn is_call(self) -> bool {
        matches!(
            self,
            Opcode::Call
                | Opcode::CallUndefinedReceiver
                | Opcode::CallProperty0
                | Opcode::CallProperty1
                | Opcode::CallProperty2
                | Opcode::CallWithArgArray
                | Opcode::Construct
                | Opcode::ConstructWithArgArray
        )
    }

    /// True if control never continues with the next instruction.
    pub fn is_terminator(self) -> bool {
        matches!(
            self,
            Opcode::Jump
                | Opcode::JumpLoop
                | Opcode::Return
                | Opcode::Throw
                | Opcode::ReThrow
                | Opcode::ThrowStaticError
        )
    }

    /// The encoded size of this opcode's instruction at `scale` (including any prefix).
    pub fn size(self, scale: Scale) -> usize {
        let prefix = usize::from(scale != Scale::Single);
        1 + prefix
            + self
                .operands()
                .iter()
                .map(|(_, kind)| if kind.is_scaled() { scale.bytes() } else { 4 })
                .sum::<usize>()
    }
}
