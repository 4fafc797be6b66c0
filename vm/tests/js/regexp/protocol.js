// RegExp.escape, compile, species, custom exec, Symbol.match opt-out, flags getter order.
print(RegExp.escape("1+1=2?"), RegExp.escape("a.b"), RegExp.escape("é"));
var r = /a/g; r.lastIndex = 3; r.compile("b+", "i");
print(r.source, r.flags, r.lastIndex, r.test("xBB"));
print(RegExp[Symbol.species] === RegExp, RegExp.length, RegExp.name);
var calls = [];
var fake = { get flags() { calls.push("flags"); return "g"; }, exec: function (s) { calls.push("exec"); return null; } };
print(RegExp.prototype[Symbol.match].call(fake, "x"), calls);
var order = [];
var o = {};
["hasIndices", "global", "ignoreCase", "multiline", "dotAll", "unicode", "unicodeSets", "sticky"].forEach(function (k) {
  Object.defineProperty(o, k, { get: function () { order.push(k); return true; } });
});
print(Object.getOwnPropertyDescriptor(RegExp.prototype, "flags").get.call(o), order.join());
// Symbol.match = false makes a RegExp a plain value for startsWith and the constructor.
var re = /./; re[Symbol.match] = false;
print("/./".startsWith(re));
// Custom exec results feed replace.
var custom = /x/; custom.exec = function () { return { index: 1, 0: "bc", length: 1 }; };
print("abcd".replace(custom, "[$&]"));
// The lastIndex protocol of exec with g and y.
var g = /a/g; g.lastIndex = 10; print(g.exec("aaa"), g.lastIndex);
var u = /./gu; print("😀x".match(u).length, "😀".replace(/(?:)/gu, "-"), "😀".replace(/(?:)/g, "-").length);
// new RegExp from a RegExp keeps or replaces the flags; source escaping.
print(new RegExp(/a\/b/m).flags, String(new RegExp("\n")), String(RegExp("")), String(new RegExp("[/]")));
// String.raw with a template.
print(String.raw`a\n${1 + 1}b`);
// String iterator is a separate object per call and walks code points.
var s = "x😀"; var it1 = s[Symbol.iterator](), it2 = s[Symbol.iterator]();
print(it1 === it2, it1.next().value, it1.next().value.length, it1.next().done, it2.next().value);
try { RegExp.escape(1); } catch (e) { print(e.name); }
try { RegExp.prototype.compile.call({}, "a"); } catch (e) { print(e.name); }
try { /a/.compile(/b/, "g"); } catch (e) { print(e.name); }
// Duplicate named groups (ES2025): the backreference and groups use the participating one.
var dup = /(?:(?<x>a)|(?<x>b))\k<x>/;
print(dup.exec("bb"), dup.exec("bb").groups.x, dup.test("ab"), "xxyy".replace(/(?:(?<c>x)|(?<c>y))\k<c>/g, "<$<c>>"));
// Non-unicode group names may be astral.
print(/(?<𝑓>o)/.exec("foo").groups["𝑓"]);
// With u, a lastIndex inside a surrogate pair starts at the pair.
var mid = /\udf06/gu; mid.lastIndex = 1; print(mid.exec("\ud834\udf06"));
var mid2 = /./gu; mid2.lastIndex = 1; var mm = mid2.exec("\ud834\udf06"); print(mm.index, mm[0].length, mid2.lastIndex);
