// A call or `new` of something that is not callable names the callee by its source text
// when it is a plain reference (what V8 prints), else shows the value.
var q = { a: [1, {}], n: null, s: "x", o: { deep: {} } };
function f() { return 5; }
var tests = [
  function () { q.nope(1); },
  function () { q.a[0](); },
  function () { q.a[1].m(); },
  function () { q.o.deep.method(1, 2, 3); },
  function () { q["s"](); },
  function () { q["not plain"](); },
  function () { var a; a(); },
  function () { var n = 3; n(); },
  function () { f()(); },
  function () { f()()(); },
  function () { new q.s(); },
  function () { new Math.max(); },
  function () { return new f() instanceof f; },
  function () { this.zz(); },
  function () { q.nope(...[1]); },
  function () { new q.nope(...[1]); },
  function () { return q.nope?.(); },
  function () { q?.nope(); },
  function () { q.o?.deep.missing(); },
  function () { q.a?.[0](); },
  function () { [].map(5); },
  function () { var g = () => 1; new g(); },
  function () { var s = Symbol("k"); s(); },
];
for (var i = 0; i < tests.length; i++) {
  try {
    print(i, tests[i]());
  } catch (e) {
    print(i, e.constructor.name + ": " + e.message);
  }
}
// Uncaught, with its stack.
q.last();
