//! 21.4.3.2 Date.parse ( string ): the Date Time String Format of 21.4.1.32 (exactly), and
//! the forms this engine's toString, toDateString and toUTCString produce (which the spec
//! requires `Date.parse` to read back).
//! <https://tc39.es/ecma262/2024/#sec-date.parse>
//!
//! Date Time String Format: `YYYY`, `YYYY-MM`, `YYYY-MM-DD` (expanded years `±YYYYYY`, but
//! not `-000000`), optionally followed by `THH:mm`, `THH:mm:ss` or `THH:mm:ss.sss` (one or
//! more fraction digits, read to the millisecond) and then optionally `Z` or `±HH:mm`.
//! Out-of-range fields make the string invalid (`24:00` only as `24:00:00.000`). Date-only
//! forms are UTC; date-time forms without an offset are local time.
//!
//! The fallback reads `[Www] Mmm DD YYYY [HH:mm[:ss]] [GMT±HHMM] [(name)]` and
//! `[Www,] DD Mmm YYYY [HH:mm[:ss]] [GMT]` (words case-insensitive, the week day ignored),
//! also `MM/DD/YYYY` or `YYYY/MM/DD` for the date, `AM`/`PM` after the time, and the ISO
//! date-time form with a space for the `T` or with surrounding spaces; without a `GMT`/`UTC`/`Z` zone or offset it is
//! local time. Anything else is NaN.

use super::format::MONTH_NAMES;
use super::time_math::{days_in_year, make_date, make_day, make_time, time_clip};
use super::zone::LocalZone;

/// Parses `text` to a time value (NaN if it is not a recognised date).
pub fn parse_date(zone: &LocalZone, text: &str) -> f64 {
    if let Some(t) = parse_iso(zone, text, true) {
        return time_clip(t);
    }
    // Not the format itself, but the format between spaces (date-only forms are then local
    // time, as in the fallback format).
    let text = text.trim_matches(|c: char| c.is_whitespace());
    if let Some(t) = parse_iso(zone, text, false) {
        return time_clip(t);
    }
    // `YYYY-MM-DD HH:mm…`: the date-time form with a space for the `T`.
    if let Some(i) = text.find(' ').filter(|&i| i >= 4) {
        let with_t = format!("{}T{}", &text[..i], &text[i + 1..]);
        if with_t.contains(':') {
            if let Some(t) = parse_iso(zone, &with_t, false) {
                return time_clip(t);
            }
        }
    }
    parse_fallback(zone, text).map_or(f64::NAN, time_clip)
}

/// A cursor over ASCII bytes.
struct Cursor<'a> {
    s: &'a [u8],
    i: usize,
}

impl Cursor<'_> {
    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }

    fn eat(&mut self, c: u8) -> bool {
        if self.peek() == Some(c) {
            self.i += 1;
            true
        } else {
            false
        }
    }

    /// Exactly `n` decimal digits.
    fn digits(&mut self, n: usize) -> Option<f64> {
        let mut v = 0.0;
        for _ in 0..n {
            let c = self.peek().filter(u8::is_ascii_digit)?;
            v = v * 10.0 + f64::from(c - b'0');
            self.i += 1;
        }
        Some(v)
    }

    fn at_end(&self) -> bool {
        self.i == self.s.len()
    }
}

