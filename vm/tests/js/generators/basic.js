// Generator functions: next/return/throw, yield*, finally on return, iteration protocols.
function* counter(n) {
  try {
    for (let i = 0; i < n; i++) {
      const sent = yield i;
      if (sent !== undefined) print("sent", sent);
    }
  } finally {
    print("cleanup");
  }
  return "done";
}

const it = counter(3);
let r = it.next();
print(r.value, r.done);
r = it.next("a");
print(r.value, r.done);
r = it.return("early");
print(r.value, r.done);
r = it.next();
print(r.value, r.done);

print([...counter(4)].join(","));
const [x, y] = counter(5);
print(x, y);
for (const v of counter(10)) {
  if (v === 2) break;
  print("loop", v);
}

function* inner() {
  const got = yield 1;
  print("inner got", got);
  yield 2;
  return "inner-ret";
}
function* outer() {
  const ret = yield* inner();
  print("delegate returned", ret);
  yield* [3, 4];
}
const o = outer();
print(o.next().value, o.next("hello").value, o.next().value, o.next().value, o.next().done);

// throw() resumes inside try/catch.
function* catcher() {
  while (true) {
    try {
      yield "waiting";
    } catch (e) {
      print("caught", e);
    }
  }
}
const c = catcher();
c.next();
print(c.throw("oops").value);

// throw() on a suspended-start generator completes it without running the body.
const fresh = counter(1);
try {
  fresh.throw(new Error("never started"));
} catch (e) {
  print(e.message);
}
print(fresh.next().done);

// Re-entrancy is a TypeError.
function* selfRef() {
  try {
    g2.next();
  } catch (e) {
    print(e instanceof TypeError);
  }
  yield 1;
}
const g2 = selfRef();
g2.next();

// Prototype chain and generator methods.
const GeneratorFunctionPrototype = Object.getPrototypeOf(counter);
print(GeneratorFunctionPrototype === Object.getPrototypeOf(function* () {}));
print(Object.getPrototypeOf(counter.prototype) === GeneratorFunctionPrototype.prototype);
print(Object.getPrototypeOf(counter(1)) === counter.prototype);
print(Object.prototype.toString.call(counter(1)));
const obj = {
  *gen() {
    yield this.v;
  },
  v: 42,
};
print(obj.gen().next().value);
class K {
  static *[Symbol.iterator]() {
    yield "k1";
    yield "k2";
  }
}
print([...K].join("+"));
const iterProto = Object.getPrototypeOf(Object.getPrototypeOf([][Symbol.iterator]()));
print(iterProto === Object.getPrototypeOf(GeneratorFunctionPrototype.prototype));
try {
  counter.prototype.next.call({});
} catch (e) {
  print(e instanceof TypeError);
}
try {
  new counter();
} catch (e) {
  print(e instanceof TypeError);
}
// An exception escaping the body completes the generator.
function* thrower() {
  yield 1;
  throw new Error("body threw");
}
const t = thrower();
t.next();
try {
  t.next();
} catch (e) {
  print(e.message);
}
print(t.next().done);
