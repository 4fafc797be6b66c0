//! Compiler tests. Snapshots: snippets covering each construct family compile to exactly the
//! disassembly kept in `tests/compiler_snapshots/<name>.txt` (run with `UPDATE_SNAPSHOTS=1` to
//! rewrite them after an intended change). Structural properties: every output verifies
//! (jump targets on instruction boundaries, registers inside the frame, constants of the
//! right kind, IC slots in range), handler ranges cover exactly the protected code,
//! `decode(encode(x)) == x` for random instructions, the verifier rejects corrupted code,
//! and the deepest trees the parser accepts compile without overflowing the stack.

#[path = "support/nesting.rs"]
mod nesting;

use std::collections::BTreeMap;
use std::path::PathBuf;

use heap::sync::Arc;
use vm::bytecode::{
    decode, disassemble, verify, BytecodeBuilder, CodeKind, ConstIdx, Constant, EvalContextInfo,
    Executable, FunctionInfo, IcKind, IcSlot, Instruction, Instructions, Opcode, OperandKind, Reg,
};
use vm::compiler::{compile_eval, compile_function_constructor, compile_module, compile_script};
use vm::parser::{
    parse_dynamic_function, parse_module, parse_script, DynamicFunctionKind, ScriptOptions,
};
use vm::source::Source;

fn script(src: &str) -> Arc<Executable> {
    let source = Source::new("test.js", src);
    let ast = parse_script(&source, ScriptOptions::default()).expect("parses");
    let exe = compile_script(&ast, &source).expect("compiles");
    verify(&exe).unwrap_or_else(|e| panic!("verifier: {e}\n{}", disassemble(&exe)));
    exe
}

fn module(src: &str) -> Arc<Executable> {
    let source = Source::new("test.mjs", src);
    let ast = parse_module(&source).expect("parses");
    let exe = compile_module(&ast, &source).expect("compiles");
    verify(&exe).unwrap_or_else(|e| panic!("verifier: {e}\n{}", disassemble(&exe)));
    exe
}

