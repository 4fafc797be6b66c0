// %TypedArray%.prototype methods.
const log = console.log;
const s = (x) => String(x);
const a = new Int8Array([5, 1, 4, 2, 3]);
log(a.at(-1), a.at(9), a.indexOf(4), a.lastIndexOf(4), a.includes(2), a.includes(2, 4));
log(a.join("-"), a.join(), s(a.slice(1, 3)), s(a.subarray(1, 3)), s(a.subarray(-2)));
log(s(a.map((x) => x * 2)), s(a.filter((x) => x > 2)), a.reduce((p, x) => p + x), a.reduceRight((p, x) => p + "" + x, ""));
log(a.every((x) => x > 0), a.some((x) => x > 4), a.find((x) => x > 3), a.findIndex((x) => x > 3));
log(a.findLast((x) => x > 3), a.findLastIndex((x) => x > 3), a.findIndex((x) => x > 9));
let seen = [];
a.forEach((x, i, arr) => seen.push(i + ":" + x + ":" + (arr === a)));
log(seen.join());
log(s(a.toSorted()), s(a.toReversed()), s(a.with(0, 100)), s(a));
log(s(new Float64Array([3, -0, 0, NaN, -Infinity, 1]).sort()));
log(s(a.slice().sort((x, y) => y - x)), s(a.slice().reverse()));
log(s(new Int8Array(5).fill(7, 1, -1)), s(new Float32Array(3).fill(0.5)));
log(s(new Int8Array([1, 2, 3, 4, 5]).copyWithin(0, 3)), s(new Int8Array([1, 2, 3, 4, 5]).copyWithin(1, 0, 3)));
const t = new Int16Array(6);
t.set([1, 2], 1);
t.set(new Int8Array([-1, -2]), 4);
log(s(t));
const overlap = new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]);
overlap.set(overlap.subarray(0, 4), 2);
log(s(overlap));
const shared = new Uint8Array([1, 2, 3, 4]);
new Uint16Array(shared.buffer).set(shared.subarray(0, 2));
log(s(shared));
log(s(Int8Array.from([1, 2, 3], (x) => x * 3)), s(Uint8Array.of(1, 256, 3)), s(Int8Array.from({ length: 2 })));
log(s(Int8Array.from(new Set([7, 8]))));
class Sub extends Uint8Array {}
const sub = new Sub([1, 2, 3]);
log(sub.map((x) => x) instanceof Sub, sub.filter(() => true) instanceof Sub, sub.slice(0) instanceof Sub);
log(new Uint8Array([1, 2]).toString(), new Uint8Array([1, 2]).toLocaleString(), new Float64Array([1.5]).toLocaleString());
log(typeof new Uint8Array(1)[Symbol.iterator]);
log(new Int8Array(0).reduce((p, x) => p + x, "init"));
for (const thunk of [
  () => new Int8Array(0).reduce((p, x) => p + x),
  () => new Int8Array(2).forEach(1),
  () => new Int8Array(2).sort(1),
  () => new Int8Array(2).with(5, 1),
  () => new Int8Array(2).set([1, 2, 3]),
  () => new Int8Array(2).set([1], -1),
  () => Object.getPrototypeOf(Int8Array).prototype.join.call([1, 2]),
  () => Object.getOwnPropertyDescriptor(Object.getPrototypeOf(Int8Array).prototype, "length").get.call({}),
]) {
  try {
    thunk();
    log("no error");
  } catch (e) {
    log(e.constructor.name);
  }
}
