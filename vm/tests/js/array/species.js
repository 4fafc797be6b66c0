// ArraySpeciesCreate, the this-constructor of Array.from/of, IsConcatSpreadable,
// toLocaleString, @@unscopables.
class MyArray extends Array {
  static get [Symbol.species]() { return this; }
}
const m = MyArray.from([1, 2, 3]);
print(m instanceof MyArray, m.length);
for (const name of ['map', 'filter', 'slice', 'splice', 'concat', 'flat', 'flatMap']) {
  const r = name === 'map' || name === 'filter' || name === 'flatMap'
    ? m[name](x => x)
    : m[name](0);
  print(name, r instanceof MyArray, r.constructor === MyArray);
}
print('of', MyArray.of(1, 2) instanceof MyArray, Array.of.call(Object, 1, 2).length);

// A null species, or a plain object constructor, falls back to Array.
const plain = [1, 2];
plain.constructor = { [Symbol.species]: null };
print(Array.isArray(plain.map(x => x)), plain.map(x => x).constructor === Array);

// A species that is not a constructor is a TypeError.
const bad = [1];
bad.constructor = { [Symbol.species]: 42 };
try { bad.map(x => x); } catch (e) { print(e.constructor.name, e.message); }

// A species making a non-extensible object: CreateDataPropertyOrThrow throws.
const frozen = [1];
frozen.constructor = { [Symbol.species]: function () { return Object.freeze({}); } };
try { frozen.map(x => x); } catch (e) { print(e.constructor.name); }

// Array.from with a this constructor: Construct(C) for iterables, Construct(C, len) else.
function Ctor(n) { this.args = arguments.length; this.n = n; }
const a1 = Array.from.call(Ctor, new Set(['a', 'b']));
const a2 = Array.from.call(Ctor, { length: 2, 0: 'x', 1: 'y' });
print(a1.args, a1.length, a1[1], a2.args, a2.n, a2.length, a2[0]);

// IsConcatSpreadable.
const spreadable = { length: 2, 0: 'a', 1: 'b', [Symbol.isConcatSpreadable]: true };
const unspread = [9, 8];
unspread[Symbol.isConcatSpreadable] = false;
print(JSON.stringify([0].concat(spreadable, unspread)));

// toLocaleString invokes each element's toLocaleString.
const tl = [1, null, { toLocaleString() { return 'L'; } }, undefined, 'x'];
print(tl.toLocaleString());
try { [{ toLocaleString: 1 }].toLocaleString(); } catch (e) { print(e.constructor.name); }

// @@unscopables hides the newer names from `with`.
const u = Array.prototype[Symbol.unscopables];
print(Object.getPrototypeOf(u), Object.keys(u).join());
var keys = 'outer';
with ([]) { print(typeof keys, typeof push); }

// Methods return their ToObject(this), not the primitive.
print(typeof Array.prototype.fill.call(true), typeof Array.prototype.reverse.call(1));
