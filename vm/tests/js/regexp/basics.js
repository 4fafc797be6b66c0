var r = /(\d+)-(?<y>\w+)/g;
print(r.source, r.flags, r.global, String(r));
var m = r.exec("aa 12-ab 34-cd");
print(m, m.index, m.input, m.groups.y, r.lastIndex);
print(RegExp.prototype.flags, RegExp.prototype.source);
print(/a/y.test("ba"), /a/.test("ba"));
print(RegExp.prototype[Symbol.replace].call(/(o)/g, "foo boo", "[$1$&$`]"));
print(RegExp.prototype[Symbol.split].call(/,\s*/, "a, b,c"));
print(RegExp.prototype[Symbol.match].call(/o+/g, "foo boo"));
print(RegExp.prototype[Symbol.search].call(/b/, "foo boo"));
var it = RegExp.prototype[Symbol.matchAll].call(/o(.)/g, "foo boz");
for (var x of it) print(x[0], x[1], x.index);
print(/(?<=\$)\d+/.exec("cost $42")[0]);
print(/\u{1F600}/u.test("😀"), /^.$/u.test("😀"), /^.$/.test("😀"));
var d = /a(?<z>b)?/d.exec("xab"); print(d.indices[0], d.indices[1], d.indices.groups.z);
try { new RegExp("("); } catch (e) { print(e.name); }
try { new RegExp("a", "gg"); } catch (e) { print(e.name); }
print(new RegExp(/x/g, "i").flags, RegExp(r) === r, new RegExp("/", "").source);
