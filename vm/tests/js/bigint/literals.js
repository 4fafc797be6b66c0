// BigInt literals in every radix, with separators, and their typeof.
console.log(0n, 1n, 123n, 0x1fn, 0XFFn, 0o777n, 0b1011n, 1_000_000n, 0xdead_beefn);
console.log(typeof 1n, typeof 0n, typeof Object(1n));
console.log(18446744073709551616n, -9007199254740993n);
console.log(0x123456789abcdef0123456789abcdefn);
console.log(String(0b1111111111111111111111111111111111111111111111111111111111111111111n));
const o = { 1n: "one", 0x10n: "sixteen" };
console.log(Object.keys(o).join(","), o[1n], o[16n], o["16"]);
class C { 2n() { return "method"; } }
console.log(new C()[2n]());
for (let i = 0n; i < 3n; i++) console.log(i);
