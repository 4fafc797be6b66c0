// Relational comparison and equality between BigInts, Numbers and Strings.
console.log(1n < 2n, 2n < 1n, -1n < 0n, 1n <= 1n, 1n >= 2n);
console.log(1n < 1.5, 2n > 1.5, 1n == 1, 1n === 1, 1n == 1.5, 0n == -0, 0n == false, 1n == true);
console.log(1n < Infinity, 1n > -Infinity, 1n < NaN, 1n > NaN, 1n == NaN, 1n != NaN);
console.log(9007199254740993n == 9007199254740992, 9007199254740993n > 9007199254740992);
console.log(2n ** 1024n > Number.MAX_VALUE, -(2n ** 1024n) < -Number.MAX_VALUE, 2n ** 1024n < Infinity);
console.log(1n < "2", "10" > 9n, 1n == "1", "0x10" == 16n, " 12 " == 12n, "" == 0n);
console.log(1n < "x", 1n >= "x", "1.5" == 1n, "1n" == 1n, 1n == "-1", -1n == "-1");
console.log(1n == null, 1n == undefined, 0n == null, 1n == Object(1n), Object(1n) == Object(1n));
console.log(1n === 1n, 2n ** 100n === 2n ** 100n, 1n !== 2n, [0n].indexOf(0n), [NaN, 0n].includes(0n));
console.log(Object.is(1n, 1n), Object.is(0n, -0n), Object.is(1n, 1));
console.log(1n == Symbol.iterator, typeof 1n == "bigint");
const sorted = [3n, -1n, 10n, 2n].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
console.log(sorted.join(" "));
switch (5n) { case 5: console.log("number case"); break; case 5n: console.log("bigint case"); }
