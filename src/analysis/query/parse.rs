//! The query language's parser: text → [`Expr`] with byte spans, or an error pointing at
//! the fault.
//!
//! Grammar (lowest precedence first):
//!
//! ```text
//! query   = or
//! or      = and ("or" and)*
//! and     = unary ("and" unary)*
//! unary   = "not" unary | "(" query ")" | atom
//! atom    = ("rests-on" | "rests-solely-on" | "supports" | "attacks"
//!            | "supported-by" | "attacked-by") name ["depth" N]
//!         | "path" name name ["depth" N]
//!         | "tagged" (#tag | #(multi word tag) | "string")
//!         | "in-section" "string" | "text" "string" | "all"
//! name    = [Title] | <Title> | "words" | bare-word
//! ```
//!
//! Knows nothing of graphs: names stay text until evaluation resolves them.

use crate::syntax::Span;

/// Longest query accepted, in bytes.
pub const MAX_QUERY_BYTES: usize = 64 * 1024;
/// Deepest nesting of parentheses and `not` accepted.
pub const MAX_NESTING: usize = 128;
/// Most primitive queries in one query (evaluation recurses over the tree).
pub const MAX_TERMS: usize = 1024;

/// A parsed query.
#[derive(Clone, Debug, PartialEq)]
pub enum Expr {
    /// Both hold.
    And(Box<Expr>, Box<Expr>),
    /// Either holds.
    Or(Box<Expr>, Box<Expr>),
    /// Every claim the inner query does not match.
    Not(Box<Expr>),
    /// A primitive query.
    Atom(Atom),
}

/// A primitive query with where it was written.
#[derive(Clone, Debug, PartialEq)]
pub struct Atom {
    /// What it asks.
    pub kind: AtomKind,
    /// The longest chain it follows, if bounded by `depth N`.
    pub depth: Option<u32>,
    /// Where it was written.
    pub span: Span,
}

/// A claim as named in a query.
#[derive(Clone, Debug, PartialEq)]
pub struct Name {
    /// `[Title]`, `<Title>` or words, as written (quotes removed).
    pub text: String,
    /// Where it was written.
    pub span: Span,
}

/// What a primitive query asks.
#[derive(Clone, Debug, PartialEq)]
pub enum AtomKind {
    /// Claims that the named claim supports, directly or through a chain of support.
    RestsOn(Name),
    /// Claims whose every chain of support passes through the named claim.
    RestsSolelyOn(Name),
    /// Claims that support the named claim.
    Supports(Name),
    /// Claims that attack the named claim.
    Attacks(Name),
    /// Claims the named claim supports.
    SupportedBy(Name),
    /// Claims the named claim attacks.
    AttackedBy(Name),
    /// Claims on a shortest chain of relations from the first to the second.
    Path(Name, Name),
    /// Claims with a tag.
    Tagged(String),
    /// Claims in a section (or its subsections) whose heading has these words.
    InSection(String),
    /// Claims whose title or text has these words.
    Text(String),
    /// Every claim.
    All,
}

