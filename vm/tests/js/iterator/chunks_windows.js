// Iterator.prototype.chunks and windows (ES2026).
function* count(n) { for (let i = 1; i <= n; i++) yield i; }
print(JSON.stringify([...count(7).chunks(3)]));
print(JSON.stringify([...count(6).chunks(2)]), JSON.stringify([...count(0).chunks(2)]));
print(JSON.stringify([...count(5).windows(3)]));
print(JSON.stringify([...count(2).windows(3)]), JSON.stringify([...count(2).windows(3, 'allow-partial')]));
print(JSON.stringify([...count(4).windows(3, 'allow-partial')]));
const chunks = count(4).chunks(2);
const a = chunks.next().value, b = chunks.next().value;
print(a !== b, Array.isArray(a), JSON.stringify(chunks.next()));
for (const [bad, what] of [[0, 'zero'], [1.5, 'fraction'], ['2', 'string'], [2 ** 32, 'too big']]) {
  try { count(3).chunks(bad); } catch (e) { print(what, e.constructor.name); }
}
try { count(3).windows(2, 'sometimes'); } catch (e) { print('undersized', e.constructor.name); }
