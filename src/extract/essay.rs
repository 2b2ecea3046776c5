//! Essays: paragraphed persuasive prose (a title, an introduction with the thesis, body
//! paragraphs each defending one claim, a conclusion). Units are sentences without their
//! leading discourse marker, split where a reason ("because", "since", ", so") joins two;
//! a trained classifier gives each unit a kind (major claim, claim, premise, or none: left
//! out) and a stance; relations follow the essay's structure. Does not read files.

use serde::{Deserialize, Serialize};

use super::decode::{Kind, Tree};
use super::features::tokens;
use super::model::{Classifier, Training, examples};
use super::segment::{self, Span};

/// The kinds a unit can get; `none` units are left out of the draft.
pub const KINDS: [&str; 4] = ["none", "major-claim", "claim", "premise"];

/// The essay model shipped with cruxmap (`cruxmap train-extract --genre essay`).
const SHIPPED: &str = include_str!("essay-weights.json");

/// Leading discourse markers, longest first where one starts another. They are cut off the
/// unit and kept as a feature.
const MARKERS: &[&str] = &[
    "first and foremost",
    "first of all",
    "last but not least",
    "in the first place",
    "to begin with",
    "to sum up",
    "to conclude",
    "in conclusion",
    "in summary",
    "in short",
    "all in all",
    "on the other hand",
    "on the contrary",
    "in other words",
    "in addition",
    "in contrast",
    "in fact",
    "as a result",
    "as a consequence",
    "for example",
    "for instance",
    "what is more",
    "this is because",
    "that is because",
    "i strongly believe that",
    "i strongly believe",
    "i believe that",
    "i believe",
    "i think that",
    "i think",
    "i agree that",
    "in my opinion",
    "in my point of view",
    "from my point of view",
    "from my perspective",
    "personally",
    "however",
    "therefore",
    "moreover",
    "furthermore",
    "additionally",
    "besides",
    "consequently",
    "hence",
    "thus",
    "firstly",
    "secondly",
    "thirdly",
    "lastly",
    "finally",
    "first",
    "second",
    "third",
    "also",
    "admittedly",
    "nevertheless",
    "nonetheless",
    "indeed",
    "obviously",
    "of course",
    "instead",
    "because",
    "since",
    "although",
    "though",
    "but",
    "so",
    "and",
];

/// Where a sentence splits into a claim and its reason or consequence: the words that start
/// the second part, and whether that part is the reason (it supports the first) or the
/// conclusion (the first supports it).
const JOINS: &[(&str, bool)] = &[
    (" because ", true),
    (", because ", true),
    (", since ", true),
    (", as ", true),
    (", so ", false),
    (", therefore, ", false),
    (", therefore ", false),
    (", thus, ", false),
    (", thus ", false),
    ("; therefore, ", false),
    ("; therefore ", false),
    ("; thus ", false),
    ("; however, ", false),
];

/// One candidate unit of an essay.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    /// The unit without its leading marker.
    pub span: Span,
    /// The paragraph it is in (0 is the first after the title).
    pub paragraph: usize,
    /// How many paragraphs the essay has.
    pub paragraphs: usize,
    /// Its sentence's index within the paragraph, and the paragraph's sentence count.
    pub sentence: (usize, usize),
    /// The marker cut off its start, lower case ("" if none).
    pub marker: String,
    /// Its part of a split sentence: `Some(true)` a reason for the part before it,
    /// `Some(false)` a conclusion from it; `None` for a whole sentence or the first part.
    pub joined: Option<bool>,
    /// The sentence is a question.
    pub question: bool,
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

/// Paragraph spans: blank-line separated; a first line without a sentence end is a title and
/// left out.
fn paragraphs(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut offset = 0;
    for block in text.split_inclusive("\n\n") {
        let start = offset;
        offset += block.len();
        let mut spans = Vec::new();
        segment::push_trimmed(text, start, offset, &mut spans);
        out.extend(spans);
    }
    if let Some(first) = out.first() {
        let body = &text[first.start..first.end];
        if !body.trim_end().ends_with(['.', '!']) && !body.contains('\n') {
            out.remove(0);
        }
    }
    out
}

/// The marker at the start of `s` (lower case), and how many bytes it and the comma and
/// spaces after it take.
fn leading_marker(s: &str) -> Option<(&'static str, usize)> {
    let lower = s.to_ascii_lowercase();
    for m in MARKERS {
        if lower.starts_with(m) {
            let rest = &s[m.len()..];
            if !rest.starts_with([' ', ',']) {
                continue;
            }
            let skip = rest.len() - rest.trim_start_matches([',', ' ']).len();
            let left = &rest[skip..];
            // Keep at least three words after the marker.
            if left.split_whitespace().count() < 3 {
                return None;
            }
            return Some((m, m.len() + skip));
        }
    }
    None
}

