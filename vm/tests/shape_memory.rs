//! Dictionary shapes against real collections: the property lists of dictionary objects that
//! died are released and their ids reused, live dictionaries (also ones renumbered by a
//! delete) keep theirs and still read correctly, a program that keeps making dictionaries
//! does not grow the shape table, and no inline cache survives its shape's id being reused.

#[path = "support/scripts.rs"]
mod scripts;

use heap::HeapConfig;
use vm::runtime::gc::new_heap;
use vm::runtime::Agent;

fn run(agent: &mut Agent, src: &str) -> String {
    scripts::run(agent, "shapes.js", src)
}

/// Makes `count` dictionaries of 100 properties that die at once (one in three loses a
/// property, which renumbers its shape).
const CHURN: &str = r#"
    (function (count) {
      for (var r = 0; r < count; r++) {
        var o = {};
        for (var i = 0; i < 100; i++) o["k" + i] = i;
        if (r % 3 === 0) delete o.k7;
      }
    })(CHURN_COUNT);
"#;

fn churn(agent: &mut Agent, count: usize) {
    let out = run(agent, &CHURN.replace("CHURN_COUNT", &count.to_string()));
    assert_eq!(out, "");
    agent.collect_garbage();
    let report = agent.verify_heap();
    assert!(report.is_ok(), "{report}");
}

fn check(config: HeapConfig) {
    let heap = new_heap(config);
    let mut agent = scripts::capturing_agent(&heap);
    let out = run(
        &mut agent,
        r#"
        var kept = {}, renumbered = {};
        for (var i = 0; i < 100; i++) { kept["a" + i] = i; renumbered["b" + i] = i; }
        delete renumbered.b50;
        print(Object.keys(kept).length, Object.keys(renumbered).length);
        "#,
    );
    assert_eq!(out, "100 99\n");
    agent.collect_garbage();
    let before = agent.dictionary_properties();
    assert!(
        before >= 199,
        "the two live dictionaries are counted: {before}"
    );

    churn(&mut agent, 300);
    let after_first = agent.dictionary_properties();
    churn(&mut agent, 300);
    let after_second = agent.dictionary_properties();
    assert_eq!(
        after_first,
        before,
        "300 dead dictionaries left {} properties behind",
        after_first - before
    );
    assert_eq!(after_second, before);
    let shapes = agent.shape_count();
    churn(&mut agent, 300);
    assert_eq!(agent.shape_count(), shapes, "released shape ids are reused");

    let out = run(
        &mut agent,
        r#"
        var sum = 0;
        for (var i = 0; i < 100; i++) sum += kept["a" + i];
        for (var i = 0; i < 100; i++) if (i !== 50) sum += renumbered["b" + i];
        renumbered.extra = 1;
        print(sum, "b50" in renumbered, renumbered.b99, Object.keys(renumbered).length);
        "#,
    );
    assert_eq!(out, "9850 false 99 100\n");
}

/// An IC that saw a dictionary's property at slot 70 must not apply to the next dictionary
/// made under the same (reused) id, whose slot 70 holds another property.
#[test]
fn a_reused_shape_id_meets_no_stale_cache() {
    let heap = new_heap(HeapConfig::default());
    let mut agent = scripts::capturing_agent(&heap);
    let out = run(
        &mut agent,
        r#"
        function getK70(o) { return o.k70; }
        (function () {
          var d = {};
          for (var i = 0; i < 100; i++) d["k" + i] = i;
          print(getK70(d), getK70(d));
        })();
        "#,
    );
    assert_eq!(out, "70 70\n");
    let shapes = agent.shape_count();
    agent.collect_garbage();
    assert!(
        agent.shape_count() < shapes,
        "the dead dictionary's id was released"
    );
    let out = run(
        &mut agent,
        r#"
        var e = {};
        for (var i = 0; i < 65; i++) e["k" + i] = i;
        e.k70 = "seventy";
        for (var i = 71; i < 100; i++) e["x" + i] = i;
        print(getK70(e), e.k70);
        "#,
    );
    assert_eq!(out, "seventy seventy\n");
}

#[test]
fn dead_dictionaries_release_their_properties() {
    check(HeapConfig::default());
}

#[test]
fn dead_dictionaries_release_their_properties_under_stress() {
    let mut config = HeapConfig::stress(97);
    config.verify = false;
    check(config);
}
