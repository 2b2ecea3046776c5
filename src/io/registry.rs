//! The format registry: which formats cruxmap reads and writes, how a file's format is
//! detected (`--from`, then the extension, then the content), and one `read`/`write` pair
//! that every command goes through.
//!
//! Owns detection and dispatch; each format's mapping lives in its own file. Argdown's
//! `@include`s are file access, so the caller expands them before [`read`].

use std::path::Path;

use crate::Loaded;
use crate::model::{ArgumentGraph, Relation, RelationKind};

use super::{aif, argdown, argdown_json, graphml, iccma, json, kialo, microtext, microtext_map};

/// A format cruxmap reads or writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Format {
    /// Argdown text.
    Argdown,
    /// cruxmap's own JSON.
    Json,
    /// The shape of Argdown 1.7.5's `argdown json` output (write only).
    ArgdownJson,
    /// A gold file of the argumentative microtext corpus.
    Microtext,
    /// AIF JSON as OVA and AIFdb write it, including OVA3's xAIF.
    Aif,
    /// Kialo's discussion export as text.
    Kialo,
    /// ICCMA 2023 `p af N` attack graphs.
    Iccma,
    /// ASPARTIX `arg/att` facts.
    Apx,
    /// GraphML for yEd, Gephi and networkx (write only).
    Graphml,
}

impl Format {
    /// The format's name on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Format::Argdown => "argdown",
            Format::Json => "json",
            Format::ArgdownJson => "argdown-json",
            Format::Microtext => "microtext",
            Format::Aif => "aif",
            Format::Kialo => "kialo",
            Format::Iccma => "iccma",
            Format::Apx => "apx",
            Format::Graphml => "graphml",
        }
    }

    /// Whether cruxmap reads this format.
    pub fn is_readable(self) -> bool {
        !matches!(self, Format::ArgdownJson | Format::Graphml)
    }

    /// The format a file extension names, if any (`.json` is decided by the content).
    pub fn from_extension(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        Some(match ext.as_str() {
            "argdown" | "ad" => Format::Argdown,
            "aif" => Format::Aif,
            "xml" => Format::Microtext,
            "af" | "i23" | "tgf" => Format::Iccma,
            "apx" => Format::Apx,
            "graphml" => Format::Graphml,
            _ => return None,
        })
    }

    /// The format the content looks like; Argdown when nothing else fits.
    pub fn sniff(text: &str) -> Format {
        let head = text.trim_start_matches('\u{feff}').trim_start();
        if microtext::is_microtext(head) {
            Format::Microtext
        } else if head.starts_with('{') {
            if aif::is_aif(head) {
                Format::Aif
            } else {
                Format::Json
            }
        } else if kialo::is_kialo(head) {
            Format::Kialo
        } else if head.starts_with("p af ") {
            Format::Iccma
        } else if iccma::is_apx(head) {
            Format::Apx
        } else {
            Format::Argdown
        }
    }

    /// The format to read `path` in: `from` if given, else its extension, else its content.
    pub fn detect(from: Option<Format>, path: &Path, text: &str) -> Format {
        from.or_else(|| Format::from_extension(path).filter(|f| f.is_readable()))
            .unwrap_or_else(|| Format::sniff(text))
    }

    /// The format to write `path` in, from its extension (`.json` is cruxmap JSON).
    pub fn for_output(path: &Path) -> Option<Format> {
        match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
            "json" => Some(Format::Json),
            _ => Format::from_extension(path),
        }
    }
}

