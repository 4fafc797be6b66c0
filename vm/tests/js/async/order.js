// Microtask ordering of async functions, await and promise reactions (checked with node).
const log = [];
async function a1() {
  log.push("a1 start");
  await undefined;
  log.push("a1 after await");
  await null;
  log.push("a1 after second await");
  return "a1";
}
async function a2() {
  log.push("a2 start");
  const v = await a1();
  log.push("a2 got " + v);
  throw new Error("a2 failed");
}
Promise.resolve().then(() => log.push("then 1")).then(() => log.push("then 2"));
a2().catch((e) => log.push("caught " + e.message));
queueLikeThen();
function queueLikeThen() {
  Promise.resolve().then(() => log.push("then A")).then(() => log.push("then B")).then(() => log.push("then C"));
}
log.push("sync end");

// Awaiting a thenable takes extra ticks.
(async () => {
  await { then(r) { log.push("thenable then called"); r("t"); } };
  log.push("after thenable");
})();

// Async arrow, method, and await in try/finally.
const o = {
  async m(x) {
    try {
      return await Promise.reject(x);
    } catch (e) {
      return "recovered " + e;
    } finally {
      log.push("finally in m");
    }
  },
};
o.m("boom").then((v) => log.push(v));

// Async functions have no prototype property and are not constructors.
async function noProto() {}
print(noProto.prototype === undefined, Object.prototype.toString.call(noProto));
print(noProto() instanceof Promise);
try {
  new noProto();
} catch (e) {
  print(e instanceof TypeError);
}

setTimeoutLike();
function setTimeoutLike() {
  // Everything above is printed once the microtask queue drains.
  let p = Promise.resolve();
  for (let i = 0; i < 12; i++) p = p.then(() => {});
  p.then(() => print(log.join("\n")));
}
