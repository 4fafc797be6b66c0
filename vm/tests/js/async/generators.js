// Async generators, their request queue, and for await.
const out = [];
async function* ag() {
  try {
    out.push("start");
    const x = yield 1;
    out.push("got " + x);
    yield Promise.resolve(2);
    yield 3;
  } finally {
    out.push("ag finally");
  }
}

async function main() {
  const it = ag();
  // Several requests queue up before the first settles.
  const p1 = it.next("ignored");
  const p2 = it.next("x");
  const p3 = it.return("r");
  const p4 = it.next();
  const rs = await Promise.all([p1, p2, p3, p4]);
  out.push(rs.map((r) => r.value + ":" + r.done).join(" "));

  for await (const v of ag()) {
    out.push("for await " + v);
    if (v === 2) break;
  }
  // for await over a sync iterable of promises.
  for await (const v of [Promise.resolve("p1"), "plain", Promise.resolve("p3")]) out.push(v);

  // throw() on a suspended-start async generator rejects and completes it.
  const g = ag();
  try {
    await g.throw(new Error("early"));
  } catch (e) {
    out.push("rejected " + e.message);
  }
  out.push("after throw done=" + (await g.next()).done);

  // yield* delegating to an async generator.
  async function* outer() {
    const r = yield* (async function* () {
      yield "d1";
      yield "d2";
      return "dret";
    })();
    yield r;
  }
  const all = [];
  for await (const v of outer()) all.push(v);
  out.push(all.join(","));

  // An exception in the body rejects the pending request.
  async function* bad() {
    yield 1;
    throw new TypeError("bad body");
  }
  const b = bad();
  await b.next();
  try {
    await b.next();
  } catch (e) {
    out.push(e.constructor.name + " " + e.message);
  }
  out.push(String((await b.next()).done));
  print(Object.prototype.toString.call(b), Object.getPrototypeOf(bad.prototype) === Object.getPrototypeOf(Object.getPrototypeOf(b)));
}
main().then(() => print(out.join("\n")), (e) => print("main failed", e));
