// Array methods go through ToObject and the internal methods, so they work on primitives and Proxies.
print(Array.prototype.map.call("abc", function (c) { return c + c; }).join());
print(Array.prototype.join.call(5), Array.prototype.slice.call("xyz", 1).join());
var log = [];
var p = new Proxy([1, 2, 3], { has(t, k) { log.push("has " + k); return k in t; }, get(t, k, r) { if (typeof k === "string") log.push("get " + k); return Reflect.get(t, k, r); } });
Array.prototype.forEach.call(p, function () {});
print(log.join());
print(Array.isArray(p), Array.isArray(new Proxy({}, {})));
var r = Proxy.revocable([], {}); r.revoke();
try { Array.isArray(r.proxy); } catch (e) { print(e.name); }
print(Array.isArray(Array.prototype), Array.prototype.length, "length" in new Proxy(Object.create(Array.prototype), {}));