/// Every snapshot: (name, is module, source).
const SNAPSHOTS: &[(&str, bool, &str)] = &[
    ("literals_and_operators", false, "var x = 1 + 2 * y - (-3) ** 2 / 4 % 5; x = (a, b) ? 'c' : null; x = 1.5 >>> 2 | 3 & ~4 ^ 5 << 6 >> 7; x = a == b != c === d !== e < f <= g > h >= i; x = a in b instanceof c; x = 10n; x = (true && false || undefined) ?? void 0; x = !+y;"),
    ("globals_and_lexicals", false, "var a = 1; let b = 2; const c = 3; function f() { return a + b + c + d; } class K {} a = b; d = 4;"),
    ("closures_and_contexts", false, "function counter() { let n = 0; return { inc: () => ++n, get: function () { return n; } }; }"),
    ("tdz_checks", false, "function f() { g(); let x = 1; function g() { return x; } x; { y; let y = 2; y; } }"),
    ("loops", false, "function f(n) { let s = 0; while (n--) s += n; do { s++; } while (s < 10); for (let i = 0; i < n; i++) { s += i; } for (let j = 0; j < 3; j++) setTimeout(() => j); return s; }"),
    ("for_in", false, "function f(o) { for (const k in o) { if (k) continue; } for (var v in o) ; for (x.y in o) ; }"),
    ("for_of_break_continue", false, "function f(it) { outer: for (const a of it) { for (const b of a) { if (b) continue outer; if (!b) break outer; return b; } } }"),
    ("for_await", false, "async function f(it) { for await (const x of it) { if (x) break; } }"),
    ("labels_break_continue_finally", false, "function f() { a: { try { break a; } finally { g(); } } for (;;) { try { continue; } finally { h(); } } }"),
    ("try_catch_finally", false, "function f() { try { a(); } catch ({ message }) { b(message); } finally { c(); } try { d(); } catch { e(); } }"),
    ("switch", false, "function f(x) { switch (x) { case 1: let y = 2; case g(): return y; default: break; case 3: x++; } }"),
    ("with_statement", false, "function f(o) { var v; with (o) { v = p; p = 2; m(); } return v; }"),
    ("sloppy_direct_eval", false, "function f(s) { var a = 1; eval(s); return a + b; }"),
    ("strict_function_eval", false, "function f(s) { 'use strict'; let a = 1; return eval(s) + a; }"),
    ("arguments_objects", false, "function mapped(a, b) { return arguments[0] + a; } function unmapped(a, b = 1) { return arguments.length; } function strict(a) { 'use strict'; return arguments; } const arrow = () => { function f() { return () => arguments; } };"),
    ("default_params_and_rest", false, "function f(a, b = a, { c } = {}, ...[d, e]) { var a; return a + b + c + d + e; }"),
    ("destructuring_binding", false, "function f(o) { const { a, b: { c = 1 } = {}, ['k' + 1]: d, ...rest } = o; let [x, , y = 2, ...z] = o; return [a, c, d, rest, x, y, z]; }"),
    ("destructuring_assignment", false, "function f(o, p) { [p.x, o[1], ...p.y] = o; ({ a: p.a, b = 2 } = o); return [a, b] = [b, a]; }"),
    ("object_literal", false, "var o = { a: 1, 'b': 2, 3: 3, [k]: 4, m() { return super.m(); }, get g() { return 1; }, set g(v) {}, ...s, __proto__: null, f: function () {}, [k2]: () => 1, async *ag() {} };"),
    ("array_literal", false, "var a = [1, 2, 3]; var b = [1, , 2, ...c, 4, ,];"),
    ("calls", false, "f(); o.m(1, 2); o[k](); new C(1); new C; f(...a, 1); o.m(...a); new C(...a); (0, o.m)(); (o.m)(); g`x${1}y`; o.t`z`;"),
    ("optional_chaining", false, "a?.b; a?.[b]; a?.(); a?.b.c(); a.b?.(); (a?.b).c; delete a?.b; x = a ?? b;"),
    ("assignment_operators", false, "function f(o) { x += 1; o.p -= 2; o[k] *= 3; x ||= 4; o.p &&= 5; o[k] ??= 6; x **= 2; }"),
    ("update_delete_typeof", false, "function f(o) { let i = 0; i++; ++o.p; o[k]--; delete o.p; delete o[k]; typeof undeclared; typeof i; void 0; return delete i; }"),
    ("template_literals", false, "function f(a, b) { return `x${a}y${b}` + `${a}` + `plain` + tag`raw\\n${a}`; }"),
    ("class_basic", false, "class A { constructor(x) { this.x = x; } m() { return this.x; } static s() {} get g() { return 1; } set g(v) {} ['c' + 1]() {} static async *gen() {} }"),
    ("class_fields_private", false, "class A { #x = 1; static #y = 2; z = this.#x; [k] = 3; static s = A.#y; #m() { return this.#x; } get #p() { return 1; } set #p(v) {} static #sm() {} has(o) { return #x in o; } static { this.init = true; } }"),
    ("class_derived_super", false, "class B extends A { constructor(...args) { super(...args); this.f = () => super.m(); } m() { return super.m() + super['n']; } static s() { super.s = 1; } } class C extends A { x = 1; }"),
    ("class_expression_names", false, "var a = class {}; var b = class Named { m() { return Named; } }; var o = { [k]: class {} };"),
    ("generators", false, "function* g(x) { try { const y = yield x; yield* y; } finally { cleanup(); } return 1; }"),
    ("async_functions", false, "async function f(p) { try { return await p; } catch (e) { return e; } } const a = async (x) => await x;"),
    ("async_generators", false, "async function* g(it) { yield 1; yield* it; for await (const x of it) yield x; return 2; }"),
    ("using_declarations", false, "function f() { using a = g(); { using b = h(); } } async function af() { await using c = g(); for (using d of items) {} }"),
    ("module_imports_exports", true, "import d, { a as b, 'c' as c } from './m.js' with { type: 'json' }; import * as ns from './n.js'; export let x = b + c; export function f() { return d(x++); } export default class {} export { ns, b as bb }; export * from './o.js'; export * as o from './o.js'; export { y as z } from './p.js';"),
    ("module_top_level_await", true, "const m = await import('./m.js', { with: {} }); export const v = m.default; console.log(import.meta.url);"),
    ("struct_declaration", false, "struct S { x; y = 1; m() {} } shared struct T extends S { z; }"),
    ("named_evaluation", false, "var f = function () {}; let g = () => {}; const h = class {}; var o = { p: function () {}, q: () => {} }; f ||= function () {}; var { d = function () {} } = {}; function k(e = () => {}) {}"),
    ("annex_b_functions", false, "function f() { { function g() {} } if (x) function h() {} g(); } { function t() {} }"),
    ("meta_properties", false, "function F() { return [new.target, () => new.target]; } import('./x.js');"),
    ("misc", false, "debugger; var r = /a+b/gi; label: { break label; } if (a) b(); else if (c) d(); else e(); throw new Error('x');"),
    ("completion_values", false, "1; if (a) { 2; } else { } do { 3; break; } while (0); try { 4 } finally { 5 }"),
];

