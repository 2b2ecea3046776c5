//! `cruxmap extract`: prose in, a draft argument map out (Argdown, cruxmap JSON, or the
//! microtext corpus's XML for scoring).

use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};

use super::{EXIT_SUCCESS, Failure, diagnostics, error, input};
use crate::extract::decode::Kind;
use crate::extract::draft::{self, Draft};
use crate::extract::{Parser, argdown, thread};
use crate::io::microtext::{self, Structure};
use crate::syntax::Severity;

/// Draft an argument map from prose: claims with their source lines, support and attack
#[derive(Args, Debug)]
#[command(after_help = "Examples:
  cruxmap extract essay.txt -o draft.argdown
  cruxmap extract thread.txt --format json
  cruxmap extract micro_b001.txt --segments units.xml --format microtext-xml -o pred.xml
  cruxmap extract thread.json --min-confidence 0.3

Threads (--genre thread, detected for JSON and for text whose first line is a title such as
\"Comments\"): a JSON list of posts, each {\"text\", \"author\"?, \"id\"?, \"reply_to\"?}
(reply_to: the id of an earlier post, else its 0-based index; absent or null: the post
before), or also {\"posts\": [...]}; or plain text with one post per paragraph, list items
and quoted lines belonging to the post before them. Each post gets its own central claim, a
reply's central claim supports or attacks the one it answers, and each claim's `source` is
its author.")]
pub(crate) struct ExtractArgs {
    /// Text files of prose (`-` reads standard input)
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// Output format
    #[arg(long, short = 'f', value_enum, default_value_t = Format::Argdown)]
    format: Format,
    /// Write here instead of standard output (a file is written whole or not at all; a
    /// device or FIFO is written in place)
    #[arg(long, short = 'o')]
    output: Option<PathBuf>,
    /// Let --output name an input file and replace it
    #[arg(long)]
    force: bool,
    /// Take the units from this microtext corpus file (its `edu`s and `adu`s; any roles and
    /// relations in it are ignored) instead of segmenting the text
    #[arg(long, value_name = "SEGS.xml")]
    segments: Option<PathBuf>,
    /// Weights written by `cruxmap train-extract` [default: the shipped ones]
    #[arg(long, value_name = "FILE")]
    weights: Option<PathBuf>,
    /// What kind of prose the files are: `auto` reads JSON posts and text whose first line is
    /// a title such as "Comments" as threads, and paragraphed texts with several sentences
    /// per paragraph as essays
    #[arg(long, value_enum, default_value_t = Genre::Auto)]
    genre: Genre,
    /// Essay weights written by `cruxmap train-extract --genre essay` [default: the shipped ones]
    #[arg(long, value_name = "FILE")]
    essay_weights: Option<PathBuf>,
    /// Leave out claims whose confidence (a calibrated probability that the claim's relation
    /// is right) is below X, 0 to 1; their supporters and attackers attach to what the
    /// dropped claim pointed at. The central claim always stays
    #[arg(long, value_name = "X")]
    min_confidence: Option<f64>,
}

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq)]
enum Genre {
    /// Thread or essay if the text looks like one, else microtext
    Auto,
    /// Paragraphed persuasive prose: thesis, claims, premises
    Essay,
    /// Short argumentative texts and single forum posts
    Microtext,
    /// A comment thread: posts by several people (JSON list or plain text, see below)
    Thread,
}

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq)]
enum Format {
    /// Argdown that `cruxmap check` and Argdown accept
    Argdown,
    /// cruxmap's own JSON, as `export --to json` writes it
    Json,
    /// The XML of the microtext corpus (arggraph.dtd), to score against a gold file
    MicrotextXml,
}

