//! The VM's `heap::Binding`: how each kind of cell is traced, and the constructor for the heap
//! every agent of a process shares.

// Implementing `heap::Binding` is an `unsafe impl`: the obligations are discharged below.
#![allow(unsafe_code)]

use heap::{Binding, Heap, HeapConfig, Liveness, ObjectRef, Tracer, TypeTag};

use crate::runtime::cell::CellKind;
use crate::runtime::context::context_references;
use crate::runtime::object::{accessor_pair_references, array_references, object_references};
use crate::runtime::private_name;
use crate::runtime::string::rope_children;
use crate::runtime::symbol::symbol_description;
use crate::runtime::value::Value;
use crate::runtime::weak_table;

/// The binding between the heap and the VM's cells.
#[derive(Clone, Copy, Debug, Default)]
pub struct VmBinding;

/// Creates the heap for a process (all agents share it).
pub fn new_heap(config: HeapConfig) -> Heap {
    Heap::new(config, VmBinding)
}

fn edge(tracer: &mut Tracer<'_>, value: Value) {
    if let Some(cell) = value.as_cell() {
        tracer.edge(cell);
    }
}

// SAFETY: (1) every kind reports each `Value` slot that can hold a cell; (2) slots are read
// with `ObjectRef::load`, a relaxed atomic load, and the VM writes them with atomic stores;
// (3) nothing here allocates, collects or panics for a well-formed cell; (4) the VM only
// allocates shared cells through the shared-struct layer, which checks every value it stores.
unsafe impl Binding for VmBinding {
    fn trace(&self, obj: ObjectRef, tracer: &mut Tracer<'_>) {
        match CellKind::of(obj) {
            Some(CellKind::FlatString | CellKind::BigInt | CellKind::ByteBlock) | None => {}
            Some(CellKind::RopeString) => {
                let (left, right, flat) = rope_children(obj);
                edge(tracer, left);
                edge(tracer, right);
                edge(tracer, flat);
            }
            Some(CellKind::Symbol) => edge(tracer, symbol_description(obj)),
            Some(CellKind::PrivateName) => edge(tracer, private_name::description(obj)),
            Some(CellKind::Object) => object_references(obj).for_each(|v| edge(tracer, v)),
            Some(CellKind::SlotArray | CellKind::ElementArray) => {
                array_references(obj).for_each(|v| edge(tracer, v))
            }
            Some(CellKind::Context) => context_references(obj).for_each(|v| edge(tracer, v)),
            Some(CellKind::AccessorPair) => {
                accessor_pair_references(obj).for_each(|v| edge(tracer, v))
            }
            Some(CellKind::WeakTable) => weak_table::trace(obj, tracer),
        }
    }

    fn sweep_weak(&self, obj: ObjectRef, liveness: &Liveness) {
        if CellKind::of(obj) == Some(CellKind::WeakTable) {
            weak_table::sweep(obj, liveness);
        }
    }

    fn type_name(&self, tag: TypeTag) -> String {
        CellKind::from_tag(tag).map_or_else(|| format!("type#{}", tag.0), |k| k.name().into())
    }
}
