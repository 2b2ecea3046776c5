//! Essays: paragraphed persuasive prose (a title, an introduction with the thesis, body
//! paragraphs each defending one claim, a conclusion). A trained tagger marks the units of
//! each sentence (B, I, O over tokens: the clause without its lead-in, two units where a
//! reason joins two clauses); a classifier gives each unit a kind (major claim, claim,
//! premise, or none: left out) and another a stance; a pairwise classifier attaches each
//! premise to a unit of its paragraph; claims support or attack the thesis. The kind
//! classifier's confidence is Platt-scaled into the probability that the unit is a correct
//! component. Does not read files.

use foldhash::{HashMap, HashSet};
use serde::{Deserialize, Serialize};

use super::calibrate::{self, Platt};
use super::decode::{Kind, Tree};
use super::model::{Classifier, Training, examples};
use super::segment::{self, Span};
use super::tagger::{Sequence, Tagger};

/// The kinds a unit can get; `none` units are left out of the draft.
pub const KINDS: [&str; 4] = ["none", "major-claim", "claim", "premise"];

/// The segmenter's tags: a unit's first token, a later token of it, outside any unit.
pub const TAGS: [&str; 3] = ["B", "I", "O"];

/// Passes of the segmenter's perceptron over the training essays.
const EPOCHS: usize = 40;

/// The L2 penalty of the essay classifiers unless `--unit-l2` gives one (lower than the
/// microtext parser's: it gave the best components and relations in cross-validation).
pub const L2: f64 = 0.001;

/// How often a segmenter feature must occur in the training essays to get a weight.
const MIN_COUNT: u32 = 2;

/// Folds of the cross-validation that fits the confidence calibration.
pub const FOLDS: usize = 5;

/// The essay model shipped with cruxmap (`cruxmap train-extract --essays`).
const SHIPPED: &str = include_str!("essay-weights.json");

/// B, I, O: I only after B or I.
fn bio(prev: Option<usize>, tag: usize) -> bool {
    tag != 1 || matches!(prev, Some(0 | 1))
}

/// Words whose clause is the consequence of the clause before it.
const CONCLUSION_WORDS: &[&str] = &["so", "therefore", "thus", "hence", "consequently"];

/// Short function words left out of word overlaps.
const STOP: &[&str] = &[
    "the", "and", "that", "this", "with", "they", "their", "them", "have", "from", "will", "would",
    "there", "which", "what", "when", "than", "then", "also", "more", "some", "such", "because",
    "people", "these", "those", "been", "were", "into", "about", "other", "only", "should",
    "could", "think", "believe", "most", "many", "much", "very", "even", "does",
];

/// One token: its bytes, lower-case text, whether it is a word.
#[derive(Debug, Clone)]
struct Tok {
    start: usize,
    end: usize,
    lower: String,
    alnum: bool,
}

/// Words (runs of letters, digits, `_`) and single other characters, as the essay scorer
/// counts them.
fn tokenize(text: &str, span: Span) -> Vec<Tok> {
    let mut out = Vec::new();
    let s = &text[span.start..span.end];
    let mut word: Option<usize> = None;
    for (i, ch) in s.char_indices() {
        let w = ch.is_alphanumeric() || ch == '_';
        if w {
            if word.is_none() {
                word = Some(i);
            }
            continue;
        }
        if let Some(b) = word.take() {
            out.push(Tok {
                start: span.start + b,
                end: span.start + i,
                lower: s[b..i].to_lowercase(),
                alnum: true,
            });
        }
        if !ch.is_whitespace() {
            out.push(Tok {
                start: span.start + i,
                end: span.start + i + ch.len_utf8(),
                lower: ch.to_string(),
                alnum: false,
            });
        }
    }
    if let Some(b) = word {
        out.push(Tok {
            start: span.start + b,
            end: span.end,
            lower: s[b..].to_lowercase(),
            alnum: true,
        });
    }
    out
}

/// One sentence of an essay.
struct Sent {
    paragraph: usize,
    /// Index in its paragraph and the paragraph's sentence count.
    k: usize,
    n: usize,
    toks: Vec<Tok>,
    question: bool,
}

/// An essay cut into paragraphs, sentences and tokens.
struct Doc {
    paragraphs: usize,
    /// Content words of the title (the prompt), if there is one.
    title: HashSet<String>,
    sents: Vec<Sent>,
}

fn content(w: &str) -> bool {
    w.len() >= 4 && !STOP.contains(&w)
}

impl Doc {
    fn new(text: &str) -> Doc {
        let (title, paras) = paragraphs(text);
        let title = title
            .map(|t| {
                tokenize(text, t)
                    .into_iter()
                    .filter(|t| t.alnum && content(&t.lower))
                    .map(|t| t.lower)
                    .collect()
            })
            .unwrap_or_default();
        let mut sents = Vec::new();
        for (p, para) in paras.iter().enumerate() {
            let ss = segment::sentences(text, *para);
            let n = ss.len();
            for (k, s) in ss.iter().enumerate() {
                sents.push(Sent {
                    paragraph: p,
                    k,
                    n,
                    toks: tokenize(text, *s),
                    question: text[s.start..s.end].trim_end().ends_with('?'),
                });
            }
        }
        Doc {
            paragraphs: paras.len(),
            title,
            sents,
        }
    }

    fn place(&self, paragraph: usize) -> &'static str {
        if paragraph == 0 {
            "intro"
        } else if paragraph + 1 == self.paragraphs {
            "concl"
        } else {
            "body"
        }
    }
}

fn spos(k: usize, n: usize) -> &'static str {
    if k == 0 {
        "first"
    } else if k + 1 == n {
        "last"
    } else {
        "mid"
    }
}

/// The segmenter's features of every token of sentence `s`.
fn token_features(doc: &Doc, s: &Sent) -> Vec<Vec<String>> {
    let n = s.toks.len();
    let w = |i: isize| -> &str {
        if i < 0 {
            "<s>"
        } else if i as usize >= n {
            "</s>"
        } else {
            &s.toks[i as usize].lower
        }
    };
    let s0 = s
        .toks
        .iter()
        .find(|t| t.alnum)
        .map_or("", |t| t.lower.as_str());
    let place = doc.place(s.paragraph);
    let sp = spos(s.k, s.n);
    let mut commas = 0;
    let mut that = false;
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        let j = i as isize;
        let (p2, p1, w0, n1, n2) = (w(j - 2), w(j - 1), w(j), w(j + 1), w(j + 2));
        out.push(vec![
            "b".to_string(),
            format!("w={w0}"),
            format!("p1={p1}"),
            format!("p2={p2}"),
            format!("n1={n1}"),
            format!("n2={n2}"),
            format!("p1w={p1}_{w0}"),
            format!("wn1={w0}_{n1}"),
            format!("p2p1={p2}_{p1}"),
            format!("i={}", i.min(6)),
            format!("r={}", (n - 1 - i).min(4)),
            format!("c={}_{}", commas.min(2), u8::from(that)),
            format!("pl={place}_{sp}_{}", i.min(3)),
            format!("s0i={s0}_{}", i.min(6)),
            format!("q={}_{}", u8::from(s.question), i.min(2)),
        ]);
        let last = out.len() - 1;
        out[last].push(format!("plw={place}_{w0}"));
        out[last].push(format!("plp1={place}_{p1}"));
        if w0 == "," {
            commas += 1;
        }
        if w0 == "that" {
            that = true;
        }
    }
    out
}

