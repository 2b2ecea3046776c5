//! Advance widths of Liberation Sans Regular and Bold, for sizing boxes to their text.
//!
//! The SVG names `Liberation Sans, Arial, Helvetica, sans-serif`; Liberation Sans is
//! metric-compatible with Arial and Helvetica, so these widths hold for all three. The font
//! (version 2.1.5) is licensed under the SIL Open Font License 1.1; the widths here are font
//! metrics data, generated from its `hmtx` and `cmap` tables by `scripts/gen-font-metrics.py`
//! and normalised from 2048 to 1000 units per em. Rerun that script to regenerate this file
//! rather than editing it by hand.
//!
//! Widths are per character, without kerning or shaping. This module only measures text: it
//! must not lay anything out.

/// Units per em of the width tables.
const UNITS_PER_EM: f32 = 1000.0;

/// Runs of consecutive codepoints in the width tables: first, last, and index of the first.
const RUNS: [(u32, u32, usize); 8] = [
    (0x0020, 0x007E, 0),
    (0x00A0, 0x017F, 95),
    (0x2013, 0x2014, 319),
    (0x2018, 0x2019, 321),
    (0x201C, 0x201D, 323),
    (0x2022, 0x2022, 325),
    (0x2026, 0x2026, 326),
    (0x20AC, 0x20AC, 327),
];

/// Advance widths of Liberation Sans Regular in 1/1000 em, for the codepoints of `RUNS` in order.
const REGULAR: [u16; 328] = [
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556,
    556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, 1015, 667, 667, 722, 722, 667,
    611, 778, 722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667,
    667, 611, 278, 278, 278, 469, 556, 333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500,
    222, 833, 556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
    278, 333, 556, 556, 556, 556, 260, 556, 333, 737, 370, 556, 584, 333, 737, 552, 400, 549, 333,
    333, 333, 576, 537, 333, 333, 333, 365, 556, 834, 834, 834, 611, 667, 667, 667, 667, 667, 667,
    1000, 722, 667, 667, 667, 667, 278, 278, 278, 278, 722, 722, 778, 778, 778, 778, 778, 584, 778,
    722, 722, 722, 722, 667, 667, 611, 556, 556, 556, 556, 556, 556, 889, 500, 556, 556, 556, 556,
    278, 278, 278, 278, 556, 556, 556, 556, 556, 556, 556, 549, 611, 556, 556, 556, 556, 500, 556,
    500, 667, 556, 667, 556, 667, 556, 722, 500, 722, 500, 722, 500, 722, 500, 722, 615, 722, 556,
    667, 556, 667, 556, 667, 556, 667, 556, 667, 556, 778, 556, 778, 556, 778, 556, 778, 556, 722,
    556, 722, 556, 278, 278, 278, 278, 278, 278, 278, 222, 278, 278, 735, 444, 500, 222, 667, 500,
    500, 556, 222, 556, 222, 556, 292, 556, 334, 556, 222, 722, 556, 722, 556, 722, 556, 604, 723,
    556, 778, 556, 778, 556, 778, 556, 1000, 944, 722, 333, 722, 333, 722, 333, 667, 500, 667, 500,
    667, 500, 667, 500, 611, 278, 611, 375, 611, 278, 722, 556, 722, 556, 722, 556, 722, 556, 722,
    556, 722, 556, 944, 722, 667, 500, 667, 611, 500, 611, 500, 611, 500, 222, 556, 1000, 222, 222,
    333, 333, 350, 1000, 556,
];

