// One property access site sees ordinary objects and proxies in turn (inline caches must not capture a proxy).
function read(o) { return o.x; }
function write(o, v) { o.x = v; }
var plain = { x: 1 };
var log = [];
var prox = new Proxy({ x: 2 }, { get(t, k) { log.push("get"); return t[k] * 10; }, set(t, k, v) { log.push("set"); t[k] = v; return true; } });
var out = [];
for (var i = 0; i < 3; i++) { out.push(read(plain)); out.push(read(prox)); write(plain, i); write(prox, i); }
var s = new String("abc"); var lens = []; for (var i = 0; i < 3; i++) { lens.push(read({ x: s.length })); }
print(out.join(), log.join(), lens.join());
var heir = Object.create(prox); print(read(heir), read(heir));
function put(o) { o.x = 1; return o; }
var log = [];
var target = {};
var p = new Proxy(target, { set(t, k, v) { log.push("set " + k); t[k] = v * 100; return true; } });
put(Object.create(null)); put(Object.create(null));
put(p); put(p);
print(target.x, log.join(), Object.isExtensible(p));