fn snapshot_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("compiler_snapshots")
}

#[test]
fn snapshots() {
    let update = std::env::var("UPDATE_SNAPSHOTS").is_ok_and(|v| v == "1");
    let dir = snapshot_dir();
    let mut mismatches = Vec::new();
    for (name, is_module, src) in SNAPSHOTS {
        let exe = if *is_module { module(src) } else { script(src) };
        let actual = format!("// {src}\n\n{}", disassemble(&exe));
        let path = dir.join(format!("{name}.txt"));
        if update {
            std::fs::write(&path, &actual).expect("write snapshot");
            continue;
        }
        let expected = std::fs::read_to_string(&path).unwrap_or_default();
        if expected != actual {
            mismatches.push(format!(
                "--- {name} (expected)\n{expected}\n+++ {name} (actual)\n{actual}"
            ));
        }
    }
    assert!(
        mismatches.is_empty(),
        "{} snapshot(s) differ (UPDATE_SNAPSHOTS=1 rewrites them):\n{}",
        mismatches.len(),
        mismatches.join("\n")
    );
}

#[test]
fn every_snapshot_file_has_a_case() {
    let names: Vec<&str> = SNAPSHOTS.iter().map(|(n, _, _)| *n).collect();
    for entry in std::fs::read_dir(snapshot_dir())
        .expect("snapshot directory")
        .flatten()
    {
        let file = entry.file_name().to_string_lossy().into_owned();
        let stem = file.trim_end_matches(".txt");
        assert!(names.contains(&stem), "stale snapshot file {file}");
    }
}

// ----- structural checks -----

/// Every executable reachable from `exe`.
fn all_executables(exe: &Arc<Executable>, out: &mut Vec<Arc<Executable>>) {
    out.push(exe.clone());
    for f in exe.functions() {
        all_executables(f, out);
    }
}

/// The offsets of calls whose callee register was loaded from global `name`.
fn call_sites(exe: &Executable, name: &str) -> Vec<u32> {
    let mut out = Vec::new();
    let mut loaded: Option<Reg> = None;
    let mut pending = false;
    for item in Instructions::new(&exe.code) {
        let (pc, instruction) = item.expect("decodes");
        match instruction {
            Instruction::LdaGlobal { name: n, .. } => {
                pending = matches!(&exe.constants[n.0 as usize], Constant::Name(s) if &**s == name);
                loaded = None;
            }
            Instruction::Star { dst } if pending => {
                loaded = Some(dst);
                pending = false;
            }
            Instruction::CallUndefinedReceiver { callee, .. } if Some(callee) == loaded => {
                out.push(pc);
            }
            _ => pending = false,
        }
    }
    out
}

fn covered(exe: &Executable, pc: u32) -> bool {
    exe.handlers.iter().any(|h| h.start <= pc && pc < h.end)
}

