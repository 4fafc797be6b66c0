var e = new Error("boom", { cause: 42 });
print(e.message, e.cause, Object.getOwnPropertyDescriptor(e, "cause").enumerable, "cause" in new Error("x", {}));
print(String(e), e.toString(), new TypeError().toString(), Error.prototype.toString.call({ name: "N", message: "" }));
print(Error.prototype.toString.call({ name: "", message: "m" }), Error.prototype.toString.call({}));
print(Object.getPrototypeOf(TypeError) === Error, Object.getPrototypeOf(RangeError.prototype) === Error.prototype);
var a = new AggregateError([1, new Error("x")], "many", { cause: "c" });
print(a.name, a.message, a.errors.length, a.errors[1].message, a.cause, a instanceof Error, Object.prototype.hasOwnProperty.call(a, "errors"));
print(AggregateError.length, Object.getPrototypeOf(AggregateError) === Error, AggregateError.prototype.name);
print(Error.isError(e), Error.isError(a), Error.isError({}), Error.isError(Object.create(Error.prototype)));
var f = Error("called");
print(f instanceof Error, f.message);
class MyErr extends RangeError {}
var m = new MyErr("sub"); print(m instanceof RangeError, m.name, String(m));
try { Error.prototype.toString.call(1); } catch (x) { print(x.name); }
try { new AggregateError(5); } catch (x) { print(x.name); }
throw new URIError("bad uri", { cause: 1 });
