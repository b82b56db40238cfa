// Date (local time zone = UTC)
var d = new Date(2024, 0, 2, 3, 4, 5, 6);
print(d.getTime(), d.getFullYear(), d.getMonth(), d.getDate(), d.getDay(), d.getHours(), d.getMinutes(), d.getSeconds(), d.getMilliseconds());
print(d.toString());
print(d.toDateString(), "|", d.toTimeString());
print(d.toUTCString(), "|", d.toISOString(), "|", JSON.stringify(d));
print(d.toLocaleString("en-US"), "|", d.toLocaleDateString("en-US"), "|", d.toLocaleTimeString("en-US"));
print(d.getTimezoneOffset(), d.getYear(), d.valueOf() === +d, typeof Date(), Date.UTC(2000, 1, 29));
print(new Date(0).toISOString(), new Date(-1).toISOString(), new Date(8.64e15).toISOString(), new Date(-8.64e15).toISOString());
print(new Date(8.64e15 + 1).getTime(), String(new Date(NaN)), new Date(2020, 1).getDate(), new Date(99, 0).getFullYear());
try { new Date(NaN).toISOString(); } catch (e) { print(e.name); }
var p = ["2024-01-02", "2024-01-02T03:04:05Z", "2024-01-02T03:04:05.123+01:00", "2024-01", "2024", "+002024-01-02T00:00:00Z",
  "-000001-01-01T00:00:00Z", "2024-13-01", "2024-02-30", "2024-01-02T25:00", "2024-01-02T24:00", "Tue Jan 02 2024 03:04:05 GMT+0000 (Coordinated Universal Time)",
  "Tue, 02 Jan 2024 03:04:05 GMT", "Jan 2, 2024", "1/2/2024", "2024-01-02T03:04", "2024-01-02T03:04:05.1Z", "junk", "-000000-01-01T00:00:00Z"];
for (var i = 0; i < p.length; i++) print(p[i], Date.parse(p[i]));
var s = new Date(2000, 0, 31);
print(s.setMonth(1), s.getDate(), s.getMonth(), s.setDate(0), s.getDate(), s.setHours(25), s.getDate(), s.getHours());
print(s.setFullYear(2001, 5, 6), s.toISOString(), s.setMinutes(61, 61, 1001), s.toISOString());
print(s.setUTCFullYear(1999), s.setUTCMonth(0, 1), s.setUTCHours(0, 0, 0, 0), s.toISOString(), s.setMilliseconds(5), s.getUTCMilliseconds());
var n = new Date(NaN); print(n.setHours(1), n.setFullYear(2000), n.toISOString());
var y = new Date(2000, 0, 1); print(y.setYear(99), y.getFullYear(), y.setYear(2005), y.getFullYear());
print(new Date(2024, 0, 1) - new Date(2023, 0, 1), new Date(1e12).getUTCDay(), new Date(-62198755200000).getUTCFullYear());
print(d[Symbol.toPrimitive]("number"), d[Symbol.toPrimitive]("default") === d.toString(), `${new Date(0)}`.slice(0, 15));
try { d[Symbol.toPrimitive]("bad"); } catch (e) { print(e.name); }
try { Date.prototype.getTime.call({}); } catch (e) { print(e.name); }
print(Date.prototype.toGMTString === Date.prototype.toUTCString, Object.prototype.toString.call(Date.prototype), Date.length);
print(new Date(new Date(5)).getTime(), new Date("2024-01-02").getTime(), new Date(2024, 0).getTime() === new Date("2024-01-01T00:00").getTime());
print(typeof Date.now(), Date.now() > 1.6e12, new Date(1e81).getTime(), new Date(true).getTime());
print(new Date(-1e14).toString(), new Date(-7e13).toUTCString());

// expect: 1704164645006 2024 0 2 2 3 4 5 6
// expect: Tue Jan 02 2024 03:04:05 GMT+0000 (Coordinated Universal Time)
// expect: Tue Jan 02 2024 | 03:04:05 GMT+0000 (Coordinated Universal Time)
// expect: Tue, 02 Jan 2024 03:04:05 GMT | 2024-01-02T03:04:05.006Z | "2024-01-02T03:04:05.006Z"
// expect: 1/2/2024, 3:04:05 AM | 1/2/2024 | 3:04:05 AM
// expect: 0 124 true string 951782400000
// expect: 1970-01-01T00:00:00.000Z 1969-12-31T23:59:59.999Z +275760-09-13T00:00:00.000Z -271821-04-20T00:00:00.000Z
// expect: NaN Invalid Date 1 1999
// expect: RangeError
// expect: 2024-01-02 1704153600000
// expect: 2024-01-02T03:04:05Z 1704164645000
// expect: 2024-01-02T03:04:05.123+01:00 1704161045123
// expect: 2024-01 1704067200000
// expect: 2024 1704067200000
// expect: +002024-01-02T00:00:00Z 1704153600000
// expect: -000001-01-01T00:00:00Z -62198755200000
// expect: 2024-13-01 NaN
// expect: 2024-02-30 1709251200000
// expect: 2024-01-02T25:00 NaN
// expect: 2024-01-02T24:00 1704240000000
// expect: Tue Jan 02 2024 03:04:05 GMT+0000 (Coordinated Universal Time) 1704164645000
// expect: Tue, 02 Jan 2024 03:04:05 GMT 1704164645000
// expect: Jan 2, 2024 1704153600000
// expect: 1/2/2024 1704153600000
// expect: 2024-01-02T03:04 1704164640000
// expect: 2024-01-02T03:04:05.1Z 1704164645100
// expect: junk NaN
// expect: -000000-01-01T00:00:00Z NaN
// expect: 951955200000 2 2 951782400000 29 951872400000 1 1
// expect: 991789200000 2001-06-06T01:00:00.000Z 991792922001 2001-06-06T02:02:02.001Z
// expect: 928634522001 915156122001 915148800000 1999-01-01T00:00:00.000Z 915148800005 5
// expect: NaN 946684800000 2000-01-01T00:00:00.000Z
// expect: 915148800000 1999 1104537600000 2005
// expect: 31536000000 0 -1
// expect: 1704164645006 true Thu Jan 01 1970
// expect: TypeError
// expect: TypeError
// expect: true [object Object] 7
// expect: 5 1704153600000 true
// expect: number true NaN 1
// expect: Thu Feb 15 -1199 14:13:20 GMT+0000 (Coordinated Universal Time) Fri, 15 Oct -0249 19:33:20 GMT
