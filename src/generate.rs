//! Seeded generator of synthetic Argdown maps, for benchmarks and for conformance tests
//! against Argdown: nested relation trees, cross references and cycles, tags, sections,
//! untitled statements, arguments and premise–conclusion structures.
//!
//! Deterministic: the same seed and options give the same text on every machine (a
//! SplitMix64 generator is written out here so the output does not depend on a crate's
//! choice of algorithm).

use std::fmt::Write as _;

/// What to generate.
#[derive(Clone, Debug)]
pub struct GenerateOptions {
    /// Roughly how many statement occurrences to write.
    pub statements: usize,
    /// Seed of the pseudo-random sequence.
    pub seed: u64,
    /// Deepest relation nesting.
    pub max_depth: usize,
    /// Whether to use every syntax feature (comments, data, strict mode, PCS, mentions)
    /// or only statements and relations.
    pub all_features: bool,
}

impl Default for GenerateOptions {
    fn default() -> Self {
        GenerateOptions {
            statements: 200,
            seed: 1,
            max_depth: 6,
            all_features: true,
        }
    }
}

/// SplitMix64 (Steele, Lea and Flood 2014): small, fast, and fixed forever.
pub(crate) struct Rng(pub(crate) u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (0 when `n` is 0).
    pub(crate) fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }

    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const WORDS: [&str; 24] = [
    "models",
    "training",
    "goals",
    "values",
    "oversight",
    "deception",
    "evidence",
    "risk",
    "agents",
    "incentives",
    "policy",
    "safety",
    "learning",
    "reward",
    "power",
    "humans",
    "systems",
    "behaviour",
    "alignment",
    "tests",
    "scale",
    "data",
    "preferences",
    "control",
];
const TAGS: [&str; 8] = [
    "#risk",
    "#evidence",
    "#policy",
    "#(open question)",
    "#ethics",
    "#empirical",
    "#(key claim)",
    "#théorie",
];
const SYMBOLS: [&str; 6] = ["+", "-", "<+", "<-", "+>", "->"];

struct Gen {
    rng: Rng,
    out: String,
    options: GenerateOptions,
    written: usize,
    titles: Vec<String>,
    arguments: Vec<String>,
    next_title: usize,
    next_argument: usize,
    /// Whether the last top-level block was an argument (see `pcs`).
    after_argument: bool,
}

impl Gen {
    fn sentence(&mut self) -> String {
        let n = 4 + self.rng.below(9);
        let mut s = String::new();
        for i in 0..n {
            if i > 0 {
                s.push(' ');
            }
            s.push_str(self.rng.pick(&WORDS));
        }
        s.push('.');
        s
    }

    fn suffix(&mut self) -> String {
        let mut s = String::new();
        if self.rng.chance(25) {
            s.push(' ');
            s.push_str(self.rng.pick(&TAGS));
        }
        if self.options.all_features && self.rng.chance(10) {
            let _ = write!(s, " {{source: \"gen\", n: {}}}", self.rng.below(100));
        }
        s
    }

    fn new_title(&mut self) -> String {
        self.next_title += 1;
        if self.rng.chance(5) {
            format!("Thèse {}", self.next_title)
        } else {
            format!("Claim {}", self.next_title)
        }
    }

    /// A statement written at a relation position or at the top of a block; a reference
    /// never repeats `parent` (an element related to itself on the next line).
    fn statement(&mut self, parent: Option<&str>) -> String {
        self.written += 1;
        let roll = self.rng.below(100);
        let pick = self.titles.get(self.rng.below(self.titles.len())).cloned();
        if let Some(t) = pick.filter(|t| roll < 15 && Some(t.as_str()) != parent) {
            format!("[{t}]{}", self.suffix())
        } else if roll < 25 {
            format!("{}{}", self.sentence(), self.suffix())
        } else {
            let t = self.new_title();
            self.titles.push(t.clone());
            let text = self.sentence();
            format!("[{t}]: {text}{}", self.suffix())
        }
    }

    fn argument(&mut self) -> String {
        self.written += 1;
        if self.rng.chance(30) && !self.arguments.is_empty() {
            let t = self.arguments[self.rng.below(self.arguments.len())].clone();
            return format!("<{t}>");
        }
        self.next_argument += 1;
        let t = format!("Argument {}", self.next_argument);
        self.arguments.push(t.clone());
        let text = self.sentence();
        format!("<{t}>: {text}{}", self.suffix())
    }

    fn relations(&mut self, indent: usize, depth: usize, parent: &str, parent_is_argument: bool) {
        if depth >= self.options.max_depth {
            return;
        }
        let children = match depth {
            0 => 1 + self.rng.below(4),
            _ => self.rng.below(4 - depth.min(3)),
        };
        for _ in 0..children {
            if self.written >= self.options.statements {
                return;
            }
            let child_is_argument = self.options.all_features && self.rng.chance(10);
            let mut symbol = self.rng.pick(&SYMBOLS);
            if self.options.all_features && self.rng.chance(4) && !child_is_argument {
                symbol = "><";
            }
            if self.options.all_features && parent_is_argument && self.rng.chance(15) {
                symbol = self.rng.pick(&["_", "<_"]);
            }
            let child = if child_is_argument {
                self.argument()
            } else {
                self.statement(Some(parent))
            };
            let _ = writeln!(self.out, "{}{symbol} {child}", " ".repeat(indent));
            let step = 2 + self.rng.below(2) * 2;
            let title = title_of(&child);
            self.relations(indent + step, depth + 1, &title, child_is_argument);
        }
    }

