//! An agent's local space: Immix-style mark-region memory. Chunks are split into 32 KiB blocks
//! of 256 B lines; the allocator bumps through *holes* (runs of free lines), and a block is
//! swept lazily — its line marks read to find holes — only when the allocator wants it.
//!
//! # Block life cycle
//! ```text
//!            hand out whole                     cycle ends
//!   Free ───────────────────────► Used ───────────────────────► Unswept
//!    ▲                             ▲                               │ sweep (lazily, or all
//!    │ no live line                │ holes handed out              │ remaining ones when the
//!    └─────────────────────────────┴──── Reusable ◄── some live ───┘ next cycle starts)
//! ```
//! A line is free iff its mark is older than `live_epoch`, the epoch of the last completed
//! marking; lines marked by the marking in progress (or blackened for allocation during it)
//! are newer, so they are never handed out twice. Marks only grow, so the test stays valid
//! whenever a block is swept — during the next cycle too. Each refill sweeps a few blocks
//! ahead and a cycle start sweeps a bounded number more, so chunks are found empty over time:
//! those empty for [`crate::HeapConfig::chunk_release_cycles`] cycle starts in a row are
//! unmapped (at once under memory pressure, after sweeping everything).
//!
//! The space is owned by one agent; nothing here is shared with other threads except the
//! mark bytes and line marks that background markers write atomically.

use crate::chunk::{Chunk, ChunkKind, ChunkMap};
use crate::geometry::{
    chunk_of, line_mark, log_byte, mark_byte, BLOCKS_PER_CHUNK, BLOCK_SIZE, CHUNK_SIZE,
    FIRST_DATA_BLOCK, GRANULE, LINES_PER_BLOCK, LINE_SIZE, LOG_GRANULE, LOG_OFFSET,
};
use crate::space::large::LargeObject;
use crate::sync::raw;

/// Blocks a cycle start sweeps at most (64 MiB of blocks, a few tens of microseconds); the
/// allocator sweeps the rest as it goes.
const START_SWEEP_BLOCKS: usize = 2048;

/// Scribble byte written over reclaimed memory in zombie mode.
pub const ZOMBIE_BYTE: u8 = 0xdb;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum BlockState {
    Free,
    Used,
    Reusable,
    Unswept,
}

struct ChunkEntry {
    chunk: Chunk,
    blocks: [BlockState; BLOCKS_PER_CHUNK],
    /// Consecutive cycle starts at which every data block was free.
    empty_cycles: u32,
}

/// The current block being scanned for holes.
#[derive(Clone, Copy, Debug)]
struct HoleCursor {
    block: usize,
    next_line: usize,
}

/// A run of free memory handed to the bump allocator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Hole {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

/// One agent's local space (small and medium objects in chunks, large objects apart).
pub struct LocalSpace {
    owner: u32,
    chunks: ChunkMap<ChunkEntry>,
    free_blocks: Vec<usize>,
    reusable_blocks: Vec<usize>,
    unswept_blocks: Vec<usize>,
    hole_cursor: Option<HoleCursor>,
    /// Large objects, in allocation order.
    pub(crate) large: Vec<LargeObject>,
    large_bytes: usize,
    /// Mappings of the large objects that died in the last cycle, kept for the large
    /// allocations of the next one (growing arrays and long strings die and are replaced by
    /// larger ones all the time; a kept mapping's pages are already faulted in). At most
    /// `spare_limit` bytes, counted as committed, dropped at the next cycle's end or first
    /// under memory pressure. None in zombie mode, where dead memory must go at once.
    spare_large: Vec<memmap2::MmapMut>,
    spare_bytes: usize,
    spare_limit: usize,
    limit: usize,
    zombie: bool,
    release_after: u32,
    /// The epoch of the last completed marking: lines marked older are free.
    live_epoch: u8,
}

