// Abrupt resumption: return() through finally blocks that yield, throw() into yield*, and
// iterator closing by for-of, destructuring and spread.
function* withFinally() {
  try {
    yield 1;
  } finally {
    yield "in finally";
    print("finally done");
  }
}
let it = withFinally();
it.next();
let r = it.return("R");
print(r.value, r.done);
r = it.next();
print(r.value, r.done);

// throw() forwarded into yield*.
function* inner() {
  try {
    yield "i1";
  } catch (e) {
    print("inner caught", e);
    yield "i2";
  }
}
function* outer() {
  yield* inner();
  yield "o1";
}
it = outer();
print(it.next().value, it.throw("E").value, it.next().value, it.next().done);

// An inner iterator without throw(): yield* closes it and throws a TypeError.
const noThrow = {
  [Symbol.iterator]() {
    return {
      next() {
        return { value: "n", done: false };
      },
      return() {
        print("closed by yield*");
        return {};
      },
    };
  },
};
function* delegateNoThrow() {
  yield* noThrow;
}
it = delegateNoThrow();
it.next();
try {
  it.throw("x");
} catch (e) {
  print(e instanceof TypeError);
}

// Iterator closing.
function* tracked(name) {
  try {
    yield 1;
    yield 2;
    yield 3;
  } finally {
    print("closed", name);
  }
}
for (const v of tracked("for-of")) {
  if (v === 2) break;
}
const [first] = tracked("destructuring");
print(first);
try {
  for (const v of tracked("throw in body")) {
    throw new Error("body");
  }
} catch (e) {
  print(e.message);
}
print([...tracked("spread")].length);

// return() while suspended in a nested try/catch/finally.
function* nested() {
  try {
    try {
      yield "a";
    } catch (e) {
      print("never");
    } finally {
      print("inner finally");
    }
  } finally {
    print("outer finally");
  }
}
it = nested();
it.next();
print(JSON_like(it.return(7)));
function JSON_like(res) {
  return res.value + "/" + res.done;
}

// Arguments and this are kept across suspensions.
function* args(a, b) {
  "use strict";
  yield a;
  yield arguments.length;
  yield this.tag;
  yield b;
}
print([...args.call({ tag: "T" }, "A", "B", "C")].join());

// Generators keep their closures' variables alive across suspension.
function* closures() {
  const fns = [];
  for (let i = 0; i < 3; i++) {
    fns.push(() => i);
    yield i;
  }
  return fns.map((f) => f()).join();
}
it = closures();
let last;
while (!(last = it.next()).done);
print(last.value);
