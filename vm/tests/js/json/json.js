print(JSON.stringify({ a: 1, b: [true, null, "x\n\u0001"], c: undefined, d: function () {} }));
print(JSON.stringify([undefined, function () {}, NaN, -0, 1e21]));
print(JSON.stringify({ a: [1, { b: 2 }], e: {} , f: []}, null, 2));
print(JSON.stringify({ a: 1, b: 2, c: 3 }, ["c", "a"]));
print(JSON.stringify({ a: 1, b: "s" }, function (k, v) { return typeof v === "number" ? v * 10 : v; }));
print(JSON.stringify({ toJSON(k) { return "key:" + k; } }));
print(JSON.stringify("\ud800\udc00\ud800"));
print(JSON.stringify(undefined), JSON.stringify(Symbol()));
print(JSON.stringify({ a: 1 }, null, "--"));
var cyc = {}; cyc.self = cyc;
try { JSON.stringify(cyc); } catch (e) { print(e instanceof TypeError, e.message); }
var v = JSON.parse('{"a": [1, 2.5e1, -0.5, "\\u0041\\n"], "b": {"c": null}, "a2": true}');
print(v.a[0], v.a[1], v.a[2], v.a[3], v.b.c, v.a2);
print(JSON.parse('  "x" '), JSON.parse("123"), Object.keys(JSON.parse('{"z":1,"y":2,"1":3}')).join());
print(JSON.stringify(JSON.parse('[1, [2, {"x": 3}]]', function (k, v) { return typeof v === "number" ? v + 1 : v; })));
print(JSON.stringify(JSON.parse('{"a":1,"b":2}', function (k, v) { return k === "a" ? undefined : v; })));
for (var bad of ['{', '[1,]', '01', '"\t"', '{"a" 1}', 'tru', '1 2', '']) {
  try { JSON.parse(bad); print("parsed", bad); } catch (e) { print(e.name); }
}
print(Object.prototype.toString.call(JSON));
JSON.parse("{,}");
