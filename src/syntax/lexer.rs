//! The Argdown lexer: source text to tokens, with the token rules of Argdown 1.7.5.
//!
//! Argdown's grammar is token based, not line based: a statement's text runs on over line
//! breaks until a token that cannot be text (an empty line, a relation symbol at the start of
//! a line, a numbered PCS line, an inference line, data), and relation lines open and close
//! indentation levels. This module reproduces those rules so that cruxmap reads every file
//! the way Argdown does. At each position the token kinds are tried in one fixed order and the
//! first that matches wins (the order is Argdown's); some kinds match only at the start of a
//! line. Comments and runs of spaces are skipped. The lexer is a single forward pass; its
//! only look-back is the last token and a small stack of open emphasis ranges.
//!
//! Owns tokens and their spans; must not build syntax trees (that is `parser`).

/// What a token is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tok {
    /// `===` YAML front matter `===`.
    FrontMatter,
    /// `{...}` YAML data.
    Data,
    /// `\x`: an escaped character.
    EscapedChar,
    /// `.name.` or `:name:`: a shortcode (kept as written unless it names a symbol).
    SpecialChar,
    /// Two or more line breaks (with only spaces between).
    Emptyline,
    /// One line break.
    Newline,
    /// A deeper relation level starts.
    Indent,
    /// A relation level ends.
    Dedent,
    /// `--` at the start of a line: an inference opens.
    InferenceStart,
    /// `--` closing an inference.
    InferenceEnd,
    /// `,` between inference rules.
    ListDelimiter,
    /// `+>` (the parent supports the child).
    OutgoingSupport,
    /// `->` (the parent attacks the child).
    OutgoingAttack,
    /// `<+` or `+` (the child supports the parent).
    IncomingSupport,
    /// `<-` or `-` (the child attacks the parent).
    IncomingAttack,
    /// `><`.
    Contradiction,
    /// `_>` (the parent undercuts the child).
    OutgoingUndercut,
    /// `<_` or `_` (the child undercuts the parent).
    IncomingUndercut,
    /// `#`, `##`, ... at the start of a line.
    HeadingStart,
    /// `(n)` at the start of a line.
    StatementNumber,
    /// `1.` list item.
    OrderedListItem,
    /// `*` list item.
    UnorderedListItem,
    /// `**` opening bold.
    BoldStart,
    /// `**` closing bold.
    BoldEnd,
    /// `__` opening bold.
    UBoldStart,
    /// `__` closing bold.
    UBoldEnd,
    /// `*` opening italics.
    ItalicStart,
    /// `*` closing italics.
    ItalicEnd,
    /// `_` opening italics.
    UItalicStart,
    /// `_` closing italics.
    UItalicEnd,
    /// `[text](url)`.
    Link,
    /// `#tag` or `#(a tag)`.
    Tag,
    /// `[Title]:`.
    StatementDefinition,
    /// `[Title]`.
    StatementReference,
    /// `@[Title]`.
    StatementMention,
    /// `<Title>:`.
    ArgumentDefinition,
    /// `<Title>`.
    ArgumentReference,
    /// `@<Title>`.
    ArgumentMention,
    /// Plain text.
    Freestyle,
    /// A punctuation character that starts no other token, read as text.
    UnusedControlChar,
}

impl Tok {
    /// Whether the token is one of the seven relation symbols.
    pub fn is_relation(self) -> bool {
        matches!(
            self,
            Tok::OutgoingSupport
                | Tok::OutgoingAttack
                | Tok::IncomingSupport
                | Tok::IncomingAttack
                | Tok::Contradiction
                | Tok::OutgoingUndercut
                | Tok::IncomingUndercut
        )
    }
}

/// One token: its kind and byte range in the source.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    /// What it is.
    pub kind: Tok,
    /// First byte.
    pub start: u32,
    /// One past the last byte.
    pub end: u32,
}

