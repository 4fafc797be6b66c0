// Assignment targets are evaluated before the assigned value: the object and key of
// `o[k] = v` are the ones seen before `v` runs, even when `v` assigns them (the compiler
// reads register locals in place only when the value assigns nothing).
function run() {
  var out = [];
  var a = {}, b = {}, o = a, k = 'x';
  o[k] = (k = 'y', o = b, 1);
  out.push(JSON.stringify(a), JSON.stringify(b), k);
  o = a; k = 'n';
  o[k] = 0;
  o[k] += (o = b, k = 'm', 5);
  out.push(JSON.stringify(a), JSON.stringify(b));
  o = a;
  o.p = (o = b, 'p');
  out.push(a.p, b.p);
  var c = { v: 1 }, d = { v: 100 }, t = c;
  t.v ||= (t = d, 7);
  t = c; t.v &&= (t = d, 9);
  out.push(c.v, d.v);
  var arr = [10, 20, 30], i = 0;
  arr[i] = arr[i++] + 1;
  out.push(arr.join(), i);
  i = 0;
  arr[i++] += 100;
  out.push(arr.join(), i);
  var e = {}, key = 'q';
  [e[key] = (key = 'r', 'default')] = [];
  out.push(JSON.stringify(e), key);
  var counts = Object.create(null), w = 'word';
  counts[w] = 1; counts[w]++; ++counts[w]; counts[w] *= 2;
  out.push(counts.word);
  var n = null;
  try { n[w]++; } catch (err) { out.push(err.constructor.name); }
  // ToPropertyKey runs once for the read and the write (V8 runs it twice).
  var keyObj = { toString: function () { out.push('toString'); return 'z'; } };
  var z = {};
  z[keyObj]++;
  out.push(JSON.stringify(z));
  return out.join(' | ');
}
print(run());
