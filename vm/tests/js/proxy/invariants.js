// The §10.5 invariants turn lying traps into TypeErrors.
function check(name, f) {
  try { print(name, f()); } catch (e) { print(name, e.name); }
}
var frozen = Object.freeze({ k: 1 });
check("get non-writable", function () { return new Proxy(frozen, { get() { return 2; } }).k; });
check("get same value", function () { return new Proxy(frozen, { get() { return 1; } }).k; });
check("has hidden non-configurable", function () { return "k" in new Proxy(frozen, { has() { return false; } }); });
check("delete non-configurable", function () { return Reflect.deleteProperty(new Proxy(frozen, { deleteProperty() { return true; } }), "k"); });
check("ownKeys missing key", function () { return Reflect.ownKeys(new Proxy(frozen, { ownKeys() { return []; } })); });
check("ownKeys duplicate", function () { return Reflect.ownKeys(new Proxy({}, { ownKeys() { return ["a", "a"]; } })); });
check("ownKeys non-key", function () { return Reflect.ownKeys(new Proxy({}, { ownKeys() { return [1]; } })); });
check("ownKeys extra on non-extensible", function () { return Reflect.ownKeys(new Proxy(frozen, { ownKeys() { return ["k", "z"]; } })); });
check("gopd non-configurable lie", function () {
  return Object.getOwnPropertyDescriptor(new Proxy({ a: 1 }, { getOwnPropertyDescriptor() { return { value: 1, configurable: false }; } }), "a");
});
check("gopd undefined for frozen", function () {
  return Object.getOwnPropertyDescriptor(new Proxy(frozen, { getOwnPropertyDescriptor() { return undefined; } }), "k");
});
check("defineProperty on non-extensible", function () {
  return Reflect.defineProperty(new Proxy(Object.preventExtensions({}), { defineProperty() { return true; } }), "n", { value: 1 });
});
check("defineProperty false", function () {
  return Reflect.defineProperty(new Proxy({}, { defineProperty() { return false; } }), "n", { value: 1 });
});
check("defineProperty false throws", function () {
  return Object.defineProperty(new Proxy({}, { defineProperty() { return false; } }), "n", { value: 1 });
});
check("getPrototypeOf non-extensible", function () {
  return Object.getPrototypeOf(new Proxy(Object.preventExtensions({}), { getPrototypeOf() { return Array.prototype; } }));
});
check("getPrototypeOf primitive", function () { return Object.getPrototypeOf(new Proxy({}, { getPrototypeOf() { return 1; } })); });
check("isExtensible lie", function () { return Object.isExtensible(new Proxy({}, { isExtensible() { return false; } })); });
check("preventExtensions lie", function () { return Object.preventExtensions(new Proxy({}, { preventExtensions() { return true; } })); });
check("set non-writable", function () { "use strict"; var p = new Proxy(frozen, { set() { return true; } }); p.k = 5; return "ok"; });
check("set false strict", function () { "use strict"; var p = new Proxy({}, { set() { return false; } }); p.k = 5; return "ok"; });
check("set false sloppy", function () { var p = new Proxy({}, { set() { return false; } }); p.k = 5; return "ok"; });
check("construct non-object", function () { return new (new Proxy(function () {}, { construct() { return 1; } }))(); });
check("trap not callable", function () { return new Proxy({}, { get: 1 }).x; });

// Revocation.
var r = Proxy.revocable({ v: 1 }, {});
print(r.proxy.v, Object.keys(r).join());
r.revoke();
r.revoke();
check("revoked get", function () { return r.proxy.v; });
check("revoked typeof", function () { return typeof r.proxy; });
check("revoked IsArray", function () { return Object.prototype.toString.call(r.proxy); });
var rf = Proxy.revocable(function () {}, {});
rf.revoke();
check("revoked callable typeof", function () { return typeof rf.proxy; });
check("revoked call", function () { return rf.proxy(); });
// A trap that revokes its own proxy: the running operation keeps its target and handler.
var self = Proxy.revocable(Object.freeze({ v: 1 }), {
  get(t, k) { self.revoke(); for (var i = 0; i < 50; i++) ({ garbage: [i] }); return t[k]; },
});
print(self.proxy.v);
check("after self-revoke", function () { return self.proxy.v; });
var deep = {};
for (var d = 0; d < 5; d++) deep = new Proxy(deep, {});
deep.x = 1;
print(deep.x, "x" in deep, Object.keys(deep).join(), delete deep.x, "x" in deep);
