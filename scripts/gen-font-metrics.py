#!/usr/bin/env python3
"""Generates src/render/metrics.rs: advance widths of Liberation Sans Regular and Bold.

Reads each font's `hmtx`, `cmap` and `head.unitsPerEm` with fontTools, normalises the advance
widths to 1000 units per em (rounding half up) and writes them as Rust `const` tables with a
lookup by codepoint run, the text-width functions and their unit tests.

Needs: `apt-get install -y fonts-liberation` and `pip install fonttools`.

Usage: scripts/gen-font-metrics.py [--font-dir DIR] [--out PATH]
"""
import argparse
import glob
import os
import sys

from fontTools.ttLib import TTFont

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FONT_DIRS = ["/usr/share/fonts", "/usr/local/share/fonts", os.path.expanduser("~/.fonts")]
FILES = {"regular": "LiberationSans-Regular.ttf", "bold": "LiberationSans-Bold.ttf"}

# The codepoints the tables cover, in order; consecutive ones are grouped into runs.
CODEPOINTS = (
    list(range(0x0020, 0x007F))
    + list(range(0x00A0, 0x0180))
    + [0x2013, 0x2014, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2026, 0x20AC]
)

# Ranges drawn one em wide when not in the tables: CJK, Hangul, full-width forms, emoji.
WIDE = [
    (0x1100, 0x115F),
    (0x2E80, 0xA4CF),
    (0xAC00, 0xD7A3),
    (0xF900, 0xFAFF),
    (0xFE30, 0xFE4F),
    (0xFF00, 0xFF60),
    (0xFFE0, 0xFFE6),
    (0x1F300, 0x1FAFF),
    (0x20000, 0x3FFFD),
]

MAX_WIDTH = 100  # rustfmt's max_width
INDENT = "    "


def find_font(name, dirs):
    for d in dirs:
        hits = sorted(glob.glob(os.path.join(d, "**", name), recursive=True))
        if hits:
            return hits[0]
    sys.exit(f"gen-font-metrics: {name} not found under {', '.join(dirs)}; "
             "install fonts-liberation or pass --font-dir")


