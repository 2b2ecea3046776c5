//! Writing any map as clean Argdown, and reading Argdown back with what the writer kept.
//!
//! Titles stay as they are when Argdown can write them, texts are escaped so that they stay
//! text and are wrapped, relations are nested under their targets where the map is a tree,
//! sections become headings, tags and data follow each definition. Argdown collapses white
//! space in texts; a text it would change (line breaks, runs of spaces) is written collapsed
//! and kept exactly in the data key [`EXACT_TEXT`], which [`read`] puts back while the
//! visible text still says the same.
//!
//! Owns the mapping between the model and Argdown text; no files, no terminal.

use std::fmt::Write as _;

use foldhash::{HashMap, HashSet};
use serde_json::{Map, Value};

use crate::model::{ArgumentGraph, ElementId, Mode, PcsStep, RelationKind, SectionId};

/// The data key holding a text whose white space Argdown would collapse.
pub const EXACT_TEXT: &str = "exact-text";

/// Width texts are wrapped at.
const WIDTH: usize = 96;

/// Deepest nesting before a claim's own reasons move to a block of their own.
const MAX_DEPTH: usize = 8;

/// Reads Argdown: [`crate::load`], then each text kept in [`EXACT_TEXT`] put back.
pub fn read(source: &str, name: Option<&str>) -> crate::Loaded {
    let mut loaded = crate::load(source, name);
    restore_exact_texts(&mut loaded.graph);
    loaded
}

/// Puts back texts the writer kept in data, where the visible text was not edited since.
pub fn restore_exact_texts(graph: &mut ArgumentGraph) {
    let ids: Vec<ElementId> = graph
        .statements()
        .map(|(id, _)| ElementId::Statement(id))
        .chain(graph.arguments().map(|(id, _)| ElementId::Argument(id)))
        .collect();
    for id in ids {
        let (members, data) = match id {
            ElementId::Statement(s) => {
                let s = graph.statement_mut(s);
                (&mut s.members, &mut s.data)
            }
            ElementId::Argument(a) => {
                let a = graph.argument_mut(a);
                (&mut a.members, &mut a.data)
            }
        };
        let Some(Value::String(exact)) = data.get(EXACT_TEXT) else {
            continue;
        };
        let shown = collapse(exact);
        // The member Argdown shows: the last definition with text, else the last with text.
        let k = members
            .iter()
            .rposition(|m| !m.text.is_empty() && m.is_definition)
            .or_else(|| members.iter().rposition(|m| !m.text.is_empty()))
            // A text of white space only shows as nothing at all.
            .or_else(|| {
                shown
                    .is_empty()
                    .then(|| members.len().checked_sub(1))
                    .flatten()
            });
        if let Some(k) = k
            && members[k].text == shown
        {
            members[k].text = exact.clone();
            data.shift_remove(EXACT_TEXT);
        }
    }
}

/// Text with white space collapsed as Argdown collapses it.
fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// What the writer could not keep, in words, one line each (empty when nothing was lost).
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Losses(pub Vec<String>);

/// Writes `graph` as Argdown.
pub fn write(graph: &ArgumentGraph) -> String {
    write_with_losses(graph).0
}

/// Writes `graph` as Argdown and says what Argdown could not keep.
pub fn write_with_losses(graph: &ArgumentGraph) -> (String, Losses) {
    let mut w = Writer::new(graph);
    w.document();
    (w.out, Losses(w.losses))
}

/// What `fmt` rewrote: the canonical text, what the writer could not keep, and the
/// constructs of the source it could not keep either.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Formatted {
    /// The canonical Argdown.
    pub text: String,
    /// Constructs of the source that the canonical form does not keep, one line each.
    pub lost: Vec<String>,
}

