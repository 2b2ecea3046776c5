//! Features of units and of unit pairs: words, discourse markers, position, punctuation,
//! neighbours, distance. Plain strings, so the trained weights read as a table.

/// Discourse markers and stance cues (lower case, apostrophes dropped) with the class of
/// relation each signals; classes generalise where single words are too rare to learn.
pub const MARKERS: &[(&str, &str)] = &[
    ("it is true that", "concession"),
    ("last but not least", "addition"),
    ("on the other hand", "contrast"),
    ("on top of that", "addition"),
    ("all in all", "conclusion"),
    ("all the same", "contrast"),
    ("as a result", "conclusion"),
    ("as long as", "condition"),
    ("at first sight", "concession"),
    ("for this reason", "conclusion"),
    ("having said that", "contrast"),
    ("i am convinced", "opinion"),
    ("in my opinion", "opinion"),
    ("in my view", "opinion"),
    ("in spite of", "contrast"),
    ("it may be", "concession"),
    ("not least because", "reason"),
    ("on the contrary", "contrast"),
    ("one could argue", "concession"),
    ("that is why", "conclusion"),
    ("this is why", "conclusion"),
    ("to sum up", "conclusion"),
    ("what is more", "addition"),
    ("which is why", "conclusion"),
    ("after all", "reason"),
    ("as well", "addition"),
    ("because of", "reason"),
    ("due to", "reason"),
    ("even if", "concession"),
    ("even so", "contrast"),
    ("even though", "concession"),
    ("for example", "example"),
    ("for instance", "example"),
    ("given that", "reason"),
    ("has to", "normative"),
    ("have to", "normative"),
    ("i agree", "opinion"),
    ("i believe", "opinion"),
    ("i disagree", "opinion"),
    ("i doubt", "contrast"),
    ("i find", "opinion"),
    ("i think", "opinion"),
    ("im convinced", "opinion"),
    ("in addition", "addition"),
    ("in conclusion", "conclusion"),
    ("in fact", "contrast"),
    ("in principle", "concession"),
    ("in short", "conclusion"),
    ("many people", "concession"),
    ("my opinion", "opinion"),
    ("not only", "addition"),
    ("of course", "concession"),
    ("only if", "condition"),
    ("some people", "concession"),
    ("such as", "example"),
    ("that means", "conclusion"),
    ("that said", "contrast"),
    ("thats why", "conclusion"),
    ("the reason", "reason"),
    ("then again", "contrast"),
    ("think that", "concession"),
    ("to me", "opinion"),
    ("we should", "opinion"),
    ("whats more", "addition"),
    ("accordingly", "conclusion"),
    ("actually", "contrast"),
    ("additionally", "addition"),
    ("admit", "concession"),
    ("admittedly", "concession"),
    ("also", "addition"),
    ("although", "concession"),
    ("and", "addition"),
    ("another", "addition"),
    ("arent", "negation"),
    ("argue", "concession"),
    ("as", "reason"),
    ("assume", "concession"),
    ("because", "reason"),
    ("besides", "addition"),
    ("but", "contrast"),
    ("can", "hedge"),
    ("cannot", "normative"),
    ("cant", "normative"),
    ("certainly", "concession"),
    ("claim", "concession"),
    ("clearly", "concession"),
    ("consequently", "conclusion"),
    ("considering", "reason"),
    ("could", "hedge"),
    ("critics", "concession"),
    ("curiously", "contrast"),
    ("despite", "contrast"),
    ("doesnt", "negation"),
    ("dont", "negation"),
    ("example", "example"),
    ("except", "contrast"),
    ("finally", "addition"),
    ("firstly", "addition"),
    ("for", "reason"),
    ("furthermore", "addition"),
    ("granted", "concession"),
    ("hardly", "negation"),
    ("hence", "conclusion"),
    ("however", "contrast"),
    ("if", "condition"),
    ("indeed", "concession"),
    ("instead", "contrast"),
    ("isnt", "negation"),
    ("like", "example"),
    ("likely", "hedge"),
    ("may", "concession"),
    ("might", "concession"),
    ("moreover", "addition"),
    ("must", "normative"),
    ("mustnt", "normative"),
    ("namely", "reason"),
    ("necessarily", "normative"),
    ("necessary", "normative"),
    ("need", "normative"),
    ("needs", "normative"),
    ("neither", "negation"),
    ("never", "negation"),
    ("nevertheless", "contrast"),
    ("no", "negation"),
    ("nobody", "negation"),
    ("nonetheless", "contrast"),
    ("nor", "negation"),
    ("not", "negation"),
    ("nothing", "negation"),
    ("obviously", "concession"),
    ("opponents", "concession"),
    ("otherwise", "condition"),
    ("ought", "normative"),
    ("perhaps", "hedge"),
    ("possibly", "hedge"),
    ("probably", "hedge"),
    ("proponents", "concession"),
    ("provided", "condition"),
    ("rather", "contrast"),
    ("secondly", "addition"),
    ("should", "normative"),
    ("shouldnt", "normative"),
    ("since", "reason"),
    ("so", "conclusion"),
    ("some", "concession"),
    ("still", "contrast"),
    ("supporters", "concession"),
    ("sure", "concession"),
    ("surely", "contrast"),
    ("then", "condition"),
    ("therefore", "conclusion"),
    ("though", "concession"),
    ("thus", "conclusion"),
    ("too", "addition"),
    ("true", "concession"),
    ("ultimately", "conclusion"),
    ("understandable", "concession"),
    ("undoubtedly", "concession"),
    ("unless", "condition"),
    ("whereas", "contrast"),
    ("while", "contrast"),
    ("will", "hedge"),
    ("wont", "negation"),
    ("worry", "concession"),
    ("would", "hedge"),
    ("yes", "concession"),
    ("yet", "contrast"),
];