    fn pcs(&mut self) {
        // Each structure gets a fresh argument: Argdown allows one structure per argument.
        // Without a title line it would belong to an argument block right before it, which
        // may be a reference to an argument that has a structure already.
        if self.rng.chance(80) || self.after_argument {
            self.written += 1;
            self.next_argument += 1;
            let t = format!("Argument {}", self.next_argument);
            let text = self.sentence();
            let _ = writeln!(self.out, "<{t}>: {text}\n");
        }
        let premises = 1 + self.rng.below(3);
        let mut n = 1;
        for _ in 0..premises {
            let s = self.statement(None);
            let _ = writeln!(self.out, "({n}) {s}");
            n += 1;
            if self.rng.chance(20) {
                let c = self.statement(Some(&title_of(&s)));
                let sym = self.rng.pick(&["+", "-"]);
                let _ = writeln!(self.out, "    {sym} {c}");
            }
        }
        if self.rng.chance(50) {
            let _ = writeln!(self.out, "----");
        } else {
            let _ = writeln!(self.out, "-- {} {{uses: [1]}} --", self.rng.pick(&WORDS));
        }
        let s = self.statement(None);
        let _ = writeln!(self.out, "({n}) {s}\n");
    }

    fn run(&mut self) {
        if self.options.all_features && self.rng.chance(20) {
            self.out
                .push_str("===\ntitle: Generated map\nmodel:\n    mode: strict\n===\n\n");
        }
        let mut heading_level = 0;
        while self.written < self.options.statements {
            let roll = self.rng.below(100);
            if roll < 6 {
                heading_level = (heading_level + self.rng.below(2)).clamp(1, 3);
                if self.rng.chance(30) {
                    heading_level = 1;
                }
                let words = self.sentence();
                let _ = writeln!(
                    self.out,
                    "{} {}\n",
                    "#".repeat(heading_level),
                    words.trim_end_matches('.')
                );
                continue;
            }
            if self.options.all_features && roll < 9 {
                let _ = writeln!(self.out, "// a comment line\n/* a block\n   comment */");
            }
            if self.options.all_features && roll < 20 {
                self.pcs();
                self.after_argument = false;
                continue;
            }
            let top_is_argument = self.options.all_features && self.rng.chance(10);
            let top = if top_is_argument {
                self.argument()
            } else {
                self.statement(None)
            };
            let _ = writeln!(self.out, "{top}");
            self.after_argument = top_is_argument;
            self.relations(2, 0, &title_of(&top), top_is_argument);
            self.out.push('\n');
        }
    }
}

/// The title of a generated element line (`[T]: ...` or `<T>: ...`), or empty.
fn title_of(line: &str) -> String {
    let close = match line.as_bytes().first() {
        Some(b'[') => ']',
        Some(b'<') => '>',
        _ => return String::new(),
    };
    line[1..].split(close).next().unwrap_or("").to_string()
}

/// Generates an Argdown map with about `options.statements` statement occurrences.
pub fn random_map(options: &GenerateOptions) -> String {
    let mut generator = Gen {
        rng: Rng(options.seed),
        out: String::new(),
        options: options.clone(),
        written: 0,
        titles: Vec::new(),
        arguments: Vec::new(),
        next_title: 0,
        next_argument: 0,
        after_argument: false,
    };
    generator.run();
    generator.out
}

/// Openings of generated prose sentences: connectives the extraction parser reads.
const OPENINGS: [&str; 12] = [
    "",
    "",
    "",
    "But ",
    "Of course, ",
    "Therefore ",
    "Besides, ",
    "However, ",
    "Yes, ",
    "For example, ",
    "Admittedly, ",
    "So ",
];

/// Joints inside generated sentences.
const JOINTS: [&str; 6] = [
    ", because ",
    ", but ",
    " and ",
    ", since ",
    ", although ",
    ", so ",
];

/// Random argumentative prose of about `bytes` bytes: paragraphs of three to eight
/// sentences built from [`WORDS`] and connectives, every sentence different.
pub fn random_prose(bytes: usize, seed: u64) -> String {
    let mut rng = Rng(seed);
    let mut out = String::with_capacity(bytes + 200);
    let clause = |rng: &mut Rng, out: &mut String| {
        let n = 3 + rng.below(8);
        for k in 0..n {
            if k > 0 {
                out.push(' ');
            }
            out.push_str(WORDS[rng.below(WORDS.len())]);
        }
    };
    while out.len() < bytes {
        let sentences = 3 + rng.below(6);
        for s in 0..sentences {
            if s > 0 {
                out.push(' ');
            }
            let start = out.len();
            out.push_str(OPENINGS[rng.below(OPENINGS.len())]);
            clause(&mut rng, &mut out);
            if rng.chance(40) {
                out.push_str(JOINTS[rng.below(JOINTS.len())]);
                clause(&mut rng, &mut out);
            }
            out.push(if rng.chance(10) { '?' } else { '.' });
            if let Some(first) = out[start..].chars().next() {
                let upper: String = first.to_uppercase().collect();
                out.replace_range(start..start + first.len_utf8(), &upper);
            }
        }
        out.push('\n');
    }
    out
}
