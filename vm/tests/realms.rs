//! Several realms in one agent (`$262.createRealm()`): each realm has its own intrinsics and
//! global object, functions run in the realm that made them, GetPrototypeFromConstructor
//! falls back to the constructor's realm, and the symbol registry and well-known symbols are
//! shared. Every check runs on a normal heap and under `HeapConfig::stress(1)`.

use heap::HeapConfig;
use vm::interpreter::{capture_output, take_output};
use vm::runtime::gc::new_heap;
use vm::runtime::Agent;

/// Runs `src` in a fresh agent with the test262 host installed; returns what it printed.
fn run(config: HeapConfig, src: &str) -> String {
    let heap = new_heap(config);
    let mut agent = Agent::new(&heap);
    capture_output(&mut agent);
    vm::interpreter::builtins::test262_host::install(&mut agent).expect("the host installs");
    let result = vm::run_script(&mut agent, "realms.js", src);
    let mut out = take_output(&mut agent);
    if let Err(e) = result {
        out.push_str(&format!("{e}\n"));
    }
    let report = agent.verify_heap();
    assert!(report.is_ok(), "heap verification failed: {report}");
    out
}

fn check(src: &str, expected: &str) {
    assert_eq!(run(HeapConfig::default(), src), expected, "normal heap");
    assert_eq!(run(HeapConfig::stress(1), src), expected, "stress heap");
}

#[test]
fn distinct_intrinsics_and_globals() {
    check(
        r#"
        var other = $262.createRealm().global;
        print(other === globalThis, other.Array === Array, other.Object.prototype === Object.prototype);
        print(other.globalThis === other, other.$262.global === other);
        var a = new other.Array(1, 2);
        print(Object.getPrototypeOf(a) === other.Array.prototype, a instanceof Array, Array.isArray(a));
        print(typeof other.Function, typeof other.eval('(function () {})'));
        "#,
        "false false false\ntrue true\ntrue false true\nfunction function\n",
    );
}

#[test]
fn functions_run_in_their_realm() {
    check(
        r#"
        var r = $262.createRealm();
        var other = r.global;
        var f = other.eval('(function () { return this; })');
        print(f() === other, f() === globalThis);
        var g = other.Function('return [];');
        var arr = g();
        print(Object.getPrototypeOf(g) === other.Function.prototype, arr instanceof other.Array);
        // A callback of this realm called by the other realm's builtin makes this realm's objects.
        var made = other.Array.prototype.map.call([1], function () { return {}; });
        print(made instanceof other.Array, Object.getPrototypeOf(made[0]) === Object.prototype);
        // Errors a builtin throws come from its realm; errors of this realm's code from this one.
        try { other.Array.prototype.map.call([1], 5); } catch (e) { print(e instanceof other.TypeError); }
        try { null.x; } catch (e) { print(e instanceof TypeError); }
        // evalScript runs a Script in its realm: its var and let bindings are that realm's.
        r.evalScript('var v = 1; let l = 2;');
        print(other.v, typeof v, r.evalScript('l'), typeof l);
        "#,
        "true false\ntrue true\ntrue true\ntrue\ntrue\n1 undefined 2 undefined\n",
    );
}

#[test]
fn prototype_from_constructor_falls_back_to_the_constructor_realm() {
    check(
        r#"
        var other = $262.createRealm().global;
        var C = new other.Function();
        C.prototype = null;
        print(Object.getPrototypeOf(Reflect.construct(Array, [], C)) === other.Array.prototype);
        print(Object.getPrototypeOf(Reflect.construct(function () {}, [], C)) === other.Object.prototype);
        var B = C.bind();
        print(Object.getPrototypeOf(Reflect.construct(Date, [], B)) === other.Date.prototype);
        var P = new other.Proxy(C, {});
        print(Object.getPrototypeOf(Reflect.construct(Map, [], P)) === other.Map.prototype);
        var revocable = Proxy.revocable(C, {});
        revocable.revoke();
        try { Reflect.construct(Map, [], revocable.proxy); } catch (e) { print(e.constructor === TypeError); }
        "#,
        "true\ntrue\ntrue\ntrue\ntrue\n",
    );
}

