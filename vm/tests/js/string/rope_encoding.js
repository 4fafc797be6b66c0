// Ropes remember whether a leaf is UTF-16, so flattening picks the encoding at once.
var s = '';
for (var i = 0; i < 50; i++) s += 'abcdefghij' + i;
var t = s + '\u20ac' + s;
var u = '\u20ac' + s.slice(0, 30) + s;
print(s.length, t.length, t.charCodeAt(s.length), t.indexOf('\u20ac'), u.charCodeAt(0), u.slice(-5), t.slice(-3));
var v = ''; for (i = 0; i < 30; i++) v += (i % 7 ? 'x' : '\u00e9') + 'yyyyyyyyyyyyyyyyyyyyyyyyy';
print(v.length, v.charCodeAt(0), v.lastIndexOf('\u00e9'), encodeURIComponent(v.slice(0, 3)));
