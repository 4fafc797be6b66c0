// A small program agora's interpreter runs today: `cargo run --release -- examples/hello.js`.

function greet(name) {
  return "Hello, " + name + "!";
}
print(greet("agora"));

// Closures: each counter keeps its own state.
function makeCounter(start) {
  let count = start;
  return function () {
    count = count + 1;
    return count;
  };
}
const a = makeCounter(0);
const b = makeCounter(100);
a();
a();
b();
print("counters: " + a() + " and " + b());

// Loops and arrays.
const squares = [];
for (let i = 1; i <= 10; i++) {
  squares[squares.length] = i * i;
}
let sum = 0;
for (let i = 0; i < squares.length; i++) {
  sum += squares[i];
}
print("sum of the first 10 squares: " + sum);

// Objects.
const point = { x: 3, y: 4 };
point.norm2 = point.x * point.x + point.y * point.y;
print("point: (" + point.x + ", " + point.y + "), |p|^2 = " + point.norm2);

// Recursion.
function fib(n) {
  return n < 2 ? n : fib(n - 1) + fib(n - 2);
}
let line = "fib:";
let n = 0;
while (n <= 10) {
  line += " " + fib(n);
  n++;
}
print(line);

// Exceptions.
try {
  null.property;
} catch (e) {
  print("caught " + e.name + ": " + e.message);
}
try {
  throw new RangeError("out of range");
} catch (e) {
  print("caught " + e.name + ": " + e.message);
} finally {
  print("finally runs too");
}
