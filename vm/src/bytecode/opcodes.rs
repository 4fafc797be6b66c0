//! The opcode table: the single source of truth for agora's bytecode. [`for_each_opcode!`]
//! lists every instruction with its operands (kinds below) and its semantics in spec terms;
//! the `Opcode` enum, the decoded `Instruction` type, the encoder (`BytecodeBuilder::emit_*`),
//! the decoder, the verifier and the disassembler are all generated from it, and so is the
//! interpreter's dispatch (its author invokes the macro the same way).
//!
//! # Naming guide
//!
//! - `Lda*` loads something into the accumulator; `Sta*` stores the accumulator somewhere;
//!   `Ldar` / `Star` / `Mov` move between the accumulator and registers.
//! - `Get*` / `Set*` / `Define*` / `Delete*` are property operations (`[[Get]]`, `[[Set]]`,
//!   `DefineOwnProperty`/`CreateDataPropertyOrThrow`, `[[Delete]]`). `Named` takes the key
//!   from the constant pool, `Keyed` from the accumulator or a register.
//! - `Test*` compare and leave a Boolean in the accumulator; `Jump*` transfer control
//!   (`JumpLoop` is the only backward jump and the place where the interpreter polls for
//!   safepoints and interrupts).
//! - `Create*` allocate; `Call*` / `Construct*` invoke; `Throw*` throw; `*IfHole` /
//!   `*IfNotHole` test for the empty value (the TDZ marker, "the hole").
//! - Binary operators take their left operand in a register and their right operand in the
//!   accumulator, and leave the result in the accumulator (`Sub r` is `acc = r - acc`).
//!   Their `*Smi` forms take the left operand in the accumulator and an int32 literal right
//!   operand as an immediate (`SubSmi 1` is `acc = acc - 1`).
//! - Names of abstract operations are the specification's (`GetIterator`,
//!   `CopyDataProperties`, `InitializeInstanceElements`, …) so a handler can follow the spec
//!   step by step.
//!
//! # Operand kinds
//!
//! | kind | meaning | encoding |
//! |---|---|---|
//! | `Reg` | a register read by the instruction | scaled unsigned |
//! | `RegOut` | a register written by the instruction | scaled unsigned |
//! | `RegPair` | two consecutive registers `r`, `r+1`, read and/or written as documented | scaled unsigned |
//! | `RegOutPair` | two consecutive registers written | scaled unsigned |
//! | `RegList` | the first of `count` consecutive registers; `count` is the next operand | scaled unsigned |
//! | `RegCount` | the length of the preceding `RegList` | scaled unsigned |
//! | `Imm` | an unsigned immediate (slot numbers, depths, flags, enum values) | scaled unsigned |
//! | `SImm` | a signed immediate | scaled signed |
//! | `Name`, `Value`, `Func`, `Scope`, `Class`, `Template`, `RegExp`, `Decls`, `Mapping`, `EvalSite` | an index into the constant pool whose entry has that kind (see `executable::Constant`) | scaled unsigned |
//! | `Ic` | an inline-cache slot of the function's feedback vector (`Executable::ic_slots`) | scaled unsigned |
//! | `Target` | an absolute jump target: the offset of an instruction's first byte (its prefix, if any) | always 4 bytes, little-endian |
//!
//! An instruction is one opcode byte followed by its operands. Operands are one byte by
//! default; the prefix `Wide` makes every scaled operand of the next instruction two bytes
//! and `ExtraWide` four bytes (little-endian), as in V8's Ignition. `Target` operands are
//! always four bytes so forward jumps can be patched in place. See `design/bytecode.md`.
//!
//! # Registers
//!
//! Register `0` is `this`, registers `1..=parameter_count` are the formal parameters
//! (argument `i` in register `1 + i`), and locals and temporaries follow. Disassembly shows
//! them as `this`, `a0`, `a1`, …, `r0`, `r1`, ….
//!
//! # Conventions used in the documentation
//!
//! `acc` is the accumulator; "the hole" is the empty value; `ToBoolean`, `ToPropertyKey`, …
//! are the spec's abstract operations and `?` marks operations that may throw (the
//! exception propagates to the handler table). Operations not marked `?` do not throw.
//! Unless stated otherwise an instruction leaves `acc` holding its result, and an
//! instruction without a result leaves `acc` unchanged.

