// Direct and indirect eval, with statements, and eval-declared globals.
var x = 1;
print(eval("x + 1"), eval(5), (0, eval)("typeof x"));
var o = { p: 3, q: 4 };
with (o) { print(p + q); p = 30; }
print(o.p);
with ({}) { var w = 7 }
print(w);
function s() { "use strict"; eval("var t = 1"); return typeof t; }
print(s());
eval("var globalFromEval = 9");
print(globalFromEval, delete globalFromEval, typeof globalFromEval);
let lex = 1;
try { eval("var lex = 2") } catch (e) { print(e.name) }
var arr = [1,2,3];
with (arr) { print(length, join("-")) }
print((function(){ "use strict"; return eval("arguments.length") })(1,2,3));
{ function blockFn() { return 1 } }
print(typeof blockFn);