/// A query that does not parse.
#[derive(Clone, Debug, thiserror::Error, PartialEq, Eq)]
#[error("{message}")]
pub struct QueryError {
    /// What is wrong.
    pub message: String,
    /// Where, in bytes of the query.
    pub span: Span,
    /// How to fix it.
    pub hint: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
enum Token {
    Word(String),
    Quoted(String),
    Statement(String),
    Argument(String),
    Tag(String),
    Number(u32),
    Open,
    Close,
    End,
}

impl Token {
    fn describe(&self) -> String {
        match self {
            Token::Word(w) => format!("`{w}`"),
            Token::Quoted(q) => format!("\"{q}\""),
            Token::Statement(t) => format!("[{t}]"),
            Token::Argument(t) => format!("<{t}>"),
            Token::Tag(t) => format!("#{t}"),
            Token::Number(n) => n.to_string(),
            Token::Open => "`(`".into(),
            Token::Close => "`)`".into(),
            Token::End => "the end of the query".into(),
        }
    }
}

const RELATIONAL: [&str; 6] = [
    "rests-on",
    "rests-solely-on",
    "supports",
    "attacks",
    "supported-by",
    "attacked-by",
];
const KEYWORDS: &str = "rests-on, rests-solely-on, supports, attacks, supported-by, \
    attacked-by, path, tagged, in-section, text, all";

fn error(message: impl Into<String>, span: Span, hint: Option<&str>) -> QueryError {
    QueryError {
        message: message.into(),
        span,
        hint: hint.map(str::to_string),
    }
}

/// Splits a query into tokens with spans.
fn lex(query: &str) -> Result<Vec<(Token, Span)>, QueryError> {
    let mut tokens = Vec::new();
    let bytes = query.as_bytes();
    let mut i = 0;
    let span = |a: usize, b: usize| Span::new(a, b);
    while i < bytes.len() {
        let c = query[i..].chars().next().unwrap_or(' ');
        let start = i;
        match c {
            c if c.is_whitespace() => {
                i += c.len_utf8();
                continue;
            }
            '(' => {
                i += 1;
                tokens.push((Token::Open, span(start, i)));
            }
            ')' => {
                i += 1;
                tokens.push((Token::Close, span(start, i)));
            }
            '"' | '\'' => {
                let (text, end) = delimited(query, i + 1, c).ok_or_else(|| {
                    error(
                        "unclosed quotation",
                        span(start, query.len()),
                        Some("close it with a matching quote"),
                    )
                })?;
                i = end;
                tokens.push((Token::Quoted(text), span(start, i)));
            }
            '[' | '<' => {
                let close = if c == '[' { ']' } else { '>' };
                let (text, end) = delimited(query, i + 1, close).ok_or_else(|| {
                    error(
                        format!("unclosed `{c}`"),
                        span(start, query.len()),
                        Some(&format!("end the title with `{close}`")),
                    )
                })?;
                i = end;
                let token = if c == '[' {
                    Token::Statement(text)
                } else {
                    Token::Argument(text)
                };
                tokens.push((token, span(start, i)));
            }
            '#' => {
                if query[i + 1..].starts_with('(') {
                    let (text, end) = delimited(query, i + 2, ')').ok_or_else(|| {
                        error(
                            "unclosed `#(`",
                            span(start, query.len()),
                            Some("end a multi-word tag with `)`"),
                        )
                    })?;
                    i = end;
                    tokens.push((Token::Tag(text.trim().to_string()), span(start, i)));
                } else {
                    i += 1;
                    let end = word_end(query, i);
                    if end == i {
                        return Err(error(
                            "`#` without a tag",
                            span(start, i),
                            Some("write #tag or #(multi word tag)"),
                        ));
                    }
                    tokens.push((Token::Tag(query[i..end].to_string()), span(start, end)));
                    i = end;
                }
            }
            _ => {
                let end = word_end(query, i);
                if end == i {
                    return Err(error(
                        format!("unexpected `{c}`"),
                        span(start, start + c.len_utf8()),
                        Some("put names with punctuation in quotes or [brackets]"),
                    ));
                }
                let word = &query[i..end];
                let token = match word.parse::<u32>() {
                    Ok(n) => Token::Number(n),
                    Err(_) => Token::Word(word.to_string()),
                };
                tokens.push((token, span(start, end)));
                i = end;
            }
        }
    }
    tokens.push((Token::End, span(query.len(), query.len())));
    Ok(tokens)
}

/// Text up to the closing `close` (a backslash escapes it), and the byte after it.
fn delimited(query: &str, from: usize, close: char) -> Option<(String, usize)> {
    let mut text = String::new();
    let mut chars = query[from..].char_indices();
    while let Some((k, c)) = chars.next() {
        if c == '\\' {
            if let Some((_, next)) = chars.next() {
                text.push(next);
            }
        } else if c == close {
            return Some((text, from + k + c.len_utf8()));
        } else {
            text.push(c);
        }
    }
    None
}

/// End of a bare word: letters, digits, `-`, `_`, `.`, `'`.
fn word_end(query: &str, from: usize) -> usize {
    query[from..]
        .char_indices()
        .find(|&(_, c)| !(c.is_alphanumeric() || matches!(c, '-' | '_' | '.')))
        .map_or(query.len(), |(k, _)| from + k)
}

struct Parser {
    tokens: Vec<(Token, Span)>,
    at: usize,
    nesting: usize,
    terms: usize,
}

impl Parser {
    fn peek(&self) -> &(Token, Span) {
        &self.tokens[self.at.min(self.tokens.len() - 1)]
    }

    fn next(&mut self) -> (Token, Span) {
        let token = self.peek().clone();
        if self.at < self.tokens.len() - 1 {
            self.at += 1;
        }
        token
    }

    fn at_word(&self, word: &str) -> bool {
        matches!(&self.peek().0, Token::Word(w) if w.eq_ignore_ascii_case(word))
    }

