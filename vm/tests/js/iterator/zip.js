// Iterator.zip and Iterator.zipKeyed (ES2026 joint iteration).
const log = [];
// An iterator over `values` that logs its return() calls.
function tracked(name, values) {
  let i = 0;
  return {
    __proto__: Iterator.prototype,
    next() { return i < values.length ? { value: values[i++], done: false } : { value: undefined, done: true }; },
    return() { log.push('return ' + name); return {}; },
  };
}
function flush() { print(log.length ? log.join(', ') : '(no closes)'); log.length = 0; }
const show = (it) => JSON.stringify([...it]);

// Modes over arrays.
print(show(Iterator.zip([[1, 2, 3], ['a', 'b']])));
print(show(Iterator.zip([[1, 2, 3], ['a', 'b']], { mode: 'shortest' })));
print(show(Iterator.zip([[1, 2, 3], ['a', 'b']], { mode: 'longest' })));
print(show(Iterator.zip([[1, 2], ['a', 'b']], { mode: 'strict' })));
print(show(Iterator.zip([])), show(Iterator.zip([], { mode: 'longest' })));
const z = Iterator.zip([[1]]);
print(Object.getPrototypeOf(z) === Object.getPrototypeOf([].values().map(x => x)), typeof z.next);
const r1 = z.next();
print(Array.isArray(r1.value), JSON.stringify(r1), JSON.stringify(z.next()));

// Padding: an iterable read up front (only as many values as there are iterators).
print(show(Iterator.zip([[1, 2, 3], [], ['a']], { mode: 'longest', padding: ['p0', 'p1'] })));
function* pads() { try { yield 'x'; yield 'y'; yield 'z'; } finally { log.push('pads closed'); } }
print(show(Iterator.zip([[1, 2], [3]], { mode: 'longest', padding: pads() })));
flush();
// Padding is ignored (not even read) outside "longest".
print(show(Iterator.zip([[1], [2, 3]], { get padding() { log.push('padding read'); return []; } })));
flush();

// Shortest: the others are closed, in reverse order.
print(show(Iterator.zip([tracked('a', [1, 2, 3]), tracked('b', [1]), tracked('c', [1, 2])])));
flush();
// Strict: a length mismatch is a TypeError, after closing the open iterators.
try { show(Iterator.zip([tracked('a', [1, 2]), tracked('b', [1])], { mode: 'strict' })); }
catch (e) { print('strict', e.constructor.name); }
flush();
try { show(Iterator.zip([tracked('a', [1]), tracked('b', [1, 2]), tracked('c', [1])], { mode: 'strict' })); }
catch (e) { print('strict first', e.constructor.name); }
flush();
// Longest: nothing to close when all are done.
print(show(Iterator.zip([tracked('a', [1]), tracked('b', [1, 2])], { mode: 'longest' })));
flush();
// return() closes every open iterator, in reverse order; then the helper is done.
const early = Iterator.zip([tracked('a', [1, 2]), tracked('b', [1, 2]), tracked('c', [1, 2])]);
early.next();
print(JSON.stringify(early.return()), JSON.stringify(early.next()));
flush();
const unstarted = Iterator.zip([tracked('a', [1]), tracked('b', [1])]);
unstarted.return();
flush();
// Longest: a finished iterator is not closed again.
const partly = Iterator.zip([tracked('a', [1]), tracked('b', [1, 2, 3])], { mode: 'longest' });
partly.next(); partly.next();
partly.return();
flush();

// Errors.
for (const [label, f] of [
  ['non-object', () => Iterator.zip(1)],
  ['string iterables', () => Iterator.zip('ab')],
  ['string item', () => Iterator.zip(['ab'])],
  ['bad options', () => Iterator.zip([], 'longest')],
  ['bad mode', () => Iterator.zip([], { mode: 'widest' })],
  ['mode object', () => Iterator.zip([], { mode: { toString() { return 'longest'; } } })],
  ['bad padding', () => Iterator.zip([], { mode: 'longest', padding: 1 })],
  ['keyed non-object', () => Iterator.zipKeyed(undefined)],
]) {
  try { f(); print(label, 'no error'); } catch (e) { print(label, e.constructor.name); }
}
// An error opening a later iterable closes the ones opened before.
try { Iterator.zip([tracked('a', []), tracked('b', []), 5]); } catch (e) { print('bad item', e.constructor.name); }
flush();

// zipKeyed: null-prototype objects keyed like the input.
const keyed = Iterator.zipKeyed({ x: [1, 2], y: ['a', 'b', 'c'] });
const first = keyed.next().value;
print(Object.getPrototypeOf(first), JSON.stringify(first), JSON.stringify([...keyed]));
print(show(Iterator.zipKeyed({ x: [1, 2], y: ['a', 'b', 'c'] }, { mode: 'longest', padding: { x: 0 } })));
print(show(Iterator.zipKeyed({ x: [1], y: ['a'] }, { mode: 'strict' })));
// Undefined values and non-enumerable properties are skipped; symbol keys count.
const sym = Symbol('s');
const src = { a: [1], b: undefined, [sym]: [2] };
Object.defineProperty(src, 'hidden', { value: [3], enumerable: false });
const k = Iterator.zipKeyed(src).next().value;
print(JSON.stringify(Reflect.ownKeys(k).map(String)), k.a, k[sym]);
try { show(Iterator.zipKeyed({ a: tracked('a', [1, 2]), b: tracked('b', [1]) }, { mode: 'strict' })); }
catch (e) { print('keyed strict', e.constructor.name); }
flush();
// While return() closes the iterators (from suspended-yield) the helper is executing.
let helper;
const reentrant = { __proto__: Iterator.prototype, next() { return { value: 1, done: false }; },
  return() { try { helper.next(); } catch (e) { log.push('reentrant ' + e.constructor.name); } return {}; } };
helper = Iterator.zip([reentrant]);
helper.next();
helper.return();
print(JSON.stringify(helper.next()));
flush();
