// instanceof: Symbol.hasInstance, bound functions, non-callable right-hand sides.
function F() {}
var f = new F();
print(f instanceof F, f instanceof Object, 1 instanceof F);
var even = { [Symbol.hasInstance](v) { return v % 2 === 0; } };
print(2 instanceof even, 3 instanceof even);
var B = F.bind(null);
print(f instanceof B);
var FunctionPrototype = Object.getPrototypeOf(F);
print(F[Symbol.hasInstance](f), FunctionPrototype[Symbol.hasInstance].call({}, f));
var d = Object.getOwnPropertyDescriptor(FunctionPrototype, Symbol.hasInstance);
print(d.writable, d.enumerable, d.configurable, FunctionPrototype[Symbol.hasInstance].name);
try { f instanceof {}; } catch (e) { print(e.name); }
try { f instanceof 1; } catch (e) { print(e.name); }
function G() {}
G.prototype = 1;
try { f instanceof G; } catch (e) { print(e.name); }
print(1 instanceof G);
var P = new Proxy(F, {});
print(f instanceof P);
var proxied = new Proxy(f, { getPrototypeOf() { return Array.prototype; } });
print(proxied instanceof Array, proxied instanceof F);
