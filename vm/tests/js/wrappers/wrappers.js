// Primitive wrapper objects, ToObject and the boxing of `this` in sloppy functions.
var s = new String("héllo");
print(typeof s, s.length, s[1], s[9], String(s), s + "!", s instanceof String);
print(Object.keys(s).join(), Object.getOwnPropertyNames(s).join());
s[0] = "X";
s.extra = 1;
print(s[0], s.extra, delete s[0], delete s.length, s.length);
var d = Object.getOwnPropertyDescriptor(s, "0");
print(d.value, d.writable, d.enumerable, d.configurable);
print("2" in s, "5" in s, s.hasOwnProperty(4));
var n = new Number(42);
print(typeof n, n + 1, n.valueOf(), n.toString(), n.toFixed(1), n instanceof Number);
var b = new Boolean(false);
print(typeof b, b ? "truthy" : "falsy", b.valueOf(), b.toString(), String(b));
print(typeof Object("s"), typeof Object(1), typeof Object(true), typeof Object(Symbol()));
print(Object("s") instanceof String, Object(1) instanceof Number, Object(true) instanceof Boolean);
var symObj = Object(Symbol("d"));
print(typeof symObj, symObj instanceof Object);
print(new String("a") == "a", new String("a") === "a", new Number(1) == 1, new Number(2) + new Number(3));
print(Boolean.prototype.valueOf(), Number.prototype.valueOf(), String.prototype.valueOf() === "", String.prototype.length);
function sloppy() { return this; }
function strict() { "use strict"; return this; }
print(typeof sloppy.call(1), typeof sloppy.call("s"), typeof sloppy.call(true), sloppy.call(undefined) === globalThis);
print(typeof strict.call(1), strict.call(undefined));
Number.prototype.me = function () { return typeof this; };
String.prototype.me = function () { "use strict"; return typeof this; };
print((5).me(), "x".me());
try { Number.prototype.valueOf.call("1"); } catch (e) { print(e.name); }
try { Boolean.prototype.toString.call({}); } catch (e) { print(e.name); }
class MyNumber extends Number {}
var mn = new MyNumber(3);
print(mn + 1, mn instanceof MyNumber, mn instanceof Number);
var prim = { [Symbol.toPrimitive](hint) { return hint; } };
print(`${prim}`, prim + "", +{ [Symbol.toPrimitive]() { return 7; } });
var strs = [];
for (var k in "ab") strs.push(k);
print(strs.join());
var fs = Object.freeze(new String("ok"));
print(Object.isFrozen(fs), fs[0], fs.length, Object.keys(fs).join());
var redefined = new String("ab");
Object.defineProperty(redefined, "0", { value: "a" });
try { Object.defineProperty(redefined, "1", { value: "z" }); } catch (e) { print(e.name); }
try { (function () { "use strict"; redefined[1] = "z"; })(); } catch (e) { print(e.name); }
try { (function () { "use strict"; delete redefined[1]; })(); } catch (e) { print(e.name); }
redefined[5] = "five";
print(redefined[0], redefined[1], redefined[5], Object.keys(redefined).join(), Object.getOwnPropertyNames(redefined).join());
print(Object.entries(Object("xy")).join(";"), Object.assign({}, "hi")[1], { ..."ab" }[0]);
