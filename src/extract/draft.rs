//! From a prose document to a draft: paragraphs and thread structure, repeated passages kept
//! once, units, and one argument tree over all of them (parsed chunk by chunk, then the
//! chunks' central claims parsed again, so long texts stay linear).

use thiserror::Error;

use super::decode::{Kind, Tree};
use super::essay::EssayModel;
use super::features::tokens;
use super::parser::Parser;
use super::segment::{self, Span};

/// The most bytes `extract` reads: about 16,000 pages of prose.
pub const MAX_EXTRACT_BYTES: usize = 16 << 20;

/// Units per chunk parsed at once; microtexts have 3 to 10.
const CHUNK: usize = 10;

/// Most units [`parse_units`] decodes as one tree. Exact decoding tries every unit as the
/// central claim, each with a spanning-tree search: O(n⁴) in the worst case (400 units took
/// three minutes). Beyond this many, units are parsed chunk by chunk as [`parse_long`] does.
pub const MAX_EXACT_UNITS: usize = 60;

/// A unit longer than this many words is cut at a comma (or a word) into pieces.
const MAX_UNIT_WORDS: usize = 80;

/// One argumentative unit of the draft.
#[derive(Debug, Clone, PartialEq)]
pub struct Unit {
    /// Its text, white space collapsed.
    pub text: String,
    /// Where it is in the source (bytes).
    pub span: Span,
    /// 1-based line and column (in characters) of its start.
    pub line: usize,
    /// 1-based column in characters.
    pub column: usize,
    /// It was quoted from someone else (a line starting with `>`).
    pub quoted: bool,
    /// The list item it belongs to (`a`, `2`, `-`), if any.
    pub item: Option<String>,
    /// How many later copies of its sentence were dropped.
    pub repeats: usize,
    /// Its kind in an essay (`major-claim`, `claim`, `premise`), if the genre gives one.
    pub kind: Option<&'static str>,
}

/// A draft argument map.
#[derive(Debug, Clone, PartialEq)]
pub struct Draft {
    /// The units in text order.
    pub units: Vec<Unit>,
    /// Their argument tree.
    pub tree: Tree,
    /// Sentences left out because they repeat an earlier one.
    pub repeated_sentences: usize,
    /// Relations besides the tree's (from, to, kind): in an essay, a claim's stance toward
    /// every major claim after the first.
    pub extra: Vec<(usize, usize, Kind)>,
}

/// Why a text gives no draft.
#[derive(Debug, Error, Clone, PartialEq)]
pub enum ExtractError {
    /// Nothing but white space.
    #[error("the text is empty")]
    Empty,
    /// No sentence has a word.
    #[error("the text has no sentences with words in them")]
    NoWords,
    /// NUL bytes: not prose.
    #[error("the file has NUL bytes; it looks binary, not prose")]
    Binary,
    /// More than [`MAX_EXTRACT_BYTES`].
    #[error("the text is {0} bytes; extract reads at most {MAX_EXTRACT_BYTES} bytes")]
    TooLarge(usize),
}

impl ExtractError {
    /// What to do about it.
    pub fn hint(&self) -> &'static str {
        match self {
            ExtractError::Empty | ExtractError::NoWords => {
                "give a file of prose: sentences that argue for or against something"
            }
            ExtractError::Binary => "give a text file",
            ExtractError::TooLarge(_) => "split the text into documents and extract each",
        }
    }
}

/// A paragraph: a byte range plus what the thread structure says about it.
struct Paragraph {
    span: Span,
    quoted: bool,
    item: Option<String>,
}

