var s = new Set([1, 2, 2, "2", NaN, NaN, -0]);
print(s.size, s.has(0), s.has(NaN), s.has("2"), [...s].map(String).join());
print(s.add(3) === s, s.delete(1), s.delete(1), s.size);
print([...s.entries()].map(function (e) { return e[0] + ":" + e[1]; }).join());
print(Set.prototype.keys === Set.prototype.values, Set.prototype[Symbol.iterator] === Set.prototype.values);
var seen = []; s.forEach(function (v, k, set) { seen.push(v === k); if (v === 2) set.add(99); }); print(seen.join(), s.has(99));
var a = new Set([1, 2, 3]), b = new Set([2, 3, 4]);
function show(x) { return "{" + [...x].join() + "}"; }
print(show(a.union(b)), show(a.intersection(b)), show(a.difference(b)), show(a.symmetricDifference(b)));
print(a.isSubsetOf(b), new Set([2]).isSubsetOf(a), a.isSupersetOf(new Set([1, 3])), a.isDisjointFrom(new Set([7])), a.isDisjointFrom(b));
var setLike = { size: 2, has: function (x) { return x === 1; }, keys: function () { return [1, 5][Symbol.iterator](); } };
print(show(a.union(setLike)), show(a.intersection(setLike)), show(a.difference(setLike)));
try { a.union([1]); } catch (e) { print(e.name); }
try { a.union({ size: -1, has() {}, keys() {} }); } catch (e) { print(e.name); }
var it = new Set([1, 2, 3]).values(); print(Object.prototype.toString.call(it), it.next().value);
s.clear(); print(s.size);
Set.prototype.add.call(new Map(), 1);
