// Closures capture bindings, not values; each loop iteration gets its own `let`.
function counter() {
  let n = 0;
  return { inc: () => ++n, get: () => n };
}
const c = counter();
c.inc(); c.inc();
print(c.get());
const fs = [];
for (let i = 0; i < 3; i++) fs.push(() => i);
print(fs.map(f => f()).join(","));
var vs = [];
for (var j = 0; j < 3; j++) vs.push(() => j);
print(vs.map(f => f()).join(","));
