// DisposableStack: use/adopt/defer/move/dispose, error aggregation (expected output derived
// from the proposal's steps; node 20 has no DisposableStack).
const log = [];
const s = new DisposableStack();
print(s.disposed, Object.prototype.toString.call(s), DisposableStack.prototype[Symbol.dispose] === DisposableStack.prototype.dispose);
s.use({ [Symbol.dispose]() { log.push("use"); } });
print(s.adopt(7, (v) => log.push("adopt " + v)));
s.defer(() => log.push("defer"));
const m = s.move();
print(s.disposed, m.disposed);
try { s.use(null); } catch (e) { print(e.constructor.name); }
m.dispose();
print(log.join(), m.disposed);
m.dispose();
const e = new DisposableStack();
e.defer(() => { throw new Error("first"); });
e.defer(() => { throw new Error("second"); });
try { e.dispose(); } catch (err) { print(err.constructor.name, err.error.message, err.suppressed.message); }
try { DisposableStack(); } catch (err) { print(err.constructor.name); }
{
  using st = new DisposableStack();
  st.defer(() => print("deferred via using"));
}
