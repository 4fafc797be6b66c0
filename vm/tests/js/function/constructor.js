// The Function constructor (CreateDynamicFunction) and Function.prototype.toString.
var add = Function("a", "b", "return a + b");
print(add(1, 2), add.length, add.name);
print(add.toString());
print(Function("return this")() === globalThis);
print(new Function() instanceof Function, typeof Function.prototype, Function.prototype());
print(Function("a, b", "c", "return a + b + c")(1, 2, 3));
try { Function("a", "}") } catch (e) { print(e.name) }
try { Function("/*", "*/){") } catch (e) { print(e.name) }
print(Object.getPrototypeOf(add) === Function.prototype);
print(Math.max.toString());
print((function foo(x) { return x }).toString());
print((class A { m() {} }).toString());
print(Function.prototype.toString.call(add.bind(null)));
try { Function.prototype.toString.call({}) } catch (e) { print(e.name) }
// Strict parameters and body are checked together.
try { Function("a", "a", "'use strict';") } catch (e) { print(e.name) }