/// Rewrites Argdown `source` canonically, keeping its comments (each moves above the block
/// of the element or heading it stood before). `None` if the source has errors.
pub fn format(source: &str) -> Option<Formatted> {
    let loaded = read(source, None);
    if loaded.has_errors() {
        return None;
    }
    let graph = &loaded.graph;
    let lexed = crate::syntax::tokenize(source);
    let mut lost = Vec::new();
    let mut seen = HashSet::default();
    for t in &lexed.tokens {
        use crate::syntax::Tok;
        let what = match t.kind {
            Tok::StatementMention | Tok::ArgumentMention => {
                "mentions (`@[Title]`) become plain text"
            }
            Tok::Link => "links lose their address (`[text](url)` keeps the text)",
            Tok::BoldStart | Tok::ItalicStart | Tok::UBoldStart | Tok::UItalicStart => {
                "emphasis (`*`, `_`) becomes plain text"
            }
            Tok::OrderedListItem | Tok::UnorderedListItem => "list items become statements",
            Tok::SpecialChar => "shortcodes (`:name:`) become the text they stand for",
            _ => continue,
        };
        if seen.insert(what) {
            lost.push(what.to_string());
        }
    }
    if graph.statements().any(|(_, s)| s.is_untitled)
        || graph.arguments().any(|(_, a)| a.is_untitled)
    {
        lost.push("untitled statements and arguments get their generated titles".into());
    }
    let mut w = Writer::new(graph);
    // Anchor each comment to the first element or heading written after it.
    let mut starts: Vec<(u32, Anchor)> = Vec::new();
    for (id, s) in graph.statements() {
        starts.extend(
            s.members
                .iter()
                .map(|m| (m.location.span.start, Anchor::Element(id.into()))),
        );
    }
    for (id, a) in graph.arguments() {
        starts.extend(
            a.members
                .iter()
                .map(|m| (m.location.span.start, Anchor::Element(id.into()))),
        );
    }
    for (k, s) in graph.sections.iter().enumerate() {
        starts.push((s.location.span.start, Anchor::Section(k)));
    }
    starts.sort_unstable_by_key(|&(at, _)| at);
    let line_start = |at: usize| source[..at].rfind('\n').map_or(0, |p| p + 1);
    for &(from, to) in &lexed.comments {
        let k = starts.partition_point(|&(at, _)| (at as usize) < to);
        // A comment after something on its line belongs to that line's element.
        let same_line = k
            .checked_sub(1)
            .map(|j| starts[j])
            .filter(|&(at, _)| at as usize >= line_start(from));
        let anchor = same_line
            .or_else(|| starts.get(k).copied())
            .map_or(Anchor::End, |(_, a)| a);
        w.comments
            .entry(anchor)
            .or_default()
            .push(source[from..to].trim_end().to_string());
    }
    w.document();
    lost.extend(w.losses);
    Some(Formatted { text: w.out, lost })
}

struct Writer<'g> {
    graph: &'g ArgumentGraph,
    out: String,
    losses: Vec<String>,
    /// Title to write for each element (renamed when Argdown cannot write it).
    titles: HashMap<ElementId, String>,
    written: HashSet<ElementId>,
    /// Each relation's end it is written under.
    home: HashMap<ElementId, Vec<Rel>>,
    /// Tags to write on a reference after the current block.
    apart_tags: Vec<(ElementId, indexmap::IndexSet<String>)>,
    /// Elements that are the source of a relation written under a target in their own
    /// section, so they are written nested rather than starting a block.
    nested: HashSet<ElementId>,
    /// Comments to keep, by the element or section they stood before (for `fmt`).
    comments: HashMap<Anchor, Vec<String>>,
    /// Elements defined in the block being written.
    defined_now: Vec<ElementId>,
}

/// What a kept comment stood before.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum Anchor {
    Element(ElementId),
    Section(SectionId),
    End,
}

#[derive(Clone, Copy)]
struct Rel {
    other: ElementId,
    kind: RelationKind,
    /// Whether `other` is the source (written `<+ other`) rather than the target (`+> other`).
    incoming: bool,
}