/// 21.4.1.32 Date Time String Format (date-only forms are UTC if `date_only_utc`, else
/// local time).
fn parse_iso(zone: &LocalZone, text: &str, date_only_utc: bool) -> Option<f64> {
    let mut c = Cursor {
        s: text.as_bytes(),
        i: 0,
    };
    // Year: YYYY or ±YYYYYY.
    let year = match c.peek()? {
        b'+' | b'-' => {
            let negative = c.peek() == Some(b'-');
            c.i += 1;
            let y = c.digits(6)?;
            // -000000 is not a valid extended year.
            if negative && y == 0.0 {
                return None;
            }
            if negative {
                -y
            } else {
                y
            }
        }
        _ => c.digits(4)?,
    };
    let (mut month, mut day) = (1.0, 1.0);
    if c.eat(b'-') {
        month = c.digits(2)?;
        if !(1.0..=12.0).contains(&month) {
            return None;
        }
        if c.eat(b'-') {
            day = c.digits(2)?;
            let leap = days_in_year(year) == 366.0;
            let days = [
                31,
                if leap { 29 } else { 28 },
                31,
                30,
                31,
                30,
                31,
                31,
                30,
                31,
                30,
                31,
            ][month as usize - 1];
            if day < 1.0 || day > f64::from(days) {
                return None;
            }
        }
    }
    let date = make_day(year, month - 1.0, day);
    if c.at_end() {
        // Date-only forms are UTC.
        let t = make_date(date, 0.0);
        return Some(if date_only_utc { t } else { zone.utc(t) });
    }
    if !c.eat(b'T') {
        return None;
    }
    let hour = c.digits(2)?;
    if !c.eat(b':') {
        return None;
    }
    let minute = c.digits(2)?;
    let (mut second, mut ms) = (0.0, 0.0);
    if c.eat(b':') {
        second = c.digits(2)?;
        if c.eat(b'.') {
            let start = c.i;
            let mut scale = 100.0;
            while let Some(d) = c.peek().filter(u8::is_ascii_digit) {
                ms += f64::from(d - b'0') * scale;
                scale /= 10.0;
                c.i += 1;
            }
            if c.i == start {
                return None;
            }
            ms = ms.floor();
        }
    }
    if hour > 24.0 || minute > 59.0 || second > 59.0 {
        return None;
    }
    if hour == 24.0 && (minute != 0.0 || second != 0.0 || ms != 0.0) {
        return None;
    }
    let local = make_date(date, make_time(hour, minute, second, ms));
    if c.at_end() {
        // Date-time forms without an offset are local time.
        return Some(zone.utc(local));
    }
    let offset = if c.eat(b'Z') {
        0.0
    } else {
        let sign = match c.peek()? {
            b'+' => 1.0,
            b'-' => -1.0,
            _ => return None,
        };
        c.i += 1;
        let h = c.digits(2)?;
        if !c.eat(b':') {
            return None;
        }
        let m = c.digits(2)?;
        if h > 23.0 || m > 59.0 {
            return None;
        }
        sign * (h * 60.0 + m) * 60_000.0
    };
    if !c.at_end() {
        return None;
    }
    Some(local - offset)
}

/// A token of the fallback format.
#[derive(Debug, PartialEq)]
enum Token {
    Word(String),
    Number {
        value: f64,
        digits: usize,
    },
    Time(f64, f64, f64),
    /// `a/b/c`.
    Slashed(f64, f64, f64, usize),
    Sign(f64),
}

fn tokenize(text: &str) -> Option<Vec<Token>> {
    let s = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < s.len() {
        let c = s[i];
        if c.is_ascii_whitespace() || c == b',' {
            i += 1;
        } else if c == b'(' {
            // A comment (the zone name of toString): skipped, nesting allowed.
            let mut depth = 0;
            while i < s.len() {
                match s[i] {
                    b'(' => depth += 1,
                    b')' => depth -= 1,
                    _ => {}
                }
                i += 1;
                if depth == 0 {
                    break;
                }
            }
        } else if c.is_ascii_alphabetic() {
            let start = i;
            while i < s.len() && s[i].is_ascii_alphabetic() {
                i += 1;
            }
            out.push(Token::Word(text[start..i].to_ascii_lowercase()));
        } else if c == b'+' || c == b'-' {
            out.push(Token::Sign(if c == b'-' { -1.0 } else { 1.0 }));
            i += 1;
        } else if c.is_ascii_digit()
            && text[i..]
                .split(|c: char| c.is_ascii_whitespace())
                .next()
                .is_some_and(|w| w.contains('/'))
        {
            let word = text[i..]
                .split(|c: char| c.is_ascii_whitespace())
                .next()
                .unwrap_or("");
            let parts: Vec<&str> = word.split('/').collect();
            let [a, b, c] = parts[..] else {
                return None;
            };
            let num = |p: &str| -> Option<f64> {
                if p.is_empty() || p.len() > 6 || !p.bytes().all(|b| b.is_ascii_digit()) {
                    return None;
                }
                p.parse().ok()
            };
            out.push(Token::Slashed(num(a)?, num(b)?, num(c)?, a.len()));
            i += word.len();
        } else if c.is_ascii_digit() {
            let mut fields = Vec::new();
            loop {
                let start = i;
                while i < s.len() && s[i].is_ascii_digit() {
                    i += 1;
                }
                let digits = i - start;
                if digits == 0 || digits > 9 {
                    return None;
                }
                fields.push((text[start..i].parse::<f64>().ok()?, digits));
                if i < s.len() && s[i] == b':' {
                    i += 1;
                } else {
                    break;
                }
            }
            match fields[..] {
                [(value, digits)] => out.push(Token::Number { value, digits }),
                [(h, _), (m, _)] => out.push(Token::Time(h, m, 0.0)),
                [(h, _), (m, _), (sec, _)] => out.push(Token::Time(h, m, sec)),
                _ => return None,
            }
        } else {
            return None;
        }
    }
    Some(out)
}