/// The tokens of a source, and the offsets of characters no token could read.
#[derive(Clone, Debug, Default)]
pub struct Lexed {
    /// Tokens in source order (skipped spaces and comments are not among them).
    pub tokens: Vec<Token>,
    /// Byte offsets where nothing matched (Argdown fails there; cruxmap reads the character as
    /// text and warns).
    pub unreadable: Vec<usize>,
    /// Comments that were skipped, as byte ranges.
    pub comments: Vec<(usize, usize)>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Range {
    Bold,
    UBold,
    Italic,
    UItalic,
}

/// JavaScript's `\s`.
fn js_space(c: char) -> bool {
    matches!(
        c,
        '\t' | '\n' | '\u{b}' | '\u{c}' | '\r' | ' ' | '\u{a0}' | '\u{1680}' | '\u{2000}'
            ..='\u{200a}'
                | '\u{2028}'
                | '\u{2029}'
                | '\u{202f}'
                | '\u{205f}'
                | '\u{3000}'
                | '\u{feff}'
    )
}

/// JavaScript's `.`: any character but a line terminator.
fn js_dot(c: char) -> bool {
    !matches!(c, '\n' | '\r' | '\u{2028}' | '\u{2029}')
}

/// A character a `#tag` may contain (Argdown's class, including the ASCII range `A-z`).
fn tag_char(c: char) -> bool {
    matches!(c, 'a'..='z' | 'A'..='z' | '0'..='9' | '-' | '\u{a0}'..='\u{d7ff}' | '\u{f900}'..='\u{fdcf}' | '\u{fdf0}'..='\u{ffef}')
}

/// Bytes that end a run of plain text.
fn stops_freestyle(b: u8) -> bool {
    matches!(
        b,
        b'\\'
            | b'@'
            | b'#'
            | b'*'
            | b'_'
            | b'['
            | b']'
            | b','
            | b'.'
            | b':'
            | b';'
            | b'<'
            | b'/'
            | b'>'
            | b'-'
            | b'\r'
            | b'\n'
            | b'('
            | b')'
            | b'{'
            | b'}'
    )
}

/// The needles the lexer looks ahead for.
#[derive(Clone, Copy)]
enum Needle {
    CommentClose,
    HtmlCommentClose,
    Break,
    Fence,
    CloseBracket,
    CloseBracketColon,
    CloseAngle,
    CloseAngleColon,
    CloseParen,
    LineEnd,
}

const NEEDLES: usize = 10;

/// The next occurrence of a needle at or after some position, remembered: a later question
/// asked from a position between the last start and the answer has the same answer, so
/// every look-ahead together costs one pass over the text. Without this, a long line of
/// `[` (or `/*`, `<!--`, ...) with no closing partner makes lexing quadratic.
#[derive(Clone, Copy, Default)]
struct Memo {
    from: usize,
    /// `None`: not searched yet. `Some(None)`: none after `from`.
    at: Option<Option<usize>>,
}

struct Lexer<'a> {
    src: &'a str,
    bytes: &'a [u8],
    memos: std::cell::Cell<[Memo; NEEDLES]>,
    out: Lexed,
    indents: Vec<usize>,
    ranges: Vec<Range>,
    inference: bool,
    /// Cache for `{` data: (searched from, barrier, best closing brace end).
    data_cache: Option<(usize, usize, Option<usize>)>,
}

/// Splits `src` into Argdown tokens.
pub fn tokenize(src: &str) -> Lexed {
    let mut lexer = Lexer {
        src,
        bytes: src.as_bytes(),
        memos: std::cell::Cell::new([Memo::default(); NEEDLES]),
        out: Lexed::default(),
        indents: vec![0],
        ranges: Vec::new(),
        inference: false,
        data_cache: None,
    };
    lexer.run();
    lexer.out
}

