var r = JSON.rawJSON("1e1000");
print(JSON.isRawJSON(r), JSON.isRawJSON({}), Object.getPrototypeOf(r), r.rawJSON);
print(JSON.stringify({ big: r, s: JSON.rawJSON('"x"'), arr: [JSON.rawJSON("null")] }));
for (var bad of ["", " 1", "1 ", "{}", "[1]", "tru"]) {
  try { JSON.rawJSON(bad); print("ok", bad); } catch (e) { print(e.name); }
}
JSON.rawJSON("\t");