/// Lower-case word tokens of `text`.
pub fn tokens(text: &str) -> Vec<String> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '\''))
        .filter(|w| !w.is_empty())
        .map(|w| w.to_lowercase().replace('\'', ""))
        .collect()
}

/// A marker found in a unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Marker {
    /// The marker as listed in [`MARKERS`].
    pub word: &'static str,
    /// The class of relation it signals.
    pub class: &'static str,
    /// The unit starts with it (after at most one other word, as in "and yet").
    pub start: bool,
}

/// [`MARKERS`] indexed by their first word: (all words, marker, class).
type MarkerIndex =
    foldhash::HashMap<&'static str, Vec<(Vec<&'static str>, &'static str, &'static str)>>;

fn marker_index() -> &'static MarkerIndex {
    static INDEX: std::sync::OnceLock<MarkerIndex> = std::sync::OnceLock::new();
    INDEX.get_or_init(|| {
        let mut index = MarkerIndex::default();
        for &(m, class) in MARKERS {
            let parts: Vec<&'static str> = m.split(' ').collect();
            index.entry(parts[0]).or_default().push((parts, m, class));
        }
        index
    })
}

/// The class of `word` when it is a one-word marker.
pub fn single_word_marker(word: &str) -> Option<&'static str> {
    marker_index()
        .get(word)?
        .iter()
        .find(|(parts, _, _)| parts.len() == 1)
        .map(|(_, _, class)| *class)
}

/// Markers that occur in `words` (as whole words), each once, at its first occurrence.
pub fn markers(words: &[String]) -> Vec<Marker> {
    let index = marker_index();
    let mut out: Vec<Marker> = Vec::new();
    for (at, word) in words.iter().enumerate() {
        let Some(candidates) = index.get(word.as_str()) else {
            continue;
        };
        for (parts, m, class) in candidates {
            if words.len() - at >= parts.len()
                && parts.iter().zip(&words[at..]).all(|(p, w)| p == w)
                && !out.iter().any(|o| o.word == *m)
            {
                out.push(Marker {
                    word: m,
                    class,
                    start: at <= 1 && (at == 0 || words[0] == "and" || words[0] == "so"),
                });
            }
        }
    }
    out.sort_unstable();
    out
}

/// What the feature functions need to know about one unit.
#[derive(Debug, Clone)]
pub struct UnitInfo {
    /// Lower-case word tokens.
    pub words: Vec<String>,
    /// The markers in it.
    pub markers: Vec<Marker>,
    /// The unit continues the sentence of the unit before it.
    pub continues: bool,
    /// The last character that is not white space.
    pub end: char,
}

impl UnitInfo {
    /// What the features need of `text`.
    pub fn new(text: &str) -> UnitInfo {
        let words = tokens(text);
        let markers = markers(&words);
        let trimmed = text.trim();
        let first = trimmed.chars().next().unwrap_or(' ');
        UnitInfo {
            continues: first.is_lowercase() || first == ',',
            end: trimmed.chars().last().unwrap_or(' '),
            markers,
            words,
        }
    }

    fn first(&self, n: usize) -> String {
        self.words
            .iter()
            .take(n)
            .cloned()
            .collect::<Vec<_>>()
            .join("_")
    }
}

