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
    /// In a thread: the post it is from (0-based) and the post's author, if known.
    pub post: Option<Post>,
}

/// Where a unit of a thread comes from.
#[derive(Debug, Clone, PartialEq)]
pub struct Post {
    /// The post's place in the thread, from 0.
    pub index: usize,
    /// Its author, if the input names one.
    pub author: Option<String>,
    /// Its id as the input gives it (JSON), else its 1-based number.
    pub id: String,
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

/// Checks a confidence threshold: a number from 0 to 1.
///
/// # Errors
/// [`ExtractError::BadThreshold`] otherwise (NaN included).
pub fn check_threshold(min: f64) -> Result<(), ExtractError> {
    if (0.0..=1.0).contains(&min) {
        Ok(())
    } else {
        Err(ExtractError::BadThreshold(min))
    }
}

impl Draft {
    /// Drops every unit whose confidence is below `min` (never the central claim). A dropped
    /// unit's children attach to its target with their own relation, so the map stays one
    /// tree; roles are recomputed. Returns how many units were dropped.
    ///
    /// # Errors
    /// [`ExtractError::BadThreshold`] unless `min` is a number from 0 to 1.
    pub fn prune(&mut self, min: f64) -> Result<usize, ExtractError> {
        check_threshold(min)?;
        let n = self.units.len();
        let keep: Vec<bool> = (0..n)
            .map(|u| u == self.tree.root || self.tree.confidence[u] >= min)
            .collect();
        let dropped = keep.iter().filter(|&&k| !k).count();
        if dropped == 0 {
            return Ok(0);
        }
        // The nearest kept unit up the tree from each unit's target.
        let kept_target = |u: usize| -> Option<(usize, Kind)> {
            let (mut t, kind) = self.tree.target[u]?;
            for _ in 0..n {
                if keep[t] {
                    return Some((t, kind));
                }
                t = self.tree.target[t]?.0;
            }
            None
        };
        let mut index = vec![usize::MAX; n];
        let mut next = 0;
        for u in 0..n {
            if keep[u] {
                index[u] = next;
                next += 1;
            }
        }
        let target: Vec<Option<(usize, Kind)>> = (0..n)
            .filter(|&u| keep[u])
            .map(|u| kept_target(u).map(|(t, k)| (index[t], k)))
            .collect();
        let confidence = (0..n)
            .filter(|&u| keep[u])
            .map(|u| self.tree.confidence[u])
            .collect();
        let units = (0..n)
            .filter(|&u| keep[u])
            .map(|u| self.units[u].clone())
            .collect();
        self.extra = self
            .extra
            .iter()
            .filter(|&&(a, b, _)| keep[a] && keep[b])
            .map(|&(a, b, k)| (index[a], index[b], k))
            .collect();
        self.tree = Tree {
            root: index[self.tree.root],
            opponent: super::decode::roles(&target),
            target,
            confidence,
        };
        self.units = units;
        Ok(dropped)
    }
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
    /// A confidence threshold outside 0–1.
    #[error("the minimum confidence must be a number from 0 to 1, not {0}")]
    BadThreshold(f64),
    /// A thread given as JSON that is not a list of posts.
    #[error("{0}")]
    Thread(#[from] super::thread::ThreadError),
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
            ExtractError::BadThreshold(_) => {
                "confidence is a calibrated probability: give e.g. --min-confidence 0.3"
            }
            ExtractError::Thread(_) => {
                "a thread is a JSON list of posts: [{\"author\": \"ann\", \"text\": \"...\", \"reply_to\": 0}]"
            }
        }
    }
}

/// A paragraph: a byte range plus what the thread structure says about it.
pub(crate) struct Paragraph {
    pub span: Span,
    pub quoted: bool,
    pub item: Option<String>,
}

