// The Date constructor's argument forms, conversion order, and Date.prototype's shape.
print(typeof Date, Date.length, Date.name, Date.prototype.constructor === Date);
print(Object.prototype.toString.call(Date.prototype), typeof Date.prototype.valueOf);
try { Date.prototype.getTime(); } catch (e) { print(e.name); }
try { Date.prototype.getTime.call({}); } catch (e) { print(e.name); }
// Components are local time.
var d = new Date(2022, 1, 1, 13, 4, 5, 6);
print(d.getFullYear(), d.getMonth(), d.getDate(), d.getDay(), d.getHours(), d.getMinutes(), d.getSeconds(), d.getMilliseconds());
print(new Date(99, 0).getFullYear(), new Date(100, 0).getFullYear(), new Date(-1, 0).getFullYear());
print(new Date(2022, 1).getDate(), new Date(NaN, 1).getTime(), new Date(2022, Infinity).getTime());
// One argument: a Date's time value, a string (parsed), or ToNumber of the primitive.
var c = new Date(d);
print(c.getTime() === d.getTime(), c !== d);
print(new Date("1970-01-01T00:00:00.010Z").getTime(), new Date(true).getTime(), new Date(null).getTime());
print(new Date({ valueOf() { return 42; } }).getTime(), new Date({ toString() { return "1970-01-01T00:00:00.007Z"; }, valueOf: undefined }).getTime());
print(new Date(undefined).getTime(), new Date(8.64e15 + 1).getTime());
// Arguments are converted left to right, once each.
var log = [];
function arg(n, v) { return { valueOf() { log.push(n); return v; } }; }
new Date(arg("y", 2000), arg("m", 0), arg("d", 1), arg("h", 0), arg("min", 0), arg("s", 0), arg("ms", 0), arg("extra", 0));
print(log.join(","));
log = [];
Date.UTC(arg("y", 2000), arg("m", 0), arg("d", 1));
print(log.join(","));
// Subclassing and newTarget.prototype.
class MyDate extends Date { year() { return this.getUTCFullYear(); } }
var m = new MyDate(0);
print(m instanceof Date, m instanceof MyDate, m.year(), m.toISOString());
try { Date.prototype.toString.call(Object.create(Date.prototype)); } catch (e) { print(e.name); }
try { new Date(Symbol()); } catch (e) { print(e.name); }