fn bucket(x: usize, cuts: &[usize]) -> usize {
    cuts.iter().take_while(|&&c| x >= c).count()
}

/// Features of unit `i` among `units`.
pub fn unit_features(units: &[UnitInfo], i: usize) -> Vec<String> {
    let u = &units[i];
    let n = units.len();
    let mut f = Vec::with_capacity(64);
    for w in &u.words {
        f.push(format!("w={w}"));
    }
    f.push(format!("f1={}", u.first(1)));
    f.push(format!("f2={}", u.first(2)));
    for m in &u.markers {
        f.push(format!("m={}", m.word));
        f.push(format!("c={}", m.class));
        if m.start {
            f.push(format!("m0={}", m.word));
            f.push(format!("c0={}", m.class));
        }
    }
    f.push(format!("end={}", u.end));
    f.push(format!(
        "len={}",
        bucket(u.words.len(), &[5, 10, 15, 20, 30])
    ));
    if u.continues {
        f.push("cont".into());
    }
    if i == 0 {
        f.push("pos=first".into());
    }
    if i + 1 == n {
        f.push("pos=last".into());
    }
    f.push(format!("abs={}", i.min(6)));
    f.push(format!("rel={}", (i * 4) / n.max(1)));
    f.push(format!("n={}", n.min(9)));
    if i > 0 {
        let p = &units[i - 1];
        f.push(format!("prev_f1={}", p.first(1)));
        f.push(format!("prev_end={}", p.end));
        for m in p.markers.iter().filter(|m| m.start) {
            f.push(format!("prev_m0={}", m.word));
            f.push(format!("prev_c0={}", m.class));
        }
    }
    if i + 1 < n {
        let q = &units[i + 1];
        f.push(format!("next_f1={}", q.first(1)));
        if q.continues {
            f.push("next_cont".into());
        }
        for m in q.markers.iter().filter(|m| m.start) {
            f.push(format!("next_m0={}", m.word));
            f.push(format!("next_c0={}", m.class));
        }
    }
    f
}

/// Features of the pair "unit `i` attaches to unit `j`" that neither unit has on its own.
pub fn pair_features(units: &[UnitInfo], i: usize, j: usize) -> Vec<String> {
    let n = units.len();
    let d = j as i64 - i as i64;
    let dc = d.clamp(-5, 5);
    let near = d.clamp(-2, 2);
    let dir = if d < 0 { "left" } else { "right" };
    let s = &units[i];
    let t = &units[j];
    let mut f = Vec::with_capacity(48);
    f.push(format!("d={dc}"));
    f.push(format!("ad={}", dc.abs()));
    f.push(format!("dir={dir}"));
    if j == 0 {
        f.push(format!("tfirst|{dir}"));
    }
    if j + 1 == n {
        f.push(format!("tlast|{dir}"));
    }
    if d == -1 && s.continues {
        f.push("same_sentence".into());
    }
    if d == 1 && t.continues {
        f.push("same_sentence_next".into());
    }
    f.push(format!("sf1={}|{near}", s.first(1)));
    f.push(format!("tf1={}|{near}", t.first(1)));
    for m in s.markers.iter().filter(|m| m.start) {
        f.push(format!("sm0={}|{near}", m.word));
        f.push(format!("sc0={}|{near}", m.class));
        if j == 0 {
            f.push(format!("sc0={}|tfirst", m.class));
        }
        if j + 1 == n {
            f.push(format!("sc0={}|tlast", m.class));
        }
    }
    for m in t.markers.iter().filter(|m| m.start) {
        f.push(format!("tc0={}|{near}", m.class));
    }
    for m in &s.markers {
        f.push(format!("sc={}|{dir}", m.class));
    }
    if i + 1 < n {
        f.push(format!("snext_f1={}|{near}", units[i + 1].first(1)));
        for m in units[i + 1].markers.iter().filter(|m| m.start) {
            f.push(format!("snext_c0={}|{near}", m.class));
        }
    }
    let overlap = s
        .words
        .iter()
        .filter(|w| w.len() > 3 && t.words.contains(w))
        .count();
    f.push(format!("overlap={}", overlap.min(3)));
    f.push(format!("tend={}|{near}", t.end));
    f
}

/// The unit features of `i` renamed for the source (`s:`) or target (`t:`) of a pair.
pub fn prefixed(features: &[String], prefix: &str) -> Vec<String> {
    features.iter().map(|f| format!("{prefix}{f}")).collect()
}