#[test]
fn handler_ranges_cover_exactly_the_protected_code() {
    let exe =
        script("function f() { before(); try { inside(); } catch (e) { handler(); } after(); }");
    let f = exe.functions().next().expect("f").clone();
    let at = |name| call_sites(&f, name)[0];
    assert!(!covered(&f, at("before")));
    assert!(covered(&f, at("inside")));
    assert!(!covered(&f, at("handler")));
    assert!(!covered(&f, at("after")));
    // Every handler target is outside its range and restores a context only when needed.
    for h in f.handlers.iter() {
        assert!(h.target < h.start || h.target >= h.end);
    }

    // A `finally` covers the try block and the catch block, not itself.
    let exe = script("function f() { try { a(); } catch { b(); } finally { c(); } d(); }");
    let f = exe.functions().next().expect("f").clone();
    assert!(covered(&f, call_sites(&f, "a")[0]));
    assert!(covered(&f, call_sites(&f, "b")[0]));
    assert!(call_sites(&f, "c").iter().all(|&pc| !covered(&f, pc)));
    assert!(!covered(&f, call_sites(&f, "d")[0]));

    // The for-of close-on-throw handler covers the body but not the iterator step, and the
    // IteratorClose of a `break` lies outside the loop's own handler.
    let exe = script("function f(it) { for (const x of it) { body(x); if (x) break; } }");
    let f = exe.functions().next().expect("f").clone();
    assert!(covered(&f, call_sites(&f, "body")[0]));
    for item in Instructions::new(&f.code) {
        let (pc, instruction) = item.expect("decodes");
        if matches!(
            instruction,
            Instruction::ForOfNext { .. } | Instruction::IteratorClose { .. }
        ) {
            assert!(!covered(&f, pc), "{instruction:?} at {pc} is covered");
        }
    }
}

#[test]
fn contexts_are_restored_by_handlers_that_need_it() {
    let exe = script("function f() { try { let x = 1; (() => x)(); throw 0; } catch (e) {} }");
    let f = exe.functions().next().expect("f").clone();
    assert!(f.handlers.iter().all(|h| h.context.is_some()));
    let exe = script("function f() { try { g(); } catch (e) {} }");
    let f = exe.functions().next().expect("f").clone();
    assert!(f.handlers.iter().all(|h| h.context.is_none()));
}

/// Structural properties of every output, checked independently of the verifier.
fn check_structure(exe: &Executable) {
    let mut boundaries = vec![false; exe.code.len() + 1];
    let mut targets = Vec::new();
    for item in Instructions::new(&exe.code) {
        let (pc, instruction) = item.expect("decodes");
        boundaries[pc as usize] = true;
        let operands = instruction.operands();
        for (i, &(kind, raw)) in operands.iter().enumerate() {
            match kind {
                OperandKind::Target => targets.push(raw as usize),
                OperandKind::Reg | OperandKind::RegOut => {
                    assert!((raw as u32) < exe.register_count)
                }
                OperandKind::RegPair | OperandKind::RegOutPair => {
                    assert!((raw as u32) + 1 < exe.register_count)
                }
                OperandKind::RegList => {
                    let count = operands[i + 1].1 as u32;
                    assert!(raw as u32 + count <= exe.register_count);
                }
                OperandKind::Ic => assert!((raw as usize) < exe.ic_slots.len()),
                OperandKind::Const(kind) => assert_eq!(exe.constants[raw as usize].kind(), kind),
                _ => {}
            }
        }
    }
    boundaries[exe.code.len()] = true;
    for t in targets {
        assert!(
            boundaries[t],
            "jump target {t} is not an instruction boundary"
        );
    }
    for h in exe.handlers.iter() {
        assert!(
            boundaries[h.start as usize]
                && boundaries[h.end as usize]
                && boundaries[h.target as usize]
        );
        if let Some(r) = h.context {
            assert!(r < exe.register_count);
        }
    }
}

#[test]
fn snapshot_outputs_are_structurally_sound() {
    for (_, is_module, src) in SNAPSHOTS {
        let exe = if *is_module { module(src) } else { script(src) };
        let mut all = Vec::new();
        all_executables(&exe, &mut all);
        for e in all {
            check_structure(&e);
        }
    }
}

