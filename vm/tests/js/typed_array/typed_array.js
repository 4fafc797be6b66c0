// Typed arrays: constructors, element conversions, exotic keys, iteration.
const log = console.log;
log(String(new Int8Array([127, 128, -129, 1.9, -1.9])));
log(String(new Uint8Array([256, -1, 3.7])));
log(String(new Uint8ClampedArray([300, -5, 1.5, 2.5, 0.5])));
log(String(new Int16Array([32768, -32769])), String(new Uint16Array([65536, -1])));
log(String(new Int32Array([2 ** 31, -(2 ** 31) - 1])), String(new Uint32Array([-1])));
log(String(new Float32Array([0.1, 16777217, NaN])), String(new Float64Array([0.1, -0])));
log(String(new Float16Array([0.1, 65504, 65520, 1e-8])));

const a = new Int16Array(4);
a[0] = 1; a[1] = "2"; a["2"] = 3.5; a[4] = 5; a[-1] = 6; a["1.5"] = 7; a["-0"] = 8;
log(String(a), a[4], a[-1], a["1.5"], a["-0"], Object.keys(a).join());
log(0 in a, 4 in a, "-0" in a, "1.5" in a, "foo" in a);
a.foo = "bar";
log(Object.keys(a).join(), JSON.stringify(Object.getOwnPropertyDescriptor(a, 0)));
log(delete a[0], delete a[10], delete a.foo);
log(Reflect.defineProperty(a, 0, { value: 42 }), a[0]);
log(Reflect.defineProperty(a, 0, { value: 1, writable: false }));
log(Reflect.defineProperty(a, 0, { get() {} }), Reflect.defineProperty(a, 9, { value: 1 }));
Int16Array.prototype[7] = "proto";
log(a[7], 7 in a);
log(Object.isExtensible(a), Object.isFrozen(new Int8Array(0)));
try { Object.freeze(a); } catch (e) { log(e.constructor.name); }

const src = [1, 2, 3];
log(String(new Float64Array(src)), String(new Int8Array(new Set([4, 5]))));
log(String(new Int8Array({ length: 2, 0: 9, 1: 8 })));
log(String(new Uint8Array(new Int16Array([-1, 256]))));
const buf = new ArrayBuffer(8);
const view = new Uint16Array(buf, 2, 2);
view[0] = 0x0102;
log(view.byteOffset, view.byteLength, view.length, String(new Uint8Array(buf)));
log(new Uint32Array(buf, 4).length, view.buffer === buf);

log([...new Uint8Array([5, 6])].join(), [...new Uint8Array([5, 6]).entries()].join(";"));
log([...new Uint8Array([5, 6]).keys()].join());
log(Int8Array.BYTES_PER_ELEMENT, Float64Array.prototype.BYTES_PER_ELEMENT, Int8Array.name, Int8Array.length);
const TA = Object.getPrototypeOf(Int8Array);
log(TA.name, TA.prototype === Object.getPrototypeOf(Int8Array.prototype));
log(Object.prototype.toString.call(new Float32Array(1)), TA.prototype[Symbol.toStringTag]);
log(Array.isArray(new Int8Array(1)), ArrayBuffer.isView(new Int8Array(1)));
log(JSON.stringify({ t: new Uint8Array([1, 2]) }));
log(Array.prototype.map.call(new Uint8Array([1, 2]), (x) => x * 10).join());
log(Array.from(new Int8Array([3, 4])).join(), Array.prototype.includes.call(new Int8Array([3]), 3));
log(new Uint8Array(3));
log(new Float64Array([1.5, -0]));

for (const thunk of [
  () => new TA(),
  () => Int8Array(1),
  () => new Int8Array(-1),
  () => new Int16Array(new ArrayBuffer(3)),
  () => new Int16Array(new ArrayBuffer(4), 1),
  () => new Int8Array(new ArrayBuffer(4), 2, 3),
  () => new Int8Array(new ArrayBuffer(4), 5),
]) {
  try {
    thunk();
    log("no error");
  } catch (e) {
    log(e.constructor.name);
  }
}
log(Math.f16round(1.337), Math.f16round(-0), Math.f16round(65520), Math.f16round(5e-8));
