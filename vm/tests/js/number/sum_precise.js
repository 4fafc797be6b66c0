// Math.sumPrecise: exact summation rounded once.
print(Math.sumPrecise([1e20, 0.1, -1e20]), [1e20, 0.1, -1e20].reduce((a, b) => a + b));
print(Math.sumPrecise([0.1, 0.2]), Math.sumPrecise([]), Object.is(Math.sumPrecise([]), -0));
print(Object.is(Math.sumPrecise([-0, -0]), -0), Object.is(Math.sumPrecise([-0, 0]), 0));
print(Math.sumPrecise([Number.MAX_VALUE, Number.MAX_VALUE, -Number.MAX_VALUE]));
print(Math.sumPrecise([Number.MAX_VALUE, Number.MAX_VALUE]), Math.sumPrecise([Infinity, -Infinity]));
print(Math.sumPrecise([Infinity, 1]), Math.sumPrecise([NaN, Infinity]), Math.sumPrecise(new Set([1, 2, 3])));
try { Math.sumPrecise([1, '2']); } catch (e) { print(e.constructor.name); }
try { Math.sumPrecise(1); } catch (e) { print(e.constructor.name); }