/// The gold tags of sentence `s` for units `units` (byte spans).
fn gold_tags(s: &Sent, units: &[(Span, usize)]) -> Vec<usize> {
    let mut out = Vec::with_capacity(s.toks.len());
    let mut prev = None;
    for t in &s.toks {
        let u = units
            .iter()
            .position(|(g, _)| g.start <= t.start && t.end <= g.end);
        out.push(match u {
            None => 2,
            Some(u) if prev == Some(u) => 1,
            Some(_) => 0,
        });
        prev = u;
    }
    out
}

/// Unit token ranges from tags: each B I* run without punctuation at its edges.
fn spans_of(s: &Sent, tags: &[usize]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < tags.len() {
        if tags[i] != 0 {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while j < tags.len() && tags[j] == 1 {
            j += 1;
        }
        let (mut a, mut b) = (i, j);
        while a < b && !s.toks[a].alnum {
            a += 1;
        }
        while b > a && !s.toks[b - 1].alnum {
            b -= 1;
        }
        if a < b {
            out.push((a, b));
        }
        i = j;
    }
    out
}

/// One candidate unit of an essay.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    /// The unit.
    pub span: Span,
    /// The paragraph it is in (0 is the first after the title).
    pub paragraph: usize,
    /// How many paragraphs the essay has.
    pub paragraphs: usize,
    /// Its sentence's index within the paragraph, and the paragraph's sentence count.
    pub sentence: (usize, usize),
    /// Its index among the units of its sentence, and their count.
    pub part: (usize, usize),
    /// The words between the unit before it in the sentence (or the sentence start) and it,
    /// lower case: its lead-in ("first of all", "i believe that"); the last three after
    /// "…" if longer than four words.
    pub marker: String,
    /// A later unit of its sentence: `Some(true)` a reason for the part before it,
    /// `Some(false)` a conclusion from it; `None` for the first unit of a sentence.
    pub joined: Option<bool>,
    /// The sentence is a question.
    pub question: bool,
    /// Content words shared with the title, up to 3.
    pub title_overlap: usize,
}

/// Candidates from unit token ranges per sentence; with `whole`, a sentence without units
/// gives one candidate of all its words (for training `none`).
fn build(text: &str, doc: &Doc, ranges: &[Vec<(usize, usize)>], whole: bool) -> Vec<Candidate> {
    let _ = text;
    let mut out = Vec::new();
    for (s, rs) in doc.sents.iter().zip(ranges) {
        let mut rs = rs.clone();
        if rs.is_empty() && whole {
            let a = s.toks.iter().position(|t| t.alnum);
            let b = s.toks.iter().rposition(|t| t.alnum);
            if let (Some(a), Some(b)) = (a, b) {
                rs.push((a, b + 1));
            }
        }
        let mut prev_end = 0;
        let count = rs.len();
        for (idx, &(a, b)) in rs.iter().enumerate() {
            let lead: Vec<&str> = s.toks[prev_end.min(a)..a]
                .iter()
                .filter(|t| t.alnum)
                .map(|t| t.lower.as_str())
                .collect();
            let marker = if lead.len() <= 4 {
                lead.join(" ")
            } else {
                format!("… {}", lead[lead.len() - 3..].join(" "))
            };
            let joined = (idx > 0).then(|| !lead.iter().any(|w| CONCLUSION_WORDS.contains(w)));
            let title_overlap = s.toks[a..b]
                .iter()
                .filter(|t| t.alnum && doc.title.contains(&t.lower))
                .map(|t| t.lower.as_str())
                .collect::<HashSet<_>>()
                .len()
                .min(3);
            out.push(Candidate {
                span: Span {
                    start: s.toks[a].start,
                    end: s.toks[b - 1].end,
                },
                paragraph: s.paragraph,
                paragraphs: doc.paragraphs,
                sentence: (s.k, s.n),
                part: (idx, count),
                marker,
                joined,
                question: s.question,
                title_overlap,
            });
            prev_end = b;
        }
    }
    out
}

/// Whether `text` looks like an essay: at least three paragraphs separated by blank lines,
/// most of them with several sentences.
pub fn looks_like_essay(text: &str) -> bool {
    let paragraphs: Vec<&str> = text
        .split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    if paragraphs.len() < 3 || text.lines().any(|l| l.trim_start().starts_with('>')) {
        return false;
    }
    let long = paragraphs
        .iter()
        .filter(|p| {
            let whole = Span {
                start: 0,
                end: p.len(),
            };
            segment::sentences(p, whole).len() >= 2
        })
        .count();
    long * 2 >= paragraphs.len()
}

/// The title (a first line without a sentence end) and the paragraph spans (blank-line
/// separated) after it.
fn paragraphs(text: &str) -> (Option<Span>, Vec<Span>) {
    let mut out = Vec::new();
    let mut offset = 0;
    for block in text.split_inclusive("\n\n") {
        let start = offset;
        offset += block.len();
        let mut spans = Vec::new();
        segment::push_trimmed(text, start, offset, &mut spans);
        out.extend(spans);
    }
    let mut title = None;
    if let Some(first) = out.first() {
        let body = &text[first.start..first.end];
        if !body.trim_end().ends_with(['.', '!']) && !body.contains('\n') {
            title = Some(out.remove(0));
        }
    }
    (title, out)
}

/// Lower-case content words of a span.
fn content_words(text: &str, span: Span) -> HashSet<String> {
    text[span.start..span.end]
        .split(|c: char| !c.is_alphanumeric())
        .map(str::to_lowercase)
        .filter(|w| content(w))
        .collect()
}

/// Cue phrases of a thesis or a stance.
const CUES: &[&str] = &[
    "i believe",
    "i think",
    "i agree",
    "i disagree",
    "in my opinion",
    "my view",
    "i would",
    "should",
    "must",
    "better",
    "more",
    "important",
    "some people",
    "others",
    "although",
    "while",
    "however",
    "but",
    "for example",
    "because",
];

const MODALS: &[&str] = &[
    "should", "must", "can", "could", "would", "will", "may", "might",
];

/// Words of a span as the microtext features see them.
fn words_of(s: &str) -> Vec<String> {
    super::features::tokens(s)
}