    fn or(&mut self) -> Result<Expr, QueryError> {
        let mut left = self.and()?;
        while self.at_word("or") {
            self.next();
            let right = self.and()?;
            left = Expr::Or(Box::new(left), Box::new(right));
        }
        Ok(left)
    }

    fn and(&mut self) -> Result<Expr, QueryError> {
        let mut left = self.unary()?;
        while self.at_word("and") {
            self.next();
            let right = self.unary()?;
            left = Expr::And(Box::new(left), Box::new(right));
        }
        Ok(left)
    }

    fn nest(&mut self, span: Span) -> Result<(), QueryError> {
        self.nesting += 1;
        if self.nesting > MAX_NESTING {
            return Err(error(
                format!("query nested more than {MAX_NESTING} levels deep"),
                span,
                Some("simplify the query"),
            ));
        }
        Ok(())
    }

    fn unary(&mut self) -> Result<Expr, QueryError> {
        if self.at_word("not") {
            let (_, span) = self.next();
            self.nest(span)?;
            let inner = self.unary()?;
            self.nesting -= 1;
            return Ok(Expr::Not(Box::new(inner)));
        }
        if self.peek().0 == Token::Open {
            let (_, open) = self.next();
            self.nest(open)?;
            let inner = self.or()?;
            self.nesting -= 1;
            let (token, span) = self.next();
            if token != Token::Close {
                return Err(error(
                    format!("expected `)` but found {}", token.describe()),
                    span,
                    Some(&format!("the `(` at byte {} is not closed", open.start)),
                ));
            }
            return Ok(inner);
        }
        self.atom().map(Expr::Atom)
    }

    fn atom(&mut self) -> Result<Atom, QueryError> {
        let (token, start) = self.next();
        self.terms += 1;
        if self.terms > MAX_TERMS {
            return Err(error(
                format!("query has more than {MAX_TERMS} terms"),
                start,
                Some("simplify the query"),
            ));
        }
        let Token::Word(word) = &token else {
            return Err(error(
                format!("expected a query but found {}", token.describe()),
                start,
                Some(&format!("start with one of: {KEYWORDS}")),
            ));
        };
        let keyword = word.to_ascii_lowercase();
        let kind = match keyword.as_str() {
            k if RELATIONAL.contains(&k) => {
                let name = self.name(&keyword)?;
                match k {
                    "rests-on" => AtomKind::RestsOn(name),
                    "rests-solely-on" => AtomKind::RestsSolelyOn(name),
                    "supports" => AtomKind::Supports(name),
                    "attacks" => AtomKind::Attacks(name),
                    "supported-by" => AtomKind::SupportedBy(name),
                    _ => AtomKind::AttackedBy(name),
                }
            }
            "path" => {
                let from = self.name("path")?;
                let to = self.name("path")?;
                AtomKind::Path(from, to)
            }
            "tagged" => match self.next() {
                (Token::Tag(t) | Token::Quoted(t) | Token::Word(t), _) => AtomKind::Tagged(t),
                (other, span) => {
                    return Err(error(
                        format!(
                            "expected a tag after `tagged` but found {}",
                            other.describe()
                        ),
                        span,
                        Some("write tagged #tag or tagged #(multi word tag)"),
                    ));
                }
            },
            "in-section" | "text" => match self.next() {
                (Token::Quoted(t) | Token::Word(t), _) if keyword == "text" => AtomKind::Text(t),
                (Token::Quoted(t) | Token::Word(t), _) => AtomKind::InSection(t),
                (other, span) => {
                    return Err(error(
                        format!(
                            "expected words after `{keyword}` but found {}",
                            other.describe()
                        ),
                        span,
                        Some(&format!("write {keyword} \"some words\"")),
                    ));
                }
            },
            "all" => AtomKind::All,
            _ => {
                return Err(error(
                    format!("unknown query `{word}`"),
                    start,
                    Some(&format!("use one of: {KEYWORDS}")),
                ));
            }
        };
        let mut depth = None;
        if self.at_word("depth") {
            let (_, span) = self.next();
            match self.next() {
                (Token::Number(n), _) if n > 0 => depth = Some(n),
                (other, at) => {
                    return Err(error(
                        format!(
                            "expected a positive number after `depth` but found {}",
                            other.describe()
                        ),
                        Span::new(span.start as usize, at.end as usize),
                        Some("write depth 2, for example"),
                    ));
                }
            }
        }
        let end = self.tokens[self.at.saturating_sub(1)].1.end;
        Ok(Atom {
            kind,
            depth,
            span: Span::new(start.start as usize, end.max(start.end) as usize),
        })
    }