/// Splits `text` into paragraphs: blank lines end them, and so does a line break after a
/// sentence end; list items (`- `, `* `, `1.`, `(a)`) and quoted lines (`> `) are their own.
fn paragraphs(text: &str) -> Vec<Paragraph> {
    let mut out: Vec<Paragraph> = Vec::new();
    let mut open = false;
    let mut offset = 0;
    let mut in_fence = false;
    for raw in text.split_inclusive('\n') {
        let line_start = offset;
        offset += raw.len();
        let line = raw.trim_end();
        let body = line.trim_start();
        if body.starts_with("```") {
            in_fence = !in_fence;
            open = false;
            continue;
        }
        if in_fence {
            continue;
        }
        // Blank lines end paragraphs; so do Markdown headings, table rows and code fences,
        // which are not prose and are left out.
        if body.is_empty() || body.starts_with(['#', '|']) {
            open = false;
            continue;
        }
        let mut start = line_start + (line.len() - body.len());
        let mut quoted = false;
        let mut rest = body;
        while let Some(r) = rest.strip_prefix('>') {
            quoted = true;
            rest = r.trim_start();
        }
        let (item, after) = list_item(rest);
        start += body.len() - after.len();
        let end = line_start + line.len();
        let heading = !open && tokens(after).len() <= 3 && !after.contains(['.', '!', '?']);
        let begins_new =
            heading || item.is_some() || quoted != out.last().is_some_and(|p| p.quoted) || !open;
        if begins_new || start >= end {
            if start < end {
                out.push(Paragraph {
                    span: Span { start, end },
                    quoted,
                    item,
                });
            }
        } else if let Some(last) = out.last_mut() {
            last.span.end = end;
        }
        // A line that ends a sentence ends the paragraph (one paragraph per line, as forum
        // posts are written); a wrapped line does not.
        open =
            start < end && !heading && !line.ends_with(['.', '!', '?', ':', '"', '\u{201d}', ')']);
    }
    out
}

/// A list marker at the start of `s`: `- `, `* `, `• `, `1.`, `1)`, `(a)`, `a)`.
fn list_item(s: &str) -> (Option<String>, &str) {
    for bullet in ["- ", "* ", "\u{2022} ", "\u{2013} "] {
        if let Some(rest) = s.strip_prefix(bullet) {
            return (Some("-".into()), rest.trim_start());
        }
    }
    let label_end = |s: &str, close: char| -> Option<usize> {
        let end = s.find(close)?;
        let label = &s[..end];
        let ok = (1..=3).contains(&label.len())
            && (label.chars().all(|c| c.is_ascii_digit())
                || (label.len() == 1 && label.chars().all(|c| c.is_ascii_lowercase())));
        ok.then_some(end)
    };
    if let Some(inner) = s.strip_prefix('(')
        && let Some(end) = label_end(inner, ')')
    {
        return (
            Some(inner[..end].to_string()),
            inner[end + 1..].trim_start(),
        );
    }
    for close in ['.', ')'] {
        if let Some(end) = label_end(s, close)
            && s[end + 1..].starts_with(' ')
            && (close == ')' || s[..end].chars().all(|c| c.is_ascii_digit()))
        {
            return (Some(s[..end].to_string()), s[end + 1..].trim_start());
        }
    }
    (None, s)
}

/// The words of a sentence reduced to a key that ignores case, punctuation and spacing.
fn sentence_key(text: &str) -> Option<String> {
    let words = tokens(text);
    (words.len() >= 4).then(|| words.join(" "))
}

/// Extracts a draft from `text` with `parser`.
pub fn extract(text: &str, parser: &Parser) -> Result<Draft, ExtractError> {
    check(text)?;
    let lines = crate::syntax::LineIndex::new(text);
    let mut seen: foldhash::HashMap<String, usize> = foldhash::HashMap::default();
    let mut units: Vec<Unit> = Vec::new();
    let mut groups: Vec<Vec<usize>> = Vec::new();
    let mut repeated_sentences = 0;
    for paragraph in paragraphs(text) {
        // A short line without a sentence end is a heading ("Comments", "Posts"), not a claim.
        let body = &text[paragraph.span.start..paragraph.span.end];
        if tokens(body).len() <= 3 && !body.ends_with(['.', '!', '?']) {
            continue;
        }
        let mut group = Vec::new();
        for sentence in segment::sentences(text, paragraph.span) {
            let sentence_text = &text[sentence.start..sentence.end];
            if tokens(sentence_text).is_empty() {
                continue;
            }
            if let Some(key) = sentence_key(sentence_text) {
                if let Some(&first) = seen.get(&key) {
                    units[first].repeats += 1;
                    repeated_sentences += 1;
                    continue;
                }
                seen.insert(key, units.len());
            }
            for span in keep_reasons_whole(text, segment::units(text, sentence, &parser.segmenter))
            {
                for piece in cut_long(text, span) {
                    let at = lines.line_col(text, piece.start);
                    group.push(units.len());
                    units.push(Unit {
                        text: unquote(&text[piece.start..piece.end]),
                        span: piece,
                        line: at.line as usize,
                        column: at.column as usize,
                        quoted: paragraph.quoted,
                        item: paragraph.item.clone(),
                        repeats: 0,
                        kind: None,
                    });
                }
            }
        }
        if !group.is_empty() {
            groups.push(group);
        }
    }
    if units.is_empty() {
        return Err(ExtractError::NoWords);
    }
    let texts: Vec<String> = units.iter().map(|u| u.text.clone()).collect();
    // Quoted lines are someone else's words: the text's own central claim is not among them.
    let own: Vec<bool> = units.iter().map(|u| !u.quoted).collect();
    let mut tree = parse_long(parser, &texts, &groups, &own);
    reasons_support(&texts, &mut tree);
    Ok(Draft {
        units,
        tree,
        repeated_sentences,
        extra: Vec::new(),
    })
}