impl LocalSpace {
    /// An empty space for agent `owner`, allowed to commit at most `limit` bytes.
    pub fn new(
        owner: u32,
        limit: usize,
        zombie: bool,
        release_after: u32,
        spare_limit: usize,
    ) -> LocalSpace {
        LocalSpace {
            owner,
            chunks: ChunkMap::default(),
            free_blocks: Vec::new(),
            reusable_blocks: Vec::new(),
            unswept_blocks: Vec::new(),
            hole_cursor: None,
            large: Vec::new(),
            large_bytes: 0,
            spare_large: Vec::new(),
            spare_bytes: 0,
            spare_limit: if zombie { 0 } else { spare_limit },
            limit,
            zombie,
            release_after,
            live_epoch: 0,
        }
    }

    /// The epoch of the last completed marking (0 before the first).
    pub fn live_epoch(&self) -> u8 {
        self.live_epoch
    }

    /// Bytes reserved from the OS: chunks plus large-object mappings.
    pub fn committed(&self) -> usize {
        self.chunks.len() * CHUNK_SIZE + self.large_bytes + self.spare_bytes
    }

    /// Drops the spare large mappings (their memory goes back to the OS).
    fn drop_spares(&mut self) {
        self.spare_large.clear();
        self.spare_bytes = 0;
    }

    /// Number of chunks currently mapped.
    pub fn chunk_count(&self) -> usize {
        self.chunks.len()
    }

    /// Number of entirely free blocks ready for allocation.
    pub fn free_block_count(&self) -> usize {
        self.free_blocks.len()
    }

    /// True if `addr` lies in one of this space's chunks.
    pub fn contains_chunk(&self, addr: usize) -> bool {
        self.chunks.contains_key(&chunk_of(addr))
    }

    /// True if `obj_addr` is one of this space's large objects.
    pub fn contains_large(&self, obj_addr: usize) -> bool {
        self.large.iter().any(|l| l.object().addr() == obj_addr)
    }

    fn state_mut(&mut self, block: usize) -> &mut BlockState {
        let entry = self
            .chunks
            .get_mut(&chunk_of(block))
            .expect("block of a chunk this space owns");
        &mut entry.blocks[(block - chunk_of(block)) / BLOCK_SIZE]
    }

    fn map_chunk(&mut self) -> bool {
        if !self.make_room(CHUNK_SIZE) {
            return false;
        }
        let Some(chunk) = Chunk::map(ChunkKind::Local, self.owner) else {
            return false;
        };
        let base = chunk.base();
        let mut blocks = [BlockState::Used; BLOCKS_PER_CHUNK];
        // Pushed high to low so that the stack hands out low addresses first.
        for index in (FIRST_DATA_BLOCK..BLOCKS_PER_CHUNK).rev() {
            blocks[index] = BlockState::Free;
            self.free_blocks.push(base + index * BLOCK_SIZE);
        }
        self.chunks.insert(
            base,
            ChunkEntry {
                chunk,
                blocks,
                empty_cycles: 0,
            },
        );
        true
    }

    /// True if `bytes` more fit under the limit, after giving empty chunks back to the OS if
    /// that is what it takes (memory pressure overrides `chunk_release_cycles`).
    fn make_room(&mut self, bytes: usize) -> bool {
        if self.committed() + bytes <= self.limit {
            return true;
        }
        self.drop_spares();
        if self.committed() + bytes <= self.limit {
            return true;
        }
        self.release_empty_chunks();
        self.committed() + bytes <= self.limit
    }

    /// Sweeps every unswept block and unmaps every chunk without a live block, now. Returns
    /// the number of chunks released.
    pub fn release_empty_chunks(&mut self) -> usize {
        self.sweep_all();
        let empty: Vec<usize> = self
            .chunks
            .iter()
            .filter(|(_, entry)| {
                entry.blocks[FIRST_DATA_BLOCK..]
                    .iter()
                    .all(|s| *s == BlockState::Free)
            })
            .map(|(base, _)| *base)
            .collect();
        for base in &empty {
            self.free_blocks.retain(|b| chunk_of(*b) != *base);
            self.chunks.remove(base);
        }
        empty.len()
    }

