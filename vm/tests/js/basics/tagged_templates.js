// Tagged templates: one template object per site, cooked and raw strings, substitutions.
function tag(strings, ...values) {
  return strings.raw.join("|") + " / " + strings.join("|") + " / " + values.join(",");
}
print(tag`a${1}b\t${2}c`);
function id(s) { return s; }
const site = () => id`x${0}y`;
print(site() === site(), id`x` === id`x`);
print(Object.isFrozen(site()), Object.isFrozen(site().raw), site().length, site().raw.length);
// An invalid escape cooks to undefined in a tagged template.
print(id`\unicode`[0], id`\unicode`.raw[0]);
print(`plain ${1 + 1} template`);