/// Rank of a section in writing order; elements outside any section come first.
fn rank(section: Option<SectionId>) -> usize {
    section.map_or(0, |s| s + 1)
}

impl<'g> Writer<'g> {
    fn new(graph: &'g ArgumentGraph) -> Self {
        let mut w = Writer {
            graph,
            out: String::new(),
            losses: Vec::new(),
            titles: HashMap::default(),
            written: HashSet::default(),
            home: HashMap::default(),
            apart_tags: Vec::new(),
            comments: HashMap::default(),
            defined_now: Vec::new(),
            nested: HashSet::default(),
        };
        w.pick_titles();
        for r in graph.relations() {
            // A relation is written under the end whose section comes later, so that neither
            // end is mentioned before the heading of its own section.
            // `><` reads its left side as the source: a contradiction goes under its source.
            let later_source = rank(graph.section(r.from)) > rank(graph.section(r.to))
                || (r.relation.kind == RelationKind::Contradiction
                    && rank(graph.section(r.from)) == rank(graph.section(r.to)));
            let (at, rel) = if later_source {
                (
                    r.from,
                    Rel {
                        other: r.to,
                        kind: r.relation.kind,
                        incoming: false,
                    },
                )
            } else {
                (
                    r.to,
                    Rel {
                        other: r.from,
                        kind: r.relation.kind,
                        incoming: true,
                    },
                )
            };
            if rel.incoming && rel.other != at && graph.section(rel.other) == graph.section(at) {
                w.nested.insert(rel.other);
            }
            w.home.entry(at).or_default().push(rel);
        }
        w
    }

    fn pick_titles(&mut self) {
        let graph = self.graph;
        for (is_argument, ids) in [
            (
                false,
                graph
                    .statements()
                    .map(|(id, _)| ElementId::Statement(id))
                    .collect::<Vec<_>>(),
            ),
            (
                true,
                graph
                    .arguments()
                    .map(|(id, _)| ElementId::Argument(id))
                    .collect(),
            ),
        ] {
            let mut titles = super::map::Titles::default();
            for &id in &ids {
                if writable_title(graph.title(id), is_argument) {
                    titles.reserve(graph.title(id));
                }
            }
            for id in ids {
                let title = graph.title(id);
                let title = if writable_title(title, is_argument) {
                    title.to_string()
                } else {
                    let new =
                        titles.for_text(title, if is_argument { "Argument" } else { "Statement" });
                    self.losses.push(format!(
                        "title {title:?} cannot be written in Argdown; written as {new:?}"
                    ));
                    new
                };
                self.titles.insert(id, title);
            }
        }
    }

    fn name(&self, id: ElementId) -> String {
        let title = &self.titles[&id];
        match id {
            ElementId::Statement(_) => format!("[{title}]"),
            ElementId::Argument(_) => format!("<{title}>"),
        }
    }

    fn document(&mut self) {
        let graph = self.graph;
        let mut front = graph.front_matter.clone();
        if graph.mode == Mode::Strict {
            let model = front
                .entry("model")
                .or_insert_with(|| Value::Object(Map::new()));
            if let Value::Object(m) = model {
                m.insert("mode".into(), Value::String("strict".into()));
            }
        }
        if !front.is_empty() {
            let json = serde_json::to_string_pretty(&Value::Object(front)).unwrap_or_default();
            let _ = writeln!(self.out, "===\n{}\n===\n", braces_escaped(&json));
        }
        let mut order: Vec<ElementId> = graph
            .statements()
            .map(|(id, _)| ElementId::Statement(id))
            .chain(graph.arguments().map(|(id, _)| ElementId::Argument(id)))
            .collect();
        order.sort_by_key(|&id| (rank(graph.section(id)), graph.order_key(id)));
        let mut k = 0;
        for section in 0..=graph.sections.len() {
            if section > 0 {
                self.heading(section - 1);
            }
            // Elements with no relation home of their own but a target are written where
            // their target is; the rest start blocks.
            let start = k;
            while k < order.len() && rank(graph.section(order[k])) == section {
                k += 1;
            }
            let members = &order[start..k];
            let mut pcs_blocks = Vec::new();
            for &id in members {
                if self.written.contains(&id) || self.nests_under_another(id) {
                    continue;
                }
                self.block(id, &mut pcs_blocks);
            }
            for &id in members {
                if !self.written.contains(&id) {
                    self.block(id, &mut pcs_blocks);
                }
            }
            for id in pcs_blocks {
                self.pcs(id);
            }
        }
        let rest: Vec<String> = self.comments.drain().flat_map(|(_, c)| c).collect();
        if !rest.is_empty() {
            let _ = writeln!(self.out, "{}", rest.join("\n"));
        }
        while self.out.ends_with("\n\n") {
            self.out.pop();
        }
        if !self.out.is_empty() && !self.out.ends_with('\n') {
            self.out.push('\n');
        }
    }

