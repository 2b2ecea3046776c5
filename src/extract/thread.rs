//! Comment threads: posts by several people become one map. Each post gets its own central
//! claim; a reply's central claim supports or attacks the central claim of the post it
//! answers; every unit carries its post and author.
//!
//! Input is either a JSON list of posts or plain text with one post per paragraph (a line,
//! or lines wrapped without a sentence end), where list items and quoted lines belong to the
//! post before them and title lines ("Posts", "Comments") and metadata (timestamps, "3
//! replies") are left out:
//!
//! ```json
//! [{"id": "p1", "author": "ann", "text": "Cities should plant more trees."},
//!  {"author": "bo", "text": "I disagree: trees cost too much.", "reply_to": "p1"}]
//! ```

use thiserror::Error;

use super::decode::{Kind, Tree};
use super::draft::{self, Collected, Draft, ExtractError, Paragraph, Post};
use super::features::tokens;
use super::parser::Parser;

/// One post of a thread as given.
#[derive(Debug, Clone, PartialEq)]
pub struct ThreadPost {
    /// Its id (the JSON `id`, else its 1-based number).
    pub id: String,
    /// Who wrote it, if known.
    pub author: Option<String>,
    /// What it says.
    pub text: String,
    /// The earlier post it answers (an index into the thread), if the input says.
    pub reply_to: Option<usize>,
}

/// Why a JSON thread cannot be read.
#[derive(Debug, Error, Clone, PartialEq)]
pub enum ThreadError {
    /// Not JSON, or not a list of posts.
    #[error("the thread is not a JSON list of posts: {0}")]
    NotAList(String),
    /// A post without a text.
    #[error("post {0} (counting from 0) has no \"text\" string")]
    NoText(usize),
    /// A reply to a post that is not before it.
    #[error(
        "post {post} (counting from 0) replies to {to}, which is not the id or index of an earlier post"
    )]
    BadReply {
        /// The replying post.
        post: usize,
        /// What it says it replies to.
        to: String,
    },
    /// No posts at all.
    #[error("the thread has no posts")]
    Empty,
}

/// Whether `extract --genre auto` reads `text` as a thread: JSON posts, or plain text whose
/// first line is a title such as "Comments".
pub fn is_thread(text: &str) -> bool {
    looks_like_json(text) || looks_like_plain_thread(text)
}

/// Whether `text` is JSON, or starts as a JSON list of objects would (`[{`): prose never
/// does, so a broken thread gets the thread's error, with its line and column.
fn looks_like_json(text: &str) -> bool {
    let t = text.trim_start();
    let squashed: String = t.chars().filter(|c| !c.is_whitespace()).take(2).collect();
    (t.starts_with('[') || t.starts_with('{'))
        && (squashed == "[{" || serde_json::from_str::<serde_json::Value>(t).is_ok())
}

/// Whether `text` looks like a plain-text thread: its first line is a title such as "Posts",
/// "Comments" or "12 comments".
pub fn looks_like_plain_thread(text: &str) -> bool {
    let Some(first) = text.lines().find(|l| !l.trim().is_empty()) else {
        return false;
    };
    let words = tokens(first);
    words.len() <= 3
        && !first.trim_end().ends_with(['.', '!', '?'])
        && words
            .iter()
            .any(|w| matches!(w.as_str(), "posts" | "comments" | "comment" | "replies"))
}

