// A binary operator reads its left operand before evaluating its right one, even when the
// right one assigns the same variable (the compiler may read a local's register in place
// only when the right side assigns nothing).
function run() {
  var i = 1, out = [];
  out.push(i < (i = 5), i);
  var j = 3;
  out.push(j + j++, j);
  var k = 2;
  out.push(k * (k += 10), k);
  var m = 7, arr = [100];
  out.push(m - ([m] = arr, m), m);
  var n = 4;
  out.push(n + (function () { return 1; })(), n);
  var s = 'ab', t = 0;
  while (t < s.length) t++;
  out.push(t);
  var p = 1;
  out.push(p + (p++, p++, p), p);
  var q = 10;
  var inc = function () { q = 20; return 1; };
  out.push(q + inc(), q);
  return out.join(' ');
}
print(run());
function* gen() {
  var g = 1;
  var r = g + (yield 'pause');
  return r + g;
}
var it = gen();
it.next();
print(it.next(41).value);
