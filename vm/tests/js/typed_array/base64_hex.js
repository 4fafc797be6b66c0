// Uint8Array to and from base64 and hex (ES2026).
function show(u) { return "[" + Array.prototype.join.call(u, ",") + "]"; }
function attempt(f) {
  try { return f(); } catch (e) { return e.constructor.name + ": " + e.message; }
}

// Encoding: padding, omitPadding, the URL alphabet, hex.
var bytes = new Uint8Array([251, 255, 0, 102, 111, 111, 98]);
print(bytes.toBase64(), bytes.toBase64({ omitPadding: true }), bytes.toBase64({ alphabet: "base64url" }));
print(bytes.toHex(), new Uint8Array(0).toBase64() === "", bytes.subarray(3).toHex());

// Decoding: whitespace, padding, lastChunkHandling.
print(show(Uint8Array.fromBase64(" Zm9v\nYmFy\t")), show(Uint8Array.fromBase64("Zm9vYg")));
print(show(Uint8Array.fromBase64("Zm9vYg", { lastChunkHandling: "stop-before-partial" })));
print(attempt(function () { return Uint8Array.fromBase64("Zm9vYg", { lastChunkHandling: "strict" }); }));
print(attempt(function () { return Uint8Array.fromBase64("Zm9vYh==", { lastChunkHandling: "strict" }); }));
print(show(Uint8Array.fromBase64("Zm9vYh==")), show(Uint8Array.fromBase64("-_8", { alphabet: "base64url" })));
print(attempt(function () { return Uint8Array.fromBase64("-_8"); }));
print(show(Uint8Array.fromHex("00fF10")), attempt(function () { return Uint8Array.fromHex("abc"); }));

// Options must be objects with exact string values; strings are never converted.
print(attempt(function () { return Uint8Array.fromBase64("AA", { alphabet: "hex" }); }));
print(attempt(function () { return Uint8Array.fromBase64("AA", 5); }));
print(attempt(function () { return Uint8Array.fromBase64({ toString: function () { return "AA"; } }); }));
print(attempt(function () { return Uint8Array.fromHex(12); }));

// setFrom*: bytes written up to the target's length (and before an error), { read, written }.
var target = new Uint8Array(5);
print(JSON.stringify(target.setFromBase64("Zm9vYmFy")), show(target));
target = new Uint8Array(8);
print(attempt(function () { return target.setFromBase64("Zm9vYmFy*"); }), show(target));
target = new Uint8Array(3);
print(JSON.stringify(target.setFromHex("a1b2c3d4")), show(target));
print(JSON.stringify(new Uint8Array(new ArrayBuffer(8), 6).setFromHex("ffee")));

// Only Uint8Arrays, and only while in bounds.
print(attempt(function () { return Uint8Array.prototype.toHex.call(new Int8Array(2)); }));
print(attempt(function () { return Uint8Array.prototype.toBase64.call([1, 2]); }));
var buffer = new ArrayBuffer(4, { maxByteLength: 8 });
var view = new Uint8Array(buffer, 0, 4);
buffer.resize(2);
print(attempt(function () { return view.toHex(); }));
print(typeof Uint8Array.fromBase64, Uint8Array.fromBase64.length, Uint8Array.prototype.setFromBase64.length);
