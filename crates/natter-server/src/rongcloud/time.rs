//! Times as RongCloud prints them: `2016-05-24 10:38:19` (`createTime`, `blockEndTime`).
//!
//! Decision: the vendor prints its own (Beijing) wall-clock time without saying so; Natter prints UTC, the
//! one zone that means the same on every server.

/// `YYYY-MM-DD HH:MM:SS` (UTC) of a Unix time in milliseconds.
pub(crate) fn format_ms(unix_ms: i64) -> String {
    let seconds = unix_ms.div_euclid(1000);
    let (days, second_of_day) = (seconds.div_euclid(86_400), seconds.rem_euclid(86_400));
    let (year, month, day) = civil_from_days(days);
    format!(
        "{year:04}-{month:02}-{day:02} {:02}:{:02}:{:02}",
        second_of_day / 3600,
        second_of_day % 3600 / 60,
        second_of_day % 60
    )
}

/// The proleptic Gregorian date of a day count since 1970-01-01 (Howard Hinnant's `civil_from_days`).
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let shifted = days + 719_468;
    let era = shifted.div_euclid(146_097);
    let day_of_era = shifted.rem_euclid(146_097);
    let year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_index + 2) / 5 + 1;
    let month = if month_index < 10 {
        month_index + 3
    } else {
        month_index - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::format_ms;

    #[test]
    fn times_print_in_the_vendor_shape() {
        assert_eq!(format_ms(0), "1970-01-01 00:00:00");
        assert_eq!(format_ms(1_464_086_299_000), "2016-05-24 10:38:19");
        assert_eq!(format_ms(951_782_400_999), "2000-02-29 00:00:00", "a leap day");
        assert_eq!(format_ms(4_102_444_799_000), "2099-12-31 23:59:59");
        assert_eq!(format_ms(-1_000), "1969-12-31 23:59:59");
    }
}
