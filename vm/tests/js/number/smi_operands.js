// Binary operators with an int32 literal on the right (compiled to the `*Smi`
// instructions): every operand type, overflow to doubles, -0, and conversions in order.
var show = function (v) { return Object.is(v, -0) ? '-0' : typeof v === 'string' ? JSON.stringify(v) : String(v); };
var values = [0, -4, 7, 2147483647, -2147483648, 1.5, -0, NaN, Infinity, '12', 'x', true, null, undefined, [3], { valueOf: function () { return 9; } }];
var rows = [];
for (var i = 0; i < values.length; i++) {
  var v = values[i];
  rows.push([v + 1, v - 1, v * -3, v * 0, v % 2, v % -3, v | 0, v & 6, v ^ 5, v << 3, v >> 1, v >>> 0, v >>> 28].map(show).join(' '));
}
print(rows.join('\n'));
// Chains: a + 1 + 2 is (a + 1) + 2; literals on the left stay generic.
var s = 'a';
print(s + 1 + 2, 1 + 2 + s, (s + 1) * 2, 10 - 2 - 3, 2 ** 3 + 1);
// Conversions run once, left to right.
var log = [];
var obj = { valueOf: function () { log.push('valueOf'); return 5; } };
print(obj * 2 + 1, log.join(','));
// BigInt operands throw TypeError when mixed with a Number literal.
try { 1n + 1; } catch (e) { print(e.constructor.name); }
try { 1n | 0; } catch (e) { print(e.constructor.name); }
print(5n * 2n + 1n);
// Large and non-int literals stay generic.
print(3 + 4294967296, 3 * 0.5, 7 % 2.5, 1 + -0);
var hash = 0, text = 'agora';
for (var k = 0; k < text.length; k++) hash = (hash * 31 + text.charCodeAt(k)) % 1000000007;
print(hash, (hash & 1) === 0, hash | 0, -hash >> 2, -hash >>> 1);
var x = 2147483647;
x += 1;
print([x, x | 0, (x - 1) * 2, -2147483648 - 1, 65536 * 65536, -7 % 7].map(show).join(" "));
// Compound assignments with an int32 literal.
var c = 5, o = { n: 1 }, arr2 = [1.5], str = 'z';
c += 2; c *= -1; c %= 4; c <<= 3; c >>= 1; c >>>= 0; c |= 1; c &= 7; c ^= 2; c -= 100;
o.n += 10; o['n'] *= 3; arr2[0] -= 1; str += 1;
print(c, o.n, arr2[0], str);
