// Array.prototype.push on plain arrays (done in place) and on the cases that must take the
// generic [[Set]] path: inherited setters or read-only indices, non-extensible arrays,
// read-only length, array-likes, proxies on the prototype chain.
var out = (typeof print === 'function') ? print : function (s) { console.log(s); };

var a = [];
for (var i = 0; i < 100; i++) a.push(i, 'x' + i);
out(a.length + ' ' + a[0] + ' ' + a[199] + ' ' + a.push() + ' ' + [1, 2].push(3, 4, 5));
var holes = [1, , 3];
holes.length = 5;
out(holes.push('e') + ' ' + holes[5] + ' ' + (4 in holes));

Object.defineProperty(Array.prototype, 3, {
  set: function (v) { out('setter got ' + v); }, configurable: true
});
var b = [0, 1, 2];
out(b.push('three', 'four') + ' ' + b.hasOwnProperty(3) + ' ' + b[4]);
delete Array.prototype[3];

Object.defineProperty(Object.prototype, 1, { value: 'ro', writable: false, configurable: true });
var caught = 'none';
try { [5].push(6); } catch (e) { caught = e.constructor.name; }
delete Object.prototype[1];
out(caught);

var frozen = Object.freeze([1]);
try { frozen.push(2); } catch (e) { out(e.constructor.name + ' ' + frozen.length); }
var sealedLength = [1, 2];
Object.defineProperty(sealedLength, 'length', { writable: false });
try { sealedLength.push(3); } catch (e) { out(e.constructor.name + ' ' + sealedLength.length + ' ' + sealedLength[2]); }

var like = { length: 2 };
out(Array.prototype.push.call(like, 'a') + ' ' + like[2] + ' ' + like.length);

var proxied = [];
Object.setPrototypeOf(proxied, new Proxy([], {
  set: function (t, k, v, r) { out('proxy set ' + String(k)); return Reflect.set(t, k, v, r); }
}));
out(proxied.push('p') + ' ' + proxied.length);