def load_widths(path):
    """Returns ({codepoint: width in 1/1000 em}, version string, license string)."""
    font = TTFont(path)
    upem = font["head"].unitsPerEm
    cmap = font.getBestCmap()
    hmtx = font["hmtx"].metrics
    widths = {}
    for cp in CODEPOINTS:
        glyph = cmap.get(cp)
        if glyph is None:
            sys.exit(f"gen-font-metrics: {os.path.basename(path)} has no glyph for U+{cp:04X}")
        advance = hmtx[glyph][0]
        widths[cp] = (advance * 1000 + upem // 2) // upem
        if not 0 < widths[cp] < 65536:
            sys.exit(f"gen-font-metrics: U+{cp:04X} has width {widths[cp]}, not a positive u16")
    name = font["name"]
    version = (name.getDebugName(5) or "unknown version").strip().replace("Version", "version")
    license_text = (name.getDebugName(13) or "").strip()
    return widths, upem, version, license_text


def runs(cps):
    """Groups sorted codepoints into (first, last, offset) runs of consecutive values."""
    out = []
    for i, cp in enumerate(cps):
        if out and out[-1][1] + 1 == cp:
            out[-1][1] = cp
        else:
            out.append([cp, cp, i])
    return [tuple(r) for r in out]


def wrap_items(items):
    """Lays out array items as rustfmt's mixed layout does: greedy fill up to MAX_WIDTH."""
    lines = []
    line = ""
    for item in items:
        piece = f"{item},"
        if line and len(INDENT) + len(line) + 1 + len(piece) > MAX_WIDTH:
            lines.append(INDENT + line)
            line = ""
        line = f"{line} {piece}" if line else piece
    if line:
        lines.append(INDENT + line)
    return "\n".join(lines)


def hex_cp(cp):
    return f"0x{cp:04X}"


def render(widths, version, upem):
    reg, bold = widths["regular"], widths["bold"]
    run_list = runs(CODEPOINTS)
    n = len(CODEPOINTS)
    lower = [ord(c) for c in "abcdefghijklmnopqrstuvwxyz"]
    lower_sum = {w: sum(widths[w][cp] for cp in lower) for w in widths}
    hello = sum(reg[ord(c)] for c in "Hello")
    hello_bold = sum(bold[ord(c)] for c in "Hello")
    assert hello_bold > hello, "bold Hello should be wider than regular"
    assert bold[ord("o")] > reg[ord("o")]

    def em(units):
        return f"{units / 1000:.3f}"

    run_rows = "\n".join(
        f"    ({hex_cp(a)}, {hex_cp(b)}, {off})," for a, b, off in run_list
    )
    wide_rows = "\n".join(f"    ({hex_cp(a)}, {hex_cp(b)})," for a, b in WIDE)

    return f"""\
//! Advance widths of Liberation Sans Regular and Bold, for sizing boxes to their text.
//!
//! The SVG names `Liberation Sans, Arial, Helvetica, sans-serif`; Liberation Sans is
//! metric-compatible with Arial and Helvetica, so these widths hold for all three. The font
//! ({version}) is licensed under the SIL Open Font License 1.1; the widths here are font
//! metrics data, generated from its `hmtx` and `cmap` tables by `scripts/gen-font-metrics.py`
//! and normalised from {upem} to 1000 units per em. Rerun that script to regenerate this file
//! rather than editing it by hand.
//!
//! Widths are per character, without kerning or shaping. This module only measures text: it
//! must not lay anything out.

/// Units per em of the width tables.
const UNITS_PER_EM: f32 = 1000.0;

/// Runs of consecutive codepoints in the width tables: first, last, and index of the first.
const RUNS: [(u32, u32, usize); {len(run_list)}] = [
{run_rows}
];

/// Advance widths of Liberation Sans Regular in 1/1000 em, for the codepoints of `RUNS` in order.
const REGULAR: [u16; {n}] = [
{wrap_items(reg[cp] for cp in CODEPOINTS)}
];

/// Advance widths of Liberation Sans Bold in 1/1000 em, for the codepoints of `RUNS` in order.
const BOLD: [u16; {n}] = [
{wrap_items(bold[cp] for cp in CODEPOINTS)}
];

/// Sum of the advance widths of `a` to `z` in Liberation Sans Regular, in 1/1000 em.
const LOWERCASE_SUM_REGULAR: u16 = {lower_sum["regular"]};

/// Sum of the advance widths of `a` to `z` in Liberation Sans Bold, in 1/1000 em.
const LOWERCASE_SUM_BOLD: u16 = {lower_sum["bold"]};

/// Codepoint ranges drawn one em wide when not in the tables: CJK, Hangul, full-width, emoji.
const WIDE: [(u32, u32); {len(WIDE)}] = [
{wide_rows}
];

/// Returns the advance width of `c` in em, in Liberation Sans Bold if `bold`, else Regular.
///
/// Characters outside the tables fall back: wide ones (CJK, Hangul, full-width forms, emoji)
/// are 1 em; combining marks (U+0300 to U+036F), control characters and the soft hyphen, which
/// draws nothing on an unbroken line, are 0; anything else is the average width of `a` to `z`
/// in that weight.
pub fn advance(c: char, bold: bool) -> f32 {{
    let cp = u32::from(c);
    if c.is_control() || cp == 0x00AD || (0x0300..=0x036F).contains(&cp) {{
        return 0.0;
    }}
    if let Some(units) = table_units(cp, bold) {{
        return f32::from(units) / UNITS_PER_EM;
    }}
    if is_wide(cp) {{
        return 1.0;
    }}
    let sum = if bold {{
        LOWERCASE_SUM_BOLD
    }} else {{
        LOWERCASE_SUM_REGULAR
    }};
    f32::from(sum) / (26.0 * UNITS_PER_EM)
}}

/// Returns the width of `text` on one line in px at `font_size` px, without kerning.
pub fn text_width(text: &str, font_size: f32, bold: bool) -> f32 {{
    text.chars().map(|c| advance(c, bold)).sum::<f32>() * font_size
}}

/// Looks `cp` up in the width tables, in 1/1000 em; `None` if the tables do not cover it.
fn table_units(cp: u32, bold: bool) -> Option<u16> {{
    let widths: &[u16] = if bold {{ &BOLD }} else {{ &REGULAR }};
    let &(first, _, offset) = RUNS
        .iter()
        .find(|&&(first, last, _)| (first..=last).contains(&cp))?;
    widths.get(offset + (cp - first) as usize).copied()
}}

/// Tells whether `cp` lies in one of the `WIDE` ranges.
fn is_wide(cp: u32) -> bool {{
    WIDE.iter()
        .any(|&(first, last)| (first..=last).contains(&cp))
}}

#[cfg(test)]
mod tests {{
    use super::*;

    fn assert_close(actual: f32, expected: f32) {{
        assert!(
            (actual - expected).abs() < 0.01,
            "expected {{expected}}, got {{actual}}"
        );
    }}

    #[test]
    fn hello_is_the_sum_of_its_table_widths() {{
        // H + e + l + l + o = {" + ".join(str(reg[ord(c)]) for c in "Hello")} = {hello} units of 1/1000 em.
        assert_close(text_width("Hello", 10.0, false), {hello / 100:.2f});
        assert_close(text_width("Hello", 10.0, true), {hello_bold / 100:.2f});
    }}

    #[test]
    fn sample_widths_match_the_font() {{
        assert_close(advance(' ', false), {em(reg[0x20])});
        assert_close(advance('a', false), {em(reg[ord("a")])});
        assert_close(advance('W', false), {em(reg[ord("W")])});
        assert_close(advance('M', false), {em(reg[ord("M")])});
        assert_close(advance('a', true), {em(bold[ord("a")])});
        assert_close(advance('\\u{{2014}}', false), {em(reg[0x2014])});
        assert_close(advance('\\u{{20AC}}', true), {em(bold[0x20AC])});
        assert_close(advance('\\u{{017F}}', false), {em(reg[0x017F])});
    }}

    #[test]
    fn bold_letters_and_digits_are_at_least_as_wide() {{
        // Like Arial, Liberation Sans gives `W` the same advance in both weights, and its bold
        // `@` is the one glyph in the tables narrower than the regular one.
        assert!(advance('W', true) >= advance('W', false));
        assert!(advance('o', true) > advance('o', false));
        assert!(advance('@', true) < advance('@', false));
        assert!(text_width("Hello", 10.0, true) > text_width("Hello", 10.0, false));
        for c in ('a'..='z').chain('A'..='Z').chain('0'..='9') {{
            assert!(advance(c, true) >= advance(c, false), "{{c}}");
        }}
    }}

    #[test]
    fn wide_characters_are_one_em() {{
        assert_close(advance('\\u{{4E2D}}', false), 1.0);
        assert_close(advance('\\u{{AC00}}', true), 1.0);
        assert_close(advance('\\u{{1F600}}', false), 1.0);
        assert_close(text_width("\\u{{4E2D}}\\u{{6587}}", 10.0, false), 20.0);
    }}

    #[test]
    fn empty_text_and_invisible_characters_take_no_width() {{
        assert_close(text_width("", 12.0, false), 0.0);
        assert_close(advance('\\u{{0301}}', false), 0.0);
        assert_close(advance('\\n', true), 0.0);
        assert_close(advance('\\u{{00AD}}', false), 0.0);
        let plain = text_width("e", 10.0, false);
        assert_close(text_width("e\\u{{0301}}", 10.0, false), plain);
    }}

    #[test]
    fn other_characters_take_the_lowercase_average() {{
        for bold in [false, true] {{
            let average = ('a'..='z').map(|c| advance(c, bold)).sum::<f32>() / 26.0;
            assert_close(advance('\\u{{0416}}', bold), average);
        }}
        assert_close(advance('\\u{{0416}}', false), {lower_sum["regular"] / 26000:.3f});
    }}

    #[test]
    fn runs_index_the_whole_tables() {{
        let mut next = 0;
        for &(first, last, offset) in RUNS.iter() {{
            assert!(first <= last);
            assert_eq!(offset, next);
            next = offset + (last - first) as usize + 1;
        }}
        assert_eq!(next, REGULAR.len());
        assert!(REGULAR.iter().chain(BOLD.iter()).all(|&w| w > 0));
    }}
}}
"""


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--font-dir", action="append", help="where to look for the .ttf files")
    ap.add_argument("--out", default=os.path.join(REPO, "src", "render", "metrics.rs"))
    args = ap.parse_args()
    dirs = args.font_dir or FONT_DIRS

    widths, versions = {}, set()
    for weight, name in FILES.items():
        path = find_font(name, dirs)
        widths[weight], upem, version, license_text = load_widths(path)
        versions.add((version, upem))
        if "Open Font License" not in license_text:
            print(f"gen-font-metrics: warning: {name} license reads {license_text!r}",
                  file=sys.stderr)
        print(f"{weight}: {path} ({version}, {upem} units/em)")
    if len(versions) != 1:
        sys.exit(f"gen-font-metrics: the two fonts differ in version or units/em: {versions}")
    (version, upem), = versions

    text = render(widths, version, upem)
    too_long = [i + 1 for i, line in enumerate(text.splitlines()) if len(line) > MAX_WIDTH]
    if too_long:
        sys.exit(f"gen-font-metrics: lines over {MAX_WIDTH} chars: {too_long}")
    with open(args.out, "w", encoding="utf-8") as f:
        f.write(text)

    reg, bold = widths["regular"], widths["bold"]
    print(f"wrote {args.out}: {len(CODEPOINTS)} codepoints per weight in "
          f"{len(runs(CODEPOINTS))} runs, {os.path.getsize(args.out)} bytes")
    print("sample widths in 1/1000 em (regular / bold):")
    for label, cp in [("space", 0x20), ("a", ord("a")), ("W", ord("W")), ("M", ord("M"))]:
        print(f"  {label:5} {reg[cp]:4} / {bold[cp]:4}")


if __name__ == "__main__":
    main()
