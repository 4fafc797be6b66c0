// Keyed access on objects with many properties (dictionary shapes) and the shape-only
// fast paths: keys interned once, prototypes with setters and read-only properties,
// non-extensible objects, and inline caches that saw a property on the prototype.
function keys(n, prefix) {
  var out = [];
  for (var i = 0; i < n; i++) out.push(prefix + i);
  return out;
}

// A dictionary used as a counter map.
var words = keys(300, 'w');
var counts = Object.create(null);
for (var r = 0; r < 3; r++) {
  for (var i = 0; i < words.length; i += r + 1) {
    var k = words[i];
    if (counts[k] === undefined) counts[k] = 1; else counts[k]++;
  }
}
print(counts.w0, counts.w1, counts.w2, counts.w6, counts.w299, Object.keys(counts).length);

// A prototype setter and a read-only prototype property stop keyed stores from adding.
var log = [];
var proto = {};
Object.defineProperty(proto, 'guarded', { set: function (v) { log.push('set ' + v); }, configurable: true });
Object.defineProperty(proto, 'fixed', { value: 'proto', writable: false, configurable: true });
var dict = Object.create(proto);
keys(100, 'p').forEach(function (k, i) { dict[k] = i; });
var names = ['guarded', 'fixed', 'fresh'];
for (var j = 0; j < names.length; j++) dict[names[j]] = 'own ' + j;
print(log.join(';'), dict.fixed, dict.fresh, Object.prototype.hasOwnProperty.call(dict, 'guarded'));
(function () {
  'use strict';
  try { dict[names[1]] = 'again'; } catch (e) { print(e.constructor.name); }
})();

// Non-extensible and frozen dictionaries.
var sealed = {};
keys(80, 's').forEach(function (k, i) { sealed[k] = i; });
Object.preventExtensions(sealed);
var key = 's79';
sealed[key] = 'changed';
sealed['s80'] = 'added';
print(sealed.s79, sealed.s80, Object.keys(sealed).length);
(function () {
  'use strict';
  try { sealed['s81'] = 1; } catch (e) { print(e.constructor.name, e.message.length > 0); }
})();
Object.freeze(sealed);
sealed[key] = 'frozen';
print(sealed.s79);

// A load site that saw a property on the prototype must see it again once the dictionary
// object gets its own (the dictionary grows in place, without a new shape).
var base = { shared: 'from proto' };
var big = Object.create(base);
keys(90, 'b').forEach(function (k, i) { big[k] = i; });
function readShared(o) { return o.shared; }
var seen = [];
seen.push(readShared(big), readShared(big));
big['shar' + 'ed'] = 'own';
seen.push(readShared(big));
delete big.shared;
seen.push(readShared(big));
print(seen.join(' | '));

// A store site that cached an add past a prototype must notice the prototype gaining a
// setter, even when the prototype is a dictionary.
var bigProto = {};
keys(90, 'q').forEach(function (k, i) { bigProto[k] = i; });
function make() { var o = Object.create(bigProto); o.late = 1; return o; }
make(); make();
Object.defineProperty(bigProto, 'late', { set: function (v) { log.push('late ' + v); }, configurable: true });
var m = make();
print(Object.prototype.hasOwnProperty.call(m, 'late'), log[log.length - 1]);

// Index-like string keys stay elements; numeric-looking names stay names.
var mixed = {};
keys(70, 'm').forEach(function (k, i) { mixed[k] = i; });
mixed['5'] = 'five';
mixed['05'] = 'oh-five';
mixed['-0'] = 'minus zero';
print(mixed[5], mixed['05'], mixed['-0'], Object.keys(mixed).slice(0, 2).join(','), Object.keys(mixed).slice(-2).join(','));

// Array.prototype gaining an index makes push see it (the setter runs).
var arr = [1, 2];
var lastSet = 'none';
Object.defineProperty(Array.prototype, '2', { set: function (v) { lastSet = 'index setter ' + v; }, configurable: true });
arr.push(3);
print(arr.length, arr[2] === undefined, lastSet);
delete Array.prototype[2];
arr.push(4);
print(arr.length, arr.join(','));
