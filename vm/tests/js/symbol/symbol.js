var s = Symbol("desc");
print(s.toString(), s.description, Symbol().description, Symbol().toString(), typeof s.valueOf());
print(Symbol.for("app") === Symbol.for("app"), Symbol.keyFor(Symbol.for("app")), Symbol.keyFor(s));
print(Symbol.iterator.description, Symbol.prototype[Symbol.toStringTag], Object.prototype.toString.call(s));
print(s[Symbol.toPrimitive]("number") === s, Symbol.prototype.toString.call(Symbol.iterator));
var d = Object.getOwnPropertyDescriptor(Symbol.prototype, Symbol.toPrimitive);
print(d.writable, d.enumerable, d.configurable);
try { new Symbol(); } catch (e) { print(e.name, e.message); }
try { Symbol.keyFor("x"); } catch (e) { print(e.name); }
var o = {}; o[s] = 1; print(o[s]);
Symbol.prototype.toString.call({});
