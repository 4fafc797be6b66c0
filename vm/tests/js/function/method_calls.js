// Method calls whose receiver or arguments are locals read from their own registers
// (CallProperty0/1/2): evaluation order, `this`, and arguments that assign a local read
// before them.
function f(s, i) {
  var out = [s.charCodeAt(i), s.slice(i, i + 2), s.toUpperCase(), s['char' + 'At'](i)];
  var o = { m: function (a, b) { return [this === o, a, b].join(); } };
  out.push(o.m(i, s), o.m(), o.m(s));
  var arr = [3, 1, 2];
  out.push(arr.push(i), arr.indexOf(i), arr.join());
  // an argument that assigns a local read before it
  var x = 1;
  out.push(o.m(x, x = 2), x);
  var y = o;
  out.push(y.m(1, (y = null, 2)), y);
  return out.join(' | ');
}
print(f('agora', 1));
try { var n = null; n.m(1); } catch (e) { print(e.constructor.name); }
try { var q = {}; q.nope(1); } catch (e) { print(e.constructor.name); }
try { var q2 = {}; var k = 'zz'; q2[k](k); } catch (e) { print(e.constructor.name); }
