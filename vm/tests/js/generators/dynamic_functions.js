// The Function constructor and %GeneratorFunction% / %AsyncFunction% /
// %AsyncGeneratorFunction% (CreateDynamicFunction).
const add = new Function("a", "b", "return a + b");
print(add(1, 2), add.name, add.length);
print(Function("a, b", "c", "return a + b + c")(1, 2, 3));
print(Function()() === undefined, Function("return this")() === globalThis);
print(Object.getPrototypeOf(add) === Function.prototype, Function.prototype.constructor === Function);
print(typeof add.prototype, add.prototype.constructor === add);
for (const [params, body] of [["a", "}); (function() {"], ["a)", "return 1"], ["", "return +"]]) {
  try {
    Function(params, body);
    print("no error");
  } catch (e) {
    print(e.name);
  }
}
const GeneratorFunction = Object.getPrototypeOf(function* () {}).constructor;
const g = new GeneratorFunction("x", "yield x; yield x * 2;");
print([...g(3)].join(), g.name, Object.getPrototypeOf(g) === GeneratorFunction.prototype);
print(Object.getPrototypeOf(GeneratorFunction) === Function, GeneratorFunction.name, GeneratorFunction.length);
print(Object.getPrototypeOf(g.prototype) === GeneratorFunction.prototype.prototype);
const AsyncFunction = Object.getPrototypeOf(async function () {}).constructor;
const af = AsyncFunction("v", "return await v;");
print(af.prototype === undefined, Object.prototype.toString.call(af));
const AsyncGeneratorFunction = Object.getPrototypeOf(async function* () {}).constructor;
const ag = AsyncGeneratorFunction("yield 1; yield 2;");
(async () => {
  print("async", await af(41));
  const values = [];
  for await (const v of ag()) values.push(v);
  print("async generator", values.join());
})();