/// Extracts a draft from an essay (see [`super::essay`]): units with kinds, relations from
/// the essay's structure.
pub fn extract_essay(text: &str, model: &EssayModel) -> Result<Draft, ExtractError> {
    check(text)?;
    let lines = crate::syntax::LineIndex::new(text);
    let (cands, kinds, tree) = model.parse(text);
    if cands.is_empty() {
        return Err(ExtractError::NoWords);
    }
    // A claim takes the same stance toward every major claim (the thesis and its restatement).
    let mut extra = Vec::new();
    for (m, kind) in kinds.iter().enumerate() {
        if *kind != "major-claim" || m == tree.root {
            continue;
        }
        for (c, target) in tree.target.iter().enumerate() {
            if let Some((to, relation)) = *target
                && to == tree.root
                && kinds[c] == "claim"
            {
                extra.push((c, m, relation));
            }
        }
    }
    // Units are in text order: count a unit's column on from the unit before it on the same
    // line, so that a paragraph on one long line costs linear time.
    let mut last: Option<(usize, crate::syntax::LineCol)> = None;
    let units = cands
        .iter()
        .zip(kinds)
        .map(|(c, kind)| {
            let line = lines.line_of(c.span.start);
            let at = match last {
                Some((offset, prev))
                    if prev.line as usize == line + 1 && offset <= c.span.start =>
                {
                    crate::syntax::LineCol {
                        line: prev.line,
                        column: prev.column + text[offset..c.span.start].chars().count() as u32,
                    }
                }
                _ => lines.line_col(text, c.span.start),
            };
            last = Some((c.span.start, at));
            Unit {
                text: unquote(&text[c.span.start..c.span.end]),
                span: c.span,
                line: at.line as usize,
                column: at.column as usize,
                quoted: false,
                item: None,
                repeats: 0,
                kind: Some(kind),
            }
        })
        .collect();
    Ok(Draft {
        units,
        tree,
        repeated_sentences: 0,
        extra,
    })
}

/// Refuses texts that give no draft whatever the genre.
fn check(text: &str) -> Result<(), ExtractError> {
    if text.len() > MAX_EXTRACT_BYTES {
        return Err(ExtractError::TooLarge(text.len()));
    }
    if text.trim().is_empty() {
        return Err(ExtractError::Empty);
    }
    if text.contains('\0') {
        return Err(ExtractError::Binary);
    }
    Ok(())
}

/// Words that open a reason or a conclusion: never an objection.
const REASON_WORDS: &[&str] = &[
    "since",
    "because",
    "so",
    "therefore",
    "thus",
    "hence",
    "consequently",
];

/// Words that open a counter: a unit opening with one may well be an objection.
const COUNTER_WORDS: &[&str] = &["however", "but", "although", "though", "yet", "admittedly"];

/// Whether a unit opens with one of [`REASON_WORDS`].
fn opens_with_reason(text: &str) -> bool {
    tokens(text)
        .first()
        .is_some_and(|w| REASON_WORDS.contains(&w.as_str()))
}

/// Whether a unit gives a reason or draws a conclusion ("X, so Y", "since X") and does not
/// open as a counter.
fn gives_a_reason(text: &str) -> bool {
    let words = tokens(text);
    !words
        .first()
        .is_some_and(|w| COUNTER_WORDS.contains(&w.as_str()))
        && words.iter().any(|w| REASON_WORDS.contains(&w.as_str()))
}

/// Joins a clause that opens with a reason or conclusion word back to the clause before it
/// in the same sentence: "X, so Y" and "X, since Y" are one unit as people write them, and a
/// lone "so Y" read on its own looked like an objection.
fn keep_reasons_whole(text: &str, spans: Vec<Span>) -> Vec<Span> {
    let mut out: Vec<Span> = Vec::with_capacity(spans.len());
    for span in spans {
        match out.last_mut() {
            Some(last) if opens_with_reason(&text[span.start..span.end]) => last.end = span.end,
            _ => out.push(span),
        }
    }
    out
}