/// A file that cannot be read in the format it was read as.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ReadError {
    /// cruxmap JSON.
    #[error(transparent)]
    Json(#[from] json::JsonError),
    /// Microtext XML that is not well-formed or not in the corpus's shape.
    #[error("line {}, column {}: {}", .0.line, .0.column, .0.message)]
    Microtext(#[from] microtext::MicrotextError),
    /// A microtext file whose units do not form an argument tree.
    #[error("{0}")]
    MicrotextStructure(#[from] microtext::StructureError),
    /// AIF JSON.
    #[error(transparent)]
    Aif(#[from] aif::AifError),
    /// Kialo text.
    #[error(transparent)]
    Kialo(#[from] kialo::KialoError),
    /// An ICCMA or ASPARTIX attack graph.
    #[error("line {}, column {}: {}", .0.line, .0.column, .0.message)]
    Iccma(#[from] iccma::IccmaError),
    /// A format cruxmap only writes.
    #[error("cruxmap writes {0} but does not read it")]
    WriteOnly(&'static str),
}

impl ReadError {
    /// What to do about it.
    pub fn hint(&self) -> Option<&str> {
        match self {
            ReadError::Json(_) => Some(
                "cruxmap JSON comes from `cruxmap export --to json`; for AIF give `--from aif`",
            ),
            ReadError::Microtext(e) => Some(e.hint),
            ReadError::MicrotextStructure(_) => {
                Some("each unit needs one outgoing relation and one unit must be the central claim")
            }
            ReadError::Aif(e) => Some(e.hint()),
            ReadError::Kialo(e) => Some(e.hint()),
            ReadError::Iccma(e) => Some(e.hint),
            ReadError::WriteOnly(_) => Some("give a map in a format cruxmap reads, see `--from`"),
        }
    }
}

/// Reads `text` as `format`; `name` is the source's name, kept for provenance. Argdown
/// comes back with its diagnostics (its `@include`s must be expanded already).
pub fn read(format: Format, text: &str, name: &str) -> Result<Loaded, ReadError> {
    let mut graph = match format {
        Format::Argdown => return Ok(argdown::read(text, Some(name))),
        Format::Json => json::read(text)?,
        Format::Microtext => microtext_map::to_graph(&microtext::read(text)?, name)?,
        Format::Aif => aif::read(text)?,
        Format::Kialo => kialo::read(text)?,
        Format::Iccma => attack_graph(iccma::read_i23(text)?),
        Format::Apx => attack_graph(iccma::read_apx(text)?),
        Format::ArgdownJson | Format::Graphml => return Err(ReadError::WriteOnly(format.name())),
    };
    if graph.source_name.is_none() {
        graph.source_name = Some(name.to_string());
    }
    graph.derive_relations();
    Ok(Loaded {
        graph,
        diagnostics: Vec::new(),
    })
}

/// Writes `graph` in `format`, or `None` for a format this registry does not write
/// (DOT and the attack-graph formats are written by the command line, from `render` and
/// `analysis`).
pub fn write(format: Format, graph: &ArgumentGraph) -> Option<String> {
    Some(match format {
        Format::Argdown => argdown::write(graph),
        Format::Json => json::write(graph),
        Format::ArgdownJson => argdown_json::write(graph),
        Format::Aif => aif::write(graph),
        Format::Graphml => graphml::write(graph),
        Format::Microtext | Format::Kialo | Format::Iccma | Format::Apx => return None,
    })
}

/// An attack graph as a map: each argument a statement, each attack an attack.
fn attack_graph(af: iccma::AttackGraph) -> ArgumentGraph {
    let mut graph = ArgumentGraph::with_capacity(af.names.len(), af.attacks.len());
    let ids: Vec<_> = af
        .names
        .iter()
        .map(|name| {
            let s = super::map::statement(name.clone(), "", serde_json::Map::new(), 0);
            // Names are unique in a framework that read without error.
            graph.add_statement(s).ok()
        })
        .collect();
    for &(from, to) in &af.attacks {
        if let (Some(Some(a)), Some(Some(b))) = (ids.get(from as usize), ids.get(to as usize)) {
            graph.add_relation(
                (*a).into(),
                (*b).into(),
                Relation {
                    kind: RelationKind::Attack,
                    location: None,
                },
            );
        }
    }
    graph
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_format_comes_from_the_flag_then_the_extension_then_the_content() {
        let aif = r#"{"nodes": [], "edges": []}"#;
        assert_eq!(
            Format::detect(Some(Format::Kialo), Path::new("a.xml"), aif),
            Format::Kialo
        );
        assert_eq!(
            Format::detect(None, Path::new("a.xml"), aif),
            Format::Microtext
        );
        assert_eq!(Format::detect(None, Path::new("a.json"), aif), Format::Aif);
        assert_eq!(
            Format::detect(None, Path::new("a.json"), r#"{"cruxmap": 1}"#),
            Format::Json
        );
        assert_eq!(
            Format::detect(None, Path::new("-"), "Discussion Title: x\n\n1. x"),
            Format::Kialo
        );
        assert_eq!(
            Format::detect(
                None,
                Path::new("a.txt"),
                "<?xml version=\"1.0\"?><arggraph/>"
            ),
            Format::Microtext
        );
        assert_eq!(
            Format::detect(None, Path::new("a"), "p af 2\n1 2\n"),
            Format::Iccma
        );
        assert_eq!(
            Format::detect(None, Path::new("a"), "[A]: text"),
            Format::Argdown
        );
    }

    #[test]
    fn write_only_formats_say_so() {
        let err = read(Format::Graphml, "", "x").unwrap_err();
        assert_eq!(
            err.to_string(),
            "cruxmap writes graphml but does not read it"
        );
    }
}
