// The Reflect functions.
var o = { a: 1 };
print(Reflect.has(o, "a"), Reflect.has(o, "toString"), Reflect.has(o, "zz"));
print(Reflect.get(o, "a"), Reflect.set(o, "b", 2), o.b);
var getterHost = { get g() { return this.tag; } };
print(Reflect.get(getterHost, "g", { tag: "receiver" }));
var setterHost = { set s(v) { this.stored = v; } };
var recv = {};
print(Reflect.set(setterHost, "s", 9, recv), recv.stored, setterHost.stored);
print(Reflect.defineProperty(o, "c", { value: 3 }), Reflect.defineProperty(Object.freeze({}), "x", { value: 1 }));
var d = Reflect.getOwnPropertyDescriptor(o, "c");
print(d.value, d.writable, d.enumerable, d.configurable);
print(Reflect.getOwnPropertyDescriptor(o, "nope"));
print(Reflect.deleteProperty(o, "a"), Reflect.deleteProperty(o, "c"), "a" in o);
var sym = Symbol("s");
var keyed = { b: 1, 2: 0, a: 1, 1: 0 };
keyed[sym] = 1;
print(Reflect.ownKeys(keyed).map(String).join());
print(Reflect.getPrototypeOf([]) === Array.prototype, Reflect.setPrototypeOf(o, null), Reflect.getPrototypeOf(o));
print(Reflect.isExtensible(o), Reflect.preventExtensions(o), Reflect.isExtensible(o));
print(Reflect.setPrototypeOf(o, {}), Reflect.setPrototypeOf(Object.prototype, {}));
function add(a, b) { return this.base + a + b; }
print(Reflect.apply(add, { base: 10 }, [1, 2]));
function Box(v) { this.v = v; }
function Other() {}
var b = Reflect.construct(Box, [4]);
print(b.v, b instanceof Box);
var b2 = Reflect.construct(Box, [5], Other);
print(b2.v, b2 instanceof Other, b2 instanceof Box);
function attempt(f) { try { return f(); } catch (e) { return e.name; } }
print(attempt(function () { return Reflect.get(1, "a"); }));
print(attempt(function () { return Reflect.apply(1, null, []); }));
print(attempt(function () { return Reflect.construct(function () {}, [], Math.max); }));
print(attempt(function () { return Reflect.construct(add, 1); }));
print(attempt(function () { return Reflect.setPrototypeOf({}, 1); }));
print(Object.prototype.toString.call(Reflect), typeof Reflect, Reflect.apply.length, Reflect.construct.length);
