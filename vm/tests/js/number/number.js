print(Number.EPSILON === Math.pow(2, -52), Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER, Number.MAX_VALUE, Number.MIN_VALUE);
print(Number.NaN, Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY);
print(Number.isFinite(1), Number.isFinite("1"), Number.isInteger(5.0), Number.isInteger(5.5), Number.isNaN(NaN), Number.isNaN("x"));
print(Number.isSafeInteger(2 ** 53), Number.isSafeInteger(2 ** 53 - 1), Number.parseFloat === parseFloat, Number.parseInt === parseInt);
print((123.456).toExponential(2), (0).toExponential(), (1e21).toExponential(3), (-1.5).toExponential(0));
print((123.456).toPrecision(4), (0.000123).toPrecision(2), (123456).toPrecision(2), (1.5).toPrecision());
print((1.005).toFixed(2), (1234.5678).toFixed(1), (1e21).toFixed(2), (255).toString(16), (0.5).toString(2), (-255).toString(36));
print((42).toLocaleString(), (3).valueOf(), Number.prototype.valueOf());
try { (1).toPrecision(0); } catch (e) { print(e.name); }
try { (1).toExponential(101); } catch (e) { print(e.name); }
print((Infinity).toExponential(1000), (NaN).toPrecision(1000));
print(true.toString(), false.valueOf(), Boolean.prototype.valueOf());
Number.prototype.toString.call("1");
