//! Smoke test: a linked list survives collections; garbage is reclaimed.

use heap::mock::{self, MockBinding, MockRoots};
use heap::{Heap, HeapConfig, VerifyMode};

#[test]
fn list_survives_and_garbage_is_reclaimed() {
    let config = HeapConfig {
        verify: true,
        ..HeapConfig::default()
    };
    let heap = Heap::new(config, MockBinding::default());
    let mut m = heap.mutator();
    let mut roots = MockRoots::with_slots(1);
    for i in 0..200_000 {
        let node = mock::alloc_node(&mut m, &mut roots, 1, 16).unwrap();
        if i % 100 == 0 {
            mock::set(&mut m, node, 0, roots.slots[0]).unwrap();
            roots.slots[0] = Some(node);
        }
    }
    m.collect(&mut roots);
    let mut n = 0;
    let mut cur = roots.slots[0];
    while let Some(obj) = cur {
        n += 1;
        cur = mock::get(obj, 0);
    }
    assert_eq!(n, 2000);
    assert!(m.stats().cycles >= 1);
    assert!(
        m.stats().live_after_cycle < 2000 * 64 + 4096,
        "{:?}",
        m.stats()
    );
    let report = m.verify_with(&mut roots, VerifyMode::AfterCollection);
    assert!(report.is_ok(), "{report}");
    assert_eq!(report.local_objects, 2000);
}
