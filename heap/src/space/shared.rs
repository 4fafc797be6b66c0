//! The shared space: non-moving, size-segregated memory reachable from every agent. Shared
//! structs, shared arrays, mutexes and conditions live here at fixed addresses, so a parked
//! waiter's lock word never moves.
//!
//! # Pages and who owns them
//! A page is one 32 KiB block of a shared chunk, carved into cells of one size class. Each
//! agent owns at most one *current page* per size class ([`SharedCache`]) and allocates from
//! its free list without any lock. Pages change hands only through the global [`SharedPool`]
//! (under its mutex):
//!
//! | page is…            | owner            | where it is listed          |
//! |---------------------|------------------|-----------------------------|
//! | empty               | pool             | `empty_pages`               |
//! | partly free         | pool             | `partial[class]`            |
//! | some agent's current| that agent       | its `SharedCache` only      |
//! | full                | pool             | nowhere (found by the sweep)|
//!
//! **Invariant:** an agent holds no current page while it is parked or stopped at a global
//! safepoint (it flushes its cache first), so the shared collector, which runs only inside a
//! global safepoint, sees every page unowned and may sweep and relist them all.
//!
//! A free cell has a zero header word; its second word links the owner's free list.

use crate::binding::Binding;
use crate::chunk::{Chunk, ChunkKind, ChunkMap};
use crate::geometry::{chunk_of, mark_byte, BLOCK_SIZE, CHUNK_SIZE, FIRST_DATA_BLOCK, GRANULE};
use crate::header::{Header, ObjFlags, ObjectRef, TypeTag};
use crate::marking::is_marked;
use crate::space::large::LargeObject;
use crate::space::local::ZOMBIE_BYTE;
use crate::sync::atomic::{AtomicUsize, Ordering};
use crate::sync::{lock, raw, Mutex};

/// Cell sizes of the shared space, in bytes. Bigger objects are shared large objects.
pub const SIZE_CLASSES: [usize; 36] = [
    16, 32, 48, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384, 448, 512, 640, 768, 896, 1024,
    1280, 1536, 1792, 2048, 2560, 3072, 3584, 4096, 5120, 6144, 7168, 8192, 10240, 12288, 14336,
    16384,
];

/// The size class for an object of `size` bytes, if it is small enough for a page.
#[inline]
pub fn size_class(size: usize) -> Option<usize> {
    SIZE_CLASSES.iter().position(|&class| class >= size)
}

/// An agent's current page in one size class.
#[derive(Clone, Copy, Debug, Default)]
struct CurrentPage {
    page: usize,
    free_head: usize,
}

/// An agent's private allocation state in the shared space: one current page per class.
#[derive(Debug)]
pub struct SharedCache {
    current: [CurrentPage; SIZE_CLASSES.len()],
}

impl Default for SharedCache {
    fn default() -> Self {
        SharedCache {
            current: [CurrentPage::default(); SIZE_CLASSES.len()],
        }
    }
}

struct SharedChunk {
    chunk: Chunk,
    /// Size class of each page, or `None` for an empty page (and the metadata blocks).
    page_class: [Option<u8>; crate::geometry::BLOCKS_PER_CHUNK],
    empty_cycles: u32,
}

/// The pool of shared pages, chunks and large objects (behind the space's mutex).
pub struct SharedPool {
    chunks: ChunkMap<SharedChunk>,
    empty_pages: Vec<usize>,
    partial: Vec<Vec<usize>>,
    large: Vec<LargeObject>,
    large_bytes: usize,
}

/// What a shared sweep found.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SharedSweepStats {
    /// Bytes in live cells and live large objects.
    pub live_bytes: usize,
    /// Bytes freed.
    pub freed_bytes: usize,
    /// Chunks returned to the OS.
    pub released_chunks: usize,
}

/// The shared space.
pub struct SharedSpace {
    pool: Mutex<SharedPool>,
    limit: usize,
    zombie: bool,
    release_after: u32,
    /// Bytes of pages and large objects handed out since the last sweep (the GC trigger).
    acquired: AtomicUsize,
}