#[test]
fn shared_symbols_and_species() {
    check(
        r#"
        var other = $262.createRealm().global;
        print(other.Symbol.iterator === Symbol.iterator, other.Symbol.for('k') === Symbol.for('k'));
        print(other.Symbol.keyFor(Symbol.for('j')));
        // ArraySpeciesCreate: another realm's Array makes an Array of the running realm.
        var a = new other.Array();
        var mapped = Array.prototype.map.call(a, function (x) { return x; });
        print(Object.getPrototypeOf(mapped) === Array.prototype);
        print([] instanceof other.Array, other.Array.prototype.concat.call([]) instanceof other.Array);
        "#,
        "true true\nj\ntrue\nfalse true\n",
    );
}

#[test]
fn global_caches_keep_realms_apart() {
    check(
        r#"
        var r = $262.createRealm();
        var read = 'function read() { return typeof Array + ":" + (Array === this.Array); }';
        r.evalScript(read + ' var marker = "other";');
        eval(read);
        var marker = "main";
        var code = 'function who() { return marker; }';
        r.evalScript(code);
        (0, eval)(code);
        var results = [];
        for (var i = 0; i < 3; i++) results.push(who(), r.global.who());
        print(results.join(','));
        "#,
        "main,other,main,other,main,other\n",
    );
}

#[test]
fn generators_async_functions_and_constructor_errors_keep_their_realm() {
    check(
        r#"
        var other = $262.createRealm().global;
        var g = other.eval('(function* () { yield []; })')();
        print(g.next().value instanceof other.Array);
        var af = other.eval('(async function () { await 1; return []; })');
        af().then(function (v) { print('async', v instanceof other.Array); });
        var C = other.eval('(class C {})');
        try { Reflect.apply(C, undefined, []); } catch (e) { print(e.constructor === other.TypeError); }
        try { C(); } catch (e) { print(e.constructor === other.TypeError); }
        // [[Construct]]'s checks after the body run in the caller's realm.
        var D = other.eval('(class D extends Object { constructor() { return 1; } })');
        try { new D(); } catch (e) { print(e.constructor === TypeError); }
        "#,
        "true\ntrue\ntrue\ntrue\nasync true\n",
    );
}

#[test]
fn call_steps_use_the_right_realm() {
    check(
        r#"
        var other = $262.createRealm().global;
        // EvaluateNew's IsConstructor check throws in the caller's realm.
        var arrow = other.eval('(() => 1)');
        try { new arrow(); } catch (e) { print(e.constructor === TypeError); }
        // OrdinaryCallBindThis wraps a primitive `this` in the callee's realm.
        var f = other.eval('(function () { return this; })');
        print(f.call(1) instanceof other.Number, f.call(undefined) === other);
        "#,
        "true\ntrue true\n",
    );
}

#[test]
fn fast_call_and_return_paths_switch_realms() {
    check(
        r#"
        var other = $262.createRealm().global;
        // A built-in called straight from bytecode runs in its realm.
        print(other.Array.of(1) instanceof other.Array, Object.getPrototypeOf(other.Object()) === other.Object.prototype);
        // A plain return restores the caller's realm: literals after it are this realm's.
        var g = other.eval('(function () { return 1; })');
        var a, o;
        for (var i = 0; i < 3; i++) { g(); a = []; o = {}; }
        print(a instanceof Array, Object.getPrototypeOf(o) === Object.prototype);
        // So does a throw caught in the caller.
        var t = other.eval('(function () { throw 1; })');
        try { t(); } catch (e) { a = []; }
        print(a instanceof Array);
        "#,
        "true true\ntrue true\ntrue\n",
    );
}