    /// Takes an entirely free block, mapping a new chunk if the limit allows.
    pub fn take_free_block(&mut self) -> Option<usize> {
        if self.free_blocks.is_empty() && !self.map_chunk() {
            return None;
        }
        let block = self.free_blocks.pop()?;
        *self.state_mut(block) = BlockState::Used;
        Some(block)
    }

    /// The next hole of at least `min` bytes, in address order within a block: first in the
    /// block being scanned, then in reusable blocks, then lazily swept blocks, then free
    /// blocks. `None` if the space is full up to its limit.
    pub fn next_hole(&mut self, min: usize) -> Option<Hole> {
        loop {
            if let Some(cursor) = self.hole_cursor {
                if let Some(hole) = self.scan_block(cursor, min) {
                    return Some(hole);
                }
                self.hole_cursor = None;
            }
            if let Some(block) = self.reusable_blocks.pop() {
                *self.state_mut(block) = BlockState::Used;
                self.hole_cursor = Some(HoleCursor {
                    block,
                    next_line: 0,
                });
                continue;
            }
            if let Some(block) = self.unswept_blocks.pop() {
                // A block that sweeps to free is used at once: sweeping on until a partly
                // free block turns up would put a whole-heap sweep into one allocation.
                if self.sweep_block(block) == BlockState::Free {
                    let free = self.free_blocks.pop().expect("the block just freed");
                    *self.state_mut(free) = BlockState::Used;
                    return Some(Hole {
                        start: free,
                        end: free + BLOCK_SIZE,
                    });
                }
                continue;
            }
            let block = self.take_free_block()?;
            self.hole_cursor = None;
            return Some(Hole {
                start: block,
                end: block + BLOCK_SIZE,
            });
        }
    }

    /// Finds the next run of free lines in the cursor's block that holds `min` bytes.
    fn scan_block(&mut self, cursor: HoleCursor, min: usize) -> Option<Hole> {
        let live_epoch = self.live_epoch;
        let mut line = cursor.next_line;
        while line < LINES_PER_BLOCK {
            while line < LINES_PER_BLOCK && !line_free(cursor.block, line, live_epoch) {
                line += 1;
            }
            let start = line;
            while line < LINES_PER_BLOCK && line_free(cursor.block, line, live_epoch) {
                line += 1;
            }
            if line > start && (line - start) * LINE_SIZE >= min {
                self.hole_cursor = Some(HoleCursor {
                    block: cursor.block,
                    next_line: line,
                });
                let hole = Hole {
                    start: cursor.block + start * LINE_SIZE,
                    end: cursor.block + line * LINE_SIZE,
                };
                if self.zombie {
                    // SAFETY: the hole is free memory of this block, unreachable by anyone.
                    unsafe { raw::fill(hole.start, ZOMBIE_BYTE, hole.end - hole.start) };
                }
                return Some(hole);
            }
        }
        None
    }

    /// Classifies an unswept block by its line marks: free, reusable or full.
    fn sweep_block(&mut self, block: usize) -> BlockState {
        let marks = line_marks(block);
        let live_epoch = self.live_epoch;
        // A plain byte scan over a copy, so it vectorises (this runs for every block a cycle
        // leaves behind).
        let live = marks.iter().filter(|&&mark| mark >= live_epoch).count();
        let state = if live == 0 {
            self.free_blocks.push(block);
            BlockState::Free
        } else if live == LINES_PER_BLOCK {
            BlockState::Used
        } else {
            self.reusable_blocks.push(block);
            BlockState::Reusable
        };
        if self.zombie && state != BlockState::Used {
            for (line, mark) in marks.iter().enumerate() {
                if *mark < live_epoch {
                    // SAFETY: a free line holds only dead objects nobody can reach.
                    unsafe { raw::fill(block + line * LINE_SIZE, ZOMBIE_BYTE, LINE_SIZE) };
                }
            }
        }
        *self.state_mut(block) = state;
        state
    }

