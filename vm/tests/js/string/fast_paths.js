// The string fast paths: in-place views, short concatenation, the shared one-unit strings,
// atoms cached in strings, integer remainder and integer ToString, parseInt, case mapping,
// split/join/sort over Latin-1 and UTF-16 strings and ropes.
var out = (typeof print === 'function') ? print : function (s) { console.log(s); };

// Concatenation: short flat, mixed Latin-1/UTF-16, ints on either side, ropes.
out('ab' + 'cd' + 1 + -2 + 'é' + '\u03bb' + 0 + 'x');
out(7 + 'a' + 2147483647 + -2147483648);
var rope = '';
for (var i = 0; i < 40; i++) rope += i % 3 === 0 ? '\u03bb' + i : 'x' + i;
out(rope.length + ' ' + rope.slice(0, 12) + ' ' + rope.slice(-6));
out(rope.indexOf('x20') + ' ' + rope.charCodeAt(3) + ' ' + rope[0] + rope.charAt(1));

// One-unit strings are shared but still ordinary strings.
var a = String.fromCharCode(97), b = 'abc'[0], c = 'xa'.charAt(1), d = 'za'.substring(1, 2);
out((a === b) + ' ' + (b === c) + ' ' + (c === d) + ' ' + a.length + ' ' + typeof a);
out(String.fromCharCode(0x3bb) + String.fromCharCode(65, 66) + String.fromCharCode(65.7) + String.fromCharCode(-1).charCodeAt(0));
out('abc'.charCodeAt(-1) + ' ' + 'abc'.charCodeAt(3) + ' ' + 'abc'.charCodeAt(1.5) + ' ' + 'abc'.charCodeAt('2'));

// Strings as keys: cached atoms, index keys, keys from ropes and UTF-16.
var counts = Object.create(null);
var keys = ['foo', 'bar', 'foo', '1', '01', '\u03bbx', 'bar', 'foo', rope, rope];
for (i = 0; i < keys.length; i++) {
  var k = keys[i];
  if (counts[k] === undefined) counts[k] = 1; else counts[k]++;
}
out(counts.foo + ' ' + counts.bar + ' ' + counts[1] + ' ' + counts['01'] + ' ' + counts['\u03bbx'] + ' ' + counts[rope]);
out(Object.keys(counts).length + ' ' + Object.keys(counts).slice(0, 5).join('|'));
var o = {}; o[-5] = 'neg'; o[2] = 'two';
out(o['-5'] + ' ' + o['2'] + ' ' + JSON.stringify(Object.keys(o)));

// Remainder: integer fast path and its edge cases.
out([7 % 3, -7 % 3, 7 % -3, -7 % -3, 5.5 % 2, 4294967296 * 3 + 5 % 4294967296].join(' '));
out([1 / (-4 % 2), 1 / (4 % -2), 1 / (-0 % 5), 5 % 0, 5 % Infinity, Infinity % 2, NaN % 2].join(' '));
out([(2 ** 53 + 2) % 3, 9007199254740991 % 10, -9007199254740991 % 10].join(' '));

// parseInt fast path and its fallbacks.
out([parseInt('42', 10), parseInt('-17'), parseInt('+8x'), parseInt('0x1f'), parseInt('0x1f', 10),
     1 / parseInt('-0'), parseInt(' 12'), parseInt('123456789012345678'), parseInt(''), parseInt('-'),
     parseInt('12', 16), parseInt('\u03bb')].join(' '));

// Case mapping: ASCII and not.
out('Hello, World!'.toUpperCase() + ' ' + 'MiXeD'.toLowerCase() + ' ' + 'straße ÿ'.toUpperCase() + ' ' + 'ΣΑΣ'.toLowerCase());

// split / join / sort.
out(JSON.stringify('a,b,,c'.split(',')) + JSON.stringify('abc'.split('')) + JSON.stringify('a\u03bbb\u03bbc'.split('\u03bb')));
out(JSON.stringify('a,b,c'.split(',', 2)) + JSON.stringify(''.split(',')) + JSON.stringify(''.split('')) + JSON.stringify(rope.split('x', 3)));
out(['b', 'a', 'c'].join() + ' ' + [1, null, 'x', undefined, '\u03bb'].join('-') + ' ' + [].join() + ' ' + [rope.slice(0, 3)].join('+'));
var words = ['pear', 'Apple', '\u03bbambda', 'apple', 'é', 'ab', 'a', rope.slice(0, 30), 'b'];
out(words.slice().sort().join(' '));
out(['10', '9', 1, 'b', 2].sort().join(' '));

// String comparison operators.
out(('a' < 'b') + ' ' + ('ab' < 'a') + ' ' + ('\u03bb' > 'z') + ' ' + ('é' < '\u03bb') + ' ' + (rope > rope.slice(0, 5)));

// JSON of strings and numbers.
out(JSON.stringify({ a: 'plain', b: 'q"uote\\', c: '\u03bb\n', d: 1, e: -2147483648, f: 1 / 7, g: rope.slice(0, 8) }));

// substr / substring / slice boundaries.
out('abcdef'.substr(-3, 2) + ' ' + 'abcdef'.substring(4, 1) + ' ' + 'abcdef'.slice(-2) + ' ' + 'abcdef'.slice(3, 1).length + ' ' + '\u03bbab'.slice(1));
