//! Prints the Argdown tokens of a file, one a line (`Kind start "image"`), in the format of
//! `scripts/argdown-tokens.js`, so the two lexers can be compared (`scripts/lexer-diff.sh`).

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: argdown-tokens FILE");
        std::process::exit(2);
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(err) => {
            eprintln!("argdown-tokens: {path}: {err}");
            std::process::exit(2);
        }
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let lexed = cruxmap::syntax::tokenize(text);
    for t in &lexed.tokens {
        let image = &text[t.start as usize..t.end as usize];
        // JavaScript offsets count UTF-16 code units.
        let start: usize = text[..t.start as usize].chars().map(char::len_utf16).sum();
        println!(
            "{:?} {} {}",
            t.kind,
            start,
            serde_json::to_string(image).unwrap_or_default()
        );
    }
}
