//! The kinds of heap cells the VM allocates, and their `heap::TypeTag`s. The heap stores the tag
//! in each object's header; the VM's binding (`runtime::gc`) dispatches tracing on it.

use heap::{ObjectRef, TypeTag};

/// What a heap cell is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(u32)]
pub enum CellKind {
    /// A flat string: Latin-1 or UTF-16 code units stored inline.
    FlatString = 1,
    /// A rope: the concatenation of two strings, flattened on demand.
    RopeString = 2,
    /// A symbol: its description (a string or undefined).
    Symbol = 3,
    /// An object (`runtime::object` describes the layout).
    Object = 4,
    /// An object's out-of-line property slots.
    SlotArray = 5,
    /// An object's dense elements.
    ElementArray = 6,
    /// A context (heap environment record): slot count, parent context, slots.
    Context = 7,
    /// An accessor property's getter/setter pair (each a function or undefined).
    AccessorPair = 8,
    /// A Private Name (`#x`): a unique key carrying its description, used as the key of a
    /// private element in an object's shape (`runtime::private_name`).
    PrivateName = 9,
    /// A weak table: ephemeron pairs or finalization cells (`runtime::weak_table`).
    WeakTable = 10,
    /// A BigInt: sign and magnitude limbs (`runtime::bigint`).
    BigInt = 11,
    /// The bytes of an ArrayBuffer (a Data Block; no references: `runtime::byte_block`).
    ByteBlock = 12,
}

impl CellKind {
    const ALL: [CellKind; 12] = [
        CellKind::FlatString,
        CellKind::RopeString,
        CellKind::Symbol,
        CellKind::Object,
        CellKind::SlotArray,
        CellKind::ElementArray,
        CellKind::Context,
        CellKind::AccessorPair,
        CellKind::PrivateName,
        CellKind::WeakTable,
        CellKind::BigInt,
        CellKind::ByteBlock,
    ];

    /// The tag stored in the header.
    pub const fn tag(self) -> TypeTag {
        TypeTag(self as u32)
    }

    /// The kind of a tag, if it is one of ours.
    pub fn from_tag(tag: TypeTag) -> Option<CellKind> {
        CellKind::ALL.into_iter().find(|kind| kind.tag() == tag)
    }

    /// The kind of a cell.
    pub fn of(cell: ObjectRef) -> Option<CellKind> {
        CellKind::from_tag(cell.header().tag())
    }

    /// A readable name (heap statistics, verifier reports).
    pub const fn name(self) -> &'static str {
        match self {
            CellKind::FlatString => "string",
            CellKind::RopeString => "rope",
            CellKind::Symbol => "symbol",
            CellKind::Object => "object",
            CellKind::SlotArray => "slot-array",
            CellKind::ElementArray => "element-array",
            CellKind::Context => "context",
            CellKind::AccessorPair => "accessor-pair",
            CellKind::PrivateName => "private-name",
            CellKind::WeakTable => "weak-table",
            CellKind::BigInt => "bigint",
            CellKind::ByteBlock => "byte-block",
        }
    }
}