/// Reads a JSON thread: a list of `{"text", "author"?, "id"?, "reply_to"?}` (or an object
/// whose `posts` or `comments` is such a list). `reply_to` names the `id` of an earlier post,
/// or else its 0-based index; `null` or absent means it answers the post before it.
pub fn parse_json(text: &str) -> Result<Vec<ThreadPost>, ThreadError> {
    let value: serde_json::Value =
        serde_json::from_str(text).map_err(|e| ThreadError::NotAList(e.to_string()))?;
    let list = match &value {
        serde_json::Value::Array(a) => a,
        serde_json::Value::Object(o) => match o.get("posts").or_else(|| o.get("comments")) {
            Some(serde_json::Value::Array(a)) => a,
            _ => {
                return Err(ThreadError::NotAList(
                    "an object needs a \"posts\" list".into(),
                ));
            }
        },
        _ => return Err(ThreadError::NotAList("not a list".into())),
    };
    if list.is_empty() {
        return Err(ThreadError::Empty);
    }
    let scalar = |v: &serde_json::Value| match v {
        serde_json::Value::String(s) => Some(s.clone()),
        serde_json::Value::Number(n) => Some(n.to_string()),
        _ => None,
    };
    let mut posts: Vec<ThreadPost> = Vec::with_capacity(list.len());
    // The first post with each id (a hash map: a long thread stays linear).
    let mut by_id: foldhash::HashMap<String, usize> = foldhash::HashMap::default();
    for (k, item) in list.iter().enumerate() {
        let Some(obj) = item.as_object() else {
            return Err(ThreadError::NotAList(format!("post {k} is not an object")));
        };
        let Some(text) = obj
            .get("text")
            .or_else(|| obj.get("body"))
            .and_then(|t| t.as_str())
        else {
            return Err(ThreadError::NoText(k));
        };
        let author = obj
            .get("author")
            .and_then(scalar)
            .map(|a| a.trim().to_string())
            .filter(|a| !a.is_empty());
        let id = obj
            .get("id")
            .and_then(scalar)
            .unwrap_or_else(|| (k + 1).to_string());
        let reply_to = match obj.get("reply_to").or_else(|| obj.get("parent")) {
            None | Some(serde_json::Value::Null) => None,
            Some(v) => {
                let to = scalar(v).ok_or_else(|| ThreadError::BadReply {
                    post: k,
                    to: v.to_string(),
                })?;
                let by_index = v.as_u64().map(|i| i as usize).filter(|&i| i < k);
                let found = by_id.get(&to).copied().or(by_index);
                Some(found.ok_or(ThreadError::BadReply { post: k, to })?)
            }
        };
        by_id.entry(id.clone()).or_insert(k);
        // Control characters (NUL from a "\u0000" escape) are not prose.
        let text: String = text
            .chars()
            .map(|c| {
                if c.is_control() && !matches!(c, '\n' | '\t' | '\r') {
                    ' '
                } else {
                    c
                }
            })
            .collect();
        posts.push(ThreadPost {
            id,
            author,
            text,
            reply_to,
        });
    }
    Ok(posts)
}

/// Words that make a sentence a greeting or an aside when it has nothing else.
const FILLER: &[&str] = &[
    "interesting",
    "thanks",
    "thank",
    "you",
    "hi",
    "hello",
    "hey",
    "all",
    "everyone",
    "folks",
    "great",
    "nice",
    "good",
    "post",
    "article",
    "piece",
    "writeup",
    "cool",
    "wow",
    "lol",
    "hmm",
    "cheers",
    "welcome",
    "this",
    "is",
    "a",
    "very",
    "so",
    "really",
    "for",
    "sharing",
];

/// Words of a sentence that only takes a stance ("I disagree.", "Exactly!"): the stance
/// decides the reply's relation, and the sentence is no claim of its own.
const STANCE_ONLY: &[&str] = &[
    "i",
    "we",
    "disagree",
    "agree",
    "agreed",
    "exactly",
    "yes",
    "yeah",
    "no",
    "nope",
    "good",
    "point",
    "true",
    "indeed",
    "totally",
    "strongly",
    "completely",
    "fully",
    "absolutely",
];

/// Whether a sentence is a greeting, filler or a bare stance ("Interesting.", "Thanks for
/// sharing!", "I disagree.").
fn is_filler(sentence: &str) -> bool {
    let words = tokens(sentence);
    let only = |list: &[&str]| words.iter().all(|w| list.contains(&w.as_str()));
    !words.is_empty() && words.len() <= 4 && (only(FILLER) || only(STANCE_ONLY))
}

