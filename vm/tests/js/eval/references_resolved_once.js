// A dynamically scoped name (inside `with`, next to a sloppy direct eval) that is assigned
// is resolved once, before the value: PutValue writes that reference even if the binding
// moved meanwhile (ES §13.15.2, §13.4; test262 S11.13.2_A5/A6). V8 re-resolves instead, so
// node prints other values for the first five lines.
function compound() {
  var x = 0;
  var scope = { get x() { delete this.x; return 2; } };
  with (scope) { x *= 3; }
  print("compound", scope.x, x);
}
compound();

var y = 0;
var withY = { get y() { delete this.y; return 2; } };
with (withY) { y++; }
print("update", withY.y, y);

var o = { z: 1 };
with (o) { z = (delete o.z, 5); }
print("assign", o.z, typeof z);

var outer = { w: 0 }, inner = { get w() { delete this.w; return 2; } };
with (outer) { with (inner) { w -= 1; } }
print("nested", inner.w, outer.w);

var v = 10;
var shadow = { v: 1 };
with (shadow) { v += (delete shadow.v, 100); }
print("after delete", shadow.v, v);

// Plain cases keep working.
(function () {
  eval("var q = 1");
  q += 2;
  var r = 3;
  r++;
  print("eval scope", q, r);
})();
with ({}) { created_globally = 9; }
print("sloppy unresolvable", created_globally);
var n = 0;
with ({ n: 1 }) { n ??= 5; n ||= 6; n &&= 7; }
print("logical", n);
var counter = { c: 0 };
with (counter) { for (var i = 0; i < 3; i++) c += i; }
print("loop", counter.c);
