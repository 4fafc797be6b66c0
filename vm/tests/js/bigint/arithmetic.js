// + - * / % ** and the unary operators on BigInts.
const a = 123456789012345678901234567890n;
const b = -987654321n;
console.log(a + b, a - b, a * b, a / b, a % b);
console.log(7n / 2n, -7n / 2n, 7n / -2n, -7n / -2n);
console.log(7n % 2n, -7n % 2n, 7n % -2n, -7n % -2n, 0n % 5n);
console.log(2n ** 200n);
console.log((-3n) ** 3n, (-1n) ** 1000001n, 0n ** 0n, 1n ** 100000000000n, 5n ** 0n);
console.log(-a, -0n, -(-5n), ~0n, ~5n, ~-5n);
let x = 9007199254740991n;
x++; console.log(x); x++; console.log(x);
++x; console.log(x); x--; --x; console.log(x);
let y = 1n; const old = y++; console.log(old, y, typeof old);
let z = 10n; z += 5n; z -= 1n; z *= 3n; z /= 4n; z %= 7n; z **= 3n; console.log(z);
console.log(1n * 0n, -1n * 0n, Object.is(-1n * 0n, 0n));
try { 1n / 0n; } catch (e) { console.log(e.name, e.message); }
try { 1n % 0n; } catch (e) { console.log(e.name, e.message); }
try { 2n ** -1n; } catch (e) { console.log(e.name); }
try { 2n ** 18446744073709551616n; } catch (e) { console.log(e.name); }
