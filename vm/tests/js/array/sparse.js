// Elements far past the allocated ones are kept sparse: no huge allocation, same semantics.
var a = [];
a[4294967294] = "last";
print(a.length, a[4294967294], a[4294967293], Object.keys(a).join());
print(4294967294 in a, a.hasOwnProperty("4294967294"), a.hasOwnProperty(5));

var b = [1, 2];
b[100000000] = "far";
b[5] = "near";
print(b.length, b[100000000], b[5], Object.keys(b).join());
var keys = [];
for (var k in b) keys.push(k);
print(keys.join());
print(JSON.stringify(Object.getOwnPropertyDescriptor(b, "100000000")));
b[100000000] = "again";
print(b[100000000], delete b[100000000], b[100000000], b.length);
b[200000000] = "x";
b.length = 6;
print(b.length, b[200000000], Object.keys(b).join());

var o = { name: "o" };
o[1e9] = 5;
o[7] = 6;
print(Object.keys(o).join(), o[1e9], JSON.stringify(o));

var d = [];
d.length = 4294967294;
try {
  d.push("p", "q");
} catch (e) {
  print(e.name, e.message);
}
print(d.length, d[4294967294], d["4294967295"]);

var e = [];
e[3000000000] = 1;
e.length = 0;
print(e.length, e[3000000000], Object.keys(e).length);
