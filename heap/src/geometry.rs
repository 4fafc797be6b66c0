//! The heap's address geometry: chunk, block, line and granule sizes, where each side table
//! lives inside a chunk, and the address arithmetic that finds an object's metadata.
//!
//! ```text
//! chunk (2 MiB, 2 MiB-aligned)
//! ┌────────────┬─────────────┬────────────────┬──────────────────┬─────────┬─────┬─────────┐
//! │ header 4K  │ line marks  │ mark bytes     │ log/card bytes   │ block 9 │ ... │ block 63│
//! │            │ 8K (1/line) │ 128K (1/16 B)  │ 128K (1/16 B)    │  32 KiB │     │         │
//! └────────────┴─────────────┴────────────────┴──────────────────┴─────────┴─────┴─────────┘
//! block = 128 lines of 256 B; object alignment = one granule of 16 B
//! ```
//!
//! **Architecture invariant:** every small object lives in a chunk, so its metadata is found
//! by masking its address: no lookup table, no header bits for marking. Large objects live in
//! their own mappings and carry their metadata in a prefix before the header (see
//! `space::large`).

/// log2 of the chunk size.
pub const LOG_CHUNK: usize = 21;
/// Chunk size: the unit reserved from the OS and returned to it.
pub const CHUNK_SIZE: usize = 1 << LOG_CHUNK;
/// log2 of the block size.
pub const LOG_BLOCK: usize = 15;
/// Block size: the unit the local allocator takes and the shared space's page size.
pub const BLOCK_SIZE: usize = 1 << LOG_BLOCK;
/// log2 of the line size.
pub const LOG_LINE: usize = 8;
/// Line size: the unit of reclamation in the local space.
pub const LINE_SIZE: usize = 1 << LOG_LINE;
/// log2 of the granule size.
pub const LOG_GRANULE: usize = 4;
/// Granule: object alignment and size unit; one mark byte and one log/card byte per granule.
pub const GRANULE: usize = 1 << LOG_GRANULE;

/// Blocks in a chunk, metadata blocks included.
pub const BLOCKS_PER_CHUNK: usize = CHUNK_SIZE / BLOCK_SIZE;
/// Lines in a block.
pub const LINES_PER_BLOCK: usize = BLOCK_SIZE / LINE_SIZE;

/// Offset of the chunk header.
pub const HEADER_OFFSET: usize = 0;
/// Offset of the line-mark table (one byte per line of the chunk).
pub const LINE_MARK_OFFSET: usize = 4 << 10;
/// Offset of the mark-byte table (one byte per granule of the chunk).
pub const MARK_OFFSET: usize = LINE_MARK_OFFSET + (CHUNK_SIZE >> LOG_LINE) + (4 << 10);
/// Offset of the log/card table (one byte per granule of the chunk).
pub const LOG_OFFSET: usize = MARK_OFFSET + (CHUNK_SIZE >> LOG_GRANULE);
/// End of the metadata area.
pub const METADATA_END: usize = LOG_OFFSET + (CHUNK_SIZE >> LOG_GRANULE);
/// First block that holds objects.
pub const FIRST_DATA_BLOCK: usize = METADATA_END.div_ceil(BLOCK_SIZE);
/// Blocks per chunk that hold objects.
pub const DATA_BLOCKS_PER_CHUNK: usize = BLOCKS_PER_CHUNK - FIRST_DATA_BLOCK;

/// Objects larger than this go to the large-object space.
pub const LARGE_OBJECT_THRESHOLD: usize = 16 << 10;

const _: () = assert!(FIRST_DATA_BLOCK == 9);
const _: () = assert!(LINES_PER_BLOCK == 128);
const _: () = assert!(BLOCKS_PER_CHUNK == 64);
const _: () = assert!(LARGE_OBJECT_THRESHOLD <= BLOCK_SIZE / 2);

/// Rounds `size` up to a whole number of granules.
#[inline(always)]
pub const fn align_to_granule(size: usize) -> usize {
    (size + GRANULE - 1) & !(GRANULE - 1)
}

/// The chunk containing `addr`.
#[inline(always)]
pub const fn chunk_of(addr: usize) -> usize {
    addr & !(CHUNK_SIZE - 1)
}

/// Offset of `addr` inside its chunk.
#[inline(always)]
pub const fn chunk_offset(addr: usize) -> usize {
    addr & (CHUNK_SIZE - 1)
}

/// The block containing `addr`.
#[inline(always)]
pub const fn block_of(addr: usize) -> usize {
    addr & !(BLOCK_SIZE - 1)
}

/// Index of `addr`'s block inside its chunk.
#[inline(always)]
pub const fn block_index(addr: usize) -> usize {
    chunk_offset(addr) >> LOG_BLOCK
}

/// Address of the mark byte of the object at `addr`.
#[inline(always)]
pub const fn mark_byte(addr: usize) -> usize {
    chunk_of(addr) + MARK_OFFSET + (chunk_offset(addr) >> LOG_GRANULE)
}

/// Address of the log/card byte of the object at `addr`.
#[inline(always)]
pub const fn log_byte(addr: usize) -> usize {
    chunk_of(addr) + LOG_OFFSET + (chunk_offset(addr) >> LOG_GRANULE)
}

/// Address of the line mark of the line containing `addr`.
#[inline(always)]
pub const fn line_mark(addr: usize) -> usize {
    chunk_of(addr) + LINE_MARK_OFFSET + (chunk_offset(addr) >> LOG_LINE)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn side_tables_do_not_overlap_and_cover_the_chunk() {
        const {
            assert!(LINE_MARK_OFFSET >= HEADER_OFFSET + 4096);
            assert!(MARK_OFFSET >= LINE_MARK_OFFSET + CHUNK_SIZE / LINE_SIZE);
            assert!(LOG_OFFSET >= MARK_OFFSET + CHUNK_SIZE / GRANULE);
            assert!(METADATA_END <= FIRST_DATA_BLOCK * BLOCK_SIZE);
        }
        let chunk = 7 * CHUNK_SIZE;
        let last = chunk + CHUNK_SIZE - GRANULE;
        assert_eq!(mark_byte(last), chunk + LOG_OFFSET - 1);
        assert_eq!(log_byte(last), chunk + METADATA_END - 1);
        assert_eq!(
            line_mark(chunk + CHUNK_SIZE - 1),
            chunk + LINE_MARK_OFFSET + 8191
        );
        assert_eq!(
            block_index(chunk + FIRST_DATA_BLOCK * BLOCK_SIZE),
            FIRST_DATA_BLOCK
        );
    }
}
