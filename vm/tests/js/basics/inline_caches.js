// Property inline caches must notice every change that matters: new setters on the
// prototype, read-only properties, non-extensible objects, prototype swaps, deletes,
// shadowing, and global bindings.
function P() {}
function make() { const o = new P(); o.x = 1; return o; }
for (let i = 0; i < 3; i++) make();
let seen = 0;
Object.defineProperty(P.prototype, "x", { set(v) { seen = v; }, configurable: true });
const a = make();
print(seen, Object.keys(a).length, a.x);
delete P.prototype.x;
Object.defineProperty(P.prototype, "y", { value: 0, writable: false });
function makeY() { const o = new P(); o.y = 5; return o; }
print(makeY().y);
function setZ(o) { o.z = 2; return o.z; }
const plain = {};
setZ({}); setZ({});
Object.preventExtensions(plain);
print(setZ(plain));
function getQ(o) { return o.q; }
const protoA = { q: "A" }, protoB = { q: "B" };
const child = Object.create(protoA);
print(getQ(child), getQ(child));
Object.setPrototypeOf(child, protoB);
print(getQ(child));
protoB.q = "B2";
print(getQ(child));
child.q = "own";
print(getQ(child));
delete child.q;
print(getQ(child));
function getW(o) { return o.w; }
const w = { w: 1, v: 2 };
print(getW(w));
delete w.v;
print(getW(w));
Object.defineProperty(w, "w", { get() { return "getter"; } });
print(getW(w));
var g = 1;
function readG() { return g; }
print(readG());
globalThis.g = 2;
print(readG());
print((function () { return typeof notYetDefined; })());
globalThis.notYetDefined = 3;
print((function () { return typeof notYetDefined; })());
