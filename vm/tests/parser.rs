//! Focused parser tests: AST shapes of tricky constructs (precedence, optional chains, cover
//! grammars, templates, classes, structs, `using`), ASI and regex-vs-division decisions, one
//! table per early-error family, computed function flags and spans, and error positions and
//! rendering. Inputs are inline; nothing reads test262.

use common::{expr, module, pattern, script, strict_script};
use vm::ast::*;
use vm::parser::{parse_dynamic_function, parse_script, DynamicFunctionKind, ScriptOptions};
use vm::source::Source;

#[track_caller]
fn ok(text: &str) {
    if let Err(e) = script(text) {
        panic!("{text:?} should parse as a sloppy script:\n{}", e.render());
    }
}

#[track_caller]
fn ok_strict(text: &str) {
    if let Err(e) = strict_script(text) {
        panic!("{text:?} should parse as a strict script:\n{}", e.render());
    }
}

#[track_caller]
fn ok_module(text: &str) {
    if let Err(e) = module(text) {
        panic!("{text:?} should parse as a module:\n{}", e.render());
    }
}

#[track_caller]
fn err(text: &str) {
    if let Ok(ast) = script(text) {
        panic!(
            "{text:?} should fail as a sloppy script, got {:#?}",
            ast.body
        );
    }
}

#[track_caller]
fn err_strict(text: &str) {
    assert!(
        strict_script(text).is_err(),
        "{text:?} should fail as a strict script"
    );
}

#[track_caller]
fn err_module(text: &str) {
    assert!(module(text).is_err(), "{text:?} should fail as a module");
}

/// Valid sloppy but invalid strict.
#[track_caller]
fn sloppy_only(text: &str) {
    ok(text);
    err_strict(text);
}

fn statements(text: &str) -> Vec<Statement> {
    script(text)
        .unwrap_or_else(|e| panic!("{text:?}: {}", e.render()))
        .body
}

// ----- AST shapes -----

#[test]
fn precedence_and_associativity() {
    assert_eq!(expr("a + b * c - d"), "(- (+ a (* b c)) d)");
    assert_eq!(expr("a ** b ** c"), "(** a (** b c))");
    assert_eq!(expr("(-a) ** b"), "(** (paren (- a)) b)");
    assert_eq!(expr("a ** -b"), "(** a (- b))");
    assert_eq!(
        expr("a || b && c | d ^ e & f"),
        "(|| a (&& b (| c (^ d (& e f)))))"
    );
    assert_eq!(expr("a ?? (b || c)"), "(?? a (paren (|| b c)))");
    assert_eq!(expr("a = b ? c : d = e"), "(= a (? b c (= d e)))");
    assert_eq!(expr("a, b = c, d"), "(, a (= b c) d)");
    assert_eq!(
        expr("x = a in b instanceof c < d"),
        "(= x (< (instanceof (in a b) c) d))"
    );
    assert_eq!(expr("!typeof void -a"), "(! (typeof (void (- a))))");
    assert_eq!(expr("a-- > b"), "(> (a--) b)");
    assert_eq!(expr("a ??= b ||= c &&= d"), "(??= a (||= b (&&= c d)))");
}

#[test]
fn private_in_needs_a_class() {
    assert_eq!(
        expr("(class { #x; m(o) { return #x in o } })"),
        "(paren (class))"
    );
}

#[test]
fn member_call_new_and_optional_chains() {
    assert_eq!(expr("a.b[c](d, ...e)"), "(call (. (. a b) [c]) d ...e)");
    assert_eq!(expr("new a.b(c)"), "(new (. a b) c)");
    assert_eq!(expr("new new a()()"), "(new (new a))");
    assert_eq!(expr("new a()()"), "(call (new a))");
    assert_eq!(expr("new a"), "(new a)");
    assert_eq!(expr("a?.b.c()"), "(chain (call (. (?. a b) c)))");
    assert_eq!(expr("a?.[b]?.(c)"), "(chain (?.call (?. a [b]) c))");
    assert_eq!(expr("(a?.b).c"), "(. (paren (chain (?. a b))) c)");
    assert_eq!(expr("a?.b\n.c"), "(chain (. (?. a b) c))");
    assert_eq!(expr("x?.5:1"), "(? x 0.5 1)");
}

#[test]
fn direct_eval_is_marked() {
    let calls = |text: &str| match &statements(text)[0] {
        Statement::Expression(e) => match &e.expression {
            Expression::Call(c) => c.direct_eval,
            Expression::OptionalChain(_) => false,
            other => panic!("{other:?}"),
        },
        other => panic!("{other:?}"),
    };
    assert!(calls("eval('x')"));
    assert!(calls("(eval)('x')"));
    assert!(!calls("(0, eval)('x')"));
    assert!(!calls("eval?.('x')"));
    assert!(!calls("window.eval('x')"));
}

#[test]
fn regular_expression_versus_division() {
    assert_eq!(expr("a / b / c"), "(/ (/ a b) c)");
    assert_eq!(expr("x = /=>/g"), "(= x /=>/g)");
    assert_eq!(expr("a\n/b/g"), "(/ (/ a b) g)");
    assert_eq!(expr("a++ / 2"), "(/ (a++) 2)");
    assert_eq!(expr("(a) / 2"), "(/ (paren a) 2)");
    assert_eq!(expr("[/[/]/]"), "[/[/]/]");
    assert_eq!(expr("x = y / 2 /*c*/ / z"), "(= x (/ (/ y 2) z))");
    assert_eq!(expr("typeof /re/"), "(typeof /re/)");
    assert_eq!(expr("a ? /x/ : /y/i"), "(? a /x/ /y/i)");
    assert_eq!(expr("`${/}/}`"), "`${/}/}`");
    // After a block statement a slash starts a regular expression.
    let body = statements("{}\n/foo/g.test(x)");
    assert!(matches!(&body[1], Statement::Expression(_)));
    let body = statements("if (x) /re/.test(y)");
    assert!(matches!(&body[0], Statement::If(_)));
    // In a generator, `yield /re/` is a regular expression; elsewhere `yield / 2` divides.
    ok("function* g() { yield /re/g; }");
    assert_eq!(expr("yield / 2 / 1"), "(/ (/ yield 2) 1)");
    err("x = /a/gg");
    err("x = /(/");
    err("x = /a/\\u0067");
    err("x = /[/");
    ok("x = /(?<year>\\d{4})-(?<=\\$)\\k<year>/dsy");
    ok("x = /[\\p{L}--[a-z]]/v");
    err("x = /a/uv");
}

#[test]
fn automatic_semicolon_insertion() {
    let body = statements("a\n++b");
    assert_eq!(body.len(), 2);
    let body = statements("return_ = 1\nx");
    assert_eq!(body.len(), 2);
    let body = statements("function f() { return\n42 }");
    let Statement::Function(f) = &body[0] else {
        panic!()
    };
    assert!(matches!(&f.body.statements[0], Statement::Return(r) if r.argument.is_none()));
    assert_eq!(f.body.statements.len(), 2);
    assert_eq!(expr("x\n(y)"), "(call x y)");
    assert_eq!(expr("a = b\n[1]"), "(= a (. b [1]))");
    assert_eq!(statements("let \n x = 1").len(), 1);
    assert_eq!(statements("var a = 1\nvar b = 2").len(), 2);
    ok("do ; while (0) x");
    ok("do {} while (false) foo()");
    ok("if (a)\n;\nelse b");
    ok("x = () => {}\n(1)");
    ok("a\n?.5:1");
    err("throw\nx");
    err("a b");
    err("for (a\nb\nc) ;");
    err("if (a) else b");
    err("x\n=>1");
    err("async x\n=> x");
    // `break`/`continue` labels must be on the same line.
    ok("l: for (;;) { break\nl }");
    // A postfix operator needs no line terminator before it.
    assert_eq!(statements("a\n--\nb").len(), 2);
}

