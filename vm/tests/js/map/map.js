var m = new Map([[1, "a"], ["1", "b"], [NaN, "nan"], [-0, "zero"]]);
print(m.size, m.get(1), m.get("1"), m.get(NaN), m.get(0), m.has(+0), m.has(2));
var o = {};
m.set(o, "obj").set("k", "v");
print(m.get(o), m.get({}), m.size);
print(m.delete("1"), m.delete("1"), m.size);
print([...m.keys()].map(String).join(), [...m.values()].join());
for (var [k, v] of m) if (k === 1) m.set("late", "L");
print([...m].map(function (e) { return e[0] + "=" + e[1]; }).join(" "));
// deletion during iteration skips removed entries and sees additions
var it = m.entries();
print(JSON.stringify(it.next().value));
m.delete(NaN); m.set("added", 1);
var rest = []; for (var e of it) rest.push(String(e[0])); print(rest.join());
m.forEach(function (v, k, map) { if (k === "k") map.delete("late"); }, null);
print(m.has("late"), m.size);
m.clear(); print(m.size, [...m].length);
var big = new Map(); for (var i = 0; i < 1000; i++) big.set("s" + i, i);
for (var i = 0; i < 1000; i += 2) big.delete("s" + i);
print(big.size, big.get("s999"), big.get("s998"), big.get("s1"));
var g = Map.groupBy([1, 2, 3, 4, 5], function (x) { return x % 2 ? "odd" : "even"; });
print(g.get("odd").join(), g.get("even").join());
print(Map[Symbol.species] === Map, Map.prototype[Symbol.iterator] === Map.prototype.entries);
print(Object.prototype.toString.call(new Map().keys()), Object.prototype.toString.call(m));
print(m.getOrInsert("x", 1), m.getOrInsert("x", 2), m.getOrInsertComputed("y", function (k) { return k + "!"; }));
try { Map(); } catch (e) { print(e.name); }
try { new Map([1]); } catch (e) { print(e.name); }
try { Map.prototype.get.call({}, 1); } catch (e) { print(e.name); }
class MyMap extends Map { constructor(x) { super(x); this.extra = 1; } }
var mm = new MyMap([[1, 2]]); print(mm.get(1), mm.extra, mm instanceof Map);
new Map(5);