/// Features of candidate `i` for the kind and stance classifiers.
pub fn features(
    text: &str,
    cands: &[Candidate],
    bounds: &[(usize, usize)],
    i: usize,
) -> Vec<String> {
    let c = &cands[i];
    let unit = &text[c.span.start..c.span.end];
    let words = words_of(unit);
    let joined_words = format!(" {} ", words.join(" "));
    let place = if c.paragraph == 0 {
        "intro"
    } else if c.paragraph + 1 == c.paragraphs {
        "concl"
    } else {
        "body"
    };
    let (k, n) = c.sentence;
    let sp = spos(k, n);
    let (lo, hi) = bounds[i];
    let upos = if lo == i {
        "first"
    } else if hi == i + 1 {
        "last"
    } else {
        "mid"
    };
    let mut f = vec![
        format!("place={place}"),
        format!("spos={sp}"),
        format!("place_spos={place}_{sp}"),
        format!("upos={place}_{upos}"),
        format!("units={place}_{}", (hi - lo).min(6)),
        format!("marker={}", c.marker),
        format!("place_marker={place}_{}", c.marker),
        format!(
            "joined={}",
            match c.joined {
                None => "no",
                Some(true) => "reason",
                Some(false) => "conclusion",
            }
        ),
        format!("part={}/{}", c.part.0.min(2), c.part.1.min(3)),
        format!("len={}", words.len().min(40) / 5),
        format!("tov={place}_{}", c.title_overlap),
    ];
    for w in c.marker.split(' ').filter(|w| !w.is_empty()) {
        f.push(format!("lw={w}"));
    }
    if c.question {
        f.push("question".into());
    }
    if let Some(w) = words.first() {
        f.push(format!("w0={w}"));
    }
    if words.len() > 1 {
        f.push(format!("w01={}_{}", words[0], words[1]));
    }
    for cue in CUES {
        if joined_words.contains(&format!(" {cue} ")) {
            f.push(format!("cue={cue}"));
            f.push(format!("cue_place={cue}_{place}"));
        }
    }
    let first_person = words
        .iter()
        .any(|w| matches!(w.as_str(), "i" | "my" | "me"));
    if first_person {
        f.push(format!("fp={place}"));
    }
    for m in MODALS {
        if words.iter().any(|w| w == m) {
            f.push(format!("modal_place={place}"));
            break;
        }
    }
    for w in &words {
        f.push(format!("w={w}"));
    }
    if i > 0 && cands[i - 1].paragraph == c.paragraph {
        f.push(format!("prev_marker={}", cands[i - 1].marker));
    } else {
        f.push("prev_marker=<p>".into());
    }
    if i + 1 < cands.len() && cands[i + 1].paragraph == c.paragraph {
        f.push(format!("next_marker={}", cands[i + 1].marker));
    } else {
        f.push("next_marker=</p>".into());
    }
    // A conclusion restates the thesis: words shared with the introduction's units.
    if place == "concl" {
        let mine = content_words(text, c.span);
        let ov = cands
            .iter()
            .take_while(|d| d.paragraph == 0)
            .take(50)
            .map(|d| content_words(text, d.span).intersection(&mine).count())
            .max()
            .unwrap_or(0);
        f.push(format!("iov={}", ov.min(4)));
    }
    f
}

/// For each candidate, the index range of the candidates of its paragraph (they are in
/// text order, so a paragraph's candidates are contiguous).
pub fn paragraph_bounds(cands: &[Candidate]) -> Vec<(usize, usize)> {
    let mut out = vec![(0, 0); cands.len()];
    let mut a = 0;
    while a < cands.len() {
        let mut b = a + 1;
        while b < cands.len() && cands[b].paragraph == cands[a].paragraph {
            b += 1;
        }
        out[a..b].fill((a, b));
        a = b;
    }
    out
}

/// The trained essay model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EssayModel {
    /// What it was trained on.
    pub trained_on: String,
    /// B / I / O per token: the units of each sentence.
    pub segmenter: Tagger,
    /// none / major-claim / claim / premise, per candidate unit.
    pub kind: Classifier,
    /// support / attack toward its target, per argumentative unit.
    pub stance: Classifier,
    /// no / yes: a premise's relation goes to another unit of its paragraph.
    pub link: Classifier,
    /// Platt scaling `(a, b)` of the log-odds of the kind classifier's probability into the
    /// probability that the unit is a correct component (see [`correct`]), fitted on the
    /// held-out folds of a cross-validation on the training essays.
    pub calibration: (f64, f64),
}

/// A gold essay: its text, units (byte spans with kinds) and relations (unit indices).
pub struct GoldEssay {
    /// The essay.
    pub text: String,
    /// Units as byte spans and kind index into [`KINDS`].
    pub units: Vec<(Span, usize)>,
    /// Relations: from, to, attack.
    pub relations: Vec<(usize, usize, bool)>,
}

/// The scorer's words of a span: start offsets of words and punctuation, without
/// punctuation at either edge.
fn scorer_words(text: &str, span: Span) -> Vec<usize> {
    let toks = tokenize(text, span);
    let a = toks.iter().position(|t| t.alnum);
    let b = toks.iter().rposition(|t| t.alnum);
    match (a, b) {
        (Some(a), Some(b)) => toks[a..=b].iter().map(|t| t.start).collect(),
        _ => Vec::new(),
    }
}

fn overlap(a: &[usize], b: &[usize]) -> f64 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let common = a.iter().filter(|w| b.binary_search(w).is_ok()).count();
    common as f64 / a.len().max(b.len()) as f64
}

/// The gold unit a span matches best with at least half the words of the longer of the two.
fn best_gold(text: &str, span: Span, gold: &[(Span, usize)]) -> Option<usize> {
    let mine = scorer_words(text, span);
    let mut best = None;
    let mut best_ov = 0.5 - 1e-9;
    for (g, (gs, _)) in gold.iter().enumerate() {
        if gs.end <= span.start || gs.start >= span.end {
            continue;
        }
        let ov = overlap(&mine, &scorer_words(text, *gs));
        if ov >= best_ov {
            best_ov = ov;
            best = Some(g);
        }
    }
    best
}

/// The event the calibrated confidence predicts: the unit matches a gold unit of the same
/// kind with at least half the words of the longer of the two (a "50%" component match).
pub fn correct(text: &str, span: Span, kind: usize, gold: &[(Span, usize)]) -> bool {
    let mine = scorer_words(text, span);
    gold.iter().any(|(gs, k)| {
        *k == kind
            && gs.end > span.start
            && gs.start < span.end
            && overlap(&mine, &scorer_words(text, *gs)) >= 0.5 - 1e-9
    })
}

/// Everything training needs from one gold essay, computed once.
struct Prepared {
    seqs: Vec<Sequence>,
    /// Gold candidates (whole sentences for those without units) and their gold unit.
    cands: Vec<Candidate>,
    gold_of: Vec<Option<usize>>,
    kind_features: Vec<Vec<String>>,
}

/// Interns feature names.
#[derive(Default)]
struct Names {
    ids: HashMap<String, u32>,
    names: Vec<String>,
}