/// Calls `$m!` with the whole opcode table. Each entry is
/// `/// doc` … `Name = snake_name { field: Kind, … };`. The order of the entries fixes the
/// opcode numbers (`Wide` = 0, `ExtraWide` = 1, …).
#[macro_export]
macro_rules! for_each_opcode {
    ($m:ident) => {
        $m! {
            // ----- Prefixes -----

            /// Prefix: every scaled operand of the next instruction is two bytes.
            Wide = wide {};
            /// Prefix: every scaled operand of the next instruction is four bytes.
            ExtraWide = extra_wide {};

            // ----- Accumulator loads -----

            /// `acc = +0`.
            LdaZero = lda_zero {};
            /// `acc = value` (an integral Number).
            LdaSmi = lda_smi { value: SImm };
            /// `acc = undefined`.
            LdaUndefined = lda_undefined {};
            /// `acc = null`.
            LdaNull = lda_null {};
            /// `acc = true`.
            LdaTrue = lda_true {};
            /// `acc = false`.
            LdaFalse = lda_false {};
            /// `acc = the hole` (marks an uninitialised binding: the TDZ).
            LdaTheHole = lda_the_hole {};
            /// `acc = constant`, materialised from a `Number`, `String` or `BigInt` pool entry
            /// (a `String` becomes a string value, a `BigInt` a BigInt from its digits).
            LdaConstant = lda_constant { constant: Value };

            // ----- Registers -----

            /// `acc = src`.
            Ldar = ldar { src: Reg };
            /// `dst = acc`.
            Star = star { dst: RegOut };
            /// `dst = src` (acc unchanged).
            Mov = mov { src: Reg, dst: RegOut };

            // ----- Global environment -----

            /// GlobalDeclarationInstantiation(script, globalEnv) for the `Decls` entry: checks
            /// every lexical name against existing var/lexical/restricted global bindings and
            /// every var and function name against global lexicals (`? SyntaxError`), checks
            /// `CanDeclareGlobalFunction` / `CanDeclareGlobalVar` (`? TypeError`), then creates
            /// the function objects (closures over the current context) and the var bindings
            /// (`CreateGlobalFunctionBinding` / `CreateGlobalVarBinding`, not deletable), the
            /// Annex B.3.2.2 var bindings for `annex_b` names that pass the checks, and the
            /// lexical bindings (uninitialised) in the global lexical environment.
            DeclareGlobals = declare_globals { declarations: Decls };
            /// `acc = ? GetValue(ResolveBinding(name))` resolved in the global environment
            /// only: the global lexical environment first (a binding still in its TDZ throws
            /// `ReferenceError`), then the global object; unresolvable throws `ReferenceError`.
            LdaGlobal = lda_global { name: Name, ic: Ic };
            /// Like `LdaGlobal`, but an unresolvable name gives `undefined` (operand of `typeof`).
            LdaGlobalInsideTypeof = lda_global_inside_typeof { name: Name, ic: Ic };
            /// `? PutValue(ResolveBinding(name), acc)` in the global environment: a global lexical
            /// binding is set (TDZ: `ReferenceError`; `const`: `TypeError`), otherwise the global
            /// object's property is set with `Set(O, name, acc, strict)`; an unresolvable name
            /// throws `ReferenceError` if the IC slot's kind is strict and creates a global
            /// property otherwise. `acc` is unchanged.
            StaGlobal = sta_global { name: Name, ic: Ic };
            /// Initialises the global lexical binding `name` (created by `DeclareGlobals`) to
            /// `acc`: `InitializeBinding` of `let`/`const`/`class` at script top level.
            InitGlobalLexical = init_global_lexical { name: Name };
            /// Annex B.3.2 copy of a block-level function declaration to its var binding when
            /// that var binding is dynamic: in the innermost *var scope* of the context chain
            /// (a function or eval var scope context) `SetMutableBinding(name, acc, false)`; if
            /// there is none (the var scope is the global environment) and the global lexical
            /// environment has no binding `name`, `? Set(globalObject, name, acc, false)`.
            StaAnnexBFunction = sta_annex_b_function { name: Name };
            /// `acc = the realm's [[GlobalThisValue]]` (`this` at script top level).
            LdaGlobalThis = lda_global_this {};

            // ----- Contexts (heap environment records) -----

            /// `acc =` a new function context: a declarative environment whose parent is the
            /// current context and whose slots are laid out by the `Scope` entry (`let`,
            /// `const`, `class` and internal TDZ slots start as the hole, the rest as
            /// `undefined`; a `sloppy_eval` scope also gets an empty var extension for
            /// variables that direct `eval` declares).
            CreateFunctionContext = create_function_context { scope: Scope };
            /// `acc =` a new block context (as `CreateFunctionContext`, for a block, `catch`,
            /// `for`, `switch` or class scope).
            CreateBlockContext = create_block_context { scope: Scope };
            /// `acc =` a new `with` context: an object environment record with
            /// `withEnvironment = true` for `? ToObject(acc)`, parent the current context.
            CreateWithContext = create_with_context { scope: Scope };
            /// `saved = current context; current context = acc`.
            PushContext = push_context { saved: RegOut };
            /// `current context = saved` (a context previously saved by `PushContext` or
            /// `SaveContext`).
            PopContext = pop_context { saved: Reg };
            /// `dst = current context` (so an exception handler can restore it).
            SaveContext = save_context { dst: RegOut };
            /// CreatePerIterationEnvironment: replaces the current context by a fresh copy
            /// (same scope, same parent, slot values copied).
            CopyContext = copy_context {};
            /// `acc = ` slot `slot` of the context `depth` parents up from the current one
            /// (`depth` 0 is the current context). The value may be the hole; TDZ checks are
            /// separate instructions.
            LdaContextSlot = lda_context_slot { slot: Imm, depth: Imm };
            /// `acc = ` slot `slot` of the current context.
            LdaCurrentContextSlot = lda_current_context_slot { slot: Imm };
            /// Slot `slot` of the context `depth` parents up `= acc`.
            StaContextSlot = sta_context_slot { slot: Imm, depth: Imm };
            /// Slot `slot` of the current context `= acc`.
            StaCurrentContextSlot = sta_current_context_slot { slot: Imm };

            // ----- Dynamic lookup (`with`, sloppy direct `eval`, eval code) -----

            /// `acc = ? GetValue(ResolveBinding(name))` through the whole context chain by
            /// name: declarative contexts by their scope's slot names (a hole throws
            /// `ReferenceError`), var extensions created by `eval`, `with` objects (`HasProperty`
            /// and `@@unscopables`), then the global environment; unresolvable throws
            /// `ReferenceError`.
            LdaLookupSlot = lda_lookup_slot { name: Name };
            /// Like `LdaLookupSlot`, but an unresolvable name gives `undefined`.
            LdaLookupSlotInsideTypeof = lda_lookup_slot_inside_typeof { name: Name };
            /// Resolves `name` like `LdaLookupSlot` for a call: `dst = the value`,
            /// `dst+1 = the reference's this value` (the `with` object when found in an object
            /// environment with `withEnvironment`, else `undefined`).
            LdaLookupSlotForCall = lda_lookup_slot_for_call { name: Name, dst: RegOutPair };
            /// `? PutValue(ResolveBinding(name), acc)` through the context chain by name (see
            /// `LdaLookupSlot`); `flags` bit 0 = the reference is strict (unresolvable throws
            /// `ReferenceError`; immutable bindings throw `TypeError`; sloppy assignments to a
            /// named function expression's own name are ignored). `acc` is unchanged.
            StaLookupSlot = sta_lookup_slot { name: Name, flags: Imm };
            /// `reference, reference+1 =` ResolveBinding(name) through the context chain (as
            /// `LdaLookupSlot` resolves it) without reading it: the reference's base (a
            /// context, a binding object, or `undefined` for the global environment) and its
            /// kind (a slot index ≥ 0, −1 an object record, −2 a global lexical, −3 the
            /// global object, −4 unresolvable). Assignments, compound assignments and
            /// updates of a dynamically scoped name resolve it once, before the value is
            /// evaluated, and read and write that same reference (`LdaLookupRef`,
            /// `StaLookupRef`) even if the binding has moved meanwhile.
            ResolveLookupRef = resolve_lookup_ref { name: Name, reference: RegOutPair };
            /// `acc = ? GetValue(the reference in reference, reference+1)` (`name` is its
            /// referenced name).
            LdaLookupRef = lda_lookup_ref { name: Name, reference: RegPair };
            /// `? PutValue(the reference in reference, reference+1, acc)`; `flags` as for
            /// `StaLookupSlot`. `acc` is unchanged.
            StaLookupRef = sta_lookup_ref { name: Name, reference: RegPair, flags: Imm };
            /// `acc = ? delete name` (sloppy `delete identifier`): `false` for declarative
            /// bindings, deletes eval-declared vars, `with` object and global object
            /// properties; `true` if unresolvable.
            DeleteLookupSlot = delete_lookup_slot { name: Name };
            /// EvalDeclarationInstantiation for sloppy direct eval code: in the innermost var
            /// scope of the context chain (a function var scope with an eval extension) or in
            /// the global environment if there is none, checks the var and function names
            /// (`? SyntaxError` against global lexicals; `? TypeError` for
            /// `CanDeclareGlobalFunction`/`Var`), then creates the functions (closures over the
            /// current context) and the vars (deletable; existing bindings keep their value),
            /// and the Annex B.3.2.3 function vars. (Conflicts with enclosing lexical scopes
            /// are static and reported by `compile_eval`.)
            DeclareEvalVars = declare_eval_vars { declarations: Decls };

            // ----- Modules -----

            /// `acc =` the value of import entry `index` of the running code's module
            /// (`Executable::module`'s `imports`): the target module's binding (uninitialised
            /// throws `ReferenceError`), or the namespace object for `import * as ns`.
            LdaImport = lda_import { index: Imm };
            /// `acc = import.meta` of the running code's module (created on first use).
            LdaImportMeta = lda_import_meta {};
            /// `acc =` the promise of `import(specifier, options)`: EvaluateImportCall with the
            /// specifier value in `specifier` and the options value in `acc` (`undefined` if
            /// absent).
            DynamicImport = dynamic_import { specifier: Reg };

            // ----- Property access -----

            /// `acc = ? GetValue(object.name)`: `? ToObject(object)` then `[[Get]](name, object)`.
            GetNamedProperty = get_named_property { object: Reg, name: Name, ic: Ic };
            /// `acc = ? GetValue(object[acc])`: `? ToObject(object)`, `? ToPropertyKey(acc)`, `[[Get]]`.
            GetKeyedProperty = get_keyed_property { object: Reg, ic: Ic };
            /// `? PutValue(object.name, acc)`: `? ToObject(object)`, `[[Set]](name, acc, object)`;
            /// a `false` result throws `TypeError` if the IC slot's kind is strict. `acc` unchanged.
            SetNamedProperty = set_named_property { object: Reg, name: Name, ic: Ic };
            /// `? PutValue(object[key], acc)` (`? ToPropertyKey(key)` after `ToObject`), as
            /// `SetNamedProperty`. `acc` unchanged.
            SetKeyedProperty = set_keyed_property { object: Reg, key: Reg, ic: Ic };
            /// `! CreateDataPropertyOrThrow(object, name, acc)` on an object being built
            /// (object literals, class fields): `? TypeError` if it cannot be defined. `acc`
            /// unchanged.
            DefineNamedOwnProperty = define_named_own_property { object: Reg, name: Name, ic: Ic };
            /// `? CreateDataPropertyOrThrow(object, key, acc)`; `key` is already a property key.
            /// `acc` unchanged.
            DefineKeyedOwnProperty = define_keyed_own_property { object: Reg, key: Reg, ic: Ic };
            /// GetSuperBase: `acc = acc.[[GetPrototypeOf]]()` for the home object in `acc`
            /// (`undefined` without one). A super reference takes its base here, when it is
            /// evaluated: before its key is converted and before an assigned value.
            GetSuperBase = get_super_base {};
            /// `acc = ? super.name` for the super base `base`: `? ToObject(base)` (null throws
            /// `TypeError`), `[[Get]](name, this)`.
            GetNamedSuperProperty = get_named_super_property { this: Reg, base: Reg, name: Name, ic: Ic };
            /// `acc = ? super[acc]`: `? ToPropertyKey(acc)`, then as `GetNamedSuperProperty`.
            GetKeyedSuperProperty = get_keyed_super_property { this: Reg, base: Reg, ic: Ic };
            /// `? PutValue(super.name, acc)`: `base.[[Set]](name, acc, this)`; `false` throws
            /// `TypeError` if the IC kind is strict. `acc` unchanged.
            SetNamedSuperProperty = set_named_super_property { this: Reg, base: Reg, name: Name, ic: Ic };
            /// `? PutValue(super[key], acc)`: `? ToPropertyKey(key)` (after the value), then as
            /// `SetNamedSuperProperty`. `acc` unchanged.
            SetKeyedSuperProperty = set_keyed_super_property { this: Reg, base: Reg, key: Reg, ic: Ic };
            /// `acc = ? delete object[acc]` in strict code: `? ToObject(object)`,
            /// `? ToPropertyKey(acc)`, `[[Delete]]`; `false` throws `TypeError`.
            DeletePropertyStrict = delete_property_strict { object: Reg };
            /// `acc = ? delete object[acc]` in sloppy code (the Boolean result).
            DeletePropertySloppy = delete_property_sloppy { object: Reg };
            /// `acc = ? GetMethod(object, name)`: `undefined` for `undefined`/`null`, `TypeError`
            /// if not callable.
            GetMethod = get_method { object: Reg, name: Name };

            // ----- Private names -----

            /// `acc =` a new Private Name whose `[[Description]]` is the `Value` string (`#x`).
            CreatePrivateName = create_private_name { description: Value };
            /// `acc = ? PrivateGet(object, acc)` (`acc` holds a Private Name): `TypeError` if
            /// `object` has no such element (brand check) or it is an accessor without getter.
            GetPrivate = get_private { object: Reg };
            /// `? PrivateSet(object, name, acc)`: `TypeError` if missing, a method, or an
            /// accessor without setter. `acc` unchanged.
            SetPrivate = set_private { object: Reg, name: Reg };
            /// `? PrivateFieldAdd(object, name, acc)`: `TypeError` if already present. `acc`
            /// unchanged.
            DefinePrivateField = define_private_field { object: Reg, name: Reg };
            /// `? PrivateMethodOrAccessorAdd(object, PrivateElement { name, Method, acc })`.
            DefinePrivateMethod = define_private_method { object: Reg, name: Reg };
            /// `? PrivateMethodOrAccessorAdd(object, PrivateElement { name, Accessor, get:
            /// accessors, set: accessors+1 })` (either may be `undefined`).
            DefinePrivateAccessor = define_private_accessor { object: Reg, name: Reg, accessors: RegPair };
            /// `#name in acc`: `TypeError` if `acc` is not an Object, else
            /// `acc = PrivateElementFind(acc, name) is not empty`.
            HasPrivate = has_private { name: Reg };

            // ----- Literals -----

            /// `acc = OrdinaryObjectCreate(%Object.prototype%)`.
            CreateEmptyObject = create_empty_object {};
            /// `acc = ! ArrayCreate(0)`.
            CreateEmptyArray = create_empty_array {};
            /// `acc = CreateArrayFromList(elements[0..count])`.
            CreateArrayFromList = create_array_from_list { elements: RegList, count: RegCount };
            /// Appends `acc` to the array literal `array` under construction:
            /// `CreateDataPropertyOrThrow(array, ToString(length), acc)`. `acc` unchanged.
            ArrayPush = array_push { array: Reg };
            /// An elision in an array literal: `array.length += 1` (leaves a hole).
            ArrayPushHole = array_push_hole { array: Reg };
            /// Spread in an array literal (or argument list): for each value of
            /// `? GetIterator(acc, sync)` append it to `array` (`? IteratorStepValue`).
            ArrayPushSpread = array_push_spread { array: Reg };
            /// `acc = ! RegExpCreate(pattern, flags)` from the `RegExp` entry (a new object on
            /// every evaluation; the pattern was validated at parse time).
            CreateRegExp = create_reg_exp { regexp: RegExp };
            /// `acc =` the template object of this site (GetTemplateObject: created once per
            /// realm and site — the pair (executable, constant index) — and frozen).
            GetTemplateObject = get_template_object { template: Template, ic: Ic };
            /// `? CopyDataProperties(target, acc, «»)` (object spread; `undefined`/`null`
            /// sources copy nothing). `acc` unchanged.
            CopyDataProperties = copy_data_properties { target: Reg };
            /// Object rest: `acc = OrdinaryObjectCreate(%Object.prototype%)` then
            /// `? CopyDataProperties(acc, source, excluded[0..count])` (property keys).
            CopyDataPropertiesExcluding = copy_data_properties_excluding { source: Reg, excluded: RegList, count: RegCount };
            /// `__proto__: acc` in an object literal: if `acc` is an Object or `null`,
            /// `! object.[[SetPrototypeOf]](acc)`. `acc` unchanged.
            SetObjectLiteralPrototype = set_object_literal_prototype { object: Reg };

            // ----- Functions -----

            /// `acc =` a new function object for the `Func` executable, closing over the
            /// current context (OrdinaryFunctionCreate + MakeConstructor/prototype per the
            /// executable's kind; `length` and `name` from its metadata).
            CreateClosure = create_closure { function: Func };
            /// DefineMethodProperty / MethodDefinitionEvaluation for the closure in `acc`:
            /// `MakeMethod(acc, object)` (sets `[[HomeObject]]`), if `flags & 8`
            /// `SetFunctionName(acc, key, "get"/"set" prefix per kind)`, then
            /// `? DefinePropertyOrThrow(object, key, …)`: `flags & 3` = 0 data property
            /// `{ value: acc, writable: true }`, 1 getter, 2 setter (the accessor's other half
            /// is kept); `flags & 4` = enumerable; always configurable. `acc` unchanged.
            DefineMethod = define_method { object: Reg, key: Reg, flags: Imm };
            /// `SetFunctionName(acc, key, prefix)` with prefix 0 none, 1 `get`, 2 `set`
            /// (NamedEvaluation with a computed name; a Private Name key gives its
            /// description; a Symbol gives `[description]`).
            SetFunctionName = set_function_name { key: Reg, prefix: Imm };
            /// `acc.[[HomeObject]] = home` (private methods, field initialisers).
            SetHomeObject = set_home_object { home: Reg };
            /// `acc =` the active function object (the callee of this frame).
            LdaActiveFunction = lda_active_function {};
            /// `acc =` the frame's NewTarget (`undefined` for `[[Call]]`).
            LdaNewTarget = lda_new_target {};
            /// `acc =` the active function's `[[HomeObject]]`.
            LdaHomeObject = lda_home_object {};
            /// `acc = CreateMappedArgumentsObject` for the frame's actual arguments, where
            /// argument `i` aliases slot `mapping[i]` of the current context (a `None` entry
            /// is unmapped).
            CreateMappedArguments = create_mapped_arguments { mapping: Mapping };
            /// `acc = CreateUnmappedArgumentsObject(the frame's actual arguments)`.
            CreateUnmappedArguments = create_unmapped_arguments {};
            /// `acc = CreateArrayFromList(actual arguments from index parameter_count on)`.
            CreateRestParameter = create_rest_parameter {};

            // ----- Classes and structs -----

            /// ClassDefinitionEvaluation steps that create the class: `inputs` =
            /// (superclass, name). If the `Class` entry has a heritage, `superclass` is its
            /// value (`null` or a constructor, else `TypeError`; `prototype` must be an Object
            /// or `null`, else `TypeError`). Creates the prototype object and the constructor F
            /// from the entry's constructor executable (class constructor, derived or base,
            /// `[[HomeObject]] = prototype`, `prototype`/`constructor` properties, name from
            /// the entry or, when the entry's name is `None`, `SetFunctionName(F, name)`).
            /// `outputs = (F, prototype)`.
            CreateClass = create_class { class: Class, inputs: RegPair, outputs: RegOutPair };
            /// Like `CreateClass` for `struct` / `shared struct` declarations (the same
            /// descriptor; struct semantics are defined by the structs proposal work).
            DefineStruct = define_struct { class: Class, inputs: RegPair, outputs: RegOutPair };
            /// `constructor.[[Fields]] =` the instance initialiser closure in `acc` (a method
            /// that adds the private methods and fields of InitializeInstanceElements to its
            /// `this`).
            SetInstanceInitializer = set_instance_initializer { constructor: Reg };
            /// `? InitializeInstanceElements(object, constructor)`: calls the instance
            /// initialiser stored by `SetInstanceInitializer`, if any, with `this = object`.
            InitializeInstanceElements = initialize_instance_elements { object: Reg, constructor: Reg };
            /// `acc = ! acc.[[GetPrototypeOf]]()` (GetSuperConstructor; `acc` holds the active
            /// derived constructor). The `IsConstructor` check is done by the `Construct*`
            /// instruction after the arguments are evaluated.
            GetSuperConstructor = get_super_constructor {};

            // ----- Calls -----

            /// `acc = ? Call(callee, args[0], args[1..count])`: `args[0]` is the this value.
            /// `TypeError` if not callable.
            Call = call { callee: Reg, args: RegList, count: RegCount, ic: Ic };
            /// `acc = ? Call(callee, undefined, args[0..count])`.
            CallUndefinedReceiver = call_undefined_receiver { callee: Reg, args: RegList, count: RegCount, ic: Ic };
            /// `acc = ? Call(callee, receiver)`: a method call whose operands need not be
            /// consecutive, so locals are passed from their own registers (`s.trim()`).
            CallProperty0 = call_property0 { callee: Reg, receiver: Reg, ic: Ic };
            /// `acc = ? Call(callee, receiver, « arg0 »)` (`s.charCodeAt(i)`).
            CallProperty1 = call_property1 { callee: Reg, receiver: Reg, arg0: Reg, ic: Ic };
            /// `acc = ? Call(callee, receiver, « arg0, arg1 »)`.
            CallProperty2 = call_property2 { callee: Reg, receiver: Reg, arg0: Reg, arg1: Reg, ic: Ic };
            /// `acc = ? Call(callee, receiver, elements of the array in args)` (spread calls;
            /// `args` is a fresh array built by the caller).
            CallWithArgArray = call_with_arg_array { callee: Reg, receiver: Reg, args: Reg, ic: Ic };
            /// A direct-eval candidate `eval(...)`: `args` holds a fresh array of the
            /// arguments. If `callee` is the realm's `%eval%`: `acc = ? PerformEval(args[0],
            /// strictCaller, direct)` — no argument gives `undefined`, a non-string is returned
            /// as is, otherwise the runtime parses it with the `EvalSite`'s options and
            /// compiles it with `compile_eval(…, site)` (its chain describes the current
            /// context chain). Else an ordinary `Call(callee, receiver, args)`.
            CallDirectEval = call_direct_eval { callee: Reg, receiver: Reg, args: Reg, site: EvalSite, ic: Ic };
            /// `acc = ? Construct(callee, args[0..count], newTarget = acc)`; `TypeError` if
            /// `callee` is not a constructor.
            Construct = construct { callee: Reg, args: RegList, count: RegCount, ic: Ic };
            /// `acc = ? Construct(callee, elements of the array in args, newTarget = acc)`.
            ConstructWithArgArray = construct_with_arg_array { callee: Reg, args: Reg, ic: Ic };
            /// `acc = ? Construct(callee, the frame's actual arguments, newTarget = acc)`
            /// (the default derived constructor; no iteration is observable).
            ConstructForwardAllArgs = construct_forward_all_args { callee: Reg, ic: Ic };

            // ----- Operators -----

            /// `acc = ? lhs + acc` (ApplyStringOrNumericBinaryOperator).
            Add = add { lhs: Reg };
            /// `acc = ? lhs - acc`.
            Sub = sub { lhs: Reg };
            /// `acc = ? lhs * acc`.
            Mul = mul { lhs: Reg };
            /// `acc = ? lhs / acc`.
            Div = div { lhs: Reg };
            /// `acc = ? lhs % acc`.
            Mod = modulo { lhs: Reg };
            /// `acc = ? lhs ** acc`.
            Exp = exp { lhs: Reg };
            /// `acc = ? lhs | acc`.
            BitwiseOr = bitwise_or { lhs: Reg };
            /// `acc = ? lhs ^ acc`.
            BitwiseXor = bitwise_xor { lhs: Reg };
            /// `acc = ? lhs & acc`.
            BitwiseAnd = bitwise_and { lhs: Reg };
            /// `acc = ? lhs << acc`.
            ShiftLeft = shift_left { lhs: Reg };
            /// `acc = ? lhs >> acc`.
            ShiftRight = shift_right { lhs: Reg };
            /// `acc = ? lhs >>> acc`.
            ShiftRightLogical = shift_right_logical { lhs: Reg };
            /// `acc = ? acc + value` (a `+` whose right operand is an int32 literal).
            AddSmi = add_smi { value: SImm };
            /// `acc = ? acc - value`.
            SubSmi = sub_smi { value: SImm };
            /// `acc = ? acc * value`.
            MulSmi = mul_smi { value: SImm };
            /// `acc = ? acc % value`.
            ModSmi = modulo_smi { value: SImm };
            /// `acc = ? acc | value`.
            BitwiseOrSmi = bitwise_or_smi { value: SImm };
            /// `acc = ? acc ^ value`.
            BitwiseXorSmi = bitwise_xor_smi { value: SImm };
            /// `acc = ? acc & value`.
            BitwiseAndSmi = bitwise_and_smi { value: SImm };
            /// `acc = ? acc << value`.
            ShiftLeftSmi = shift_left_smi { value: SImm };
            /// `acc = ? acc >> value`.
            ShiftRightSmi = shift_right_smi { value: SImm };
            /// `acc = ? acc >>> value`.
            ShiftRightLogicalSmi = shift_right_logical_smi { value: SImm };
            /// `acc = ? ToNumeric(acc) + 1` (`++`).
            Inc = inc {};
            /// `acc = ? ToNumeric(acc) - 1` (`--`).
            Dec = dec {};
            /// `acc = ? -acc` (unary minus on `ToNumeric`).
            Negate = negate {};
            /// `acc = ? ~acc`.
            BitwiseNot = bitwise_not {};
            /// `acc = !ToBoolean(acc)`.
            LogicalNot = logical_not {};
            /// `acc = typeof acc` (a string).
            TypeOf = type_of {};
            /// `acc = ? ToNumber(acc)` (unary `+`).
            ToNumber = to_number {};
            /// `acc = ? ToNumeric(acc)` (the old value of postfix `++`/`--`).
            ToNumeric = to_numeric {};
            /// `acc = ? ToString(acc)` (template literal substitutions).
            ToString = to_string {};
            /// `acc = ? ToPropertyKey(acc)` (computed keys).
            ToPropertyKey = to_property_key {};
            /// `acc = ? IsLooselyEqual(lhs, acc)`.
            TestEqual = test_equal { lhs: Reg };
            /// `acc = IsStrictlyEqual(lhs, acc)`.
            TestEqualStrict = test_equal_strict { lhs: Reg };
            /// `acc = ? lhs < acc` (IsLessThan(lhs, acc, LeftFirst = true); undefined → false).
            TestLessThan = test_less_than { lhs: Reg };
            /// `acc = ? lhs > acc` (IsLessThan(acc, lhs, LeftFirst = false)).
            TestGreaterThan = test_greater_than { lhs: Reg };
            /// `acc = ? lhs <= acc`.
            TestLessThanOrEqual = test_less_than_or_equal { lhs: Reg };
            /// `acc = ? lhs >= acc`.
            TestGreaterThanOrEqual = test_greater_than_or_equal { lhs: Reg };
            /// `acc = ? InstanceofOperator(lhs, acc)`.
            TestInstanceOf = test_instance_of { lhs: Reg };
            /// `acc = ? HasProperty(acc, ? ToPropertyKey(lhs))`; `TypeError` if `acc` is not an
            /// Object.
            TestIn = test_in { lhs: Reg };

            // ----- Jumps -----

            /// Jump to `target` (forward).
            Jump = jump { target: Target };
            /// Jump backward to `target` (a loop header); polls for interrupts/safepoints.
            JumpLoop = jump_loop { target: Target };
            /// Jump if `ToBoolean(acc)` is true.
            JumpIfTrue = jump_if_true { target: Target };
            /// Jump if `ToBoolean(acc)` is false.
            JumpIfFalse = jump_if_false { target: Target };
            /// Jump if `acc` is `undefined`.
            JumpIfUndefined = jump_if_undefined { target: Target };
            /// Jump if `acc` is not `undefined`.
            JumpIfNotUndefined = jump_if_not_undefined { target: Target };
            /// Jump if `acc` is `undefined` or `null`.
            JumpIfUndefinedOrNull = jump_if_undefined_or_null { target: Target };
            /// Jump if `acc` is neither `undefined` nor `null`.
            JumpIfNotUndefinedOrNull = jump_if_not_undefined_or_null { target: Target };

            // ----- Control -----

            /// Returns `acc` from the frame. In generator/async frames the runtime completes
            /// per the function kind: a generator finishes with `{ value: acc, done: true }`,
            /// an async function resolves its promise with `acc`, an async generator completes
            /// its current request with `{ value: acc, done: true }`, a module body finishes
            /// evaluation. A base class constructor called with `[[Construct]]` returns `acc`
            /// if it is an Object, else its `this` object (derived constructors return through
            /// `CheckDerivedConstructorReturn`).
            Return = return_value {};
            /// `throw acc` (captures a stack trace if `acc` is a fresh error).
            Throw = throw {};
            /// Rethrows `acc` (from a `finally`/cleanup path; no new stack capture).
            ReThrow = re_throw {};
            /// Throws a new error of `kind` (0 `TypeError`, 1 `ReferenceError`, 2
            /// `SyntaxError`, 3 `RangeError`) with the `Value` string as message.
            ThrowStaticError = throw_static_error { kind: Imm, message: Value };
            /// If `acc` is the hole, throws `ReferenceError` ("Cannot access 'name' before
            /// initialization").
            ThrowReferenceErrorIfHole = throw_reference_error_if_hole { name: Name };
            /// If `acc` is the hole (derived constructor `this` before `super()`), throws
            /// `ReferenceError`.
            ThrowSuperNotCalledIfHole = throw_super_not_called_if_hole {};
            /// If `acc` is not the hole (`super()` called twice), throws `ReferenceError`.
            ThrowSuperAlreadyCalledIfNotHole = throw_super_already_called_if_not_hole {};
            /// A derived constructor's completion (`[[Construct]]` steps after the body):
            /// `acc` an Object → unchanged; `acc` not `undefined` → `TypeError`; else
            /// `acc = this` (`ReferenceError` if `this` is the hole).
            CheckDerivedConstructorReturn = check_derived_constructor_return { this: Reg };
            /// `? RequireObjectCoercible(acc)` (`TypeError` for `undefined`/`null`).
            RequireObjectCoercible = require_object_coercible {};
            /// Throws `TypeError` if `acc` is not an Object (an iterator result).
            CheckIteratorResultObject = check_iterator_result_object {};
            /// The `debugger` statement: a no-op unless a debugger is attached.
            Debugger = debugger {};

            // ----- Iteration -----

            /// `iterator = ? GetIterator(acc, kind)` with `hint` 0 sync, 1 async (an async
            /// request falls back to CreateAsyncFromSyncIterator): `iterator` = the iterator
            /// object, `iterator+1` = its `next` method.
            GetIterator = get_iterator { hint: Imm, iterator: RegOutPair };
            /// `acc = ? Call(iterator+1, iterator)` (the raw result, not checked).
            IteratorNext = iterator_next { iterator: RegPair };
            /// `acc = ? IteratorStepValue(iterator)`, jumping to `done` (with `acc` unchanged)
            /// if the iterator is done. Errors leave the iterator done (no close).
            ForOfNext = for_of_next { iterator: RegPair, done: Target };
            /// Destructuring step: if `done` is `true`, `acc = undefined`; else `done = true`,
            /// `acc = ? IteratorStepValue(iterator)` and if not done `done = false` (so `done`
            /// stays `true` when `next`, `done` or `value` throw or the iterator finishes;
            /// `acc = undefined` then).
            IteratorStepValue = iterator_step_value { iterator: RegPair, done: RegOut };
            /// Rest element: `acc =` a new Array of the remaining values (`IteratorStepValue`
            /// until done, unless `done` is already `true`); then `done = true`.
            IteratorToArray = iterator_to_array { iterator: RegPair, done: RegOut };
            /// After awaiting an async iterator result in `acc`: `TypeError` if not an Object;
            /// if `? IteratorComplete(acc)` jump to `done`; else `acc = ? IteratorValue(acc)`.
            IteratorResultValue = iterator_result_value { done: Target };
            /// `? IteratorClose(iterator, normal completion)`: calls `return` if present and
            /// requires an Object result. `acc` unchanged.
            IteratorClose = iterator_close { iterator: RegPair };
            /// `IteratorClose(iterator, throw completion)`: calls `return` if present and
            /// ignores its result and any exception. `acc` unchanged.
            IteratorCloseOnThrow = iterator_close_on_throw { iterator: RegPair };
            /// `method = ? GetMethod(iterator, "return")`; if `undefined` jump to `none`; else
            /// `acc = ? Call(method, iterator)` (unchecked; AsyncIteratorClose awaits it next).
            CallIteratorReturn = call_iterator_return { iterator: RegPair, none: Target };
            /// `for-in`: `enumerator =` an iterator over EnumerateObjectProperties(`! ToObject(acc)`)
            /// (`acc` is neither `undefined` nor `null`).
            ForInEnumerate = for_in_enumerate { enumerator: RegOut };
            /// `acc =` the next key of `enumerator` (skipping keys deleted meanwhile), or jump
            /// to `done` when exhausted.
            ForInNext = for_in_next { enumerator: Reg, done: Target };

            // ----- Generators and async functions -----

            /// Binds the frame to a new suspendable object: for (async) generators `acc =`
            /// OrdinaryCreateFromConstructor(active function, `%GeneratorPrototype%` /
            /// `%AsyncGeneratorPrototype%`); for async functions and async module bodies an
            /// internal object holding a new promise capability (the promise is what the call
            /// returns). Later suspensions save the frame into it.
            CreateGeneratorObject = create_generator_object {};
            /// Generator start: suspends the frame (state suspended-start) and makes the
            /// `[[Call]]` return the generator object in `acc`. Resumption always continues
            /// with the next instruction (abrupt resumptions of a suspended-start generator
            /// are handled by the runtime without resuming the frame).
            InitialYield = initial_yield {};
            /// Sync generator `yield`: suspends (saving registers, `acc`, context and pc) and
            /// hands `CreateIterResultObject(acc, false)` to the resumer. On resumption
            /// `acc =` the sent value and `mode =` the resume mode (0 next, 1 throw, 2 return).
            Yield = yield_value { mode: RegOut };
            /// Sync generator `yield*` step: as `Yield`, but hands the inner iterator result
            /// object in `acc` to the resumer as is.
            YieldDelegate = yield_delegate { mode: RegOut };
            /// Async generator `yield`: AsyncGeneratorYield(acc) — completes the front request
            /// with `{ value: acc, done: false }` and suspends; on resumption `acc` and `mode`
            /// as `Yield` (the compiler emits the `Await` a return resumption needs).
            AsyncGeneratorYield = async_generator_yield { mode: RegOut };
            /// `Await(acc)`: suspends until the promise `PromiseResolve(%Promise%, acc)`
            /// settles. Fulfilment resumes with `acc =` the value; rejection throws the reason
            /// from this instruction.
            Await = await_value {};
            /// After `Yield`, `YieldDelegate` or `AsyncGeneratorYield`: mode 0 (next) jumps to `next`; mode 1 (throw) throws `acc`
            /// from this instruction; mode 2 (return) continues with the next instruction (the
            /// compiler's return sequence, which runs `finally` blocks).
            SwitchOnResumeMode = switch_on_resume_mode { mode: Reg, next: Target };

            // ----- Explicit resource management -----

            /// `acc =` a new empty DisposeCapability (the resource stack of a scope).
            CreateDisposableStack = create_disposable_stack {};
            /// `? AddDisposableResource(stack, acc, hint)` with `hint` 0 sync-dispose, 1
            /// async-dispose. `acc` unchanged.
            AddDisposableResource = add_disposable_resource { stack: Reg, hint: Imm };
            /// Takes the most recently added resource off `stack` (`stack+1` receives `true`
            /// if its hint is async-dispose, else `false`) and `acc = ? Call(method, value)`
            /// (`undefined` when the method is `undefined`); jumps to `done` when the stack is
            /// empty.
            DisposeResource = dispose_resource { stack: RegPair, done: Target };
            /// DisposeResources error aggregation: with the thrown value in `acc` and the
            /// completion pair (`completion` = has error, `completion+1` = error): if there is
            /// an error already, `completion+1 = new SuppressedError(acc, completion+1)`,
            /// else `completion+1 = acc`; `completion = true`.
            AggregateDisposeError = aggregate_dispose_error { completion: RegPair };
        }
    };
}