/// Advance widths of Liberation Sans Bold in 1/1000 em, for the codepoints of `RUNS` in order.
const BOLD: [u16; 328] = [
    278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556,
    556, 556, 556, 556, 556, 556, 556, 333, 333, 584, 584, 584, 611, 975, 722, 722, 722, 722, 667,
    611, 778, 722, 278, 556, 722, 611, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667,
    667, 611, 333, 278, 333, 584, 556, 333, 556, 611, 556, 611, 556, 333, 611, 611, 278, 278, 556,
    278, 889, 611, 611, 611, 611, 389, 556, 333, 611, 556, 778, 556, 556, 500, 389, 280, 389, 584,
    278, 333, 556, 556, 556, 556, 280, 556, 333, 737, 370, 556, 584, 333, 737, 552, 400, 549, 333,
    333, 333, 576, 556, 333, 333, 333, 365, 556, 834, 834, 834, 611, 722, 722, 722, 722, 722, 722,
    1000, 722, 667, 667, 667, 667, 278, 278, 278, 278, 722, 722, 778, 778, 778, 778, 778, 584, 778,
    722, 722, 722, 722, 667, 667, 611, 556, 556, 556, 556, 556, 556, 889, 556, 556, 556, 556, 556,
    278, 278, 278, 278, 611, 611, 611, 611, 611, 611, 611, 549, 611, 611, 611, 611, 611, 556, 611,
    556, 722, 556, 722, 556, 722, 556, 722, 556, 722, 556, 722, 556, 722, 556, 722, 719, 722, 611,
    667, 556, 667, 556, 667, 556, 667, 556, 667, 556, 778, 611, 778, 611, 778, 611, 778, 611, 722,
    611, 722, 611, 278, 278, 278, 278, 278, 278, 278, 278, 278, 278, 785, 556, 556, 278, 722, 556,
    556, 611, 278, 611, 278, 611, 385, 611, 479, 611, 278, 722, 611, 722, 611, 722, 611, 708, 723,
    611, 778, 611, 778, 611, 778, 611, 1000, 944, 722, 389, 722, 389, 722, 389, 667, 556, 667, 556,
    667, 556, 667, 556, 611, 333, 611, 479, 611, 333, 722, 611, 722, 611, 722, 611, 722, 611, 722,
    611, 722, 611, 944, 778, 667, 556, 667, 611, 500, 611, 500, 611, 500, 278, 556, 1000, 278, 278,
    500, 500, 350, 1000, 556,
];

/// Sum of the advance widths of `a` to `z` in Liberation Sans Regular, in 1/1000 em.
const LOWERCASE_SUM_REGULAR: u16 = 12726;

/// Sum of the advance widths of `a` to `z` in Liberation Sans Bold, in 1/1000 em.
const LOWERCASE_SUM_BOLD: u16 = 14003;

/// Codepoint ranges drawn one em wide when not in the tables: CJK, Hangul, full-width, emoji.
const WIDE: [(u32, u32); 9] = [
    (0x1100, 0x115F),
    (0x2E80, 0xA4CF),
    (0xAC00, 0xD7A3),
    (0xF900, 0xFAFF),
    (0xFE30, 0xFE4F),
    (0xFF00, 0xFF60),
    (0xFFE0, 0xFFE6),
    (0x1F300, 0x1FAFF),
    (0x20000, 0x3FFFD),
];

/// Returns the advance width of `c` in em, in Liberation Sans Bold if `bold`, else Regular.
///
/// Characters outside the tables fall back: wide ones (CJK, Hangul, full-width forms, emoji)
/// are 1 em; combining marks (U+0300 to U+036F), control characters and the soft hyphen, which
/// draws nothing on an unbroken line, are 0; anything else is the average width of `a` to `z`
/// in that weight.
pub fn advance(c: char, bold: bool) -> f32 {
    let cp = u32::from(c);
    if c.is_control() || cp == 0x00AD || (0x0300..=0x036F).contains(&cp) {
        return 0.0;
    }
    if let Some(units) = table_units(cp, bold) {
        return f32::from(units) / UNITS_PER_EM;
    }
    if is_wide(cp) {
        return 1.0;
    }
    let sum = if bold {
        LOWERCASE_SUM_BOLD
    } else {
        LOWERCASE_SUM_REGULAR
    };
    f32::from(sum) / (26.0 * UNITS_PER_EM)
}

