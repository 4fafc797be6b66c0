// Detached and out-of-bounds views.
const log = console.log;
const b = new ArrayBuffer(8);
const a = new Uint8Array(b, 2, 4);
const dv = new DataView(b);
a[0] = 1;
b.transfer();
log(a.length, a.byteLength, a.byteOffset, a[0], 0 in a, Object.keys(a).length);
a[0] = 5;
log(a[0], Reflect.set(a, 0, 1), Reflect.defineProperty(a, 0, { value: 1 }));
for (const thunk of [
  () => a.join(),
  () => [...a],
  () => a.fill(0),
  () => dv.getInt8(0),
  () => dv.byteLength,
  () => new Uint8Array(b),
  () => new DataView(b),
]) {
  try {
    thunk();
    log("no error");
  } catch (e) {
    log(e.constructor.name);
  }
}
// A fixed-length view on a shrunk resizable buffer is out of bounds.
const r = new ArrayBuffer(8, { maxByteLength: 16 });
const v = new Int16Array(r, 4, 2);
r.resize(6);
log(v.length, v.byteOffset, v[0]);
try { v.at(0); } catch (e) { log(e.constructor.name); }
r.resize(8);
log(v.length, v.byteOffset);
// A valueOf that detaches during a method.
const c = new Float64Array(4);
log(c.fill({ valueOf() { return 2; } }).join());
const d = new Float64Array(4);
try {
  d.fill(1, { valueOf() { d.buffer.transfer(); return 0; } });
} catch (e) {
  log(e.constructor.name);
}
const e = new Uint8Array([1, 2, 3]);
log(e.includes(undefined, { valueOf() { e.buffer.transfer(); return 0; } }));
