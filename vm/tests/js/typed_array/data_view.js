// DataView: every element type, both byte orders, bounds.
const log = console.log;
const b = new ArrayBuffer(16);
const v = new DataView(b, 2);
log(v.byteOffset, v.byteLength, v.buffer === b, Object.prototype.toString.call(v));
v.setInt8(0, -1);
v.setUint8(1, 255);
log(v.getInt8(0), v.getUint8(0), v.getInt8(1));
v.setInt16(0, -2);
log(v.getInt16(0), v.getUint16(0), v.getInt16(0, true), v.getUint8(0), v.getUint8(1));
v.setUint32(0, 0xdeadbeef, true);
log(v.getUint32(0, true).toString(16), v.getUint32(0).toString(16), v.getInt32(0, true));
v.setFloat32(4, 1.5);
log(v.getFloat32(4), v.getFloat32(4, true) !== 1.5);
v.setFloat64(4, Math.PI, true);
log(v.getFloat64(4, true), v.getUint8(4));
v.setFloat16(0, 1.5);
log(v.getFloat16(0), v.getUint16(0).toString(16), v.getFloat16(0, true));
log(new DataView(b, 4, 4).byteLength, new DataView(b, 16).byteLength);
for (const thunk of [
  () => v.getInt32(12),
  () => v.getInt8(-1),
  () => v.setFloat64(10, 1),
  () => new DataView(b, 17),
  () => new DataView(b, 4, 13),
  () => new DataView({}),
  () => DataView(b),
  () => DataView.prototype.getInt8.call(new Uint8Array(4), 0),
]) {
  try {
    thunk();
    log("no error");
  } catch (e) {
    log(e.constructor.name);
  }
}
const r = new ArrayBuffer(4, { maxByteLength: 8 });
const tracking = new DataView(r);
r.resize(8);
log(tracking.byteLength);
tracking.setUint8(7, 7);
log(tracking.getUint8(7));