    /// Whether `id` will be written nested under a target in the same section.
    fn nests_under_another(&self, id: ElementId) -> bool {
        self.nested.contains(&id)
    }

    fn heading(&mut self, s: SectionId) {
        if let Some(comments) = self.comments.remove(&Anchor::Section(s)) {
            if !self.out.is_empty() && !self.out.ends_with("\n\n") {
                self.out.push('\n');
            }
            for c in comments {
                let _ = writeln!(self.out, "{c}");
            }
        }
        let section = &self.graph.sections[s];
        let mut line = "#".repeat(section.level.max(1) as usize);
        line.push(' ');
        let shown = collapse(&section.title);
        let (in_text, apart) = split_tags(&shown, &section.tags);
        let title = escape_keeping(&shown, &in_text);
        line.push_str(if title.is_empty() { "Section" } else { &title });
        line.push_str(&tags(&apart, &mut self.losses));
        line.push_str(&data(&section.data));
        if !self.out.is_empty() && !self.out.ends_with("\n\n") {
            self.out.push('\n');
        }
        let _ = writeln!(self.out, "{line}\n");
    }

    /// The definition of `id`: name, text, tags and data.
    fn definition(&mut self, id: ElementId, indent: usize) -> String {
        self.defined_now.push(id);
        let graph = self.graph;
        let (text, tag_set, mut data_map) = match id {
            ElementId::Statement(s) => {
                let s = graph.statement(s);
                (s.text(), &s.tags, s.data.clone())
            }
            ElementId::Argument(a) => {
                let a = graph.argument(a);
                (a.text(), &a.tags, a.data.clone())
            }
        };
        let shown = collapse(text);
        if shown != text {
            data_map.insert(EXACT_TEXT.into(), Value::String(text.to_string()));
        }
        let mut line = self.name(id);
        // Argdown keeps a definition's tags in its text; tags the text does not show go on
        // a reference of their own, so that the text stays as it is.
        let (in_text, apart) = split_tags(&shown, tag_set);
        if !shown.is_empty() {
            line.push_str(": ");
            let escaped = escape_keeping(&shown, &in_text);
            line.push_str(&wrap(&escaped, indent + 4, line.len() + indent));
        }
        if !apart.is_empty() {
            self.apart_tags.push((id, apart));
        }
        line.push_str(&data(&data_map));
        line
    }

    fn block(&mut self, top: ElementId, pcs_blocks: &mut Vec<ElementId>) {
        let start = self.out.len();
        self.written.insert(top);
        let line = self.definition(top, 0);
        let _ = writeln!(self.out, "{line}");
        self.note_pcs(top, pcs_blocks);
        let section = self.graph.section(top);
        let mut stack: Vec<(ElementId, Rel, usize)> = self.children(top, 1);
        while let Some((parent, rel, depth)) = stack.pop() {
            let indent = "    ".repeat(depth);
            let symbol = self.symbol(parent, rel);
            let child = rel.other;
            let define = rel.incoming
                && !self.written.contains(&child)
                && self.graph.section(child) == section
                && (depth < MAX_DEPTH || !self.home.contains_key(&child));
            if define {
                self.written.insert(child);
                let line = self.definition(child, depth * 4);
                let _ = writeln!(self.out, "{indent}{symbol} {line}");
                self.note_pcs(child, pcs_blocks);
                stack.extend(self.children(child, depth + 1));
            } else {
                let _ = writeln!(self.out, "{indent}{symbol} {}", self.name(child));
            }
        }
        self.out.push('\n');
        self.flush_apart_tags();
        self.insert_comments(start);
    }

