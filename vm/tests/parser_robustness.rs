//! Robustness: the parser never panics, never overflows the stack and finishes quickly on
//! any input. Thousands of inputs are derived from a fixed seed by mutating a built-in corpus
//! of snippets (bit flips, character replacements, truncations, splices, token insertions,
//! duplications, deletions, token soup), plus deeply nested and long flat inputs; every file
//! in `tests/parser_regressions/` (inputs that once crashed or hung) is replayed too. No
//! network, no test262.

#[path = "support/nesting.rs"]
mod nesting;

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;
use std::time::{Duration, Instant};

use vm::parser::{parse_module, parse_script, ScriptOptions};
use vm::source::Source;

const CORPUS: &[&str] = &[
    "var a = 1, b = [2, , 3], c = { d, e: 4, [f]: 5, ...g, get h() { return 1 }, set h(v) {} };",
    "let { a, b: [c = 1, ...d], ...e } = f; const [g, , h] = i;",
    "function* gen(a = 1, { b }, ...c) { yield a; yield* b; return c; }",
    "async function f() { await x; for await (const y of z) {} try { await using r = g(); } finally {} }",
    "class A extends B { #p = 1; static #q; static { this.#q = 2 } constructor() { super(); } get x() { return this.#p } set x(v) {} static async *m() {} #m() { return #p in this } }",
    "shared struct S extends T { x; y = 1; m() {} } struct U { static z = 2 }",
    "x = a ? b : c ?? (d || (e && f)) | g ^ h & i == j != k === l < m << n + o * p ** q;",
    "label: for (let i = 0; i < 10; i++) { if (i) continue label; else break label; }",
    "switch (x) { case 1: case 2: y(); break; default: z(); }",
    "for (var k in o) ; for (const [a, b] of c) ; for (x.y of z) ; for ({a, b} of c) ;",
    "a?.b?.[c]?.(d).e; new A.B(...c)(d); function f() { new.target } import('x', { with: {} });",
    "`a${b}c${`d${e}f`}g`; tag`\\unicode${x}`; String.raw`\\n`;",
    "x = /ab+c/gi.test('s') / 2 / y; z = a++ / /re/.source;",
    "(a, b = 1, ...c) => a + b; async (x) => await x; async x => x; () => ({});",
    "if (a) function f() {} else ; with (o) { p; } delete x; 010; '\\07';",
    "'use strict'; var o = { __proto__: null, 'a-b': 1, 1e3: 2, 0x10n: 3 };",
    "import a, { b as c, 'd' as e } from 'm'; export * as ns from 'n'; export default class {}",
    "export { a as 'b' }; export const q = 1; export async function af() {} let a = import.meta;",
    "do x(); while (y) z(); try {} catch ({ message }) {} try {} catch {}",
    "a\n++b\nreturn_\n(c)\n[d]\n`e`\n/f/g",
    "#!/usr/bin/env node\n<!-- html\n--> comment\n/* block */ // line\nx",
    "var \\u{61}\\u0062 = '\\u{1F600}\\x41\\u0041' + \"\\\r\n\" + 0b101 + 0o17 + 1_000_000.5e-3;",
    "({ a = 1 } = {}); [a, [b], { c }] = d; [(a), b.c] = e; ({ a: (b) } = c);",
    "async function* ag() { for await (x of y) yield await x; }",
    "var yield, await, let, async, of, get, set, static, using, struct, shared;",
    "{ using x = f(); } (function () { using y = g(); })();",
];

const TOKENS: &[&str] = &[
    "(",
    ")",
    "{",
    "}",
    "[",
    "]",
    "/",
    "/=",
    "`",
    "${",
    "=>",
    "...",
    "?.",
    "??",
    "**",
    ",",
    ";",
    ":",
    "?",
    "async ",
    "await ",
    "yield ",
    "let ",
    "function ",
    "class ",
    "new ",
    "super",
    "#x",
    "'",
    "\"",
    "\\u",
    "\n",
    "=",
    "++",
    "--",
    "in ",
    "of ",
    "static ",
    "get ",
    "using ",
    "struct ",
    "shared ",
    "import ",
    "export ",
    "/*",
    "*/",
    "//",
    "<!--",
    "-->",
    "0x",
    "1n",
    "1_",
    ".5",
    "\u{2028}",
    "😀",
    "\\",
    "#",
    "@",
];

