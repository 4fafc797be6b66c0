// Compound assignment to locals, and `if (…) continue/break` as one conditional jump.
function f() {
  var total = 0, n = 0, out = [];
  for (var i = 0; i < 10; i++) {
    if (i % 3 === 0) continue;
    if (i > 7) break;
    total += i * 2 + parseInt('1' + i, 10);
    n -= i;
  }
  out.push(total, n, i);
  const c = 1;
  try { c += 1; } catch (e) { out.push(e.constructor.name, c); }
  try { tdz += 1; let tdz = 0; } catch (e) { out.push(e.constructor.name); }
  var s = 'a';
  s += s + (s += 'b');
  out.push(s);
  var k = 0;
  outer: for (var a = 0; a < 3; a++) {
    for (var b = 0; b < 3; b++) {
      if (b === 1) continue outer;
      if (a === 2) break outer;
      k += 10 * a + b;
    }
  }
  out.push(k);
  var w = 0;
  while (w < 5) { w++; if (w === 2) { continue; } if (w === 4) { break; } }
  out.push(w);
  var it = [1, 2, 3, 4], seen = 0;
  for (var v of it) { if (v === 2) continue; if (v === 3) break; seen += v; }
  out.push(seen);
  try { for (var q = 0; q < 3; q++) { try { if (q === 1) continue; } finally { seen += 100; } } } catch (e) {}
  out.push(seen);
  return out.join(' ');
}
print(f());
var g = 5;
g += 2;
print(g, eval('var e1 = 1; e1 += 4; if (e1) { }'), eval('for (var z = 0; z < 2; z++) { if (z) continue; 7; }'));