/// Splits `text` into paragraphs: blank lines end them, and so does a line break after a
/// sentence end; list items (`- `, `* `, `1.`, `(a)`) and quoted lines (`> `) are their own.
pub(crate) fn paragraphs(text: &str) -> Vec<Paragraph> {
    let mut out: Vec<Paragraph> = Vec::new();
    let mut open = false;
    // The last line ended with a closing quote or bracket but no stop inside it: a
    // lower-case line after it still continues the sentence.
    let mut soft_end = false;
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
            soft_end = false;
            continue;
        }
        if in_fence {
            continue;
        }
        // Blank lines end paragraphs; so do Markdown headings, table rows and code fences,
        // which are not prose and are left out.
        if body.is_empty() || body.starts_with(['#', '|']) {
            open = false;
            soft_end = false;
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
        if soft_end && item.is_none() && !quoted && after.starts_with(char::is_lowercase) {
            open = true;
        }
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
        soft_end = start < end
            && !heading
            && !open
            && !line
                .trim_end_matches(['"', '\u{201d}', ')', '\'', '\u{2019}'])
                .ends_with(['.', '!', '?', ':']);
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

/// Line and column of offsets that come in increasing order, each counted from the one
/// before: a text of one 16 MB line with 40,000 units would otherwise count its characters
/// from the line start 40,000 times.
#[derive(Default)]
struct Cursor {
    /// The last offset looked up (0: none yet), its 1-based line and column.
    at: Option<(usize, usize, usize)>,
}

impl Cursor {
    fn position(
        &mut self,
        lines: &crate::syntax::LineIndex,
        text: &str,
        offset: usize,
    ) -> (usize, usize) {
        let found = match self.at {
            Some((from, line, column)) if from <= offset && !text[from..offset].contains('\n') => {
                (line, column + text[from..offset].chars().count())
            }
            _ => {
                let at = lines.line_col(text, offset);
                (at.line as usize, at.column as usize)
            }
        };
        self.at = Some((offset, found.0, found.1));
        found
    }
}

/// Units and paragraph groups collected from prose, with repeated sentences kept once.
#[derive(Default)]
pub(crate) struct Collected {
    pub units: Vec<Unit>,
    pub groups: Vec<Vec<usize>>,
    pub repeated_sentences: usize,
    seen: foldhash::HashMap<String, usize>,
}

impl Collected {
    /// Adds the units of `paragraphs` of `text` (positions from `lines`), each marked with
    /// `post`; sentences that `keep` refuses are left out.
    pub(crate) fn add(
        &mut self,
        text: &str,
        lines: &crate::syntax::LineIndex,
        paragraphs: &[Paragraph],
        parser: &Parser,
        post: Option<&Post>,
        keep: &dyn Fn(&str, &Paragraph) -> bool,
    ) {
        let mut cursor = Cursor::default();
        for paragraph in paragraphs {
            // A short line without a sentence end is a heading ("Comments", "Posts"), not a claim.
            let body = &text[paragraph.span.start..paragraph.span.end];
            if tokens(body).len() <= 3 && !body.ends_with(['.', '!', '?']) {
                continue;
            }
            let mut group = Vec::new();
            for sentence in segment::sentences(text, paragraph.span) {
                let Some(sentence) = before_outline(text, sentence) else {
                    continue;
                };
                let sentence_text = &text[sentence.start..sentence.end];
                if tokens(sentence_text).is_empty() || !keep(sentence_text, paragraph) {
                    continue;
                }
                if let Some(key) = sentence_key(sentence_text) {
                    if let Some(&first) = self.seen.get(&key) {
                        self.units[first].repeats += 1;
                        self.repeated_sentences += 1;
                        continue;
                    }
                    self.seen.insert(key, self.units.len());
                }
                for span in join_fragments(text, segment::units(text, sentence, &parser.segmenter))
                {
                    for piece in cut_long(text, span) {
                        let (line, column) = cursor.position(lines, text, piece.start);
                        group.push(self.units.len());
                        self.units.push(Unit {
                            text: unquote(&text[piece.start..piece.end]),
                            span: piece,
                            line,
                            column,
                            quoted: paragraph.quoted,
                            item: paragraph.item.clone(),
                            repeats: 0,
                            kind: None,
                            post: post.cloned(),
                        });
                    }
                }
            }
            if !group.is_empty() {
                self.groups.push(group);
            }
        }
    }
}

/// Timestamps such as `(01:18)` or `(1:02:30)` in `text`: the marks of an episode outline.
fn timestamps(text: &str) -> Vec<usize> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    for (k, _) in text.match_indices('(') {
        let inner: &[u8] = &b[k + 1..b.len().min(k + 10)];
        let len = inner
            .iter()
            .take_while(|c| c.is_ascii_digit() || **c == b':')
            .count();
        let body = &inner[..len];
        if inner.get(len) == Some(&b')')
            && (4..=8).contains(&len)
            && body.contains(&b':')
            && body[0].is_ascii_digit()
            && body[len - 1].is_ascii_digit()
        {
            out.push(k);
        }
    }
    out
}

/// A sentence without the episode outline it runs into ("… more in the episode ---Outline:
/// (01:18) First section(10:18) Second …"): the part before it, or `None` when nothing is
/// left. A sentence with fewer than two timestamps is kept whole; one that opens with `---`
/// or is little more than a web address is metadata and left out.
fn before_outline(text: &str, sentence: Span) -> Option<Span> {
    let body = &text[sentence.start..sentence.end];
    // Podcast and forum metadata: "--- First published: …", "Source: https://…".
    let address_words: usize = body
        .split_whitespace()
        .filter(|w| w.contains("://"))
        .map(|w| tokens(w).len())
        .sum();
    if body.starts_with("---") || (address_words > 0 && tokens(body).len() < address_words + 6) {
        return None;
    }
    let stamps = timestamps(body);
    if stamps.len() < 2 {
        return Some(sentence);
    }
    let mut cut = stamps[0];
    for mark in ["---", "Outline:", "outline:"] {
        if let Some(at) = body[..cut].find(mark) {
            cut = cut.min(at);
        }
    }
    let mut out = Vec::new();
    segment::push_trimmed(text, sentence.start, sentence.start + cut, &mut out);
    out.pop()
        .filter(|s| tokens(&text[s.start..s.end]).len() >= 3)
}

