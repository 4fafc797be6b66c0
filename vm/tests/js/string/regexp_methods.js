// String methods that take a RegExp or a custom matcher object.
var matcher = { [Symbol.match](s) { return "custom match of " + s; } };
print("abc".match(matcher), "abc".match(null), "a.c".match("."));
print("x1y2".replace(/\d/g, (d) => d * 2), "x1y2".replaceAll(/\d/g, "<$&>"), "aaa".replaceAll("", "-"));
print("a+b+c".replaceAll("+", "$$"), "abc".replace("b", "$`$'"), "abc".replace("b", "$0$1"));
print("one two".search("two"), "one two".search(/x/), "ab".search());
print("a,b;c".split(/[,;]/), "test".split(/(t)/), "abc".split("", 2), "abc".split(undefined, 0).length);
print([..."ab".matchAll("b")].length, [..."aXbx".matchAll(/x/gi)].map((m) => m.index));
var splitter = { [Symbol.split](s, lim) { return [s, lim]; } };
print("q".split(splitter, 5));
// Primitives are not asked for Symbol methods (ES2025).
Object.defineProperty(Number.prototype, Symbol.split, { get() { throw new Error("read"); }, configurable: true });
print("a1b".split(1));
try { "a".replaceAll(/a/, "b"); } catch (e) { print(e.name); }
try { String.prototype.match.call(null, /a/); } catch (e) { print(e.name); }
try { "a".match("("); } catch (e) { print(e.name); }
print("abc".codePointAt(5), "\uD83D\uDE00".codePointAt(1), "\uDE00".codePointAt(0), "abc".at(5), "abc".at(-4));
print("abc".padEnd(6, "12345"), "abc".padStart(2), "abc".padStart(5, ""), "x".repeat(0) === "");
print("Straße".toUpperCase(), "İ".toLowerCase().length, "\uD800".toUpperCase().length);
print("\u1E9B\u0323".normalize("NFKC").length, "\u1E9B\u0323".normalize("NFKD").length, "abc".normalize() === "abc");
print("\t x \n".trim().length, "\uFEFFx\u3000".trim(), "x".trimLeft === "x".trimStart);
print(String.fromCodePoint(), String.fromCharCode(), String.raw({ raw: "abc" }, 1, 2, 3, 4));
try { String.fromCodePoint(1.5); } catch (e) { print(e.name); }
try { String.fromCodePoint(-1); } catch (e) { print(e.name); }
try { String.raw({}); } catch (e) { print(e.name); }
print("ab".link("u\"rl"), "ab".fontsize(7), "ab".sub(), "abc".substr(1), "abc".substr(-5, 2));
print("aXbX".lastIndexOf("X", -1), "aXbX".lastIndexOf("X", NaN), "abc".lastIndexOf(""), "abc".indexOf("", 10));
print("b".localeCompare("a"), "a".localeCompare("a"), "abc".includes(""), "abc".startsWith("bc", 1), "abc".endsWith("ab", 2));
print("o\u0308".localeCompare("\u00f6"), "\u00f6".localeCompare("o\u0308"));
