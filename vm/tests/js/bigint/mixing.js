// Mixing BigInt and Number is a TypeError; conversions to Number throw.
const ops = [
  () => 1n + 1, () => 1 + 1n, () => 1n - 1, () => 1n * 1, () => 1n / 1, () => 1n % 1,
  () => 1n ** 1, () => 1n & 1, () => 1n | 1, () => 1n ^ 1, () => 1n << 1, () => 1n >> 1,
  () => 1 >>> 1n, () => +1n, () => Math.abs(1n), () => isNaN(1n), () => 1n + undefined,
  () => 1n * true, () => [1, 2][Symbol.iterator] && 1n - null,
];
for (const f of ops) {
  try { console.log("no error", f()); } catch (e) { console.log(e.name + ": " + e.message); }
}
// Strings concatenate.
console.log(1n + "", "x" + 2n, `${3n}`, 4n + "5", [5n] + "");
// ToPrimitive of objects is used.
const obj = { valueOf() { return 10n; } };
console.log(obj + 1n, obj * 2n, -obj, obj > 9n, obj == 10n);
const order = [];
const left = { valueOf() { order.push("left"); return 1n; } };
const right = { valueOf() { order.push("right"); return 1; } };
try { left - right; } catch (e) { console.log(e.name, order.join(",")); }
const sym = { valueOf() { return Symbol(); } };
try { 1n - sym; } catch (e) { console.log(e.name, e.message); }