/// The fallback format (see the module documentation).
fn parse_fallback(zone: &LocalZone, text: &str) -> Option<f64> {
    const DAYS: [&str; 7] = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];
    let tokens = tokenize(text)?;
    let mut month = None;
    let mut numbers: Vec<(f64, usize)> = Vec::new();
    let mut time = None;
    let mut offset: Option<f64> = None;
    let mut pending_sign = None;
    let mut slashed = None;
    let mut meridiem = None;
    let mut i = 0;
    while i < tokens.len() {
        match &tokens[i] {
            Token::Word(w) => {
                if w == "gmt" || w == "utc" || w == "ut" || w == "z" {
                    if offset.is_some() {
                        return None;
                    }
                    offset = Some(0.0);
                    // GMT±HHMM.
                    if let (Some(Token::Sign(sign)), Some(Token::Number { value, digits: 4 })) =
                        (tokens.get(i + 1), tokens.get(i + 2))
                    {
                        let (h, m) = ((value / 100.0).floor(), value % 100.0);
                        if h > 23.0 || m > 59.0 {
                            return None;
                        }
                        offset = Some(sign * (h * 60.0 + m) * 60_000.0);
                        i += 2;
                    }
                } else if let Some(m) = MONTH_NAMES
                    .iter()
                    .position(|n| w.len() >= 3 && n.eq_ignore_ascii_case(&w[..3]))
                {
                    if month.is_some() {
                        return None;
                    }
                    month = Some(m as f64);
                } else if w == "am" || w == "pm" {
                    if meridiem.is_some() || time.is_none() {
                        return None;
                    }
                    meridiem = Some(w == "pm");
                } else if !DAYS.iter().any(|d| w.len() >= 3 && *d == &w[..3]) {
                    return None;
                }
            }
            Token::Sign(s) => {
                if pending_sign.is_some() {
                    return None;
                }
                // A numeric offset after the time: ±HHMM or ±HH:mm.
                if time.is_some() && offset.is_none() {
                    let minutes = match tokens.get(i + 1) {
                        Some(Token::Number { value, digits: 4 }) => {
                            Some(((value / 100.0).floor(), value % 100.0))
                        }
                        Some(Token::Time(h, m, 0.0)) => Some((*h, *m)),
                        _ => None,
                    };
                    if let Some((h, m)) = minutes {
                        if h > 23.0 || m > 59.0 {
                            return None;
                        }
                        offset = Some(s * (h * 60.0 + m) * 60_000.0);
                        i += 2;
                        continue;
                    }
                }
                pending_sign = Some(*s);
            }
            Token::Slashed(a, b, c, first_digits) => {
                if slashed.is_some() || pending_sign.is_some() {
                    return None;
                }
                // YYYY/MM/DD, else MM/DD/YYYY.
                slashed = Some(if *first_digits >= 3 {
                    (*a, *b - 1.0, *c)
                } else {
                    (*c, *a - 1.0, *b)
                });
            }
            Token::Number { value, digits } => {
                let sign = pending_sign.take().unwrap_or(1.0);
                numbers.push((sign * value, *digits));
            }
            Token::Time(h, m, s) => {
                if time.is_some() || pending_sign.is_some() {
                    return None;
                }
                if *h > 24.0 || *m > 59.0 || *s > 59.0 {
                    return None;
                }
                time = Some((*h, *m, *s));
            }
        }
        i += 1;
    }
    if pending_sign.is_some() {
        return None;
    }
    let (year, month, day) = match (slashed, month) {
        (Some(date), None) if numbers.is_empty() => date,
        (None, Some(month)) => match numbers[..] {
            [(a, ad), (b, _)] if ad >= 3 || a.abs() > 31.0 || a < 0.0 => (a, month, b),
            [(a, _), (b, _)] => (b, month, a),
            _ => return None,
        },
        _ => return None,
    };
    if !(1.0..=31.0).contains(&day) || !(0.0..=11.0).contains(&month) {
        return None;
    }
    let time = match (time, meridiem) {
        (None, _) => 0.0,
        (Some((h, m, s)), None) => make_time(h, m, s, 0.0),
        // 12 AM is midnight, 12 PM noon.
        (Some((h, m, s)), Some(pm)) => {
            if !(1.0..=12.0).contains(&h) {
                return None;
            }
            make_time(h % 12.0 + if pm { 12.0 } else { 0.0 }, m, s, 0.0)
        }
    };
    let t = make_date(make_day(year, month, day), time);
    Some(match offset {
        Some(o) => t - o,
        None => zone.utc(t),
    })
}
