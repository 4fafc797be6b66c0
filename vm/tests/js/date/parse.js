// Date.parse: the Date Time String Format (date-only is UTC, date-time is local).
var offset = new Date(2000, 0, 1).getTimezoneOffset() * 60000;
print(Date.parse("2000"), Date.parse("2000-01"), Date.parse("2000-01-01"));
print(Date.parse("2000-01-01T00:00Z"), Date.parse("2000-01-01T00:00:00Z"), Date.parse("2000-01-01T00:00:00.000Z"));
print(Date.parse("2000-01-01T00:00:00.5Z"), Date.parse("2000-01-01T00:00:00.123456Z"));
print(Date.parse("2000-01-01T00:00:00+01:00"), Date.parse("2000-01-01T00:00:00-01:30"));
print(Date.parse("2000-01-01T00:00") === Date.UTC(2000, 0, 1) + offset);
print(Date.parse("2000-01-01T00:00:00.000") === new Date(2000, 0, 1).getTime());
print(Date.parse("+002000-01-01T00:00Z"), Date.parse("-000001-01-01T00:00:00Z"), Date.parse("+275760-09-13T00:00:00.000Z"));
print(Date.parse("+275760-09-13T00:00:00.001Z"), Date.parse("-271821-04-20T00:00:00.000Z"), Date.parse("-271821-04-19T23:59:59.999Z"));
print(Date.parse("2000-01-01T24:00:00Z"), Date.parse("2000-01-01T24:00:01Z"));
// Invalid: out-of-range fields, -000000, bad syntax.
var bad = ["-000000-01-01T00:00:00Z", "2000-13-01", "2000-00-01", "2000-02-30", "2001-02-29",
  "2000-01-32", "2000-01-01T25:00Z", "2000-01-01T00:60Z", "2000-01-01T00:00:60Z", "2000-1-1",
  "2000-01-01T", "2000-01-01T00Z", "2000-01-01T00:00:00.Z", "2000-01-01T00:00+0100", "x", "", "Invalid Date"];
print(bad.map(Date.parse).every(function (t) { return t !== t; }));
// The toUTCString / toString forms.
print(Date.parse("Sat, 01 Jan 2000 00:00:00 GMT"), Date.parse("Sat Jan 01 2000 00:00:00 GMT+0100 (CET)"));
print(Date.parse("Thu, 01 Jan 1970 00:00:00 GMT"), Date.parse("Thu Jan 01 1970 00:00:00 GMT-0130"));
print(Date.parse("Sat Jan 01 2000") === new Date(2000, 0, 1).getTime());
// The argument is converted with ToString.
print(Date.parse({ toString() { return "1970-01-01T00:00:00.001Z"; } }));
print(new Date("2000-01-01").getTime(), new Date("nonsense").getTime());
// Other common forms (local time unless a zone is given).
print(Date.parse("2000-01-01 10:20:30") === new Date(2000, 0, 1, 10, 20, 30).getTime());
print(Date.parse("2000-01-01 10:20:30.5Z"), Date.parse("2000-01-01 10:20+01:00"));
print(Date.parse(" 2000-01-02 ") === new Date(2000, 0, 2).getTime());
print(Date.parse("1/2/2000") === new Date(2000, 0, 2).getTime(), Date.parse("2000/01/02") === new Date(2000, 0, 2).getTime());
print(Date.parse("01/02/2000 10:00 PM") === new Date(2000, 0, 2, 22).getTime(), Date.parse("2 Jan 2000 12:00 AM") === new Date(2000, 0, 2).getTime());
print(Date.parse("January 2, 2000 10:00:00") === new Date(2000, 0, 2, 10).getTime());
print(Date.parse("Sun Jan 02 2000 10:00:00 -0500"), Date.parse("Jan 2 2000 10:00 GMT+0100"));
print(Date.parse("13/2/2000"), Date.parse("Jan 2 2000 13:00 PM"), Date.parse("Jan 2000"), Date.parse("Foo 2 2000"));
print(Date.parse("Mon, 01 Jan -0001 00:00:00 GMT") === Date.UTC(-1, 0, 1));