/// A small deterministic PRNG (xorshift64*).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    /// Values of every encoded size.
    fn operand(&mut self, kind: OperandKind) -> i64 {
        let magnitude = match self.below(3) {
            0 => 0xff,
            1 => 0xffff,
            _ => u64::from(u32::MAX),
        };
        let v = self.below(magnitude + 1);
        if kind == OperandKind::SImm {
            (v as u32 as i32) as i64 >> (self.below(24) as i64)
        } else {
            v as i64
        }
    }
}

#[test]
fn decode_inverts_encode_for_random_instructions() {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    for _ in 0..200 {
        let mut code = Vec::new();
        let mut expected = Vec::new();
        for _ in 0..50 {
            let opcode = Opcode::ALL[rng.below(Opcode::ALL.len() as u64) as usize];
            if opcode.is_prefix() {
                continue;
            }
            let raw: Vec<i64> = opcode
                .operands()
                .iter()
                .map(|&(_, k)| rng.operand(k))
                .collect();
            let instruction = rebuild(opcode, &raw);
            assert_eq!(
                instruction
                    .operands()
                    .iter()
                    .map(|x| x.1)
                    .collect::<Vec<_>>(),
                raw
            );
            let pc = code.len();
            instruction.encode(&mut code);
            expected.push((pc as u32, instruction));
        }
        let decoded: Vec<(u32, Instruction)> = Instructions::new(&code)
            .map(|r| r.expect("decodes"))
            .collect();
        assert_eq!(decoded, expected);
    }
}

/// Builds an instruction from raw operands through the encoder and decoder of a one-off
/// builder-free path: encode a canonical form by hand and decode it.
fn rebuild(opcode: Opcode, raw: &[i64]) -> Instruction {
    let scale = opcode
        .operands()
        .iter()
        .zip(raw)
        .map(|(&(_, k), &v)| vm::bytecode::Scale::needed(k, v))
        .max()
        .unwrap_or(vm::bytecode::Scale::Single);
    let mut code = Vec::new();
    if let Some(prefix) = scale.prefix() {
        code.push(prefix as u8);
    }
    code.push(opcode as u8);
    for (&(_, kind), &v) in opcode.operands().iter().zip(raw) {
        let size = if kind.is_scaled() { scale.bytes() } else { 4 };
        code.extend_from_slice(&(v as u32).to_le_bytes()[..size]);
    }
    let (instruction, _, next) = decode(&code, 0).expect("decodes");
    assert_eq!(next, code.len());
    instruction
}

fn info() -> FunctionInfo {
    FunctionInfo {
        name: Box::default(),
        length: 0,
        kind: CodeKind::Normal,
        strict: false,
        is_async: false,
        is_generator: false,
        needs_arguments: false,
        needs_home_object: false,
        simple_parameters: true,
        span: Default::default(),
        source: Arc::new(Source::new("t.js", "")),
    }
}

