//! The one place that names `std::sync` and `std::thread`: every lock, condition variable,
//! atomic, `Arc` and thread in the workspace comes from here, so that building with
//! `--cfg shuttle` swaps them all for shuttle's and the schedule tests explore the real code.
//!
//! Heap metadata (mark bytes, line marks, log/card bytes) lives in `mmap`ed memory, not in
//! Rust atomics we could swap, so [`raw`] wraps those accesses: under shuttle each access
//! first yields to the scheduler, which lets shuttle interleave them like any other atomic.

#[cfg(not(shuttle))]
pub use std::sync::{Arc, Condvar, Mutex, MutexGuard, RwLock, Weak};

#[cfg(shuttle)]
pub use shuttle::sync::{Arc, Condvar, Mutex, MutexGuard, RwLock, Weak};

/// Atomics, from std or shuttle.
pub mod atomic {
    #[cfg(not(shuttle))]
    pub use std::sync::atomic::{
        fence, AtomicBool, AtomicI32, AtomicU32, AtomicU64, AtomicU8, AtomicUsize, Ordering,
    };

    #[cfg(shuttle)]
    pub use shuttle::sync::atomic::{
        fence, AtomicBool, AtomicI32, AtomicU32, AtomicU64, AtomicU8, AtomicUsize, Ordering,
    };
}

/// Threads, from std or shuttle. Only `agents` (and tests) may spawn; see `ARCHITECTURE.md`.
pub mod thread {
    #[cfg(not(shuttle))]
    pub use std::thread::{
        available_parallelism, current, sleep, spawn, yield_now, Builder, JoinHandle, ThreadId,
    };

    #[cfg(shuttle)]
    pub use shuttle::thread::{current, sleep, spawn, yield_now, Builder, JoinHandle, ThreadId};
    // Not a synchronisation primitive: the machine's parallelism is the same under shuttle.
    #[cfg(shuttle)]
    pub use std::thread::available_parallelism;
}

/// Locks a mutex, treating poisoning as the panic it already is: a panicking agent thread is
/// an engine bug, and continuing with the protected state is what every caller wants (the
/// state is kept consistent at every unlock point regardless).
pub fn lock<T: ?Sized>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    match mutex.lock() {
        Ok(guard) => guard,
        Err(poisoned) => poisoned.into_inner(),
    }
}

/// Waits on `condvar`, with the same poisoning policy as [`lock`].
pub fn wait<'a, T>(condvar: &Condvar, guard: MutexGuard<'a, T>) -> MutexGuard<'a, T> {
    match condvar.wait(guard) {
        Ok(guard) => guard,
        Err(poisoned) => poisoned.into_inner(),
    }
}

/// Waits on `condvar` for at most `timeout`; returns the guard and whether it timed out.
pub fn wait_timeout<'a, T>(
    condvar: &Condvar,
    guard: MutexGuard<'a, T>,
    timeout: std::time::Duration,
) -> (MutexGuard<'a, T>, bool) {
    match condvar.wait_timeout(guard, timeout) {
        Ok((guard, result)) => (guard, result.timed_out()),
        Err(poisoned) => {
            let (guard, result) = poisoned.into_inner();
            (guard, result.timed_out())
        }
    }
}

/// Atomic access to bytes and words of mapped heap memory (side tables, object slots).
///
/// The caller passes a raw address; every function requires that the address is inside a
/// mapping the heap keeps alive and is suitably aligned. Under `--cfg shuttle` each access is a
/// scheduling point.
pub mod raw {
    /// Orderings for the atomics this module hands out (core's, whatever the cfg).
    pub use core::sync::atomic::Ordering;
    use core::sync::atomic::{AtomicU64, AtomicU8};

    #[inline(always)]
    fn schedule() {
        #[cfg(shuttle)]
        shuttle::thread::yield_now();
    }