impl Names {
    fn id(&mut self, f: String) -> u32 {
        if let Some(&i) = self.ids.get(&f) {
            return i;
        }
        let i = self.names.len() as u32;
        self.ids.insert(f.clone(), i);
        self.names.push(f);
        i
    }
}

fn prepare(essay: &GoldEssay, names: &mut Names) -> Prepared {
    let doc = Doc::new(&essay.text);
    let mut seqs = Vec::new();
    let mut ranges = Vec::new();
    for s in &doc.sents {
        let tags = gold_tags(s, &essay.units);
        ranges.push(spans_of(s, &tags));
        let features = token_features(&doc, s)
            .into_iter()
            .map(|fs| fs.into_iter().map(|f| names.id(f)).collect())
            .collect();
        seqs.push(Sequence { features, tags });
    }
    let cands = build(&essay.text, &doc, &ranges, true);
    let gold_of = cands
        .iter()
        .map(|c| best_gold(&essay.text, c.span, &essay.units))
        .collect();
    let bounds = paragraph_bounds(&cands);
    let kind_features = (0..cands.len())
        .map(|i| features(&essay.text, &cands, &bounds, i))
        .collect();
    Prepared {
        seqs,
        cands,
        gold_of,
        kind_features,
    }
}

/// Scores of drafts against gold essays, as the shared scorer counts them: per match level
/// (exact, half), the gold and predicted units, matched units, matched units of the right
/// kind, gold and predicted relations, matched relations.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Score {
    /// `[exact, half]` × `[gold, pred, seg, typed, grel, prel, rel]`.
    pub counts: [[usize; 7]; 2],
}

fn f1(tp: usize, pred: usize, gold: usize) -> f64 {
    let p = if pred > 0 {
        tp as f64 / pred as f64
    } else {
        0.0
    };
    let r = if gold > 0 {
        tp as f64 / gold as f64
    } else {
        0.0
    };
    if p + r > 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    }
}

impl Score {
    /// Adds a draft of `gold.text`: units (span, kind index) and relations (from, to,
    /// attack).
    pub fn add(
        &mut self,
        gold: &GoldEssay,
        units: &[(Span, usize)],
        rels: &[(usize, usize, bool)],
    ) {
        let text = &gold.text;
        let gw: Vec<Vec<usize>> = gold.units.iter().map(|u| scorer_words(text, u.0)).collect();
        let pw: Vec<Vec<usize>> = units.iter().map(|u| scorer_words(text, u.0)).collect();
        for (level, theta) in [1.0, 0.5].into_iter().enumerate() {
            let mut pairs = Vec::new();
            for (g, a) in gw.iter().enumerate() {
                for (p, b) in pw.iter().enumerate() {
                    let ov = overlap(a, b);
                    if ov > 0.0 && ov >= theta - 1e-9 {
                        pairs.push((ov, g, p));
                    }
                }
            }
            pairs.sort_by(|x, y| y.0.total_cmp(&x.0));
            let mut g2p: Vec<Option<usize>> = vec![None; gw.len()];
            let mut used = vec![false; pw.len()];
            for (_, g, p) in pairs {
                if g2p[g].is_none() && !used[p] {
                    g2p[g] = Some(p);
                    used[p] = true;
                }
            }
            let c = &mut self.counts[level];
            c[0] += gw.len();
            c[1] += pw.len();
            c[2] += g2p.iter().flatten().count();
            c[3] += g2p
                .iter()
                .enumerate()
                .filter(|(g, p)| p.is_some_and(|p| units[p].1 == gold.units[*g].1))
                .count();
            let grel: HashSet<(usize, usize, bool)> = gold.relations.iter().copied().collect();
            let prel: HashSet<(usize, usize, bool)> = rels.iter().copied().collect();
            c[4] += grel.len();
            c[5] += prel.len();
            c[6] += grel
                .iter()
                .filter(|(a, b, t)| match (g2p[*a], g2p[*b]) {
                    (Some(x), Some(y)) => prel.contains(&(x, y, *t)),
                    _ => false,
                })
                .count();
        }
    }

    /// `[seg, components, relations]` F1 at exact (`0`) or half (`1`) word match.
    pub fn f1(&self, level: usize) -> [f64; 3] {
        let c = &self.counts[level];
        [
            f1(c[2], c[1], c[0]),
            f1(c[3], c[1], c[0]),
            f1(c[6], c[5], c[4]),
        ]
    }
}

/// What a cross-validation on the training essays gives: the scores of the held-out
/// drafts, and each held-out unit's raw confidence and whether it was a correct component.
#[derive(Debug, Clone, Default)]
pub struct CrossValidation {
    /// Scores of all held-out drafts.
    pub score: Score,
    /// Raw kind probability per predicted unit.
    pub raw: Vec<f64>,
    /// Its calibrated confidence (with the calibration of the model that drafted it).
    pub calibrated: Vec<f64>,
    /// Whether that unit is a correct component ([`correct`]).
    pub correct: Vec<bool>,
}

impl CrossValidation {
    fn merge(&mut self, other: CrossValidation) {
        for (a, b) in self.score.counts.iter_mut().zip(other.score.counts) {
            for (x, y) in a.iter_mut().zip(b) {
                *x += y;
            }
        }
        self.raw.extend(other.raw);
        self.calibrated.extend(other.calibrated);
        self.correct.extend(other.correct);
    }
}

/// The relations of a parse as the draft writes them: the tree's, and each claim's stance
/// toward every other major claim too.
pub fn relations(kinds: &[&str], tree: &Tree) -> Vec<(usize, usize, bool)> {
    let mut out = Vec::new();
    for (i, t) in tree.target.iter().enumerate() {
        if let Some((to, kind)) = *t {
            out.push((i, to, kind != Kind::Support));
        }
    }
    out.extend(
        stances_to_other_major_claims(kinds, tree)
            .into_iter()
            .map(|(c, m, kind)| (c, m, kind != Kind::Support)),
    );
    out
}

/// A claim takes the same stance toward every major claim (the thesis and its restatement),
/// as the corpus annotates it: `(claim, other major claim, kind)` for each major claim that
/// is not the root.
pub fn stances_to_other_major_claims(kinds: &[&str], tree: &Tree) -> Vec<(usize, usize, Kind)> {
    let mut out = Vec::new();
    for (m, kind) in kinds.iter().enumerate() {
        if *kind != "major-claim" || m == tree.root {
            continue;
        }
        for (c, target) in tree.target.iter().enumerate() {
            if let Some((to, relation)) = *target
                && to == tree.root
                && kinds[c] == "claim"
            {
                out.push((c, m, relation));
            }
        }
    }
    out
}

impl EssayModel {
    /// The model shipped with cruxmap.
    pub fn shipped() -> EssayModel {
        EssayModel::from_json(SHIPPED).expect("the shipped essay weights are valid")
    }

