// Date.UTC, the UTC getters and setters, toISOString/toUTCString: zone-independent.
var t = Date.UTC(2022, 1, 1);
print(t, Date.UTC(2022), Date.UTC(99, 0), Date.UTC(100, 0), Date.UTC(NaN), Date.UTC());
var d = new Date(t);
print(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), d.getUTCDay(), d.getUTCHours());
print(d.toISOString(), d.toUTCString(), d.toGMTString());
print(d.getTime() === d.valueOf(), +d === t);
// Month and date overflow carry into the year and month.
print(new Date(Date.UTC(2021, 13, 31, 25, 61, 61, 1001)).toISOString());
print(new Date(Date.UTC(2000, 1, 29)).toISOString(), new Date(Date.UTC(1900, 1, 29)).toISOString());
// Negative times and years.
print(new Date(-1).toISOString(), new Date(Date.UTC(-1, 0)).toISOString());
print(new Date(Date.UTC(-1, 0)).toUTCString());
print(new Date(8.64e15).toISOString(), new Date(-8.64e15).toISOString());
print(new Date(8.64e15 + 1).getTime(), new Date(-0).getTime(), 1 / new Date(-0).getTime());
print(new Date(1.9).getTime(), new Date(-1.9).getTime());
// Setters return the new time value.
var s = new Date(0);
print(s.setUTCFullYear(2020, 11, 31), s.toISOString());
print(s.setUTCHours(23, 59, 59, 999), s.toISOString());
print(s.setUTCMilliseconds(1000), s.toISOString());
print(s.setUTCMonth(1), s.toISOString());
print(s.setUTCDate(0), s.toISOString());
print(s.setUTCMinutes(-1), s.toISOString());
print(s.setUTCSeconds(30, 5), s.toISOString());
print(s.setTime(86400000), s.toISOString());
print(s.setUTCHours(), s.getTime());
print(s.setUTCHours(1), s.getTime());
// setUTCFullYear on an invalid date starts from +0.
var n = new Date(NaN);
print(n.setUTCMonth(1), n.setUTCFullYear(2001), n.toISOString());
print(new Date(Date.UTC(275760, 8, 13, 0, 0, 0, 1)).getTime());