pub(crate) fn run_extract(args: ExtractArgs) -> Result<u8, Failure> {
    let inputs: Vec<&Path> = args
        .files
        .iter()
        .map(PathBuf::as_path)
        .chain(args.segments.as_deref())
        .chain(args.weights.as_deref())
        .chain(args.essay_weights.as_deref())
        .collect();
    input::refuse_overwriting_input(args.output.as_deref(), &inputs, args.force)?;
    if let Some(min) = args.min_confidence {
        draft::check_threshold(min)
            .map_err(|err| error(format!("--min-confidence: {err}\n  hint: {}", err.hint())))?;
    }
    let parser = super::eval_extract::load_parser(args.weights.as_deref())?;
    let essay_model = super::eval_extract::load_essay_model(args.essay_weights.as_deref())?;
    if let Some(segments) = &args.segments {
        if args.files.len() != 1 {
            return Err(error(
                "--segments takes the units of one text; give one file",
            ));
        }
        return extract_segments(&args, &parser, segments);
    }
    let mut drafts: Vec<(String, Draft)> = Vec::new();
    // Which weights made the drafts, for the header: the microtext parser's, the essay
    // model's, or both.
    let (mut used_parser, mut used_essay) = (false, false);
    for path in &args.files {
        let source = input::read_source(path)?;
        let genre = match args.genre {
            Genre::Auto if thread::is_thread(&source.text) => Genre::Thread,
            Genre::Auto if crate::extract::essay::looks_like_essay(&source.text) => Genre::Essay,
            Genre::Auto => Genre::Microtext,
            other => other,
        };
        match genre {
            Genre::Essay => used_essay = true,
            _ => used_parser = true,
        }
        let drafted = match genre {
            Genre::Essay => draft::extract_essay(&source.text, &essay_model),
            Genre::Thread => thread::extract_thread(&source.text, &parser),
            _ => draft::extract(&source.text, &parser),
        };
        let fail = |err: draft::ExtractError| {
            error(format!("{}: {err}\n  hint: {}", source.name, err.hint()))
        };
        let mut draft = drafted.map_err(fail)?;
        if let Some(min) = args.min_confidence {
            let dropped = draft.prune(min).map_err(fail)?;
            if dropped > 0 {
                eprintln!(
                    "cruxmap: {}: left out {dropped} claim(s) with confidence below {min}",
                    super::visible::visible(&source.name)
                );
            }
        }
        let supports = draft
            .tree
            .target
            .iter()
            .filter(|t| matches!(t, Some((_, Kind::Support))))
            .count();
        let attacks = draft.tree.target.iter().flatten().count() - supports;
        let plural =
            |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        eprintln!(
            "cruxmap: {}: {}, {}, {}{}",
            super::visible::visible(&source.name),
            plural(draft.units.len(), "claim", "claims"),
            plural(supports, "support", "supports"),
            plural(attacks, "attack", "attacks"),
            if draft.repeated_sentences > 0 {
                format!(
                    ", {} kept once",
                    plural(
                        draft.repeated_sentences,
                        "repeated sentence",
                        "repeated sentences"
                    )
                )
            } else {
                String::new()
            }
        );
        drafts.push((source.name, draft));
    }
    match args.format {
        Format::MicrotextXml => {
            let [(name, draft)] = drafts.as_slice() else {
                return Err(error(
                    "--format microtext-xml writes one text; give one file",
                ));
            };
            let edus: Vec<(String, String)> = draft
                .units
                .iter()
                .enumerate()
                .map(|(k, u)| (format!("e{}", k + 1), u.text.clone()))
                .collect();
            let structure = structure_of(
                (1..=edus.len()).map(|k| format!("a{k}")).collect(),
                edus.iter().map(|(e, _)| vec![e.clone()]).collect(),
                &draft.tree,
            );
            input::write_output(
                args.output.as_deref(),
                &microtext::write(&corpus_id(name), &edus, &structure),
            )
        }
        Format::Argdown | Format::Json => {
            let refs: Vec<(&str, &Draft)> = drafts.iter().map(|(n, d)| (n.as_str(), d)).collect();
            let trained_on = match (used_parser, used_essay) {
                (true, true) => format!("{} and {}", parser.trained_on, essay_model.trained_on),
                (false, true) => essay_model.trained_on.clone(),
                _ => parser.trained_on.clone(),
            };
            let text = argdown::write(&refs, &trained_on);
            if args.format == Format::Argdown {
                input::write_output(args.output.as_deref(), &text)
            } else {
                let loaded = crate::load(&text, Some("draft.argdown"));
                if loaded
                    .diagnostics
                    .iter()
                    .any(|d| d.severity == Severity::Error)
                {
                    // A bug in the writer, not in the input: show what went wrong.
                    diagnostics::print("draft.argdown", &text, &loaded.diagnostics);
                    return Err(error(
                        "the draft is not valid Argdown (a bug; please report it)",
                    ));
                }
                input::write_output_with(args.output.as_deref(), |w| {
                    crate::io::json::write_to(&loaded.graph, w)
                })
            }
        }
    }?;
    Ok(EXIT_SUCCESS)
}

