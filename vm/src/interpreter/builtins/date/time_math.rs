//! 21.4.1 Overview of Date Objects and Definitions of Abstract Operations — the time-value
//! arithmetic (§21.4.1.3–§21.4.1.31): days, years, months, dates, week days, hours,
//! MakeTime/MakeDay/MakeDate and TimeClip.
//! <https://tc39.es/ecma262/2024/#sec-overview-of-date-objects-and-definitions-of-abstract-operations>
//!
//! A time value is an f64 counting milliseconds since 1970-01-01T00:00Z (NaN for an invalid
//! date). Every function here is pure and total: non-finite inputs give NaN where the spec
//! says so, and nothing panics.

use crate::runtime::number::to_integer_or_infinity;

/// 21.4.1.1 Time Values and Time Range: ms per day.
pub const MS_PER_DAY: f64 = 86_400_000.0;
/// ms per hour.
pub const MS_PER_HOUR: f64 = 3_600_000.0;
/// ms per minute.
pub const MS_PER_MINUTE: f64 = 60_000.0;
/// ms per second.
pub const MS_PER_SECOND: f64 = 1000.0;

/// The mathematical `x modulo y` (result has the sign of `y`).
fn modulo(x: f64, y: f64) -> f64 {
    let r = x % y;
    if r != 0.0 && (r < 0.0) != (y < 0.0) {
        r + y
    } else if r == 0.0 {
        0.0
    } else {
        r
    }
}

/// 21.4.1.3 Day ( t ).
pub fn day(t: f64) -> f64 {
    (t / MS_PER_DAY).floor()
}

/// 21.4.1.4 TimeWithinDay ( t ).
pub fn time_within_day(t: f64) -> f64 {
    modulo(t, MS_PER_DAY)
}

/// 21.4.1.5 DaysInYear ( y ).
pub fn days_in_year(y: f64) -> f64 {
    if modulo(y, 4.0) != 0.0 {
        365.0
    } else if modulo(y, 100.0) != 0.0 {
        366.0
    } else if modulo(y, 400.0) != 0.0 {
        365.0
    } else {
        366.0
    }
}

/// 21.4.1.6 DayFromYear ( y ).
pub fn day_from_year(y: f64) -> f64 {
    // 1. Let ry be ℝ(y).
    // 2. NOTE: ... 3. Let numYears1 be (ry - 1970). ...
    365.0 * (y - 1970.0) + ((y - 1969.0) / 4.0).floor() - ((y - 1901.0) / 100.0).floor()
        + ((y - 1601.0) / 400.0).floor()
}

/// 21.4.1.7 TimeFromYear ( y ).
pub fn time_from_year(y: f64) -> f64 {
    MS_PER_DAY * day_from_year(y)
}

/// 21.4.1.8 YearFromTime ( t ): the largest integral y with TimeFromYear(y) ≤ t.
pub fn year_from_time(t: f64) -> f64 {
    if !t.is_finite() {
        return f64::NAN;
    }
    let mut y = (t / (MS_PER_DAY * 365.2425)).floor() + 1970.0;
    while time_from_year(y) > t {
        y -= 1.0;
    }
    while time_from_year(y + 1.0) <= t {
        y += 1.0;
    }
    y
}

/// 21.4.1.9 DayWithinYear ( t ).
pub fn day_within_year(t: f64) -> f64 {
    day(t) - day_from_year(year_from_time(t))
}

/// 21.4.1.10 InLeapYear ( t ).
pub fn in_leap_year(t: f64) -> bool {
    days_in_year(year_from_time(t)) == 366.0
}

/// The day within the year on which each month starts (non-leap), plus the year's end.
const MONTH_STARTS: [f64; 13] = [
    0.0, 31.0, 59.0, 90.0, 120.0, 151.0, 181.0, 212.0, 243.0, 273.0, 304.0, 334.0, 365.0,
];

/// The first day (within the year) of month `m` (0–12).
fn month_start(m: usize, leap: bool) -> f64 {
    MONTH_STARTS[m] + if leap && m >= 2 { 1.0 } else { 0.0 }
}

/// 21.4.1.11 MonthFromTime ( t ): 0 (January) to 11.
pub fn month_from_time(t: f64) -> f64 {
    if !t.is_finite() {
        return f64::NAN;
    }
    let d = day_within_year(t);
    let leap = in_leap_year(t);
    (0..12)
        .find(|&m| d < month_start(m + 1, leap))
        .unwrap_or(11) as f64
}

/// 21.4.1.12 DateFromTime ( t ): 1 to 31.
pub fn date_from_time(t: f64) -> f64 {
    if !t.is_finite() {
        return f64::NAN;
    }
    let m = month_from_time(t) as usize;
    day_within_year(t) - month_start(m, in_leap_year(t)) + 1.0
}

/// 21.4.1.13 WeekDay ( t ): 0 (Sunday) to 6.
pub fn week_day(t: f64) -> f64 {
    modulo(day(t) + 4.0, 7.0)
}

/// 21.4.1.14 HourFromTime ( t ).
pub fn hour_from_time(t: f64) -> f64 {
    modulo((t / MS_PER_HOUR).floor(), 24.0)
}

/// 21.4.1.15 MinFromTime ( t ).
pub fn min_from_time(t: f64) -> f64 {
    modulo((t / MS_PER_MINUTE).floor(), 60.0)
}

