/* date.c — the Date constructor and Date.prototype (ECMA-262 21.4, Annex B.2.3).
 *
 * Time arithmetic is the spec's day/time functions in pure double arithmetic; no libc time
 * functions are used except for the host clock behind Date.now.
 *
 * Host hooks (not in vm.h, by design; an embedder or the worker sets them):
 *   cryo_date_now_hook      — returns the current time in ms since the epoch. The default
 *                             reads the wall clock (clock_gettime CLOCK_REALTIME); the vat
 *                             worker replaces it with a deterministic source (C5).
 *   cryo_date_local_offset_ms — the local time zone offset (ms, east of UTC). 0 = UTC, the
 *                             default: local time is UTC unless a host sets an offset. There
 *                             is no daylight saving time.
 *
 * Strings are formatted like V8 prints them in UTC with the en-US locale:
 *   toString      "Tue Jan 02 2024 03:04:05 GMT+0000 (Coordinated Universal Time)"
 *   toUTCString   "Tue, 02 Jan 2024 03:04:05 GMT"
 *   toLocaleString "1/2/2024, 3:04:05 AM"
 * Date.parse accepts the ISO format (all the spec's forms, expanded years), the toString /
 * toUTCString formats, and common legacy forms ("Jan 2 2024 10:00", "1/2/2024", ...).
 */
#include <math.h>
#include <stdlib.h>
#include <strings.h>
#include <time.h>
#include "builtins.h"

#define ARG(i) ((i) < argc ? argv[i] : VAL_UNDEFINED)
#define NATIVE(name) static Value name(VM *vm, Value this_val, int argc, Value *argv, \
                                       Value new_target, Value func, int magic)

#define MS_PER_DAY 86400000.0
#define MS_PER_HOUR 3600000.0
#define MS_PER_MINUTE 60000.0
#define MS_PER_SECOND 1000.0

/* The host clock (see the file comment). */
static double date_now_default(VM *vm) {
    (void)vm;
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return floor((double)ts.tv_sec * 1000.0 + (double)(ts.tv_nsec / 1000000));
}
double (*cryo_date_now_hook)(VM *vm) = date_now_default;
double cryo_date_local_offset_ms = 0;

/* ---------------------------------------------------------------------------------------
 * Day and time arithmetic (21.4.1)
 * ------------------------------------------------------------------------------------- */

static double day_of(double t) { return floor(t / MS_PER_DAY); }
static double time_within_day(double t) { double r = fmod(t, MS_PER_DAY); return r < 0 ? r + MS_PER_DAY : r; }
static double days_in_year(double y) {
    if (fmod(y, 4) != 0) return 365;
    if (fmod(y, 100) != 0) return 366;
    if (fmod(y, 400) != 0) return 365;
    return 366;
}
static double day_from_year(double y) {
    return 365 * (y - 1970) + floor((y - 1969) / 4) - floor((y - 1901) / 100) + floor((y - 1601) / 400);
}
static double time_from_year(double y) { return MS_PER_DAY * day_from_year(y); }
static double year_from_time(double t) {
    double y = floor(t / (MS_PER_DAY * 365.2425)) + 1970;
    while (time_from_year(y) > t) y--;
    while (time_from_year(y + 1) <= t) y++;
    return y;
}
static bool in_leap_year(double t) { return days_in_year(year_from_time(t)) == 366; }
static double day_within_year(double t) { return day_of(t) - day_from_year(year_from_time(t)); }

/* Cumulative days before month m (0..11) in a common year. */
static const int month_start[13] = { 0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334, 365 };

static int month_from_time(double t) {
    int d = (int)day_within_year(t), leap = in_leap_year(t);
    for (int m = 0; m < 12; m++) {
        int end = month_start[m + 1] + (leap && m >= 1 ? 1 : 0);
        if (d < end) return m;
    }
    return 11;
}
static int date_from_time(double t) {
    int d = (int)day_within_year(t), leap = in_leap_year(t), m = month_from_time(t);
    int start = month_start[m] + (leap && m >= 2 ? 1 : 0);
    return d - start + 1;
}
static int week_day(double t) { double r = fmod(day_of(t) + 4, 7); return (int)(r < 0 ? r + 7 : r); }
static int hour_from_time(double t) { return (int)fmod(floor(time_within_day(t) / MS_PER_HOUR), 24); }
static int min_from_time(double t) { return (int)fmod(floor(time_within_day(t) / MS_PER_MINUTE), 60); }
static int sec_from_time(double t) { return (int)fmod(floor(time_within_day(t) / MS_PER_SECOND), 60); }
static int ms_from_time(double t) { return (int)fmod(time_within_day(t), MS_PER_SECOND); }

static double trunc_d(double d) { return d < 0 ? ceil(d) : floor(d); }

/* MakeTime(hour, min, sec, ms). */
static double make_time(double h, double m, double s, double ms) {
    if (!isfinite(h) || !isfinite(m) || !isfinite(s) || !isfinite(ms)) return NAN;
    return trunc_d(h) * MS_PER_HOUR + trunc_d(m) * MS_PER_MINUTE + trunc_d(s) * MS_PER_SECOND + trunc_d(ms);
}

