// Array methods read present elements and create result elements in the dense store;
// holes, prototype elements, species results and non-writable lengths take the full path.
var log = [];
var a = [1, 2, , 4];
Array.prototype[2] = 'from proto';
print(a.map(function (x) { return typeof x; }).join(), a.filter(function () { return true; }).length);
delete Array.prototype[2];
print(a.map(function (x) { return x * 2; }).length, 2 in a.map(function (x) { return x; }));
var frozenLength = [1, 2, 3];
class Sub extends Array {}
var s = Sub.from([1, 2, 3]).map(function (x) { return x + 1; });
print(s instanceof Sub, s.join());
var obj = { length: 3, 0: 'a', 2: 'c' };
print(Array.prototype.map.call(obj, function (x) { return x + '!'; }).join('|'));
var withSetter = [];
Object.defineProperty(Array.prototype, '0', { set: function (v) { log.push('setter ' + v); }, configurable: true });
var mapped = [5].map(function (x) { return x; });
print(mapped[0], log.length, Object.getOwnPropertyDescriptor(mapped, '0').value);
delete Array.prototype[0];
// A species constructor returning a non-extensible array makes CreateDataPropertyOrThrow throw.
var Species = function (n) { return Object.preventExtensions([]); };
var base = [1, 2];
base.constructor = {};
base.constructor[Symbol.species] = Species;
try { base.map(function (x) { return x; }); } catch (e) { print(e.constructor.name); }
// An element defined read-only on the result stops the overwrite.
var Species2 = function (n) { var r = []; Object.defineProperty(r, '0', { value: 'fixed', writable: false, configurable: false }); return r; };
var base2 = [1];
base2.constructor = {};
base2.constructor[Symbol.species] = Species2;
try { base2.map(function (x) { return x; }); } catch (e) { print(e.constructor.name); }
print([3, 1, 2].filter(function (x) { return x > 1; }).reduce(function (p, c) { return p + c; }));
