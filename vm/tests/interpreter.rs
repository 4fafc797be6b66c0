//! Interpreter tests: small programs whose `print` output is checked, each run on a normal
//! heap and under `HeapConfig::stress(1)` (a collection at every allocation, verifier on).

use heap::HeapConfig;
use vm::interpreter::{capture_output, take_output};
use vm::runtime::gc::new_heap;
use vm::runtime::Agent;

fn run_with(config: HeapConfig, src: &str) -> String {
    let heap = new_heap(config);
    let mut agent = Agent::new(&heap);
    capture_output(&mut agent);
    let result = vm::run_script(&mut agent, "test.js", src);
    let mut out = take_output(&mut agent);
    if let Err(e) = result {
        out.push_str(&format!("{e}\n"));
    }
    let report = agent.verify_heap();
    assert!(report.is_ok(), "{report}");
    out
}

/// Runs `src` normally and under GC stress; both must print `expected`.
fn check(src: &str, expected: &str) {
    let normal = run_with(HeapConfig::default(), src);
    assert_eq!(normal, expected, "normal run of:\n{src}");
    let stressed = run_with(HeapConfig::stress(1), src);
    assert_eq!(stressed, expected, "stress run of:\n{src}");
}

#[test]
fn prints_primitives() {
    check(
        "print(1, 'a', true, null, undefined, 1.5, -0, NaN, Infinity);",
        "1 a true null undefined 1.5 0 NaN Infinity\n",
    );
}

#[test]
fn arithmetic_and_comparison() {
    check(
        "print(1 + 2 * 3, 7 - 10, 7 / 2, 7 % 3, 2 ** 10, 5 | 2, 5 & 4, 5 ^ 1, 1 << 4, -16 >> 2, -1 >>> 28);\n\
         print(1 < 2, 2 <= 1, 'a' < 'b', 3 >= 3, 1 == '1', 1 === '1', null == undefined, NaN == NaN);\n\
         print(-(3), +'42', ~5, !0, typeof 1, typeof 'x', typeof undefined, typeof null, typeof print, typeof {});",
        "7 -3 3.5 1 1024 7 4 4 16 -4 15\n\
         true false true true true false true false\n\
         -3 42 -6 true number string undefined object function object\n",
    );
}

#[test]
fn string_concatenation() {
    check(
        "let s = 'a'; for (let i = 0; i < 40; i++) { s = s + i; } print(s.length, s);\n\
         print('x' + 1 + 2, 1 + 2 + 'x', 'n' + null + true + undefined);",
        "71 a0123456789101112131415161718192021222324252627282930313233343536373839\n\
         x12 3x nnulltrueundefined\n",
    );
}

#[test]
fn loops_and_globals() {
    check(
        "var total = 0; for (var i = 0; i < 100; i++) { if (i % 2) continue; total += i; }\n\
         let n = 0; while (true) { n++; if (n > 5) break; }\n\
         const c = 3; do { n--; } while (n > c);\n\
         print(total, n, globalThis.total);",
        "2450 3 2450\n",
    );
}

#[test]
fn recursion_fib() {
    check(
        "function fib(n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); } print(fib(20));",
        "6765\n",
    );
}

#[test]
fn closures_and_counters() {
    check(
        "function counter() { let n = 0; return function () { n += 1; return n; }; }\n\
         const a = counter(), b = counter(); a(); a(); b();\n\
         print(a(), b());\n\
         const fs = []; for (let i = 0; i < 3; i++) { fs.push = 0; fs[i] = () => i * 10; }\n\
         print(fs[0](), fs[1](), fs[2]());\n\
         function outer(x) { function inner(y) { return x + y; } return inner; } print(outer(1)(2));",
        "3 2\n0 10 20\n3\n",
    );
}

#[test]
fn try_catch_finally() {
    check(
        "try { throw 1; } catch (e) { print('caught', e); } finally { print('finally'); }\n\
         function f() { try { return 'try'; } finally { print('cleanup'); } } print(f());\n\
         function g() { throw new TypeError('bad'); }\n\
         try { g(); } catch (e) { print(e.name, e.message, e instanceof TypeError, e instanceof Error); }\n\
         try { undefinedName; } catch (e) { print(e.name + ': ' + e.message); }\n\
         try { null.x; } catch (e) { print(e.message); }\n\
         let r = 0; for (let i = 0; i < 3; i++) { try { if (i == 1) throw i; r += 1; } catch (e) { r += 10; } } print(r);",
        "caught 1\nfinally\ncleanup\ntry\nTypeError bad true true\n\
         ReferenceError: undefinedName is not defined\n\
         Cannot read properties of null (reading 'x')\n12\n",
    );
}

