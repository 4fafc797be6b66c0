// Array.fromAsync: async iterables, sync iterables (values awaited), array-likes, mapping,
// a this constructor, rejections and closing the iterator.
async function* agen() { yield 1; yield Promise.resolve(2); yield 3; }
function* gen() { yield Promise.resolve('a'); yield 'b'; }
class MyArray extends Array {}
(async () => {
  print(JSON.stringify(await Array.fromAsync(agen())));
  print(JSON.stringify(await Array.fromAsync(gen())));
  print(JSON.stringify(await Array.fromAsync({ length: 2, 0: Promise.resolve('x'), 1: 'y' })));
  print(JSON.stringify(await Array.fromAsync([1, 2, 3], async (v, i) => v * 10 + i)));
  const mine = await MyArray.fromAsync(gen());
  print(mine instanceof MyArray, mine.length);
  try { await Array.fromAsync([1], 'not callable'); } catch (e) { print('rejected', e.constructor.name); }
  let closed = false;
  const iterable = {
    [Symbol.asyncIterator]() {
      return {
        next() { return Promise.resolve({ done: false, value: 1 }); },
        return() { closed = true; return Promise.resolve({}); },
      };
    },
  };
  try {
    await Array.fromAsync(iterable, () => { throw new RangeError('map failed'); });
  } catch (e) { print(e.constructor.name, e.message, closed); }
  const p = Array.fromAsync([]);
  print(p instanceof Promise, Array.fromAsync.length, Array.fromAsync.name);
})();
print('sync part done');