#[test]
fn destructuring_through_cover_grammars() {
    assert_eq!(expr("[a, b] = [b, a]"), "(= [a, b] [b, a])");
    assert_eq!(
        expr("({a, b: {c = 1}, ...d} = x)"),
        "(paren (= {a, b: {c = 1}, ...d} x))"
    );
    assert_eq!(
        expr("[a.b, [c] = d, ...e[0]] = f"),
        "(= [(. a b), [c] = d, ...(. e [0])] f)"
    );
    assert_eq!(
        expr("[(a), (b.c)] = d"),
        "(= [(paren a), (paren (. b c))] d)"
    );
    assert_eq!(expr("({a = 1} = {})"), "(paren (= {a = 1} {}))");
    assert_eq!(
        expr("({__proto__: a, __proto__: b} = x)"),
        "(paren (= {__proto__: a, __proto__: b} x))"
    );
    assert_eq!(expr("x = {a = 1} = {}"), "(= x (= {a = 1} {}))");
    err("({a = 1})");
    err("({a = 1}).b = 1");
    err("[{a = 1}.b] = x");
    err("f({a = 1})");
    err("({__proto__: a, __proto__: b})");
    err("([a]) = 1");
    err("[...a,] = b");
    err("[...a, b] = c");
    err("({...{}} = x)");
    err("({...a,} = x)");
    err("({get a() {}} = x)");
    err("[a + b] = c");
    err("a + b = c");
    err("++a++");
    err("a?.b = 1");
    err("a?.b++");
    err("[a?.b] = []");
    err("new.target = 1");
    ok("[...[a, b]] = c");
    ok("[a = 1, [b] = [2]] = []");
    ok("for ([a, b] of c) ;");
    ok("for ({a = 1} of c) ;");
    err("for ({a = 1}; ;) ;");
}

#[test]
fn arrow_functions() {
    assert_eq!(
        expr("(a, b = 1, {c}, [d], ...e) => 0"),
        "(=> (a, b = 1, {c}, [d], ...e) 0)"
    );
    assert_eq!(expr("a => b => c"), "(=> (a) (=> (b) c))");
    assert_eq!(expr("async (a, b) => a"), "(async => (a, b) a)");
    assert_eq!(expr("async a => a"), "(async => (a) a)");
    assert_eq!(expr("async (a, b)"), "(call async a b)");
    assert_eq!(expr("async\n(a)"), "(call async a)");
    assert_eq!(expr("() => ({})"), "(=> () (paren {}))");
    assert_eq!(expr("({a = 1}) => a"), "(=> ({a = 1}) a)");
    assert_eq!(expr("x = (a) => {}"), "(= x (=> (a) {...}))");
    assert_eq!(expr("a ? b => c : d => e"), "(? a (=> (b) c) (=> (d) e))");
    err("(a, b) => { let a; }");
    err("(a, a) => 1");
    err("((a)) => 1");
    err("(a.b) => 1");
    err("(...a, b) => 1");
    err("(...a,) => 1");
    err("(a,) ");
    err("()");
    err("(...a)");
    err("a + b => 1");
    err("x => {} + 1");
    err("x => {}.a");
    err("x => {}()");
    err("(a = 1) => { 'use strict' }");
    err("function* g() { (a = yield) => 1 }");
    err("async function f() { (a = await 1) => 1 }");
    err("async (a = await 1) => 1");
    err("async (await) => 1");
    err("async await => 1");
    err("async (x = (await) => 1) => 1");
    ok("(await) => 1");
    ok("async (x = function await() {}) => 1");
    ok("async => async");
    ok("(async) => 1");
    ok("async () => { await 1 }");
    ok("var af = async\nfunction f() {}");
    sloppy_only("(eval) => 1");
    sloppy_only("(arguments) => 1");
    err("(eval) => { 'use strict' }");
}

#[test]
fn templates() {
    assert_eq!(expr("`a${b}c${d}e`"), "`a${b}c${d}e`");
    assert_eq!(expr("tag`\\unicode and \\u{55}`"), "(tag tag `<invalid>`)");
    assert_eq!(expr("`\\u{41}\\x42\\n`"), "`AB\n`");
    assert_eq!(expr("`a${`b${c}`}`"), "`a${`b${c}`}`");
    err("`\\unicode`");
    err("`\\01`");
    err("`${a`");
    err("a?.b`c`");
    err("a?.`c`");
    let body = statements("t`a\\\r\nb\r\nc`");
    let Statement::Expression(e) = &body[0] else {
        panic!()
    };
    let Expression::TaggedTemplate(t) = &e.expression else {
        panic!()
    };
    assert_eq!(&*t.quasi.quasis[0].raw, "a\\\nb\nc");
    assert_eq!(
        String::from_utf16_lossy(t.quasi.quasis[0].cooked.as_deref().unwrap()),
        "ab\nc"
    );
}

#[test]
fn literals() {
    assert_eq!(
        expr("0x1F + 0o17 + 0b101 + 1_000.5e-1_0"),
        "(+ (+ (+ 31 15) 5) 0.00000010005)"
    );
    assert_eq!(expr("0xFFFFFFFFFFFFFFFFFn"), "295147905179352825855n");
    assert_eq!(expr("9007199254740993"), "9007199254740992");
    assert_eq!(expr("0x20000000000001"), "9007199254740992");
    assert_eq!(expr(".5 + 5. + 1e3"), "(+ (+ 0.5 5) 1000)");
    assert_eq!(expr("'\\u{1F600}\\x41\\101\\0'"), "'😀AA\0'");
    sloppy_only("010");
    sloppy_only("089");
    sloppy_only("'\\08'");
    sloppy_only("'\\8'");
    ok_strict("'\\0'");
    err("1_");
    err("1__0");
    err("0_1");
    err("1._5");
    err("0x");
    err("3in x");
    err("1n_");
    err("01n");
    err("1.5n");
    err("'\\x4'");
    err("'\\u{110000}'");
    err("'a\nb'");
    ok("'a\u{2028}b'");
    let body = statements("'\\uD800'");
    let Statement::Expression(e) = &body[0] else {
        panic!()
    };
    let Expression::String(s) = &e.expression else {
        panic!()
    };
    assert_eq!(&*s.value, &[0xD800]);
}