#[test]
fn the_verifier_rejects_corrupt_code() {
    // A well-formed function.
    let mut b = BytecodeBuilder::new();
    let end = b.new_label();
    b.lda_true();
    b.jump_if_false(end);
    b.lda_smi(300);
    b.star(Reg(1));
    b.bind(end);
    b.return_value();
    let good = b.finish(2, 0, info(), None);
    verify(&good).expect("well formed");
    assert!(
        good.code.contains(&(Opcode::Wide as u8)),
        "300 needs a wide operand"
    );

    // A jump into the middle of an instruction.
    let mut bad = clone_exe(&good);
    let mut code = bad.code.to_vec();
    code[2..6].copy_from_slice(&4u32.to_le_bytes());
    bad.code = code.into_boxed_slice();
    assert!(verify(&bad).is_err());

    // A register outside the frame.
    let mut bad = clone_exe(&good);
    bad.register_count = 1;
    assert!(verify(&bad).is_err());

    // Code that falls off the end.
    let mut bad = clone_exe(&good);
    bad.code = bad.code[..bad.code.len() - 1].to_vec().into_boxed_slice();
    assert!(verify(&bad).is_err());

    // A constant of the wrong kind and an IC slot of the wrong kind.
    let mut b = BytecodeBuilder::new();
    let number = b.number(1.5);
    b.create_closure(number);
    b.return_value();
    assert!(verify(&b.finish(1, 0, info(), None)).is_err());
    let mut b = BytecodeBuilder::new();
    let name = b.name("x");
    let ic = b.new_ic(IcKind::Call);
    b.lda_global(name, ic);
    b.return_value();
    assert!(verify(&b.finish(1, 0, info(), None)).is_err());
    let mut b = BytecodeBuilder::new();
    b.lda_global(ConstIdx(7), IcSlot(0));
    b.return_value();
    assert!(verify(&b.finish(1, 0, info(), None)).is_err());

    // Context depths must agree where control flow joins.
    let scope = Arc::new(vm::bytecode::ScopeDescriptor {
        kind: vm::bytecode::ScopeKind::Block,
        slots: Box::default(),
        is_var_scope: false,
        sloppy_eval: false,
        is_arrow: false,
        function_kind: None,
        imports: Box::default(),
    });
    let mut b = BytecodeBuilder::new();
    let index = b.add_constant(Constant::Scope(scope.clone()));
    let join = b.new_label();
    b.create_block_context(index);
    b.push_context(Reg(1));
    b.lda_true();
    b.jump_if_true(join);
    b.pop_context(Reg(1));
    b.bind(join);
    b.return_value();
    let error = verify(&b.finish(2, 0, info(), None)).expect_err("depth 1 joins depth 0");
    assert!(error.message.contains("context depth"), "{error}");
    // PopContext must restore a saved context.
    let mut b = BytecodeBuilder::new();
    b.pop_context(Reg(1));
    b.return_value();
    assert!(verify(&b.finish(2, 0, info(), None)).is_err());
    // A handler without a context register must not cover a push.
    let mut b = BytecodeBuilder::new();
    let index = b.add_constant(Constant::Scope(scope));
    let start = b.mark_label();
    b.create_block_context(index);
    b.push_context(Reg(1));
    b.throw();
    let end = b.mark_label();
    let handler = b.here();
    b.return_value();
    b.add_handler(vm::bytecode::HandlerBuilder {
        start,
        end,
        target: handler,
        context: None,
        kind: vm::bytecode::HandlerKind::Catch,
    });
    assert!(verify(&b.finish(2, 0, info(), None)).is_err());

    // Garbage never panics the decoder or the verifier.
    let mut rng = Rng(42);
    for _ in 0..2000 {
        let len = 1 + rng.below(40) as usize;
        let code: Vec<u8> = (0..len).map(|_| rng.below(256) as u8).collect();
        let mut exe = clone_exe(&good);
        exe.code = code.into_boxed_slice();
        let _ = verify(&exe);
    }
}

fn clone_exe(exe: &Executable) -> Executable {
    Executable {
        code: exe.code.clone(),
        register_count: exe.register_count,
        parameter_count: exe.parameter_count,
        constants: exe.constants.clone(),
        ic_slots: exe.ic_slots.clone(),
        handlers: exe.handlers.clone(),
        line_table: exe.line_table.clone(),
        callee_texts: exe.callee_texts.clone(),
        info: exe.info.clone(),
        module: exe.module.clone(),
        decoded: vm::bytecode::DecodedCode::new(&exe.code),
    }
}

#[test]
fn every_opcode_is_documented_and_named_consistently() {
    let mut seen = BTreeMap::new();
    for &op in Opcode::ALL {
        assert!(!op.doc().trim().is_empty(), "{op} has no documentation");
        assert!(seen.insert(op.snake_name(), op).is_none());
        assert_eq!(Opcode::from_u8(op as u8), Some(op));
        // Register lists are always followed by their count.
        let operands = op.operands();
        for (i, (_, kind)) in operands.iter().enumerate() {
            if *kind == OperandKind::RegList {
                assert_eq!(
                    operands.get(i + 1).map(|o| o.1),
                    Some(OperandKind::RegCount),
                    "{op}"
                );
            }
        }
    }
    assert!(Opcode::ALL.len() < 256);
}

