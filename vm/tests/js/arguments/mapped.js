// Mapped arguments objects alias the formal parameters, both ways.
function both(a, b) {
  arguments[0] = "A";
  b = "B";
  return [a, arguments[1], arguments.length].join();
}
print(both(1, 2));
print(both(1));
function extra(a) {
  arguments[1] = "x";
  return [arguments.length, arguments[1]].join();
}
print(extra(1, 2));
function unmapByDelete(a) {
  delete arguments[0];
  arguments[0] = 5;
  a = 6;
  return [a, arguments[0]].join();
}
print(unmapByDelete(1));
function unmapByReadonly(a) {
  Object.defineProperty(arguments, "0", { writable: false });
  a = 2;
  return [a, arguments[0]].join();
}
print(unmapByReadonly(1));
function defineValue(a) {
  Object.defineProperty(arguments, "0", { value: 3 });
  var first = a;
  a = 4;
  return [first, arguments[0]].join();
}
print(defineValue(1));
function defineValueReadonly(a) {
  Object.defineProperty(arguments, "0", { value: 3, writable: false });
  var first = a;
  a = 4;
  return [first, arguments[0]].join();
}
print(defineValueReadonly(1));
function accessor(a) {
  Object.defineProperty(arguments, "0", { get: function () { return "g"; } });
  a = 2;
  return [a, arguments[0]].join();
}
print(accessor(1));
function dup(a, a) {
  arguments[0] = "first";
  arguments[1] = "second";
  return a;
}
print(dup(1, 2));
function closure(a) {
  var get = function () { return a; };
  arguments[0] = "via arguments";
  return get();
}
print(closure(1));
function props(a) {
  var d = Object.getOwnPropertyDescriptor(arguments, "callee");
  var l = Object.getOwnPropertyDescriptor(arguments, "length");
  return [arguments.callee === props, d.enumerable, l.enumerable, l.writable, Object.keys(arguments).join("|"),
    Object.prototype.toString.call(arguments), arguments[Symbol.iterator] === Array.prototype.values].join();
}
print(props(1, 2));
function spread() { return [...arguments].join("-"); }
print(spread(1, 2, 3));
function gopd(a) {
  a = 9;
  return Object.getOwnPropertyDescriptor(arguments, "0").value;
}
print(gopd(1));