#[test]
fn object_literals() {
    assert_eq!(
        expr("({a, b: 1, 'c': 2, 3: 4, [d]: 5, e() {}, get f() {}, set f(v) {}, async *g() {}, ...h, __proto__: i})"),
        "(paren {a, b: 1, 'c': 2, 3: 4, [d]: 5, method e, getter f, setter f, method g, ...h, __proto__= i})"
    );
    assert_eq!(
        expr("({get: 1, set() {}, async: 2, static: 3})"),
        "(paren {get: 1, method set, async: 2, static: 3})"
    );
    assert_eq!(
        expr("({'__proto__': a, __proto__})"),
        "(paren {__proto__= a, __proto__})"
    );
    ok("({__proto__: a, ['__proto__']: b, __proto__() {}})");
    err("({__proto__: a, '__proto__': b})");
    err("({get a(x) {}})");
    err("({set a() {}})");
    err("({set a(...x) {}})");
    err("({if})");
    err("({a b})");
    err("({async\na() {}})");
    ok("({if: 1, class: 2, super: 3}).if");
}

#[test]
fn classes() {
    let body = statements("class A extends B { static #x = 1; #y; static { this.z = 1 } constructor() { super(); } get #p() {} set #p(v) {} static m() { return #x in A } }");
    let Statement::Class(c) = &body[0] else {
        panic!()
    };
    assert!(c.super_class.is_some());
    assert_eq!(c.body.len(), 7);
    assert!(c.struct_kind.is_none());
    ok("class A { static async *m() {} static get x() {} static set x(v) {} static static() {} get() {} set() {} async() {} static = 1; get; set; async\nx }");
    ok("class A { 'constructor'() {} ['constructor']() {} static constructor() {} }");
    ok("class A { get\n*a() {} }");
    err("class A { constructor() {} constructor() {} }");
    err("class A { constructor() {} 'constructor'() {} }");
    err("class A { get constructor() {} }");
    err("class A { *constructor() {} }");
    err("class A { async constructor() {} }");
    err("class A { constructor = 1 }");
    err("class A { 'constructor' }");
    err("class A { static prototype() {} }");
    err("class A { static prototype = 1 }");
    ok("class A { prototype() {} }");
    err("class A { #constructor() {} }");
    err("class A { #x; #x; }");
    err("class A { get #x() {} get #x() {} }");
    err("class A { static get #x() {} set #x(v) {} }");
    ok("class A { get #x() {} set #x(v) {} }");
    err("class A { m() { this.#y } }");
    err("this.#x");
    ok("class A { #x; m() { class B { n(o) { return o.#x } } } }");
    ok("class A { m() { this.#x } #x }");
    err("class A { #x; m() { delete this.#x } }");
    err("class A { #x; m() { delete this?.#x } }");
    err("class A { m() { super() } }");
    err("class A extends B { m() { super() } }");
    ok("class A extends B { constructor() { (() => super())() } }");
    err("class A { x = arguments }");
    err("class A { x = () => arguments }");
    ok("class A { x = function () { arguments } }");
    err("class A { static { arguments } }");
    err("class A { static { return } }");
    err("class A { static { await } }");
    err("class A { static { super() } }");
    ok("class A { static { super.x } }");
    ok("class A { static { var f = function () { var await; } } }");
    err("class A { x = 1 y = 2 }");
    err("class A extends B, C {}");
    err("class let {}");
    err("class A { m() { with (a) {} } }");
    err("class A { m() { 010 } }");
    err("class yield {}");
    ok("(class { ['a' + 'b']() {} })");
    ok("class A { static async m() {} }");
}

#[test]
fn structs_proposal() {
    let body =
        statements("struct Point { x; y = 0; constructor(x) { this.x = x } static origin() {} }");
    let Statement::Class(c) = &body[0] else {
        panic!()
    };
    assert_eq!(c.struct_kind, Some(StructKind::Unshared));
    assert_eq!(c.name.as_ref().unwrap().name.as_ref(), "Point");
    assert_eq!(c.body.len(), 4);
    let body = statements("shared struct Box extends Base { value }");
    let Statement::Class(c) = &body[0] else {
        panic!()
    };
    assert_eq!(c.struct_kind, Some(StructKind::Shared));
    assert!(c.super_class.is_some());
    // Contextual keywords: still identifiers elsewhere.
    ok("var struct = 1, shared = 2; struct + shared; struct\n{}");
    ok("shared\nstruct S {}");
    err("struct\nS {}");
    err("shared struct\nS {}");
    err("struct S { constructor() {} constructor() {} }");
    ok_module("export struct A {} export shared struct B {}");
    assert!(
        matches!(&statements("shared\nstruct S {}")[1], Statement::Class(c) if c.struct_kind == Some(StructKind::Unshared))
    );
}

#[test]
fn explicit_resource_management() {
    let body = statements("{ using a = f(), b = g(); }");
    let Statement::Block(b) = &body[0] else {
        panic!()
    };
    assert!(
        matches!(&b.body[0], Statement::Variable(d) if d.kind == VariableKind::Using && d.declarations.len() == 2)
    );
    ok("async function f() { await using x = g(); for await (await using y of z) ; }");
    ok("function f() { using x = null; for (using y of z) ; for (using of of [z]) ; for (using of = null;;) break; }");
    ok("{ using[a] = x; }");
    ok("{ using\nx = 1; }");
    ok("using = 1; using[0]; using.x");
    ok_module("using x = f(); await using y = g();");
    err("using x = f();");
    err("{ using x; }");
    err("{ using {a} = x; }");
    err("for (using x in y) ;");
    err("for (using x = 1 of y) ;");
    err("{ using let = 1 }");
    err("{ using x = 1, x = 2 }");
    err("switch (a) { case 1: using x = y; }");
    err("switch (a) { default: using x = y; }");
    ok("switch (a) { case 1: { using x = y; } }");
    ok("switch (a) { case 1: (function () { using x = y; }); }");
    err("function f() { await using x = y; }");
    ok("function f() { await\nusing; }");
}

#[test]
fn statements_and_declarations() {
    ok("label: { break label; }");
    ok("a: b: while (1) { continue a; }");
    ok("switch (x) { case 1: let a; break; default: }");
    ok("try {} catch {} finally {}");
    ok("try {} catch ({a, b: [c]}) {}");
    ok("for (var i = 0, j; i < 1; i++) ;");
    ok("for (let [a, b] of c) ;");
    ok("for (const x in y) ;");
    ok("for (x of y) ;");
    ok("for (let in x) ;");
    ok("for (let.x in y) ;");
    ok("for (async of => 1; ;) ;");
    ok("async function f() { for await (async of x) ; }");
    ok("for (var x = 1 in y) ;");
    ok("if (a) function f() {} else function g() {}");
    ok("l: function f() {}");
    ok("let\nlet_ = 1");
    ok("var let_ = 1; let\n[a] = [1]");
    ok("yield = 1; var await = 2; let async = 3; var of, get, set, static;");
    ok("debugger;");
    ok("with (a) b");
    err("for (let of x) ;");
    err("for (async of x) ;");
    err("for (let x = 1 of y) ;");
    err("for (const x = 1 in y) ;");
    err("for (let x in y) { var x; }");
    err("for (var [a] = 1 in y) ;");
    err("for (let [a] = 1 in y) ;");
    err("for (let x, y of z) ;");
    err("for (const x;;) ;");
    err("for (let [a];;) ;");
    err("for await (x of y) ;");
    err("while (1) function f() {}");
    err("if (1) class C {}");
    err("if (1) const x = 1;");
    err("if (1) let [a] = b;");
    err("while (1) l: function f() {}");
    err("if (1) l: function f() {}");
    err("if (1) function* g() {}");
    err("l: function* g() {}");
    err("l: async function f() {}");
    err("do function f() {} while (0)");
    err("try {}");
    err("switch (a) { default: default: }");
    err("const a;");
    err("let [a];");
    err("var [a];");
    err("let let = 1;");
    err("const let = 1;");
    err("let [let] = 1;");
}

