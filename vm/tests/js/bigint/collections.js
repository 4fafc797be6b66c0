// BigInts as Map/Set keys (SameValueZero), in arrays and formatting.
const m = new Map();
m.set(1n, "one");
m.set(2n ** 100n, "big");
m.set(1, "number one");
console.log(m.get(1n), m.get(BigInt(1)), m.get(2n ** 100n), m.get(1), m.size, m.has(-1n));
m.set(BigInt("1"), "replaced");
console.log(m.size, m.get(1n));
const s = new Set([0n, -0n, 0, 1n, BigInt(1), 2n ** 64n, 18446744073709551616n]);
console.log(s.size, [...s].map(String).join(","));
console.log([1n, 2n].includes(2n), [1n, 2n].indexOf(BigInt(2)), [1n].lastIndexOf(1n));
console.log([1n, -2n, 2n ** 70n]);
console.log({ big: 12345678901234567890n, neg: -1n }, Object(7n));
console.log(String([1n, 2n]), `${[3n]}`);
const wm = new WeakMap();
try { wm.set(1n, 1); } catch (e) { console.log(e.name); }
