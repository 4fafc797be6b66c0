//! WeakMap / WeakSet / WeakRef / FinalizationRegistry against real collections: entries whose
//! keys died disappear, live ones stay, values reachable only through a dead key are
//! reclaimed, WeakRef targets survive the job that created them, and cleanup callbacks run
//! after the collection (at the end of the next script).

#[path = "support/scripts.rs"]
mod scripts;

use heap::HeapConfig;
use vm::runtime::gc::new_heap;
use vm::runtime::Agent;

fn run(agent: &mut Agent, src: &str) -> String {
    scripts::run(agent, "weak.js", src)
}

fn check(config: HeapConfig) {
    let heap = new_heap(config);
    let mut agent = scripts::capturing_agent(&heap);
    let out = run(
        &mut agent,
        r#"
        var wm = new WeakMap(), ws = new WeakSet();
        var live = { name: "live" };
        wm.set(live, { payload: 1 });
        ws.add(live);
        (function () {
          for (var i = 0; i < 200; i++) { var k = {}; wm.set(k, [i]); ws.add(k); }
        })();
        var ref = new WeakRef({ gone: true });
        var kept = { kept: true };
        var strong = new WeakRef(kept);
        var cleaned = [];
        var fr = new FinalizationRegistry(function (h) { cleaned.push(h); });
        (function () { fr.register({}, "dead-1"); fr.register({}, "dead-2", fr); })();
        fr.register(kept, "never");
        var token = {};
        (function () { fr.register({}, "unregistered", token); })();
        print(fr.unregister(token), fr.unregister(token));
        print(typeof ref.deref(), wm.get(live).payload, ws.has(live));
        "#,
    );
    assert_eq!(out, "true false\nobject 1 true\n");
    agent.collect_garbage();
    let report = agent.verify_heap();
    assert!(report.is_ok(), "{report}");
    let out = run(
        &mut agent,
        r#"
        print(ref.deref(), strong.deref() === kept, wm.get(live).payload, ws.has(live), wm.has({}));
        "#,
    );
    assert_eq!(out, "undefined true 1 true false\n");
    let out = run(&mut agent, "print(cleaned.sort().join());");
    assert_eq!(out, "dead-1,dead-2\n");
    agent.collect_garbage();
    let report = agent.verify_heap();
    assert!(report.is_ok(), "{report}");
}

#[test]
fn weak_collections_on_a_normal_heap() {
    check(HeapConfig::default());
}

#[test]
fn weak_collections_under_gc_stress() {
    check(HeapConfig::stress(1));
}