const MONTHS: &[&str] = &[
    "jan",
    "feb",
    "mar",
    "apr",
    "may",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "january",
    "february",
    "march",
    "april",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// Whether a line is metadata: a timestamp, a date, "3 replies", "posted by …", "[deleted]".
fn is_metadata(line: &str) -> bool {
    let words = tokens(line);
    if words.is_empty() || words.len() > 8 {
        return false;
    }
    let has_digit = line.chars().any(|c| c.is_ascii_digit());
    let time = line
        .as_bytes()
        .windows(3)
        .any(|w| w[0].is_ascii_digit() && w[1] == b':' && w[2].is_ascii_digit());
    let number = |w: &String| {
        let digits = w.trim_end_matches(char::is_alphabetic);
        let suffix = &w[digits.len()..];
        !digits.is_empty()
            && digits.chars().all(|c| c.is_ascii_digit())
            && ["", "st", "nd", "rd", "th"].contains(&suffix)
    };
    let month = |w: &String| MONTHS.contains(&w.as_str());
    let date = words
        .windows(2)
        .any(|p| (month(&p[0]) && number(&p[1])) || (number(&p[0]) && month(&p[1])));
    let iso = line
        .split(|c: char| !(c.is_ascii_digit() || c == '-'))
        .any(|w| w.len() == 10 && w.as_bytes()[4] == b'-' && w.as_bytes()[7] == b'-');
    let counted = has_digit
        && words.iter().any(|w| {
            matches!(
                w.as_str(),
                "ago" | "points" | "point" | "replies" | "reply" | "votes" | "likes" | "karma"
            )
        });
    let label = matches!(
        words.first().map(String::as_str),
        Some("posted" | "edited" | "deleted" | "removed" | "permalink" | "reply" | "share")
    ) && words.len() <= 4;
    time || date || iso || counted || label
}

/// Stance of a reply toward the post it answers, from what it opens with and says.
fn stance(post: &str) -> Kind {
    const ATTACK_FIRST: &[&str] = &[
        "no", "nope", "but", "however", "actually", "disagree", "wrong", "nah",
    ];
    const SUPPORT_FIRST: &[&str] = &[
        "yes", "yeah", "yep", "exactly", "agreed", "true", "indeed", "right", "correct",
    ];
    const ATTACK: &[&str] = &[
        "i disagree",
        "we disagree",
        "i dont think",
        "i do not think",
        "i dont agree",
        "i do not agree",
        "not convinced",
        "i doubt",
        "i dont like",
        "i really dont like",
        "not true",
        "thats wrong",
        "i dont buy",
        "i am not sure",
        "im not sure",
    ];
    const SUPPORT: &[&str] = &[
        "i agree",
        "good point",
        "great point",
        "fair point",
        "well said",
        "youre right",
        "you are right",
        "i think so too",
    ];
    let has = |words: &[String], phrase: &str| {
        let p: Vec<&str> = phrase.split(' ').collect();
        words
            .windows(p.len())
            .any(|w| w.iter().zip(&p).all(|(a, b)| a == b))
    };
    // Curly apostrophes as straight ones: "don’t" is "don't".
    let post = post.replace(['\u{2019}', '\u{2018}'], "'");
    let post = post.as_str();
    let sentences: Vec<&str> = post
        .split_inclusive(['.', '!', '?', '\n'])
        .filter(|s| !tokens(s).is_empty())
        .collect();
    let head = tokens(sentences.first().copied().unwrap_or(""));
    // An item label such as "(a)" or "1." is not the opening word.
    let first = head
        .iter()
        .find(|w| !(w.len() == 1 || w.chars().all(|c| c.is_ascii_digit())));
    if first.is_some_and(|w| ATTACK_FIRST.contains(&w.as_str())) {
        return Kind::Rebut;
    }
    if first.is_some_and(|w| SUPPORT_FIRST.contains(&w.as_str())) {
        return Kind::Support;
    }
    let head2 = tokens(&sentences.iter().take(2).copied().collect::<String>());
    if ATTACK.iter().any(|p| has(&head2, p)) {
        return Kind::Rebut;
    }
    if SUPPORT.iter().any(|p| has(&head2, p)) {
        return Kind::Support;
    }
    let all = tokens(post);
    let attacks = ATTACK.iter().filter(|p| has(&all, p)).count();
    let supports = SUPPORT.iter().filter(|p| has(&all, p)).count();
    if attacks > supports {
        Kind::Rebut
    } else {
        Kind::Support
    }
}

/// A post's paragraphs within the text, and its place.
struct PlainPost {
    paragraphs: Vec<Paragraph>,
}

/// Splits a plain-text thread into posts: each paragraph that is not a list item or a
/// quoted line starts a post; title lines and metadata are left out.
fn plain_posts(text: &str) -> Vec<PlainPost> {
    let mut posts: Vec<PlainPost> = Vec::new();
    for p in draft::paragraphs(text) {
        let body = &text[p.span.start..p.span.end];
        let title = tokens(body).len() <= 3 && !body.trim_end().ends_with(['.', '!', '?']);
        if title || is_metadata(body) {
            continue;
        }
        let belongs = (p.item.is_some() || p.quoted) && !posts.is_empty();
        if belongs {
            posts.last_mut().expect("not empty").paragraphs.push(p);
        } else {
            posts.push(PlainPost {
                paragraphs: vec![p],
            });
        }
    }
    posts
}

/// Paragraph starts of `paragraphs` that lead into a list of questions (the lead-in sentence,
/// ending with `:`, is left out with them: "a few questions, just brainstorming:").
fn question_lists(text: &str, paragraphs: &[Paragraph]) -> foldhash::HashSet<usize> {
    let is_question = |p: &Paragraph| text[p.span.start..p.span.end].trim_end().ends_with('?');
    let mut out = foldhash::HashSet::default();
    for (k, p) in paragraphs.iter().enumerate() {
        if p.item.is_some() {
            continue;
        }
        // Each run of items is looked at once, from the paragraph before it: linear.
        let mut items = paragraphs[k + 1..]
            .iter()
            .take_while(|q| q.item.is_some())
            .peekable();
        if items.peek().is_some() && items.all(is_question) {
            out.insert(p.span.start);
        }
    }
    out
}

/// Adds one post's units to `c`, leaving out greetings, question lists and their lead-in,
/// and a post that is nothing but questions.
fn add_post(
    c: &mut Collected,
    text: &str,
    lines: &crate::syntax::LineIndex,
    paragraphs: &[Paragraph],
    parser: &Parser,
    post: &Post,
) {
    let lead_ins = question_lists(text, paragraphs);
    let all_questions = paragraphs.iter().all(|p| {
        crate::extract::segment::sentences(text, p.span)
            .iter()
            .all(|s| text[s.start..s.end].trim_end().ends_with('?'))
    });
    if all_questions {
        return;
    }
    let keep = |sentence: &str, p: &Paragraph| {
        let s = sentence.trim_end();
        let question = s.ends_with('?') || s.ends_with("?\"") || s.ends_with("?\u{201d}");
        !(is_filler(sentence)
            || (p.item.is_some() && question)
            || (lead_ins.contains(&p.span.start) && s.ends_with(':')))
    };
    c.add(text, lines, paragraphs, parser, Some(post), &keep);
}

/// Extracts a thread given as text: JSON (see [`parse_json`]) or plain text.
pub fn extract_thread(text: &str, parser: &Parser) -> Result<Draft, ExtractError> {
    draft::check(text)?;
    if looks_like_json(text) {
        return extract_posts(&parse_json(text)?, parser);
    }
    // One line index for the whole text: positions are the file's.
    let lines = crate::syntax::LineIndex::new(text);
    let mut c = Collected::default();
    let mut ranges = Vec::new();
    for (k, post) in plain_posts(text).iter().enumerate() {
        let info = Post {
            index: k,
            author: None,
            id: (k + 1).to_string(),
        };
        let (u, g) = (c.units.len(), c.groups.len());
        add_post(&mut c, text, &lines, &post.paragraphs, parser, &info);
        let raw: Vec<&str> = post
            .paragraphs
            .iter()
            .map(|p| &text[p.span.start..p.span.end])
            .collect();
        ranges.push((u..c.units.len(), g..c.groups.len(), raw.join("\n")));
    }
    assemble(c, &ranges, parser, |_| None)
}

/// Extracts a thread from its posts.
pub fn extract_posts(posts: &[ThreadPost], parser: &Parser) -> Result<Draft, ExtractError> {
    if posts.is_empty() {
        return Err(ThreadError::Empty.into());
    }
    let mut c = Collected::default();
    let mut ranges = Vec::new();
    for (k, post) in posts.iter().enumerate() {
        let info = Post {
            index: k,
            author: post.author.clone(),
            id: post.id.clone(),
        };
        let (u, g) = (c.units.len(), c.groups.len());
        let lines = crate::syntax::LineIndex::new(&post.text);
        add_post(
            &mut c,
            &post.text,
            &lines,
            &draft::paragraphs(&post.text),
            parser,
            &info,
        );
        ranges.push((u..c.units.len(), g..c.groups.len(), post.text.clone()));
    }
    assemble(c, &ranges, parser, |k| posts[k].reply_to)
}

/// A post's units, its paragraph groups, and its text.
type PostRange = (std::ops::Range<usize>, std::ops::Range<usize>, String);

/// Parses each post on its own, then links each reply's central claim to the central claim
/// of the post it answers (its `reply_to`, else the post before it with units).
fn assemble(
    c: Collected,
    ranges: &[PostRange],
    parser: &Parser,
    reply_to: impl Fn(usize) -> Option<usize>,
) -> Result<Draft, ExtractError> {
    if c.units.is_empty() {
        return Err(ExtractError::NoWords);
    }
    let n = c.units.len();
    let texts: Vec<String> = c.units.iter().map(|u| u.text.clone()).collect();
    let mut tree = Tree {
        root: 0,
        target: vec![None; n],
        opponent: vec![false; n],
        confidence: vec![0.0; n],
    };
    // The central claim of each post with units.
    let mut root_of: Vec<Option<usize>> = vec![None; ranges.len()];
    for (k, (units, groups, _)) in ranges.iter().enumerate() {
        if units.is_empty() {
            continue;
        }
        let local_texts = &texts[units.clone()];
        let local_groups: Vec<Vec<usize>> = c.groups[groups.clone()]
            .iter()
            .map(|g| g.iter().map(|&u| u - units.start).collect())
            .collect();
        let own: Vec<bool> = c.units[units.clone()].iter().map(|u| !u.quoted).collect();
        let mut local = draft::parse_long(parser, local_texts, &local_groups, &own);
        draft::reasons_support(local_texts, &mut local);
        parser.calibrate(&mut local);
        for (i, t) in local.target.iter().enumerate() {
            tree.target[units.start + i] = t.map(|(j, kind)| (units.start + j, kind));
            tree.confidence[units.start + i] = local.confidence[i];
        }
        root_of[k] = Some(units.start + local.root);
    }
    // Which earlier post with units each post answers.
    let mut answered: Vec<Option<usize>> = vec![None; ranges.len()];
    let mut previous: Option<usize> = None;
    let mut first = None;
    for k in 0..ranges.len() {
        // A reply to a post with no units answers what that post answered (already
        // resolved to a post with units: one step, so long threads stay linear).
        let parent = match reply_to(k) {
            Some(p) if root_of[p].is_some() => Some(p),
            Some(p) => answered[p],
            None => None,
        }
        .or(previous);
        answered[k] = parent;
        let Some(root) = root_of[k] else {
            continue;
        };
        match parent.and_then(|p| root_of[p]) {
            Some(target) => tree.target[root] = Some((target, stance(&ranges[k].2))),
            None => first = first.or(Some(root)),
        }
        previous = Some(k);
    }
    tree.root = first.unwrap_or(0);
    tree.opponent = super::decode::roles(&tree.target);
    Ok(Draft {
        units: c.units,
        tree,
        repeated_sentences: c.repeated_sentences,
        extra: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stance_reads_disagreement_and_agreement() {
        assert_eq!(stance("I disagree. Trees are costly."), Kind::Rebut);
        assert_eq!(stance("But trees need water."), Kind::Rebut);
        assert_eq!(
            stance("(a) I don't think that follows at all."),
            Kind::Rebut
        );
        assert_eq!(stance("Agreed, and shade helps too."), Kind::Support);
        assert_eq!(
            stance("I really don\u{2019}t like the term at all."),
            Kind::Rebut
        );
        assert_eq!(stance("Good point. Shade helps."), Kind::Support);
        assert_eq!(stance("Shade also helps walkers."), Kind::Support);
    }

    #[test]
    fn metadata_and_filler_are_recognised() {
        for meta in [
            "3 hours ago",
            "Posted 12:45",
            "Dec 3, 2024",
            "Published December 18th",
            "2024-12-03",
            "14 points",
        ] {
            assert!(is_metadata(meta), "{meta}");
        }
        for prose in ["Trees cool the streets.", "We planted 3 trees in May."] {
            assert!(!is_metadata(prose), "{prose}");
        }
        assert!(is_filler("Interesting."));
        assert!(is_filler("Thanks for sharing!"));
        assert!(is_filler("I disagree."));
        assert!(!is_filler("Interesting, but wrong."));
        assert!(!is_filler("I disagree with taxes."));
    }

    #[test]
    fn json_posts_resolve_replies_by_id_then_index() {
        let posts = parse_json(
            r#"[{"id": "a", "author": "ann", "text": "One."},
                {"author": "bo", "text": "Two.", "reply_to": "a"},
                {"text": "Three.", "reply_to": 1},
                {"text": "Four.", "reply_to": null}]"#,
        )
        .unwrap();
        assert_eq!(posts[1].reply_to, Some(0));
        assert_eq!(posts[2].reply_to, Some(1));
        assert_eq!(posts[3].reply_to, None);
        assert_eq!(posts[0].author.as_deref(), Some("ann"));
        assert_eq!(posts[2].author, None);
        assert_eq!(posts[2].id, "3");
        assert_eq!(
            parse_json(r#"[{"text": "One.", "reply_to": 0}]"#),
            Err(ThreadError::BadReply {
                post: 0,
                to: "0".into()
            })
        );
        assert_eq!(
            parse_json(r#"[{"author": "x"}]"#),
            Err(ThreadError::NoText(0))
        );
        assert_eq!(parse_json("[]"), Err(ThreadError::Empty));
        assert!(parse_json(r#"{"posts": [{"text": "One."}]}"#).is_ok());
        assert_eq!(
            parse_json(r#"[{"text": "a\u0000b"}]"#).unwrap()[0].text,
            "a b"
        );
        assert!(is_thread("[{\"text\": 5}]") && is_thread("  [ {\"text\": \"a\""));
        assert!(!is_thread("[1] Cities should plant trees."));
    }
}