/// Extracts a draft from `text` with `parser`.
pub fn extract(text: &str, parser: &Parser) -> Result<Draft, ExtractError> {
    check(text)?;
    let lines = crate::syntax::LineIndex::new(text);
    let mut c = Collected::default();
    c.add(text, &lines, &paragraphs(text), parser, None, &|_, _| true);
    if c.units.is_empty() {
        return Err(ExtractError::NoWords);
    }
    let texts: Vec<String> = c.units.iter().map(|u| u.text.clone()).collect();
    // Quoted lines are someone else's words: the text's own central claim is not among them.
    let own: Vec<bool> = c.units.iter().map(|u| !u.quoted).collect();
    let mut tree = parse_long(parser, &texts, &c.groups, &own);
    reasons_support(&texts, &mut tree);
    parser.calibrate(&mut tree);
    Ok(Draft {
        units: c.units,
        tree,
        repeated_sentences: c.repeated_sentences,
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
    let extra = super::essay::stances_to_other_major_claims(&kinds, &tree);
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
                post: None,
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
pub(crate) fn check(text: &str) -> Result<(), ExtractError> {
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

/// Whether a unit gives a reason or draws a conclusion ("X, so Y", "since X") and does not
/// open as a counter.
fn gives_a_reason(text: &str) -> bool {
    let words = tokens(text);
    !words
        .first()
        .is_some_and(|w| COUNTER_WORDS.contains(&w.as_str()))
        && words.iter().any(|w| REASON_WORDS.contains(&w.as_str()))
}

/// Whether a clause opens a counter of its own ("but …", "although …", "even though …"): the
/// one place a draft splits a sentence.
pub fn opens_a_counter(text: &str) -> bool {
    let words = tokens(text);
    match words.first().map(String::as_str) {
        Some("even") => words.get(1).is_some_and(|w| w == "though" || w == "if"),
        Some(w) => SPLIT_WORDS.contains(&w),
        None => false,
    }
}

/// Words that open a clause a draft keeps as a unit of its own: a counter or concession.
const SPLIT_WORDS: &[&str] = &[
    "but",
    "however",
    "although",
    "though",
    "yet",
    "whereas",
    "nevertheless",
    "nonetheless",
    "admittedly",
];

/// Joins the clauses of one sentence back into units as people write them: a clause is a
/// unit of its own only where it opens a counter ("but …", "although …"); any other clause
/// ("and …", "which …", "so …", "since …", a clause after "To be clear,") joins the one
/// before it, so no unit starts mid-sentence. The boundary classifier cuts where the
/// microtext corpus cuts, which on longer prose left a third of the units as fragments.
fn join_fragments(text: &str, spans: Vec<Span>) -> Vec<Span> {
    let mut out: Vec<Span> = Vec::with_capacity(spans.len());
    for span in spans {
        match out.last_mut() {
            Some(last) if !opens_a_counter(&text[span.start..span.end]) => last.end = span.end,
            _ => out.push(span),
        }
    }
    out
}

/// A unit that gives a reason or draws a conclusion supports its target: the decoder's
/// attack there is reversed polarity ("so" read as an opponent's voice), so it becomes a
/// support and the roles follow.
pub(crate) fn reasons_support(texts: &[String], tree: &mut Tree) {
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
    fn a_line_ending_in_a_quote_without_a_stop_runs_on_into_a_lower_case_line() {
        let text =
            "He doubts the idea of a \"basin\"\nis useful at all.\nShe said \"no.\"\nthen left.";
        let ps: Vec<&str> = paragraphs(text)
            .into_iter()
            .map(|p| &text[p.span.start..p.span.end])
            .collect();
        assert_eq!(
            ps,
            vec![
                "He doubts the idea of a \"basin\"\nis useful at all.",
                "She said \"no.\"",
                "then left."
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
    fn the_cursor_gives_what_the_line_index_gives() {
        let text = "ab çé\nx y\n\nzz ü q";
        let lines = crate::syntax::LineIndex::new(text);
        let mut cursor = Cursor::default();
        let offsets: Vec<usize> = text.char_indices().map(|(k, _)| k).collect();
        for &k in offsets.iter().step_by(2).chain(&[0, 3]) {
            let at = lines.line_col(text, k);
            assert_eq!(
                cursor.position(&lines, text, k),
                (at.line as usize, at.column as usize),
                "{k}"
            );
        }
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
