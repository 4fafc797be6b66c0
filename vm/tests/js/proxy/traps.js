// Every Proxy trap is called with the right arguments, and forwards when absent.
var log = [];
var target = { a: 1 };
var handler = {
  get(t, k, r) { log.push("get " + String(k)); return Reflect.get(t, k, r); },
  set(t, k, v, r) { log.push("set " + String(k) + "=" + v); return Reflect.set(t, k, v, r); },
  has(t, k) { log.push("has " + String(k)); return Reflect.has(t, k); },
  deleteProperty(t, k) { log.push("delete " + String(k)); return Reflect.deleteProperty(t, k); },
  ownKeys(t) { log.push("ownKeys"); return Reflect.ownKeys(t); },
  getOwnPropertyDescriptor(t, k) { log.push("gopd " + String(k)); return Reflect.getOwnPropertyDescriptor(t, k); },
  defineProperty(t, k, d) { log.push("define " + String(k) + " " + JSON_like(d)); return Reflect.defineProperty(t, k, d); },
  getPrototypeOf(t) { log.push("getPrototypeOf"); return Reflect.getPrototypeOf(t); },
  setPrototypeOf(t, p) { log.push("setPrototypeOf"); return Reflect.setPrototypeOf(t, p); },
  isExtensible(t) { log.push("isExtensible"); return Reflect.isExtensible(t); },
  preventExtensions(t) { log.push("preventExtensions"); return Reflect.preventExtensions(t); },
};
function JSON_like(d) {
  return Object.keys(d).map(function (k) { return k + ":" + d[k]; }).join(",");
}
var p = new Proxy(target, handler);
print(p.a);
p.b = 2;
print("b" in p, "c" in p);
print(delete p.a, target.a);
print(Object.keys(p).join());
Object.defineProperty(p, "c", { value: 3, configurable: true });
print(Object.getPrototypeOf(p) === Object.prototype);
Object.setPrototypeOf(p, null);
print(Object.isExtensible(p));
Object.preventExtensions(p);
print(Object.isExtensible(target));
print(log.join("\n"));

// No handler methods: everything forwards to the target.
var t2 = { x: 1 };
var p2 = new Proxy(t2, {});
p2.y = 2;
print(t2.y, p2.x, "x" in p2, Object.keys(p2).join(), delete p2.x, t2.x);

// typeof, callable and constructable proxies.
var fp = new Proxy(function (a, b) { return a + b; }, {
  apply(t, self, args) { return "apply " + args.length + " " + t.apply(self, args); },
});
print(typeof fp, typeof p, fp(1, 2), fp.call(null, 3, 4));
function Point(x) { this.x = x; }
var cp = new Proxy(Point, {
  construct(t, args, nt) { return { made: args[0], same: nt === cp }; },
});
var made = new cp(5);
print(made.made, made.same);
var plain = new Proxy(Point, {});
var pt = new plain(7);
print(pt.x, pt instanceof Point);
try { new (new Proxy({}, {}))(); } catch (e) { print(e.name); }
try { (new Proxy({}, {}))(); } catch (e) { print(e.name); }
try { Proxy({}, {}); } catch (e) { print(e.name); }
try { new Proxy(1, {}); } catch (e) { print(e.name); }
print(Proxy.length, Proxy.name, "prototype" in Proxy);
