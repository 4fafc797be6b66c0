// Await edge cases: thenables, rejected awaits caught in loops, return await vs return,
// await of a promise whose constructor is looked up, errors before the first await.
const log = [];
async function returnsPromise() {
  return Promise.resolve("rp");
}
async function returnsAwait() {
  return await Promise.resolve("ra");
}
returnsPromise().then((v) => log.push(v));
returnsAwait().then((v) => log.push(v));
Promise.resolve().then(() => log.push("tick1")).then(() => log.push("tick2")).then(() => log.push("tick3"));

async function loop() {
  let sum = 0;
  for (let i = 0; i < 3; i++) {
    try {
      sum += await (i === 1 ? Promise.reject(10) : i);
    } catch (e) {
      sum += e;
    }
  }
  return sum;
}
loop().then((v) => log.push("loop " + v));

// An exception before the first await rejects the returned promise (no sync throw).
async function early(x) {
  x.missing.property;
}
const p = early(undefined);
log.push("early returned " + (p instanceof Promise));
p.catch((e) => log.push("early rejected " + (e instanceof TypeError)));

// Default parameter errors reject too.
async function params(a = (() => {
  throw new Error("param");
})()) {}
params().catch((e) => log.push("param rejected " + e.message));

// Awaiting a native promise reads its constructor.
const observed = Promise.resolve("observed");
Object.defineProperty(observed, "constructor", {
  get() {
    log.push("constructor read");
    return Promise;
  },
});
(async () => log.push(await observed))();

// Async arrow functions see the enclosing this and arguments-free scope.
const holder = {
  v: "holder",
  run() {
    return (async () => this.v)();
  },
};
holder.run().then((v) => log.push("arrow this " + v));

// Nested awaits across functions interleave deterministically.
async function tickTrace(name, n) {
  for (let i = 0; i < n; i++) {
    await null;
    log.push(name + i);
  }
}
tickTrace("a", 3);
tickTrace("b", 3);

let tail = Promise.resolve();
for (let i = 0; i < 10; i++) tail = tail.then(() => {});
tail.then(() => print(log.join("\n")));
