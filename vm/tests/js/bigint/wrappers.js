// BigInt wrapper objects, ToPrimitive and property keys.
const w = Object(5n);
console.log(typeof w, w instanceof BigInt, w.valueOf() === 5n, w + 1n, `${w}`, w == 5n, w === 5n);
console.log(Object.getPrototypeOf(w) === BigInt.prototype, JSON.stringify({ a: 1 }));
BigInt.prototype.double = function () { return this * 2n; };
console.log((21n).double());
Object.defineProperty(BigInt.prototype, "self", { get() { "use strict"; return typeof this; } });
console.log((1n).self);
const o = {};
o[10n] = "ten";
o[-1n] = "minus one";
console.log(Object.keys(o).join(","), 10n in o, o[10], o["-1"]);
const arr = ["a", "b", "c"];
console.log(arr[1n], arr.at(-1), Array.from({ length: 2 }, (_, i) => BigInt(i)).join());
try { JSON.stringify({ x: 1n }); } catch (e) { console.log(e.name + ": " + e.message); }
BigInt.prototype.toJSON = function () { return this.toString() + "n"; };
console.log(JSON.stringify({ x: 1n, y: [2n], z: Object(3n) }));
delete BigInt.prototype.toJSON;
try { JSON.stringify(Object(1n)); } catch (e) { console.log(e.name); }
console.log(0n ? "truthy" : "falsy", 1n ? "truthy" : "falsy", !!Object(0n), !0n, 0n || "alt", 0n ?? "nullish");
console.log([1n, 2n, 3n].map((x) => x * x).join(" "), [3n, 1n, 2n].sort().join(" "));