impl SharedSpace {
    /// An empty shared space that may commit at most `limit` bytes.
    pub fn new(limit: usize, zombie: bool, release_after: u32) -> SharedSpace {
        SharedSpace {
            pool: Mutex::new(SharedPool {
                chunks: ChunkMap::default(),
                empty_pages: Vec::new(),
                partial: vec![Vec::new(); SIZE_CLASSES.len()],
                large: Vec::new(),
                large_bytes: 0,
            }),
            limit,
            zombie,
            release_after,
            acquired: AtomicUsize::new(0),
        }
    }

    /// Bytes of pages and large objects handed out since the last sweep.
    pub fn acquired_since_sweep(&self) -> usize {
        self.acquired.load(Ordering::Relaxed)
    }

    /// Zeroes every mark (when the shared epoch counter wraps; inside a global safepoint).
    pub fn clear_marks(&self) {
        let pool = lock(&self.pool);
        for entry in pool.chunks.values() {
            entry.chunk.clear_marks();
        }
        for large in &pool.large {
            // SAFETY: the prefix of a live large object is mapped; the safepoint excludes
            // every other reader.
            unsafe { raw::store_u8(crate::space::large::mark_byte(large.object()), 0) };
        }
    }

    /// Bytes reserved from the OS.
    pub fn committed(&self) -> usize {
        let pool = lock(&self.pool);
        pool.chunks.len() * CHUNK_SIZE + pool.large_bytes
    }

    /// True if `addr` is in a shared chunk or is a shared large object.
    pub fn contains(&self, addr: usize) -> bool {
        let pool = lock(&self.pool);
        pool.chunks.contains_key(&chunk_of(addr))
            || pool.large.iter().any(|l| l.object().addr() == addr)
    }

    /// Allocates from the agent's current page of the right class (fast, no lock), taking a
    /// new page from the pool when it runs out. `None` means the space is at its limit.
    #[inline]
    pub fn alloc(
        &self,
        cache: &mut SharedCache,
        size: usize,
        tag: TypeTag,
        flags: ObjFlags,
    ) -> Option<ObjectRef> {
        let Some(class) = size_class(size) else {
            return self.alloc_large(size, tag, flags);
        };
        let cell_size = SIZE_CLASSES[class];
        loop {
            let current = &mut cache.current[class];
            if current.free_head != 0 {
                let cell = current.free_head;
                // SAFETY: `cell` is a free cell of a page this agent owns: its second word
                // holds the next free cell (or 0), and nobody else touches the page.
                unsafe {
                    current.free_head = raw::load_word(cell + 8) as usize;
                    raw::store_word(
                        cell,
                        Header::new(tag, cell_size, flags | ObjFlags::SHARED).bits(),
                    );
                    // SAFETY: `cell` is non-null, granule-aligned, and now has a header.
                    return Some(ObjectRef::from_addr(cell));
                }
            }
            let page = self.acquire_page(class)?;
            cache.current[class] = CurrentPage {
                page,
                free_head: thread_free_list(page, cell_size),
            };
        }
    }

    fn acquire_page(&self, class: usize) -> Option<usize> {
        let mut pool = lock(&self.pool);
        if let Some(page) = pool.partial[class].pop() {
            self.acquired.fetch_add(BLOCK_SIZE, Ordering::Relaxed);
            return Some(page);
        }
        if pool.empty_pages.is_empty() {
            if !self.make_room(&mut pool, CHUNK_SIZE) {
                return None;
            }
            let chunk = Chunk::map(ChunkKind::Shared, u32::MAX)?;
            let base = chunk.base();
            for index in (FIRST_DATA_BLOCK..crate::geometry::BLOCKS_PER_CHUNK).rev() {
                pool.empty_pages.push(base + index * BLOCK_SIZE);
            }
            pool.chunks.insert(
                base,
                SharedChunk {
                    chunk,
                    page_class: [None; crate::geometry::BLOCKS_PER_CHUNK],
                    empty_cycles: 0,
                },
            );
        }
        let page = pool.empty_pages.pop()?;
        self.acquired.fetch_add(BLOCK_SIZE, Ordering::Relaxed);
        let entry = pool.chunks.get_mut(&chunk_of(page))?;
        entry.page_class[(page - chunk_of(page)) / BLOCK_SIZE] = Some(class as u8);
        Some(page)
    }

