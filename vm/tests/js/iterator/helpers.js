// Iterator helpers (ES2025): lazy helpers, eager methods, Iterator.from, closing on errors.
const it = [1, 2, 3, 4, 5].values();
print(Object.getPrototypeOf(Object.getPrototypeOf(it)) === Iterator.prototype);
print(it.map(x => x * 2).filter(x => x > 4).toArray().join());
print([1,2,3].values().take(2).toArray().join(), [1,2,3].values().drop(1).toArray().join());
print([1,2].values().flatMap(x => [x, x * 10]).toArray().join());
print([1,2,3].values().reduce((a, b) => a + b), [1,2,3].values().some(x => x > 2), [1,2,3].values().every(x => x > 2), [1,2,3].values().find(x => x > 1));
const from = Iterator.from({ i: 0, next() { return { done: this.i > 2, value: this.i++ } } });
print(from.toArray().join(), Object.prototype.toString.call([].values().map(x => x)));
try { new Iterator() } catch (e) { print(e.name) }
class MyIt extends Iterator { next() { return { done: true } } }
print(new MyIt().toArray().length, Iterator.prototype[Symbol.toStringTag], Iterator.prototype.constructor === Iterator);
let closed = 0;
const src = { next() { return { done: false, value: 1 } }, return() { closed++; return {} }, __proto__: Iterator.prototype };
const h = src.map(x => x); h.next(); h.return(); print(closed);
try { src.map(1) } catch (e) { print(e.name, closed) }
try { src.take(-1) } catch (e) { print(e.name, closed) }
print([5,6].values().map((x, i) => i).toArray().join());
// Iterator.concat (ES2026): lazily opens each iterable in turn.
print(Iterator.concat([1, 2], [3], [4]).toArray().join());
const c = Iterator.concat([1], [2]);
print(c.next().value, c.return().done, c.next().done);
try { Iterator.concat(1) } catch (e) { print(e.name) }
