// The interpreter's caches (property, element, global, length, String.prototype, the
// (shape, name) stub table, `new F()`'s prototype) must never change what a program sees.

// A property deleted after a cached store and load reads as absent, whatever the site.
function MyFunction() {}
MyFunction.prop = 1;
print(MyFunction.prop);
delete MyFunction.prop;
print(MyFunction.prop);
var o = {}; o.x = 5; delete o.x; print(o.x, "x" in o);

// One site, several shapes (the stub table), then a shape change of one of them.
function A() { this.v = "a"; } function B() { this.w = 0; this.v = "b"; }
function C() { this.v = "c"; } C.prototype.v = "proto";
function readV(x) { return x.v; }
var seen = [];
for (var i = 0; i < 4; i++) {
  seen.push(readV(new A()), readV(new B()), readV(new C()), readV(Object.create(C.prototype)));
}
print(seen.join(""));
C.prototype.v = "changed"; print(readV(Object.create(C.prototype)));
delete C.prototype.v; print(readV(Object.create(C.prototype)));

// `length` of strings and Arrays, and of objects that merely have one.
function len(x) { return x.length; }
var xs = ["abc", [1, 2, 3, 4], "", [], { length: 7 }, "h\u00e9llo", new String("ab"), function (a, b) {}];
var lens = []; for (var r = 0; r < 2; r++) for (i = 0; i < xs.length; i++) lens.push(len(xs[i]));
print(lens.join(","));
var big = []; big.length = 4294967295; print(len(big));

// Methods of primitive strings, patched and removed between calls.
function code(s) { return s.charCodeAt(0); }
var codes = [code("abc"), code("xyz")];
String.prototype.charCodeAt = function () { return "patched"; };
codes.push(code("abc"));
delete String.prototype.charCodeAt;
try { code("q"); } catch (e) { codes.push(e.constructor.name); }
print(codes.join(","));

// Elements: present ones in place; holes, frozen arrays and exotic objects generically.
var frozen = [1, 2, 3]; Object.freeze(frozen); frozen[0] = 5; print(frozen[0]);
(function () { "use strict"; try { frozen[1] = 9; print("no"); } catch (e) { print(e.constructor.name); } })();
var ro = {}; ro[0] = 1; Object.defineProperty(ro, 1, { value: 2, writable: false }); ro[1] = 7; print(ro[1]);
var holes = [1, , 3]; Array.prototype[1] = "proto"; print(holes[1]); delete Array.prototype[1]; print(holes[1]);
var args = (function () { return arguments; })(1, 2); args[0] = 5; print(args[0]);
var boxed = new String("abc"); boxed[0] = "z"; print(boxed[0]);
var bytes = new Int8Array(2); bytes[0] = 300; print(bytes[0]);

// Number division and remainder keep their signs.
print(Object.is(-4 % 2, -0), 1 / (-4 % 2), 7 % -3, -7 % 3, 5.5 % 2, 2 % 0, 1 / ((-2147483648) % -1), 7 / 2, 6 / 3, 1 / 0, 0 / 0);

// Global stores: writable, then read-only.
var g = 1; function bump() { g = g + 1; } for (i = 0; i < 5; i++) bump(); print(g);
Object.defineProperty(globalThis, "fixed", { value: 1, writable: false, configurable: true });
function setFixed() { fixed = 2; } setFixed(); setFixed(); print(fixed);
(function () { "use strict"; try { fixed = 3; } catch (e) { print(e.constructor.name); } })();

// new F() follows F.prototype when it is reassigned or not an object.
function F() {} var made = [], firstProto = F.prototype;
for (i = 0; i < 3; i++) { if (i === 1) F.prototype = { tag: "second" }; if (i === 2) F.prototype = 42; made.push(new F()); }
print(Object.getPrototypeOf(made[0]) === firstProto, made[1].tag, Object.getPrototypeOf(made[2]) === Object.prototype);

// Conditions on != and == null, and x++ as a statement.
function kind(x) { if (x != null) return "value"; if (x == null) return "nullish"; }
print(kind(0), kind(""), kind(null), kind(undefined), kind({}));
var n = "5"; n++; var m = 1n; m++; print(n, typeof n, m);
