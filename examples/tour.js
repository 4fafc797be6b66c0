// A tour of what agora runs: `cargo run --release -- examples/tour.js`.
// Classes, generators, async functions and promises, Map/Set, JSON, RegExp, Proxy,
// destructuring and template literals, with Node-style console output.

class Shape {
  #name;
  constructor(name) { this.#name = name; }
  get name() { return this.#name; }
  area() { return 0; }
  toString() { return `${this.name} with area ${this.area().toFixed(2)}`; }
}
class Circle extends Shape {
  constructor(r) { super("circle"); this.r = r; }
  area() { return Math.PI * this.r ** 2; }
}
class Square extends Shape {
  constructor(side) { super("square"); this.side = side; }
  area() { return this.side * this.side; }
}
const shapes = [new Circle(1), new Square(3), new Circle(2.5)];
console.log(shapes.map(String));

// Generators: lazy sequences, consumed by for-of and iterator helpers.
function* fibonacci() {
  let [a, b] = [0, 1];
  for (;;) { yield a; [a, b] = [b, a + b]; }
}
console.log(fibonacci().filter(n => n % 2 === 0).take(8).toArray());

// Map, Set and JSON.
const words = "the quick brown fox jumps over the lazy dog the end".split(" ");
const counts = new Map();
for (const w of words) counts.set(w, (counts.get(w) ?? 0) + 1);
console.log(counts);
console.log(JSON.stringify({ unique: new Set(words).size, top: [...counts].sort((x, y) => y[1] - x[1])[0] }));

// Regular expressions with named groups.
const date = /(?<year>\d{4})-(?<month>\d{2})-(?<day>\d{2})/u.exec("released 2026-11-22");
console.log(date.groups.day + "/" + date.groups.month + "/" + date.groups.year);

// A Proxy that logs property reads.
const seen = [];
const watched = new Proxy({ x: 1, y: 2 }, {
  get(target, key, receiver) { seen.push(String(key)); return Reflect.get(target, key, receiver); },
});
console.log(watched.x + watched.y, seen);

// Async functions and the microtask queue: the order is the spec's.
const order = [];
async function task(name, delay) {
  order.push(`${name} start`);
  for (let i = 0; i < delay; i++) await null;
  order.push(`${name} done`);
  return name;
}
Promise.all([task("a", 2), task("b", 1)]).then(names => {
  console.log(order.join(", "));
  console.log("finished:", names);
});
order.push("sync end");
