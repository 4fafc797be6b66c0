//! The decoder ([`decode`], [`Instructions`]) and the bytecode verifier ([`verify`]): jump
//! targets are instruction boundaries, registers are inside the frame, constant indices name
//! entries of the right kind, IC slots exist and have a matching kind, handler ranges and
//! targets are sane, and control cannot fall off the end. Nested executables are verified
//! recursively. Decoding never panics on malformed input.

use std::fmt;

use super::{ConstKind, Constant, Executable, IcKind, Instruction, Opcode, OperandKind, Scale};

/// Why bytes could not be decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecodeError {
    /// Offset of the instruction.
    pub pc: usize,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "at {}: {}", self.pc, self.message)
    }
}

fn read_operand(code: &[u8], pos: &mut usize, kind: OperandKind, scale: Scale) -> Option<i64> {
    let size = if kind.is_scaled() { scale.bytes() } else { 4 };
    let bytes = code.get(*pos..*pos + size)?;
    *pos += size;
    let raw = match (size, kind.is_signed()) {
        (1, false) => i64::from(bytes[0]),
        (1, true) => i64::from(bytes[0] as i8),
        (2, false) => i64::from(u16::from_le_bytes([bytes[0], bytes[1]])),
        (2, true) => i64::from(i16::from_le_bytes([bytes[0], bytes[1]])),
        (_, false) => i64::from(u32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]])),
        (_, true) => i64::from(i32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]])),
    };
    Some(raw)
}

/// An executable's instructions decoded once (the dispatch loop runs from this, not from the
/// bytes). The loop counts in instruction indices: instruction `i + 1` follows instruction
/// `i`, and every `Target` operand is rewritten from a byte offset to the index of the
/// instruction there (`u32::MAX` if no instruction starts there). Frames record indices too;
/// [`DecodedCode::offset`] and [`DecodedCode::index`] convert at the few places that speak
/// in byte offsets (handler tables, source positions, saved generator state).
/// Code that does not decode gives an empty table (the verifier rejects such code before it
/// runs; the dispatch loop reports "bad bytecode").
#[derive(Default)]
pub struct DecodedCode {
    /// The instructions, jump targets as indices.
    instructions: Vec<Instruction>,
    /// The byte offset of each instruction, and the code's length after the last.
    offsets: Vec<u32>,
    /// The code reads its actual arguments as a list (rest parameters, arguments objects,
    /// forwarding all arguments, direct eval): frames of other code need not keep them.
    pub reads_arguments: bool,
}

impl DecodedCode {
    /// Decodes all of `code`.
    pub fn new(code: &[u8]) -> DecodedCode {
        let mut instructions = Vec::new();
        let mut offsets = Vec::new();
        let mut at = vec![u32::MAX; code.len() + 1];
        let mut pc = 0;
        while pc < code.len() {
            let Ok((instruction, _, next)) = decode(code, pc) else {
                return DecodedCode::default();
            };
            at[pc] = instructions.len() as u32;
            offsets.push(pc as u32);
            instructions.push(instruction);
            pc = next;
        }
        at[code.len()] = instructions.len() as u32;
        offsets.push(code.len() as u32);
        for instruction in &mut instructions {
            let operands = instruction.operands();
            if operands
                .iter()
                .any(|&(kind, _)| kind == OperandKind::Target)
            {
                let raw: Vec<i64> = operands
                    .iter()
                    .map(|&(kind, raw)| match kind {
                        OperandKind::Target => usize::try_from(raw)
                            .ok()
                            .and_then(|offset| at.get(offset))
                            .map_or(i64::from(u32::MAX), |&index| i64::from(index)),
                        _ => raw,
                    })
                    .collect();
                *instruction = Instruction::from_raw(instruction.opcode(), &raw);
            }
        }
        let reads_arguments = instructions.iter().any(|i| {
            matches!(
                i,
                Instruction::CreateRestParameter {}
                    | Instruction::CreateUnmappedArguments {}
                    | Instruction::CreateMappedArguments { .. }
                    | Instruction::ConstructForwardAllArgs { .. }
                    | Instruction::CallDirectEval { .. }
            )
        });
        DecodedCode {
            instructions,
            offsets,
            reads_arguments,
        }
    }

