// An Array's length can grow far past its allocated elements (the new indices are holes).
var a = [0, 1];
a.length = 4294967295;
print(a.length, a[0], a[5], Object.keys(a).join());
a.length = 2;
print(a.length, a.join());
var b = []; b.length = 3; print(b.length, JSON_like(b)); function JSON_like(x) { return "[" + x.join("|") + "]"; }
b[1] = "x"; print(b.join("|"), b.length);
var c = [1, 2, 3]; c.length = 10; c[9] = 9; print(c.length, c[9], c[5], Object.keys(c).join());
var d = []; Object.defineProperty(d, "100000000", { value: 1, configurable: true, writable: false, enumerable: true }); print(d.length, d[100000000]);
var e = [1,2,3,4,5,6,7,8]; e.length = 2; e.length = 8; print(e.join(), e[5]);