/* MakeDay(year, month, date). */
static double make_day(double year, double month, double date) {
    if (!isfinite(year) || !isfinite(month) || !isfinite(date)) return NAN;
    double y = trunc_d(year), m = trunc_d(month), dt = trunc_d(date);
    double ym = y + floor(m / 12);
    if (!isfinite(ym) || fabs(ym) > 400000) return NAN;
    int mn = (int)(m - floor(m / 12) * 12);
    double day = day_from_year(ym) + month_start[mn] + (mn >= 2 && days_in_year(ym) == 366 ? 1 : 0);
    return day + dt - 1;
}

/* MakeDate(day, time). */
static double make_date(double day, double time) {
    if (!isfinite(day) || !isfinite(time)) return NAN;
    double tv = day * MS_PER_DAY + time;
    return isfinite(tv) ? tv : NAN;
}

/* TimeClip(time). */
static double time_clip(double t) {
    if (!isfinite(t) || fabs(t) > 8.64e15) return NAN;
    t = trunc_d(t);
    return t == 0 ? 0 : t;   /* -0 -> +0 */
}

static double local_time(double t) { return t + cryo_date_local_offset_ms; }
static double utc_time(double t) { return t - cryo_date_local_offset_ms; }

/* ---------------------------------------------------------------------------------------
 * Formatting
 * ------------------------------------------------------------------------------------- */

