//! The same document in other extraction shapes must give the same section tree: re-wrapped at
//! other widths, with or without a blank line after every line, with CRLF line ends. This is the
//! guard against logic that only works for one seed's layout.

use std::path::Path;

use plandoc::eval::{load_gold, norm};

/// Paths and headings of the reference reading.
fn expected(stem: &str) -> Vec<(String, Option<String>)> {
    let gold = load_gold(Path::new(env!("CARGO_MANIFEST_DIR")), stem, "sections").unwrap();
    gold["sections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            let path: Vec<&str> = s["path"]
                .as_array()
                .unwrap()
                .iter()
                .map(|p| p.as_str().unwrap())
                .collect();
            (path.join("."), s["heading"].as_str().map(norm))
        })
        .collect()
}

fn parsed(text: &str) -> Vec<(String, Option<String>)> {
    plandoc::parse_text("variant.txt", text)
        .sections
        .iter()
        .map(|s| (s.path.join("."), s.heading.clone()))
        .collect()
}

fn seed(stem: &str) -> String {
    std::fs::read_to_string(format!("{}/seeds/{stem}.txt", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

/// Greedy word wrap, as a PDF text layer or a narrow window would break paragraphs.
fn wrap(line: &str, width: usize) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    for word in line.split_whitespace() {
        if !current.is_empty() && current.chars().count() + 1 + word.chars().count() > width {
            out.push(std::mem::take(&mut current));
        }
        if !current.is_empty() {
            current.push(' ');
        }
        current.push_str(word);
    }
    if !current.is_empty() || out.is_empty() {
        out.push(current);
    }
    out
}

/// Paragraph-per-line documents re-flowed as PDF text: each body line wrapped at `width`,
/// Markdown markers dropped, optional blank line after every line; table rows (tabs) untouched.
fn reflow(text: &str, width: usize, blank_after_each: bool) -> String {
    let mut out = Vec::new();
    for line in text.lines() {
        if line.contains('\t') {
            out.push(line.to_string());
            continue;
        }
        let plain = line.trim_start_matches('#').trim().replace("**", "");
        for piece in wrap(&plain, width) {
            out.push(piece);
            if blank_after_each {
                out.push(String::new());
            }
        }
    }
    out.join("\n")
}

#[test]
fn paragraph_seeds_rewrapped_keep_their_tree() {
    for stem in ["gia-lai-142", "dak-lak-142"] {
        let text = seed(stem);
        for width in [55, 70, 95] {
            for blank in [false, true] {
                assert_eq!(
                    parsed(&reflow(&text, width, blank)),
                    expected(stem),
                    "{stem} wrapped at {width}, blank lines {blank}"
                );
            }
        }
    }
}

#[test]
fn flowed_seeds_with_other_blank_line_and_line_end_conventions_keep_their_tree() {
    for stem in ["kon-tum-142", "son-la-142", "kon-tum-nq03"] {
        let text = seed(stem);
        let with_blanks: String = text.lines().map(|l| format!("{l}\n\n")).collect();
        let without_blanks: String = text
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| format!("{l}\n"))
            .collect();
        let crlf = text.replace('\n', "\r\n");
        for (name, variant) in [
            ("blank lines", with_blanks),
            ("no blank lines", without_blanks),
            ("CRLF", crlf),
        ] {
            assert_eq!(parsed(&variant), expected(stem), "{stem} with {name}");
        }
    }
}
