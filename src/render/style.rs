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
}

/// Colours by key (tag, section or source): each key gets the next colour in order of
/// first use.
#[derive(Clone, Debug)]
pub struct Palette {
    by: ColorBy,
    keys: IndexMap<String, &'static str>,
}

impl Palette {
    /// Assigns colours to the keys of `graph` in order of first use.
    pub fn new(graph: &ArgumentGraph, by: ColorBy) -> Self {
        let mut palette = Palette {
            by,
            keys: IndexMap::new(),
        };
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