/// The corpus id for a file: its name without extension.
fn corpus_id(name: &str) -> String {
    let stem = Path::new(name)
        .file_stem()
        .map_or("text".to_string(), |s| s.to_string_lossy().into_owned());
    let id: String = stem
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '_' || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if id.starts_with(|c: char| c.is_alphabetic() || c == '_') {
        id
    } else {
        format!("t{id}")
    }
}

/// A decoded tree as a microtext structure over the given unit ids.
fn structure_of(
    ids: Vec<String>,
    edus: Vec<Vec<String>>,
    tree: &crate::extract::decode::Tree,
) -> Structure {
    let n = ids.len();
    Structure {
        texts: vec![String::new(); n],
        edus,
        opponent: tree.opponent.clone(),
        target: tree
            .target
            .iter()
            .map(|t| t.map(|(j, k)| (j, crate::extract::parser::function_of(k))))
            .collect(),
        ids,
    }
}

/// `extract TEXT --segments SEGS.xml`: parse the given units.
fn extract_segments(args: &ExtractArgs, parser: &Parser, segments: &Path) -> Result<u8, Failure> {
    let text = input::read_source(&args.files[0])?;
    let seg_source = input::read_source(segments)?;
    let file = microtext::read(&seg_source.text)
        .map_err(|err| error(format!("{}:{err}\n  hint: {}", seg_source.name, err.hint)))?;
    let (ids, edus) = file.units();
    let texts: Vec<String> = file.unit_texts(&edus);
    // The units should come from the text; say so when they do not.
    let squash = |s: &str| s.split_whitespace().collect::<String>();
    let whole = squash(&text.text);
    if let Some(missing) = texts.iter().find(|t| !whole.contains(&squash(t))) {
        eprintln!(
            "cruxmap: warning: the unit \"{}\" of {} is not in {}",
            missing.chars().take(60).collect::<String>(),
            seg_source.name,
            text.name
        );
    }
    if texts.len() > crate::extract::draft::MAX_EXACT_UNITS {
        eprintln!(
            "cruxmap: note: {} units, more than the {} decoded as one tree; parsing them in \
             chunks of 10 as plain `extract` does",
            texts.len(),
            crate::extract::draft::MAX_EXACT_UNITS
        );
    }
    let tree = crate::extract::draft::parse_units(parser, &texts);
    let structure = structure_of(ids, edus, &tree);
    match args.format {
        Format::MicrotextXml => {
            let id = if file.id.is_empty() {
                corpus_id(&text.name)
            } else {
                file.id.clone()
            };
            input::write_output(
                args.output.as_deref(),
                &microtext::write(&id, &file.edus, &structure),
            )?;
        }
        Format::Argdown | Format::Json => {
            return Err(error(
                "--segments is for scoring: use it with --format microtext-xml",
            ));
        }
    }
    Ok(EXIT_SUCCESS)
}