#[test]
fn declaration_conflicts() {
    err("let a; let a;");
    err("let a; var a;");
    err("var a; let a;");
    err("const a = 1; function a() {}");
    err("function a() {} let a;");
    err("class A {} class A {}");
    err("{ let a; { var a; } }");
    err("{ function f() {} let f; }");
    err("switch (x) { case 1: let a; case 2: let a; }");
    err("try {} catch (e) { let e; }");
    err("try {} catch ([e]) { var e; }");
    err("function f(a) { let a; }");
    err("(a) => { const a = 1; }");
    err("function f(a, a) { 'use strict' }");
    err("function f(a, a = 1) {}");
    err("function f(a, ...a) {}");
    err("function f([a, a]) {}");
    err("let [a, a] = b;");
    err("try {} catch ([a, a]) {}");
    ok("var a; var a; function a() {} function a() {}");
    ok("{ function f() {} function f() {} }");
    ok("function f(a) { var a; function a() {} }");
    ok("function f(a, a) {}");
    ok("try {} catch (e) { var e; }");
    ok("try {} catch (e) { for (var e in x) ; }");
    ok("let a; { let a; { var b; } }");
    ok("function f() { let f; }");
    ok("var f = function f() { let f; }");
    err_strict("{ function f() {} function f() {} }");
    err("{ async function f() {} function f() {} }");
    err("{ function* f() {} function f() {} }");
    err_module("function f() {} function f() {}");
    err_module("var a; import a from 'm';");
    err_module("import a from 'm'; import a from 'n';");
    ok_module("export default function () {} function f() {}");
}

#[test]
fn strict_mode_restrictions() {
    sloppy_only("with (a) {}");
    sloppy_only("delete x");
    sloppy_only("delete ((x))");
    sloppy_only("var eval;");
    sloppy_only("arguments = 1");
    sloppy_only("eval++");
    sloppy_only("[eval] = []");
    sloppy_only("({a: arguments} = {})");
    sloppy_only("function eval() {}");
    sloppy_only("function f(arguments) {}");
    sloppy_only("try {} catch (eval) {}");
    sloppy_only(
        "var public, private, protected, interface, package, implements, static, let, yield;",
    );
    sloppy_only("function f(a, a) {}");
    sloppy_only("label: function f() {}");
    sloppy_only("if (a) function f() {}");
    sloppy_only("f() = 1");
    sloppy_only("f() += 1");
    sloppy_only("for (f() in x) ;");
    sloppy_only("f()++");
    err("f() &&= 1");
    err("[f()] = []");
    ok_strict("delete x.y");
    ok_strict("eval(x); arguments[0]; eval.call");
    // Retroactive "use strict".
    err("function eval() { 'use strict' }");
    err("function f(eval) { 'use strict' }");
    err("function f(public) { 'use strict' }");
    err("function f(a, a) { 'use strict' }");
    err("function f() { '\\07'; 'use strict' }");
    err("function f() { 'use strict'; '\\07' }");
    err("'use strict'; 010");
    err("function f(a = 1) { 'use strict' }");
    err("function f({a}) { 'use strict' }");
    err("function f(...a) { 'use strict' }");
    ok("function f() { 'use\\x20strict'; with (a) {} }");
    ok("function f() { ('use strict'); with (a) {} }");
    ok("function f() { 'use strict' + 1; with (a) {} }");
    ok("function f() { 'a'; 'b'\n'use strict' }");
    err("function f() { 'a'; 'use strict'; with (a) {} }");
    ok("function f() { 'use strict' } with (a) {}");
    let s = script("'use strict'; 'other'").unwrap();
    assert!(s.strict);
    assert_eq!(s.directives.len(), 2);
    assert_eq!(&*s.directives[1].raw, "other");
    let s = script("'use strict'\n+1").unwrap();
    assert!(!s.strict);
}

#[test]
fn yield_and_await_contexts() {
    ok("function* g() { yield; yield* x; yield\na; var o = { yield: 1 }; o.yield }");
    ok("function* g() { function f() { var yield; } }");
    ok("function* g() { (() => { yield_ = 1; }) }");
    err("function* g() { var yield; }");
    err("function* g(yield) {}");
    err("function* g(a = yield) {}");
    err("(function* yield() {})");
    ok("function* yield() {}");
    err("function* g() { yield\n* a }");
    ok("async function f() { await x; await\nx; (async () => await y) }");
    err("async function f() { var await; }");
    err("async function f(await) {}");
    err("async function f(a = await 1) {}");
    err("(async function await() {})");
    ok("async function await() {}");
    ok("function f() { var await; }");
    err_module("var await;");
    err_module("function f() { var await; }");
    ok_module("await x; await\nx;");
    err("await x");
    err("function f() { await x }");
    err("async function f() { yield\n1 }"
        .replace("yield\n1", "yield 1")
        .as_str());
    err("async function f() { await => 1 }");
    err("function* g() { yield => 1 }");
    err("async function* f() { yield await => 1 }");
    ok("async function* f() { yield await 1; for await (x of y) ; }");
    err("async function f() { await 1 ** 2 }");
    ok("async function f() { (await 1) ** 2 }");
    err("async function f() { class A { x = await 1 } }");
    ok("async function f() { class A { x = await } }");
    err("async function f() { class A { [await] = 1 } }");
    ok("async function f() { class A { x = () => 1 } }");
    ok("function f() { class A { x = await_ } }");
}

#[test]
fn operators_early_errors() {
    err("a ?? b || c");
    err("a || b ?? c");
    err("a && b ?? c");
    err("a ?? b && c");
    ok("(a ?? b) || c");
    ok("a ?? (b && c)");
    err("-a ** b");
    err("typeof a ** b");
    err("delete a ** b");
    ok("(-a) ** b");
    ok("a ** -b");
    ok("(+a) ** -b");
    ok("++a ** b");
    ok("a++ ** b");
    err("1 + #x in y");
    err("#x");
    err("class A { #x; m() { #x in #x in this } }");
    ok("class A { #x; m() { return #x in this && 1 } }");
}

#[test]
fn labels_and_jump_targets() {
    err("break;");
    err("continue;");
    err("l: { continue l; }");
    err("l: l: ;");
    err("l: { l: ; }");
    err("break l;");
    err("while (1) { (function () { break; }) }");
    err("l: while (1) { (function () { break l; }) }");
    err("switch (a) { case 1: continue; }");
    ok("l: { l2: ; } l: ;");
    ok("switch (a) { case 1: break; }");
    ok("while (1) switch (a) { case 1: continue; }");
    ok("l: if (a) break l;");
    err("return;");
    ok("function f() { return; }");
    sloppy_only("yield: ;");
    ok("await: ;");
    err_module("await: ;");
    err("function* g() { yield: ; }");
}

