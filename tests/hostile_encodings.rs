//! Encodings: every seed, written in each legacy Vietnamese encoding by our own encoder, must be
//! detected and read back as the seed's NFC text; UTF-8/UTF-16 byte-order marks, mojibake and
//! legacy font text shown as Latin characters must be read or repaired with a note.

use assert_cmd::Command;

mod common;
use plandoc::read::{can_encode_legacy, encode_legacy, read_bytes, Encoding, ReadOptions};
use unicode_normalization::UnicodeNormalization;

const SEEDS: &[&str] = &[
    "seeds/kon-tum-142.txt",
    "seeds/son-la-142.txt",
    "seeds/gia-lai-142.txt",
    "seeds/kon-tum-nq03.txt",
    "seeds/dak-lak-142.txt",
];

fn seed(path: &str) -> String {
    let text = std::fs::read_to_string(path).unwrap();
    text.trim_start_matches('\u{FEFF}').nfc().collect()
}

fn read(bytes: &[u8], forced: Option<Encoding>) -> plandoc::read::Input {
    read_bytes("plan.txt", bytes, &ReadOptions { encoding: forced })
        .unwrap_or_else(|e| panic!("read failed: {e}"))
}

/// What a round trip through `encoding` can give back: characters the encoding lacks are `?`.
fn representable(text: &str, encoding: Encoding) -> String {
    text.chars()
        .map(|c| {
            if can_encode_legacy(c, encoding) {
                c
            } else {
                '?'
            }
        })
        .collect()
}

#[test]
fn seeds_read_unchanged_as_utf8() {
    for path in SEEDS {
        let input = read(&std::fs::read(path).unwrap(), None);
        assert_eq!(input.encoding, "utf-8", "{path}");
        assert!(input.notes.is_empty(), "{path}: {:?}", input.notes);
        let original = std::fs::read_to_string(path).unwrap();
        assert_eq!(
            input.text,
            original.trim_start_matches('\u{FEFF}'),
            "{path}"
        );
    }
}

#[test]
fn seeds_round_trip_through_windows_1258_and_vni() {
    for encoding in [Encoding::Windows1258, Encoding::Vni] {
        for path in SEEDS {
            let text = seed(path);
            let bytes = encode_legacy(&text, encoding);
            let input = read(&bytes, None);
            assert_eq!(input.encoding, encoding.name(), "{path}");
            assert!(
                input.notes.iter().any(|n| n.contains(encoding.name())),
                "{path}: {:?}",
                input.notes
            );
            assert_eq!(
                input.text,
                representable(&text, encoding),
                "{path} {encoding:?}"
            );
        }
    }
}

#[test]
fn seeds_round_trip_through_tcvn3() {
    for path in SEEDS {
        let text = seed(path);
        let bytes = encode_legacy(&text, Encoding::Tcvn3);
        let input = read(&bytes, None);
        assert_eq!(input.encoding, "tcvn3", "{path}");
        let expected = representable(&text, Encoding::Tcvn3);
        // TCVN3 has no codes for capitals with tone marks (a capitals font drew them at the small
        // letters' codes), so case is recovered from the word's other letters; everything but the
        // case of such a capital must come back exactly, and nearly every word in its case too.
        assert_eq!(input.text.to_lowercase(), expected.to_lowercase(), "{path}");
        let words = expected.split_whitespace().count();
        let same = expected
            .split_whitespace()
            .zip(input.text.split_whitespace())
            .filter(|(a, b)| a == b)
            .count();
        assert!(
            same * 1000 >= words * 995,
            "{path}: {same} of {words} words keep their case"
        );
    }
}

#[test]
fn forced_encoding_wins_over_detection() {
    let text = "Kế hoạch số 12/KH-UBND về chuyển đổi số";
    let vni = encode_legacy(text, Encoding::Vni);
    assert_eq!(read(&vni, Some(Encoding::Vni)).text, text);
    // The same bytes forced through another table give another text, not an error.
    let forced = read(&vni, Some(Encoding::Tcvn3));
    assert_eq!(forced.encoding, "tcvn3");
    assert_ne!(forced.text, text);
}

/// A one-byte encoding forced on a UTF-8 plan reads it as asked, and says the text is mojibake;
/// the right encoding forced, or a plan in ASCII, says nothing.
#[test]
fn a_one_byte_encoding_forced_on_utf8_is_noted_as_damage() {
    let text = seed("seeds/kon-tum-142.txt");
    for encoding in [Encoding::Windows1258, Encoding::Tcvn3, Encoding::Vni] {
        let input = read(text.as_bytes(), Some(encoding));
        assert!(
            input
                .notes
                .iter()
                .any(|n| n.starts_with("encoding damage: the file is valid UTF-8")),
            "{encoding:?}: {:?}",
            input.notes
        );
    }
    let right = read(text.as_bytes(), Some(Encoding::Utf8));
    assert!(right.notes.iter().all(|n| !n.contains("valid UTF-8")));
    let ascii = read(b"Ke hoach so 12/KH-UBND\n", Some(Encoding::Windows1258));
    assert!(ascii.notes.is_empty(), "{:?}", ascii.notes);
    let vni = encode_legacy("Kế hoạch số 12/KH-UBND", Encoding::Vni);
    assert!(read(&vni, Some(Encoding::Vni)).notes.is_empty());
}

