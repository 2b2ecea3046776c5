//! `cruxmap render`: draw a map as SVG with the built-in layout (or Graphviz), as an
//! interactive HTML page, or as DOT.

use std::path::PathBuf;

use clap::{Args, ValueEnum};

use super::export::read_graph;
use super::graphviz::{self, DotError};
use super::{EXIT_SUCCESS, Failure, error, input};
use crate::render::dot::{self, DotOptions};
use crate::render::html::{self, HtmlOptions};
use crate::render::style::ColorBy;
use crate::render::svg::{self, Direction, LabelMode, Positions, Selector, SvgOptions};

/// Draw a map as SVG, PNG or interactive HTML (built-in layout, no external program) or DOT
#[derive(Args, Debug)]
pub(crate) struct RenderArgs {
    /// The map: an .argdown file, a cruxmap .json file, or `-` for standard input
    file: PathBuf,
    /// Write here instead of standard output (a file is written whole or not at all; a
    /// device or FIFO is written in place)
    #[arg(long, short = 'o')]
    output: Option<PathBuf>,
    /// Let --output name an input file and replace it
    #[arg(long)]
    force: bool,
    /// Output format [default: from the extension of --output, else svg]
    #[arg(long, short = 't', value_enum)]
    to: Option<To>,
    /// Layout engine for SVG
    #[arg(long, value_enum, default_value_t = Engine::Builtin)]
    engine: Engine,
    /// Which way relations point: bt puts conclusions on top (Argdown's default)
    #[arg(long, value_enum, default_value_t = DirectionArg::Bt)]
    direction: DirectionArg,
    /// Leave out the legend
    #[arg(long)]
    no_legend: bool,
    /// Colour boxes by their first tag, top-level section, `source` data, or strength
    /// (Euler-based gradual semantics, base scores from `base` data; docs/cruxes.md)
    #[arg(long, value_enum, default_value_t = ColorByArg::Tag)]
    color_by: ColorByArg,
    /// What boxes show
    #[arg(long, value_enum, default_value_t = LabelsArg::Both)]
    labels: LabelsArg,
    /// Draw only elements with this tag (`#tag`) or in this section (`Title`), with their
    /// subsections; repeat to draw more
    #[arg(long, value_name = "#TAG|SECTION")]
    select: Vec<String>,
    /// Leave out untitled statements
    #[arg(long)]
    hide_untitled: bool,
    /// Pixels per SVG unit in PNG output (large maps are scaled down to fit 64 Mpx)
    #[arg(long, default_value_t = 1.0, value_parser = positive_scale)]
    scale: f32,
    /// Keep boxes where this positions file (JSON) had them, and write the new positions
    /// to it; the file is created on the first run (built-in layout, SVG, PNG or HTML)
    #[arg(long, value_name = "POSITIONS.json")]
    keep_layout: Option<PathBuf>,
}

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq)]
enum ColorByArg {
    /// First tag
    Tag,
    /// Top-level section
    Section,
    /// `source` data
    Source,
    /// Strength under Euler-based gradual semantics, red (weak) to green (strong)
    Strength,
}

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq)]
enum LabelsArg {
    /// Title and text
    Both,
    /// Title only
    Title,
    /// Text only
    Text,
}

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq)]
enum To {
    /// Scalable vector graphics
    Svg,
    /// PNG image (rasterized with resvg and the bundled fonts)
    Png,
    /// Graphviz DOT
    Dot,
    /// Interactive map in one self-contained HTML file (built-in layout)
    Html,
}

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq)]
enum Engine {
    /// cruxmap's own layered layout (no external program)
    Builtin,
    /// Graphviz `dot`, if installed
    Graphviz,
}

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq)]
enum DirectionArg {
    /// Conclusions on top, reasons below
    Bt,
    /// Reasons on top, conclusions below
    Tb,
}

