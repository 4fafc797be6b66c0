// The string forms: shapes that hold in any zone, and round trips through Date.parse.
var d = new Date(2022, 1, 1, 13, 4, 5);
// "Www Mmm DD YYYY HH:mm:ss GMT±HHMM (name)".
function shaped(s) {
  var zone = s.slice(28);
  return s.slice(0, 28) === "Tue Feb 01 2022 13:04:05 GMT" && (zone[0] === "+" || zone[0] === "-") &&
    zone.slice(5, 7) === " (" && zone[zone.length - 1] === ")";
}
print(shaped(d.toString()), shaped(String(d)), shaped(d.toLocaleString()));
print(d.toDateString(), d.toLocaleDateString());
print(d.toTimeString().slice(0, 12), d.toString().slice(16) === d.toTimeString(), d.toTimeString() === d.toLocaleTimeString());
print(Date.parse(d.toString()) === d.getTime(), Date.parse(d.toUTCString()) === d.getTime());
print(Date.parse(d.toISOString()) === d.getTime(), Date.parse(d.toDateString()) === new Date(2022, 1, 1).getTime());
var inv = new Date(NaN);
print(inv.toString(), inv.toDateString(), inv.toTimeString(), inv.toUTCString(), String(inv));
try { inv.toISOString(); } catch (e) { print(e.name, e.message); }
print(inv.toJSON(), new Date(0).toJSON());
// Called as a function: a string for the current time, ignoring arguments.
print(typeof Date(), typeof Date(0), shaped(Date(2022, 1, 1, 13, 4, 5)));
var now = Date.parse(Date());
print(Math.abs(now - Date.now()) < 5000);
// Years outside 0–9999.
var far = new Date(Date.UTC(-271821, 3, 20));
print(far.toISOString(), far.toUTCString());
print(new Date(Date.UTC(12345, 0)).toISOString(), new Date(Date.UTC(0, 0) - 864e5 * 366 * 0).getUTCFullYear());
print(new Date(Date.UTC(-1, 11, 31, 12)).toUTCString(), Date.parse(new Date(Date.UTC(-1, 11, 31, 12)).toUTCString()) === Date.UTC(-1, 11, 31, 12));