impl Lexer<'_> {
    /// The first occurrence of `needle` at or after `from`.
    fn next(&self, needle: Needle, from: usize) -> Option<usize> {
        let mut memos = self.memos.get();
        let memo = &mut memos[needle as usize];
        if let Some(at) = memo.at
            && from >= memo.from
            && at.is_none_or(|a| from <= a)
        {
            return at;
        }
        let hay = self.bytes;
        let from_ = from.min(hay.len());
        let bytes = |pat: &[u8]| {
            hay[from_..]
                .windows(pat.len())
                .position(|w| w == pat)
                .map(|p| p + from_)
        };
        let byte = |b: u8| hay[from_..].iter().position(|&c| c == b).map(|p| p + from_);
        let at = match needle {
            Needle::CommentClose => bytes(b"*/"),
            Needle::HtmlCommentClose => bytes(b"-->"),
            Needle::Break => hay[from_..]
                .iter()
                .position(|&c| c == b'\n' || c == b'\r')
                .map(|p| p + from_),
            Needle::Fence => bytes(b"==="),
            Needle::CloseBracket => byte(b']'),
            Needle::CloseBracketColon => bytes(b"]:"),
            Needle::CloseAngle => byte(b'>'),
            Needle::CloseAngleColon => bytes(b">:"),
            Needle::CloseParen => byte(b')'),
            // JavaScript's line terminators: \n, \r, U+2028, U+2029 (E2 80 A8/A9).
            Needle::LineEnd => hay[from_..]
                .iter()
                .enumerate()
                .position(|(k, &c)| {
                    c == b'\n'
                        || c == b'\r'
                        || (c == 0xe2
                            && hay.get(from_ + k + 1) == Some(&0x80)
                            && matches!(hay.get(from_ + k + 2), Some(0xa8 | 0xa9)))
                })
                .map(|p| p + from_),
        };
        *memo = Memo { from, at: Some(at) };
        self.memos.set(memos);
        at
    }

    fn last(&self) -> Option<Tok> {
        self.out.tokens.last().map(|t| t.kind)
    }

    fn push(&mut self, kind: Tok, start: usize, end: usize) {
        self.out.tokens.push(Token {
            kind,
            start: start as u32,
            end: end as u32,
        });
    }

    fn at_line_start(&self) -> bool {
        matches!(self.last(), None | Some(Tok::Newline | Tok::Emptyline))
    }

    fn after_newline(&self) -> bool {
        matches!(self.last(), None | Some(Tok::Newline))
    }

    fn char_at(&self, i: usize) -> Option<char> {
        self.src.get(i..).and_then(|s| s.chars().next())
    }

    fn dedent_all(&mut self, at: usize) {
        while self.indents.len() > 1 {
            self.indents.pop();
            self.push(Tok::Dedent, at, at);
        }
    }

    fn indent_to(&mut self, width: usize, at: usize) {
        let top = *self.indents.last().unwrap_or(&0);
        if width > top {
            self.indents.push(width);
            self.push(Tok::Indent, at, at);
        } else {
            while self.indents.len() > 1 && width < *self.indents.last().unwrap_or(&0) {
                self.indents.pop();
                self.push(Tok::Dedent, at, at);
            }
        }
    }

    fn run(&mut self) {
        let mut pos = 0;
        while pos < self.bytes.len() {
            pos = if self.inference {
                self.step_inference(pos)
            } else {
                self.step(pos)
            };
        }
        if self.last() == Some(Tok::Emptyline) {
            self.out.tokens.pop();
        }
        let end = self.bytes.len();
        self.dedent_all(end);
    }

    /// Reads one token in the default mode; returns where the next starts.
    fn step(&mut self, pos: usize) -> usize {
        let b = self.bytes[pos];
        if let Some(end) = self.comment(pos) {
            return end;
        }
        if b == b'='
            && let Some(end) = self.front_matter(pos)
        {
            self.push(Tok::FrontMatter, pos, end);
            return end;
        }
        if b == b'{'
            && let Some(end) = self.data(pos)
        {
            self.push(Tok::Data, pos, end);
            return end;
        }
        if b == b'\\'
            && let Some(end) = self.escaped(pos)
        {
            self.push(Tok::EscapedChar, pos, end);
            return end;
        }
        if (b == b'.' || b == b':')
            && let Some(end) = self.special(pos)
        {
            self.push(Tok::SpecialChar, pos, end);
            return end;
        }
        if matches!(b, b' ' | b'\t' | b'\r' | b'\n') {
            if self.last() != Some(Tok::Emptyline)
                && let Some(end) = self.emptyline(pos)
            {
                if end < self.bytes.len() {
                    self.dedent_all(pos);
                }
                self.push(Tok::Emptyline, pos, end);
                return end;
            }
            if let Some(end) = self.newline(pos) {
                self.push(Tok::Newline, pos, end);
                return end;
            }
        }
        let line_start = self.at_line_start();
        if line_start {
            let indent_end = pos + self.spaces_len(pos);
            let width = indent_end - pos;
            let rest = &self.bytes[indent_end..];
            if self.after_newline() && rest.starts_with(b"--") {
                self.dedent_all(pos);
                self.push(Tok::InferenceStart, pos, indent_end + 2);
                self.inference = true;
                return indent_end + 2;
            }
            if let Some((kind, len)) = self.relation_symbol(indent_end) {
                self.indent_to(width, pos);
                self.push(kind, pos, indent_end + len);
                return indent_end + len;
            }
            if rest.first() == Some(&b'#') && pos == indent_end {
                let hashes = rest.iter().take_while(|&&c| c == b'#').count();
                if rest.get(hashes) == Some(&b' ') {
                    self.push(Tok::HeadingStart, pos, pos + hashes + 1);
                    return pos + hashes + 1;
                }
            }
            if rest.first() == Some(&b'(') {
                let digits = rest[1..].iter().take_while(|c| c.is_ascii_digit()).count();
                if digits > 0 && rest.get(1 + digits) == Some(&b')') {
                    self.dedent_all(pos);
                    let end = indent_end + digits + 2;
                    self.push(Tok::StatementNumber, pos, end);
                    return end;
                }
            }
            let digits = rest.iter().take_while(|c| c.is_ascii_digit()).count();
            if digits > 0
                && rest.get(digits) == Some(&b'.')
                && self.followed_by_space(indent_end + digits + 1)
            {
                self.indent_to(width + 1, pos);
                let end = indent_end + digits + 1;
                self.push(Tok::OrderedListItem, pos, end);
                return end;
            }
            if rest.first() == Some(&b'*') && self.followed_by_space(indent_end + 1) {
                self.indent_to(width + 1, pos);
                self.push(Tok::UnorderedListItem, pos, indent_end + 1);
                return indent_end + 1;
            }
        }
        if (b == b'*' || b == b'_')
            && let Some(end) = self.emphasis(pos)
        {
            return end;
        }
        if b == b'['
            && let Some(end) = self.link(pos)
        {
            self.push(Tok::Link, pos, end);
            return end;
        }
        if b == b'#'
            && let Some(end) = self.tag(pos)
        {
            self.push(Tok::Tag, pos, end);
            return end;
        }
        if b == b'[' || b == b'<' {
            let close = if b == b'[' { b']' } else { b'>' };
            let (def, reference) = if b == b'[' {
                (Tok::StatementDefinition, Tok::StatementReference)
            } else {
                (Tok::ArgumentDefinition, Tok::ArgumentReference)
            };
            if let Some(end) = self.definition(pos, close) {
                self.push(def, pos, end);
                return end;
            }
            if let Some(end) = self.reference(pos, close) {
                self.push(reference, pos, end);
                return end;
            }
        }
        if b == b'@' {
            match self.bytes.get(pos + 1) {
                Some(b'[') => {
                    if let Some(end) = self.mention(pos + 1, b']') {
                        self.push(Tok::StatementMention, pos, end);
                        return end;
                    }
                }
                Some(b'<') => {
                    if let Some(end) = self.mention(pos + 1, b'>') {
                        self.push(Tok::ArgumentMention, pos, end);
                        return end;
                    }
                }
                _ => {}
            }
        }
        if b == b' ' || b == b'\t' {
            let end = pos + self.spaces_len(pos);
            return end;
        }
        self.text(pos)
    }

    /// Reads one token inside an inference (`-- rule --`).
    fn step_inference(&mut self, pos: usize) -> usize {
        let b = self.bytes[pos];
        if let Some(end) = self.comment(pos) {
            return end;
        }
        if matches!(b, b' ' | b'\t' | b'\r' | b'\n')
            && let Some(end) = self.newline(pos)
        {
            self.push(Tok::Newline, pos, end);
            return end;
        }
        if b == b'\\'
            && let Some(end) = self.escaped(pos)
        {
            self.push(Tok::EscapedChar, pos, end);
            return end;
        }
        if (b == b'.' || b == b':')
            && let Some(end) = self.special(pos)
        {
            self.push(Tok::SpecialChar, pos, end);
            return end;
        }
        if b == b'-' && self.bytes.get(pos + 1) == Some(&b'-') {
            let end = pos + self.bytes[pos..].iter().take_while(|&&c| c == b'-').count();
            self.push(Tok::InferenceEnd, pos, end);
            self.inference = false;
            return end;
        }
        if b == b'{'
            && let Some(end) = self.data(pos)
        {
            self.push(Tok::Data, pos, end);
            return end;
        }
        if b == b',' {
            self.push(Tok::ListDelimiter, pos, pos + 1);
            return pos + 1;
        }
        if b == b' ' || b == b'\t' {
            let end = pos + self.spaces_len(pos);
            return end;
        }
        self.text(pos)
    }

    /// Plain text, or one punctuation character read as text.
    fn text(&mut self, pos: usize) -> usize {
        let run = self.bytes[pos..]
            .iter()
            .take_while(|&&c| !stops_freestyle(c))
            .count();
        if run > 0 {
            self.push(Tok::Freestyle, pos, pos + run);
            return pos + run;
        }
        let b = self.bytes[pos];
        if b != b'\\' && b != b'\r' && b != b'\n' {
            let mut end = pos + 1;
            if matches!(self.bytes.get(end), Some(b' ' | b'\t')) {
                end += 1;
            }
            self.push(Tok::UnusedControlChar, pos, end);
            return end;
        }
        // A backslash before a line break or at the end, or a line break no rule reads:
        // Argdown stops with a lexing error here.
        self.out.unreadable.push(pos);
        self.push(Tok::UnusedControlChar, pos, pos + 1);
        pos + 1
    }

    fn spaces_len(&self, pos: usize) -> usize {
        self.bytes[pos..]
            .iter()
            .take_while(|&&c| c == b' ' || c == b'\t')
            .count()
    }

    /// Whether the character at `i` exists and is JavaScript white space.
    fn followed_by_space(&self, i: usize) -> bool {
        self.char_at(i).is_some_and(js_space)
    }

    /// Where the line break at `i` ends (`\r\n`, `\n` or `\r`), if there is one.
    fn line_break(&self, i: usize) -> Option<usize> {
        match self.bytes.get(i) {
            Some(b'\r') if self.bytes.get(i + 1) == Some(&b'\n') => Some(i + 2),
            Some(b'\r' | b'\n') => Some(i + 1),
            _ => None,
        }
    }

    fn newline(&self, pos: usize) -> Option<usize> {
        self.line_break(pos + self.spaces_len(pos))
    }

    /// Two or more line breaks (`\n` or `\r\n`) each after optional spaces.
    fn emptyline(&self, pos: usize) -> Option<usize> {
        let mut count = 0;
        let mut i = pos;
        let mut end = pos;
        loop {
            let j = i + self.spaces_len(i);
            let next = match self.bytes.get(j) {
                Some(b'\n') => j + 1,
                Some(b'\r') if self.bytes.get(j + 1) == Some(&b'\n') => j + 2,
                _ => break,
            };
            count += 1;
            end = next;
            i = next;
        }
        (count >= 2).then_some(end)
    }

    /// A comment at `pos`, with the line breaks Argdown swallows after it; returns its end.
    fn comment(&mut self, pos: usize) -> Option<usize> {
        let rest = &self.bytes[pos..];
        let body_end = if rest.starts_with(b"<!--") {
            self.next(Needle::HtmlCommentClose, pos + 4)? + 3
        } else if rest.starts_with(b"/*") {
            self.next(Needle::CommentClose, pos + 2)? + 2
        } else if rest.starts_with(b"//") {
            // `//` runs to the line break, which must exist.
            self.next(Needle::Break, pos)?
        } else {
            return None;
        };
        let mut end = body_end;
        match self.last() {
            Some(Tok::Emptyline) => {
                // All following line breaks (`\r\n` may have spaces before it).
                loop {
                    let j = end + self.spaces_len(end);
                    if self.bytes[j..].starts_with(b"\r\n") {
                        end = j + 2;
                    } else if matches!(self.bytes.get(end), Some(b'\n' | b'\r')) {
                        end += 1;
                    } else {
                        break;
                    }
                }
            }
            Some(Tok::Newline) => {
                // One line break, unless an empty line follows it.
                if let Some(next) = self.newline(end)
                    && self.newline(next).is_none()
                {
                    end = next;
                }
            }
            _ => {}
        }
        self.out.comments.push((pos, body_end));
        Some(end)
    }

    fn front_matter(&self, pos: usize) -> Option<usize> {
        let rest = &self.bytes[pos..];
        let open = rest.iter().take_while(|&&c| c == b'=').count();
        if open < 3 {
            return None;
        }
        match self.next(Needle::Fence, pos + open) {
            Some(close) => {
                let more = self.bytes[close..]
                    .iter()
                    .take_while(|&&c| c == b'=')
                    .count();
                Some(close + more)
            }
            // `======` alone: the opening gives back three `=` to close itself.
            None => (open >= 6).then_some(pos + open),
        }
    }

    /// `{...}` data: the longest run to a `}` that is not followed by `,` or `}` (after
    /// white space), without crossing a `}` that is followed by white space and then
    /// something other than `,` or `}`.
    fn data(&mut self, pos: usize) -> Option<usize> {
        if let Some((from, barrier, best)) = self.data_cache
            && pos > from
            && pos < barrier
        {
            return best.filter(|&end| end > pos + 1);
        }
        let src = self.src;
        let mut best = None;
        let mut barrier = src.len();
        for (k, c) in src[pos + 1..].char_indices() {
            let i = pos + 1 + k;
            if c == '}' {
                // May close here.
                let after = i + 1;
                let next = src[after..].trim_start_matches(js_space).chars().next();
                if !matches!(next, Some(',' | '}')) {
                    best = Some(after);
                }
                // May the body run past it?
                let mut chars = src[after..].chars();
                if let (Some(s), Some(t)) = (chars.next(), chars.next())
                    && js_space(s)
                    && t != ','
                    && t != '}'
                {
                    barrier = i;
                    break;
                }
            } else if !(js_dot(c) || c == '\n') {
                barrier = i;
                break;
            }
        }
        self.data_cache = Some((pos, barrier, best));
        best
    }

    fn escaped(&self, pos: usize) -> Option<usize> {
        let c = self.char_at(pos + 1).filter(|&c| js_dot(c))?;
        let mut end = pos + 1 + c.len_utf8();
        while self.bytes.get(end) == Some(&b' ') {
            end += 1;
        }
        Some(end)
    }

    /// `.name.` or `:name:` with no white space inside.
    fn special(&self, pos: usize) -> Option<usize> {
        let delim = self.bytes[pos] as char;
        let mut chars = self.src[pos + 1..].char_indices();
        let (_, first) = chars.next()?;
        if js_space(first) {
            return None;
        }
        for (k, c) in chars {
            if js_space(c) {
                return None;
            }
            if c == delim {
                let mut end = pos + 1 + k + 1;
                if matches!(self.bytes.get(end), Some(b' ' | b'\t')) {
                    end += 1;
                }
                return Some(end);
            }
        }
        None
    }

    /// A relation symbol at `i` (after the indentation).
    fn relation_symbol(&self, i: usize) -> Option<(Tok, usize)> {
        let rest = &self.bytes[i..];
        let two = |s: &[u8]| rest.starts_with(s);
        if two(b"+>") {
            Some((Tok::OutgoingSupport, 2))
        } else if two(b"->") {
            Some((Tok::OutgoingAttack, 2))
        } else if two(b"<+") {
            Some((Tok::IncomingSupport, 2))
        } else if two(b"+") {
            Some((Tok::IncomingSupport, 1))
        } else if two(b"<-") {
            Some((Tok::IncomingAttack, 2))
        } else if two(b"-") {
            Some((Tok::IncomingAttack, 1))
        } else if two(b"><") {
            Some((Tok::Contradiction, 2))
        } else if two(b"_>") {
            Some((Tok::OutgoingUndercut, 2))
        } else if two(b"<_") {
            Some((Tok::IncomingUndercut, 2))
        } else if two(b"_") && self.followed_by_space(i + 1) {
            Some((Tok::IncomingUndercut, 1))
        } else {
            None
        }
    }

    /// Bold and italic markers; pushes the token and returns its end.
    fn emphasis(&mut self, pos: usize) -> Option<usize> {
        let b = self.bytes[pos];
        let double = self.bytes.get(pos + 1) == Some(&b);
        let (bold, italic, bold_end, italic_end, bold_start, italic_start) = if b == b'*' {
            (
                Range::Bold,
                Range::Italic,
                Tok::BoldEnd,
                Tok::ItalicEnd,
                Tok::BoldStart,
                Tok::ItalicStart,
            )
        } else {
            (
                Range::UBold,
                Range::UItalic,
                Tok::UBoldEnd,
                Tok::UItalicEnd,
                Tok::UBoldStart,
                Tok::UItalicStart,
            )
        };
        // An end needs some token before it. (Argdown's lexer also means to refuse an end
        // right after skipped white space, but skipped tokens are not kept where it looks
        // for them, so that test never fires; cruxmap does as Argdown does.)
        let may_end = !self.out.tokens.is_empty();
        let top = self.ranges.last().copied();
        if may_end {
            if double
                && top == Some(bold)
                && let Some(end) = self.emphasis_end(pos + 2)
            {
                self.ranges.pop();
                self.push(bold_end, pos, end);
                return Some(end);
            }
            if top == Some(italic)
                && let Some(end) = self.emphasis_end(pos + 1)
            {
                self.ranges.pop();
                self.push(italic_end, pos, end);
                return Some(end);
            }
        }
        let no_space_after = |i: usize| !self.followed_by_space(i);
        if double && no_space_after(pos + 2) {
            self.ranges.push(bold);
            self.push(bold_start, pos, pos + 2);
            return Some(pos + 2);
        }
        if no_space_after(pos + 1) {
            self.ranges.push(italic);
            self.push(italic_start, pos, pos + 1);
            return Some(pos + 1);
        }
        None
    }

    /// After an emphasis end marker ending at `i`: a space or tab is taken with it, or one of
    /// the characters that may follow it must come next (or the end of the text).
    fn emphasis_end(&self, i: usize) -> Option<usize> {
        match self.bytes.get(i) {
            None => Some(i),
            Some(b' ' | b'\t') => Some(i + 1),
            Some(
                b'\n' | b'\r' | b')' | b'}' | b'_' | b'.' | b',' | b'!' | b'?' | b';' | b':' | b'-'
                | b'*',
            ) => Some(i),
            _ => None,
        }
    }

    /// `[text](url)` with an optional space after.
    fn link(&self, pos: usize) -> Option<usize> {
        let close = self.next(Needle::CloseBracket, pos + 1)?;
        if close < pos + 2 || self.bytes.get(close + 1) != Some(&b'(') {
            return None;
        }
        let url_close = self.next(Needle::CloseParen, close + 2)?;
        if url_close == close + 2 {
            return None;
        }
        let mut end = url_close + 1;
        if matches!(self.bytes.get(end), Some(b' ' | b'\t')) {
            end += 1;
        }
        Some(end)
    }

    /// `#tag` or `#(a tag)` with an optional space after.
    fn tag(&self, pos: usize) -> Option<usize> {
        let rest = &self.src[pos + 1..];
        let len = if rest.starts_with('(') {
            let close = self.next(Needle::CloseParen, pos + 2)?;
            if close == pos + 2 {
                return None;
            }
            close - pos
        } else {
            let len: usize = rest
                .chars()
                .take_while(|&c| tag_char(c))
                .map(char::len_utf8)
                .sum();
            if len == 0 {
                return None;
            }
            len
        };
        let mut end = pos + 1 + len;
        if matches!(self.bytes.get(end), Some(b' ' | b'\t')) {
            end += 1;
        }
        Some(end)
    }

    /// `[title]:` or `<title>:` on one line, the shortest such.
    fn definition(&self, pos: usize, close: u8) -> Option<usize> {
        let line_end = self.line_end(pos + 1);
        let needle = if close == b']' {
            Needle::CloseBracketColon
        } else {
            Needle::CloseAngleColon
        };
        // The title has at least one character.
        let at = self.next(needle, pos + 2)?;
        (at < line_end).then_some(at + 2)
    }

    /// `[title]` or `<title>`: the first character is not `-`, then the shortest run on one
    /// line to the closing bracket.
    fn reference(&self, pos: usize, close: u8) -> Option<usize> {
        let first = self.char_at(pos + 1)?;
        if first == '-' {
            return None;
        }
        let from = pos + 1 + first.len_utf8();
        let line_end = self.line_end(from);
        let at = self.next(close_needle(close), from)?;
        (at < line_end).then_some(at + 1)
    }

    /// `@[title]` or `@<title>` (the bracket is at `open`), with an optional space after.
    fn mention(&self, open: usize, close: u8) -> Option<usize> {
        let line_end = self.line_end(open + 1);
        if open + 1 >= line_end {
            return None;
        }
        let at = self.next(close_needle(close), open + 2)?;
        if at >= line_end {
            return None;
        }
        let mut end = at + 1;
        if matches!(self.bytes.get(end), Some(b' ' | b'\t')) {
            end += 1;
        }
        Some(end)
    }

    /// The offset of the first line terminator at or after `from` (JavaScript's, so U+2028
    /// and U+2029 count), or the end of the source.
    fn line_end(&self, from: usize) -> usize {
        self.next(Needle::LineEnd, from).unwrap_or(self.src.len())
    }
}

fn close_needle(close: u8) -> Needle {
    if close == b']' {
        Needle::CloseBracket
    } else {
        Needle::CloseAngle
    }
}