    /// The instruction with index `index` (`None` past the end).
    #[inline(always)]
    pub fn get(&self, index: usize) -> Option<&Instruction> {
        self.instructions.get(index)
    }

    /// All instructions (the interpreter loop indexes them with the pc, keeping the slice
    /// in registers).
    #[inline(always)]
    pub fn instructions(&self) -> &[Instruction] {
        &self.instructions
    }

    /// The byte offset of instruction `index` (the code's length past the end).
    pub fn offset(&self, index: usize) -> u32 {
        self.offsets
            .get(index)
            .or(self.offsets.last())
            .copied()
            .unwrap_or(0)
    }

    /// The index of the instruction starting at byte `offset`.
    pub fn index(&self, offset: u32) -> Option<usize> {
        self.offsets.binary_search(&offset).ok()
    }
}

impl fmt::Debug for DecodedCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "DecodedCode({} instructions)", self.instructions.len())
    }
}

/// More operands than any opcode has (the decoder reports an error otherwise; a test checks
/// the table).
pub const MAX_OPERANDS: usize = 8;

/// Decodes the instruction at `pc`: returns it, its scale and the offset of the next one.
pub fn decode(code: &[u8], pc: usize) -> Result<(Instruction, Scale, usize), DecodeError> {
    let err = |message: &str| DecodeError {
        pc,
        message: message.to_string(),
    };
    let mut pos = pc;
    let first = *code.get(pos).ok_or_else(|| err("offset past the end"))?;
    let mut opcode = Opcode::from_u8(first).ok_or_else(|| err("invalid opcode"))?;
    pos += 1;
    let mut scale = Scale::Single;
    if opcode.is_prefix() {
        scale = if opcode == Opcode::Wide {
            Scale::Double
        } else {
            Scale::Quadruple
        };
        let byte = *code.get(pos).ok_or_else(|| err("prefix at the end"))?;
        opcode = Opcode::from_u8(byte).ok_or_else(|| err("invalid opcode after prefix"))?;
        if opcode.is_prefix() {
            return Err(err("two prefixes"));
        }
        pos += 1;
    }
    let kinds = opcode.operands();
    // The dispatch loop decodes every instruction it runs: no allocation here.
    let mut raw = [0i64; MAX_OPERANDS];
    let raw = raw
        .get_mut(..kinds.len())
        .ok_or_else(|| err("too many operands"))?;
    for (slot, &(_, kind)) in raw.iter_mut().zip(kinds) {
        *slot =
            read_operand(code, &mut pos, kind, scale).ok_or_else(|| err("truncated operand"))?;
    }
    Ok((Instruction::from_raw(opcode, raw), scale, pos))
}

/// Iterates over `(offset, instruction)` pairs of a code array, stopping at the first
/// decoding error (which it yields).
#[derive(Debug, Clone)]
pub struct Instructions<'a> {
    code: &'a [u8],
    pc: usize,
    failed: bool,
}

impl<'a> Instructions<'a> {
    /// Iterates over `code` from offset 0.
    pub fn new(code: &'a [u8]) -> Instructions<'a> {
        Instructions {
            code,
            pc: 0,
            failed: false,
        }
    }
}

impl Iterator for Instructions<'_> {
    type Item = Result<(u32, Instruction), DecodeError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.failed || self.pc >= self.code.len() {
            return None;
        }
        match decode(self.code, self.pc) {
            Ok((instruction, _, next)) => {
                let pc = self.pc as u32;
                self.pc = next;
                Some(Ok((pc, instruction)))
            }
            Err(e) => {
                self.failed = true;
                Some(Err(e))
            }
        }
    }
}

/// A verification failure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifyError {
    /// Which executable: names of the nested functions from the root, `/`-separated.
    pub function: String,
    /// The instruction offset (or `None` for table-level problems).
    pub pc: Option<u32>,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for VerifyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.pc {
            Some(pc) => write!(f, "{} @{}: {}", self.function, pc, self.message),
            None => write!(f, "{}: {}", self.function, self.message),
        }
    }
}

impl std::error::Error for VerifyError {}