    /// Reads a model written by [`EssayModel::to_json`].
    pub fn from_json(text: &str) -> Result<EssayModel, String> {
        let mut m: EssayModel = serde_json::from_str(text).map_err(|e| e.to_string())?;
        if m.kind.classes.len() != KINDS.len()
            || m.stance.classes.len() != 2
            || m.link.classes.len() != 2
            || m.segmenter.tags.len() != TAGS.len()
        {
            return Err("the essay classifiers have the wrong classes".into());
        }
        m.kind.index();
        m.stance.index();
        m.link.index();
        m.segmenter.index();
        Ok(m)
    }

    /// The model as JSON (stable: sorted weights, fixed precision).
    pub fn to_json(&self) -> String {
        let mut s = serde_json::to_string(self).unwrap_or_default();
        s.push('\n');
        s
    }

    /// Trains the model on gold essays: a cross-validation over [`FOLDS`] folds first, whose
    /// held-out units fit the confidence calibration, then every part on all essays.
    /// Returns the model and the cross-validation.
    pub fn train(
        essays: &[GoldEssay],
        training: Training,
        trained_on: &str,
    ) -> (EssayModel, CrossValidation) {
        let mut names = Names::default();
        let mut prepared: Vec<Prepared> = essays.iter().map(|e| prepare(e, &mut names)).collect();
        // Tagger features seen only once are left out: they cannot generalise and would
        // double the weights file.
        let mut count = vec![0u32; names.names.len()];
        for p in &prepared {
            for seq in &p.seqs {
                for fs in &seq.features {
                    for &f in fs {
                        count[f as usize] += 1;
                    }
                }
            }
        }
        for p in &mut prepared {
            for seq in &mut p.seqs {
                for fs in &mut seq.features {
                    fs.retain(|&f| count[f as usize] >= MIN_COUNT);
                }
            }
        }
        let mut cv = CrossValidation::default();
        if essays.len() >= FOLDS {
            for fold in 0..FOLDS {
                let train: Vec<usize> = (0..essays.len()).filter(|i| i % FOLDS != fold).collect();
                let model = Self::fit(essays, &prepared, &names, &train, training, trained_on);
                let held: Vec<&GoldEssay> = (0..essays.len())
                    .filter(|i| i % FOLDS == fold)
                    .map(|i| &essays[i])
                    .collect();
                cv.merge(model.evaluate(&held));
            }
        }
        let all: Vec<usize> = (0..essays.len()).collect();
        let mut model = Self::fit(essays, &prepared, &names, &all, training, trained_on);
        if !cv.raw.is_empty() {
            let xs: Vec<f64> = cv.raw.iter().map(|&p| calibrate::logit(p)).collect();
            let Platt { a, b } = calibrate::platt_fit(&xs, &cv.correct);
            model.calibration = (round6(a), round6(b));
        }
        (model, cv)
    }

    /// Drafts each gold essay and scores the drafts: the scores, and each drafted unit's
    /// raw and calibrated confidence and whether it is a correct component.
    pub fn evaluate(&self, essays: &[&GoldEssay]) -> CrossValidation {
        let mut out = CrossValidation::default();
        for e in essays {
            let parse = self.parse_raw(&e.text);
            let units: Vec<(Span, usize)> = parse
                .cands
                .iter()
                .zip(&parse.kinds)
                .map(|(c, k)| (c.span, kind_index(k)))
                .collect();
            for (k, (u, raw)) in units.iter().zip(&parse.raw).enumerate() {
                out.raw.push(*raw);
                out.calibrated.push(parse.tree.confidence[k]);
                out.correct.push(correct(&e.text, u.0, u.1, &e.units));
            }
            out.score
                .add(e, &units, &relations(&parse.kinds, &parse.tree));
        }
        out
    }

    /// Trains every part on the essays `which`.
    fn fit(
        essays: &[GoldEssay],
        prepared: &[Prepared],
        names: &Names,
        which: &[usize],
        training: Training,
        trained_on: &str,
    ) -> EssayModel {
        let seqs: Vec<&Sequence> = which.iter().flat_map(|&i| &prepared[i].seqs).collect();
        let mut segmenter = Tagger::train(&TAGS, &names.names, &seqs, EPOCHS, bio);
        segmenter.index();
        let mut kind_data = Vec::new();
        let mut stance_data = Vec::new();
        let mut link_data = Vec::new();
        for &e in which {
            let (essay, p) = (&essays[e], &prepared[e]);
            let kinds: Vec<usize> = p
                .gold_of
                .iter()
                .map(|g| g.map_or(0, |g| essay.units[g].1))
                .collect();
            let pb = paragraph_bounds(&p.cands);
            for (i, f) in p.kind_features.iter().enumerate() {
                kind_data.push((f.clone(), kinds[i]));
                if let Some(g) = p.gold_of[i]
                    && let Some(&(_, _, attack)) =
                        essay.relations.iter().find(|(from, _, _)| *from == g)
                {
                    let (lo, hi) = pb[i];
                    stance_data.push((
                        stance_features(f, kinds[i], &p.cands, lo, hi),
                        usize::from(attack),
                    ));
                }
            }
            let kind_names: Vec<&str> = kinds.iter().map(|&k| KINDS[k]).collect();
            let words: Vec<HashSet<String>> = p
                .cands
                .iter()
                .map(|c| content_words(&essay.text, c.span))
                .collect();
            let ctx = arg_context(&p.cands, &kind_names);
            for s in 0..p.cands.len() {
                if kind_names[s] != "premise" {
                    continue;
                }
                let Some(gs) = p.gold_of[s] else { continue };
                for t in link_targets(&p.cands, &kind_names, s) {
                    let yes = p.gold_of[t].is_some_and(|gt| {
                        essay.relations.iter().any(|&(a, b, _)| a == gs && b == gt)
                    });
                    link_data.push((
                        link_features(&p.cands, &kind_names, &words, &ctx, s, t),
                        usize::from(yes),
                    ));
                }
            }
        }
        let kind = Classifier::train(
            &KINDS,
            &examples(&kind_data),
            // Unbalanced: the decoding sees to the major claims and claims.
            Training {
                balanced: false,
                ..training
            },
        );
        let stance = Classifier::train(
            &["support", "attack"],
            &examples(&stance_data),
            Training {
                balanced: false,
                ..training
            },
        );
        let link = Classifier::train(&["no", "yes"], &examples(&link_data), training);
        EssayModel {
            trained_on: trained_on.to_string(),
            segmenter,
            kind,
            stance,
            link,
            calibration: (1.0, 0.0),
        }
    }

    /// The candidate units the segmenter finds in an essay (at least one per sentence when
    /// it finds none in the whole text).
    pub fn candidates(&self, text: &str) -> Vec<Candidate> {
        let doc = Doc::new(text);
        // One sentence's features at a time: all of them at once would take memory in
        // proportion to the text times the features per token.
        let ranges: Vec<Vec<(usize, usize)>> = doc
            .sents
            .iter()
            .map(|s| spans_of(s, &self.segmenter.tag(&token_features(&doc, s), bio)))
            .collect();
        let out = build(text, &doc, &ranges, false);
        if out.is_empty() {
            return build(text, &doc, &ranges, true);
        }
        out
    }