    /// Views `addr` as an atomic byte.
    ///
    /// # Safety
    /// 1. `addr` points into memory mapped by the heap that stays mapped for `'a`.
    #[inline(always)]
    pub unsafe fn byte<'a>(addr: usize) -> &'a AtomicU8 {
        // SAFETY: obligation 1 of this function; `AtomicU8` has alignment 1 and the same
        // layout as `u8`, and mapped heap memory is only ever accessed atomically or by its
        // single owner.
        unsafe { &*(addr as *const AtomicU8) }
    }

    /// Views `addr` as an atomic word.
    ///
    /// # Safety
    /// 1. `addr` points into memory mapped by the heap that stays mapped for `'a`.
    /// 2. `addr` is 8-byte aligned.
    #[inline(always)]
    pub unsafe fn word<'a>(addr: usize) -> &'a AtomicU64 {
        // SAFETY: obligations 1 and 2 of this function; `AtomicU64` has the layout of `u64`.
        unsafe { &*(addr as *const AtomicU64) }
    }

    /// Relaxed load of a side-table byte.
    ///
    /// # Safety
    /// The obligations of [`byte`].
    #[inline(always)]
    pub unsafe fn load_u8(addr: usize) -> u8 {
        schedule();
        // SAFETY: forwarded to the caller.
        unsafe { byte(addr) }.load(Ordering::Relaxed)
    }

    /// Relaxed store to a side-table byte.
    ///
    /// # Safety
    /// The obligations of [`byte`].
    #[inline(always)]
    pub unsafe fn store_u8(addr: usize, value: u8) {
        schedule();
        // SAFETY: forwarded to the caller.
        unsafe { byte(addr) }.store(value, Ordering::Relaxed)
    }

    /// Atomically replaces the byte with `new` and returns the previous value (AcqRel, so that
    /// the winner of a mark race sees the object's initialisation).
    ///
    /// # Safety
    /// The obligations of [`byte`].
    #[inline(always)]
    pub unsafe fn swap_u8(addr: usize, new: u8) -> u8 {
        schedule();
        // SAFETY: forwarded to the caller.
        unsafe { byte(addr) }.swap(new, Ordering::AcqRel)
    }

    /// Acquire load of a heap word (object slot or header).
    ///
    /// # Safety
    /// The obligations of [`word`].
    #[inline(always)]
    pub unsafe fn load_word(addr: usize) -> u64 {
        schedule();
        // SAFETY: forwarded to the caller.
        unsafe { word(addr) }.load(Ordering::Acquire)
    }

    /// Release store of a heap word (object slot or header).
    ///
    /// # Safety
    /// The obligations of [`word`].
    #[inline(always)]
    pub unsafe fn store_word(addr: usize, value: u64) {
        schedule();
        // SAFETY: forwarded to the caller.
        unsafe { word(addr) }.store(value, Ordering::Release)
    }

    /// Copies `dst.len()` bytes of side-table memory at `addr` into `dst`.
    ///
    /// # Safety
    /// 1. `addr..addr + dst.len()` is mapped heap memory that no other thread writes during
    ///    the call.
    #[inline]
    pub unsafe fn copy_out(addr: usize, dst: &mut [u8]) {
        schedule();
        // SAFETY: obligation 1 of this function; `dst` is a distinct Rust buffer.
        unsafe { core::ptr::copy_nonoverlapping(addr as *const u8, dst.as_mut_ptr(), dst.len()) }
    }

    /// Fills `len` bytes at `addr` with `value` (metadata reset, black allocation, scribbling).
    ///
    /// # Safety
    /// 1. `addr..addr + len` is mapped heap memory that no other thread accesses during the
    ///    call.
    #[inline]
    pub unsafe fn fill(addr: usize, value: u8, len: usize) {
        schedule();
        // SAFETY: obligation 1 of this function.
        unsafe { core::ptr::write_bytes(addr as *mut u8, value, len) }
    }
}
