// A super reference takes its base (the home object's prototype) when it is evaluated:
// before its computed key is converted, and before an assigned value is evaluated (ES2024
// MakeSuperPropertyReference / GetValue; test262 prop-expr-getsuperbase-before-topropertykey).
// Node 20 takes the base later, so it prints other values for the first three lines.
var log = [];
var proto = { p: 1 }, other = { p: 100 };
var obj = {
  __proto__: proto,
  read(k) { return super[k]; },
  add(k) { return super[k] += 1; },
  assign(v) { super.q = v(); return this.q; },
};
var key = { toString() { log.push("key"); Object.setPrototypeOf(obj, other); return "p"; } };
print(obj.read(key), log.join());
Object.setPrototypeOf(obj, proto);
print(obj.add(key), obj.p, proto.p, other.p);
Object.setPrototypeOf(obj, proto);
var setter = { set q(v) { log.push("setter " + v); } };
print(obj.assign(function () { Object.setPrototypeOf(obj, setter); return 5; }), log.join());
Object.setPrototypeOf(obj, null);
try { obj.read("p"); } catch (e) { print(e.constructor.name); }
