//! The disassembler: a readable listing of an executable and (recursively) the functions in
//! its constant pool. Registers print as `this`, `a0`… (parameters) and `r0`… (locals),
//! constants as `[index]` with a preview, IC slots as `ic0`…, jump targets as `@offset`.
//! The format is what the compiler's snapshot tests compare.

use std::fmt::Write as _;

use super::{decode, js_string_lossy, Constant, Executable, Instruction, OperandKind, Reg, Scale};

/// The display name of `reg` in `executable`'s frame.
pub fn register_name(executable: &Executable, reg: Reg) -> String {
    let params = executable.parameter_count;
    match reg.0 {
        0 => "this".to_string(),
        r if r <= params => format!("a{}", r - 1),
        r => format!("r{}", r - params - 1),
    }
}

fn preview(constant: &Constant) -> String {
    fn short(s: &str) -> String {
        let mut out: String = s.chars().take(40).collect();
        if s.chars().count() > 40 {
            out.push('…');
        }
        format!("{out:?}")
    }
    match constant {
        Constant::Number(n) => format!("{n}"),
        Constant::String(s) => short(&js_string_lossy(s)),
        Constant::Name(s) => s.to_string(),
        Constant::BigInt(d) => format!("{d}n"),
        Constant::RegExp { pattern, flags } => format!("/{pattern}/{flags}"),
        Constant::Function(f) => {
            let name = js_string_lossy(&f.info.name);
            format!(
                "<function {}>",
                if name.is_empty() {
                    "(anonymous)"
                } else {
                    &name
                }
            )
        }
        Constant::Class(c) => {
            let name = c
                .name
                .as_ref()
                .map_or("(computed)".to_string(), |n| js_string_lossy(n));
            format!("<class {name}>")
        }
        Constant::Template(t) => format!("<template {} parts>", t.raw.len()),
        Constant::Scope(s) => {
            let names: Vec<&str> = s.slots.iter().map(|slot| &*slot.name).collect();
            format!("<{:?} scope [{}]>", s.kind, names.join(", "))
        }
        Constant::Declarations(_) => "<declarations>".to_string(),
        Constant::ArgumentsMapping(m) => format!("<mapping {m:?}>"),
        Constant::EvalSite(e) => format!("<eval site, {} scopes>", e.scopes.len()),
    }
}

/// One instruction as text (without its offset).
pub fn disassemble_one(executable: &Executable, instruction: &Instruction, scale: Scale) -> String {
    let mut text = instruction.opcode().name().to_string();
    match scale {
        Scale::Single => {}
        Scale::Double => text.push_str(".Wide"),
        Scale::Quadruple => text.push_str(".ExtraWide"),
    }
    let operands = instruction.operands();
    let mut i = 0;
    let mut parts = Vec::new();
    while i < operands.len() {
        let (kind, raw) = operands[i];
        let part = match kind {
            OperandKind::Reg | OperandKind::RegOut => register_name(executable, Reg(raw as u32)),
            OperandKind::RegPair | OperandKind::RegOutPair => format!(
                "{}:{}",
                register_name(executable, Reg(raw as u32)),
                register_name(executable, Reg(raw as u32 + 1))
            ),
            OperandKind::RegList => {
                let count = operands.get(i + 1).map_or(0, |&(_, c)| c as u32);
                i += 1;
                let first = raw as u32;
                match count {
                    0 => "()".to_string(),
                    1 => format!("({})", register_name(executable, Reg(first))),
                    _ => format!(
                        "({}..{})",
                        register_name(executable, Reg(first)),
                        register_name(executable, Reg(first + count - 1))
                    ),
                }
            }
            OperandKind::RegCount | OperandKind::Imm | OperandKind::SImm => raw.to_string(),
            OperandKind::Const(_) => match executable.constants.get(raw as usize) {
                Some(c) => format!("[{raw}:{}]", preview(c)),
                None => format!("[{raw}:?]"),
            },
            OperandKind::Ic => format!("ic{raw}"),
            OperandKind::Target => format!("@{raw}"),
        };
        parts.push(part);
        i += 1;
    }
    if !parts.is_empty() {
        text.push(' ');
        text.push_str(&parts.join(" "));
    }
    text
}

/// The listing of `executable` and of every nested function, depth first.
pub fn disassemble(executable: &Executable) -> String {
    let mut out = String::new();
    disassemble_into(executable, &mut out);
    out
}

fn disassemble_into(exe: &Executable, out: &mut String) {
    stacker::maybe_grow(256 * 1024, 4 * 1024 * 1024, || {
        disassemble_function(exe, out)
    })
}

fn disassemble_function(exe: &Executable, out: &mut String) {
    let info = &exe.info;
    let name = js_string_lossy(&info.name);
    let mut flags = Vec::new();
    if info.strict {
        flags.push("strict");
    }
    if info.is_async {
        flags.push("async");
    }
    if info.is_generator {
        flags.push("generator");
    }
    if info.needs_arguments {
        flags.push("arguments");
    }
    if info.needs_home_object {
        flags.push("home");
    }
    let _ = writeln!(
        out,
        "== {:?} {} {}(params {}, length {}, registers {}, ics {}) ==",
        name,
        info.kind,
        if flags.is_empty() {
            String::new()
        } else {
            format!("[{}] ", flags.join(" "))
        },
        exe.parameter_count,
        info.length,
        exe.register_count,
        exe.ic_slots.len()
    );
    let mut pc = 0;
    while pc < exe.code.len() {
        match decode(&exe.code, pc) {
            Ok((instruction, scale, next)) => {
                let _ = writeln!(out, "{pc:5}  {}", disassemble_one(exe, &instruction, scale));
                pc = next;
            }
            Err(e) => {
                let _ = writeln!(out, "{pc:5}  <{}>", e.message);
                break;
            }
        }
    }
    if !exe.handlers.is_empty() {
        let _ = writeln!(out, "  handlers:");
        for h in exe.handlers.iter() {
            let context = h.context.map_or(String::new(), |r| {
                format!(", context {}", register_name(exe, Reg(r)))
            });
            let _ = writeln!(
                out,
                "    {}..{} -> @{} ({:?}{context})",
                h.start, h.end, h.target, h.kind
            );
        }
    }
    if let Some(module) = &exe.module {
        let _ = writeln!(out, "  module: {} requests, {} imports, {} local exports, {} indirect exports, {} star exports",
            module.requests.len(), module.imports.len(), module.local_exports.len(),
            module.indirect_exports.len(), module.star_exports.len());
        if let Some(scope) = &module.scope {
            let names: Vec<&str> = scope.slots.iter().map(|s| &*s.name).collect();
            let _ = writeln!(out, "    context [{}]", names.join(", "));
        }
    }
    for constant in exe.constants.iter() {
        if let Constant::Function(f) = constant {
            out.push('\n');
            disassemble_into(f, out);
        }
    }
}
