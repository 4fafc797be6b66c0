// using / await using, SuppressedError aggregation, Symbol.dispose on iterators (expected output
// derived from the proposal's DisposeResources steps; node 20 has no 'using').
const log = [];
function res(name, fail) {
  return { [Symbol.dispose]() { log.push("dispose " + name); if (fail) throw new Error(name); } };
}
{
  using a = res("a"), b = res("b");
  using n = null;
  log.push("body");
}
try {
  using x = res("x", true);
  using y = res("y", true);
  throw new Error("body");
} catch (e) {
  log.push(e.constructor.name + " " + e.error.message + " / " + e.suppressed.constructor.name + " " + e.suppressed.error.message + " / " + e.suppressed.suppressed.message);
}
try { using bad = 1; } catch (e) { log.push(e.constructor.name); }
function* g() { try { yield 1; } finally { log.push("gen closed"); } }
{ using it = g(); it.next(); }
print(log.join("\n"));
async function f() {
  const out = [];
  {
    await using a = { async [Symbol.asyncDispose]() { out.push("async dispose a"); } };
    await using b = { [Symbol.dispose]() { out.push("sync dispose b"); } };
    out.push("body");
  }
  out.push("after");
  return out.join(",");
}
f().then(v => print(v), e => print("err", e));
const se = new SuppressedError(1, 2, "m");
print(se.error, se.suppressed, se.message, se.name, Object.prototype.hasOwnProperty.call(se, "message"), typeof Symbol.dispose, typeof Symbol.asyncDispose);