    /// Marks a hole black for the marking in progress: its lines and every granule's mark
    /// byte get `epoch`, and its log bytes say "already logged" so the barrier skips objects
    /// born during marking.
    pub fn blacken(hole: Hole, epoch: u8) {
        let len = hole.end - hole.start;
        // SAFETY: the hole lies in one block of a mapped chunk; its side-table ranges are
        // inside that chunk's metadata and belong to objects not yet allocated, which no
        // other thread can reference.
        unsafe {
            raw::fill(line_mark(hole.start), epoch, len / LINE_SIZE);
            raw::fill(mark_byte(hole.start), epoch, len >> LOG_GRANULE);
            raw::fill(log_byte(hole.start), epoch, len >> LOG_GRANULE);
        }
    }

    /// Clears the log and card bytes of a hole handed out outside marking, so objects born
    /// there start unlogged and with a clean card whatever died there before.
    pub fn clear_log_bytes(hole: Hole) {
        // SAFETY: as for `blacken`.
        unsafe {
            raw::fill(
                log_byte(hole.start),
                0,
                (hole.end - hole.start) >> LOG_GRANULE,
            )
        };
    }

    /// Forgets the block being scanned (its remaining holes are found again after the next
    /// cycle).
    pub fn retire_cursor(&mut self) {
        self.hole_cursor = None;
    }

    /// Prepares for a new marking cycle: sweeps a bounded number of the blocks still unswept
    /// (the rest stay unswept: the free-line test is valid against the live epoch at any
    /// time, marks only grow), and releases chunks that stayed empty. Returns the number of
    /// chunks released.
    pub fn begin_cycle(&mut self) -> usize {
        self.sweep_some(START_SWEEP_BLOCKS);
        self.retire_cursor();
        let mut to_release = Vec::new();
        for (base, entry) in self.chunks.iter_mut() {
            let empty = entry.blocks[FIRST_DATA_BLOCK..]
                .iter()
                .all(|s| *s == BlockState::Free);
            entry.empty_cycles = if empty { entry.empty_cycles + 1 } else { 0 };
            if empty && entry.empty_cycles > self.release_after {
                to_release.push(*base);
            }
        }
        for base in &to_release {
            self.free_blocks.retain(|b| chunk_of(*b) != *base);
            self.chunks.remove(base);
        }
        to_release.len()
    }

    /// After the marking of `epoch` completes: every block that may hold objects becomes
    /// unswept, and lines not marked in `epoch` become free.
    pub fn end_cycle(&mut self, epoch: u8) {
        self.live_epoch = epoch;
        self.retire_cursor();
        self.reusable_blocks.clear();
        self.unswept_blocks.clear();
        for (base, entry) in self.chunks.iter_mut() {
            for (index, state) in entry.blocks.iter_mut().enumerate().skip(FIRST_DATA_BLOCK) {
                if *state != BlockState::Free {
                    *state = BlockState::Unswept;
                    self.unswept_blocks.push(base + index * BLOCK_SIZE);
                }
            }
        }
    }

    /// Sweeps up to `blocks` unswept blocks (allocation refills call this, so little is left
    /// for the next cycle's start pause).
    pub fn sweep_some(&mut self, blocks: usize) {
        for _ in 0..blocks {
            let Some(block) = self.unswept_blocks.pop() else {
                return;
            };
            self.sweep_block(block);
        }
    }

    /// Sweeps every unswept block now (zombie mode does this at the end of each cycle so that
    /// dead memory is scribbled at once).
    pub fn sweep_all(&mut self) {
        while let Some(block) = self.unswept_blocks.pop() {
            self.sweep_block(block);
        }
    }

