//! The string forms of time values: 21.4.4.41.1 TimeString, 21.4.4.41.2 DateString,
//! 21.4.4.41.3 TimeZoneString, 21.4.4.41.4 ToDateString, the toUTCString form (21.4.4.43)
//! and the Date Time String Format of toISOString (21.4.1.32, 21.4.4.36).
//! <https://tc39.es/ecma262/2024/#sec-todatestring>

use super::time_math::{
    date_from_time, hour_from_time, min_from_time, month_from_time, ms_from_time, sec_from_time,
    week_day, year_from_time, MS_PER_MINUTE,
};
use super::zone::LocalZone;

/// Table 63: Names of days of the week.
pub const DAY_NAMES: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
/// Table 64: Names of months of the year.
pub const MONTH_NAMES: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// A signed year, at least 4 digits: `2022`, `-0001`.
fn year_text(t: f64) -> String {
    let y = year_from_time(t);
    let sign = if y < 0.0 { "-" } else { "" };
    format!("{sign}{:04}", y.abs() as i64)
}

/// 21.4.4.41.1 TimeString ( tv ): `HH:mm:ss GMT`.
pub fn time_string(tv: f64) -> String {
    format!(
        "{:02}:{:02}:{:02} GMT",
        hour_from_time(tv) as i64,
        min_from_time(tv) as i64,
        sec_from_time(tv) as i64
    )
}

/// 21.4.4.41.2 DateString ( tv ): `Www Mmm DD YYYY`.
pub fn date_string(tv: f64) -> String {
    format!(
        "{} {} {:02} {}",
        DAY_NAMES[week_day(tv) as usize],
        MONTH_NAMES[month_from_time(tv) as usize],
        date_from_time(tv) as i64,
        year_text(tv)
    )
}

/// 21.4.4.41.3 TimeZoneString ( tv ): `+HHMM (name)`.
pub fn time_zone_string(zone: &LocalZone, tv: f64) -> String {
    // 1.–4. Let offset be the local offset at tv (in ms).
    let offset = zone.offset_ms(tv);
    let sign = if offset >= 0.0 { '+' } else { '-' };
    let minutes = (offset.abs() / MS_PER_MINUTE).floor() as i64;
    format!(
        "{sign}{:02}{:02} ({})",
        minutes / 60,
        minutes % 60,
        zone.name(tv)
    )
}

/// 21.4.4.41.4 ToDateString ( tv ).
pub fn to_date_string(zone: &LocalZone, tv: f64) -> String {
    // 1. If tv is NaN, return "Invalid Date".
    if tv.is_nan() {
        return "Invalid Date".to_string();
    }
    // 2. Let t be LocalTime(tv).
    let t = zone.local_time(tv);
    // 3. Return DateString(t) + " " + TimeString(t) + TimeZoneString(tv).
    format!(
        "{} {}{}",
        date_string(t),
        time_string(t),
        time_zone_string(zone, tv)
    )
}

/// 21.4.4.43 Date.prototype.toUTCString steps 3–10: `Www, DD Mmm YYYY HH:mm:ss GMT`.
pub fn utc_string(tv: f64) -> String {
    if tv.is_nan() {
        return "Invalid Date".to_string();
    }
    format!(
        "{}, {:02} {} {} {}",
        DAY_NAMES[week_day(tv) as usize],
        date_from_time(tv) as i64,
        MONTH_NAMES[month_from_time(tv) as usize],
        year_text(tv),
        time_string(tv)
    )
}

/// 21.4.4.36 Date.prototype.toISOString: the Date Time String Format (21.4.1.32) in UTC,
/// with an expanded year (±YYYYYY) outside 0–9999. `tv` is finite.
pub fn iso_string(tv: f64) -> String {
    let y = year_from_time(tv);
    let year = if (0.0..=9999.0).contains(&y) {
        format!("{:04}", y as i64)
    } else {
        let sign = if y < 0.0 { '-' } else { '+' };
        format!("{sign}{:06}", y.abs() as i64)
    };
    format!(
        "{year}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z",
        month_from_time(tv) as i64 + 1,
        date_from_time(tv) as i64,
        hour_from_time(tv) as i64,
        min_from_time(tv) as i64,
        sec_from_time(tv) as i64,
        ms_from_time(tv) as i64
    )
}
