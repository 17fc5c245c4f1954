//! Files of another kind that users give for a plan: a Word or OpenDocument file, a
//! spreadsheet, a scan as an image. Read as text they are "a binary file"; a user needs to be
//! told what the file is and what to give instead. (The readers refuse such bytes on their own;
//! this only names them, so it runs before them, on the commands' path.)

use crate::error::{Error, Result};

/// What to give plandoc instead, said after the file's kind.
const INSTEAD: &str = "plandoc reads plain text, Markdown and PDF: save it as PDF (or as plain \
                       text) and give that file";

/// Byte signatures at the start of a file, and the kind they mean.
const SIGNATURES: &[(&[u8], &str)] = &[
    (
        b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1",
        "an old Office file (.doc or .xls)",
    ),
    (b"{\\rtf", "an RTF document"),
    (
        b"\x89PNG\r\n\x1A\n",
        "a PNG image (a scan needs text recognition first)",
    ),
    (
        b"\xFF\xD8\xFF",
        "a JPEG image (a scan needs text recognition first)",
    ),
    (
        b"II*\x00",
        "a TIFF image (a scan needs text recognition first)",
    ),
    (
        b"MM\x00*",
        "a TIFF image (a scan needs text recognition first)",
    ),
    (b"GIF8", "a GIF image"),
];

/// Names inside a ZIP container that tell what it holds.
const ZIP_MEMBERS: &[(&[u8], &str)] = &[
    (b"word/", "a Word document (.docx)"),
    (b"xl/", "an Excel workbook (.xlsx)"),
    (b"ppt/", "a PowerPoint file (.pptx)"),
    (
        b"application/vnd.oasis.opendocument.text",
        "an OpenDocument text (.odt)",
    ),
    (
        b"application/vnd.oasis.opendocument",
        "an OpenDocument file",
    ),
];

const ZIP: &[u8] = b"PK\x03\x04";
/// How far into a ZIP container its member names are looked for: the first members' local
/// headers are near its start.
const ZIP_LOOK: usize = 64 * 1024;

/// An error naming the file's kind when `bytes` are a known kind of file plandoc does not read.
pub fn refuse_other_formats(name: &str, bytes: &[u8]) -> Result<()> {
    let kind = if bytes.starts_with(ZIP) {
        let head = &bytes[..bytes.len().min(ZIP_LOOK)];
        Some(
            ZIP_MEMBERS
                .iter()
                .find(|(member, _)| head.windows(member.len()).any(|w| w == *member))
                .map_or("a ZIP archive", |(_, kind)| kind),
        )
    } else {
        SIGNATURES
            .iter()
            .find(|(signature, _)| bytes.starts_with(signature))
            .map(|(_, kind)| *kind)
    };
    match kind {
        Some(kind) => Err(Error::input(
            name,
            format!("{kind}, not a plan text; {INSTEAD}"),
        )),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_kinds_are_named() {
        let refused = |bytes: &[u8]| refuse_other_formats("f", bytes).unwrap_err().to_string();
        assert!(refused(b"PK\x03\x04....word/document.xml").contains("Word document"));
        assert!(refused(b"PK\x03\x04....xl/workbook.xml").contains("Excel"));
        assert!(
            refused(b"PK\x03\x04mimetypeapplication/vnd.oasis.opendocument.text")
                .contains("OpenDocument text")
        );
        assert!(refused(b"PK\x03\x04....other").contains("ZIP archive"));
        assert!(refused(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\x00").contains(".doc"));
        assert!(refused(b"{\\rtf1\\ansi").contains("RTF"));
        assert!(refused(b"\x89PNG\r\n\x1A\n\x00").contains("text recognition"));
        // Plans, and text that merely mentions a kind, pass.
        for text in [
            &b"KE HOACH"[..],
            b"%PDF-1.4",
            b"word/ in a sentence",
            b"",
            b"PK",
        ] {
            assert!(refuse_other_formats("f", text).is_ok());
        }
    }
}
