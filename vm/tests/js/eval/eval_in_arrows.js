// Direct eval inside arrow functions: vars land in the arrow's var scope, const stays const.
var k = () => { var y = 10; eval("var z = y + 1"); return z; };
print(k());
var k2 = () => { eval("function inner() { return 'in' }"); return inner(); };
print(k2());
var k3 = () => { let q = 1; { eval("var q2 = q + 1"); } return q2; };
print(k3());
var k4 = () => { const c = 1; try { eval("c = 2") } catch (e) { return e.name } };
print(k4());
var k5 = () => { eval("var d = 1"); delete d; return typeof d; };
print(k5());
print(typeof eval("(function(){ return 1 })"));
try { eval("a b") } catch (e) { print(e.name, e instanceof SyntaxError) }
try { eval("let x = 1; let x = 2") } catch (e) { print(e.name) }