pub(crate) fn run_render(args: RenderArgs) -> Result<u8, Failure> {
    input::refuse_overwriting_input(args.output.as_deref(), &[&args.file], args.force)?;
    let to = args
        .to
        .unwrap_or_else(|| match args.output.as_ref().and_then(|p| p.extension()) {
            Some(e) if e == "dot" || e == "gv" => To::Dot,
            Some(e) if e == "png" => To::Png,
            Some(e) if e == "html" || e == "htm" => To::Html,
            _ => To::Svg,
        });
    let graph = read_graph(&args.file, None)?;
    if args.color_by == ColorByArg::Strength {
        // Shading by strength needs valid base scores; say which one is wrong.
        let view = crate::analysis::Dialectic::new(&graph);
        crate::analysis::semantics::base_scores(&graph, &view, 0.5)
            .map_err(|e| super::error(e.to_string()))?;
    }
    let rankdir = match args.direction {
        DirectionArg::Bt => "BT",
        DirectionArg::Tb => "TB",
    };
    let to_svg = if to == To::Png || to == To::Html {
        To::Svg
    } else {
        to
    };
    if to == To::Html && args.engine == Engine::Graphviz {
        return Err(error(
            "the HTML map is drawn with the built-in layout; leave out --engine graphviz",
        ));
    }
    if args.keep_layout.is_some() && (to == To::Dot || args.engine == Engine::Graphviz) {
        return Err(error(
            "--keep-layout works with the built-in layout; leave out --engine graphviz and -t dot",
        ));
    }
    let seed = match &args.keep_layout {
        Some(path) => read_positions(path)?,
        None => None,
    };
    let mut positions = None;
    let text = match (to_svg, args.engine) {
        (To::Png | To::Html, _) => unreachable!("PNG and HTML are drawn as SVG first"),
        (To::Dot, _) => dot::write(
            &graph,
            &DotOptions {
                rankdir,
                ..DotOptions::default()
            },
        ),
        (To::Svg, Engine::Builtin) => {
            let options = SvgOptions {
                direction: match args.direction {
                    DirectionArg::Bt => Direction::BottomToTop,
                    DirectionArg::Tb => Direction::TopToBottom,
                },
                legend: !args.no_legend,
                color_by: match args.color_by {
                    ColorByArg::Tag => ColorBy::Tag,
                    ColorByArg::Section => ColorBy::Section,
                    ColorByArg::Source => ColorBy::Source,
                    ColorByArg::Strength => ColorBy::Strength,
                },
                labels: match args.labels {
                    LabelsArg::Both => LabelMode::Both,
                    LabelsArg::Title => LabelMode::Title,
                    LabelsArg::Text => LabelMode::Text,
                },
                select: args
                    .select
                    .iter()
                    .map(|s| match s.strip_prefix('#') {
                        Some(tag) => Selector::Tag(
                            tag.trim_start_matches('(')
                                .trim_end_matches(')')
                                .to_string(),
                        ),
                        None => Selector::Section(s.clone()),
                    })
                    .collect(),
                hide_untitled: args.hide_untitled,
                ..SvgOptions::default()
            };
            let (text, placed) = if to == To::Html {
                html::write_seeded(
                    &graph,
                    &HtmlOptions {
                        svg: options,
                        ..HtmlOptions::default()
                    },
                    seed.as_ref(),
                )
            } else {
                svg::write_seeded(&graph, &options, seed.as_ref())
            };
            positions = Some(placed);
            text
        }
        (To::Svg, Engine::Graphviz) => {
            let source = dot::write(
                &graph,
                &DotOptions {
                    rankdir,
                    ..DotOptions::default()
                },
            );
            run_dot(&source)?
        }
    };
    if to == To::Png {
        let Some(path) = args
            .output
            .as_deref()
            .filter(|p| *p != std::path::Path::new("-"))
        else {
            return Err(error("PNG output needs a file: add `-o map.png`"));
        };
        let png = crate::render::png::from_svg(&text, args.scale)
            .map_err(|e| error(format!("cannot draw PNG: {e}")))?;
        if png.scale < args.scale {
            eprintln!(
                "cruxmap: note: the map is large; PNG drawn at scale {:.3} to stay under {} megapixels (SVG has full detail)",
                png.scale,
                (crate::render::png::MAX_PIXELS / 1e6).round()
            );
        }
        input::write_output_with(Some(path), |w| w.write_all(&png.bytes))?;
    } else {
        input::write_output(args.output.as_deref(), &text)?;
    }
    if let (Some(path), Some(positions)) = (&args.keep_layout, positions) {
        let json = serde_json::to_string(&positions)
            .map_err(|e| error(format!("cannot write positions: {e}")))?;
        input::write_output(Some(path), &(json + "\n"))?;
    }
    std::mem::forget(graph);
    Ok(EXIT_SUCCESS)
}

/// The positions written by an earlier `--keep-layout` run, or `None` if there is no file yet.
fn read_positions(path: &std::path::Path) -> Result<Option<Positions>, Failure> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(error(format!("{}: {e}", path.display()))),
    };
    serde_json::from_str(&text).map(Some).map_err(|e| {
        error(format!(
            "{}: not a positions file written by --keep-layout ({e})",
            path.display()
        ))
    })
}

/// Runs Graphviz `dot -Tsvg` on `source`.
fn run_dot(source: &str) -> Result<String, Failure> {
    let svg = graphviz::run_dot("svg", source).map_err(|e| match e {
        DotError::NotInstalled(err) => error(format!(
            "cannot run Graphviz `dot` ({err}).\n  hint: install Graphviz (Debian/Ubuntu: `apt-get install graphviz`, macOS: `brew install graphviz`), or leave out --engine graphviz to use the built-in layout"
        )),
        DotError::Failed(message) => error(format!("Graphviz `dot` failed: {message}")),
    })?;
    String::from_utf8(svg).map_err(|_| error("Graphviz `dot` wrote output that is not UTF-8"))
}

/// `--scale`: a finite number above 0 (0 or less drew nothing, or failed deep in the PNG
/// writer).
fn positive_scale(text: &str) -> Result<f32, String> {
    match text.parse::<f32>() {
        Ok(scale) if scale.is_finite() && scale > 0.0 => Ok(scale),
        Ok(_) => Err(format!("`{text}` is not above 0; give e.g. 1 or 2.5")),
        Err(_) => Err(format!("`{text}` is not a number")),
    }
}
