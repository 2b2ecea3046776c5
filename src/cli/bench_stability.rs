//! `cruxmap bench stability`: how far unchanged boxes move after a one-claim edit, drawn
//! fresh and drawn seeded with the previous layout.

use std::fmt::Write as _;
use std::path::PathBuf;

use clap::Args;

use super::{EXIT_SUCCESS, Failure, error, input};
use crate::generate::{GenerateOptions, random_map};
use crate::render::stability::{self, Displacement};
use crate::render::svg::{self, SvgOptions};

/// Measure how far unchanged boxes move after an edit, with and without the old layout as seed
#[derive(Args, Debug)]
pub(crate) struct StabilityArgs {
    /// Maps to measure, besides the generated ones [default: graphs/alignment-faking.argdown]
    files: Vec<PathBuf>,
    /// Sizes of generated maps, in statements
    #[arg(long, value_delimiter = ',', default_values_t = [200, 2_000])]
    sizes: Vec<usize>,
    /// Seed of the generated maps
    #[arg(long, default_value_t = 3)]
    seed: u64,
}

/// A one-claim edit.
#[derive(Clone, Copy, Debug)]
enum Edit {
    /// A new reason under a claim.
    Add,
    /// A claim's text replaced by a longer one.
    Reword,
    /// A relation taken from under one claim and put under another.
    Move,
}

impl Edit {
    fn name(self) -> &'static str {
        match self {
            Edit::Add => "add a claim",
            Edit::Reword => "reword a claim",
            Edit::Move => "move a relation",
        }
    }
}

pub(crate) fn run_bench_stability(args: StabilityArgs) -> Result<u8, Failure> {
    let mut maps: Vec<(String, String)> = Vec::new();
    let files = if args.files.is_empty() {
        vec![PathBuf::from("graphs/alignment-faking.argdown")]
    } else {
        args.files
    };
    for path in &files {
        let source = input::read_source(path)?;
        maps.push((source.name, source.text));
    }
    for &n in &args.sizes {
        let text = random_map(&GenerateOptions {
            statements: n,
            seed: args.seed,
            ..GenerateOptions::default()
        });
        maps.push((format!("generated {n}"), text));
    }
    let mut table = String::from(
        "| map | boxes | edit | box width | fresh: median / p90 px | seeded: median / p90 px | moved (fresh / seeded) | crossings fresh / seeded |\n|---|---|---|---|---|---|---|---|\n",
    );
    let options = SvgOptions::default();
    for (name, text) in &maps {
        let old = crate::load(text, Some(name));
        if old.has_errors() {
            return Err(error(format!(
                "{name} has errors; run `cruxmap check` on it"
            )));
        }
        let (_, _, old_positions) = svg::placed(&old.graph, &options, None);
        let width = stability::median_width(&old_positions);
        for edit in [Edit::Add, Edit::Reword, Edit::Move] {
            let Some((edited, changed)) = apply(text, edit) else {
                let _ = writeln!(
                    table,
                    "| {name} | | {} | no place to edit | | | | |",
                    edit.name()
                );
                continue;
            };
            eprintln!("bench: {name}: {}", edit.name());
            let new = crate::load(&edited, Some(name));
            let (input, fresh, fresh_positions) = svg::placed(&new.graph, &options, None);
            let (_, seeded, seeded_positions) =
                svg::placed(&new.graph, &options, Some(&old_positions));
            let ends: Vec<(usize, usize)> = input.edges.iter().map(|e| (e.from, e.to)).collect();
            let a: Displacement =
                stability::displacement(&old_positions, &fresh_positions, &changed);
            let b = stability::displacement(&old_positions, &seeded_positions, &changed);
            let _ = writeln!(
                table,
                "| {name} | {} | {} | {width:.0} | {:.0} / {:.0} | {:.0} / {:.0} | {} / {} of {} | {} / {} |",
                input.nodes.len(),
                edit.name(),
                a.median,
                a.p90,
                b.median,
                b.p90,
                a.moved,
                b.moved,
                b.boxes,
                stability::crossings(&fresh, &ends),
                stability::crossings(&seeded, &ends),
            );
        }
    }
    input::write_output(None, &table)?;
    Ok(EXIT_SUCCESS)
}

/// The title of a definition line (`[Title]: text`, with any indentation, relation symbol or
/// `(n)` before it) and the byte offset where its text starts.
fn definition(line: &str) -> Option<(String, usize)> {
    let open = line.find('[')?;
    let head = line[..open].trim();
    let relation = matches!(
        head,
        "" | "+" | "-" | "<+" | "<-" | "+>" | "->" | "_" | "<_" | "_>" | "><"
    );
    let numbered = head.starts_with('(') && head.ends_with(')');
    if !relation && !numbered {
        return None;
    }
    let close = open + line[open..].find("]: ")?;
    Some((line[open + 1..close].to_string(), close + 3))
}

fn indent(line: &str) -> usize {
    line.len() - line.trim_start().len()
}

/// Line numbers from the middle of the file outwards, so an edit lands inside the map.
fn from_middle(count: usize) -> Vec<usize> {
    let mid = count / 2;
    let mut out = Vec::with_capacity(count);
    for d in 0..count {
        if mid + d < count {
            out.push(mid + d);
        }
        if d > 0 && d <= mid {
            out.push(mid - d);
        }
    }
    out
}

/// `text` with one `edit` made where it keeps the map free of errors, and the claims edited.
fn apply(text: &str, edit: Edit) -> Option<(String, Vec<String>)> {
    let lines: Vec<&str> = text.lines().collect();
    let valid = |candidate: &str| !crate::load(candidate, None).has_errors();
    for i in from_middle(lines.len()) {
        let Some((title, text_at)) = definition(lines[i]) else {
            continue;
        };
        let mut out: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
        let changed = match edit {
            Edit::Add => {
                if indent(lines[i]) != 0 || lines[i].starts_with('(') {
                    continue;
                }
                out.insert(
                    i + 1,
                    "  + [Stability probe]: a reason added by the stability benchmark.".into(),
                );
                vec!["[Stability probe]".to_string(), format!("[{title}]")]
            }
            Edit::Reword => {
                out[i] = format!(
                    "{}this claim was reworded, and now says rather more than it did before the edit.",
                    &lines[i][..text_at]
                );
                vec![format!("[{title}]")]
            }
            Edit::Move => {
                let own = indent(lines[i]);
                let leaf = lines.get(i + 1).is_none_or(|next| indent(next) <= own);
                let symbol = lines[i].trim_start();
                if own == 0 || !leaf || !(symbol.starts_with("+ ") || symbol.starts_with("- ")) {
                    continue;
                }
                // Under the first top-level claim at least a quarter of the file away.
                let far = (0..lines.len()).find(|&j| {
                    j.abs_diff(i) > lines.len() / 4
                        && indent(lines[j]) == 0
                        && !lines[j].starts_with('(')
                        && definition(lines[j]).is_some()
                })?;
                let moved = format!("  {symbol}");
                out.remove(i);
                let at = if far > i { far } else { far + 1 };
                out.insert(at, moved);
                vec![format!("[{title}]")]
            }
        };
        let candidate = out.join("\n") + "\n";
        if valid(&candidate) {
            return Some((candidate, changed));
        }
    }
    None
}