/// A unit that gives a reason or draws a conclusion supports its target: the decoder's
/// attack there is reversed polarity ("so" read as an opponent's voice), so it becomes a
/// support and the roles follow.
fn reasons_support(texts: &[String], tree: &mut Tree) {
    let mut changed = false;
    for (text, target) in texts.iter().zip(tree.target.iter_mut()) {
        if let Some((_, kind)) = target
            && *kind != Kind::Support
            && gives_a_reason(text)
        {
            *kind = Kind::Support;
            changed = true;
        }
    }
    if changed {
        tree.opponent = super::decode::roles(&tree.target);
    }
}

/// Cuts a unit longer than [`MAX_UNIT_WORDS`] after commas or, failing that, between words.
fn cut_long(text: &str, span: Span) -> Vec<Span> {
    let mut out = Vec::new();
    let mut start = span.start;
    let mut words = 0;
    let mut last_comma = None;
    let piece = &text[span.start..span.end];
    let mut prev_space = false;
    for (k, c) in piece.char_indices() {
        let at = span.start + k;
        if c.is_whitespace() {
            if !prev_space {
                words += 1;
            }
            prev_space = true;
            if words >= MAX_UNIT_WORDS {
                let cut = last_comma.filter(|&p| p > start).unwrap_or(at);
                out.push(Span { start, end: cut });
                start = cut;
                words = 0;
                last_comma = None;
            }
        } else {
            prev_space = false;
            if c == ',' || c == ';' {
                last_comma = Some(at + 1);
            }
        }
    }
    out.push(Span {
        start,
        end: span.end,
    });
    let mut trimmed = Vec::with_capacity(out.len());
    for s in out {
        segment::push_trimmed(text, s.start, s.end, &mut trimmed);
    }
    trimmed
}