    fn alloc_large(&self, size: usize, tag: TypeTag, flags: ObjFlags) -> Option<ObjectRef> {
        let mut pool = lock(&self.pool);
        let footprint = crate::space::large::PREFIX + size;
        if !self.make_room(&mut pool, footprint) {
            return None;
        }
        let large = LargeObject::allocate(size, tag, flags | ObjFlags::SHARED, 0)?;
        let obj = large.object();
        self.acquired
            .fetch_add(large.footprint(), Ordering::Relaxed);
        pool.large_bytes += large.footprint();
        pool.large.push(large);
        Some(obj)
    }

    /// True if `bytes` more fit under the limit, after unmapping chunks whose pages are all
    /// empty if that is what it takes (memory pressure overrides `chunk_release_cycles`).
    /// Empty pages are unowned, so this is safe outside a safepoint.
    fn make_room(&self, pool: &mut SharedPool, bytes: usize) -> bool {
        let committed = |pool: &SharedPool| pool.chunks.len() * CHUNK_SIZE + pool.large_bytes;
        if committed(pool) + bytes <= self.limit {
            return true;
        }
        let empty: Vec<usize> = pool
            .chunks
            .iter()
            .filter(|(_, entry)| {
                entry.page_class[FIRST_DATA_BLOCK..]
                    .iter()
                    .all(Option::is_none)
            })
            .map(|(base, _)| *base)
            .collect();
        for base in empty {
            pool.empty_pages.retain(|page| chunk_of(*page) != base);
            pool.chunks.remove(&base);
        }
        committed(pool) + bytes <= self.limit
    }

    /// Runs the finalizer of every shared object still allocated (the heap is going away).
    pub fn finalize_all(&self, binding: &dyn Binding) {
        let pool = lock(&self.pool);
        for (base, entry) in pool.chunks.iter() {
            for index in FIRST_DATA_BLOCK..crate::geometry::BLOCKS_PER_CHUNK {
                let Some(class) = entry.page_class[index] else {
                    continue;
                };
                let cell_size = SIZE_CLASSES[class as usize];
                let page = base + index * BLOCK_SIZE;
                for cell in (page..page + BLOCK_SIZE - cell_size + 1).step_by(cell_size) {
                    // SAFETY: `cell` is a cell of a mapped page; nobody else is left to
                    // touch the heap.
                    let header = Header::from_bits(unsafe { raw::load_word(cell) });
                    if header.bits() != 0 && header.flags().contains(ObjFlags::FINALIZE) {
                        // SAFETY: a non-zero header marks an allocated object.
                        binding.finalize(unsafe { ObjectRef::from_addr(cell) });
                    }
                }
            }
        }
        for large in &pool.large {
            if large.object().header().flags().contains(ObjFlags::FINALIZE) {
                binding.finalize(large.object());
            }
        }
    }

    /// Gives the agent's current pages back to the pool (before it parks or stops). Their
    /// free cells keep zero headers, so the pool only needs the page address.
    pub fn flush(&self, cache: &mut SharedCache) {
        let mut pool = None;
        for (class, current) in cache.current.iter_mut().enumerate() {
            if current.page != 0 {
                if current.free_head != 0 {
                    pool.get_or_insert_with(|| lock(&self.pool)).partial[class].push(current.page);
                }
                *current = CurrentPage::default();
            }
        }
    }