    fn name(&mut self, after: &str) -> Result<Name, QueryError> {
        let (token, span) = self.next();
        let text = match token {
            Token::Statement(t) => format!("[{t}]"),
            Token::Argument(t) => format!("<{t}>"),
            Token::Quoted(t) => t,
            Token::Word(w)
                if !["and", "or", "not", "depth"].contains(&w.to_ascii_lowercase().as_str()) =>
            {
                w
            }
            other => {
                return Err(error(
                    format!(
                        "expected a claim after `{after}` but found {}",
                        other.describe()
                    ),
                    span,
                    Some("name a claim as [Title], <Argument title> or \"words of its text\""),
                ));
            }
        };
        Ok(Name { text, span })
    }
}

/// Parses a query.
pub fn parse(query: &str) -> Result<Expr, QueryError> {
    if query.len() > MAX_QUERY_BYTES {
        return Err(error(
            format!("query longer than {MAX_QUERY_BYTES} bytes"),
            Span::new(0, 0),
            None,
        ));
    }
    let tokens = lex(query)?;
    let mut parser = Parser {
        tokens,
        at: 0,
        nesting: 0,
        terms: 0,
    };
    let expr = parser.or()?;
    let (token, span) = parser.next();
    if token != Token::End {
        let hint = if token == Token::Close {
            "this `)` has no matching `(`"
        } else {
            "join queries with `and` or `or`"
        };
        return Err(error(
            format!("unexpected {} after a complete query", token.describe()),
            span,
            Some(hint),
        ));
    }
    Ok(expr)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn atom(expr: &Expr) -> &AtomKind {
        match expr {
            Expr::Atom(a) => &a.kind,
            other => panic!("not an atom: {other:?}"),
        }
    }

    #[test]
    fn names_keep_their_brackets_and_lose_their_quotes() {
        let q = parse(r#"rests-on "instrumental convergence""#).unwrap();
        assert!(matches!(atom(&q), AtomKind::RestsOn(n) if n.text == "instrumental convergence"));
        let q = parse("supports [Goal guarding]").unwrap();
        assert!(matches!(atom(&q), AtomKind::Supports(n) if n.text == "[Goal guarding]"));
    }

    #[test]
    fn and_binds_tighter_than_or_and_not_tighter_than_and() {
        let q = parse("tagged #a or not tagged #b and text x").unwrap();
        let Expr::Or(left, right) = q else { panic!() };
        assert_eq!(atom(&left), &AtomKind::Tagged("a".into()));
        let Expr::And(not, text) = *right else {
            panic!()
        };
        assert!(matches!(*not, Expr::Not(_)));
        assert_eq!(atom(&text), &AtomKind::Text("x".into()));
    }

    #[test]
    fn depth_bounds_the_atom_before_it() {
        let q = parse("rests-on [X] depth 2").unwrap();
        let Expr::Atom(a) = q else { panic!() };
        assert_eq!(a.depth, Some(2));
        assert_eq!(a.span, Span::new(0, 20));
    }

    #[test]
    fn multi_word_tags_parse() {
        let q = parse("tagged #(instrumental convergence)").unwrap();
        assert_eq!(
            atom(&q),
            &AtomKind::Tagged("instrumental convergence".into())
        );
    }

    #[test]
    fn errors_point_at_the_fault() {
        let err = parse("rests-on [X] and (tagged #a").unwrap_err();
        assert_eq!(err.message, "expected `)` but found the end of the query");
        assert_eq!(err.span, Span::new(27, 27));
        let err = parse("rests-of [X]").unwrap_err();
        assert_eq!(err.message, "unknown query `rests-of`");
        assert_eq!(err.span, Span::new(0, 8));
        let err = parse("supports and").unwrap_err();
        assert_eq!(err.span, Span::new(9, 12));
        let err = parse("text \"open").unwrap_err();
        assert_eq!(err.message, "unclosed quotation");
        let err = parse("tagged #a tagged #b").unwrap_err();
        assert_eq!(err.span, Span::new(10, 16));
        let err = parse("all depth 0").unwrap_err();
        assert!(err.message.starts_with("expected a positive number"));
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_stack_overflow() {
        let deep = format!("{}all{}", "(".repeat(100_000), ")".repeat(100_000));
        assert!(parse(&deep).is_err());
        let nots = format!("{}all", "not ".repeat(10_000));
        assert!(parse(&nots).unwrap_err().message.contains("nested"));
    }
}
