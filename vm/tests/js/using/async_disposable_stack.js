// AsyncDisposableStack: use/adopt/defer/move/disposeAsync, ordering, errors.
const log = [];
print(typeof AsyncDisposableStack, AsyncDisposableStack.length, AsyncDisposableStack.name);
print(Object.prototype.toString.call(new AsyncDisposableStack()));
const P = AsyncDisposableStack.prototype;
print(P[Symbol.asyncDispose] === P.disposeAsync);
try { AsyncDisposableStack(); } catch (e) { print(e.constructor.name); }
try { P.use.call(new DisposableStack(), {}); } catch (e) { print(e.constructor.name); }

async function main() {
  // Reverse order; async results are awaited; sync [Symbol.dispose] results are not.
  const s = new AsyncDisposableStack();
  s.use({ async [Symbol.asyncDispose]() { log.push('async res'); } });
  s.use({ [Symbol.dispose]() { log.push('sync res'); return Promise.reject(new Error('ignored')); } });
  print(s.adopt(42, async (v) => { log.push('adopt ' + v); }));
  print(s.defer(() => { log.push('defer'); }));
  s.use(null);
  s.use(undefined);
  print(s.disposed);
  const p = s.disposeAsync();
  print(p instanceof Promise, s.disposed);
  print(await p, log.join(', '));
  print(await s.disposeAsync());
  try { s.use({}); } catch (e) { print(e.constructor.name); }

  // move
  log.length = 0;
  const a = new AsyncDisposableStack();
  a.defer(() => log.push('moved'));
  const b = a.move();
  print(a.disposed, b.disposed, Object.getPrototypeOf(b) === P);
  await a.disposeAsync();
  print(log.length);
  await b.disposeAsync();
  print(log.join());

  // Errors: one as is, several as SuppressedError (the later error suppresses the earlier).
  const c = new AsyncDisposableStack();
  c.defer(() => { throw new Error('first'); });
  try { await c.disposeAsync(); } catch (e) { print('rejected', e.message); }
  const d = new AsyncDisposableStack();
  d.defer(() => { throw new Error('runs last'); });
  d.defer(async () => { throw new Error('runs first'); });
  try { await d.disposeAsync(); } catch (e) {
    print(e.constructor.name, e.error.message, e.suppressed.message);
  }

  // A receiver without [[AsyncDisposableState]]: the promise rejects.
  try { await P.disposeAsync.call({}); } catch (e) { print(e.constructor.name); }

  // Non-callable onDisposeAsync and non-disposable values throw synchronously.
  const e = new AsyncDisposableStack();
  for (const f of [() => e.defer(1), () => e.adopt(1, 2), () => e.use(1), () => e.use({})]) {
    try { f(); } catch (err) { print(err.constructor.name); }
  }

  // Timing: an empty stack settles in one tick; use(null) adds one Await(undefined).
  const order = [];
  const empty = new AsyncDisposableStack();
  const withNull = new AsyncDisposableStack();
  withNull.use(null);
  await Promise.all([
    Promise.resolve().then(() => 0).then(() => order.push('job')),
    withNull.disposeAsync().then(() => order.push('null')),
    empty.disposeAsync().then(() => order.push('empty')),
  ]);
  print(order.join());

  // %AsyncIteratorPrototype%[@@asyncDispose] calls return() without arguments.
  async function* g() {}
  const it = Object.create(Object.getPrototypeOf(Object.getPrototypeOf(g.prototype)));
  it.return = function () { print('return', arguments.length); return { done: true }; };
  print(await it[Symbol.asyncDispose]());
}
main().then(() => print('done'), (e) => print('failed', e));
