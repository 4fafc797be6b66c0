// Iterator.prototype.includes: SameValueZero, skippedElements, closing.
function* g() { yield 1; yield NaN; yield -0; yield 'x'; }
print(g().includes(NaN), g().includes(0), g().includes('x'), g().includes(2));
print(g().includes(1, 1), g().includes('x', 3), g().includes('x', 4), g().includes(1, Infinity));
let closed = 0;
const it = { __proto__: Iterator.prototype, i: 0, next() { return { done: this.i > 5, value: this.i++ }; }, return() { closed++; return {}; } };
print(it.includes(2), closed, it.next().value);
for (const bad of [-1, 0.5, NaN, '1', 2 ** 53]) {
  try { it.includes(0, bad); } catch (e) { print(String(bad), e.constructor.name); }
}
print(closed);
