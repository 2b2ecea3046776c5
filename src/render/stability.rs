//! How far boxes move between two drawings of a map: the figures behind the stable layout
//! (`cruxmap bench stability`, `render --keep-layout`).
//!
//! Pure arithmetic over [`Positions`]; no layout of its own.

use super::layout::Layout;
use super::quality::{self, Polyline};
use super::svg::Positions;

/// Displacement of the boxes two drawings share.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Displacement {
    /// Boxes compared.
    pub boxes: usize,
    /// Median distance moved by a box centre, in pixels.
    pub median: f64,
    /// 90th percentile of the distance moved, in pixels.
    pub p90: f64,
    /// Boxes that moved at all (more than half a pixel).
    pub moved: usize,
}

/// How far the boxes in both `old` and `new`, other than those named in `except` (the
/// edited ones), moved between them.
pub fn displacement(old: &Positions, new: &Positions, except: &[String]) -> Displacement {
    let mut moved: Vec<f64> = new
        .iter()
        .filter(|(name, _)| !except.contains(name))
        .filter_map(|(name, p)| {
            old.get(name)
                .map(|q| ((p[0] - q[0]).powi(2) + (p[1] - q[1]).powi(2)).sqrt())
        })
        .collect();
    moved.sort_by(f64::total_cmp);
    let at = |q: f64| {
        if moved.is_empty() {
            0.0
        } else {
            moved[((moved.len() - 1) as f64 * q).round() as usize]
        }
    };
    Displacement {
        boxes: moved.len(),
        median: at(0.5),
        p90: at(0.9),
        moved: moved.iter().filter(|&&d| d > 0.5).count(),
    }
}

/// Median box width of a drawing, the yardstick for displacement.
pub fn median_width(positions: &Positions) -> f64 {
    let mut widths: Vec<f64> = positions.values().map(|p| p[2]).collect();
    widths.sort_by(f64::total_cmp);
    widths.get(widths.len() / 2).copied().unwrap_or(0.0)
}

/// Edge crossings of a layout whose edges join `ends`.
pub fn crossings(layout: &Layout, ends: &[(usize, usize)]) -> u64 {
    let lines: Vec<Polyline> = layout
        .edges
        .iter()
        .map(|e| quality::flatten(e.start, &e.segments, 8))
        .collect();
    quality::measure(&layout.nodes, &lines, ends).crossings
}

#[cfg(test)]
mod tests {
    use super::*;

    fn positions(items: &[(&str, f64, f64)]) -> Positions {
        items
            .iter()
            .map(|&(n, x, y)| (n.to_string(), [x, y, 100.0, 40.0]))
            .collect()
    }

    #[test]
    fn displacement_skips_edited_and_new_boxes() {
        let old = positions(&[("[A]", 0.0, 0.0), ("[B]", 10.0, 0.0), ("[C]", 0.0, 0.0)]);
        let new = positions(&[
            ("[A]", 0.0, 0.0),
            ("[B]", 13.0, 4.0),
            ("[C]", 500.0, 0.0),
            ("[D]", 9.0, 9.0),
        ]);
        let d = displacement(&old, &new, &["[C]".to_string()]);
        assert_eq!((d.boxes, d.moved), (2, 1));
        assert_eq!(d.p90, 5.0);
    }
}

#[cfg(test)]
mod seeded {
    use crate::generate::{GenerateOptions, random_map};
    use crate::render::svg::{self, SvgOptions};

    use super::*;

    #[test]
    fn a_layout_seeded_with_itself_stays_put() {
        for text in [
            random_map(&GenerateOptions {
                statements: 200,
                seed: 3,
                ..GenerateOptions::default()
            }),
            "[A]: a.\n  + [B]: b.\n    + [C]: c.\n  - [D]: d.\n  + [E]: e.\n    - [C]\n"
                .to_string(),
        ] {
            let graph = crate::load(&text, None).graph;
            let options = SvgOptions::default();
            let (input, fresh, old) = svg::placed(&graph, &options, None);
            let (_, again, new) = svg::placed(&graph, &options, Some(&old));
            let ends: Vec<(usize, usize)> = input.edges.iter().map(|e| (e.from, e.to)).collect();
            let d = displacement(&old, &new, &[]);
            let moved: Vec<_> = new
                .iter()
                .filter(|(n, p)| {
                    let q = &old[n.as_str()];
                    (p[0] - q[0]).abs() + (p[1] - q[1]).abs() > 0.5
                })
                .take(5)
                .map(|(n, p)| (n.clone(), old[n.as_str()], *p))
                .collect();
            // Lanes are re-threaded, so a box may shift by a pixel or so where they squeeze.
            assert!(d.median == 0.0 && d.p90 < 2.0, "{d:?} {moved:?}");
            let (before, after) = (crossings(&fresh, &ends), crossings(&again, &ends));
            assert!(after as f64 <= before as f64 * 1.1, "{before} -> {after}");
        }
    }
}