/// The IC kinds an opcode's `ic` operand may have.
fn ic_kind_fits(opcode: Opcode, kind: IcKind) -> bool {
    use Opcode as O;
    match opcode {
        O::GetNamedProperty | O::GetNamedSuperProperty => kind == IcKind::GetNamed,
        O::GetKeyedProperty | O::GetKeyedSuperProperty => kind == IcKind::GetKeyed,
        O::SetNamedProperty | O::SetNamedSuperProperty => matches!(kind, IcKind::SetNamed { .. }),
        O::SetKeyedProperty | O::SetKeyedSuperProperty => matches!(kind, IcKind::SetKeyed { .. }),
        O::DefineNamedOwnProperty => kind == IcKind::DefineNamed,
        O::DefineKeyedOwnProperty => kind == IcKind::DefineKeyed,
        O::LdaGlobal | O::LdaGlobalInsideTypeof => kind == IcKind::LoadGlobal,
        O::StaGlobal => matches!(kind, IcKind::StoreGlobal { .. }),
        O::Call
        | O::CallUndefinedReceiver
        | O::CallProperty0
        | O::CallProperty1
        | O::CallProperty2
        | O::CallWithArgArray
        | O::CallDirectEval => kind == IcKind::Call,
        O::Construct | O::ConstructWithArgArray | O::ConstructForwardAllArgs => {
            kind == IcKind::Construct
        }
        O::GetTemplateObject => kind == IcKind::Template,
        _ => false,
    }
}

/// Verifies `executable` and every nested executable.
pub fn verify(executable: &Executable) -> Result<(), VerifyError> {
    verify_named(executable, &display_name(executable))
}

fn display_name(executable: &Executable) -> String {
    let name = String::from_utf16_lossy(&executable.info.name);
    if name.is_empty() {
        format!("<{}>", executable.info.kind)
    } else {
        name
    }
}

fn verify_named(exe: &Executable, path: &str) -> Result<(), VerifyError> {
    // Nested functions nest as deeply as the source does.
    stacker::maybe_grow(256 * 1024, 4 * 1024 * 1024, || verify_one(exe, path))
}