#[test]
fn super_and_new_target() {
    err("super.x");
    err("function f() { super.x }");
    ok("({ m() { super.x; super['y'](); } })");
    ok("({ get m() { return () => super.x } })");
    err("({ m: function () { super.x } })");
    err("({ m() { super() } })");
    ok("class A extends B { constructor() { super(); super.x; new.target } }");
    err("class A { constructor() { super() } }");
    err("new.target");
    ok("function f() { new.target; () => new.target }");
    err("() => new.target");
    ok("class A { x = new.target; static { new.target } }");
    err("super?.x");
    err("new super()");
    ok("class A extends B { m() { new super.x() } }");
    ok_module("import.meta; import('x'); import('x', { with: { type: 'json' } })");
    err("import.meta");
    err("new import('x')");
    ok_module("new import.meta.x()");
    err_module("import.m");
    err("import()");
    err("import(...a)");
}

#[test]
fn modules() {
    ok_module("import a from 'a'; import * as b from 'b'; import { c, d as e, 'f-g' as h, default as i } from 'c'; import j, { k } from 'd'; import l, * as m from 'e'; import 'f';");
    ok_module("import json from './x.json' with { type: 'json' };");
    ok_module("export * from 'a'; export * as b from 'b'; export * as 'c d' from 'c'; export { e as 'e f', g } from 'd'; export { 'x' as y } from 'z';");
    ok_module("var a, b; export { a, b as c, a as default };");
    ok_module("export var v = 1; export let l = 2; export const c = 3; export function f() {} export async function af() {} export class C {}");
    ok_module("export default class {}");
    ok_module("export default async function () {}");
    ok_module("export default (1, 2);");
    ok_module("export default function* () {}");
    ok_module("let x; export { x as if };");
    err_module("export { a };");
    err_module("var a; export { a, a };");
    err_module("export var a; export let b; export { b as a };");
    err_module("export default 1; export default 2;");
    err_module("export default 1; var a; export { a as default };");
    err_module("export * as a from 'a'; export * as a from 'b';");
    err_module("export { 'a' } ;");
    err_module("import { 'a' } from 'a';");
    err_module("import { if } from 'a';");
    err_module("var if_; export { if };");
    err_module("import a from 'a' with { type: 'json', type: 'json' };");
    err_module("export { '\\uD800' as a } from 'b';");
    err_module("{ import a from 'a'; }");
    err_module("{ export var a; }");
    err_module("function f() { export var a; }");
    err_module("export async\nfunction f() {}");
    err_module("with (a) {}");
    err_module("<!-- comment");
    err_module("x\n--> comment");
    err("import a from 'a';");
    err("export var a;");
    let m = module("export default async function f() { await 1 }").unwrap();
    assert!(!m.has_top_level_await);
    let m = module("await 1").unwrap();
    assert!(m.has_top_level_await);
    let m = module("for await (x of y) ;").unwrap();
    assert!(m.has_top_level_await);
}

#[test]
fn comments_and_source_forms() {
    ok("#!/usr/bin/env node\nx");
    err(" #!/usr/bin/env node\nx");
    err("x\n#!/usr/bin/env node");
    ok("x = 1 <!-- html comment\n--> also a comment\n/* a\n */ --> and this");
    assert_eq!(expr("a-->b"), "(> (a--) b)");
    ok("/* unterminated? no */ x");
    err("/* unterminated");
    ok("\u{feff}x\u{a0}=\u{2003}1\u{2028}y");
    ok("var \\u{61}b\\u0063 = 1; abc;");
    ok("var ℮ = 1, ゛= 2, 𐊧 = 3;");
    err("var \\u0030x;");
    err("v\\u0061r x = 1");
    err("\\u0074his");
    ok("var a\\u200d;");
    err("var a\\u{D800};");
    ok("({ \\u0069f: 1 })");
    err("({ \\u0069f })");
    ok("x = { \\u{61}sync() {} }");
    err("n\\u0065w.target");
    err("function f() { new.t\\u0061rget }");
}

// ----- flags and spans -----

fn first_function(text: &str) -> Function {
    match statements(text).into_iter().next().unwrap() {
        Statement::Function(f) => *f,
        Statement::Expression(e) => match e.expression {
            Expression::Arrow(f) | Expression::Function(f) => *f,
            Expression::Parenthesized(p) => match p.expression {
                Expression::Function(f) | Expression::Arrow(f) => *f,
                other => panic!("{other:?}"),
            },
            other => panic!("{other:?}"),
        },
        other => panic!("{other:?}"),
    }
}

#[test]
fn function_flags() {
    let f = first_function("function f(a, b) { 'use strict'; return () => this.x + arguments[0] }");
    assert!(f.flags.strict && f.flags.has_use_strict && f.flags.simple_parameters);
    assert!(f.flags.uses_this && f.flags.uses_arguments);
    assert!(!f.flags.uses_eval && !f.flags.uses_new_target);
    let f = first_function("function f(a = 1) { function g() { this; arguments; eval('') } }");
    assert!(!f.flags.simple_parameters && !f.flags.strict);
    assert!(!f.flags.uses_this && !f.flags.uses_arguments && !f.flags.uses_eval);
    let f = first_function("function f() { () => eval('x'); new.target }");
    assert!(f.flags.uses_eval && f.flags.uses_new_target);
    let f = first_function("(a = this, b = arguments) => a");
    assert!(f.flags.uses_this && f.flags.uses_arguments && f.flags.concise_body);
    let f = first_function("function f() { var o = { m() { super.x } } }");
    assert!(!f.flags.uses_super_property);
    let f = first_function("function f() { 'use strict' }");
    assert!(f.flags.strict);
    let s = strict_script("function f() {}").unwrap();
    let Statement::Function(f) = &s.body[0] else {
        panic!()
    };
    assert!(f.flags.strict && !f.flags.has_use_strict);
    let body = statements("class A { m() {} x = this.y; static { this } }");
    let Statement::Class(c) = &body[0] else {
        panic!()
    };
    let ClassElement::Method(m) = &c.body[0] else {
        panic!()
    };
    assert!(m.function.flags.strict);
    let ClassElement::Field(field) = &c.body[1] else {
        panic!()
    };
    assert!(field.flags.uses_this);
    let ClassElement::StaticBlock(b) = &c.body[2] else {
        panic!()
    };
    assert!(b.flags.uses_this);
}

