print("abc".at(-1), "abc".codePointAt(1), "😀".codePointAt(0), "a".concat(1, null));
print("abcdef".endsWith("ef"), "abc".includes("b", 2), "abcabc".lastIndexOf("c"), "abcabc".lastIndexOf("c", 4));
print("x".padStart(4, "ab"), "x".padEnd(3), "ab".repeat(3), "  hi ".trim() + "|", " a ".trimStart() + "|", " a ".trimEnd() + "|");
print(String.prototype.trimLeft === String.prototype.trimStart, String.prototype.trimRight.name);
print("a-b-c".split("-"), "a-b-c".split("-", 2).length, "abc".split(""), "".split(",").length, "a1b22c".split(/\d+/));
print("aaa".replace("a", "$&$&"), "aaa".replaceAll("a", "b"), "x-y".replace(/(\w)-(\w)/, "$2-$1"), "abc".replace(/b/, function (m, i, s) { return "[" + m + i + s + "]"; }));
print("2020-10".replace(/(?<y>\d+)-(?<m>\d+)/, "$<m>/$<y>"), "aXbX".replaceAll(/x/gi, "_"));
print("abcb".search(/b/), "abc".match(/b/)[0], "a1b2".match(/\d/g), [..."a😀b"].length);
for (var m of "a1b2".matchAll(/\d/g)) print(m[0], m.index);
print(String.fromCharCode(65, 66.5, 65536 + 67), String.fromCodePoint(0x1F600).length, String.raw({raw: ["a", "b", "c"]}, 1));
print("\u0041\u030A".normalize("NFC").length, "Å".normalize("NFD").length, "ΑΣ".toLowerCase(), "ß".toUpperCase());
print("abc".substr(-2, 1), "abc".substring(2, 0), "abc".slice(-2), "x".anchor('"q"'), "x".big());
print("ab\uD800".isWellFormed(), "ab\uD800".toWellFormed().charCodeAt(2), "a".localeCompare("b"));
try { "a".startsWith(/a/); } catch (e) { print(e.name); }
try { "a".matchAll(/a/); } catch (e) { print(e.name); }
try { "a".repeat(-1); } catch (e) { print(e.name); }
try { "a".normalize("x"); } catch (e) { print(e.name); }
var it = "ab"[Symbol.iterator](); print(it.next().value, it.next().value, it.next().done, Object.prototype.toString.call(it));
