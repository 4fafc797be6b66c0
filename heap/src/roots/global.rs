//! Persistent handles: roots that live until explicitly released, for the host (message
//! queues, registries, the embedding API). A slab with a free list; a [`Global`] is an index
//! plus a generation, so using a released handle is caught.

use crate::header::ObjectRef;

/// A persistent root.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Global {
    index: u32,
    generation: u32,
}

#[derive(Debug)]
struct Slot {
    obj: Option<ObjectRef>,
    generation: u32,
}

/// A set of persistent roots.
#[derive(Debug, Default)]
pub struct GlobalHandles {
    slots: Vec<Slot>,
    free: Vec<u32>,
}

impl GlobalHandles {
    /// Roots `obj` until [`GlobalHandles::release`].
    pub fn insert(&mut self, obj: ObjectRef) -> Global {
        if let Some(index) = self.free.pop() {
            let slot = &mut self.slots[index as usize];
            slot.obj = Some(obj);
            return Global {
                index,
                generation: slot.generation,
            };
        }
        let index = u32::try_from(self.slots.len()).expect("fewer than 2^32 globals");
        self.slots.push(Slot {
            obj: Some(obj),
            generation: 0,
        });
        Global {
            index,
            generation: 0,
        }
    }

    /// The object, or `None` if the handle was released.
    pub fn get(&self, global: Global) -> Option<ObjectRef> {
        let slot = self.slots.get(global.index as usize)?;
        (slot.generation == global.generation)
            .then_some(slot.obj)
            .flatten()
    }

    /// Unroots; returns the object it held, or `None` if it was already released.
    pub fn release(&mut self, global: Global) -> Option<ObjectRef> {
        let slot = self.slots.get_mut(global.index as usize)?;
        if slot.generation != global.generation {
            return None;
        }
        let obj = slot.obj.take()?;
        slot.generation = slot.generation.wrapping_add(1);
        self.free.push(global.index);
        Some(obj)
    }

    /// Every rooted reference.
    pub fn iter(&self) -> impl Iterator<Item = ObjectRef> + '_ {
        self.slots.iter().filter_map(|s| s.obj)
    }

    /// Number of live globals.
    pub fn len(&self) -> usize {
        self.slots.len() - self.free.len()
    }

    /// True if no global is live.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn released_handles_are_not_resurrected_by_reuse() {
        // SAFETY: the refs are never dereferenced.
        let (a, b) = unsafe { (ObjectRef::from_addr(16), ObjectRef::from_addr(32)) };
        let mut globals = GlobalHandles::default();
        let ga = globals.insert(a);
        assert_eq!(globals.release(ga), Some(a));
        let gb = globals.insert(b);
        assert_eq!(globals.get(ga), None);
        assert_eq!(globals.release(ga), None);
        assert_eq!(globals.get(gb), Some(b));
        assert_eq!(globals.len(), 1);
    }
}