#[test]
fn source_spans_for_to_string() {
    let text = "x = [function  f ( a ) { return a }, async  ( b ) => b, class  C { m ( ) { } }, { get  y ( ) { return 1 } }];";
    let s = script(text).unwrap();
    let slice = |span: Span| &text[span.start as usize..span.end as usize];
    let Statement::Expression(e) = &s.body[0] else {
        panic!()
    };
    let Expression::Assign(a) = &e.expression else {
        panic!()
    };
    let Expression::Array(arr) = &a.value else {
        panic!()
    };
    let get = |i: usize| match &arr.elements[i] {
        Some(ArrayElement::Expression(e)) => e,
        _ => panic!(),
    };
    let Expression::Function(f) = get(0) else {
        panic!()
    };
    assert_eq!(slice(f.span), "function  f ( a ) { return a }");
    let Expression::Arrow(f) = get(1) else {
        panic!()
    };
    assert_eq!(slice(f.span), "async  ( b ) => b");
    let Expression::Class(c) = get(2) else {
        panic!()
    };
    assert_eq!(slice(c.span), "class  C { m ( ) { } }");
    let ClassElement::Method(m) = &c.body[0] else {
        panic!()
    };
    assert_eq!(slice(m.function.span), "m ( ) { }");
    let Expression::Object(o) = get(3) else {
        panic!()
    };
    let ObjectProperty::Method(m) = &o.properties[0] else {
        panic!()
    };
    assert_eq!(slice(m.function.span), "get  y ( ) { return 1 }");
    assert_eq!(slice(s.body[0].span()), text);
    // test262 built-ins/Function/prototype/toString/method-class-statement-static.js
    let text = "class G { static /* before */[ /* a */ \"g\" /* b */ ] /* c */ ( /* d */ ) /* e */ { /* f */ }/* after */ }";
    let s = script(text).unwrap();
    let Statement::Class(c) = &s.body[0] else {
        panic!()
    };
    let ClassElement::Method(m) = &c.body[0] else {
        panic!()
    };
    assert_eq!(
        slice_of(text, m.function.span),
        "[ /* a */ \"g\" /* b */ ] /* c */ ( /* d */ ) /* e */ { /* f */ }"
    );
    let text = "class A { static async * #m ( ) { } }";
    let s = script(text).unwrap();
    let Statement::Class(c) = &s.body[0] else {
        panic!()
    };
    let ClassElement::Method(m) = &c.body[0] else {
        panic!()
    };
    assert_eq!(slice_of(text, m.function.span), "async * #m ( ) { }");
}

fn slice_of(text: &str, span: Span) -> &str {
    &text[span.start as usize..span.end as usize]
}

#[test]
fn patterns_in_declarations() {
    let body = statements("let {a, b: [c, , d = 1, ...e], ...f} = g;");
    let Statement::Variable(v) = &body[0] else {
        panic!()
    };
    assert_eq!(v.kind, VariableKind::Let);
    assert_eq!(
        pattern(&v.declarations[0].target),
        "{a, b: [c, , d = 1, ...e], ...f}"
    );
    let f = first_function("function f(a, {b} = {}, [c], ...[d]) {}");
    assert_eq!(common::params(&f.params), "a, {b} = {}, [c], ...[d]");
    assert_eq!(f.params.expected_argument_count(), 1);
    assert_eq!(f.params.bound_names().len(), 4);
}

// ----- options and the Function constructor -----

#[test]
fn eval_options() {
    let parse =
        |text: &str, options: ScriptOptions| parse_script(&Source::new("eval", text), options);
    assert!(parse("new.target", ScriptOptions::default()).is_err());
    assert!(parse(
        "new.target",
        ScriptOptions {
            allow_new_target: true,
            ..Default::default()
        }
    )
    .is_ok());
    assert!(parse(
        "super.x",
        ScriptOptions {
            allow_super_property: true,
            ..Default::default()
        }
    )
    .is_ok());
    assert!(parse(
        "super()",
        ScriptOptions {
            allow_super_call: true,
            ..Default::default()
        }
    )
    .is_ok());
    assert!(parse(
        "super()",
        ScriptOptions {
            allow_super_property: true,
            ..Default::default()
        }
    )
    .is_err());
    assert!(parse(
        "arguments",
        ScriptOptions {
            in_class_field_initializer: true,
            ..Default::default()
        }
    )
    .is_err());
    assert!(parse(
        "with (a) {}",
        ScriptOptions {
            strict: true,
            ..Default::default()
        }
    )
    .is_err());
    assert!(parse(
        "this.#x",
        ScriptOptions {
            private_names: vec!["x".into()],
            ..Default::default()
        }
    )
    .is_ok());
    assert!(parse(
        "this.#y",
        ScriptOptions {
            private_names: vec!["x".into()],
            ..Default::default()
        }
    )
    .is_err());
    assert!(parse("return 1", ScriptOptions::default()).is_err());
}

#[test]
fn function_constructor_pieces() {
    let (source, f) =
        parse_dynamic_function("a, b = 1", "return a + b", DynamicFunctionKind::Normal).unwrap();
    assert_eq!(
        source.text(),
        "function anonymous(a, b = 1\n) {\nreturn a + b\n}"
    );
    assert_eq!(f.params.items.len(), 2);
    assert!(parse_dynamic_function("a", "yield a", DynamicFunctionKind::Generator).is_ok());
    assert!(parse_dynamic_function("a", "await a", DynamicFunctionKind::AsyncGenerator).is_ok());
    assert!(parse_dynamic_function("", "await 1", DynamicFunctionKind::Normal).is_err());
    // Neither piece may close the other early.
    assert!(parse_dynamic_function("a) {", "}; (function (", DynamicFunctionKind::Normal).is_err());
    assert!(parse_dynamic_function("/*", "*/){", DynamicFunctionKind::Normal).is_err());
    assert!(parse_dynamic_function("a = 1", "'use strict'", DynamicFunctionKind::Normal).is_err());
    assert!(parse_dynamic_function("a, a", "'use strict'", DynamicFunctionKind::Normal).is_err());
    assert!(parse_dynamic_function("a, a", "", DynamicFunctionKind::Normal).is_ok());
    assert!(parse_dynamic_function("// comment", "", DynamicFunctionKind::Normal).is_ok());
    assert!(parse_dynamic_function("", "-->", DynamicFunctionKind::Normal).is_ok());
}

// ----- errors -----

#[test]
fn error_position_and_rendering() {
    let e = script("// one\n// two\nlet x = (1 + );").unwrap_err();
    assert_eq!(e.message, "Unexpected token ')'");
    assert_eq!((e.line, e.column), (3, 14));
    assert_eq!(&*e.file, "test.js");
    assert_eq!(e.render(), "SyntaxError: Unexpected token ')'\n    at test.js:3:14\n  let x = (1 + );\n               ^");
    // Columns count UTF-16 code units.
    let e = script("'😀é' + )").unwrap_err();
    assert_eq!((e.line, e.column), (1, 9));
    let e = script("a\r\nb\u{2028}c d").unwrap_err();
    assert_eq!((e.line, e.column), (3, 3));
    let e = script("x = 1;\n\tlet let = 2;").unwrap_err();
    assert_eq!((e.line, e.column), (2, 6));
    assert!(
        e.render().ends_with("\n  \tlet let = 2;\n  \t    ^"),
        "{}",
        e.render()
    );
    let e = script("f(").unwrap_err();
    assert_eq!(e.message, "Unexpected end of input");
    let e = script("'abc").unwrap_err();
    assert!(e.message.contains("unterminated"), "{}", e.message);
    let e = script("a => {} + 1").unwrap_err();
    assert_eq!(e.column, 9);
    let e = module("export { x }").unwrap_err();
    assert!(e.message.contains("'x'"), "{}", e.message);
    let e = script(&"(".repeat(5000)).unwrap_err();
    assert_eq!(e.message, "too much nesting");
}

// ----- visitor -----

