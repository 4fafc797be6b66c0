// The BigInt function, asIntN/asUintN and BigInt.prototype.
console.log(BigInt(0), BigInt(-0), BigInt(42), BigInt(1e21), BigInt(Number.MAX_SAFE_INTEGER), BigInt(-(2 ** 60)));
console.log(BigInt("123"), BigInt("  -99\n"), BigInt(""), BigInt("0x1F"), BigInt("0o17"), BigInt("0B11"));
console.log(BigInt(true), BigInt(false), BigInt(10n), BigInt({ valueOf() { return 7; } }));
for (const v of [1.5, NaN, Infinity, "1.5", "1e3", "0x", "-0x1", "12n", "1_0", undefined, null, Symbol()]) {
  try { console.log(BigInt(v)); } catch (e) { console.log(e.name + ": " + e.message); }
}
try { new BigInt(1); } catch (e) { console.log(e.name + ": " + e.message); }
console.log(BigInt.length, BigInt.name, BigInt.asIntN.length, BigInt.asUintN.length);
console.log(BigInt.asIntN(8, 127n), BigInt.asIntN(8, 128n), BigInt.asIntN(8, -129n), BigInt.asIntN(0, 5n));
console.log(BigInt.asIntN(64, 2n ** 63n), BigInt.asIntN(64, -(2n ** 63n)), BigInt.asIntN(200, -5n));
console.log(BigInt.asUintN(8, 257n), BigInt.asUintN(8, -1n), BigInt.asUintN(64, -1n), BigInt.asUintN(0, 9n));
console.log(BigInt.asUintN(1, "3"), BigInt.asIntN("3", true));
for (const bits of [-1, 2 ** 53]) {
  try { BigInt.asUintN(bits, 1n); } catch (e) { console.log(e.name); }
}
try { BigInt.asIntN(8, 1); } catch (e) { console.log(e.name); }
console.log((255n).toString(), (255n).toString(16), (-255n).toString(2), (2n ** 70n).toString(36));
console.log((0n).toString(7), (35n).toString(36), (123n).toLocaleString(), (5n).valueOf());
for (const r of [0, 1, 37, Infinity]) {
  try { (1n).toString(r); } catch (e) { console.log(e.name); }
}
try { BigInt.prototype.toString.call(1); } catch (e) { console.log(e.name + ": " + e.message); }
try { BigInt.prototype.valueOf.call({}); } catch (e) { console.log(e.name); }
console.log(BigInt.prototype.valueOf.call(Object(3n)), BigInt.prototype.toString.call(Object(255n), 16));
console.log(Object.prototype.toString.call(1n), Object.prototype.toString.call(Object(1n)));
console.log(BigInt.prototype[Symbol.toStringTag], Object.getPrototypeOf(1n) === BigInt.prototype);
console.log(Number(2n ** 53n + 1n), Number(2n ** 53n + 3n), Number(-(2n ** 64n)), Number(2n ** 1024n), Number(0n));
console.log(Number(2n ** 100n + 2n ** 47n), Number(2n ** 100n + 2n ** 47n + 1n), parseFloat(10n));
