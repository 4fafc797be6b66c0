// & | ^ << >> on BigInts (two's complement semantics), and >>> throws.
console.log(12n & 10n, 12n | 10n, 12n ^ 10n);
console.log(-12n & 10n, -12n | 10n, -12n ^ 10n, -12n & -10n, -12n | -10n, -12n ^ -10n);
console.log((1n << 100n) | 1n, ((1n << 100n) - 1n) & -(1n << 64n));
console.log(1n << 64n, 1n << -1n, 5n << 0n, -5n << 3n);
console.log(1024n >> 3n, -1024n >> 3n, -5n >> 1n, 5n >> 1n, -1n >> 1000n, 1n >> 1000n);
console.log(5n >> -2n, -5n >> -2n, 0n << 100000000000000n);
console.log(-1n >> 18446744073709551616n, 1n >> 18446744073709551616n);
try { 1n >>> 0n; } catch (e) { console.log(e.name, e.message); }
try { 1n << 18446744073709551616n; } catch (e) { console.log(e.name); }
let v = 6n; v &= 3n; v |= 8n; v ^= 1n; v <<= 2n; v >>= 1n; console.log(v);
try { v >>>= 1n; } catch (e) { console.log(e.name); }
