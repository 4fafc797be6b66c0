// Object.prototype's methods and the Annex B accessors helpers.
var o = { a: 1 };
print(o.hasOwnProperty("a"), o.hasOwnProperty("b"), "s".hasOwnProperty(0), "s".hasOwnProperty("length"));
print(Object.prototype.isPrototypeOf(o), o.isPrototypeOf(Object.prototype), Array.prototype.isPrototypeOf([]));
print(Object.prototype.isPrototypeOf(1));
print(o.propertyIsEnumerable("a"), [1].propertyIsEnumerable("length"), [1].propertyIsEnumerable(0));
print(o.toLocaleString(), [1, 2].toLocaleString === undefined ? "" : "");
var ts = Object.prototype.toString;
print(ts.call(undefined), ts.call(null), ts.call(1), ts.call(true), ts.call("s"));
print(ts.call([]), ts.call(function () {}), ts.call(new Error("x")), ts.call({}));
print(ts.call(new Boolean(true)), ts.call(new Number(1)), ts.call(new String("s")));
print(ts.call((function () { return arguments; })()));
var tagged = {};
tagged[Symbol.toStringTag] = "Custom";
print(ts.call(tagged), ts.call(Math));
var tag2 = [];
tag2[Symbol.toStringTag] = 5;
print(ts.call(tag2));
print(typeof Object.prototype.valueOf.call(1), Object.prototype.valueOf.call(o) === o);
try { Object.prototype.valueOf.call(null); } catch (e) { print(e.name); }
print(o.__proto__ === Object.prototype, (1).__proto__ === Number.prototype);
var child = {};
child.__proto__ = o;
print(child.a, Object.getPrototypeOf(child) === o);
child.__proto__ = 5;
print(Object.getPrototypeOf(child) === o);
var nullProto = Object.create(null);
print(nullProto.__proto__);
var desc = Object.getOwnPropertyDescriptor(Object.prototype, "__proto__");
print(typeof desc.get, typeof desc.set, desc.enumerable, desc.configurable);
var acc = {};
acc.__defineGetter__("g", function () { return "got"; });
acc.__defineSetter__("s", function (v) { this.last = v; });
acc.s = 4;
print(acc.g, acc.last, typeof acc.__lookupGetter__("g"), acc.__lookupGetter__("s"), typeof acc.__lookupSetter__("s"));
var heir = Object.create(acc);
print(typeof heir.__lookupGetter__("g"), heir.__lookupGetter__("missing"));
try { acc.__defineGetter__("x", 1); } catch (e) { print(e.name); }
