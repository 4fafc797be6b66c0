// ArrayBuffer: construction, slice, resizable buffers, transfer, detach, errors.
const log = console.log;
const b = new ArrayBuffer(8);
log(b.byteLength, b.maxByteLength, b.resizable, b.detached, ArrayBuffer.isView(b));
new Uint8Array(b).set([1, 2, 3, 4, 5, 6, 7, 8]);
const s = b.slice(2, -2);
log(s.byteLength, String(new Uint8Array(s)));
log(String(new Uint8Array(b.slice(-3))), b.slice(5, 2).byteLength);

const r = new ArrayBuffer(4, { maxByteLength: 12 });
log(r.resizable, r.byteLength, r.maxByteLength);
const tracking = new Uint8Array(r);
const fixed = new Uint8Array(r, 0, 4);
tracking[3] = 9;
r.resize(10);
log(tracking.length, fixed.length, tracking[3], tracking[9]);
r.resize(2);
log(tracking.length, fixed.length, fixed.byteLength, fixed.byteOffset, fixed[0]);
r.resize(6);
log(tracking[3], "bytes past a shrink are zero");

const t = r.transfer();
log(r.detached, r.byteLength, t.byteLength, t.resizable, t.maxByteLength);
log(tracking.length, tracking[0]);
const f = t.transferToFixedLength(3);
log(f.resizable, f.byteLength, t.detached);
const big = f.transfer(100);
log(big.byteLength, new Uint8Array(big)[99]);

for (const thunk of [
  () => new ArrayBuffer(-1),
  () => new ArrayBuffer(2 ** 53),
  () => new ArrayBuffer(8, { maxByteLength: 4 }),
  () => ArrayBuffer(8),
  () => r.slice(0),
  () => new ArrayBuffer(4).resize(2),
  () => new ArrayBuffer(2, { maxByteLength: 4 }).resize(5),
]) {
  try {
    thunk();
    log("no error");
  } catch (e) {
    log(e.constructor.name);
  }
}
log(Object.prototype.toString.call(b), ArrayBuffer[Symbol.species] === ArrayBuffer);
class MyBuffer extends ArrayBuffer {}
const m = new MyBuffer(4);
log(m instanceof MyBuffer, m.slice(1) instanceof MyBuffer, m.slice(1).byteLength);