#[derive(Default)]
struct Names {
    references: Vec<String>,
    bindings: Vec<String>,
    labels: Vec<String>,
    privates: Vec<String>,
    functions: usize,
    classes: usize,
}

impl vm::ast::visit::Visitor for Names {
    fn visit_identifier_reference(&mut self, id: &Identifier) {
        self.references.push(id.name.to_string());
    }
    fn visit_binding_identifier(&mut self, id: &Identifier) {
        self.bindings.push(id.name.to_string());
    }
    fn visit_label(&mut self, id: &Identifier) {
        self.labels.push(id.name.to_string());
    }
    fn visit_private_name(&mut self, name: &PrivateName) {
        self.privates.push(name.name.to_string());
    }
    fn visit_function(&mut self, f: &Function) {
        self.functions += 1;
        vm::ast::visit::walk_function(self, f);
    }
    fn visit_class(&mut self, c: &Class) {
        self.classes += 1;
        vm::ast::visit::walk_class(self, c);
    }
}

#[test]
fn visitor_reaches_every_identifier() {
    use vm::ast::visit::Visitor;
    let text = "
        var b1 = r1, [b2, {k: b3 = r2, ...b4}] = r3;
        function b5(b6, b7 = r4, ...b8) { l1: for (let b9 of r5) { continue l1; } return r6 ? r7 : r8; }
        class b10 extends r9 { #p1 = r10; [r11]() { return this.#p1 + (#p1 in r12); } static { r13; } }
        try { r14`a${r15}` } catch ({ b11 }) { r16?.[r17](...r18) } finally { new r19(r20) }
        [r21, r22.x] = [r23]; r24 += (r25, r26); ({ r27, k: r28, [r29]: r30 } = r32); ({ m() { r31 } });
        for (r33 in r34) ; while (r35) do ; while (r36); switch (r37) { case r38: break; }
        label2: { break label2; } with (r39) r40; throw r41++;
        async (b12) => await r42; x => r43; function* g() { yield* r44; }
    ";
    let s = script(text).unwrap();
    let mut names = Names::default();
    names.visit_script(&s);
    let mut refs: Vec<String> = names
        .references
        .iter()
        .filter(|n| n.starts_with('r'))
        .cloned()
        .collect();
    refs.sort_by_key(|n| n[1..].parse::<u32>().unwrap());
    let expected: Vec<String> = (1..=44).map(|i| format!("r{i}")).collect();
    assert_eq!(refs, expected);
    let mut binds: Vec<String> = names
        .bindings
        .iter()
        .filter(|n| n.starts_with('b'))
        .cloned()
        .collect();
    binds.sort_by_key(|n| n[1..].parse::<u32>().unwrap());
    assert_eq!(binds, (1..=12).map(|i| format!("b{i}")).collect::<Vec<_>>());
    assert_eq!(names.labels, ["l1", "l1", "label2", "label2"]);
    assert_eq!(names.privates, ["p1", "p1", "p1"]);
    assert_eq!(names.functions, 6);
    assert_eq!(names.classes, 1);
}

/// Helpers: parse in each goal/mode, and a compact S-expression printer for expressions and
/// patterns (so tests state AST shapes in one line).
mod common {
    #![allow(dead_code)]

    use vm::ast::*;
    use vm::diagnostics::SyntaxError;
    use vm::parser::{parse_module, parse_script, ScriptOptions};
    use vm::source::Source;

    pub fn script(text: &str) -> Result<Script, SyntaxError> {
        parse_script(&Source::new("test.js", text), ScriptOptions::default())
    }

    pub fn strict_script(text: &str) -> Result<Script, SyntaxError> {
        parse_script(
            &Source::new("test.js", text),
            ScriptOptions {
                strict: true,
                ..Default::default()
            },
        )
    }

    pub fn module(text: &str) -> Result<Module, SyntaxError> {
        parse_module(&Source::new("test.mjs", text))
    }

    /// The first statement's expression, printed.
    pub fn expr(text: &str) -> String {
        let script =
            script(text).unwrap_or_else(|e| panic!("{text:?} should parse:\n{}", e.render()));
        match &script.body[0] {
            Statement::Expression(e) => sexp(&e.expression),
            other => panic!("not an expression statement: {other:?}"),
        }
    }

    fn js_string(s: &[u16]) -> String {
        String::from_utf16_lossy(s)
    }

    fn key(k: &PropertyKey) -> String {
        match k {
            PropertyKey::Identifier(id) => id.name.to_string(),
            PropertyKey::String(s) => format!("'{}'", js_string(&s.value)),
            PropertyKey::Number(n) => n.value.to_string(),
            PropertyKey::BigInt(b) => format!("{}n", b.digits),
            PropertyKey::Computed(e) => format!("[{}]", sexp(e)),
            PropertyKey::Private(p) => format!("#{}", p.name),
        }
    }

    fn member(p: &MemberProperty) -> String {
        match p {
            MemberProperty::Identifier(id) => id.name.to_string(),
            MemberProperty::Computed(e) => format!("[{}]", sexp(e)),
            MemberProperty::Private(p) => format!("#{}", p.name),
        }
    }

    fn args(a: &[ArrayElement]) -> String {
        a.iter()
            .map(|e| match e {
                ArrayElement::Expression(e) => format!(" {}", sexp(e)),
                ArrayElement::Spread(s) => format!(" ...{}", sexp(&s.argument)),
            })
            .collect()
    }

    pub fn pattern(p: &Pattern) -> String {
        let element = |e: &PatternElement| match &e.default {
            Some(d) => format!("{} = {}", pattern(&e.target), sexp(d)),
            None => pattern(&e.target),
        };
        match p {
            Pattern::Identifier(id) => id.name.to_string(),
            Pattern::Expression(e) => sexp(e),
            Pattern::Object(o) => {
                let mut parts: Vec<String> = o
                    .properties
                    .iter()
                    .map(|p| {
                        if p.shorthand {
                            element(&p.value)
                        } else {
                            format!("{}: {}", key(&p.key), element(&p.value))
                        }
                    })
                    .collect();
                if let Some(r) = &o.rest {
                    parts.push(format!("...{}", pattern(r)));
                }
                format!("{{{}}}", parts.join(", "))
            }
            Pattern::Array(a) => {
                let mut parts: Vec<String> = a
                    .elements
                    .iter()
                    .map(|e| e.as_ref().map_or(String::new(), element))
                    .collect();
                if let Some(r) = &a.rest {
                    parts.push(format!("...{}", pattern(r)));
                }
                format!("[{}]", parts.join(", "))
            }
        }
    }

    fn binary(op: BinaryOperator) -> &'static str {
        use BinaryOperator::*;
        match op {
            Eq => "==",
            NotEq => "!=",
            StrictEq => "===",
            StrictNotEq => "!==",
            Lt => "<",
            LtEq => "<=",
            Gt => ">",
            GtEq => ">=",
            Shl => "<<",
            Shr => ">>",
            UShr => ">>>",
            Add => "+",
            Sub => "-",
            Mul => "*",
            Div => "/",
            Rem => "%",
            Exp => "**",
            BitOr => "|",
            BitXor => "^",
            BitAnd => "&",
            In => "in",
            Instanceof => "instanceof",
        }
    }

    fn logical(op: LogicalOperator) -> &'static str {
        match op {
            LogicalOperator::And => "&&",
            LogicalOperator::Or => "||",
            LogicalOperator::Coalesce => "??",
        }
    }

    pub fn params(p: &FormalParameters) -> String {
        let mut parts: Vec<String> = p
            .items
            .iter()
            .map(|e| match &e.default {
                Some(d) => format!("{} = {}", pattern(&e.target), sexp(d)),
                None => pattern(&e.target),
            })
            .collect();
        if let Some(r) = &p.rest {
            parts.push(format!("...{}", pattern(r)));
        }
        parts.join(", ")
    }

    pub fn sexp(e: &Expression) -> String {
        match e {
            Expression::Identifier(id) => id.name.to_string(),
            Expression::This(_) => "this".into(),
            Expression::Null(_) => "null".into(),
            Expression::Boolean(b) => b.value.to_string(),
            Expression::Number(n) => n.value.to_string(),
            Expression::BigInt(b) => format!("{}n", b.digits),
            Expression::String(s) => format!("'{}'", js_string(&s.value)),
            Expression::RegExp(r) => format!("/{}/{}", r.pattern, r.flags),
            Expression::Template(t) => template(t),
            Expression::TaggedTemplate(t) => {
                format!("(tag {} {})", sexp(&t.tag), template(&t.quasi))
            }
            Expression::Array(a) => {
                let parts: Vec<String> = a
                    .elements
                    .iter()
                    .map(|e| match e {
                        None => String::new(),
                        Some(ArrayElement::Expression(e)) => sexp(e),
                        Some(ArrayElement::Spread(s)) => format!("...{}", sexp(&s.argument)),
                    })
                    .collect();
                format!("[{}]", parts.join(", "))
            }
            Expression::Object(o) => {
                let parts: Vec<String> = o
                    .properties
                    .iter()
                    .map(|p| match p {
                        ObjectProperty::KeyValue(kv) if kv.shorthand => sexp(&kv.value),
                        ObjectProperty::KeyValue(kv) if kv.proto_setter => {
                            format!("__proto__= {}", sexp(&kv.value))
                        }
                        ObjectProperty::KeyValue(kv) => {
                            format!("{}: {}", key(&kv.key), sexp(&kv.value))
                        }
                        ObjectProperty::Method(m) => {
                            format!("{:?} {}", m.kind, key(&m.key)).to_lowercase()
                        }
                        ObjectProperty::Spread(s) => format!("...{}", sexp(&s.argument)),
                    })
                    .collect();
                format!("{{{}}}", parts.join(", "))
            }
            Expression::Function(f) => format!(
                "(function{}{}{} ({}))",
                if f.is_async { " async" } else { "" },
                if f.is_generator { "*" } else { "" },
                f.name
                    .as_ref()
                    .map_or(String::new(), |n| format!(" {}", n.name)),
                params(&f.params)
            ),
            Expression::Arrow(f) => {
                let body = if f.flags.concise_body {
                    match &f.body.statements[0] {
                        Statement::Return(r) => sexp(r.argument.as_ref().expect("concise body")),
                        _ => unreachable!(),
                    }
                } else {
                    "{...}".into()
                };
                format!(
                    "({}=> ({}) {})",
                    if f.is_async { "async " } else { "" },
                    params(&f.params),
                    body
                )
            }
            Expression::Class(c) => format!(
                "(class{})",
                c.name
                    .as_ref()
                    .map_or(String::new(), |n| format!(" {}", n.name))
            ),
            Expression::Unary(u) => {
                let op = match u.operator {
                    UnaryOperator::Minus => "-",
                    UnaryOperator::Plus => "+",
                    UnaryOperator::Not => "!",
                    UnaryOperator::BitNot => "~",
                    UnaryOperator::Typeof => "typeof",
                    UnaryOperator::Void => "void",
                    UnaryOperator::Delete => "delete",
                };
                format!("({op} {})", sexp(&u.argument))
            }
            Expression::Update(u) => {
                let op = if u.increment { "++" } else { "--" };
                if u.prefix {
                    format!("({op}{})", pattern(&u.target))
                } else {
                    format!("({}{op})", pattern(&u.target))
                }
            }
            Expression::Binary(b) => format!(
                "({} {} {})",
                binary(b.operator),
                sexp(&b.left),
                sexp(&b.right)
            ),
            Expression::Logical(l) => format!(
                "({} {} {})",
                logical(l.operator),
                sexp(&l.left),
                sexp(&l.right)
            ),
            Expression::PrivateIn(p) => format!("(#{} in {})", p.name.name, sexp(&p.right)),
            Expression::Conditional(c) => format!(
                "(? {} {} {})",
                sexp(&c.test),
                sexp(&c.consequent),
                sexp(&c.alternate)
            ),
            Expression::Assign(a) => {
                let op = match a.operator {
                    AssignmentOperator::Assign => "=".to_string(),
                    AssignmentOperator::Compound(b) => format!("{}=", binary(b)),
                    AssignmentOperator::Logical(l) => format!("{}=", logical(l)),
                };
                format!("({op} {} {})", pattern(&a.target), sexp(&a.value))
            }
            Expression::Sequence(s) => {
                format!(
                    "(, {})",
                    s.expressions.iter().map(sexp).collect::<Vec<_>>().join(" ")
                )
            }
            Expression::Member(m) => {
                format!(
                    "({} {} {})",
                    if m.optional { "?." } else { "." },
                    sexp(&m.object),
                    member(&m.property)
                )
            }
            Expression::SuperMember(m) => format!("(. super {})", member(&m.property)),
            Expression::Call(c) => format!(
                "({}{}{})",
                if c.optional { "?.call " } else { "call " },
                sexp(&c.callee),
                args(&c.arguments)
            ),
            Expression::SuperCall(c) => format!("(super{})", args(&c.arguments)),
            Expression::New(n) => format!("(new {}{})", sexp(&n.callee), args(&n.arguments)),
            Expression::OptionalChain(c) => format!("(chain {})", sexp(&c.expression)),
            Expression::NewTarget(_) => "new.target".into(),
            Expression::ImportMeta(_) => "import.meta".into(),
            Expression::ImportCall(i) => format!(
                "(import {}{})",
                sexp(&i.source),
                i.options
                    .as_ref()
                    .map_or(String::new(), |o| format!(" {}", sexp(o)))
            ),
            Expression::Yield(y) => format!(
                "(yield{}{})",
                if y.delegate { "*" } else { "" },
                y.argument
                    .as_ref()
                    .map_or(String::new(), |a| format!(" {}", sexp(a)))
            ),
            Expression::Await(a) => format!("(await {})", sexp(&a.argument)),
            Expression::Parenthesized(p) => format!("(paren {})", sexp(&p.expression)),
        }
    }

    fn template(t: &TemplateLiteral) -> String {
        let mut out = String::from("`");
        for (i, q) in t.quasis.iter().enumerate() {
            match &q.cooked {
                Some(c) => out.push_str(&js_string(c)),
                None => out.push_str("<invalid>"),
            }
            if let Some(e) = t.expressions.get(i) {
                out.push_str(&format!("${{{}}}", sexp(e)));
            }
        }
        out.push('`');
        out
    }
}