/// Candidate units of an essay, in text order.
pub fn candidates(text: &str) -> Vec<Candidate> {
    let paras = paragraphs(text);
    let mut out = Vec::new();
    for (p, para) in paras.iter().enumerate() {
        let sentences = segment::sentences(text, *para);
        for (k, sentence) in sentences.iter().enumerate() {
            let s = &text[sentence.start..sentence.end];
            let question = s.trim_end().ends_with('?');
            // Split at the first join that leaves at least four words on both sides.
            let lower = s.to_ascii_lowercase();
            let mut parts: Vec<(usize, usize, Option<bool>)> = Vec::new();
            let mut cut = None;
            for (j, reason) in JOINS {
                if let Some(at) = lower.find(j) {
                    let before = s[..at].split_whitespace().count();
                    let after = s[at + j.len()..].split_whitespace().count();
                    if before >= 4 && after >= 4 && cut.is_none_or(|(c, _, _)| at < c) {
                        cut = Some((at, at + j.len(), *reason));
                    }
                }
            }
            match cut {
                Some((end, next, reason)) => {
                    parts.push((0, end, None));
                    parts.push((next, s.len(), Some(reason)));
                }
                None => parts.push((0, s.len(), None)),
            }
            for (start, end, joined) in parts {
                let piece = &s[start..end];
                let (marker, skip) = leading_marker(piece).unwrap_or(("", 0));
                let mut spans = Vec::new();
                segment::push_trimmed(
                    text,
                    sentence.start + start + skip,
                    sentence.start + end,
                    &mut spans,
                );
                for span in spans {
                    out.push(Candidate {
                        span,
                        paragraph: p,
                        paragraphs: paras.len(),
                        sentence: (k, sentences.len()),
                        marker: marker.to_string(),
                        joined,
                        question,
                    });
                }
            }
        }
    }
    out
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

/// Features of candidate `i` for the kind and stance classifiers.
pub fn features(text: &str, cands: &[Candidate], i: usize) -> Vec<String> {
    let c = &cands[i];
    let unit = &text[c.span.start..c.span.end];
    let words = tokens(unit);
    let joined_words = format!(" {} ", words.join(" "));
    let place = if c.paragraph == 0 {
        "intro"
    } else if c.paragraph + 1 == c.paragraphs {
        "concl"
    } else {
        "body"
    };
    let (k, n) = c.sentence;
    let spos = if k == 0 {
        "first"
    } else if k + 1 == n {
        "last"
    } else {
        "mid"
    };
    let mut f = vec![
        format!("place={place}"),
        format!("spos={spos}"),
        format!("place_spos={place}_{spos}"),
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
        format!("len={}", words.len().min(40) / 5),
    ];
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
    for w in &words {
        f.push(format!("w={w}"));
    }
    // The sentence before ends with a colon or the unit follows a reason split.
    if i > 0 && cands[i - 1].paragraph == c.paragraph {
        f.push(format!("prev_marker={}", cands[i - 1].marker));
    }
    f
}

/// The trained essay model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EssayModel {
    /// What it was trained on.
    pub trained_on: String,
    /// none / major-claim / claim / premise, per candidate unit.
    pub kind: Classifier,
    /// support / attack toward its target, per argumentative unit.
    pub stance: Classifier,
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

fn word_starts(text: &str, span: Span) -> Vec<usize> {
    let mut out = Vec::new();
    let mut prev_alnum = false;
    for (k, ch) in text[span.start..span.end].char_indices() {
        let alnum = ch.is_alphanumeric();
        if alnum && !prev_alnum {
            out.push(span.start + k);
        }
        prev_alnum = alnum;
    }
    out
}

/// The gold unit a candidate matches: at least half the words of the longer of the two.
fn best_gold(text: &str, span: Span, gold: &[(Span, usize)]) -> Option<usize> {
    let mine = word_starts(text, span);
    let mut best = None;
    let mut best_ov = 0.5 - 1e-9;
    for (g, (gs, _)) in gold.iter().enumerate() {
        if gs.end <= span.start || gs.start >= span.end {
            continue;
        }
        let theirs = word_starts(text, *gs);
        let common = mine.iter().filter(|w| theirs.contains(w)).count();
        let ov = common as f64 / mine.len().max(theirs.len()).max(1) as f64;
        if ov >= best_ov {
            best_ov = ov;
            best = Some(g);
        }
    }
    best
}

impl EssayModel {
    /// The model shipped with cruxmap.
    pub fn shipped() -> EssayModel {
        let mut m: EssayModel =
            serde_json::from_str(SHIPPED).expect("the shipped essay weights are valid JSON");
        m.kind.index();
        m.stance.index();
        m
    }

    /// Reads a model written by [`EssayModel::to_json`].
    pub fn from_json(text: &str) -> Result<EssayModel, String> {
        let mut m: EssayModel = serde_json::from_str(text).map_err(|e| e.to_string())?;
        if m.kind.classes.len() != KINDS.len() || m.stance.classes.len() != 2 {
            return Err("the essay classifiers have the wrong classes".into());
        }
        m.kind.index();
        m.stance.index();
        Ok(m)
    }

    /// The model as JSON (stable: sorted weights, fixed precision).
    pub fn to_json(&self) -> String {
        let mut s = serde_json::to_string(self).unwrap_or_default();
        s.push('\n');
        s
    }

    /// Trains both classifiers on gold essays.
    pub fn train(essays: &[GoldEssay], training: Training, trained_on: &str) -> EssayModel {
        let mut kind_data = Vec::new();
        let mut stance_data = Vec::new();
        for essay in essays {
            let cands = candidates(&essay.text);
            for i in 0..cands.len() {
                let f = features(&essay.text, &cands, i);
                let gold = best_gold(&essay.text, cands[i].span, &essay.units);
                let kind = gold.map_or(0, |g| essay.units[g].1);
                if let Some(g) = gold
                    && let Some(&(_, _, attack)) =
                        essay.relations.iter().find(|(from, _, _)| *from == g)
                {
                    stance_data.push((stance_features(&f, kind), usize::from(attack)));
                }
                kind_data.push((f, kind));
            }
        }
        let mut kind = Classifier::train(&KINDS, &examples(&kind_data), training);
        let mut stance = Classifier::train(
            &["support", "attack"],
            &examples(&stance_data),
            Training {
                balanced: false,
                ..training
            },
        );
        kind.index();
        stance.index();
        EssayModel {
            trained_on: trained_on.to_string(),
            kind,
            stance,
        }
    }

    /// Drafts units and a tree for an essay: the argumentative candidates, their kinds,
    /// and their tree.
    pub fn parse(&self, text: &str) -> (Vec<Candidate>, Vec<&'static str>, Tree) {
        let cands = candidates(text);
        let mut kept = Vec::new();
        let mut kinds = Vec::new();
        let mut confidence = Vec::new();
        let mut stances = Vec::new();
        for i in 0..cands.len() {
            let f = features(text, &cands, i);
            let p = self.kind.probabilities(&f);
            let (best, &pb) = p
                .iter()
                .enumerate()
                .max_by(|a, b| a.1.total_cmp(b.1))
                .unwrap_or((0, &0.0));
            if best == 0 {
                continue;
            }
            let attack = self.stance.probabilities(&stance_features(&f, best))[1] > 0.5;
            kept.push(cands[i].clone());
            kinds.push(KINDS[best]);
            confidence.push(pb);
            stances.push(attack);
        }
        let tree = relate(&kept, &kinds, &stances, confidence);
        (kept, kinds, tree)
    }
}

fn stance_features(f: &[String], kind: usize) -> Vec<String> {
    f.iter()
        .map(|x| format!("{}:{x}", KINDS[kind]))
        .chain(f.iter().cloned())
        .collect()
}

/// Relations from the essay's structure: the first major claim is the root; claims support
/// or attack it; a reason split off a sentence supports its main clause; other premises
/// support or attack the nearest claim of their paragraph after them, else the nearest
/// before (or the root): essays often give reasons first and conclude ("Therefore, …").
fn relate(cands: &[Candidate], kinds: &[&str], attack: &[bool], confidence: Vec<f64>) -> Tree {
    let n = cands.len();
    let root = kinds.iter().position(|k| *k == "major-claim").unwrap_or(0);
    let mut target = vec![None; n];
    let kind_of = |a: bool| if a { Kind::Rebut } else { Kind::Support };
    for i in 0..n {
        if i == root {
            continue;
        }
        match kinds[i] {
            "major-claim" => {}
            "claim" => target[i] = Some((root, kind_of(attack[i]))),
            _ => {
                if cands[i].joined == Some(true) && i > 0 {
                    target[i] = Some((i - 1, Kind::Support));
                    continue;
                }
                let same = |j: usize| cands[j].paragraph == cands[i].paragraph;
                let claim = (0..n)
                    .filter(|&j| j != i && same(j) && kinds[j] != "premise")
                    .min_by_key(|&j| (j < i, j.abs_diff(i)));
                let to = claim.unwrap_or(root);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_are_cut_and_reasons_split() {
        let text = "A title line\n\nIn my opinion, cities should plant many more trees. \
                    The streets get cooler because leaves give plenty of shade.\n\n\
                    Some more text is here. And another sentence follows it.\n\n\
                    In conclusion, trees are worth their cost to every city.";
        let c = candidates(text);
        let units: Vec<&str> = c.iter().map(|c| &text[c.span.start..c.span.end]).collect();
        assert_eq!(units[0], "cities should plant many more trees.");
        assert_eq!(c[0].marker, "in my opinion");
        assert_eq!(units[1], "The streets get cooler");
        assert_eq!(units[2], "leaves give plenty of shade.");
        assert_eq!(c[2].joined, Some(true));
        assert_eq!(
            units.last(),
            Some(&"trees are worth their cost to every city.")
        );
        assert!(looks_like_essay(text));
        assert!(!looks_like_essay("One sentence. Two sentences."));
    }
}
