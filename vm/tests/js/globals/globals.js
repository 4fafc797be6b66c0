print(parseInt("  42px"), parseInt("0x1F"), parseInt("101", 2), parseInt("z", 36), parseInt(""), parseInt("-0"), parseInt("12", 1));
print(parseFloat("3.14abc"), parseFloat("  -Infinityx"), parseFloat(".5e1"), parseFloat("e5"));
print(isNaN("abc"), isNaN("12"), isFinite("12"), isFinite(Infinity), isNaN({ valueOf() { return 1; } }));
print(encodeURIComponent("a b&c/d?é€😀"), encodeURI("http://x.y/a b?q=1&r=é#frag"));
print(decodeURIComponent("a%20b%26c%2Fd%C3%A9%E2%82%AC%F0%9F%98%80"), decodeURI("%3B%2F%20%23x"));
print(escape("a b+c/é€"), unescape("a%20b%u20AC%zz%4"));
for (var bad of ["%", "%zz", "%C0%80", "%ED%A0%80", "%E2%82"]) {
  try { decodeURIComponent(bad); print("ok", bad); } catch (e) { print(e.name, bad); }
}
try { encodeURIComponent("\ud800"); } catch (e) { print(e.name); }
var o = { [Symbol.toPrimitive](hint) { return hint === "number" ? 7 : "str"; } };
print(+o, `${o}`, o + "");
decodeURI("%E0%A4%A");
