// Local time round trips over a year, hour by hour: at most one skipped local hour
// (spring forward) and one repeated hour (fall back, read as the earlier instant).
var skipped = 0, repeated = 0, offsets = {};
var start = Date.UTC(2021, 0, 1);
for (var i = 0; i < 366 * 24; i++) {
  var t = start + i * 3600000;
  var d = new Date(t);
  offsets[d.getTimezoneOffset()] = true;
  var back = new Date(d.getFullYear(), d.getMonth(), d.getDate(), d.getHours(), d.getMinutes());
  if (back.getTime() !== t) repeated++;
  var h = i % 24;
  var local = new Date(2021, 0, 1 + Math.floor(i / 24), h);
  if (local.getHours() !== h) skipped++;
}
var n = 0;
for (var k in offsets) n++;
print(n <= 2, skipped <= 1, repeated <= 1);
// A skipped local time moves forward by the size of the gap; a repeated one is the
// earlier (daylight) instant.
var ok = true;
for (var day = 0; day < 365; day++) {
  for (var hour = 0; hour < 24; hour++) {
    var a = new Date(2021, 0, 1 + day, hour);
    if (a.getHours() !== hour && a.getHours() !== (hour + 1) % 24) ok = false;
  }
}
print(ok);