static const char *const day_names[] = { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" };
static const char *const month_names[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                           "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };

/* Year as in DateString: sign for negatives, at least 4 digits. */
static int fmt_year(char *buf, size_t cap, double y) {
    if (y >= 0) return snprintf(buf, cap, "%04.0f", y);
    return snprintf(buf, cap, "-%04.0f", -y);
}

/* TimeZoneString: "GMT+0000 (Coordinated Universal Time)". */
static int fmt_tz(char *buf, size_t cap) {
    double off = cryo_date_local_offset_ms / MS_PER_MINUTE;
    char sign = off >= 0 ? '+' : '-';
    int a = (int)fabs(off);
    if (off == 0) return snprintf(buf, cap, "GMT+0000 (Coordinated Universal Time)");
    return snprintf(buf, cap, "GMT%c%02d%02d", sign, a / 60, a % 60);
}

enum { FMT_FULL, FMT_DATE, FMT_TIME, FMT_UTC, FMT_ISO, FMT_LOCALE, FMT_LOCALE_DATE, FMT_LOCALE_TIME };

/* Format time value tv (finite) in the given style into buf. */
static void format_date(double tv, int style, char *buf, size_t cap) {
    double t = (style == FMT_UTC || style == FMT_ISO) ? tv : local_time(tv);
    char y[24], tz[64];
    double yr = year_from_time(t);
    int mo = month_from_time(t), d = date_from_time(t), wd = week_day(t);
    int h = hour_from_time(t), mi = min_from_time(t), s = sec_from_time(t), ms = ms_from_time(t);
    fmt_year(y, sizeof y, yr);
    switch (style) {
    case FMT_FULL:
        fmt_tz(tz, sizeof tz);
        snprintf(buf, cap, "%s %s %02d %s %02d:%02d:%02d %s", day_names[wd], month_names[mo], d, y, h, mi, s, tz);
        break;
    case FMT_DATE:
        snprintf(buf, cap, "%s %s %02d %s", day_names[wd], month_names[mo], d, y);
        break;
    case FMT_TIME:
        fmt_tz(tz, sizeof tz);
        snprintf(buf, cap, "%02d:%02d:%02d %s", h, mi, s, tz);
        break;
    case FMT_UTC:
        snprintf(buf, cap, "%s, %02d %s %s %02d:%02d:%02d GMT", day_names[wd], d, month_names[mo], y, h, mi, s);
        break;
    case FMT_ISO:
        if (yr >= 0 && yr <= 9999) snprintf(y, sizeof y, "%04.0f", yr);
        else snprintf(y, sizeof y, "%c%06.0f", yr < 0 ? '-' : '+', fabs(yr));
        snprintf(buf, cap, "%s-%02d-%02dT%02d:%02d:%02d.%03dZ", y, mo + 1, d, h, mi, s, ms);
        break;
    case FMT_LOCALE:
    case FMT_LOCALE_DATE:
    case FMT_LOCALE_TIME: {
        char ds[48], ts[32];
        if (yr > 0) snprintf(y, sizeof y, "%.0f", yr);
        else snprintf(y, sizeof y, "%.0f", 1 - yr);  /* en-US shows era years; keep digits */
        snprintf(ds, sizeof ds, "%d/%d/%s", mo + 1, d, y);
        snprintf(ts, sizeof ts, "%d:%02d:%02d %s", h % 12 == 0 ? 12 : h % 12, mi, s, h < 12 ? "AM" : "PM");
        if (style == FMT_LOCALE) snprintf(buf, cap, "%s, %s", ds, ts);
        else snprintf(buf, cap, "%s", style == FMT_LOCALE_DATE ? ds : ts);
        break;
    }
    }
}

/* ---------------------------------------------------------------------------------------
 * Parsing
 * ------------------------------------------------------------------------------------- */

/* A small cursor over an ASCII copy of the input. */
typedef struct DateCursor { const char *s; size_t n, i; } DateCursor;

static int dc_peek(DateCursor *c) { return c->i < c->n ? (unsigned char)c->s[c->i] : -1; }
static bool dc_digit(DateCursor *c) { int ch = dc_peek(c); return ch >= '0' && ch <= '9'; }

/* Read exactly k digits. -1 if not there. */
static long dc_fixed(DateCursor *c, int k) {
    long v = 0;
    for (int j = 0; j < k; j++) {
        if (!dc_digit(c)) return -1;
        v = v * 10 + (c->s[c->i++] - '0');
    }
    return v;
}

/* The ISO format (21.4.1.32): NaN when s is not in it. *out_of_range is set when the
 * syntax matched but the time value is outside the representable range. */
static double parse_iso(const char *s, size_t n, bool *out_of_range) {
    DateCursor c = { s, n, 0 };
    double year;
    int ch = dc_peek(&c);
    if (ch == '+' || ch == '-') {
        c.i++;
        long y = dc_fixed(&c, 6);
        if (y < 0) return NAN;
        if (ch == '-' && y == 0) return NAN;
        year = ch == '-' ? -(double)y : (double)y;
    } else {
        long y = dc_fixed(&c, 4);
        if (y < 0) return NAN;
        year = (double)y;
    }
    long mon = 1, day = 1, h = 0, mi = 0, sec = 0, ms = 0;
    bool has_time = false, has_tz = false;
    double tz = 0;
    if (dc_peek(&c) == '-') {
        c.i++;
        if ((mon = dc_fixed(&c, 2)) < 0) return NAN;
        if (dc_peek(&c) == '-') {
            c.i++;
            if ((day = dc_fixed(&c, 2)) < 0) return NAN;
        }
    }
    if (dc_peek(&c) == 'T' || dc_peek(&c) == 't') {
        c.i++;
        has_time = true;
        if ((h = dc_fixed(&c, 2)) < 0) return NAN;
        if (dc_peek(&c) != ':') return NAN;
        c.i++;
        if ((mi = dc_fixed(&c, 2)) < 0) return NAN;
        if (dc_peek(&c) == ':') {
            c.i++;
            if ((sec = dc_fixed(&c, 2)) < 0) return NAN;
            if (dc_peek(&c) == '.' || dc_peek(&c) == ',') {
                c.i++;
                if (!dc_digit(&c)) return NAN;
                int k = 0;
                ms = 0;
                while (dc_digit(&c)) {
                    if (k < 3) ms = ms * 10 + (c.s[c.i] - '0');
                    k++;
                    c.i++;
                }
                while (k < 3) { ms *= 10; k++; }
            }
        }
        ch = dc_peek(&c);
        if (ch == 'Z' || ch == 'z') { c.i++; has_tz = true; }
        else if (ch == '+' || ch == '-') {
            c.i++;
            long th = dc_fixed(&c, 2);
            if (th < 0 || dc_peek(&c) != ':') return NAN;
            c.i++;
            long tm = dc_fixed(&c, 2);
            if (tm < 0 || th > 23 || tm > 59) return NAN;
            tz = (ch == '+' ? 1 : -1) * (th * MS_PER_HOUR + tm * MS_PER_MINUTE);
            has_tz = true;
        }
    }
    if (c.i != c.n) return NAN;
    if (mon < 1 || mon > 12 || day < 1 || h > 24 || mi > 59 || sec > 59) return NAN;
    int dim = month_start[mon] - month_start[mon - 1] + (mon == 2 && days_in_year(year) == 366 ? 1 : 0);
    if (day > dim) return NAN;
    if (h == 24 && (mi || sec || ms)) return NAN;
    double t = make_date(make_day(year, (double)mon - 1, (double)day), make_time((double)h, (double)mi, (double)sec, (double)ms));
    if (has_tz) t -= tz;
    else if (has_time) t = utc_time(t);
    double r = time_clip(t);
    if (r != r) *out_of_range = true;
    return r;
}

/* Case-insensitive prefix match of a word against a 3-letter name table. */
static int match_name(const char *w, size_t wl, const char *const *names, int count) {
    if (wl < 3) return -1;
    for (int i = 0; i < count; i++) {
        int ok = 1;
        for (int k = 0; k < 3; k++) {
            char a = w[k], b = names[i][k];
            if (a >= 'A' && a <= 'Z') a += 32;
            if (b >= 'A' && b <= 'Z') b += 32;
            if (a != b) { ok = 0; break; }
        }
        if (ok) return i;
    }
    return -1;
}

/* The legacy (implementation-defined) formats: toString/toUTCString output and common
 * variants. NaN when not understood. */
static double parse_legacy(const char *s, size_t n) {
    long nums[8];
    int nn = 0, month = -1;
    long h = -1, mi = 0, sec = 0, ms = 0;
    double tz = 0;
    bool has_tz = false, pm = false, am = false, slash_form = false;
    size_t i = 0;
    while (i < n) {
        char ch = s[i];
        if (ch == '(') {   /* comment */
            int depth = 0;
            while (i < n) { if (s[i] == '(') depth++; else if (s[i] == ')' && --depth == 0) { i++; break; } i++; }
            continue;
        }
        if ((ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z')) {
            size_t st = i;
            while (i < n && ((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= 'a' && s[i] <= 'z'))) i++;
            const char *w = s + st;
            size_t wl = i - st;
            int m = match_name(w, wl, month_names, 12);
            if (m >= 0) { month = m; continue; }
            if (match_name(w, wl, day_names, 7) >= 0) continue;
            if ((wl == 3 && (strncasecmp(w, "GMT", 3) == 0 || strncasecmp(w, "UTC", 3) == 0)) ||
                (wl == 1 && (w[0] == 'Z' || w[0] == 'z'))) { has_tz = true; continue; }
            if (wl == 2 && strncasecmp(w, "PM", 2) == 0) { pm = true; continue; }
            if (wl == 2 && strncasecmp(w, "AM", 2) == 0) { am = true; continue; }
            if (wl == 1 && (w[0] == 'T' || w[0] == 't')) continue;
            return NAN;
        }
        if ((ch == '+' || ch == '-') && i + 1 < n && s[i + 1] >= '0' && s[i + 1] <= '9' && (has_tz || h >= 0)) {
            /* numeric zone offset: +hhmm or +hh:mm */
            int sign = ch == '+' ? 1 : -1;
            i++;
            long v = 0;
            size_t st = i;
            while (i < n && s[i] >= '0' && s[i] <= '9') v = v * 10 + (s[i++] - '0');
            long oh, om;
            if (i < n && s[i] == ':') {
                i++;
                long m2 = 0;
                while (i < n && s[i] >= '0' && s[i] <= '9') m2 = m2 * 10 + (s[i++] - '0');
                oh = v; om = m2;
            } else if (i - st <= 2) { oh = v; om = 0; }
            else { oh = v / 100; om = v % 100; }
            tz = sign * (oh * MS_PER_HOUR + om * MS_PER_MINUTE);
            has_tz = true;
            continue;
        }
        if (ch >= '0' && ch <= '9') {
            long v = 0;
            while (i < n && s[i] >= '0' && s[i] <= '9') v = v * 10 + (s[i++] - '0');
            if (i < n && s[i] == ':' && h < 0) {
                h = v;
                i++;
                mi = 0;
                while (i < n && s[i] >= '0' && s[i] <= '9') mi = mi * 10 + (s[i++] - '0');
                if (i < n && s[i] == ':') {
                    i++;
                    sec = 0;
                    while (i < n && s[i] >= '0' && s[i] <= '9') sec = sec * 10 + (s[i++] - '0');
                    if (i < n && s[i] == '.') {
                        i++;
                        int k = 0;
                        while (i < n && s[i] >= '0' && s[i] <= '9') { if (k < 3) { ms = ms * 10 + (s[i] - '0'); k++; } i++; }
                        while (k < 3) { ms *= 10; k++; }
                    }
                }
                continue;
            }
            if (i < n && (s[i] == '/' || s[i] == '-') && nn == 0) slash_form = true;
            if (nn < 8) nums[nn++] = v;
            continue;
        }
        if (ch == ' ' || ch == ',' || ch == '/' || ch == '-' || ch == '.' || ch == '\t') { i++; continue; }
        return NAN;
    }
    double year, mon, day;
    if (month >= 0) {
        if (nn < 2) return NAN;
        /* "Jan 02 2024" or "02 Jan 2024": day is the first number below 32 */
        if (nums[0] <= 31 && nn >= 2) { day = (double)nums[0]; year = (double)nums[1]; }
        else { year = (double)nums[0]; day = (double)nums[1]; }
        mon = month;
    } else if (nn >= 3) {
        if (slash_form && nums[0] > 31) { year = (double)nums[0]; mon = (double)nums[1] - 1; day = (double)nums[2]; }
        else { mon = (double)nums[0] - 1; day = (double)nums[1]; year = (double)nums[2]; }
    } else return NAN;
    if (year >= 0 && year <= 49 && nn >= 1) year += 2000;
    else if (year >= 50 && year <= 99) year += 1900;
    if (h < 0) h = 0;
    if (pm && h < 12) h += 12;
    if (am && h == 12) h = 0;
    if (mon < 0 || mon > 11 || day < 1 || day > 31 || h > 24 || mi > 59 || sec > 59) return NAN;
    double t = make_date(make_day(year, mon, day), make_time((double)h, (double)mi, (double)sec, (double)ms));
    t = has_tz ? t - tz : utc_time(t);
    return time_clip(t);
}

/* Date.parse semantics on a string Value. */
static double parse_date_string(VM *vm, Value str) {
    size_t len;
    char *s = str_to_utf8(vm, str, &len);
    if (!s) return NAN;
    size_t a = 0, b = len;
    while (a < b && (s[a] == ' ' || s[a] == '\t' || s[a] == '\n')) a++;
    while (b > a && (s[b - 1] == ' ' || s[b - 1] == '\t' || s[b - 1] == '\n')) b--;
    bool out_of_range = false;
    double t = parse_iso(s + a, b - a, &out_of_range);
    if (t != t && !out_of_range) t = parse_legacy(s + a, b - a);
    free(s);
    return t;
}

/* ---------------------------------------------------------------------------------------
 * Constructor and static methods
 * ------------------------------------------------------------------------------------- */

/* thisTimeValue(this). */
static int this_time(VM *vm, Value this_val, double *t) {
    if (!val_is_object(this_val) || obj_class(vm, this_val) != CLASS_DATE) {
        vm_throw_type_error(vm, "this is not a Date object.");
        return -1;
    }
    *t = num_value(*obj_slot(vm, this_val, 0));
    return 0;
}

/* Convert argv[0..n) to numbers into out[]. -1 on throw. */
static int to_numbers(VM *vm, int argc, Value *argv, int n, double *out) {
    for (int i = 0; i < n && i < argc; i++)
        if (to_number_double(vm, argv[i], &out[i]) < 0) return -1;
    return 0;
}

/* Year/month/... arguments of Date(y, m, ...) and Date.UTC into a time value (not clipped). */
static double date_from_fields(int argc, const double *v) {
    double y = v[0], m = argc > 1 ? v[1] : 0, dt = argc > 2 ? v[2] : 1;
    double h = argc > 3 ? v[3] : 0, mi = argc > 4 ? v[4] : 0, s = argc > 5 ? v[5] : 0, ms = argc > 6 ? v[6] : 0;
    double yr = y;
    if (y == y) {
        double yi = trunc_d(y);
        if (yi >= 0 && yi <= 99) yr = 1900 + yi;
    }
    return make_date(make_day(yr, m, dt), make_time(h, mi, s, ms));
}

static Value date_string_value(VM *vm, double tv, int style) {
    if (tv != tv) return str_from_cstr(vm, "Invalid Date");
    char buf[128];
    format_date(tv, style, buf, sizeof buf);
    return str_from_cstr(vm, buf);
}

/* Date(...) (21.4.2.1). */
NATIVE(Date_constructor) {
    VM_ROOT_SCOPE(vm);
    (void)this_val; (void)func; (void)magic;
    if (new_target == VAL_UNDEFINED) return date_string_value(vm, cryo_date_now_hook(vm), FMT_FULL);
    vm_root(vm, &new_target);   /* ToPrimitive / ToNumber below may run JavaScript */
    double tv;
    if (argc == 0) tv = cryo_date_now_hook(vm);
    else if (argc == 1) {
        Value v = argv[0];
        if (val_is_object(v) && obj_class(vm, v) == CLASS_DATE) tv = num_value(*obj_slot(vm, v, 0));
        else {
            v = to_primitive(vm, v, HINT_DEFAULT);
            if (v == VAL_EXCEPTION) return v;
            if (val_is_string(v)) tv = parse_date_string(vm, v);
            else if (to_number_double(vm, v, &tv) < 0) return VAL_EXCEPTION;
        }
        tv = time_clip(tv);
    } else {
        double f[7];
        int n = argc > 7 ? 7 : argc;
        if (to_numbers(vm, argc, argv, n, f) < 0) return VAL_EXCEPTION;
        tv = time_clip(utc_time(date_from_fields(n, f)));
    }
    Value o = obj_create_from_constructor(vm, new_target, INTR_DatePrototype, CLASS_DATE);
    if (o == VAL_EXCEPTION) return o;
    *obj_slot(vm, o, 0) = val_number(tv);
    return o;
}

/* Date.now(). */
NATIVE(Date_now) {
    (void)this_val; (void)argc; (void)argv; (void)new_target; (void)func; (void)magic;
    return val_number(cryo_date_now_hook(vm));
}

/* Date.parse(string). */
NATIVE(Date_parse) {
    (void)this_val; (void)new_target; (void)func; (void)magic;
    Value s = to_string(vm, ARG(0));
    if (s == VAL_EXCEPTION) return s;
    return val_number(parse_date_string(vm, s));
}

/* Date.UTC(year, month, ...). */
NATIVE(Date_UTC) {
    (void)this_val; (void)new_target; (void)func; (void)magic;
    double f[7] = { NAN, 0, 1, 0, 0, 0, 0 };
    int n = argc > 7 ? 7 : argc;
    if (n == 0) { to_number_double(vm, VAL_UNDEFINED, &f[0]); n = 1; }
    else if (to_numbers(vm, argc, argv, n, f) < 0) return VAL_EXCEPTION;
    return val_number(time_clip(date_from_fields(n, f)));
}

/* ---------------------------------------------------------------------------------------
 * Getters
 * ------------------------------------------------------------------------------------- */

enum { G_YEAR, G_MONTH, G_DATE, G_DAY, G_HOURS, G_MINUTES, G_SECONDS, G_MS, G_TIME, G_TZOFF, G_YEAR_B };
#define G_UTC 0x10

/* All the get* methods, selected by magic (field | G_UTC). */
NATIVE(Date_prototype_get) {
    (void)argc; (void)argv; (void)new_target; (void)func;
    double t;
    if (this_time(vm, this_val, &t) < 0) return VAL_EXCEPTION;
    int f = magic & 0xF;
    if (f == G_TIME) return val_number(t);
    if (t != t) return VAL_NAN_BITS;
    if (f == G_TZOFF) return val_number((t - local_time(t)) / MS_PER_MINUTE);
    if (!(magic & G_UTC)) t = local_time(t);
    switch (f) {
    case G_YEAR: return val_number(year_from_time(t));
    case G_YEAR_B: return val_number(year_from_time(t) - 1900);
    case G_MONTH: return val_int(month_from_time(t));
    case G_DATE: return val_int(date_from_time(t));
    case G_DAY: return val_int(week_day(t));
    case G_HOURS: return val_int(hour_from_time(t));
    case G_MINUTES: return val_int(min_from_time(t));
    case G_SECONDS: return val_int(sec_from_time(t));
    case G_MS: return val_int(ms_from_time(t));
    }
    return VAL_UNDEFINED;
}

/* ---------------------------------------------------------------------------------------
 * Setters
 * ------------------------------------------------------------------------------------- */

/* Fields in setter order: year, month, date, hours, minutes, seconds, ms. magic encodes
 * (first field) | (max args << 4) | G_UTC<<4... see the table below. */
#define S_FIELD(m) ((m) & 7)
#define S_NARGS(m) (((m) >> 3) & 7)
#define S_UTC 0x40
#define S(field, nargs) ((field) | ((nargs) << 3))

NATIVE(Date_prototype_set) {
    VM_ROOT_SCOPE(vm);
    (void)new_target; (void)func;
    double t;
    if (this_time(vm, this_val, &t) < 0) return VAL_EXCEPTION;
    int first = S_FIELD(magic), nargs = S_NARGS(magic), utc = magic & S_UTC;
    double v[4];
    int given = argc < nargs ? argc : nargs;
    if (given == 0) given = 1;
    Value self = this_val;
    vm_root(vm, &self);
    for (int i = 0; i < given; i++)
        if (to_number_double(vm, i < argc ? argv[i] : VAL_UNDEFINED, &v[i]) < 0) return VAL_EXCEPTION;
    if (t != t) {
        if (first != 0) return VAL_NAN_BITS;
        t = 0;
    } else if (!utc) t = local_time(t);
    double f[7] = { year_from_time(t), month_from_time(t), date_from_time(t), hour_from_time(t),
                    min_from_time(t), sec_from_time(t), ms_from_time(t) };
    for (int i = 0; i < given; i++) f[first + i] = v[i];
    double nd = make_date(make_day(f[0], f[1], f[2]), make_time(f[3], f[4], f[5], f[6]));
    double u = time_clip(utc ? nd : utc_time(nd));
    *obj_slot(vm, self, 0) = val_number(u);
    return val_number(u);
}

/* Date.prototype.setTime(time). */
NATIVE(Date_prototype_setTime) {
    VM_ROOT_SCOPE(vm);
    (void)new_target; (void)func; (void)magic;
    double t, v;
    if (this_time(vm, this_val, &t) < 0) return VAL_EXCEPTION;
    Value self = this_val;
    vm_root(vm, &self);
    if (to_number_double(vm, ARG(0), &v) < 0) return VAL_EXCEPTION;
    v = time_clip(v);
    *obj_slot(vm, self, 0) = val_number(v);
    return val_number(v);
}

/* Date.prototype.setYear(year) (Annex B). */
NATIVE(Date_prototype_setYear) {
    VM_ROOT_SCOPE(vm);
    (void)new_target; (void)func; (void)magic;
    double t, y;
    if (this_time(vm, this_val, &t) < 0) return VAL_EXCEPTION;
    Value self = this_val;
    vm_root(vm, &self);
    if (to_number_double(vm, ARG(0), &y) < 0) return VAL_EXCEPTION;
    t = t != t ? 0 : local_time(t);
    if (y != y) { *obj_slot(vm, self, 0) = VAL_NAN_BITS; return VAL_NAN_BITS; }
    double yi = trunc_d(y), yyyy = (yi >= 0 && yi <= 99) ? 1900 + yi : y;
    double d = make_day(yyyy, month_from_time(t), date_from_time(t));
    double u = time_clip(utc_time(make_date(d, time_within_day(t))));
    *obj_slot(vm, self, 0) = val_number(u);
    return val_number(u);
}

/* ---------------------------------------------------------------------------------------
 * Conversions
 * ------------------------------------------------------------------------------------- */

/* toString / toDateString / toTimeString / toUTCString / toLocale*String (magic = style). */
NATIVE(Date_prototype_toString) {
    (void)argc; (void)argv; (void)new_target; (void)func;
    double t;
    if (this_time(vm, this_val, &t) < 0) return VAL_EXCEPTION;
    return date_string_value(vm, t, magic);
}

/* Date.prototype.toISOString(). */
NATIVE(Date_prototype_toISOString) {
    (void)argc; (void)argv; (void)new_target; (void)func; (void)magic;
    double t;
    if (this_time(vm, this_val, &t) < 0) return VAL_EXCEPTION;
    if (t != t) return vm_throw_range_error(vm, "Invalid time value");
    return date_string_value(vm, t, FMT_ISO);
}

/* Date.prototype.toJSON(key). */
NATIVE(Date_prototype_toJSON) {
    VM_ROOT_SCOPE(vm);
    (void)argc; (void)argv; (void)new_target; (void)func; (void)magic;
    Value o = to_object(vm, this_val);
    if (o == VAL_EXCEPTION) return o;
    vm_root(vm, &o);
    Value tv = to_primitive(vm, o, HINT_NUMBER);
    if (tv == VAL_EXCEPTION) return tv;
    if (val_is_number(tv) && !isfinite(num_value(tv))) return VAL_NULL;
    return vm_invoke(vm, o, ATOM(vm, toISOString), 0, NULL);
}

/* Date.prototype.valueOf() / getTime(). */
NATIVE(Date_prototype_valueOf) {
    (void)argc; (void)argv; (void)new_target; (void)func; (void)magic;
    double t;
    if (this_time(vm, this_val, &t) < 0) return VAL_EXCEPTION;
    return val_number(t);
}

/* Date.prototype[Symbol.toPrimitive](hint): OrdinaryToPrimitive with the hint's order. */
NATIVE(Date_prototype_toPrimitive) {
    VM_ROOT_SCOPE(vm);
    (void)argc; (void)new_target; (void)func; (void)magic;
    if (!val_is_object(this_val)) return vm_throw_type_error(vm, "Date.prototype[Symbol.toPrimitive] called on non-object");
    Value hint = argv[0];
    bool string_first;
    if (val_is_string(hint) && (str_equals(vm, hint, ATOM(vm, string)) || str_equals(vm, hint, ATOM(vm, default_))))
        string_first = true;
    else if (val_is_string(hint) && str_equals(vm, hint, ATOM(vm, number))) string_first = false;
    else return vm_throw_type_error(vm, "Invalid hint");
    Value o = this_val, m = VAL_UNDEFINED;
    vm_root(vm, &o); vm_root(vm, &m);
    AtomId order[2] = { string_first ? ATOM_toString : ATOM_valueOf, string_first ? ATOM_valueOf : ATOM_toString };
    for (int i = 0; i < 2; i++) {
        m = obj_get_atom(vm, o, order[i]);
        if (m == VAL_EXCEPTION) return m;
        if (vm_is_callable(vm, m)) {
            Value r = vm_call(vm, m, o, 0, NULL);
            if (r == VAL_EXCEPTION) return r;
            if (!val_is_object(r)) return r;
        }
    }
    return vm_throw_type_error(vm, "Cannot convert object to primitive value");
}

/* ---------------------------------------------------------------------------------------
 * Tables and realm set-up
 * ------------------------------------------------------------------------------------- */

static const NativeDef date_ctor_defs[] = {
    { "Date", Date_constructor, 7, NDEF_CTOR_ONLY, 0, 0 },
};
static const NativeDef date_static_defs[] = {
    { "now", Date_now, 0, NDEF_METHOD, 0, 0 },
    { "parse", Date_parse, 1, NDEF_METHOD, 0, 0 },
    { "UTC", Date_UTC, 7, NDEF_METHOD, 0, 0 },
};
static const NativeDef date_proto_defs[] = {
    { "getDate", Date_prototype_get, 0, NDEF_METHOD, G_DATE, 0 },
    { "getDay", Date_prototype_get, 0, NDEF_METHOD, G_DAY, 0 },
    { "getFullYear", Date_prototype_get, 0, NDEF_METHOD, G_YEAR, 0 },
    { "getHours", Date_prototype_get, 0, NDEF_METHOD, G_HOURS, 0 },
    { "getMilliseconds", Date_prototype_get, 0, NDEF_METHOD, G_MS, 0 },
    { "getMinutes", Date_prototype_get, 0, NDEF_METHOD, G_MINUTES, 0 },
    { "getMonth", Date_prototype_get, 0, NDEF_METHOD, G_MONTH, 0 },
    { "getSeconds", Date_prototype_get, 0, NDEF_METHOD, G_SECONDS, 0 },
    { "getTime", Date_prototype_get, 0, NDEF_METHOD, G_TIME, 0 },
    { "getTimezoneOffset", Date_prototype_get, 0, NDEF_METHOD, G_TZOFF, 0 },
    { "getUTCDate", Date_prototype_get, 0, NDEF_METHOD, G_DATE | G_UTC, 0 },
    { "getUTCDay", Date_prototype_get, 0, NDEF_METHOD, G_DAY | G_UTC, 0 },
    { "getUTCFullYear", Date_prototype_get, 0, NDEF_METHOD, G_YEAR | G_UTC, 0 },
    { "getUTCHours", Date_prototype_get, 0, NDEF_METHOD, G_HOURS | G_UTC, 0 },
    { "getUTCMilliseconds", Date_prototype_get, 0, NDEF_METHOD, G_MS | G_UTC, 0 },
    { "getUTCMinutes", Date_prototype_get, 0, NDEF_METHOD, G_MINUTES | G_UTC, 0 },
    { "getUTCMonth", Date_prototype_get, 0, NDEF_METHOD, G_MONTH | G_UTC, 0 },
    { "getUTCSeconds", Date_prototype_get, 0, NDEF_METHOD, G_SECONDS | G_UTC, 0 },
    { "getYear", Date_prototype_get, 0, NDEF_METHOD, G_YEAR_B, 0 },
    { "setDate", Date_prototype_set, 1, NDEF_METHOD, S(2, 1), 0 },
    { "setFullYear", Date_prototype_set, 3, NDEF_METHOD, S(0, 3), 0 },
    { "setHours", Date_prototype_set, 4, NDEF_METHOD, S(3, 4), 0 },
    { "setMilliseconds", Date_prototype_set, 1, NDEF_METHOD, S(6, 1), 0 },
    { "setMinutes", Date_prototype_set, 3, NDEF_METHOD, S(4, 3), 0 },
    { "setMonth", Date_prototype_set, 2, NDEF_METHOD, S(1, 2), 0 },
    { "setSeconds", Date_prototype_set, 2, NDEF_METHOD, S(5, 2), 0 },
    { "setTime", Date_prototype_setTime, 1, NDEF_METHOD, 0, 0 },
    { "setUTCDate", Date_prototype_set, 1, NDEF_METHOD, S(2, 1) | S_UTC, 0 },
    { "setUTCFullYear", Date_prototype_set, 3, NDEF_METHOD, S(0, 3) | S_UTC, 0 },
    { "setUTCHours", Date_prototype_set, 4, NDEF_METHOD, S(3, 4) | S_UTC, 0 },
    { "setUTCMilliseconds", Date_prototype_set, 1, NDEF_METHOD, S(6, 1) | S_UTC, 0 },
    { "setUTCMinutes", Date_prototype_set, 3, NDEF_METHOD, S(4, 3) | S_UTC, 0 },
    { "setUTCMonth", Date_prototype_set, 2, NDEF_METHOD, S(1, 2) | S_UTC, 0 },
    { "setUTCSeconds", Date_prototype_set, 2, NDEF_METHOD, S(5, 2) | S_UTC, 0 },
    { "setYear", Date_prototype_setYear, 1, NDEF_METHOD, 0, 0 },
    { "toDateString", Date_prototype_toString, 0, NDEF_METHOD, FMT_DATE, 0 },
    { "toISOString", Date_prototype_toISOString, 0, NDEF_METHOD, 0, 0 },
    { "toJSON", Date_prototype_toJSON, 1, NDEF_METHOD, 0, 0 },
    { "toLocaleDateString", Date_prototype_toString, 0, NDEF_METHOD, FMT_LOCALE_DATE, 0 },
    { "toLocaleString", Date_prototype_toString, 0, NDEF_METHOD, FMT_LOCALE, 0 },
    { "toLocaleTimeString", Date_prototype_toString, 0, NDEF_METHOD, FMT_LOCALE_TIME, 0 },
    { "toString", Date_prototype_toString, 0, NDEF_METHOD, FMT_FULL, 0 },
    { "toTimeString", Date_prototype_toString, 0, NDEF_METHOD, FMT_TIME, 0 },
    { "toUTCString", Date_prototype_toString, 0, NDEF_METHOD, FMT_UTC, 0 },
    { "valueOf", Date_prototype_valueOf, 0, NDEF_METHOD, 0, 0 },
    { "[Symbol.toPrimitive]", Date_prototype_toPrimitive, 1, NDEF_METHOD, 0, PROP_CONFIGURABLE },
};

const NativeTable date_tables[] = {
    NATIVE_TABLE("Date constructor", date_ctor_defs),
    NATIVE_TABLE("Date", date_static_defs),
    NATIVE_TABLE("Date.prototype", date_proto_defs),
};
const size_t date_tables_count = sizeof(date_tables) / sizeof(date_tables[0]);

static int init_date_body(VM *vm) {
    VM_ROOT_SCOPE(vm);
    Value proto = obj_new_plain(vm), ctor = VAL_UNDEFINED, p = VAL_UNDEFINED;
    if (proto == VAL_EXCEPTION) return -1;
    vm_root(vm, &proto); vm_root(vm, &ctor); vm_root(vm, &p);
    ctor = vm_make_constructor(vm, &date_ctor_defs[0], proto, vm_intrinsic(vm, INTR_FunctionPrototype));
    if (ctor == VAL_EXCEPTION) return -1;
    if (vm_install(vm, ctor, date_static_defs, sizeof date_static_defs / sizeof date_static_defs[0]) < 0) return -1;
    if (vm_install(vm, proto, date_proto_defs, sizeof date_proto_defs / sizeof date_proto_defs[0]) < 0) return -1;
    /* Annex B: toGMTString is the same function object as toUTCString */
    p = obj_get(vm, proto, atom_from_cstr(vm, "toUTCString"), proto);
    if (p == VAL_EXCEPTION || obj_define_fast(vm, proto, atom_from_cstr(vm, "toGMTString"), p, PROP_METHOD) < 0) return -1;
    vm_set_intrinsic(vm, INTR_DatePrototype, proto);
    return vm_define_global(vm, "Date", ctor);
}

/* Family initialization (the C roots registered while building are released on return:
 * realm_init is not a native call, so nothing else would reset them). */
int init_date(VM *vm) {
    size_t root_mark = vm->nroots;
    int r = init_date_body(vm);
    vm->nroots = root_mark;
    return r;
}
