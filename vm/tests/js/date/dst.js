// Local time round trips through a year's offset changes: at most one skipped local hour
// (spring forward) and one repeated hour (fall back, read as the earlier instant). Days are
// sampled first; the days whose offset changes are then walked hour by hour (so the test is
// cheap under --gc-stress 1 and works in any time zone).
var skipped = 0, repeated = 0, offsets = {}, changeDays = [];
var start = Date.UTC(2021, 0, 1);
var previous = new Date(start).getTimezoneOffset();
for (var day = 0; day <= 366; day++) {
  var offset = new Date(start + day * 86400000).getTimezoneOffset();
  offsets[offset] = true;
  if (offset !== previous) changeDays.push(day - 1);
  previous = offset;
}
for (var c = 0; c < changeDays.length; c++) {
  for (var i = changeDays[c] * 24; i < (changeDays[c] + 2) * 24; i++) {
    var t = start + i * 3600000;
    var d = new Date(t);
    offsets[d.getTimezoneOffset()] = true;
    var back = new Date(d.getFullYear(), d.getMonth(), d.getDate(), d.getHours(), d.getMinutes());
    if (back.getTime() !== t) repeated++;
  }
  var first = new Date(start + changeDays[c] * 86400000);
  for (var h = 0; h < 48; h++) {
    var local = new Date(first.getFullYear(), first.getMonth(), first.getDate(), h);
    if (local.getHours() !== h % 24 && local.getHours() !== (h + 1) % 24) skipped += 100;
    else if (local.getHours() !== h % 24) skipped++;
  }
}
var n = 0;
for (var k in offsets) n++;
print(n <= 2, changeDays.length <= 2, skipped <= 2, repeated <= 2);
// A skipped local time moves forward by the size of the gap; a repeated one is the
// earlier (daylight) instant.
var ok = true;
for (var m = 0; m < 12; m++) {
  for (var hour = 0; hour < 24; hour++) {
    var a = new Date(2021, m, 14, hour);
    if (a.getHours() !== hour && a.getHours() !== (hour + 1) % 24) ok = false;
  }
}
print(ok);