#[test]
fn executables_are_send_and_sync() {
    fn check<T: Send + Sync>() {}
    check::<Executable>();
    check::<Arc<Executable>>();
    check::<EvalContextInfo>();
}

#[test]
fn line_table_maps_instructions_to_source_positions() {
    let exe = script("var a = 1;\nfunction f() {\n  return a +\n    missing();\n}");
    let f = exe.functions().next().expect("f").clone();
    let call = Instructions::new(&f.code)
        .map(|r| r.expect("decodes"))
        .find(|(_, i)| matches!(i, Instruction::CallUndefinedReceiver { .. }))
        .expect("a call")
        .0;
    assert_eq!(f.line_column(call), Some((4, 5)));
    assert_eq!(
        f.source_text(),
        "function f() {\n  return a +\n    missing();\n}"
    );
    assert!(f.line_table.byte_len() < f.code.len());
}

#[test]
fn direct_eval_resolves_the_callers_bindings_statically() {
    let exe =
        script("function f() { let local = 1; const k = 2; return eval('local + k + other'); }");
    let f = exe.functions().next().expect("f").clone();
    let site = f
        .constants
        .iter()
        .find_map(|c| match c {
            Constant::EvalSite(site) => Some(site.clone()),
            _ => None,
        })
        .expect("an eval site");
    assert!(!site.strict && site.allow_new_target && !site.allow_super_call);
    let source = Source::new("eval", "var v = local + k + other; v");
    let ast = parse_script(&source, site.script_options()).expect("parses");
    let code = compile_eval(&ast, &source, &site).expect("compiles");
    verify(&code).expect("verifies");
    let text = disassemble(&code);
    assert!(text.contains("DeclareEvalVars"), "{text}");
    assert!(text.contains("LdaCurrentContextSlot"), "{text}");
    assert!(
        text.contains("LdaLookupSlot [") || text.contains("LdaGlobal"),
        "{text}"
    );
    // A var that conflicts with a lexical binding of the caller is a SyntaxError.
    let source = Source::new("eval", "var local;");
    let ast = parse_script(&source, site.script_options()).expect("parses");
    assert!(compile_eval(&ast, &source, &site).is_err());
    // Indirect eval: global scope only.
    let source = Source::new("eval", "let a = 1; var b = a; function g() { return b; }");
    let ast = parse_script(&source, ScriptOptions::default()).expect("parses");
    let code = compile_eval(&ast, &source, &EvalContextInfo::indirect()).expect("compiles");
    verify(&code).expect("verifies");
}

#[test]
fn function_constructor_bodies_compile() {
    let (source, function) = parse_dynamic_function(
        "a, b = 1",
        "return a + b + arguments.length",
        DynamicFunctionKind::Normal,
    )
    .expect("parses");
    let exe = compile_function_constructor(&function, &source).expect("compiles");
    verify(&exe).expect("verifies");
    assert_eq!(String::from_utf16_lossy(&exe.info.name), "anonymous");
    assert_eq!(exe.info.length, 1);
    assert!(exe.info.needs_arguments);
    assert!(exe
        .source_text()
        .starts_with("function anonymous(a, b = 1\n) {"));
    let (source, function) =
        parse_dynamic_function("x", "yield x; await x", DynamicFunctionKind::AsyncGenerator)
            .expect("parses");
    let exe = compile_function_constructor(&function, &source).expect("compiles");
    verify(&exe).expect("verifies");
    assert!(exe.info.is_async && exe.info.is_generator);
}

