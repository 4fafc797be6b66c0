//! 21.4.1.25 LocalTime ( t ) and 21.4.1.26 UTC ( t ): the machine's local time zone.
//! <https://tc39.es/ecma262/2024/#sec-localtime>
//!
//! The zone is read once per agent (on first use) with the `tz-rs` crate: the `TZ`
//! environment variable (a POSIX TZ string or a zone name under /usr/share/zoneinfo), else
//! /etc/localtime; if neither can be read the zone is UTC. Offsets come from the zone's
//! transitions and its POSIX rule for times past the last transition, so DST is applied for
//! any year.

use super::time_math::{MS_PER_DAY, MS_PER_SECOND};
use crate::runtime::agent::Agent;

/// The local time zone of an agent.
pub struct LocalZone {
    tz: Option<tz::TimeZone>,
}

impl LocalZone {
    /// Reads the machine's time zone.
    pub fn load() -> LocalZone {
        let tz = match std::env::var("TZ") {
            // An unreadable TZ is UTC, as in the C library.
            Ok(name) if !name.is_empty() => tz::TimeZone::from_posix_tz(&name).ok(),
            _ => tz::TimeZone::local().ok(),
        };
        LocalZone { tz }
    }

    /// The local time type in effect at the time value `t` (finite).
    fn local_type(&self, t: f64) -> Option<&tz::LocalTimeType> {
        let seconds = (t / MS_PER_SECOND).floor();
        if !seconds.is_finite() || seconds.abs() > 1e15 {
            return None;
        }
        self.tz.as_ref()?.find_local_time_type(seconds as i64).ok()
    }

    /// The offset from UTC, in ms, of local time at the time value `t` (UTC).
    pub fn offset_ms(&self, t: f64) -> f64 {
        self.local_type(t)
            .map_or(0.0, |lt| f64::from(lt.ut_offset()) * MS_PER_SECOND)
    }

    /// The zone's name at `t`, for the parenthesised part of `Date.prototype.toString`.
    pub fn name(&self, t: f64) -> String {
        match self.local_type(t).map(|lt| lt.time_zone_designation()) {
            None | Some("UTC") | Some("") => "Coordinated Universal Time".to_string(),
            Some(name) => name.to_string(),
        }
    }

    /// 21.4.1.25 LocalTime ( t ).
    pub fn local_time(&self, t: f64) -> f64 {
        if !t.is_finite() {
            return f64::NAN;
        }
        t + self.offset_ms(t)
    }

    /// 21.4.1.26 UTC ( t ): the time value of local time `t`. A local time that occurs twice
    /// (clocks set back) is the earlier instant; one that is skipped (clocks set forward) is
    /// read with the offset in effect before the transition.
    pub fn utc(&self, t: f64) -> f64 {
        // 1. If t is not finite, return NaN.
        if !t.is_finite() {
            return f64::NAN;
        }
        // 3.–5. The possible instants: t - offset for each offset in effect around t whose
        // instant really has that offset. Transitions are more than a day apart.
        let before = self.offset_ms(t - MS_PER_DAY);
        let after = self.offset_ms(t + MS_PER_DAY);
        let mut candidates = [
            before,
            after,
            self.offset_ms(t - before),
            self.offset_ms(t - after),
        ];
        candidates.sort_by(|a, b| b.total_cmp(a));
        // The earliest instant has the largest offset.
        if let Some(&offset) = candidates.iter().find(|&&o| self.offset_ms(t - o) == o) {
            return t - offset;
        }
        // 6. A skipped local time: the offset before the transition.
        t - before
    }
}

/// The agent's local time zone, loaded on first use.
pub fn zone(agent: &mut Agent) -> &LocalZone {
    agent
        .roots
        .vm
        .local_zone
        .get_or_insert_with(LocalZone::load)
}

#[cfg(test)]
mod tests {
    use super::super::time_math::{make_date, make_day, make_time, MS_PER_HOUR};
    use super::*;

    fn local(y: f64, m: f64, d: f64, h: f64, min: f64) -> f64 {
        make_date(make_day(y, m, d), make_time(h, min, 0.0, 0.0))
    }

    #[test]
    fn dst_gap_and_overlap() {
        let zone = LocalZone {
            tz: tz::TimeZone::from_posix_tz("EST5EDT,M3.2.0,M11.1.0").ok(),
        };
        assert!(zone.tz.is_some());
        // Winter and summer offsets.
        let winter = zone.utc(local(2021.0, 0.0, 15.0, 12.0, 0.0));
        assert_eq!(zone.offset_ms(winter), -5.0 * MS_PER_HOUR);
        let summer = zone.utc(local(2021.0, 6.0, 15.0, 12.0, 0.0));
        assert_eq!(zone.offset_ms(summer), -4.0 * MS_PER_HOUR);
        assert_eq!(zone.local_time(summer), local(2021.0, 6.0, 15.0, 12.0, 0.0));
        // 2021-03-14 02:30 does not exist: read with the offset before (EST), it is 07:30Z
        // (03:30 EDT).
        let gap = zone.utc(local(2021.0, 2.0, 14.0, 2.0, 30.0));
        assert_eq!(gap, local(2021.0, 2.0, 14.0, 7.0, 30.0));
        // 2021-11-07 01:30 happens twice: the earlier instant (EDT), 05:30Z.
        let overlap = zone.utc(local(2021.0, 10.0, 7.0, 1.0, 30.0));
        assert_eq!(overlap, local(2021.0, 10.0, 7.0, 5.0, 30.0));
        assert_eq!(zone.name(overlap), "EDT");
        // No zone: UTC.
        let utc = LocalZone { tz: None };
        assert_eq!(utc.utc(1000.0), 1000.0);
        assert_eq!(utc.name(0.0), "Coordinated Universal Time");
    }
}
