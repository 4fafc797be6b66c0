// Local getters/setters and getTimezoneOffset, checked against the zone's own offset.
var d = new Date(2020, 5, 15, 12, 30, 45, 500);
var off = d.getTimezoneOffset();
print(d.getTime() === Date.UTC(2020, 5, 15, 12, 30, 45, 500) + off * 60000);
print(d.setHours(0) === d.getTime(), d.getHours(), d.getMinutes(), d.getDate());
d.setMinutes(90); print(d.getHours(), d.getMinutes());
d.setSeconds(61, 1); print(d.getMinutes(), d.getSeconds(), d.getMilliseconds());
d.setMilliseconds(-1); print(d.getSeconds(), d.getMilliseconds());
d.setDate(31); print(d.getMonth(), d.getDate());
d.setMonth(13, 1); print(d.getFullYear(), d.getMonth(), d.getDate());
d.setFullYear(2000, 1, 29); print(d.getFullYear(), d.getMonth(), d.getDate(), d.getDay());
// Annex B getYear/setYear.
print(d.getYear());
d.setYear(95); print(d.getFullYear(), d.getMonth(), d.getDate());
d.setYear(2010); print(d.getFullYear());
print(d.setYear(NaN), d.getTime());
var n = new Date(NaN); n.setYear(99); print(n.getFullYear(), n.getMonth(), n.getDate(), n.getHours());
// Setters on an invalid date return NaN (except setFullYear/setYear), still converting.
var calls = 0;
var inv = new Date(NaN);
print(inv.setHours({ valueOf() { calls++; return 1; } }), calls);
print(inv.setFullYear(2001) === new Date(2001, 0).getTime(), inv.getMonth(), inv.getDate(), inv.getHours());
// The value is read before the arguments are converted.
var e = new Date(0);
var r = e.setMilliseconds({ valueOf() { e.setTime(1000000); return 5; } });
print(r, e.getTime() === r);
print(Date.prototype.setHours.length, Date.prototype.setFullYear.length, Date.UTC.length);
