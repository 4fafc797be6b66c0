//! Data Blocks (ECMA-262 §6.2.9): the bytes of an ArrayBuffer, stored in a heap cell of
//! kind [`CellKind::ByteBlock`] that holds no references (the GC never scans it; it is freed
//! when its ArrayBuffer is, and the heap's accounting and limit see its size).
//!
//! ```text
//! block:  header | bytes … (padded to 8)
//! ```
//! The cell's payload is the bytes; its capacity is the payload size. The owning
//! ArrayBuffer keeps the current byte length (a resizable buffer may use less than the
//! capacity; bytes past the length are kept zero). Elements are read and written a few
//! bytes at a time (`read`/`write`), never by copying the whole block.
//! See design/decisions/0009-array-buffer-storage.md.

use heap::{HeapError, ObjectRef};

use crate::runtime::agent::Agent;
use crate::runtime::cell::CellKind;

/// The largest block the engine allocates (bytes); larger requests are a `RangeError`.
pub const MAX_BLOCK_BYTES: u64 = 1 << 32;

/// True if `cell` is a byte block.
pub fn is_byte_block(cell: ObjectRef) -> bool {
    CellKind::of(cell) == Some(CellKind::ByteBlock)
}

/// CreateByteDataBlock(size): a new zeroed block with room for `capacity` bytes.
pub fn new_block(agent: &mut Agent, capacity: usize) -> Result<ObjectRef, HeapError> {
    let cell = agent.alloc_cell(CellKind::ByteBlock, capacity.max(8))?;
    // A large object is a fresh anonymous mapping of its own (heap::space::large), which the
    // OS fills with zeros: writing zeros again would only fault every page in. Cells in the
    // block space reuse swept (possibly scribbled) memory and are zeroed here.
    if !cell
        .header()
        .flags()
        .contains(heap::header::ObjFlags::LARGE)
    {
        zero(cell, 0, cell.size() - 8);
    }
    Ok(cell)
}

/// The block's capacity in bytes.
pub fn capacity(block: ObjectRef) -> usize {
    block.size() - 8
}

/// Writes zeros over `len` bytes from `offset` (in pieces: no buffer of the whole size).
pub fn zero(block: ObjectRef, offset: usize, len: usize) {
    const PIECE: usize = 1 << 16;
    let zeros = [0u8; PIECE];
    let mut done = 0;
    while done < len {
        let n = (len - done).min(PIECE);
        block.write_bytes(offset + done, &zeros[..n]);
        done += n;
    }
}

/// Copies `dst.len()` bytes from `offset`.
#[inline]
pub fn read(block: ObjectRef, offset: usize, dst: &mut [u8]) {
    block.read_bytes(offset, dst);
}

/// Copies `src` to `offset`.
#[inline]
pub fn write(block: ObjectRef, offset: usize, src: &[u8]) {
    block.write_bytes(offset, src);
}

/// CopyDataBlockBytes: copies `len` bytes from `from[from_offset..]` to `to[to_offset..]`
/// (the ranges may overlap when the blocks are the same), in pieces.
pub fn copy(from: ObjectRef, from_offset: usize, to: ObjectRef, to_offset: usize, len: usize) {
    const PIECE: usize = 1 << 16;
    let mut buf = vec![0u8; len.min(PIECE)];
    if from == to && to_offset > from_offset && to_offset < from_offset + len {
        // Overlapping, moving up: copy the pieces from the end.
        let mut remaining = len;
        while remaining > 0 {
            let n = remaining.min(PIECE);
            remaining -= n;
            from.read_bytes(from_offset + remaining, &mut buf[..n]);
            to.write_bytes(to_offset + remaining, &buf[..n]);
        }
        return;
    }
    let mut done = 0;
    while done < len {
        let n = (len - done).min(PIECE);
        from.read_bytes(from_offset + done, &mut buf[..n]);
        to.write_bytes(to_offset + done, &buf[..n]);
        done += n;
    }
}