fn verify_one(exe: &Executable, path: &str) -> Result<(), VerifyError> {
    let fail = |pc: Option<u32>, message: String| VerifyError {
        function: path.to_string(),
        pc,
        message,
    };
    let registers = i64::from(exe.register_count);
    if i64::from(exe.parameter_count) + 1 > registers {
        return Err(fail(
            None,
            "register_count does not cover this + parameters".into(),
        ));
    }
    if exe.code.is_empty() {
        return Err(fail(None, "empty code".into()));
    }
    let len = exe.code.len();
    let mut boundary = vec![false; len + 1];
    let mut decoded = Vec::new();
    let mut pc = 0;
    while pc < len {
        let (instruction, scale, next) =
            decode(&exe.code, pc).map_err(|e| fail(Some(e.pc as u32), e.message))?;
        boundary[pc] = true;
        decoded.push((pc as u32, instruction, scale));
        pc = next;
    }
    boundary[len] = true;
    let Some(&(_, last, _)) = decoded.last() else {
        return Err(fail(None, "no instructions".into()));
    };
    if !last.opcode().is_terminator() {
        return Err(fail(
            None,
            "control can fall off the end of the code".into(),
        ));
    }
    for &(pc, instruction, scale) in &decoded {
        let opcode = instruction.opcode();
        let at = |message: String| fail(Some(pc), format!("{opcode}: {message}"));
        let operands = instruction.operands();
        if scale != Scale::Single && !operands.iter().any(|(k, _)| k.is_scaled()) {
            return Err(at(
                "scale prefix on an instruction without scaled operands".into()
            ));
        }
        let canonical = operands
            .iter()
            .map(|&(k, raw)| Scale::needed(k, raw))
            .max()
            .unwrap_or(Scale::Single);
        if canonical != scale {
            return Err(at(format!("non-canonical scale {scale:?}")));
        }
        for (i, &(kind, raw)) in operands.iter().enumerate() {
            match kind {
                OperandKind::Reg | OperandKind::RegOut => {
                    if raw < 0 || raw >= registers {
                        return Err(at(format!("register {raw} out of range")));
                    }
                }
                OperandKind::RegPair | OperandKind::RegOutPair => {
                    if raw < 0 || raw + 1 >= registers {
                        return Err(at(format!("register pair {raw} out of range")));
                    }
                }
                OperandKind::RegList => {
                    let count = operands.get(i + 1).map_or(-1, |&(k, c)| {
                        if k == OperandKind::RegCount {
                            c
                        } else {
                            -1
                        }
                    });
                    if count < 0 || raw < 0 || raw + count > registers {
                        return Err(at(format!("register list {raw}+{count} out of range")));
                    }
                }
                OperandKind::RegCount | OperandKind::Imm | OperandKind::SImm => {}
                OperandKind::Const(expected) => {
                    let Some(constant) = exe.constants.get(raw as usize) else {
                        return Err(at(format!("constant {raw} out of range")));
                    };
                    if constant.kind() != expected {
                        return Err(at(format!(
                            "constant {raw} is {:?}, expected {expected:?}",
                            constant.kind()
                        )));
                    }
                }
                OperandKind::Ic => {
                    let Some(&ic) = exe.ic_slots.get(raw as usize) else {
                        return Err(at(format!("IC slot {raw} out of range")));
                    };
                    if !ic_kind_fits(opcode, ic) {
                        return Err(at(format!("IC slot {raw} has kind {ic:?}")));
                    }
                }
                OperandKind::Target => {
                    if raw < 0 || raw as usize >= len || !boundary[raw as usize] {
                        return Err(at(format!("jump target {raw} is not an instruction")));
                    }
                }
            }
        }
        if opcode == Opcode::JumpLoop {
            if let Instruction::JumpLoop { target } = instruction {
                if target > pc {
                    return Err(at("JumpLoop jumps forward".into()));
                }
            }
        }
    }
    for h in exe.handlers.iter() {
        let bad = |m: &str| {
            fail(
                None,
                format!("handler {}..{} -> {}: {m}", h.start, h.end, h.target),
            )
        };
        if h.start >= h.end || h.end as usize > len {
            return Err(bad("bad range"));
        }
        if !boundary[h.start as usize] || !boundary[h.end as usize] {
            return Err(bad("range not on instruction boundaries"));
        }
        if h.target as usize >= len || !boundary[h.target as usize] {
            return Err(bad("target not an instruction"));
        }
        if h.target >= h.start && h.target < h.end {
            return Err(bad("handler inside its own range"));
        }
        if let Some(r) = h.context {
            if i64::from(r) >= registers {
                return Err(bad("context register out of range"));
            }
        }
    }
    check_contexts(exe, &decoded, &boundary).map_err(|(pc, m)| fail(Some(pc), m))?;
    let check_function_index = |index: u32, what: &str| -> Result<(), VerifyError> {
        match exe.constants.get(index as usize) {
            Some(c) if c.kind() == ConstKind::Function => Ok(()),
            _ => Err(fail(
                None,
                format!("{what}: constant {index} is not a function"),
            )),
        }
    };
    for constant in exe.constants.iter() {
        match constant {
            Constant::Function(f) => {
                verify_named(f, &format!("{path}/{}", display_name(f)))?;
            }
            Constant::Class(c) => check_function_index(c.constructor, "class constructor")?,
            Constant::Declarations(d) => {
                for (_, index) in d.functions.iter() {
                    check_function_index(*index, "declared function")?;
                }
            }
            _ => {}
        }
    }
    if let Some(module) = &exe.module {
        for &(_, index) in module.functions.iter() {
            check_function_index(index, "module function")?;
        }
        let slots = module.scope.as_ref().map_or(0, |s| s.slots.len());
        for &(slot, _) in module.functions.iter() {
            if slot as usize >= slots {
                return Err(fail(
                    None,
                    format!("module function slot {slot} out of range"),
                ));
            }
        }
        for import in module.imports.iter() {
            if import.request as usize >= module.requests.len() {
                return Err(fail(None, "import request out of range".into()));
            }
        }
    }
    Ok(())
}

