//! Chunks: 2 MiB-aligned regions reserved from the OS with `memmap2`, each carrying its own side
//! tables (see [`crate::geometry`]). Dropping a [`Chunk`] returns its memory to the OS.

use memmap2::{MmapMut, MmapOptions};

use crate::geometry::{
    chunk_of, BLOCK_SIZE, CHUNK_SIZE, FIRST_DATA_BLOCK, LINE_MARK_OFFSET, LOG_OFFSET, MARK_OFFSET,
    METADATA_END,
};
use crate::sync::raw;

/// Which space a chunk belongs to; recorded in the chunk header for the verifier and tools.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum ChunkKind {
    /// Owned by one agent's local space.
    Local = 1,
    /// Part of the shared space.
    Shared = 2,
}

const CHUNK_MAGIC: u32 = 0x4147_4f52; // "AGOR"

/// The header at the start of every chunk. Written once when the chunk is mapped.
#[repr(C)]
struct ChunkHeader {
    magic: u32,
    owner: u32,
    kind: u8,
}

/// An owned chunk mapping.
pub struct Chunk {
    /// Keeps the reservation alive; unmapped on drop.
    _map: MmapMut,
    base: usize,
}

impl core::fmt::Debug for Chunk {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "Chunk({:#x})", self.base)
    }
}

impl Chunk {
    /// Reserves a new zeroed chunk for `kind`, owned by agent `owner` (or `u32::MAX` for the
    /// shared space). Returns `None` if the OS refuses the mapping.
    pub fn map(kind: ChunkKind, owner: u32) -> Option<Chunk> {
        // Over-reserve by one chunk so that an aligned chunk fits; the slack stays reserved
        // but is never touched, so it costs address space only.
        let mut map = MmapOptions::new()
            .len(2 * CHUNK_SIZE)
            .no_reserve_swap()
            .map_anon()
            .ok()?;
        let start = map.as_mut_ptr() as usize;
        let base = (start + CHUNK_SIZE - 1) & !(CHUNK_SIZE - 1);
        let header = ChunkHeader {
            magic: CHUNK_MAGIC,
            owner,
            kind: kind as u8,
        };
        // SAFETY: `base..base + CHUNK_SIZE` lies inside the fresh mapping (we reserved two
        // chunks and `base - start < CHUNK_SIZE`), which nobody else can see yet; `base` is
        // aligned for `ChunkHeader`.
        unsafe { (base as *mut ChunkHeader).write(header) };
        Some(Chunk { _map: map, base })
    }

    /// The chunk's aligned base address.
    pub fn base(&self) -> usize {
        self.base
    }

    /// The address of data block `index` (`FIRST_DATA_BLOCK..BLOCKS_PER_CHUNK`).
    pub fn block(&self, index: usize) -> usize {
        debug_assert!(index >= FIRST_DATA_BLOCK);
        self.base + index * BLOCK_SIZE
    }

    /// Zeroes the side tables of the whole chunk (used when an epoch counter wraps).
    pub fn clear_marks(&self) {
        // SAFETY: the metadata area lies inside this chunk's mapping; callers run this only
        // while no marker uses this chunk (at the start of a cycle, before marking).
        unsafe { raw::fill(self.base + MARK_OFFSET, 0, LOG_OFFSET - MARK_OFFSET) };
    }

    /// Zeroes the line marks of the whole chunk.
    pub fn clear_line_marks(&self) {
        // SAFETY: as for `clear_marks`.
        unsafe {
            raw::fill(
                self.base + LINE_MARK_OFFSET,
                0,
                MARK_OFFSET - LINE_MARK_OFFSET,
            )
        };
    }

    /// The metadata end (first byte that may hold objects is at the first data block).
    pub const METADATA_END: usize = METADATA_END;
}

/// A map keyed by chunk base address. Bases are distinct multiples of the chunk size, so the
/// chunk number is already a perfect hash: no SipHash on the sweeping path.
pub type ChunkMap<V> = std::collections::HashMap<usize, V, BuildChunkHasher>;

/// Hashes a chunk base to its chunk number.
#[derive(Clone, Copy, Debug, Default)]
pub struct BuildChunkHasher;

/// The hasher of [`BuildChunkHasher`].
#[derive(Clone, Copy, Debug, Default)]
pub struct ChunkHasher(u64);

impl std::hash::BuildHasher for BuildChunkHasher {
    type Hasher = ChunkHasher;
    fn build_hasher(&self) -> ChunkHasher {
        ChunkHasher(0)
    }
}

impl std::hash::Hasher for ChunkHasher {
    fn finish(&self) -> u64 {
        // Spread the chunk number over the high bits too (hashbrown uses the top 7 bits).
        (self.0 >> crate::geometry::LOG_CHUNK).wrapping_mul(0x9e37_79b9_7f4a_7c15)
    }
    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.0 = (self.0 << 8) | u64::from(byte);
        }
    }
    fn write_usize(&mut self, value: usize) {
        self.0 = value as u64;
    }
}

/// What the chunk header containing `addr` says: kind and owner, or `None` if `addr` is not
/// inside a chunk header-stamped by this crate.
///
/// # Safety
/// 1. `chunk_of(addr)` must be mapped (the verifier only calls this for addresses it has
///    checked against the heap's chunk lists).
pub unsafe fn chunk_info(addr: usize) -> Option<(ChunkKind, u32)> {
    // SAFETY: obligation 1 of this function; the header was written before the chunk was
    // published.
    let header = unsafe { &*(chunk_of(addr) as *const ChunkHeader) };
    if header.magic != CHUNK_MAGIC {
        return None;
    }
    match header.kind {
        1 => Some((ChunkKind::Local, header.owner)),
        2 => Some((ChunkKind::Shared, header.owner)),
        _ => None,
    }
}
