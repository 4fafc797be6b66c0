var k1 = {}, k2 = function () {}, sym = Symbol("s");
var wm = new WeakMap([[k1, "one"]]);
print(wm.set(k2, "two") === wm, wm.get(k1), wm.get(k2), wm.has(k1), wm.get({}), wm.has(1));
wm.set(sym, "sym"); print(wm.get(sym));
print(wm.delete(k1), wm.delete(k1), wm.has(k1), wm.delete("x"));
var keys = []; for (var i = 0; i < 100; i++) { keys.push({ i: i }); wm.set(keys[i], i); }
var ok = true; for (var i = 0; i < 100; i++) if (wm.get(keys[i]) !== i) ok = false; print(ok);
try { wm.set(1, 1); } catch (e) { print(e.name); }
try { wm.set(Symbol.for("reg"), 1); } catch (e) { print(e.name); }
try { WeakMap(); } catch (e) { print(e.name); }
var ws = new WeakSet([k1]);
print(ws.has(k1), ws.add(k2) === ws, ws.has(k2), ws.delete(k2), ws.has(k2), ws.has(1));
try { ws.add("str"); } catch (e) { print(e.name); }
var target = {};
var r = new WeakRef(target);
print(r.deref() === target, Object.prototype.toString.call(r), Object.prototype.toString.call(wm));
try { new WeakRef(1); } catch (e) { print(e.name); }
var fr = new FinalizationRegistry(function () {});
print(fr.register(target, "held"), fr.register(target, "held2", target), fr.unregister(target), fr.unregister(target));
try { fr.register(target, target); } catch (e) { print(e.name); }
try { fr.register(1, 2); } catch (e) { print(e.name); }
try { fr.unregister(1); } catch (e) { print(e.name); }
try { new FinalizationRegistry(5); } catch (e) { print(e.name); }
print(Object.prototype.toString.call(fr), Object.prototype.toString.call(ws));
print(wm.getOrInsert(k1, "a"), wm.getOrInsert(k1, "b"), wm.getOrInsertComputed(k2, function () { return "c"; }));
WeakMap.prototype.get.call(new Map(), k1);