/// The abstract state of the context dataflow: how many contexts this frame has pushed, and
/// which registers hold a saved context of which depth.
#[derive(Debug, Clone, PartialEq, Eq)]
struct ContextState {
    depth: u32,
    saved: std::collections::BTreeMap<u32, u32>,
}

/// Context-stack dataflow over the control-flow graph: every instruction is reached with one
/// context depth, `PopContext` restores a register that holds a saved context, and handler
/// entries agree with the context they restore.
fn check_contexts(
    exe: &Executable,
    decoded: &[(u32, Instruction, Scale)],
    boundary: &[bool],
) -> Result<(), (u32, String)> {
    let index_of: std::collections::HashMap<u32, usize> = decoded
        .iter()
        .enumerate()
        .map(|(i, (pc, _, _))| (*pc, i))
        .collect();
    let mut states: Vec<Option<ContextState>> = vec![None; decoded.len()];
    let mut work = vec![0usize];
    states[0] = Some(ContextState {
        depth: 0,
        saved: Default::default(),
    });
    let merge = |states: &mut Vec<Option<ContextState>>,
                 work: &mut Vec<usize>,
                 target: usize,
                 incoming: &ContextState,
                 pc: u32|
     -> Result<(), (u32, String)> {
        match &mut states[target] {
            None => {
                states[target] = Some(incoming.clone());
                work.push(target);
            }
            Some(existing) => {
                if existing.depth != incoming.depth {
                    return Err((
                        pc,
                        format!(
                            "context depth {} flows into @{} which has depth {}",
                            incoming.depth, decoded[target].0, existing.depth
                        ),
                    ));
                }
                let before = existing.saved.len();
                existing
                    .saved
                    .retain(|r, d| incoming.saved.get(r) == Some(d));
                if existing.saved.len() != before {
                    work.push(target);
                }
            }
        }
        Ok(())
    };
    while let Some(i) = work.pop() {
        let (pc, instruction, _) = decoded[i];
        let mut state = states[i].clone().expect("queued states exist");
        // Handlers covering this instruction: a throw here enters them.
        for h in exe.handlers.iter() {
            if h.start <= pc && pc < h.end {
                let depth = match h.context {
                    Some(r) => match state.saved.get(&r) {
                        Some(&d) => d,
                        None => {
                            return Err((
                                pc,
                                format!("handler context register r{r} holds no context"),
                            ))
                        }
                    },
                    None => state.depth,
                };
                let entry = ContextState {
                    depth,
                    saved: state.saved.clone(),
                };
                let target = index_of[&h.target];
                merge(&mut states, &mut work, target, &entry, pc)?;
            }
        }
        // Effects.
        match instruction {
            Instruction::PushContext { saved } => {
                state.saved.insert(saved.0, state.depth);
                state.depth += 1;
            }
            Instruction::PopContext { saved } => match state.saved.get(&saved.0) {
                Some(&d) => state.depth = d,
                None => {
                    return Err((
                        pc,
                        format!("PopContext of r{} which holds no context", saved.0),
                    ))
                }
            },
            Instruction::SaveContext { dst } => {
                state.saved.insert(dst.0, state.depth);
            }
            _ => {
                for (kind, raw) in instruction.operands() {
                    match kind {
                        OperandKind::RegOut => {
                            state.saved.remove(&(raw as u32));
                        }
                        OperandKind::RegOutPair | OperandKind::RegPair => {
                            state.saved.remove(&(raw as u32));
                            state.saved.remove(&(raw as u32 + 1));
                        }
                        _ => {}
                    }
                }
            }
        }
        // Successors.
        let opcode = instruction.opcode();
        if !opcode.is_terminator() {
            if let Some(next) = decoded.get(i + 1) {
                let _ = boundary;
                merge(&mut states, &mut work, index_of[&next.0], &state, pc)?;
            }
        }
        for (kind, raw) in instruction.operands() {
            if kind == OperandKind::Target {
                merge(&mut states, &mut work, index_of[&(raw as u32)], &state, pc)?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_opcode_has_more_than_max_operands() {
        for byte in 0..=u8::MAX {
            if let Some(op) = Opcode::from_u8(byte) {
                assert!(op.operands().len() <= MAX_OPERANDS, "{op}");
            }
        }
    }
}