#[test]
fn uncaught_errors() {
    check(
        "throw new RangeError('too far');",
        "Uncaught RangeError: too far\n",
    );
    check(
        "print(1); (void 0)();",
        "1\nUncaught TypeError: undefined is not a function\n",
    );
    check(
        "let x = x + 1;",
        "Uncaught ReferenceError: Cannot access 'x' before initialization\n",
    );
    check(
        "const k = 1; k = 2;",
        "Uncaught TypeError: Assignment to constant variable.\n",
    );
    check("throw 'plain';", "Uncaught plain\n");
}

#[test]
fn stack_overflow_is_a_range_error() {
    check(
        "function f() { return f(); } try { f(); } catch (e) { print(e.name, e.message); }",
        "RangeError Maximum call stack size exceeded\n",
    );
}

#[test]
fn objects_and_prototypes() {
    check(
        "const o = { a: 1, b: 'two' }; o.c = o.a + 1; o['d'] = 4; print(o.a, o.b, o.c, o.d, o.e);\n\
         function P(x) { this.x = x; } P.prototype.y = 5;\n\
         const p = new P(3); print(p.x, p.y, p instanceof P, 'x' in p, 'z' in p);\n\
         const big = {}; for (let i = 0; i < 30; i++) { big['k' + i] = i; } print(big.k0, big.k29);",
        "1 two 2 4 undefined\n3 5 true true false\n0 29\n",
    );
}

#[test]
fn arrays() {
    check(
        "const a = [1, 'x', , 3]; print(a.length, a[0], a[1], a[2], a[3], a);\n\
         a[10] = 'end'; print(a.length); a.length = 2; print(a.length, a);\n\
         const b = []; for (let i = 0; i < 50; i++) { b[i] = 'v' + i; } print(b.length, b[49]);\n\
         function sum(...xs) { let s = 0; for (let i = 0; i < xs.length; i++) s += xs[i]; return s; }\n\
         print(sum(1, 2, 3, 4));",
        "4 1 x undefined 3 1,x,,3\n11\n2 1,x\n50 v49\n10\n",
    );
}

#[test]
fn stress_mode_really_collects() {
    let heap = new_heap(HeapConfig::stress(1));
    let mut agent = Agent::new(&heap);
    capture_output(&mut agent);
    vm::run_script(
        &mut agent,
        "t.js",
        "let s = ''; for (let i = 0; i < 20; i++) s = s + i; print(s);",
    )
    .expect("runs");
    assert_eq!(take_output(&mut agent), "012345678910111213141516171819\n");
    assert!(agent.mutator().stats().cycles > 20);
}

#[test]
fn not_implemented_is_a_clean_error() {
    let out = run_with(HeapConfig::default(), "class A {}");
    assert!(out.starts_with("Uncaught InternalError: opcode"), "{out}");
    assert!(out.contains("not implemented yet"), "{out}");
}

#[test]
fn exceptions_cross_frames_and_finally_rethrows() {
    check(
        "function inner() { try { throw new Error('deep'); } finally { print('inner finally'); } }\n\
         function middle() { inner(); print('not reached'); }\n\
         try { middle(); } catch (e) { print('outer', e.message, e); }\n\
         const e2 = Error('no new'); print(e2 instanceof Error, e2.message);\n\
         try { try { throw 1; } catch (x) { throw x + 1; } } catch (y) { print('rethrown', y); }",
        "inner finally\nouter deep Error: deep\ntrue no new\nrethrown 2\n",
    );
}

#[test]
fn switch_labels_and_block_scopes() {
    check(
        "function kind(x) { switch (x) { case 1: return 'one'; case 'a': return 'letter'; default: return 'other'; } }\n\
         print(kind(1), kind('a'), kind(null));\n\
         outer: for (let i = 0; i < 3; i++) { for (let j = 0; j < 3; j++) { if (j == 1) continue outer; if (i == 2) break outer; print(i, j); } }\n\
         { let x = 'block'; const g = () => x; print(g()); }\n\
         function tdz() { try { y; } catch (e) { print(e.message); } let y = 1; return y; } print(tdz());\n\
         print('abc'[1], 'abc'.length, 'abc'[5]);",
        "one letter other\n0 0\n1 0\nblock\nCannot access 'y' before initialization\n1\nb 3 undefined\n",
    );
}

#[test]
fn methods_and_this() {
    check(
        "const o = { n: 2, twice: function () { return this.n * 2; } }; print(o.twice());\n\
         function sloppy() { return this === globalThis; } print(sloppy());\n\
         function strict() { 'use strict'; return this; } print(strict());\n\
         function Ctor() { this.v = 1; return 5; } print(new Ctor().v);\n\
         function Obj() { return { w: 2 }; } print(new Obj().w);",
        "4\ntrue\nundefined\n1\n2\n",
    );
}
