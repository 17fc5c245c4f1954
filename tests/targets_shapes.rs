//! The same plan in other extraction shapes gives the same targets: re-wrapped as a PDF text
//! layer would break its paragraphs, with a blank line after every line, with CRLF line ends.

fn seed(stem: &str) -> String {
    std::fs::read_to_string(format!("{}/seeds/{stem}.txt", env!("CARGO_MANIFEST_DIR")))
        .expect("seed")
}

/// Greedy word wrap of every body line (tab-separated table rows are left whole).
fn rewrap(text: &str, width: usize, blank_after: bool) -> String {
    let mut out = String::new();
    for line in text.lines() {
        let pieces: Vec<String> = if line.contains('\t') || line.trim().is_empty() {
            vec![line.to_string()]
        } else {
            let mut pieces = Vec::new();
            let mut current = String::new();
            for word in line.split_whitespace() {
                if !current.is_empty() && current.chars().count() + 1 + word.chars().count() > width
                {
                    pieces.push(std::mem::take(&mut current));
                }
                if !current.is_empty() {
                    current.push(' ');
                }
                current.push_str(word);
            }
            pieces.push(current);
            pieces
        };
        for piece in pieces {
            out.push_str(&piece);
            out.push('\n');
            if blank_after {
                out.push('\n');
            }
        }
    }
    out
}

type Key = (Vec<String>, String, String, String, Option<i32>, String);

fn keys(text: &str) -> Vec<Key> {
    plandoc::parse_text("variant.txt", text)
        .targets
        .into_iter()
        .map(|t| {
            (
                t.path,
                format!("{}", t.value),
                t.unit,
                t.comparator,
                t.year,
                t.quote.replace('*', ""),
            )
        })
        .collect()
}

#[test]
fn rewrapped_paragraphs_give_the_same_targets() {
    let original = seed("dak-lak-142");
    let expected = keys(&original);
    assert!(expected.len() >= 40);
    for (width, blank_after) in [(72, false), (90, true), (55, false)] {
        let variant = rewrap(&original, width, blank_after);
        assert_eq!(
            keys(&variant),
            expected,
            "width {width}, blank lines {blank_after}"
        );
    }
}

#[test]
fn crlf_line_ends_give_the_same_targets() {
    for stem in ["son-la-142", "kon-tum-142"] {
        let original = seed(stem);
        let crlf = original.replace('\n', "\r\n");
        assert_eq!(keys(&crlf), keys(&original), "{stem}");
    }
}