    /// Puts the comments that stood before the elements just defined above their block.
    fn insert_comments(&mut self, at: usize) {
        let mut text = String::new();
        for id in std::mem::take(&mut self.defined_now) {
            for c in self
                .comments
                .remove(&Anchor::Element(id))
                .unwrap_or_default()
            {
                text.push_str(&c);
                text.push('\n');
            }
        }
        if !text.is_empty() {
            self.out.insert_str(at, &text);
        }
    }

    /// Writes the tags a text did not show, each element's on a reference of its own.
    fn flush_apart_tags(&mut self) {
        for (id, set) in std::mem::take(&mut self.apart_tags) {
            let line = format!("{}{}", self.name(id), tags(&set, &mut self.losses));
            let _ = writeln!(self.out, "{line}\n");
        }
    }

    /// The relations written under `id`, reversed for a stack.
    fn children(&self, id: ElementId, depth: usize) -> Vec<(ElementId, Rel, usize)> {
        let mut rels: Vec<(ElementId, Rel, usize)> = self
            .home
            .get(&id)
            .map(|v| v.iter().map(|&r| (id, r, depth)).collect())
            .unwrap_or_default();
        rels.reverse();
        rels
    }

    fn note_pcs(&mut self, id: ElementId, pcs_blocks: &mut Vec<ElementId>) {
        if let ElementId::Argument(a) = id
            && !self.graph.argument(a).pcs.is_empty()
        {
            // Argdown reads the last statement of a structure as its conclusion.
            if self.graph.argument(a).conclusion().is_none() {
                self.losses.push(format!(
                    "the structure of <{}> has no conclusion, which Argdown cannot write; left out",
                    self.graph.argument(a).title
                ));
                return;
            }
            pcs_blocks.push(id);
        }
    }