/// Returns the width of `text` on one line in px at `font_size` px, without kerning.
pub fn text_width(text: &str, font_size: f32, bold: bool) -> f32 {
    text.chars().map(|c| advance(c, bold)).sum::<f32>() * font_size
}

/// Looks `cp` up in the width tables, in 1/1000 em; `None` if the tables do not cover it.
fn table_units(cp: u32, bold: bool) -> Option<u16> {
    let widths: &[u16] = if bold { &BOLD } else { &REGULAR };
    let &(first, _, offset) = RUNS
        .iter()
        .find(|&&(first, last, _)| (first..=last).contains(&cp))?;
    widths.get(offset + (cp - first) as usize).copied()
}

/// Tells whether `cp` lies in one of the `WIDE` ranges.
fn is_wide(cp: u32) -> bool {
    WIDE.iter()
        .any(|&(first, last)| (first..=last).contains(&cp))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_close(actual: f32, expected: f32) {
        assert!(
            (actual - expected).abs() < 0.01,
            "expected {expected}, got {actual}"
        );
    }

    #[test]
    fn hello_is_the_sum_of_its_table_widths() {
        // H + e + l + l + o = 722 + 556 + 222 + 222 + 556 = 2278 units of 1/1000 em.
        assert_close(text_width("Hello", 10.0, false), 22.78);
        assert_close(text_width("Hello", 10.0, true), 24.45);
    }

    #[test]
    fn sample_widths_match_the_font() {
        assert_close(advance(' ', false), 0.278);
        assert_close(advance('a', false), 0.556);
        assert_close(advance('W', false), 0.944);
        assert_close(advance('M', false), 0.833);
        assert_close(advance('a', true), 0.556);
        assert_close(advance('\u{2014}', false), 1.000);
        assert_close(advance('\u{20AC}', true), 0.556);
        assert_close(advance('\u{017F}', false), 0.222);
    }

    #[test]
    fn bold_letters_and_digits_are_at_least_as_wide() {
        // Like Arial, Liberation Sans gives `W` the same advance in both weights, and its bold
        // `@` is the one glyph in the tables narrower than the regular one.
        assert!(advance('W', true) >= advance('W', false));
        assert!(advance('o', true) > advance('o', false));
        assert!(advance('@', true) < advance('@', false));
        assert!(text_width("Hello", 10.0, true) > text_width("Hello", 10.0, false));
        for c in ('a'..='z').chain('A'..='Z').chain('0'..='9') {
            assert!(advance(c, true) >= advance(c, false), "{c}");
        }
    }

    #[test]
    fn wide_characters_are_one_em() {
        assert_close(advance('\u{4E2D}', false), 1.0);
        assert_close(advance('\u{AC00}', true), 1.0);
        assert_close(advance('\u{1F600}', false), 1.0);
        assert_close(text_width("\u{4E2D}\u{6587}", 10.0, false), 20.0);
    }

    #[test]
    fn empty_text_and_invisible_characters_take_no_width() {
        assert_close(text_width("", 12.0, false), 0.0);
        assert_close(advance('\u{0301}', false), 0.0);
        assert_close(advance('\n', true), 0.0);
        assert_close(advance('\u{00AD}', false), 0.0);
        let plain = text_width("e", 10.0, false);
        assert_close(text_width("e\u{0301}", 10.0, false), plain);
    }

    #[test]
    fn other_characters_take_the_lowercase_average() {
        for bold in [false, true] {
            let average = ('a'..='z').map(|c| advance(c, bold)).sum::<f32>() / 26.0;
            assert_close(advance('\u{0416}', bold), average);
        }
        assert_close(advance('\u{0416}', false), 0.489);
    }

    #[test]
    fn runs_index_the_whole_tables() {
        let mut next = 0;
        for &(first, last, offset) in RUNS.iter() {
            assert!(first <= last);
            assert_eq!(offset, next);
            next = offset + (last - first) as usize + 1;
        }
        assert_eq!(next, REGULAR.len());
        assert!(REGULAR.iter().chain(BOLD.iter()).all(|&w| w > 0));
    }
}