const CHARS: &[char] = &[
    '(', ')', '{', '}', '[', ']', '/', '\\', '`', '\'', '"', '$', '#', '?', '.', ':', ';', ',',
    '=', '<', '>', '+', '-', '*', '%', '&', '|', '^', '~', '!', '\n', '\r', ' ', '0', '7', '9',
    'a', 'n', 'u', 'x', '_', 'é', '😀', '\u{2028}', '\u{feff}', '\0',
];

/// xorshift64*: deterministic across platforms.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn boundary(s: &str, mut at: usize) -> usize {
    at = at.min(s.len());
    while !s.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn mutate(rng: &mut Rng, input: &str) -> String {
    let mut s = input.to_string();
    for _ in 0..1 + rng.below(4) {
        let at = boundary(&s, rng.below(s.len() + 1));
        match rng.below(8) {
            7 => {
                // A raw bit flip; invalid UTF-8 becomes U+FFFD (sources are `str`).
                let mut bytes = s.into_bytes();
                if !bytes.is_empty() {
                    let i = rng.below(bytes.len());
                    bytes[i] ^= 1 << rng.below(8);
                }
                s = String::from_utf8_lossy(&bytes).into_owned();
            }
            6 => {
                // Token soup: random tokens, identifiers and corpus fragments.
                let mut soup = String::new();
                for _ in 0..rng.below(60) {
                    match rng.below(3) {
                        0 => soup.push_str(TOKENS[rng.below(TOKENS.len())]),
                        1 => soup.push(CHARS[rng.below(CHARS.len())]),
                        _ => {
                            let other = CORPUS[rng.below(CORPUS.len())];
                            let from = boundary(other, rng.below(other.len() + 1));
                            let to = boundary(other, from + rng.below(12));
                            soup.push_str(&other[from..to.max(from)]);
                        }
                    }
                }
                s.insert_str(at, &soup);
            }
            0 => s.truncate(at),
            1 => {
                let end = boundary(&s, at + 1 + rng.below(3));
                s.replace_range(at..end.max(at), &CHARS[rng.below(CHARS.len())].to_string());
            }
            2 => {
                let other = CORPUS[rng.below(CORPUS.len())];
                let from = boundary(other, rng.below(other.len() + 1));
                s = format!("{}{}", &s[..at], &other[from..]);
            }
            3 => s.insert_str(at, TOKENS[rng.below(TOKENS.len())]),
            4 => {
                let end = boundary(&s, at + rng.below(20));
                let piece = s[at..end].to_string();
                s.insert_str(end, &piece);
            }
            _ => {
                let end = boundary(&s, at + rng.below(10));
                s.replace_range(at..end, "");
            }
        }
    }
    s
}

/// Parses `text` as a sloppy script, a strict script and a module; fails on a panic or a
/// parse slower than a second.
fn check(text: &str) {
    for mode in 0..3 {
        let source = Source::new("fuzz.js", text);
        let started = Instant::now();
        let result = catch_unwind(AssertUnwindSafe(|| match mode {
            0 => parse_script(&source, ScriptOptions::default()).map(|_| ()),
            1 => parse_script(
                &source,
                ScriptOptions {
                    strict: true,
                    ..Default::default()
                },
            )
            .map(|_| ()),
            _ => parse_module(&source).map(|_| ()),
        }));
        let elapsed = started.elapsed();
        assert!(result.is_ok(), "parser panicked (mode {mode}) on {text:?}");
        assert!(
            elapsed < Duration::from_secs(1),
            "parse took {elapsed:?} (mode {mode}) on {text:?}"
        );
        if let Ok(Err(e)) = result {
            // Rendering must not panic either, whatever the span.
            let _ = e.render();
        }
    }
}

#[test]
fn the_corpus_parses() {
    for text in CORPUS {
        let source = Source::new("corpus.js", *text);
        let script = parse_script(&source, ScriptOptions::default());
        let module = parse_module(&source);
        assert!(
            script.is_ok() || module.is_ok(),
            "{text:?}: {:?} / {:?}",
            script.err(),
            module.err()
        );
    }
}