    /// Sweeps every page and large object against `epoch`. Runs only inside a global
    /// safepoint, after every agent flushed its cache.
    pub fn sweep(&self, epoch: u8, binding: &dyn Binding) -> SharedSweepStats {
        let mut stats = SharedSweepStats::default();
        self.acquired.store(0, Ordering::Relaxed);
        let mut pool = lock(&self.pool);
        let pool = &mut *pool;
        pool.empty_pages.clear();
        for list in pool.partial.iter_mut() {
            list.clear();
        }
        for (base, entry) in pool.chunks.iter_mut() {
            let mut all_empty = true;
            for index in FIRST_DATA_BLOCK..crate::geometry::BLOCKS_PER_CHUNK {
                let page = base + index * BLOCK_SIZE;
                let Some(class) = entry.page_class[index] else {
                    pool.empty_pages.push(page);
                    continue;
                };
                let cell_size = SIZE_CLASSES[class as usize];
                let (live, free) = self.sweep_page(page, cell_size, epoch, binding, &mut stats);
                if live == 0 {
                    entry.page_class[index] = None;
                    pool.empty_pages.push(page);
                } else {
                    all_empty = false;
                    if free > 0 {
                        pool.partial[class as usize].push(page);
                    }
                }
            }
            entry.empty_cycles = if all_empty { entry.empty_cycles + 1 } else { 0 };
        }
        let release: Vec<usize> = pool
            .chunks
            .iter()
            .filter(|(_, e)| e.empty_cycles > self.release_after)
            .map(|(b, _)| *b)
            .collect();
        for base in release {
            pool.empty_pages.retain(|p| chunk_of(*p) != base);
            pool.chunks.remove(&base);
            stats.released_chunks += 1;
        }
        let mut freed_large = 0;
        pool.large.retain(|large| {
            let live = is_marked(large.object(), epoch);
            if live {
                stats.live_bytes += large.size();
            } else {
                if large.object().header().flags().contains(ObjFlags::FINALIZE) {
                    binding.finalize(large.object());
                }
                freed_large += large.footprint();
            }
            live
        });
        pool.large_bytes -= freed_large;
        stats.freed_bytes += freed_large;
        stats
    }

    fn sweep_page(
        &self,
        page: usize,
        cell_size: usize,
        epoch: u8,
        binding: &dyn Binding,
        stats: &mut SharedSweepStats,
    ) -> (usize, usize) {
        let (mut live, mut free) = (0, 0);
        let mut cell = page;
        while cell + cell_size <= page + BLOCK_SIZE {
            // SAFETY: `cell` is a cell of a mapped page; inside the global safepoint nobody
            // else reads or writes shared pages.
            let header = unsafe { raw::load_word(cell) };
            // SAFETY: the cell's mark byte is in its chunk's side table.
            let marked = unsafe { raw::load_u8(mark_byte(cell)) } == epoch;
            if header == 0 {
                free += 1;
            } else if marked {
                live += 1;
                stats.live_bytes += cell_size;
            } else {
                let flags = Header::from_bits(header).flags();
                if flags.contains(ObjFlags::FINALIZE) {
                    // SAFETY: the cell holds a dead object with a valid header.
                    binding.finalize(unsafe { ObjectRef::from_addr(cell) });
                }
                // SAFETY: the dead cell is unreachable; zeroing its header frees it.
                unsafe {
                    if self.zombie {
                        raw::fill(cell, ZOMBIE_BYTE, cell_size);
                    }
                    raw::store_word(cell, 0);
                }
                free += 1;
                stats.freed_bytes += cell_size;
            }
            cell += cell_size;
        }
        (live, free)
    }
}

/// Links the free cells (zero header) of `page` into a list through their second word;
/// returns the head (0 if the page is full).
fn thread_free_list(page: usize, cell_size: usize) -> usize {
    let mut head = 0usize;
    let cells = BLOCK_SIZE / cell_size;
    for index in (0..cells).rev() {
        let cell = page + index * cell_size;
        debug_assert!(cell % GRANULE == 0);
        // SAFETY: the page was just handed to this agent alone; free cells are not objects.
        unsafe {
            if raw::load_word(cell) == 0 {
                raw::store_word(cell + 8, head as u64);
                head = cell;
            }
        }
    }
    head
}