    /// The relation symbol between `parent` (the line above) and `rel.other`.
    fn symbol(&mut self, parent: ElementId, rel: Rel) -> &'static str {
        let both_statements = matches!(parent, ElementId::Statement(_))
            && matches!(rel.other, ElementId::Statement(_));
        let strict = self.graph.mode == Mode::Strict;
        let positive = match rel.kind {
            RelationKind::Support | RelationKind::Entails => {
                if both_statements && strict != (rel.kind == RelationKind::Entails) {
                    self.losses.push(format!(
                        "a {} relation between statements cannot be written in {} mode; written as {}",
                        rel.kind.argdown_name(),
                        if strict { "strict" } else { "loose" },
                        if strict { "entails" } else { "support" },
                    ));
                }
                Some(true)
            }
            RelationKind::Attack | RelationKind::Contrary => {
                if both_statements && strict != (rel.kind == RelationKind::Contrary) {
                    self.losses.push(format!(
                        "a {} relation between statements cannot be written in {} mode; written as {}",
                        rel.kind.argdown_name(),
                        if strict { "strict" } else { "loose" },
                        if strict { "contrary" } else { "attack" },
                    ));
                }
                Some(false)
            }
            _ => None,
        };
        match (positive, rel.kind, rel.incoming) {
            (Some(true), _, true) => "<+",
            (Some(true), _, false) => "+>",
            (Some(false), _, true) => "<-",
            (Some(false), _, false) => "->",
            (None, RelationKind::Undercut, true) => "<_",
            (None, RelationKind::Undercut, false) => "_>",
            _ => "><",
        }
    }

    /// An argument's premise–conclusion structure, in a block of its own.
    fn pcs(&mut self, id: ElementId) {
        let ElementId::Argument(a) = id else {
            return;
        };
        let start = self.out.len();
        let graph = self.graph;
        let _ = writeln!(self.out, "{}\n", self.name(id));
        let pcs = &graph.argument(a).pcs;
        for (k, step) in pcs.iter().enumerate() {
            match step {
                PcsStep::Statement {
                    number, statement, ..
                } => {
                    // A conclusion always follows an inference line (an exploded step may
                    // have none), or the structure would not read back.
                    if k + 1 == pcs.len()
                        && k > 0
                        && !matches!(pcs[k - 1], PcsStep::Inference { .. })
                    {
                        let _ = writeln!(self.out, "----");
                    }
                    let s = ElementId::Statement(*statement);
                    let line = if self.written.insert(s) {
                        self.definition(s, 0)
                    } else {
                        self.name(s)
                    };
                    let _ = writeln!(self.out, "({number}) {line}");
                }
                PcsStep::Inference { text, data: d } => {
                    if text.is_empty() && d.is_empty() {
                        let _ = writeln!(self.out, "----");
                    } else {
                        let rule = escape(&collapse(text), true).replace("--", "-\\-");
                        let _ = writeln!(self.out, "-- {rule}{} --", data(d));
                    }
                }
            }
        }
        self.out.push('\n');
        self.flush_apart_tags();
        self.insert_comments(start);
    }
}

/// Whether Argdown reads `title` back unchanged inside `[…]` or `<…>`.
fn writable_title(title: &str, is_argument: bool) -> bool {
    // Argdown reads a title as written between the brackets, spaces and all.
    // `<-`, `<+`, `<_` open relations and `<!--` a comment.
    let opens_markup = is_argument && title.starts_with(['-', '+', '_', '!']);
    !title.trim().is_empty()
        && !opens_markup
        && !title.chars().any(|c| {
            matches!(c, '[' | ']' | '<' | '>' | '\\' | '{' | '}')
                || c.is_control()
                || (is_argument && c == ':')
        })
}

/// Tags as `#tag` or `#(a tag)`; tags Argdown cannot write are reported.
fn tags(set: &indexmap::IndexSet<String>, losses: &mut Vec<String>) -> String {
    let mut out = String::new();
    for tag in set {
        // Argdown's tag characters run from `A` to `z`, so they include `[ \ ] ^ _` and a
        // backquote: such a tag is written bare, as it was read (in `#(…)` a `[` would open
        // a title).
        if !tag.is_empty()
            && tag
                .chars()
                .all(|c| super_tag_char(c) || matches!(c, '[' | '\\' | ']' | '^' | '_' | '`'))
        {
            let _ = write!(out, " #{tag}");
        } else if !tag.is_empty()
            && !tag.contains(')')
            // On a reference line `[T] #(a]: b)` would read as the definition of `T] #(a`.
            && !tag.contains("]:")
            && !tag.contains(">:")
            && collapse(tag) == *tag
            && !tag.chars().any(char::is_control)
        {
            let _ = write!(out, " #({tag})");
        } else {
            losses.push(format!(
                "tag {tag:?} cannot be written in Argdown; left out"
            ));
        }
    }
    out
}

/// A character a bare `#tag` may contain (as Argdown's lexer reads tags).
fn super_tag_char(c: char) -> bool {
    matches!(c, 'a'..='z' | 'A'..='Z' | '0'..='9' | '-' | '\u{a0}'..='\u{d7ff}' | '\u{f900}'..='\u{fdcf}' | '\u{fdf0}'..='\u{ffef}')
}

