// Explicit resource management: using declarations, SuppressedError chains, DisposableStack.
const log = [];
function res(name) { return { [Symbol.dispose]() { log.push("dispose " + name); } }; }
{
  using a = res("a"), b = res("b");
  using n = null;
  log.push("body");
}
print(log.join(", "));
log.length = 0;
try {
  using x = { [Symbol.dispose]() { throw new Error("x") } };
  using y = { [Symbol.dispose]() { throw new Error("y") } };
  throw new Error("body");
} catch (e) {
  print(e.name, e.error.message, e.suppressed.name, e.suppressed.error.message, e.suppressed.suppressed.message);
}
try { using z = 1 } catch (e) { print(e.name) }
const stack = new DisposableStack();
stack.defer(() => log.push("deferred"));
stack.use(res("used"));
stack.adopt(5, v => log.push("adopted " + v));
const moved = stack.move();
print(stack.disposed, moved.disposed);
moved.dispose(); moved.dispose();
print(log.join(", "), moved.disposed);
try { stack.use(res("late")) } catch (e) { print(e.name) }
const se = new SuppressedError(1, 2, "msg");
print(se.name, se.message, se.error, se.suppressed, se instanceof Error, Object.getPrototypeOf(SuppressedError) === Error);
function f() { using r = res("f"); return "ret"; }
print(f(), log[log.length - 1]);
for (using it of [res("loop1"), res("loop2")]) log.push("iter");
print(log.slice(-4).join(", "));