#[test]
fn the_deepest_accepted_trees_compile() {
    let openers = nesting::OPENERS;
    let parse = |open: &str, close: &str, depth: usize| {
        let text = format!("{}x{}", open.repeat(depth), close.repeat(depth));
        let source = Source::new("deep.js", text);
        parse_script(&source, ScriptOptions::default()).map(|ast| (ast, source))
    };
    for (open, close) in openers {
        let (mut lo, mut hi) = (1, 2 * vm::parser::MAX_NESTING as usize);
        while lo < hi {
            let mid = (lo + hi).div_ceil(2);
            if parse(open, close, mid).is_ok() {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        let (ast, source) = parse(open, close, lo).expect("accepted above");
        let exe = compile_script(&ast, &source).expect("compiles");
        verify(&exe).unwrap_or_else(|e| panic!("{open}: {e}"));
        assert!(!disassemble(&exe).is_empty());
    }
}

#[test]
fn registers_scale_to_wide_operands() {
    // More than 256 locals force `Wide` register operands.
    let vars: String = (0..300).map(|i| format!("let v{i} = {i};")).collect();
    let exe = script(&format!("function f() {{ {vars} return v0 + v299; }}"));
    let f = exe.functions().next().expect("f").clone();
    assert!(f.register_count > 256);
    assert!(disassemble(&f).contains(".Wide"));
    check_structure(&f);
}

/// Prints the disassembly of `$DUMP` (a script, or a module with `MODULE=1`): a debugging
/// aid — `DUMP='…' cargo test -p agora-vm --test compiler dump -- --nocapture`.
#[test]
fn dump() {
    if let Ok(src) = std::env::var("DUMP") {
        let exe = if std::env::var("MODULE").is_ok() {
            module(&src)
        } else {
            script(&src)
        };
        println!("{}", disassemble(&exe));
    }
}

/// The first `EvalSite` in `exe` or its nested functions.
fn find_eval_site(exe: &Executable) -> Option<Arc<EvalContextInfo>> {
    exe.constants
        .iter()
        .find_map(|c| match c {
            Constant::EvalSite(site) => Some(site.clone()),
            _ => None,
        })
        .or_else(|| exe.functions().find_map(|f| find_eval_site(f)))
}

/// Compiles `code` as direct eval code at the first eval site of `caller`.
fn eval_at(caller: &str, code: &str) -> String {
    let exe = script(caller);
    let site = find_eval_site(&exe).expect("an eval site");
    let source = Source::new("eval", code);
    let ast = parse_script(&source, site.script_options()).expect("eval code parses");
    let compiled = compile_eval(&ast, &source, &site).expect("eval code compiles");
    verify(&compiled).unwrap_or_else(|e| panic!("{e}\n{}", disassemble(&compiled)));
    disassemble(&compiled)
}

#[test]
fn eval_code_sees_this_super_and_private_names_of_its_caller() {
    // super() and this inside a derived constructor.
    let text = eval_at(
        "class A extends B { #p = 1; constructor() { eval('x'); } }",
        "super(); this.#p;",
    );
    assert!(text.contains("GetSuperConstructor"), "{text}");
    assert!(text.contains("ThrowSuperAlreadyCalledIfNotHole"), "{text}");
    assert!(text.contains("InitializeInstanceElements"), "{text}");
    assert!(text.contains("GetPrivate"), "{text}");
    // `this` of an arrow's eval is the enclosing function's.
    let text = eval_at("function f() { return () => eval('1'); }", "this");
    assert!(
        text.contains("LdaContextSlot") || text.contains("LdaCurrentContextSlot"),
        "{text}"
    );
    assert!(!text.contains("LdaGlobalThis"), "{text}");
    // At the top level, `this` is the global this value.
    let text = eval_at("eval('1')", "this");
    assert!(text.contains("LdaGlobalThis"), "{text}");
    // Eval code with its own direct eval records a chain that includes the outer one.
    let outer = script("function f(a) { eval('0'); }");
    let site = find_eval_site(&outer).expect("site");
    let source = Source::new("eval", "let inner = 1; eval('inner + a')");
    let ast = parse_script(&source, site.script_options()).expect("parses");
    let code = compile_eval(&ast, &source, &site).expect("compiles");
    let nested = find_eval_site(&code).expect("nested site");
    assert_eq!(nested.scopes.len(), site.scopes.len() + 1);
    // Strict eval keeps its vars local.
    let text = eval_at("function f() { 'use strict'; eval('0'); }", "var v = 1; v");
    assert!(!text.contains("DeclareEvalVars"), "{text}");
    assert!(!text.contains("LookupSlot"), "{text}");
}
