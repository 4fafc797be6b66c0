// Promise constructor, then/catch/finally and the statics.
const log = [];
const p = new Promise((resolve, reject) => {
  log.push("executor");
  resolve(1);
  resolve(2);
  reject(3);
});
p.then((v) => log.push("p " + v));
new Promise(() => {
  throw new Error("executor threw");
}).catch((e) => log.push("catch " + e.message));
Promise.reject(new Error("r")).finally(() => log.push("finally")).catch((e) => log.push("after finally " + e.message));
Promise.resolve(5).finally(() => 99).then((v) => log.push("finally passes " + v));

Promise.all([1, Promise.resolve(2), { then(r) { r(3); } }]).then((vs) => log.push("all " + vs.join()));
Promise.all([1, Promise.reject(new Error("no"))]).catch((e) => log.push("all rejected " + e.message));
Promise.allSettled([1, Promise.reject("x")]).then((rs) =>
  log.push("allSettled " + rs.map((r) => r.status + "=" + (r.value ?? r.reason)).join()),
);
Promise.any([Promise.reject("a"), Promise.resolve("b")]).then((v) => log.push("any " + v));
Promise.any([Promise.reject("a"), Promise.reject("b")]).catch((e) =>
  log.push("any rejected " + (e instanceof AggregateError) + " " + e.errors.join()),
);
Promise.race([new Promise(() => {}), Promise.resolve("fast")]).then((v) => log.push("race " + v));
Promise.all([]).then((v) => log.push("empty all " + v.length));
const { promise, resolve } = Promise.withResolvers();
promise.then((v) => log.push("withResolvers " + v));
resolve("ok");
Promise.try((a, b) => a + b, 2, 3).then((v) => log.push("try " + v));
Promise.try(() => {
  throw new Error("try threw");
}).catch((e) => log.push("try rejected " + e.message));

// Resolving a promise with itself is a TypeError.
let self;
self = new Promise((r) => Promise.resolve().then(() => r(self)));
self.catch((e) => log.push("self " + (e instanceof TypeError)));

// Subclassing: then() uses the species constructor.
class MyPromise extends Promise {}
const mp = MyPromise.resolve(1).then((v) => v);
log.push("subclass " + (mp instanceof MyPromise));
print(Promise.resolve(p) === p, MyPromise[Symbol.species] === MyPromise);

// Errors.
try {
  Promise();
} catch (e) {
  print(e instanceof TypeError);
}
try {
  new Promise(1);
} catch (e) {
  print(e instanceof TypeError);
}
try {
  Promise.prototype.then.call({}, () => {});
} catch (e) {
  print(e instanceof TypeError);
}
print(Object.prototype.toString.call(p), Promise.length, Promise.prototype.then.length);
const err = new AggregateError([1, 2], "msg");
print(err.message, err.errors.length, err.name, err instanceof Error);

let tail = Promise.resolve();
for (let i = 0; i < 10; i++) tail = tail.then(() => {});
tail.then(() => print(log.join("\n")));
