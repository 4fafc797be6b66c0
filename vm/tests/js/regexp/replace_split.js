// replace with a function, named groups, $-patterns, global and sticky.
print("John Smith".replace(/(?<first>\w+)\s(?<last>\w+)/, "$<last>, $<first>"));
print("a.b.c".replace(/\./g, function (m, off) { return "[" + off + "]"; }));
print("abc".replace(/(?<l>b)/, (...a) => a[a.length - 1].l.toUpperCase()));
print("abc".replace(/b/, "$$-$`-$'-$0-$1-$<x>"));
print("aaa".replace(/a*?/g, "-"));
print("x1y2".replace(/(\d)/g, "<$1$11>"));
// split with captures, limits, unicode, empty matches.
print("a1b2c".split(/(\d)/));
print("a1b2c".split(/\d/, 2));
print("abc".split(/(?:)/));
print("😀😀".split(/(?:)/u).length, "😀😀".split(/(?:)/).length);
print("".split(/x/).length, "".split(/(?:)/).length);
// sticky and lastIndex.
var y = /a/y;
print(y.test("aab"), y.lastIndex, y.test("aab"), y.lastIndex, y.test("aab"), y.lastIndex);
var g = /o/g;
print(g.exec("foo").index, g.lastIndex, g.exec("foo").index, g.exec("foo"), g.lastIndex);
// lookbehind, unicode, dotAll, multiline, ignoreCase.
print("$10 €20".match(/(?<=€)\d+/)[0], /(?<!\$)\b\d+/.exec("$10 20")[0]);
print(/^b$/m.test("a\nb"), /a.b/s.test("a\nb"), /a.b/.test("a\nb"), /ABC/i.test("abc"));
print(/\p{Lu}/u.test("É"), /[\u{1F600}-\u{1F64F}]/u.test("🙂"));
// Symbol.split uses the species constructor.
class MyRE extends RegExp {}
var parts = "a,b".split(new MyRE(","));
print(parts.length, new MyRE("x", "g") instanceof MyRE, new MyRE("x", "g").flags);
// matchAll and match with the g flag.
print(Array.from("t1t22".matchAll(/t(\d+)/g), function (m) { return m[1]; }));
print("abc".match(/z/g), "aBc".match(/b/i).index);
// exec results.
var m = /(a)|(b)/.exec("b");
print(m.length, m[1], m[2], m.groups, Object.keys(m));
// Errors.
try { RegExp.prototype.exec.call({}, "a"); } catch (e) { print(e.name); }
try { /a/[Symbol.replace].call(1, "a", "b"); } catch (e) { print(e.name); }
try { new RegExp("[b-a]"); } catch (e) { print(e.name); }
try { new RegExp("a", "uv"); } catch (e) { print(e.name); }
try { RegExp.prototype.global; print("ok", RegExp.prototype.global); } catch (e) { print(e.name); }
try { Object.getOwnPropertyDescriptor(RegExp.prototype, "global").get.call({}); } catch (e) { print(e.name); }