/// A unit's text with white space collapsed and the `>` markers of quoted continuation
/// lines dropped.
fn unquote(text: &str) -> String {
    text.lines()
        .map(|l| l.trim_start().trim_start_matches(['>', ' ']))
        .flat_map(str::split_whitespace)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Parses given units (a segmentation to score): one exact tree for up to
/// [`MAX_EXACT_UNITS`] units, else [`parse_long`] over them as one paragraph.
///
/// # Complexity
/// O(1) decoding per unit above [`MAX_EXACT_UNITS`]; below, O(n⁴) at worst on tiny n.
pub fn parse_units(parser: &Parser, texts: &[String]) -> Tree {
    if texts.len() <= MAX_EXACT_UNITS {
        return parser.parse(texts);
    }
    let all: Vec<usize> = (0..texts.len()).collect();
    parse_long(parser, texts, &[all], &[])
}

/// Parses many units: paragraphs packed into chunks of at most [`CHUNK`] units, each chunk
/// parsed, then the chunks' central claims parsed as a text of their own, and so on up.
/// Central claims are taken from units that `root_allowed` marks where a chunk has any.
pub fn parse_long(
    parser: &Parser,
    texts: &[String],
    groups: &[Vec<usize>],
    root_allowed: &[bool],
) -> Tree {
    let n = texts.len();
    let mut target: Vec<Option<(usize, Kind)>> = vec![None; n];
    let mut confidence = vec![0.0; n];
    let mut chunks = pack(groups);
    loop {
        let mut roots = Vec::with_capacity(chunks.len());
        for chunk in &chunks {
            let chunk_texts: Vec<String> = chunk.iter().map(|&u| texts[u].clone()).collect();
            let allowed: Vec<bool> = chunk
                .iter()
                .map(|&u| root_allowed.get(u).copied().unwrap_or(true))
                .collect();
            // A unit that announces itself as the thesis is the chunk's central claim.
            let mut evidence = parser.evidence(&chunk_texts);
            let mut allowed = allowed;
            let thesis: Vec<bool> = chunk_texts
                .iter()
                .zip(&allowed)
                .map(|(text, &ok)| ok && states_a_thesis(text))
                .collect();
            if thesis.iter().any(|&t| t) {
                for (k, &t) in thesis.iter().enumerate() {
                    if t {
                        evidence.cc[k] = evidence.cc[k].max(THESIS_CC);
                    }
                }
                allowed = thesis;
            }
            let tree = super::decode::decode_with_roots(&evidence, parser.weights, &allowed);
            for (k, &u) in chunk.iter().enumerate() {
                target[u] = tree.target[k].map(|(t, kind)| (chunk[t], kind));
                confidence[u] = tree.confidence[k];
            }
            roots.push(chunk[tree.root]);
        }
        if roots.len() <= 1 {
            let root = roots.first().copied().unwrap_or(0);
            let opponent = super::decode::roles(&target);
            return Tree {
                root,
                target,
                opponent,
                confidence,
            };
        }
        chunks = roots.chunks(CHUNK).map(<[usize]>::to_vec).collect();
    }
}

/// Phrases with which a long text announces its main claim. The training texts are five
/// sentences long and never need them, so the classifiers cannot learn them; in an essay
/// or a thread they are the best evidence there is of what the rest defends.
const THESIS_CUES: &[&str] = &[
    "main thesis",
    "my thesis",
    "the thesis",
    "central claim",
    "main claim",
    "central worry",
    "main worry",
    "main critique",
    "main point",
    "my point",
    "key point",
    "the point is",
    "i argue",
    "we argue",
    "i contend",
    "in short",
    "in conclusion",
    "to conclude",
    "to sum up",
    "bottom line",
];

/// The central-claim probability a unit that states a thesis gets at least.
const THESIS_CC: f64 = 0.95;

/// Whether `text` announces itself as the main claim ("Main thesis: …").
fn states_a_thesis(text: &str) -> bool {
    let words = tokens(text);
    let joined = words.join(" ");
    THESIS_CUES.iter().any(|cue| {
        joined.match_indices(cue).any(|(at, _)| {
            (at == 0 || joined.as_bytes()[at - 1] == b' ')
                && joined[at + cue.len()..]
                    .chars()
                    .next()
                    .is_none_or(|c| c == ' ')
        })
    })
}

/// Packs paragraphs (lists of unit indices) into chunks of at most [`CHUNK`] units without
/// splitting a paragraph that fits.
fn pack(groups: &[Vec<usize>]) -> Vec<Vec<usize>> {
    let mut out: Vec<Vec<usize>> = Vec::new();
    let mut current: Vec<usize> = Vec::new();
    for group in groups {
        if current.len() + group.len() > CHUNK && !current.is_empty() {
            out.push(std::mem::take(&mut current));
        }
        for piece in group.chunks(CHUNK) {
            if current.len() + piece.len() > CHUNK {
                out.push(std::mem::take(&mut current));
            }
            current.extend_from_slice(piece);
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_follow_lines_lists_and_quotes() {
        let text = "Posts\nFirst point. Second\nline goes on.\n- a bullet\n(a) I disagree.\n> quoted text\n\n# Heading\n| a | table |\n```\nlet x = 1;\n```\nLast.";
        let ps: Vec<(String, bool, Option<String>)> = paragraphs(text)
            .into_iter()
            .map(|p| (text[p.span.start..p.span.end].to_string(), p.quoted, p.item))
            .collect();
        assert_eq!(
            ps,
            vec![
                ("Posts".to_string(), false, None),
                (
                    "First point. Second\nline goes on.".to_string(),
                    false,
                    None
                ),
                ("a bullet".to_string(), false, Some("-".to_string())),
                ("I disagree.".to_string(), false, Some("a".to_string())),
                ("quoted text".to_string(), true, None),
                ("Last.".to_string(), false, None),
            ]
        );
    }

    #[test]
    fn a_stated_thesis_is_the_central_claim_of_a_long_text() {
        assert!(states_a_thesis("Main thesis: models will fake alignment."));
        assert!(!states_a_thesis("The domain thesis was long."));
        let mut text = String::new();
        for k in 0..12 {
            text.push_str(&format!("Cats should get {k} more treats every day. "));
        }
        text.push_str("\nIn short, pets deserve better care from their owners.\n");
        for k in 0..12 {
            text.push_str(&format!("Dogs must walk {k} more miles each week. "));
        }
        let d = extract(&text, &Parser::shipped()).unwrap();
        assert!(
            d.units[d.tree.root].text.starts_with("In short"),
            "{}",
            d.units[d.tree.root].text
        );
    }

    #[test]
    fn packing_keeps_paragraphs_whole_when_they_fit() {
        let groups = vec![(0..4).collect(), (4..9).collect(), (9..24).collect()];
        let chunks = pack(&groups);
        assert_eq!(chunks[0], (0..9).collect::<Vec<_>>());
        assert_eq!(chunks[1], (9..19).collect::<Vec<_>>());
        assert_eq!(chunks[2], (19..24).collect::<Vec<_>>());
    }
}