#[test]
fn byte_order_marks_are_honoured() {
    let text = seed("seeds/dak-lak-142.txt");
    let mut utf8 = vec![0xEF, 0xBB, 0xBF];
    utf8.extend_from_slice(text.as_bytes());
    let input = read(&utf8, None);
    assert_eq!(input.encoding, "utf-8");
    assert_eq!(input.text, text);
    for (bom, big_endian, name) in [
        ([0xFF, 0xFE], false, "utf-16le"),
        ([0xFE, 0xFF], true, "utf-16be"),
    ] {
        let bytes = common::utf16_with_bom(&text, big_endian);
        assert_eq!(bytes[..2], bom);
        let input = read(&bytes, None);
        assert_eq!(input.encoding, name);
        assert_eq!(input.text, text);
        // Without its byte-order mark UTF-16 is still recognized by its zero bytes.
        let input = read(&bytes[2..], None);
        assert_eq!(input.encoding, name);
        assert_eq!(input.text, text);
    }
}

#[test]
fn mojibake_is_repaired_with_a_note() {
    let text = seed("seeds/kon-tum-nq03.txt");
    let damaged = encoding_rs::WINDOWS_1252
        .decode_without_bom_handling(text.as_bytes())
        .0
        .into_owned();
    assert!(damaged.contains("Káº¿ hoáº¡ch") || damaged.contains("KẾ") || damaged.contains("áº"));
    let input = read(damaged.as_bytes(), None);
    assert_eq!(input.text, text);
    assert!(
        input.notes.iter().any(|n| n.contains("mojibake")),
        "{:?}",
        input.notes
    );
}

#[test]
fn partly_damaged_text_keeps_its_good_lines() {
    let good = "Ủy ban nhân dân tỉnh ban hành Kế hoạch “chuyển đổi số” – năm 2025";
    let bad = encoding_rs::WINDOWS_1252
        .decode_without_bom_handling("Triển khai thực hiện các nhiệm vụ trọng tâm".as_bytes())
        .0
        .into_owned();
    let input = read(format!("{good}\n{bad}\n").as_bytes(), None);
    assert_eq!(
        input.text,
        format!("{good}\nTriển khai thực hiện các nhiệm vụ trọng tâm\n")
    );
}

#[test]
fn legacy_font_text_shown_as_latin_is_converted() {
    // What a PDF set in .VnTime or VNI-Times gives as text: the legacy bytes read as Windows-1252.
    for encoding in [Encoding::Tcvn3, Encoding::Vni] {
        let text = seed("seeds/kon-tum-142.txt");
        let latin = encoding_rs::WINDOWS_1252
            .decode_without_bom_handling(&encode_legacy(&text, encoding))
            .0
            .into_owned();
        let input = read(latin.as_bytes(), None);
        assert_eq!(input.encoding, encoding.name());
        assert!(input.notes.iter().any(|n| n.contains("font text")));
        let expected = representable(&text, encoding);
        assert_eq!(
            input.text.to_lowercase(),
            expected.to_lowercase(),
            "{encoding:?}"
        );
    }
}

#[test]
fn cli_reports_the_detected_encoding() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("vni-plan.txt");
    std::fs::write(
        &path,
        encode_legacy(&seed("seeds/dak-lak-142.txt"), Encoding::Vni),
    )
    .unwrap();
    let output = Command::cargo_bin("plandoc")
        .unwrap()
        .arg("parse")
        .arg(&path)
        .output()
        .unwrap();
    assert!(output.status.success());
    let plan: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(plan["source"]["encoding"], "vni");
    let output = Command::cargo_bin("plandoc")
        .unwrap()
        .args(["text", "--encoding", "vni"])
        .arg(&path)
        .output()
        .unwrap();
    assert!(output.status.success());
    assert!(String::from_utf8(output.stdout)
        .unwrap()
        .contains("Đắk Lắk"));
}

#[test]
fn undecidable_bytes_are_a_clear_error() {
    // High bytes that spell nothing in any candidate encoding, with no control bytes.
    let bytes: Vec<u8> = (0..3000u32).map(|i| 0x80 + (i * 37 % 0x7F) as u8).collect();
    let error = read_bytes("noise.txt", &bytes, &ReadOptions::default()).unwrap_err();
    let message = error.to_string();
    assert!(message.contains("noise.txt"), "{message}");
    assert!(message.contains("--encoding"), "{message}");
}