/// Data as a JSON flow map (valid YAML), braces inside strings escaped so that the data
/// block ends where it should.
fn data(map: &Map<String, Value>) -> String {
    if map.is_empty() {
        return String::new();
    }
    let json = serde_json::to_string(&Value::Object(map.clone())).unwrap_or_default();
    format!(" {}", braces_escaped(&json))
}

/// JSON text with `{` and `}` inside strings written as `\u007b` and `\u007d`.
fn braces_escaped(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    let mut in_string = false;
    let mut escaped = false;
    for c in json.chars() {
        if in_string {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => in_string = false,
                '{' => {
                    out.push_str("\\u007b");
                    continue;
                }
                '}' => {
                    out.push_str("\\u007d");
                    continue;
                }
                _ => {}
            }
        } else if c == '"' {
            in_string = true;
        }
        out.push(c);
    }
    out
}

/// The tags `text` shows as `#tag` or `#(tag)` (byte ranges to leave unescaped), and the
/// tags it does not show.
fn split_tags(
    text: &str,
    set: &indexmap::IndexSet<String>,
) -> (Vec<(usize, usize)>, indexmap::IndexSet<String>) {
    let mut keep = Vec::new();
    let mut apart = indexmap::IndexSet::new();
    for tag in set {
        let paren = format!("#({tag})");
        let bare = format!("#{tag}");
        let found = text
            .match_indices(&paren)
            .find(|_| !tag.contains(')'))
            .or_else(|| {
                // Kept in place only between spaces (or before plain punctuation): Argdown's
                // tag characters include `\\`, `[`, `]`, `^`, `_` and a backquote, so an
                // escaped character right after the tag would become part of it.
                text.match_indices(&bare).find(|(at, m)| {
                    let mut after = text[at + m.len()..].chars();
                    let next = after.next();
                    let then = after.next();
                    let before = text[..*at].chars().next_back();
                    tag.chars().all(super_tag_char)
                        && next.is_none_or(|c| {
                            c.is_whitespace()
                                || matches!(c, ',' | ';' | '?' | '"' | '\'')
                                // Not the start of a `.name.` shortcode.
                                || (matches!(c, '.' | ':' | '!')
                                    && then.is_none_or(char::is_whitespace))
                        })
                        && before.is_none_or(char::is_whitespace)
                })
            })
            .map(|(at, m)| (at, at + m.len()));
        match found {
            Some(range) if !keep.iter().any(|&(s, e)| range.0 < e && s < range.1) => {
                keep.push(range)
            }
            _ => {
                apart.insert(tag.clone());
            }
        }
    }
    keep.sort_unstable();
    (keep, apart)
}

/// [`escape`], leaving the byte ranges in `keep` (tags, sorted, disjoint) as written.
fn escape_keeping(text: &str, keep: &[(usize, usize)]) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut at = 0;
    for &(start, end) in keep {
        out.push_str(&escape_from(text, at, start));
        out.push_str(&text[start..end]);
        at = end;
    }
    out.push_str(&escape_from(text, at, text.len()));
    out
}

/// `text[from..to]` escaped, as a piece of the whole `text` (a leading relation symbol
/// needs a backslash only at the very start).
fn escape_from(text: &str, from: usize, to: usize) -> String {
    escape_at(&text[from..to], from == 0, true)
}

/// Escapes `text` (white space already collapsed) so that Argdown reads it as this text:
/// a backslash before each character that would start markup.
pub fn escape(text: &str, _inline: bool) -> String {
    escape_at(text, true, true)
}

/// [`escape`] for one line of prose that is never wrapped (extraction drafts): parentheses
/// are left as written, except at the start, where `(1)` would read as a numbered premise.
/// Every character that opens markup is still escaped (`#(` cannot open a tag, since `#`
/// is).
pub fn escape_line(text: &str) -> String {
    escape_at(text, true, false)
}