/// 21.4.1.16 SecFromTime ( t ).
pub fn sec_from_time(t: f64) -> f64 {
    modulo((t / MS_PER_SECOND).floor(), 60.0)
}

/// 21.4.1.17 msFromTime ( t ).
pub fn ms_from_time(t: f64) -> f64 {
    modulo(t, MS_PER_SECOND)
}

/// 21.4.1.28 MakeTime ( hour, min, sec, ms ).
pub fn make_time(hour: f64, min: f64, sec: f64, ms: f64) -> f64 {
    // 1. If hour, min, sec or ms is not finite, return NaN.
    if !(hour.is_finite() && min.is_finite() && sec.is_finite() && ms.is_finite()) {
        return f64::NAN;
    }
    // 2.–5. Let h, m, s, milli be 𝔽(! ToIntegerOrInfinity(...)).
    let (h, m, s, milli) = (
        to_integer_or_infinity(hour),
        to_integer_or_infinity(min),
        to_integer_or_infinity(sec),
        to_integer_or_infinity(ms),
    );
    // 6. Return ((h × msPerHour + m × msPerMinute) + s × msPerSecond) + milli (IEEE 754).
    ((h * MS_PER_HOUR + m * MS_PER_MINUTE) + s * MS_PER_SECOND) + milli
}

/// 21.4.1.29 MakeDay ( year, month, date ).
pub fn make_day(year: f64, month: f64, date: f64) -> f64 {
    // 1. If year, month or date is not finite, return NaN.
    if !(year.is_finite() && month.is_finite() && date.is_finite()) {
        return f64::NAN;
    }
    // 2.–4. Let y, m, dt be 𝔽(! ToIntegerOrInfinity(...)).
    let (y, m, dt) = (
        to_integer_or_infinity(year),
        to_integer_or_infinity(month),
        to_integer_or_infinity(date),
    );
    // 5. Let ym be y + 𝔽(floor(ℝ(m) / 12)).
    let ym = y + (m / 12.0).floor();
    // 6. If ym is not finite, return NaN.
    if !ym.is_finite() {
        return f64::NAN;
    }
    // 7. Let mn be 𝔽(ℝ(m) modulo 12).
    let mn = modulo(m, 12.0);
    // 8. Find a finite time value t such that YearFromTime(t) is ym, MonthFromTime(t) is mn,
    //    and DateFromTime(t) is 1𝔽; but if this is not possible (because some argument is
    //    out of range), return NaN. Years this far out cannot give a valid time value
    //    whatever the date, so they are out of range.
    if ym.abs() > 400_000_000.0 {
        return f64::NAN;
    }
    let day_of_year = month_start(mn as usize, days_in_year(ym) == 366.0);
    let t = day_from_year(ym) + day_of_year;
    // 9. Return Day(t) + dt - 1𝔽.
    t + dt - 1.0
}

/// 21.4.1.30 MakeDate ( day, time ).
pub fn make_date(day: f64, time: f64) -> f64 {
    // 1. If day is not finite or time is not finite, return NaN.
    if !(day.is_finite() && time.is_finite()) {
        return f64::NAN;
    }
    // 2. Let tv be day × msPerDay + time.
    let tv = day * MS_PER_DAY + time;
    // 3. If tv is not finite, return NaN.
    if !tv.is_finite() {
        return f64::NAN;
    }
    tv
}

/// 21.4.1.31 TimeClip ( time ).
pub fn time_clip(time: f64) -> f64 {
    // 1. If time is not finite, return NaN.
    // 2. If abs(ℝ(time)) > 8.64 × 10^15, return NaN.
    if !time.is_finite() || time.abs() > 8.64e15 {
        return f64::NAN;
    }
    // 3. Return 𝔽(! ToIntegerOrInfinity(time)) (so -0 becomes +0).
    to_integer_or_infinity(time)
}

/// The year from a Date constructor / Date.UTC / setYear argument: NaN stays NaN, and an
/// integer 0–99 means 1900–1999 (21.4.2.1 step 4.c.viii, 21.4.3.4 step 8).
pub fn full_year(y: f64) -> f64 {
    if y.is_nan() {
        return f64::NAN;
    }
    let yi = to_integer_or_infinity(y);
    if (0.0..=99.0).contains(&yi) {
        1900.0 + yi
    } else {
        y
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_calendar_fields() {
        // 2022-02-01T00:00Z.
        let t = 1_643_673_600_000.0;
        assert_eq!(year_from_time(t), 2022.0);
        assert_eq!(month_from_time(t), 1.0);
        assert_eq!(date_from_time(t), 1.0);
        assert_eq!(week_day(t), 2.0);
        assert_eq!(make_date(make_day(2022.0, 1.0, 1.0), 0.0), t);
        // Negative times: 1969-12-31T23:59:59.999Z.
        let t = -1.0;
        assert_eq!(year_from_time(t), 1969.0);
        assert_eq!(month_from_time(t), 11.0);
        assert_eq!(date_from_time(t), 31.0);
        assert_eq!(hour_from_time(t), 23.0);
        assert_eq!(ms_from_time(t), 999.0);
        // Leap day, and the limits of the time range.
        assert_eq!(
            date_from_time(make_date(make_day(2000.0, 1.0, 29.0), 0.0)),
            29.0
        );
        assert_eq!(year_from_time(8.64e15), 275_760.0);
        assert_eq!(year_from_time(-8.64e15), -271_821.0);
        assert!(time_clip(8.64e15 + 1.0).is_nan());
    }
}
