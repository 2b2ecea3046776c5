//! Colours and fonts shared by renderers, so DOT, SVG and HTML look alike.
//!
//! Owns the palette; it must not lay anything out.

use indexmap::IndexMap;

use crate::model::{ArgumentGraph, ElementId};

/// Font family named in drawings.
pub const FONT: &str = "Helvetica,Arial,sans-serif";
/// Support and entailment.
pub const SUPPORT: &str = "#2e7d32";
/// Attack and contrariness.
pub const ATTACK: &str = "#c62828";
/// Undercut.
pub const UNDERCUT: &str = "#6a1b9a";
/// Contradiction.
pub const CONTRADICTION: &str = "#ef6c00";
/// Premise and conclusion links of a reconstructed argument.
pub const STRUCTURE: &str = "#757575";
/// Elements with no tag.
pub const NEUTRAL: &str = "#546e7a";

/// ColorBrewer Dark2 (as Argdown uses for tags), then a few more distinct hues.
const TAG_COLORS: [&str; 12] = [
    "#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02", "#a6761d", "#1f78b4",
    "#b15928", "#6a3d9a", "#33a02c", "#e31a1c",
];

/// What decides the colour of a box.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ColorBy {
    /// Its first tag (Argdown's way).
    #[default]
    Tag,
    /// Its top-level section.
    Section,
    /// Its `source` data (the provenance of the bundled maps).
    Source,
    /// Its strength under Euler-based gradual semantics (base scores from `base` data,
    /// default 0.5), in five bands from red (0–0.2) to green (0.8–1). The caller checks
    /// the base scores first (`analysis::semantics::base_scores`); a map whose base
    /// scores are not all in [0, 1] is shaded as if every base score were 0.5.
    Strength,
}

/// Bands of strength, weakest first, and their colours (red to green).
const STRENGTH_BANDS: [(&str, &str); 5] = [
    ("strength 0–0.2", "#c62828"),
    ("strength 0.2–0.4", "#ef6c00"),
    ("strength 0.4–0.6", "#9e9d24"),
    ("strength 0.6–0.8", "#7cb342"),
    ("strength 0.8–1", "#2e7d32"),
];

/// Colours by key (tag, section or source): each key gets the next colour in order of
/// first use.
#[derive(Clone, Debug)]
pub struct Palette {
    by: ColorBy,
    keys: IndexMap<String, &'static str>,
    /// Strength of each element, when colouring by strength.
    strengths: std::collections::HashMap<ElementId, f64>,
}

impl Palette {
    /// Assigns colours to the keys of `graph` in order of first use.
    pub fn new(graph: &ArgumentGraph, by: ColorBy) -> Self {
        let mut palette = Palette {
            by,
            keys: IndexMap::new(),
            strengths: std::collections::HashMap::new(),
        };
        if by == ColorBy::Strength {
            palette.strengths = strengths(graph);
            // Bands in fixed order, so the legend reads from weak to strong.
            for (band, color) in STRENGTH_BANDS {
                palette.keys.insert(band.to_string(), color);
            }
        }
        let elements = graph
            .statements()
            .map(|(id, _)| ElementId::from(id))
            .chain(graph.arguments().map(|(id, _)| ElementId::from(id)));
        for element in elements {
            if let Some(key) = palette.key_of(graph, element) {
                let next = TAG_COLORS[palette.keys.len() % TAG_COLORS.len()];
                palette.keys.entry(key).or_insert(next);
            }
        }
        palette
    }

    /// The key an element is coloured by, if it has one.
    fn key_of(&self, graph: &ArgumentGraph, element: ElementId) -> Option<String> {
        match self.by {
            ColorBy::Tag => graph.tags(element).first().cloned(),
            ColorBy::Section => {
                let top = *graph.section_ancestry(graph.section(element)).last()?;
                Some(graph.sections[top].title.clone())
            }
            ColorBy::Source => {
                let data = match element {
                    ElementId::Statement(s) => &graph.statement(s).data,
                    ElementId::Argument(a) => &graph.argument(a).data,
                };
                data.get("source").map(|v| match v.as_str() {
                    Some(s) => s.to_string(),
                    None => v.to_string(),
                })
            }
            ColorBy::Strength => {
                let s = *self.strengths.get(&element)?;
                let band = ((s * 5.0) as usize).min(4);
                Some(STRENGTH_BANDS[band].0.to_string())
            }
        }
    }

    /// What the palette colours by.
    pub fn by(&self) -> ColorBy {
        self.by
    }

    /// Keys and their colours, in order of first use.
    pub fn keys(&self) -> impl Iterator<Item = (&str, &'static str)> {
        self.keys.iter().map(|(t, c)| (t.as_str(), *c))
    }

    /// The keys some of `elements` have, in palette order (colours stay those of the whole
    /// map, so a selection is coloured like the full drawing).
    pub fn keys_of(
        &self,
        graph: &ArgumentGraph,
        elements: &[ElementId],
    ) -> Vec<(String, &'static str)> {
        let used: std::collections::HashSet<String> = elements
            .iter()
            .filter_map(|&e| self.key_of(graph, e))
            .collect();
        self.keys
            .iter()
            .filter(|(k, _)| used.contains(*k))
            .map(|(k, c)| (k.clone(), *c))
            .collect()
    }

    /// The colour of an element: that of its key, or neutral.
    pub fn color_of(&self, graph: &ArgumentGraph, element: ElementId) -> &'static str {
        self.key_of(graph, element)
            .and_then(|k| self.keys.get(&k).copied())
            .unwrap_or(NEUTRAL)
    }
}

/// Every element's Euler-based strength.
fn strengths(graph: &ArgumentGraph) -> std::collections::HashMap<ElementId, f64> {
    use crate::analysis::Dialectic;
    use crate::analysis::semantics::{Bipolar, GradualOptions, GradualSemantics, base_scores};
    let view = Dialectic::new(graph);
    let base = base_scores(graph, &view, 0.5).unwrap_or_else(|_| vec![0.5; view.len()]);
    let values = Bipolar::from_map(&view)
        .evaluate(GradualSemantics::Euler, &base, GradualOptions::default())
        .values;
    (0..view.len())
        .map(|c| (view.element(c as crate::analysis::Claim), values[c]))
        .collect()
}

/// A light tint of a `#rrggbb` colour, for fills behind dark text.
pub fn tint(hex: &str) -> String {
    let channel =
        |i: usize| u8::from_str_radix(hex.get(i..i + 2).unwrap_or("80"), 16).unwrap_or(128);
    let mix = |c: u8| 255 - ((255 - c as u32) * 18 / 100) as u8;
    format!(
        "#{:02x}{:02x}{:02x}",
        mix(channel(1)),
        mix(channel(3)),
        mix(channel(5))
    )
}

/// Black or white, whichever reads better on `hex`.
pub fn text_on(hex: &str) -> &'static str {
    let channel =
        |i: usize| u8::from_str_radix(hex.get(i..i + 2).unwrap_or("80"), 16).unwrap_or(128) as u32;
    let luma = 299 * channel(1) + 587 * channel(3) + 114 * channel(5);
    if luma > 150_000 { "#000000" } else { "#ffffff" }
}

/// Background of a section cluster, slightly darker when nested deeper.
pub fn section_fill(level: u8) -> &'static str {
    match level {
        1 => "#f4f6f8",
        2 => "#eceff2",
        _ => "#e3e7eb",
    }
}
