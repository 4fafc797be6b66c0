// Strict functions and non-simple parameter lists get unmapped arguments objects.
function strict(a) {
  "use strict";
  arguments[0] = 2;
  var afterWrite = a;
  a = 3;
  return [afterWrite, arguments[0]].join();
}
print(strict(1));
function defaults(a = 0) {
  arguments[0] = 2;
  return a;
}
print(defaults(1));
function calleeThrows() {
  "use strict";
  try { return arguments.callee; } catch (e) { return e.name; }
}
print(calleeThrows());
function calleeDesc() {
  "use strict";
  var d = Object.getOwnPropertyDescriptor(arguments, "callee");
  return [typeof d.get, d.get === d.set, d.enumerable, d.configurable].join();
}
print(calleeDesc());
function info() {
  "use strict";
  return [arguments.length, Object.prototype.toString.call(arguments), [...arguments].join("")].join();
}
print(info("a", "b"));
var thrower = Object.getOwnPropertyDescriptor((function () { "use strict"; return arguments; })(), "callee").get;
print(Object.isExtensible(thrower), thrower.length, JSON_name(thrower));
function JSON_name(f) { return "[" + f.name + "]"; }
