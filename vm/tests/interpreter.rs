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
fn import_of_a_bare_specifier_rejects_with_a_type_error() {
    let out = run_with(
        HeapConfig::default(),
        "import('x').catch(e => print(e.constructor.name, e.message.includes(\"'x'\")))",
    );
    assert_eq!(out, "TypeError true\n");
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

#[test]
fn getters_and_setters() {
    check(
        "const o = { _v: 1, get v() { return this._v * 10; }, set v(x) { this._v = x; } };\n\
         print(o.v); o.v = 5; print(o.v, o._v);\n\
         const child = { __proto__: o }; child.v = 7; print(child.v, o._v, child._v);\n\
         const r = { get only() { return 'r'; } }; r.only = 2; print(r.only);\n\
         (function () { 'use strict'; try { r.only = 3; } catch (e) { print(e.name); } })();\n\
         const d = Object.getOwnPropertyDescriptor(o, 'v'); print(typeof d.get, typeof d.set, d.enumerable, d.configurable, d.get.name);\n\
         const rec = { get x() { return this.x; } }; try { rec.x; } catch (e) { print(e.name, e.message); }",
        "10\n50 5\n70 5 7\nr\nTypeError\nfunction function true true get v\n\
         RangeError Maximum call stack size exceeded\n",
    );
}

#[test]
fn define_property_and_delete() {
    check(
        "const o = {}; Object.defineProperty(o, 'x', { value: 1 });\n\
         o.x = 2; print(o.x, Object.keys(o).length, delete o.x, o.x);\n\
         (function () { 'use strict'; try { o.x = 3; } catch (e) { print(e.name, e.message); }\n\
           try { delete o.x; } catch (e) { print(e.name); } })();\n\
         try { Object.defineProperty(o, 'x', { value: 9 }); } catch (e) { print(e.name, e.message); }\n\
         Object.defineProperty(o, 'x', { value: 1 }); print('same value ok');\n\
         const d = Object.getOwnPropertyDescriptor(o, 'x'); print(d.value, d.writable, d.enumerable, d.configurable);\n\
         let log = []; Object.defineProperty(o, 'acc', { get() { log.push('get'); return 4; }, set(v) { log.push('set' + v); }, enumerable: true, configurable: true });\n\
         o.acc = 3; print(o.acc, log.join(), Object.keys(o));\n\
         Object.defineProperty(o, 'acc', { value: 'data' }); print(o.acc, Object.keys(o));\n\
         const p = { a: 1, b: 2, c: 3 }; print(delete p.b, Object.keys(p), delete p.zz, p.b);\n\
         const arr = [1, 2, 3]; delete arr[1]; print(arr, arr.length, 1 in arr);\n\
         print(Object.getPrototypeOf(p) === Object.prototype, Object.keys([4, 5]));\n\
         const f = Object.freeze({ k: 1 }); f.k = 2; f.z = 1; print(f.k, f.z, Object.isExtensible(f));",
        "1 0 false 1\nTypeError Cannot assign to read only property 'x' of object\nTypeError\n\
         TypeError Cannot redefine property: x\nsame value ok\n1 false false false\n\
         4 set3,get acc\ndata acc\ntrue a,c true undefined\n1,,3 3 false\ntrue 0,1\n1 undefined false\n",
    );
}

#[test]
fn to_primitive_conversions() {
    check(
        "const n = { valueOf() { return 42; } }; const s = { toString() { return 'str'; } };\n\
         print(n + 1, s + '!', n * 2, n > 41, n == 42, s == 'str', `${s}`, -n, n - '2');\n\
         const both = { valueOf() { return 1; }, toString() { return 'two'; } };\n\
         print(both + '', String(both), [both].join(), both < 2);\n\
         print({} + '', [1, [2, 3]] + '', String([]), ({}).toString(), Object.prototype.toString.call([]));\n\
         const order = []; const a = { valueOf() { order.push('a'); return 1; } }, b = { valueOf() { order.push('b'); return 2; } };\n\
         print(a < b, b > a, order.join(''));\n\
         try { ({ valueOf() { return {}; }, toString() { return {}; } }) + 1; } catch (e) { print(e.name, e.message); }\n\
         const k = { toString() { return 'key'; } }; const o = {}; o[k] = 1; print(o.key);",
        "43 str! 84 true true true str -42 40\n1 two two true\n\
         [object Object] 1,2,3  [object Object] [object Array]\ntrue true abba\n\
         TypeError Cannot convert object to primitive value\n1\n",
    );
}

#[test]
fn call_apply_bind() {
    check(
        "function f(a, b) { return this.x + a + b; }\n\
         const o = { x: 1 };\n\
         print(f.call(o, 2, 3), f.apply(o, [4, 5]), f.apply(o, { length: 2, 0: 1, 1: 1 }));\n\
         const g = f.bind(o, 10); print(g(20), g.name, g.length, typeof g);\n\
         function P(a, b) { this.s = a + b; } const BP = P.bind(null, 'x'); const p = new BP('y'); print(p.s, p instanceof P);",
        "6 10 3\n31 bound f 1 function\nxy true\n",
    );
}

#[test]
fn array_methods() {
    check(
        "const a = [1, 2]; print(a.push(3, 4), a, a.pop(), a.length, a.join('-'), a.toString());\n\
         const e = []; print(e.pop(), e.length, [null, undefined, 1].join(), String([1, 2]));\n\
         const c = [1]; c.push(c); print(c.join());\n\
         const like = { length: 0 }; Array.prototype.push.call(like, 'a', 'b'); print(like.length, like[1]);\n\
         print(Array(3).length, Array(1, 2).join());",
        "4 1,2,3 4 3 1-2-3 1,2,3\nundefined 0 ,,1 1,2\n1,\n2 b\n3 1,2\n",
    );
}

#[test]
fn string_and_number_methods() {
    check(
        "const s = 'Hello'; print(s.length, s.charAt(1), s.charCodeAt(0), s.indexOf('l'), s.indexOf('z'), s.slice(1, -1), s.slice(-3), s.toUpperCase(), s.toLowerCase());\n\
         print('abc'.substring(2, 0), 'x'.charAt(5) === '', typeof isNaN);\n\
         print((1.5).toFixed(1), (1.005).toFixed(2), (1e21).toFixed(2), (255).toString(16), (0.5).toString(2), (123.456).toFixed(0));\n\
         try { (1).toFixed(101); } catch (e) { print(e.name); }\n\
         print(true.toString(), (12).toString(), Number('  7 '), String(null), Boolean(''), 'abc'.length);\n\
         const str = 'abc'; str.x = 1; print(str.x);\n\
         (function () { 'use strict'; try { str.x = 1; } catch (e) { print(e.name); } })();",
        "5 e 72 2 -1 ell llo HELLO hello\nab true function\n1.5 1.00 1e+21 ff 0.1 123\nRangeError\n\
         true 12 7 null false 3\nundefined\nTypeError\n",
    );
}

#[test]
fn iteration_and_spread() {
    check(
        "let t = 0; for (const x of [1, 2, 3]) t += x; print(t);\n\
         function sum(...xs) { let s = 0; for (const x of xs) s += x; return s; }\n\
         const parts = [1, 2, 3]; print(sum(...parts), sum(0, ...parts, 10), [0, ...parts, 4].join());\n\
         const [p, , q = 9, ...rest] = [1, 2, undefined, 4, 5]; print(p, q, rest);\n\
         const it = { [Symbol.iterator]() { let i = 0; return { next() { i++; return { value: i, done: i > 3 }; }, return() { print('closed'); return {}; } }; } };\n\
         print([...it].join()); for (const v of it) { if (v == 2) break; } const [first] = it; print(first, typeof Symbol.iterator, String(Symbol('d')));\n\
         const o = { a: 1, b: 2 }; const copy = { ...o, c: 3 }; const { a, ...others } = copy; print(a, Object.keys(others));\n\
         for (const v of [1, 2, 3]) { if (v == 2) break; print('v', v); }",
        "6\n6 16 0,1,2,3,4\n1 9 4,5\n1,2,3\nclosed\nclosed\n1 symbol Symbol(d)\n1 b,c\nv 1\n",
    );
}

#[test]
fn natives_call_back_into_javascript() {
    check(
        "Object.defineProperty(String.prototype, 'first', { get() { return this.charAt(0); }, configurable: true });\n\
         print('abc'.first, Array.prototype.join.call([1, 2], '+'), [3, 4].map === undefined);\n\
         const counter = { n: 0, valueOf() { this.n++; return this.n; } }; print(counter + 0, counter + 0, counter.n);\n\
         try { for (const ch of 5) {} } catch (e) { print(e.name, e.message); }\n\
         const thrower = { get boom() { throw new Error('from getter'); } };\n\
         try { thrower.boom; } catch (e) { print(e.message); }\n\
         function deep(n) { return n == 0 ? 0 : 1 + deep.call(null, n - 1); } print(deep(30));\n\
         const big = []; for (let i = 0; i < 100; i++) big.push({ toString() { return 'x' + i; } }); print(big.join('').length);\n\
         print(typeof Object, typeof Object.prototype.toString, Object.keys({ b: 1, a: 2, 1: 0 }));",
        "a 1+2 false\n1 2 2\nTypeError 5 is not iterable\nfrom getter\n30\n290\nfunction function 1,b,a\n",
    );
}

#[test]
fn math_value_properties_and_attributes() {
    check(
        "print(Math.E, Math.LN10, Math.LN2, Math.LOG10E, Math.LOG2E);\n\
         print(Math.PI, Math.SQRT1_2, Math.SQRT2, typeof Math, Object.prototype.toString.call(Math));\n\
         const pi = Object.getOwnPropertyDescriptor(Math, 'PI'); print(pi.writable, pi.enumerable, pi.configurable);\n\
         const tag = Object.getOwnPropertyDescriptor(Math, Symbol.toStringTag);\n\
         print(tag.value, tag.writable, tag.enumerable, tag.configurable, Object.keys(Math).length);\n\
         Math.PI = 3; print(Math.PI === 3.141592653589793);\n\
         const abs = Object.getOwnPropertyDescriptor(Math, 'abs'); print(abs.writable, abs.enumerable, abs.configurable);\n\
         const g = Object.getOwnPropertyDescriptor(globalThis, 'Math'); print(g.writable, g.enumerable, g.configurable);\n\
         const names = ['abs', 'acos', 'acosh', 'asin', 'asinh', 'atan', 'atanh', 'atan2', 'cbrt', 'ceil', 'clz32', 'cos', 'cosh', 'exp', 'expm1', 'floor', 'fround', 'hypot', 'imul', 'log', 'log1p', 'log10', 'log2', 'max', 'min', 'pow', 'random', 'round', 'sign', 'sin', 'sinh', 'sqrt', 'tan', 'tanh', 'trunc'];\n\
         let lengths = ''; for (const n of names) lengths += Math[n].length; print(lengths, Math.max.name, Math.atan2.name);",
        "2.718281828459045 2.302585092994046 0.6931471805599453 0.4342944819032518 1.4426950408889634\n\
         3.141592653589793 0.7071067811865476 1.4142135623730951 object [object Math]\n\
         false false false\n\
         Math false false true 0\n\
         true\n\
         true false true\n\
         true false true\n\
         11111112111111111221111222011111111 max atan2\n",
    );
}

#[test]
fn math_rounding_and_signs() {
    check(
        "function s(x) { return x === 0 ? (1 / x > 0 ? '+0' : '-0') : String(x); }\n\
         print(s(Math.round(-0.5)), s(Math.round(2.5)), s(Math.round(-2.5)), s(Math.round(0.49999999999999994)), s(Math.round(-0.2)), s(Math.round(-0)));\n\
         print(s(Math.round(4503599627370495.5)), s(Math.round(-4503599627370495.5)), s(Math.round(1.5)), s(Math.round(-1.5)), s(Math.round(NaN)), s(Math.round(-Infinity)));\n\
         print(s(Math.ceil(-0.5)), s(Math.floor(-0)), s(Math.floor(-0.5)), s(Math.trunc(-0.7)), s(Math.trunc(2.9)), s(Math.ceil(1.1)));\n\
         print(s(Math.sign(-3)), s(Math.sign(-0)), s(Math.sign(0)), s(Math.sign(NaN)), s(Math.sign(7)), s(Math.abs(-0)), s(Math.abs(-Infinity)));\n\
         print(s(Math.max()), s(Math.min()), s(Math.max(-0, 0)), s(Math.max(0, -0)), s(Math.min(0, -0)), s(Math.min(-0, 0)));\n\
         print(s(Math.max(1, NaN, 3)), s(Math.min(NaN, 1)), s(Math.max(3, 1, 2)), s(Math.min(3, 1, 2)), s(Math.max('7', 5)));",
        "-0 3 -2 +0 -0 -0\n\
         4503599627370496 -4503599627370495 2 -1 NaN -Infinity\n\
         -0 -0 -1 -0 2 2\n\
         -1 -0 +0 NaN 1 +0 Infinity\n\
         -Infinity Infinity +0 +0 -0 -0\n\
         NaN NaN 3 1 7\n",
    );
}

#[test]
fn math_pow_and_special_values() {
    check(
        "function s(x) { return x === 0 ? (1 / x > 0 ? '+0' : '-0') : String(x); }\n\
         print(s(Math.pow(1, NaN)), s(Math.pow(NaN, 0)), s(Math.pow(-0, -3)), s(Math.pow(-0, -2)), s(Math.pow(-0, 3)), s(Math.pow(1, Infinity)), s(Math.pow(-1, -Infinity)));\n\
         print(s(Math.pow(2, 10)), s(Math.pow(-8, 1 / 3)), s(Math.pow(0.5, -Infinity)), s(Math.pow(-Infinity, 3)), s(Math.pow(-Infinity, -3)), s(Math.pow()), s(2 ** -1074));\n\
         print(s(Math.sqrt(-1)), s(Math.sqrt(-0)), s(Math.cbrt(-27)), s(Math.cbrt(-0)), s(Math.exp(-Infinity)), s(Math.expm1(-0)), s(Math.log(0)), s(Math.log(-1)));\n\
         print(s(Math.log1p(-1)), s(Math.log1p(-0)), s(Math.log10(1000)), s(Math.log2(8)), s(Math.log2(-0)), s(Math.atanh(1)), s(Math.atanh(-0)), s(Math.acosh(0.5)), s(Math.acosh(1)));\n\
         print(s(Math.asinh(-0)), s(Math.sinh(-0)), s(Math.tanh(-0)), s(Math.tanh(Infinity)), s(Math.cosh(0)), s(Math.sin(-0)), s(Math.tan(-0)), s(Math.cos(0)), s(Math.asin(2)), s(Math.acos(1)));\n\
         print(s(Math.atan2(0, -0)), s(Math.atan2(-0, -0)), s(Math.atan2(-0, 0)), s(Math.atan2(1, 0) * 2 === Math.PI), s(Math.atan(-Infinity) * 2 === -Math.PI));\n\
         print(s(Math.hypot()), s(Math.hypot(3, 4)), s(Math.hypot(NaN, Infinity)), s(Math.hypot(NaN, 1)), s(Math.hypot(-0, -0)), s(Math.hypot(1e200, 1e200) > 1e200), s(Math.hypot(-5)));\n\
         print(s(Math.clz32(0)), s(Math.clz32(1)), s(Math.clz32(-1)), s(Math.clz32(0.5)), s(Math.clz32(2 ** 32 + 1)), s(Math.imul(0xffffffff, 5)), s(Math.imul(3, 4)), s(Math.imul(2 ** 31, 2)));\n\
         print(s(Math.fround(5.5)), s(Math.fround(5.05)), s(Math.fround(2 ** 128)), s(Math.fround(-0)), s(Math.fround(1e-46)), s(Math.fround(NaN)));",
        "NaN 1 -Infinity Infinity -0 NaN NaN\n\
         1024 NaN Infinity -Infinity -0 NaN 5e-324\n\
         NaN -0 -3 -0 +0 -0 -Infinity NaN\n\
         -Infinity -0 3 3 -Infinity Infinity -0 NaN +0\n\
         -0 -0 -0 1 1 -0 -0 1 NaN +0\n\
         3.141592653589793 -3.141592653589793 -0 true true\n\
         +0 5 Infinity NaN +0 true 5\n\
         32 31 +0 32 31 -5 12 +0\n\
         5.5 5.050000190734863 Infinity -0 +0 NaN\n",
    );
}

#[test]
fn math_converts_every_argument_in_order() {
    check(
        "const log = []; function v(tag, n) { return { valueOf() { log.push(tag); return n; } }; }\n\
         print(Math.max(v('a', NaN), v('b', 1), v('c', 2)), Math.min(v('d', 3), v('e', NaN)), log.join());\n\
         log.length = 0; print(Math.hypot(v('f', 3), v('g', 4)), Math.atan2(v('h', 0), v('i', 1)), Math.pow(v('j', 2), v('k', 3)), Math.imul(v('l', 6), v('m', 7)), log.join());\n\
         print(Math.abs('-2'), Math.floor('7.5'), Math.sqrt(null), Math.abs(undefined), Math.abs([]), Math.max([4], '5'), Math.abs(true));\n\
         try { Math.abs(Symbol()); } catch (e) { print(e.name); }\n\
         try { Math.max(1, { valueOf() { throw new Error('boom'); } }); } catch (e) { print(e.message); }\n\
         const f = Math.floor; print(f(2.5), [1.5, -1.5].map === undefined || true);",
        "NaN NaN a,b,c,d,e\n\
         5 0 8 42 f,g,h,i,j,k,l,m\n\
         2 7 0 NaN 0 5 1\n\
         TypeError\n\
         boom\n\
         2 true\n",
    );
}

#[test]
fn math_random_is_in_range_and_varies() {
    check(
        "const r = Math.random; let ok = true; const seen = {}; let distinct = 0;\n\
         for (let i = 0; i < 2000; i++) { const x = i % 2 ? Math.random() : r(); if (!(x >= 0 && x < 1) || typeof x != 'number') ok = false;\n\
           const k = 'k' + Math.floor(x * 1e9); if (!seen[k]) { seen[k] = true; distinct++; } }\n\
         let buckets = [0, 0, 0, 0]; for (let i = 0; i < 4000; i++) buckets[Math.floor(Math.random() * 4)]++;\n\
         let even = true; for (const b of buckets) if (b < 800 || b > 1200) even = false;\n\
         print(ok, distinct > 1990, even, Math.random.length);",
        "true true true 0\n",
    );
}

#[test]
fn date_now_and_constructor() {
    check(
        "const a = Date.now(); let ok = true; let prev = a;\n\
         for (let i = 0; i < 200; i++) { const t = Date.now(); if (t < prev || Math.floor(t) !== t) ok = false; prev = t; }\n\
         print(typeof a, ok, a > 1.7e12, a < 8.64e15, Math.floor(a) === a, Date.now.length, Date.length, typeof Date);\n\
         print(typeof Date(), new Date(0).getTime(), new Date(0).toISOString());\n\
         const d = Object.getOwnPropertyDescriptor(Date, 'now'); print(d.writable, d.enumerable, d.configurable, Object.keys(Date).length);",
        "number true true true true 0 7 function\n\
         string 0 1970-01-01T00:00:00.000Z\n\
         true false true 0\n",
    );
}

#[test]
fn class_inheritance_and_super() {
    check(
        "class A { constructor(x) { this.x = x; } m() { return 'A.m' + this.x; } static s() { return 'A.s'; } }\n\
         class B extends A { constructor(x) { super(x + 1); this.t = new.target === B; } m() { return 'B>' + super.m(); } static s() { return 'B>' + super.s(); } }\n\
         class C extends B { m() { return 'C>' + super['m'](); } }\n\
         const c = new C(1);\n\
         print(c.x, c.t, c.m(), C.s(), c.constructor === C);\n\
         print(c instanceof C, c instanceof B, c instanceof A, new A(0) instanceof B);\n\
         print(Object.getPrototypeOf(C) === B, Object.getPrototypeOf(C.prototype) === B.prototype);\n\
         const o = { __proto__: { m() { return 'p'; } }, m() { return 'o>' + super.m(); } }; print(o.m());\n\
         class D extends A { set v(x) { super.v = x; } get v() { return super.x; } }\n\
         const d = new D(3); d.v = 9; print(d.v, Object.keys(d).join());",
        "2 false C>B>A.m2 B>A.s true\n\
         true true true false\n\
         true true\n\
         o>p\n\
         9 x,v\n",
    );
}

#[test]
fn class_definition_attributes() {
    check(
        "class A { m() {} get g() { return 1; } static s() {} }\n\
         const p = Object.getOwnPropertyDescriptor(A, 'prototype');\n\
         print(p.writable, p.enumerable, p.configurable);\n\
         const m = Object.getOwnPropertyDescriptor(A.prototype, 'm');\n\
         print(m.writable, m.enumerable, m.configurable, Object.keys(A.prototype).length, Object.keys(A).length);\n\
         const c = Object.getOwnPropertyDescriptor(A.prototype, 'constructor');\n\
         print(c.value === A, c.writable, c.enumerable, typeof A, A.name, A.length);\n\
         const X = class {}; const Y = class Named {};\n\
         print(X.name, Y.name, typeof class {});\n\
         const k = 'dyn'; class K { [k + 1]() { return 'c1'; } ['x' + 2] = 3; static [k]() { return 'sd'; } }\n\
         print(new K().dyn1(), new K().x2, K.dyn(), K.prototype.dyn1.name);\n\
         class N extends null {} print(Object.getPrototypeOf(N.prototype), Object.getPrototypeOf(N) === Object.getPrototypeOf(function () {}));",
        "false false false\n\
         true false true 0 0\n\
         true true false function A 0\n\
         X Named function\n\
         c1 3 sd dyn1\n\
         null true\n",
    );
}

#[test]
fn class_constructor_errors() {
    check(
        "class A { constructor() { this.a = 1; } }\n\
         try { A(); } catch (e) { print(e); }\n\
         class R1 extends A { constructor() { super(); return 1; } }\n\
         try { new R1(); } catch (e) { print(e); }\n\
         class R2 extends A { constructor() { super(); return undefined; } }\n\
         print(new R2().a);\n\
         class R3 extends A { constructor() { super(); return { o: 1 }; } }\n\
         print(new R3().o, new R3() instanceof A);\n\
         class R4 extends A { constructor() { } }\n\
         try { new R4(); } catch (e) { print(e); }\n\
         class R5 extends A { constructor() { this.x = 1; super(); } }\n\
         try { new R5(); } catch (e) { print(e); }\n\
         class R6 extends A { constructor() { super(); super(); } }\n\
         try { new R6(); } catch (e) { print(e); }\n\
         class B { constructor() { return 5; } } print(typeof new B());\n\
         try { class E extends 3 {} } catch (e) { print(e); }\n\
         function F() {} F.prototype = 7;\n\
         try { class E extends F {} } catch (e) { print(e); }\n\
         class Z extends null {} try { new Z(); } catch (e) { print(e.constructor === TypeError); }",
        "TypeError: Class constructor A cannot be invoked without 'new'\n\
         TypeError: Derived constructors may only return object or undefined\n\
         1\n\
         1 false\n\
         ReferenceError: Must call super constructor in derived class before accessing 'this' or returning from derived constructor\n\
         ReferenceError: Must call super constructor in derived class before accessing 'this' or returning from derived constructor\n\
         ReferenceError: Super constructor may only be called once\n\
         object\n\
         TypeError: Class extends value 3 is not a constructor or null\n\
         TypeError: Class extends value does not have valid prototype property 7\n\
         true\n",
    );
}

#[test]
fn class_fields_and_static_blocks() {
    check(
        "let n = 0;\n\
         class A { a = ++n; b = this.a * 10; static s = 'st'; static t = A.s + '!'; static { this.blk = A.t + '?'; } }\n\
         class B extends A { c = this.b + 1; constructor(z) { super(); this.z = z; } }\n\
         class C extends B {}\n\
         const c = new C(4);\n\
         print(c.a, c.b, c.c, c.z, Object.keys(c).join(), A.s, A.t, A.blk, B.s, Object.keys(A).join());\n\
         const k = 'kk'; class K { [k] = 1; static [k + 2] = 2; }\n\
         print(new K().kk, K.kk2, Object.getOwnPropertyDescriptor(new K(), 'kk').enumerable);\n\
         class F { f = () => this.g; g = 5; } print(new F().f());",
        "1 10 11 4 a,b,c,z st st! st!? st s,t,blk\n\
         1 2 true\n\
         5\n",
    );
}

#[test]
fn class_private_members() {
    check(
        "class A {\n\
           #x = 1; static #count = 0;\n\
           constructor() { A.#count++; }\n\
           get #double() { return this.#x * 2; } set #double(v) { this.#x = v / 2; }\n\
           #inc() { return ++this.#x; }\n\
           static count() { return A.#count; }\n\
           bump() { this.#inc(); return this.#double; }\n\
           setDouble(v) { this.#double = v; return this.#x; }\n\
           static has(o) { return #x in o; }\n\
           read(o) { return o.#x; }\n\
           writeMethod() { this.#inc = 1; }\n\
           get #ro() { return 1; } writeRo() { this.#ro = 2; }\n\
           static #sm() { return 'static private'; } static callSm() { return A.#sm(); }\n\
         }\n\
         class B extends A { #y = 'b'; y() { return this.#y; } }\n\
         const a = new A(), b = new B();\n\
         print(a.bump(), a.setDouble(20), A.count(), A.has(a), A.has(b), A.has({}), b.y(), A.callSm());\n\
         print(Object.keys(a).length, typeof a);\n\
         try { a.read({}); } catch (e) { print(e); }\n\
         try { A.has(1); } catch (e) { print(e); }\n\
         try { a.writeMethod(); } catch (e) { print(e); }\n\
         try { a.writeRo(); } catch (e) { print(e); }\n\
         try { A.prototype.bump.call({}); } catch (e) { print(e); }\n\
         class Twice { constructor(o) { return o; } }\n\
         class Stamp extends Twice { #s = 1; static has(o) { return #s in o; } }\n\
         const o = {}; new Stamp(o); print(Stamp.has(o));\n\
         try { new Stamp(o); } catch (e) { print(e); }",
        "4 10 2 true true false b static private\n\
         0 object\n\
         TypeError: Cannot read private member #x from an object whose class did not declare it\n\
         TypeError: Cannot use 'in' operator to search for '#x' in 1\n\
         TypeError: Private method '#inc' is not writable\n\
         TypeError: '#ro' was defined without a setter\n\
         TypeError: Cannot read private member #inc from an object whose class did not declare it\n\
         true\n\
         TypeError: Cannot initialize #s twice on the same object\n",
    );
}

#[test]
fn class_getters_setters_and_expressions() {
    check(
        "class T { constructor() { this._v = 1; } get v() { return this._v; } set v(x) { this._v = x * 2; } static get sv() { return 'S'; } }\n\
         const t = new T(); t.v = 5; print(t.v, T.sv, 'v' in T.prototype, Object.keys(t).join());\n\
         const make = (base) => class extends base { hi() { return 'hi ' + super.hi(); } };\n\
         class Root { hi() { return 'root'; } }\n\
         const M = make(make(Root)); print(new M().hi(), M.name === '');\n\
         const Named = class Inner { who() { return Inner.name; } }; print(new Named().who());",
        "10 S true _v\n\
         hi hi root true\n\
         Inner\n",
    );
}

#[test]
fn class_extends_builtins_and_arrow_super() {
    check(
        "class A { constructor(v) { this.v = v; } get p() { return 'Ap'; } }\n\
         class B extends A { constructor() { const f = () => super(3); f(); const g = () => super.p + new.target.name; this.r = g(); } }\n\
         const b = new B(); print(b.v, b.r);\n\
         class C extends A { constructor() { try { super.p; } catch (e) { print(e.constructor === ReferenceError); } super(1); } }\n\
         new C();\n\
         class P { #x = 1; f() { Object.freeze(this); this.#x = 2; return this.#x; } } print(new P().f());\n\
         class MyErr extends TypeError { constructor(m) { super(m); this.extra = 1; } }\n\
         const e = new MyErr('boom'); print(e instanceof MyErr, e instanceof TypeError, e instanceof Error, e.message, e.extra);\n\
         class Arr extends Array { sum() { let s = 0; for (const x of this) s += x; return s; } }\n\
         const a = new Arr(); a.push(1, 2, 3); print(a.length, a instanceof Arr, a instanceof Array, a.sum());\n\
         class O extends Object { constructor() { super(); this.o = 1; } } print(new O().o, new O() instanceof O);",
        "3 ApB\n\
         true\n\
         2\n\
         true true true boom 1\n\
         3 true true 6\n\
         1 true\n",
    );
}

#[test]
fn array_static_functions() {
    check(
        "print(Array.isArray([]), Array.isArray({length: 0}), Array.isArray('a'));\n\
         print(Array.of(7, 8).join('|'), Array.of().length, Array.of.length, Array.from.name);\n\
         print(Array.from({length: 3, 0: 'a', 2: 'c'}).join('|'), Array.from([1, 2], x => x * 10).join());\n\
         print(Array.from('ab').join('-'), Array.from([]).length);\n\
         const g = () => ({ [Symbol.iterator]() { let i = 0; return { next() { i++; return { value: i, done: i > 2 }; } }; } }); print(Array.from(g(), function (x, i) { return x + i + this.d; }, {d: 100}).join());\n\
         try { Array.from([1], 5); } catch (e) { print(e instanceof TypeError); }",
        "true false false\n\
         7|8 0 0 from\n\
         a||c 10,20\n\
         a-b 0\n\
         101,103\n\
         true\n",
    );
}

#[test]
fn array_iteration_methods() {
    check(
        "const a = [1, 2, 3, 4];\n\
         print(a.map(x => x * 2).join(), a.filter(x => x % 2).join(), a.every(x => x > 0), a.some(x => x > 3), a.some(x => x > 9));\n\
         let seen = []; [1, , 3].forEach((x, i, o) => seen.push(i + ':' + x + ':' + (o.length))); print(seen.join(' '));\n\
         print([1, , 3].map(x => x * 2).length, 1 in [1, , 3].map(x => x * 2));\n\
         print(a.find(x => x > 2), a.findIndex(x => x > 2), a.findLast(x => x < 3), a.findLastIndex(x => x < 3), a.find(x => x > 9), a.findIndex(x => x > 9));\n\
         print(a.reduce((s, x) => s + x), a.reduce((s, x) => s + x, 10), ['a', 'b', 'c'].reduceRight((s, x) => s + x));\n\
         print(Array.prototype.map.call({length: 2, 0: 'a', 1: 'b'}, (x, i) => x + i).join());\n\
         print([1, 2].map(function (x) { return this.k * x; }, {k: 3}).join());\n\
         try { [].reduce((s, x) => s); } catch (e) { print(e instanceof TypeError); }\n\
         try { [1].map(null); } catch (e) { print(e instanceof TypeError, e.message); }\n\
         try { [1].forEach({}); } catch (e) { print(e instanceof TypeError); }\n\
         print(Array.prototype.map.length, Array.prototype.reduce.name, Object.keys(Array.prototype).length);",
        "2,4,6,8 1,3 true true false\n\
         0:1:3 2:3:3\n\
         3 false\n\
         3 2 2 1 undefined -1\n\
         10 20 cba\n\
         a0,b1\n\
         3,6\n\
         true\n\
         true null is not a function\n\
         true\n\
         1 reduce 0\n",
    );
}

#[test]
fn array_search_and_access() {
    check(
        "const a = [1, 2, NaN, 2, -0];\n\
         print(a.at(0), a.at(-1), a.at(-9), a.at(1.7), a.includes(NaN), a.indexOf(NaN), a.includes(0), a.indexOf(0));\n\
         print(a.indexOf(2), a.lastIndexOf(2), a.indexOf(2, -2), a.lastIndexOf(2, -3), a.lastIndexOf(7), [].indexOf(1));\n\
         print([, 1].includes(undefined), [, 1].indexOf(undefined));\n\
         print(Array.prototype.includes.call({length: 2, 1: 'x'}, 'x'), Array.prototype.at.call({length: 1, 0: 'y'}, -1));",
        "1 0 undefined 2 true -1 true 4\n\
         1 3 3 1 -1 -1\n\
         true -1\n\
         true y\n",
    );
}

#[test]
fn array_mutators() {
    check(
        "let a = [1, 2, 3]; print(a.push(4, 5), a.pop(), a.shift(), a.unshift(0, 0.5), a.join());\n\
         a = [1, 2, 3, 4, 5]; print(a.splice(1, 2).join(), a.join(), a.splice(-1, 0, 'x', 'y').length, a.join(), a.splice(2).join(), a.join());\n\
         a = [1, 2, 3]; print(a.reverse().join(), a.join(), [1, , 3, , ].reverse().length);\n\
         const r = [1, , 3, 4]; r.reverse(); print(0 in r, 1 in r, 2 in r, r[0], r[1], r[3]);\n\
         print([1, 2, 3, 4, 5].copyWithin(0, 3).join(), [1, 2, 3, 4, 5].copyWithin(1, 0, 3).join(), [1, 2, 3, 4, 5].copyWithin(-2, -4, -3).join());\n\
         print([1, 2, 3, 4].fill(0, 1, -1).join(), Array(3).fill('z').join());\n\
         const o = {length: 2, 0: 'a', 1: 'b'}; Array.prototype.push.call(o, 'c'); Array.prototype.shift.call(o); print(o.length, o[0], o[1], o[2]);\n\
         const u = {length: 1, 0: 'q'}; Array.prototype.unshift.call(u, 'p'); print(u.length, u[0], u[1]);\n\
         print([].shift(), [].pop(), [1].splice().length);",
        "5 5 1 5 0,0.5,2,3,4\n\
         2,3 1,4,5 0 1,4,x,y,5 x,y,5 1,4\n\
         3,2,1 3,2,1 4\n\
         true true false 4 3 1\n\
         4,5,3,4,5 1,1,2,3,5 1,2,3,2,5\n\
         1,0,0,4 z,z,z\n\
         2 b c undefined\n\
         2 p q\n\
         undefined undefined 0\n",
    );
}

#[test]
fn array_copying_methods() {
    check(
        "const a = [1, 2, 3, 4];\n\
         print(a.slice(1, -1).join(), a.slice(-2).join(), a.slice().length, a.slice(5).length, 1 in [0, , 2].slice(0));\n\
         print([1].concat([2, [3]], 4, []).length, [1].concat([2, [3]], 4).join('|'), Array.prototype.concat.call({}, 1).length);\n\
         print([1, [2, [3, [4]]]].flat().length, [1, [2, [3, [4]]]].flat(Infinity).join(), [1, , [2, , 3]].flat().join('|'));\n\
         print([1, 2].flatMap(x => [x, x * 10]).join(), [1, 2].flatMap(x => [[x]]).length);\n\
         print(a.toReversed().join(), a.join(), a.with(-1, 'w').join(), a.with(0, 'v').join(), a.toSpliced(1, 2, 'x').join(), a.toSpliced(1).join(), a.join());\n\
         print([, 1].toReversed()[1], 0 in [, 1].toReversed());\n\
         try { a.with(4, 0); } catch (e) { print(e instanceof RangeError); }\n\
         const it = ['a', 'b'].entries(); const e1 = it.next(); print(e1.value.join(), e1.done, it.next().value[0], it.next().done);\n\
         const ks = []; for (const k of ['x', 'y', 'z'].keys()) ks.push(k); print(ks.join());\n\
         const vs = []; for (const [k, v] of ['x', 'y'].entries()) vs.push(k + v); print(vs.join());",
        "2,3 3,4 4 0 false\n\
         4 1|2|3|4 2\n\
         3 1,2,3,4 1|2|3\n\
         1,10,2,20 2\n\
         4,3,2,1 1,2,3,4 1,2,3,w v,2,3,4 1,x,4 1 1,2,3,4\n\
         undefined true\n\
         true\n\
         0,a false 1 true\n\
         0,1,2\n\
         0x,1y\n",
    );
}

#[test]
fn array_sort() {
    check(
        "print([3, 1, 10, 2].sort().join(), [3, 1, 10, 2].sort((a, b) => a - b).join(), [3, 1, 2].sort((a, b) => b - a).join());\n\
         const s = [{k: 1, v: 'a'}, {k: 0, v: 'b'}, {k: 1, v: 'c'}, {k: 0, v: 'd'}, {k: 1, v: 'e'}];\n\
         print(s.sort((x, y) => x.k - y.k).map(x => x.v).join(''));\n\
         const h = [3, undefined, , 1]; h.sort(); print(h.length, h[0], h[1], h[2], 3 in h);\n\
         print(['b', undefined, 'a'].toSorted().join('|'), [, 'b', 'a'].toSorted().length, 0 in [, 'b', 'a'].toSorted());\n\
         const orig = [2, 1]; orig.toSorted(); print(orig.join());\n\
         print(Array.prototype.sort.call({length: 3, 0: 'c', 1: 'a', 2: 'b'}).length, Array.prototype.toSorted.call({length: 2, 0: 2, 1: 1}).join());\n\
         const big = []; for (let i = 0; i < 100; i++) big.push({k: i % 3, i}); big.sort((a, b) => a.k - b.k);\n\
         let ok = true; for (let i = 1; i < 100; i++) { if (big[i - 1].k === big[i].k && big[i - 1].i > big[i].i) ok = false; } print(ok, big[0].k, big[99].k);\n\
         try { [].sort(1); } catch (e) { print(e instanceof TypeError); }\n\
         try { [2, 1].toSorted('x'); } catch (e) { print(e instanceof TypeError); }",
        "1,10,2,3 1,2,3,10 3,2,1\n\
         bdace\n\
         4 1 3 undefined false\n\
         a|b| 3 true\n\
         2,1\n\
         3 1,2\n\
         true 0 2\n\
         true\n\
         true\n",
    );
}

#[test]
fn array_errors_and_lengths() {
    check(
        "try { Array.prototype.map.call(null, x => x); } catch (e) { print(e instanceof TypeError); }\n\
         try { Array.prototype.forEach.call(undefined); } catch (e) { print(e instanceof TypeError); }\n\
         try { new Array(-1); } catch (e) { print(e instanceof RangeError); }\n\
         try { Array.prototype.slice.call({length: 2 ** 32 + 1}, 0); } catch (e) { print(e instanceof RangeError); }\n\
         const names = ['at', 'concat', 'copyWithin', 'entries', 'every', 'fill', 'filter', 'find', 'findIndex', 'findLast', 'findLastIndex', 'flat', 'flatMap', 'forEach', 'includes', 'indexOf', 'join', 'keys', 'lastIndexOf', 'map', 'pop', 'push', 'reduce', 'reduceRight', 'reverse', 'shift', 'slice', 'some', 'sort', 'splice', 'toReversed', 'toSorted', 'toSpliced', 'toString', 'unshift', 'values', 'with'];\n\
         print(names.map(n => Array.prototype[n].length).join(''));\n\
         print(names.every(n => Array.prototype[n].name === n), Object.getOwnPropertyDescriptor(Array.prototype, 'map').enumerable);\n\
         print(Array.prototype[Symbol.iterator] === Array.prototype.values, [].keys()[Symbol.iterator]().next().done);",
        "true\n\
         true\n\
         true\n\
         true\n\
         1120111111101111101101110021120120102\n\
         true false\n\
         true true\n",
    );
}

#[test]
fn for_in_order_and_prototype_chain() {
    check(
        "const o = {b: 1, a: 2, 10: 'x', 2: 'y', [Symbol('s')]: 3}; const r = []; for (const k in o) r.push(k); print(r.join());\n\
         function P() { this.own = 1; this.shadow = 2; } P.prototype.inh = 3; P.prototype.shadow = 4;\n\
         const q = []; for (var k in new P()) q.push(k); print(q.join(), typeof k, k);\n\
         const base = {z: 1, y: 2}; const mid = Object.create(base); mid.x = 3; mid.z = 4; const top = Object.create(mid); top.w = 5;\n\
         const t = []; for (const k in top) t.push(k + '=' + top[k]); print(t.join());\n\
         class C { m() {} get g() { return 1; } } const c = new C(); c.f = 1; const cs = []; for (const k in c) cs.push(k); print(cs.join());\n\
         const n = []; for (const k in 5) n.push(k); for (const k in true) n.push(k); print(n.length);\n\
         const s = []; for (const k in 'abc') s.push(k + typeof k); print(s.join());\n\
         let count = 0; for (const k in null) count++; for (const k in undefined) count++; for (const k in {}) count++; print(count);",
        "2,10,b,a\n\
         own,shadow,inh string inh\n\
         w=5,x=3,z=4,y=2\n\
         f\n\
         0\n\
         0string,1string,2string\n\
         0\n",
    );
}

#[test]
fn for_in_enumerability_and_shadowing() {
    check(
        "const o = {a: 1}; Object.defineProperty(o, 'hidden', {value: 2, enumerable: false}); o.c = 3;\n\
         const r = []; for (const k in o) r.push(k); print(r.join());\n\
         const p = {x: 1, y: 2}; const ch = Object.create(p); Object.defineProperty(ch, 'x', {value: 3, enumerable: false});\n\
         const s = []; for (const k in ch) s.push(k); print(s.join());\n\
         const g = {}; Object.defineProperty(g, 'acc', {get() { return 1; }, enumerable: true}); g.d = 1;\n\
         const t = []; for (const k in g) t.push(k); print(t.join());\n\
         const a = [10, 20]; const u = []; for (const k in a) u.push(k); print(u.join(), 'length' in a);",
        "a,c\n\
         y\n\
         acc,d\n\
         0,1 true\n",
    );
}

#[test]
fn for_in_mutation_during_iteration() {
    check(
        "const d = {a: 1, b: 2, c: 3}; const r = []; for (const k in d) { r.push(k); delete d.b; } print(r.join());\n\
         const e = {a: 1, b: 2}; const s = []; for (const k in e) { s.push(k); e['n' + k] = 1; } print(s.join());\n\
         const p = {x: 1}; const ch = Object.create(p); ch.x = 2; ch.y = 3; const t = []; for (const k in ch) { t.push(k); delete ch.x; } print(t.join());\n\
         const proto = {b: 0, c: 4}; const q = Object.create(proto); q.a = 1; q.b = 2; const u = [];\n\
         for (const k in q) { u.push(k); if (k === 'a') { delete q.b; delete proto.c; } } print(u.join());\n\
         const arr = [1, 2, 3, 4]; const v = []; for (const k in arr) { v.push(k); arr.length = 2; } print(v.join());",
        "a,c\n\
         a,b\n\
         x,y\n\
         a,b\n\
         0,1\n",
    );
}

#[test]
fn for_in_arrays_with_holes_and_control_flow() {
    check(
        "const a = [1, , 3]; a[6] = 7; a.extra = 'e'; const r = []; for (const k in a) r.push(k); print(r.join());\n\
         const s = []; for (const k in [, , ]) s.push(k); print(s.length);\n\
         const o = {a: 1, b: 2, c: 3, d: 4}; const t = [];\n\
         for (const k in o) { if (k === 'b') continue; if (k === 'd') break; t.push(k); } print(t.join());\n\
         const fs = []; for (let k in {x: 1, y: 2}) fs.push(() => k); print(fs.map(f => f()).join());\n\
         outer: for (const i in [0, 1]) { for (const j in {p: 1, q: 2}) { if (j === 'q') continue outer; if (i === '1') break outer; print(i + j); } }\n\
         const x = {}; for (x.key in {m: 1, n: 2}); print(x.key);\n\
         function f(o) { for (const k in o) { if (o[k] === 2) return k; } return 'none'; } print(f({a: 1, b: 2}), f(null));\n\
         let big = {}; for (let i = 0; i < 50; i++) big['k' + i] = i; let sum = 0; for (const k in big) sum += big[k]; print(sum);",
        "0,2,6,extra\n\
         0\n\
         a,c\n\
         x,y\n\
         0p\n\
         n\n\
         b none\n\
         1225\n",
    );
}