#[test]
fn mutated_inputs_never_panic_and_finish_quickly() {
    // `PARSER_FUZZ_ITERATIONS` and `PARSER_FUZZ_SEED` allow longer runs (e.g. in release).
    let env = |name: &str, default: u64| {
        std::env::var(name)
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(default)
    };
    let mut rng = Rng(env("PARSER_FUZZ_SEED", 0x5eed_1234_abcd_0001) | 1);
    let iterations = env("PARSER_FUZZ_ITERATIONS", 4000);
    let started = Instant::now();
    for _ in 0..iterations {
        let base = CORPUS[rng.below(CORPUS.len())];
        let input = mutate(&mut rng, base);
        check(&input);
    }
    assert!(started.elapsed() < Duration::from_secs(60 + iterations / 1000));
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    let openers = [
        ("(", ")"),
        ("[", "]"),
        ("{", "}"),
        ("{a:", "}"),
        ("a=>", ""),
        ("-", ""),
        ("!", ""),
        ("typeof ", ""),
        ("new ", ""),
        ("`${", "}`"),
        ("a**", ""),
        ("if(a)", ""),
        ("function f(){", "}"),
        ("class A extends ", "{}"),
        ("x?", ":y"),
        ("a=", ""),
        ("[...", "]"),
        ("async()=>", ""),
        ("({a:[", "]})"),
        ("l:", ""),
        ("try{", "}finally{}"),
        ("(function(){", "})"),
        ("let [", "]=x"),
        ("({x(){", "}})"),
        ("await ", ""),
        ("yield ", ""),
        ("class A{[", "](){}}"),
        ("import(", ")"),
        ("super[", "]"),
        ("x?.[", "]"),
    ];
    for (open, close) in openers {
        for depth in [10, 900, 20_000] {
            check(&format!("{}x{}", open.repeat(depth), close.repeat(depth)));
        }
    }
    // Long but flat inputs stay linear.
    check(&"a+".repeat(100_000).to_string());
    check(&format!("x = [{}]", "1,".repeat(100_000)));
    check(&"(a,".repeat(2000));
    check(&"/".repeat(10_000));
    // Cover-grammar bookkeeping stays near-linear when many literals become patterns.
    check(&format!("[{}] = x", "{a = 1},".repeat(20_000)));
    check(&format!("[{}] = x", "[...a,],".repeat(20_000)));
    check(&format!("({}) => 1", "{a = 1},".repeat(20_000)));
    check(&format!(
        "/*{}*/ x{}",
        " ".repeat(100_000),
        "-->x".repeat(10_000)
    ));
    check(&format!("'{}'", "\\u0041".repeat(50_000)));
    check(&format!("var {} = 1", "a".repeat(200_000)));
    check(&format!("{{{}}}", "var a; let b; ".repeat(5_000)));
    check(&"function f(a) {} ".repeat(20_000).to_string());
    check(&"`".repeat(10_001));
}

/// Counts identifier references (a full walk of the tree).
struct CountReferences(usize);

impl vm::ast::visit::Visitor for CountReferences {
    fn visit_identifier_reference(&mut self, _: &vm::ast::Identifier) {
        self.0 += 1;
    }
}

/// Later passes recurse over the tree: the deepest trees the parser accepts must be
/// walkable, clonable, comparable, printable and droppable on a 2 MiB test thread even in
/// debug builds.
#[test]
fn the_deepest_accepted_trees_are_safe_to_recurse_over() {
    use vm::ast::visit::Visitor;
    let openers = nesting::OPENERS;
    let parse = |open: &str, close: &str, depth: usize| {
        let text = format!("{}x{}", open.repeat(depth), close.repeat(depth));
        parse_script(&Source::new("deep.js", text), ScriptOptions::default())
    };
    for (open, close) in openers {
        // The deepest nesting the parser accepts (binary search).
        let (mut lo, mut hi) = (1, 2 * vm::parser::MAX_NESTING as usize);
        while lo < hi {
            let mid = (lo + hi).div_ceil(2);
            if parse(open, close, mid).is_ok() {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        let script = parse(open, close, lo).expect("accepted above");
        let mut count = CountReferences(0);
        count.visit_script(&script);
        let copy = script.clone();
        assert!(copy == script);
        assert!(!format!("{copy:?}").is_empty());
        drop(copy);
    }
}

#[test]
fn saved_regressions_never_panic() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("parser_regressions");
    let mut count = 0;
    for entry in std::fs::read_dir(&dir)
        .expect("the regression directory exists")
        .flatten()
    {
        let path = entry.path();
        if path.extension().is_some_and(|e| e == "js") {
            let bytes = std::fs::read(&path).expect("readable");
            check(&String::from_utf8_lossy(&bytes));
            count += 1;
        }
    }
    assert!(count > 0, "no regression inputs found in {}", dir.display());
}