/// [`escape`] of a piece of text that is the start of its text (`at_start`) or not;
/// parentheses are escaped everywhere (`parens`, for text that may be wrapped onto a line of
/// its own) or only at the start.
fn escape_at(text: &str, at_start: bool, parens: bool) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len() + 8);
    for (i, &c) in chars.iter().enumerate() {
        let prev = if i > 0 { chars[i - 1] } else { ' ' };
        let next = chars.get(i + 1).copied();
        let special = match c {
            '\\' | '[' | ']' | '<' | '>' | '{' | '}' | '#' | '@' | '*' | '_' => true,
            '(' | ')' => parens || i == 0,
            '/' => prev == '/' || prev == '*' || next == Some('/') || next == Some('*'),
            '!' => prev == '<',
            '.' | ':' => shortcode_at(&chars, i),
            // Leading symbols that would read as a relation, a list or an inference.
            '+' | '-' => i == 0 && at_start,
            // `===` anywhere opens front matter: no three unescaped `=` in a row.
            '=' => {
                (i == 0 && at_start)
                    || (next == Some('=') && chars.get(i + 2).copied() == Some('='))
            }
            _ => false,
        };
        if special {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Whether `.name.` or `:name:` (no white space inside) starts at `i`.
fn shortcode_at(chars: &[char], i: usize) -> bool {
    let delim = chars[i];
    match chars.get(i + 1) {
        Some(c) if !c.is_whitespace() => {}
        _ => return false,
    }
    chars[i + 1..]
        .iter()
        .take_while(|c| !c.is_whitespace())
        .any(|&c| c == delim)
}

/// Breaks escaped text into lines of about [`WIDTH`] characters, continuation lines
/// indented by `indent`; a break only ever replaces a space, and a continuation line never
/// starts with a character Argdown reads as markup at the start of a line.
fn wrap(text: &str, indent: usize, first_used: usize) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    let mut used = first_used;
    let pad = " ".repeat(indent);
    // Inside a bracketed tag `#(…)` kept as written: its spaces are not places to break.
    let mut in_tag = false;
    for (k, word) in text.split(' ').enumerate() {
        let len = word.chars().count();
        let safe_start = word
            .chars()
            .next()
            .is_some_and(|c| c.is_alphanumeric() || c == '\\')
            && !word.starts_with(|c: char| c.is_ascii_digit());
        if k > 0 {
            if used + 1 + len > WIDTH && used > indent + 20 && safe_start && !in_tag {
                out.push('\n');
                out.push_str(&pad);
                used = indent;
            } else {
                out.push(' ');
                used += 1;
            }
        }
        out.push_str(word);
        used += len;
        let mut chars = word.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '\\' => {
                    chars.next();
                }
                '#' if chars.peek() == Some(&'(') => in_tag = true,
                ')' => in_tag = false,
                _ => {}
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_in_a_text_is_escaped() {
        assert_eq!(
            escape("a [b] <c> #d {e} @f // g /* h", true),
            "a \\[b\\] \\<c\\> \\#d \\{e\\} \\@f \\/\\/ g \\/\\* h"
        );
        assert_eq!(escape("+ yes e.g. 3.5", true), "\\+ yes e\\.g. 3.5");
    }

    #[test]
    fn hostile_texts_come_back_unchanged() {
        let texts = [
            "He said \"no\" [twice] #really <maybe>",
            "+ starts like a support",
            "<- starts like an attack",
            "// not a comment /* nor this */ <!-- nor this -->",
            "line one\nline two\n\nthree  spaces",
            "(1) numbered? -- rule -- ==== front",
            "a \\ backslash\\ and :smile: and .dot. and *bold* and __x__",
            "{data: 1} and @[mention] and [link](http://x.y)",
            "# heading-like",
            "trailing backslash \\",
        ];
        for text in texts {
            let source = format!("[T]: {}", escape(&collapse(text), true));
            let mut graph = crate::load(&source, None).graph;
            let shown = graph
                .statement(graph.statement_id("T").unwrap())
                .text()
                .to_string();
            assert_eq!(shown, collapse(text), "{source}");
            let _ = &mut graph;
        }
    }
}