    /// Renormalises the side tables before the epoch counter wraps: lines live in the live
    /// epoch become epoch 1, everything else 0; mark bytes and log epochs are cleared (card
    /// bits are kept); large objects' marks are cleared. The live epoch becomes 1.
    pub fn renormalise_epochs(&mut self) {
        let live_epoch = self.live_epoch;
        for entry in self.chunks.values() {
            let base = entry.chunk.base();
            for line in 0..(CHUNK_SIZE / LINE_SIZE) {
                let addr = line_mark(base + line * LINE_SIZE);
                // SAFETY: the line-mark table is inside this mapped chunk; no marking runs.
                unsafe { raw::store_u8(addr, u8::from(raw::load_u8(addr) == live_epoch)) };
            }
            entry.chunk.clear_marks();
            for offset in (0..CHUNK_SIZE).step_by(GRANULE) {
                let addr = base + LOG_OFFSET + (offset >> LOG_GRANULE);
                // SAFETY: the log table is inside this mapped chunk; only this agent writes it.
                unsafe { raw::store_u8(addr, raw::load_u8(addr) & crate::barrier::CARD_BIT) };
            }
        }
        for large in &self.large {
            let log = crate::space::large::log_byte(large.object());
            // SAFETY: the prefix of a live large object is mapped; only this agent writes it.
            unsafe {
                raw::store_u8(crate::space::large::mark_byte(large.object()), 0);
                raw::store_u8(log, raw::load_u8(log) & crate::barrier::CARD_BIT);
            }
        }
        self.live_epoch = 1;
    }

    /// Allocates a large object (black if `mark_epoch` is the epoch of a marking in
    /// progress). `None` if the limit or the OS refuses.
    pub fn alloc_large(
        &mut self,
        size: usize,
        tag: crate::TypeTag,
        flags: crate::ObjFlags,
        mark_epoch: u8,
    ) -> Option<crate::ObjectRef> {
        let footprint = crate::space::large::PREFIX + size;
        // The smallest spare mapping that fits without wasting more than half of it.
        let spare = self
            .spare_large
            .iter()
            .enumerate()
            .filter(|(_, map)| map.len() >= footprint && map.len() / 2 <= footprint)
            .min_by_key(|(_, map)| map.len())
            .map(|(i, _)| i);
        let large = match spare {
            Some(i) => {
                let map = self.spare_large.swap_remove(i);
                self.spare_bytes -= map.len();
                LargeObject::reuse(map, size, tag, flags, mark_epoch)
            }
            None => {
                if !self.make_room(footprint) {
                    return None;
                }
                LargeObject::allocate(size, tag, flags, mark_epoch)?
            }
        };
        let obj = large.object();
        self.large_bytes += large.footprint();
        self.large.push(large);
        Some(obj)
    }

    /// Frees the large objects not marked in `epoch`, calling `on_dead` for each first.
    /// Returns the bytes freed. The last cycle's unused spare mappings go back to the OS;
    /// this cycle's dead objects become the spares, up to the limit.
    pub fn sweep_large(&mut self, epoch: u8, mut on_dead: impl FnMut(crate::ObjectRef)) -> usize {
        self.drop_spares();
        let mut freed = 0;
        let (live, dead): (Vec<LargeObject>, Vec<LargeObject>) = std::mem::take(&mut self.large)
            .into_iter()
            .partition(|large| crate::marking::is_marked(large.object(), epoch));
        self.large = live;
        for large in dead {
            on_dead(large.object());
            let len = large.footprint();
            freed += len;
            if self.spare_bytes + len <= self.spare_limit {
                self.spare_bytes += len;
                self.spare_large.push(large.into_mapping());
            }
        }
        self.large_bytes -= freed;
        freed
    }
}

/// A copy of a block's line marks.
fn line_marks(block: usize) -> [u8; LINES_PER_BLOCK] {
    let mut marks = [0u8; LINES_PER_BLOCK];
    // SAFETY: `block` is a data block of a mapped chunk, so its line marks are in the chunk's
    // table; sweeping runs when no marker writes them (between cycles, on the owner's thread).
    unsafe { raw::copy_out(line_mark(block), &mut marks) };
    marks
}

#[inline]
fn line_free(block: usize, line: usize, live_epoch: u8) -> bool {
    // SAFETY: `block` is a data block of a mapped chunk and `line < LINES_PER_BLOCK`.
    unsafe { raw::load_u8(line_mark(block + line * LINE_SIZE)) < live_epoch }
}
