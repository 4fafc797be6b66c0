// Date.prototype[Symbol.toPrimitive] and ToPrimitive consulting it.
var d = new Date(0);
var f = Date.prototype[Symbol.toPrimitive];
print(typeof f, f.name, f.length);
var desc = Object.getOwnPropertyDescriptor(Date.prototype, Symbol.toPrimitive);
print(desc.writable, desc.enumerable, desc.configurable);
print(f.call(d, "number"), typeof f.call(d, "default"), typeof f.call(d, "string"));
try { f.call(d, "bogus"); } catch (e) { print(e.name); }
try { f.call(d); } catch (e) { print(e.name); }
try { f.call(0, "number"); } catch (e) { print(e.name); }
// Works on any object through OrdinaryToPrimitive.
print(f.call({ valueOf() { return 1; }, toString() { return "s"; } }, "number"));
print(f.call({ valueOf() { return 1; }, toString() { return "s"; } }, "default"));
// + uses the default hint (string for Dates), - and < use number.
print(typeof (d + 1), d - 1, d < 1, d == d.toString());
// User-defined @@toPrimitive.
var o = { [Symbol.toPrimitive](hint) { return hint; } };
print(`${o}`, o + "", +{ [Symbol.toPrimitive]() { return 7; } });
try { +{ [Symbol.toPrimitive]() { return {}; } }; } catch (e) { print(e.name); }
try { +{ [Symbol.toPrimitive]: 1 }; } catch (e) { print(e.name); }
print(+{ [Symbol.toPrimitive]: undefined, valueOf() { return 3; } });
