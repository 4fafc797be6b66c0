// BigInt64Array / BigUint64Array and the DataView BigInt accessors (output from node).
const a = new BigInt64Array([1n, -2n, 2n ** 63n]);
console.log(a, a[2], String(a), a.join());
const u = new BigUint64Array(2); u[0] = -1n; u[1] = 5n;
console.log(u[0], u.includes(5n), u.indexOf(18446744073709551615n), [...u.sort()].join());
try { a[0] = 1; } catch (e) { console.log(e.constructor.name, e.message); }
try { new BigInt64Array([1]); } catch (e) { console.log(e.constructor.name); }
try { new BigInt64Array(new Int8Array(1)); } catch (e) { console.log(e.constructor.name); }
const dv = new DataView(new ArrayBuffer(8));
dv.setBigInt64(0, -1n); console.log(dv.getBigUint64(0), dv.getBigInt64(0, true), dv.getUint8(0));
console.log(a.map(x => x * 2n), BigInt64Array.from([3n]), a.reduce((p, x) => p + x, 0n));
console.log(Object.getOwnPropertyDescriptor(a, 1).value, a.with(0, 9n)[0], a.toSorted((x, y) => (x < y ? -1 : 1)).join());
{
const a = new BigInt64Array([1n, -2n]);
console.log(Object.values(a), Object.entries(a), { ...a }, Object.assign({}, a));
console.log(Array.from(a), [...a], Object.getOwnPropertyDescriptors(a));
for (const x of a) console.log(x);
for (const k in a) console.log(k, a[k]);
console.log(Reflect.get(a, 1), Reflect.getOwnPropertyDescriptor(a, 0).value, Array.prototype.join.call(a));
console.log(Array.prototype.slice.call(a), Array.prototype.indexOf.call(a, -2n), a.entries().next().value);
}