    fn parse_raw(&self, text: &str) -> Parse {
        let cands = self.candidates(text);
        let mut kept = Vec::new();
        let mut kinds = Vec::new();
        let mut raw = Vec::new();
        let mut stances = Vec::new();
        let bounds = paragraph_bounds(&cands);
        let feats: Vec<Vec<String>> = (0..cands.len())
            .map(|i| features(text, &cands, &bounds, i))
            .collect();
        let probs: Vec<Vec<f64>> = feats.iter().map(|f| self.kind.probabilities(f)).collect();
        let mut decoded = decode_kinds(&cands, &bounds, &probs);
        // The conclusion restates the thesis: its major claim is chosen with the words it
        // shares with the introduction's.
        if let Some(m0) = (0..cands.len()).find(|&i| cands[i].paragraph == 0 && decoded[i] == 1)
            && let Some(cur) = (0..cands.len()).rev().find(|&i| {
                decoded[i] == 1
                    && cands[i].paragraph + 1 == cands[i].paragraphs
                    && cands[i].paragraph > 0
            })
        {
            let w0 = content_words(text, cands[m0].span);
            let (lo, hi) = bounds[cur];
            let score = |i: usize| {
                let w = content_words(text, cands[i].span);
                let inter = w.intersection(&w0).count() as f64;
                let uni = w.union(&w0).count().max(1) as f64;
                probs[i][1].max(1e-6).ln() + RESTATEMENT * inter / uni
            };
            if let Some(b) = (lo..hi).max_by(|&a, &b| score(a).total_cmp(&score(b)))
                && b != cur
            {
                decoded[cur] = argmax_without(&probs[cur], &[1]);
                decoded[b] = 1;
            }
        }
        let keep: Vec<usize> = (0..cands.len()).filter(|&i| decoded[i] != 0).collect();
        kept.extend(keep.iter().map(|&i| cands[i].clone()));
        let kept_probs: Vec<Vec<f64>> = keep.iter().map(|&i| probs[i].clone()).collect();
        let mut chosen: Vec<usize> = keep.iter().map(|&i| decoded[i]).collect();
        self.rechoose_claims(text, &kept, &kept_probs, &mut chosen);
        for (j, &i) in keep.iter().enumerate() {
            let best = chosen[j];
            let attack = self.stance.probabilities(&stance_features(
                &feats[i],
                best,
                &cands,
                bounds[i].0,
                bounds[i].1,
            ))[1]
                > ATTACK;
            kinds.push(KINDS[best]);
            raw.push(probs[i][best]);
            stances.push(attack);
        }
        let confidence = raw
            .iter()
            .map(|&p| Platt::from(self.calibration).apply(calibrate::logit(p)))
            .collect();
        let tree = self.relate(text, &kept, &kinds, &stances, confidence);
        Parse {
            cands: kept,
            kinds,
            raw,
            tree,
        }
    }

    /// The premise links' log-likelihood of the premises in `lo..hi`: each premise's best
    /// target (as [`EssayModel::relate`] weighs them).
    fn link_score(
        &self,
        cands: &[Candidate],
        kinds: &[&str],
        words: &[HashSet<String>],
        ctx: &[(Option<usize>, Option<usize>, usize)],
        lo: usize,
        hi: usize,
    ) -> f64 {
        let mut total = 0.0;
        for s in lo..hi {
            if kinds[s] != "premise" {
                continue;
            }
            let best = link_targets(cands, kinds, s)
                .into_iter()
                .map(|t| {
                    let f = link_features(cands, kinds, words, ctx, s, t);
                    (prior(kinds[t]) * self.link.probabilities(&f)[1]).min(1.0)
                })
                .fold(0.0, f64::max);
            total += best.max(1e-6).ln();
        }
        total
    }

    /// Each body paragraph's claim chosen jointly with its premises' links: of the
    /// paragraph's likeliest claims, the one whose kinds and premise links are likeliest
    /// together.
    fn rechoose_claims(
        &self,
        text: &str,
        cands: &[Candidate],
        probs: &[Vec<f64>],
        chosen: &mut [usize],
    ) {
        let bounds = paragraph_bounds(cands);
        let words: Vec<HashSet<String>> =
            cands.iter().map(|c| content_words(text, c.span)).collect();
        // One kinds and context vector for the whole essay; a swap changes two kinds and
        // is scored on the premises near them: linear in the text.
        let mut kinds: Vec<&str> = chosen.iter().map(|&k| KINDS[k]).collect();
        let ctx = arg_context(cands, &kinds);
        let mut lo = 0;
        while lo < cands.len() {
            let hi = bounds[lo].1;
            let p = cands[lo].paragraph;
            let last = cands[lo].paragraphs.saturating_sub(1);
            if p == 0 || p == last || hi - lo < 2 {
                lo = hi.max(lo + 1);
                continue;
            }
            let Some(current) = (lo..hi)
                .filter(|&i| chosen[i] == 2)
                .max_by(|&a, &b| probs[a][2].total_cmp(&probs[b][2]))
            else {
                lo = hi.max(lo + 1);
                continue;
            };
            // The alternatives: the likeliest claims within [`REACH`] units of the decoded
            // one that are not claims already (the paragraph's claim count, and so every
            // link's context, stays the same). Only premises within [`REACH`] of the two
            // units whose kinds change can link otherwise: the scores are compared there.
            let near = current.saturating_sub(REACH).max(lo)..(current + REACH + 1).min(hi);
            let mut order: Vec<usize> = near.filter(|&i| i != current && chosen[i] == 3).collect();
            order.sort_by(|&a, &b| probs[b][2].total_cmp(&probs[a][2]).then(a.cmp(&b)));
            let mut best: Option<(f64, usize)> = None;
            for &c in order.iter().take(CLAIM_CHOICES - 1) {
                let from = c.min(current).saturating_sub(REACH).max(lo);
                let to = (c.max(current) + REACH + 1).min(hi);
                let before = self.link_score(cands, &kinds, &words, &ctx, from, to);
                kinds[current] = "premise";
                kinds[c] = "claim";
                let after = self.link_score(cands, &kinds, &words, &ctx, from, to);
                kinds[current] = "claim";
                kinds[c] = "premise";
                let ln = |i: usize, k: usize| probs[i][k].max(1e-6).ln();
                let gain = ln(c, 2) + ln(current, 3) - ln(c, 3) - ln(current, 2) + after - before;
                if gain > 0.0 && best.is_none_or(|(b, _)| gain > b) {
                    best = Some((gain, c));
                }
            }
            if let Some((_, c)) = best {
                chosen[current] = 3;
                chosen[c] = 2;
                kinds[current] = "premise";
                kinds[c] = "claim";
            }
            lo = hi.max(lo + 1);
        }
    }

    /// Drafts units and a tree for an essay: the argumentative candidates, their kinds,
    /// and their tree (with calibrated confidences).
    pub fn parse(&self, text: &str) -> (Vec<Candidate>, Vec<&'static str>, Tree) {
        let p = self.parse_raw(text);
        (p.cands, p.kinds, p.tree)
    }

    /// Relations: the first major claim is the root; claims support or attack it; each
    /// premise supports or attacks the unit of its paragraph the link classifier likes best,
    /// a premise weighted by [`PREMISE_TARGET`] (never making a cycle), or the root if its
    /// paragraph has no other unit.
    fn relate(
        &self,
        text: &str,
        cands: &[Candidate],
        kinds: &[&'static str],
        attack: &[bool],
        confidence: Vec<f64>,
    ) -> Tree {
        let n = cands.len();
        let root = kinds.iter().position(|k| *k == "major-claim").unwrap_or(0);
        let mut target: Vec<Option<(usize, Kind)>> = vec![None; n];
        let kind_of = |a: bool| if a { Kind::Rebut } else { Kind::Support };
        let words: Vec<HashSet<String>> =
            cands.iter().map(|c| content_words(text, c.span)).collect();
        let ctx = arg_context(cands, kinds);
        for i in 0..n {
            if i == root {
                continue;
            }
            match kinds[i] {
                "major-claim" => {}
                "claim" => target[i] = Some((root, kind_of(attack[i]))),
                _ => {
                    let mut scored: Vec<(f64, usize)> = link_targets(cands, kinds, i)
                        .into_iter()
                        .map(|t| {
                            let f = link_features(cands, kinds, &words, &ctx, i, t);
                            (prior(kinds[t]) * self.link.probabilities(&f)[1], t)
                        })
                        .collect();
                    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
                    let reaches = |mut j: usize, target: &[Option<(usize, Kind)>]| {
                        for _ in 0..64 {
                            if j == i {
                                return true;
                            }
                            match target[j] {
                                Some((t, _)) => j = t,
                                None => return false,
                            }
                        }
                        true
                    };
                    let to = scored
                        .iter()
                        .map(|&(_, t)| t)
                        .find(|&t| !reaches(t, &target))
                        .unwrap_or(root);
                    target[i] = Some((to, kind_of(attack[i])));
                }
            }
        }
        let opponent = super::decode::roles(&target);
        Tree {
            root,
            target,
            opponent,
            confidence,
        }
    }
}

/// Above this stance probability a unit attacks its target (a support is likelier to be
/// right when the classifier is unsure: 0.7 gave the best relations in cross-validation).
const ATTACK: f64 = 0.7;

/// A premise's link to another premise counts this much more than the link classifier's
/// probability: it is trained on gold kinds, where the paragraph's claim is always right,
/// and prefers claims too much (1.6 to 2 gave the best relations in cross-validation).
const PREMISE_TARGET: f64 = 1.8;

/// The weight of a link target of kind `kind` (see [`PREMISE_TARGET`]).
fn prior(kind: &str) -> f64 {
    if kind == "premise" {
        PREMISE_TARGET
    } else {
        1.0
    }
}

/// How much the share of words in common with the introduction's major claim (Jaccard)
/// adds to a conclusion unit's log-probability of being the major claim (0.5 to 4 gave
/// the same relations in cross-validation, 1 the best).
const RESTATEMENT: f64 = 1.0;

/// How many of a body paragraph's likeliest claims [`EssayModel::rechoose_claims`] weighs
/// (the decoded one among them).
const CLAIM_CHOICES: usize = 3;

/// Above this probability a second claim of a body paragraph stays a claim.
const SECOND_CLAIM: f64 = 0.7;

/// Below this probability no major claim is forced into the introduction.
const INTRO_MAJOR_CLAIM: f64 = 0.3;

fn argmax_without(p: &[f64], banned: &[usize]) -> usize {
    (0..p.len())
        .filter(|k| !banned.contains(k))
        .max_by(|&a, &b| p[a].total_cmp(&p[b]).then(b.cmp(&a)))
        .unwrap_or(0)
}

/// Kinds for the candidates of an essay from their probabilities, with the essay's
/// structure: no major claim in a body paragraph, one claim per body paragraph (a second
/// only when likely), at most one major claim in the introduction and exactly one in the
/// conclusion.
fn decode_kinds(cands: &[Candidate], bounds: &[(usize, usize)], probs: &[Vec<f64>]) -> Vec<usize> {
    let mut out: Vec<usize> = probs.iter().map(|p| argmax_without(p, &[])).collect();
    let best_of = |lo: usize, hi: usize, k: usize| -> Option<usize> {
        (lo..hi).max_by(|&a, &b| probs[a][k].total_cmp(&probs[b][k]).then(b.cmp(&a)))
    };
    let mut lo = 0;
    while lo < cands.len() {
        let hi = bounds[lo].1;
        let p = cands[lo].paragraph;
        let last = cands[lo].paragraphs.saturating_sub(1);
        if p == 0 || p == last {
            // One major claim: the likeliest (in the introduction only if likely enough).
            let best = best_of(lo, hi, 1)
                .filter(|&b| p == last || out[b] == 1 || probs[b][1] >= INTRO_MAJOR_CLAIM);
            for i in lo..hi {
                if Some(i) == best {
                    out[i] = 1;
                } else if out[i] == 1 {
                    out[i] = argmax_without(&probs[i], &[1]);
                }
            }
        } else {
            let best = best_of(lo, hi, 2);
            for i in lo..hi {
                if Some(i) == best {
                    out[i] = 2;
                } else if out[i] == 1 || (out[i] == 2 && probs[i][2] < SECOND_CLAIM) {
                    out[i] = argmax_without(&probs[i], &[1, 2]);
                }
            }
        }
        lo = hi.max(lo + 1);
    }
    out
}

struct Parse {
    cands: Vec<Candidate>,
    kinds: Vec<&'static str>,
    raw: Vec<f64>,
    tree: Tree,
}

fn kind_index(k: &str) -> usize {
    KINDS.iter().position(|x| *x == k).unwrap_or(0)
}

fn round6(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}

/// The stance classifier's features of a unit of kind `kind` with kind features `f`, in
/// the paragraph of candidates `lo..hi`.
fn stance_features(
    f: &[String],
    kind: usize,
    cands: &[Candidate],
    lo: usize,
    hi: usize,
) -> Vec<String> {
    let mut out: Vec<String> = f
        .iter()
        .map(|x| format!("{}:{x}", KINDS[kind]))
        .chain(f.iter().cloned())
        .collect();
    // The paragraph's lead-ins say whether it argues for the thesis or against it
    // ("admittedly", "on the other hand", "however"): its first unit's, and the words of
    // those of its first units.
    out.push(format!("pfm={}", cands[lo].marker));
    out.push(format!("pfm_k={}_{}", cands[lo].marker, KINDS[kind]));
    let mut ws: Vec<&str> = cands[lo..hi.min(lo + PARAGRAPH_LEAD_INS)]
        .iter()
        .flat_map(|c| c.marker.split(' '))
        .filter(|w| !w.is_empty())
        .collect();
    ws.sort_unstable();
    ws.dedup();
    for w in ws {
        out.push(format!("pw={w}_{}", KINDS[kind]));
    }
    out
}

/// How many of a paragraph's first units give their lead-ins to the stance features.
const PARAGRAPH_LEAD_INS: usize = 16;

/// How far (in units) a premise may attach.
const REACH: usize = 10;

/// Per candidate: the first and last argumentative unit of its paragraph and how many
/// claims the paragraph has.
fn arg_context(cands: &[Candidate], kinds: &[&str]) -> Vec<(Option<usize>, Option<usize>, usize)> {
    let bounds = paragraph_bounds(cands);
    let mut out = vec![(None, None, 0); cands.len()];
    let mut lo = 0;
    while lo < cands.len() {
        let hi = bounds[lo].1;
        fill_context(kinds, &mut out, lo, hi);
        lo = hi.max(lo + 1);
    }
    out
}

/// Refills [`arg_context`] for the paragraph `lo..hi` after its kinds changed.
fn fill_context(
    kinds: &[&str],
    ctx: &mut [(Option<usize>, Option<usize>, usize)],
    lo: usize,
    hi: usize,
) {
    let args = (lo..hi).filter(|&j| kinds[j] != "none");
    let first = args.clone().next();
    let last = args.clone().next_back();
    let claims = args.filter(|&j| kinds[j] == "claim").count();
    ctx[lo..hi].fill((first, last, claims));
}

/// The units premise `s` may attach to: the other argumentative units of its paragraph
/// within [`REACH`] units.
fn link_targets(cands: &[Candidate], kinds: &[&str], s: usize) -> Vec<usize> {
    let from = s.saturating_sub(REACH);
    let to = (s + REACH + 1).min(cands.len());
    (from..to)
        .filter(|&t| t != s && cands[t].paragraph == cands[s].paragraph && kinds[t] != "none")
        .collect()
}

/// Features of premise `s` attaching to unit `t` of its paragraph; `ctx` from
/// [`arg_context`].
fn link_features(
    cands: &[Candidate],
    kinds: &[&str],
    words: &[HashSet<String>],
    ctx: &[(Option<usize>, Option<usize>, usize)],
    s: usize,
    t: usize,
) -> Vec<String> {
    let (cs, ct) = (&cands[s], &cands[t]);
    let d = (t as isize - s as isize).clamp(-5, 5);
    let dir = if t < s { "before" } else { "after" };
    let (first_arg, last_arg, claims) = ctx[s];
    let ov = words[s].intersection(&words[t]).count().min(3);
    let tk = kinds[t];
    let first = |j: usize| first_arg == Some(j);
    let last = |j: usize| last_arg == Some(j);
    let mut f = vec![
        "b".to_string(),
        format!("d={d}"),
        format!("tk={tk}"),
        format!("tk_d={tk}_{d}"),
        format!("sm={}_{dir}", cs.marker),
        format!("sm_tk={}_{tk}", cs.marker),
        format!("tm={}_{dir}", ct.marker),
        format!("ov={ov}"),
        format!("tk_ov={tk}_{ov}"),
        format!("tfirst={}_{tk}", u8::from(first(t))),
        format!("tlast={}_{tk}", u8::from(last(t))),
        format!("sfirst={}_{dir}", u8::from(first(s))),
        format!("slast={}_{dir}", u8::from(last(s))),
        format!("claims={}_{tk}", claims.min(3)),
        format!(
            "sj={}_{d}",
            match cs.joined {
                None => "no",
                Some(true) => "reason",
                Some(false) => "conclusion",
            }
        ),
        format!(
            "tj={}_{d}",
            match ct.joined {
                None => "no",
                Some(true) => "reason",
                Some(false) => "conclusion",
            }
        ),
    ];
    f.push(format!("sm_d={}_{d}", cs.marker));
    f.push(format!("tm_d={}_{d}", ct.marker));
    f.push(format!("sm_tk_d={}_{tk}_{d}", cs.marker));
    for w in cs.marker.split(' ').filter(|w| !w.is_empty()) {
        f.push(format!("slw_d={w}_{d}"));
    }
    if cs.sentence == ct.sentence {
        f.push(format!("same_sentence_{dir}"));
    }
    for w in cs.marker.split(' ').filter(|w| !w.is_empty()) {
        f.push(format!("slw={w}_{dir}_{tk}"));
    }
    f
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_and_gold_tags_give_back_the_units() {
        let text = "A title line\n\nIn my opinion, cities should plant trees because \
                    leaves give shade. Some text.\n\nMore text here. And more.\n\nThe end is here.";
        let doc = Doc::new(text);
        assert_eq!(doc.paragraphs, 3);
        assert!(doc.title.contains("title"));
        let s = &doc.sents[0];
        let unit = |a: &str| {
            let start = text.find(a).unwrap();
            Span {
                start,
                end: start + a.len(),
            }
        };
        let gold = [
            (unit("cities should plant trees"), 2),
            (unit("leaves give shade"), 3),
        ];
        let tags = gold_tags(s, &gold);
        let ranges = spans_of(s, &tags);
        assert_eq!(ranges.len(), 2);
        let mut all = vec![ranges];
        all.extend((1..doc.sents.len()).map(|_| Vec::new()));
        let cands = build(text, &doc, &all, false);
        assert_eq!(cands.len(), 2);
        assert_eq!(
            &text[cands[0].span.start..cands[0].span.end],
            "cities should plant trees"
        );
        assert_eq!(cands[0].marker, "in my opinion");
        assert_eq!(cands[1].marker, "because");
        assert_eq!(cands[1].joined, Some(true));
        assert_eq!(cands[1].part, (1, 2));
        assert!(looks_like_essay(text));
        assert!(!looks_like_essay("One sentence. Two sentences."));
    }

    #[test]
    fn the_score_counts_exact_and_half_matches() {
        let text = "Cats sleep all day long. Dogs bark at night.".to_string();
        let span = |a: &str| {
            let start = text.find(a).unwrap();
            Span {
                start,
                end: start + a.len(),
            }
        };
        let gold = GoldEssay {
            units: vec![
                (span("Cats sleep all day long"), 2),
                (span("Dogs bark at night"), 3),
            ],
            relations: vec![(1, 0, false)],
            text: text.clone(),
        };
        let mut s = Score::default();
        s.add(
            &gold,
            &[
                (span("Cats sleep all day long."), 2),
                (span("bark at night"), 3),
            ],
            &[(1, 0, false)],
        );
        // Exact: one unit of two; half: both, and the relation.
        assert_eq!(s.f1(0), [0.5, 0.5, 0.0]);
        assert_eq!(s.f1(1), [1.0, 1.0, 1.0]);
        assert!(correct(&text, span("bark at night"), 3, &gold.units));
        assert!(!correct(&text, span("bark at night"), 2, &gold.units));
    }
}
