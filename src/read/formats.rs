//! Files of another kind that users give for a plan: a Word or OpenDocument file, a
//! spreadsheet, an archive, a scan as an image. Read as text they are "a binary file"; a user needs to be
//! told what the file is and what to give instead. (The readers refuse such bytes on their own;
//! this only names them, so it runs before them, on the commands' path.)

use crate::error::{Error, Result};

/// What to do instead of giving a file of another kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Advice {
    /// An office document: saved as PDF or text, plandoc reads it.
    SaveAs,
    /// An image: a scan, which needs text recognition first.
    Recognize,
    /// An archive: the plan is inside.
    Unpack,
}

impl Advice {
    /// What to do with one such file.
    pub fn for_a_file(self) -> &'static str {
        match self {
            Advice::SaveAs => {
                "plandoc reads plain text, Markdown, HTML, CSV and PDF: save it as PDF (or as \
                 plain text, HTML or CSV) \
                 and give that file"
            }
            Advice::Recognize => {
                "a scan needs text recognition (OCR) first: give the text, or a PDF with a text \
                 layer"
            }
            Advice::Unpack => "unpack it and give the plan file inside",
        }
    }

    /// What to do with a folder's worth of such files.
    pub fn for_a_folder(self) -> &'static str {
        match self {
            Advice::SaveAs => "save the office files as PDF (or as plain text)",
            Advice::Recognize => "run text recognition (OCR) on the scans",
            Advice::Unpack => "unpack the archives",
        }
    }
}

/// Parts of a signature, each at its offset from the file's start.
type Signature = &'static [(usize, &'static [u8])];

/// Byte signatures (each part at its offset) at the start of a file, after a UTF-8 byte-order
/// mark and white space for the text-based RTF; the kind they mean and what to do instead.
const SIGNATURES: &[(Signature, &str, Advice)] = &[
    (
        &[(0, b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1")],
        "an old Office file (.doc or .xls)",
        Advice::SaveAs,
    ),
    (&[(0, b"{\\rtf1")], "an RTF document", Advice::SaveAs),
    (
        &[(0, b"\x89PNG\r\n\x1A\n")],
        "a PNG image",
        Advice::Recognize,
    ),
    (&[(0, b"\xFF\xD8\xFF")], "a JPEG image", Advice::Recognize),
    (&[(0, b"II*\x00")], "a TIFF image", Advice::Recognize),
    (&[(0, b"MM\x00*")], "a TIFF image", Advice::Recognize),
    (&[(0, b"GIF87a")], "a GIF image", Advice::Recognize),
    (&[(0, b"GIF89a")], "a GIF image", Advice::Recognize),
    // "BM" alone opens words; a bitmap's reserved header bytes are zeros no text holds.
    (
        &[(0, b"BM"), (6, b"\x00\x00\x00\x00")],
        "a BMP image",
        Advice::Recognize,
    ),
    (
        &[(0, b"RIFF"), (8, b"WEBP")],
        "a WebP image",
        Advice::Recognize,
    ),
    (
        &[(0, b"PK\x05\x06")],
        "an empty ZIP archive",
        Advice::Unpack,
    ),
];

/// File extensions (lowercase) of the kinds above, for saying what a folder holds instead of
/// plans, and what to do with such files.
const EXTENSIONS: &[(&str, Advice)] = &[
    ("docx", Advice::SaveAs),
    ("doc", Advice::SaveAs),
    ("odt", Advice::SaveAs),
    ("rtf", Advice::SaveAs),
    ("xlsx", Advice::SaveAs),
    ("xls", Advice::SaveAs),
    ("ods", Advice::SaveAs),
    ("pptx", Advice::SaveAs),
    ("ppt", Advice::SaveAs),
    ("epub", Advice::SaveAs),
    ("png", Advice::Recognize),
    ("jpg", Advice::Recognize),
    ("jpeg", Advice::Recognize),
    ("tif", Advice::Recognize),
    ("tiff", Advice::Recognize),
    ("gif", Advice::Recognize),
    ("bmp", Advice::Recognize),
    ("webp", Advice::Recognize),
    ("zip", Advice::Unpack),
];

/// What to do with a file of this extension (any case), when it is a kind plandoc does not
/// read.
pub fn other_kind_by_extension(extension: &str) -> Option<Advice> {
    let extension = extension.to_lowercase();
    EXTENSIONS
        .iter()
        .find(|(known, _)| *known == extension)
        .map(|(_, advice)| *advice)
}

/// What a ZIP container is, by the names of its members (a prefix) or its stored `mimetype`.
const ZIP_MEMBERS: &[(&str, &str, Advice)] = &[
    ("word/", "a Word document (.docx)", Advice::SaveAs),
    ("xl/", "an Excel workbook (.xlsx)", Advice::SaveAs),
    ("ppt/", "a PowerPoint file (.pptx)", Advice::SaveAs),
    ("content.xml", "an OpenDocument file", Advice::SaveAs),
    (
        "META-INF/manifest.xml",
        "an OpenDocument file",
        Advice::SaveAs,
    ),
];
const ZIP_MIMETYPES: &[(&str, &str, Advice)] = &[
    (
        "application/vnd.oasis.opendocument.text",
        "an OpenDocument text (.odt)",
        Advice::SaveAs,
    ),
    (
        "application/vnd.oasis.opendocument",
        "an OpenDocument file",
        Advice::SaveAs,
    ),
    ("application/epub+zip", "an EPUB book", Advice::SaveAs),
];

const ZIP_ENTRY: &[u8] = b"PK\x03\x04";
/// Members of a ZIP container read for their names: an office file names its parts first.
const ZIP_MEMBERS_READ: usize = 64;

/// An error naming the file's kind when `bytes` are a known kind of file plandoc does not read.
pub fn refuse_other_formats(name: &str, bytes: &[u8]) -> Result<()> {
    // plandoc's own JSON read as a document gave a "plan" of numbers out of its syntax (and
    // `check` findings about line 1, "{"), with no error.
    if let Some((schema, lines)) = super::plan_json::plandoc_json(bytes) {
        let instead = if schema == crate::model::PLAN_SCHEMA && !lines {
            "plandoc diff and plandoc check --baseline read it as it is; to parse or check \
             the plan, give the document it was read from (its source.path)"
        } else {
            "give the plan documents themselves"
        };
        let kind = if lines { "JSON Lines" } else { "JSON" };
        return Err(Error::input(
            name,
            format!("plandoc's own {schema} {kind}, not a plan text; {instead}"),
        ));
    }
    let (kind, instead) = if bytes.starts_with(ZIP_ENTRY) {
        zip_kind(bytes)
    } else {
        let text_start = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        let text_start = &text_start[text_start
            .iter()
            .position(|b| !b.is_ascii_whitespace())
            .unwrap_or(text_start.len())..];
        let opens_with = |start: &[u8], parts: &[(usize, &[u8])]| {
            parts
                .iter()
                .all(|(at, part)| start.get(*at..at + part.len()) == Some(*part))
        };
        match SIGNATURES
            .iter()
            .find(|(parts, _, _)| opens_with(bytes, parts) || opens_with(text_start, parts))
        {
            Some((_, kind, advice)) => (*kind, *advice),
            None => return Ok(()),
        }
    };
    Err(Error::input(
        name,
        format!("{kind}, not a plan text; {}", instead.for_a_file()),
    ))
}

/// The kind of a ZIP container, from its members' local headers: their names, and the content
/// of a stored `mimetype` member (OpenDocument, EPUB).
fn zip_kind(bytes: &[u8]) -> (&'static str, Advice) {
    let u16_at = |at: usize| -> Option<usize> {
        Some(u16::from_le_bytes(bytes.get(at..at + 2)?.try_into().ok()?) as usize)
    };
    let u32_at = |at: usize| -> Option<usize> {
        Some(u32::from_le_bytes(bytes.get(at..at + 4)?.try_into().ok()?) as usize)
    };
    let mut at = 0;
    for _ in 0..ZIP_MEMBERS_READ {
        if bytes.get(at..at + 4) != Some(ZIP_ENTRY) {
            break;
        }
        let (Some(size), Some(name_length), Some(extra_length)) =
            (u32_at(at + 18), u16_at(at + 26), u16_at(at + 28))
        else {
            break;
        };
        let name_start = at + 30;
        let Some(member) = bytes.get(name_start..name_start + name_length) else {
            break;
        };
        let data_start = name_start + name_length + extra_length;
        let member = String::from_utf8_lossy(member);
        if member == "mimetype" {
            let content = bytes.get(data_start..data_start + size).unwrap_or_default();
            let content = String::from_utf8_lossy(content);
            if let Some((_, kind, instead)) = ZIP_MIMETYPES
                .iter()
                .find(|(mimetype, _, _)| content.trim().starts_with(mimetype))
            {
                return (kind, *instead);
            }
        }
        if let Some((_, kind, instead)) = ZIP_MEMBERS
            .iter()
            .find(|(prefix, _, _)| member.starts_with(prefix))
        {
            return (kind, *instead);
        }
        // A member whose size follows its data (flag bit 3) cannot be stepped over here.
        let flags = u16_at(at + 6).unwrap_or(0);
        if flags & 0x8 != 0 {
            break;
        }
        at = data_start + size;
    }
    ("a ZIP archive", Advice::Unpack)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A ZIP container whose members are stored (not compressed), in this order.
    fn zip(members: &[(&str, &[u8])]) -> Vec<u8> {
        let mut out = Vec::new();
        for (name, data) in members {
            out.extend_from_slice(ZIP_ENTRY);
            out.extend_from_slice(&[20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
            out.extend_from_slice(&(data.len() as u32).to_le_bytes());
            out.extend_from_slice(&(data.len() as u32).to_le_bytes());
            out.extend_from_slice(&(name.len() as u16).to_le_bytes());
            out.extend_from_slice(&0u16.to_le_bytes());
            out.extend_from_slice(name.as_bytes());
            out.extend_from_slice(data);
        }
        out
    }

    #[test]
    fn known_kinds_are_named() {
        let refused = |bytes: &[u8]| refuse_other_formats("f", bytes).unwrap_err().to_string();
        let docx = zip(&[
            ("[Content_Types].xml", b"<Types/>"),
            ("word/document.xml", b"<w/>"),
        ]);
        assert!(refused(&docx).contains("Word document"));
        // Names are read from the members, not found anywhere in the bytes.
        let stray = zip(&[
            ("mimetype", b"application/vnd.oasis.opendocument.text"),
            ("data.bin", b"xl/ word/"),
        ]);
        assert!(
            refused(&stray).contains("OpenDocument text"),
            "{}",
            refused(&stray)
        );
        let epub = zip(&[
            ("mimetype", b"application/epub+zip"),
            ("OEBPS/a.xhtml", b"<html/>"),
        ]);
        assert!(refused(&epub).contains("EPUB"));
        let plain = zip(&[("plan.txt", b"KE HOACH xl/")]);
        assert!(refused(&plain).contains("ZIP archive"));
        assert!(refused(&plain).contains("unpack"));
        assert!(refused(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\x00").contains(".doc"));
        assert!(refused(b"{\\rtf1\\ansi").contains("RTF"));
        assert!(refused(b"\xEF\xBB\xBF\n{\\rtf1\\ansi").contains("RTF"));
        assert!(refused(b"\x89PNG\r\n\x1A\n\x00").contains("OCR"));
        assert!(refused(b"GIF89a\x01\x00").contains("OCR"));
        assert!(refused(b"BM\x36\x00\x0C\x00\x00\x00\x00\x00\x36\x00").contains("BMP image"));
        assert!(refused(b"RIFF\x24\x00\x00\x00WEBPVP8 ").contains("WebP image"));
        // Plans, and text that merely opens like a kind, pass.
        for text in [
            &b"KE HOACH"[..],
            b"%PDF-1.4",
            b"GIF8 la ten mot dinh dang",
            b"{\\rtf la mot dinh dang",
            b"PK ke hoach",
            b"BM01 - Bieu mau ke hoach",
            b"BM",
            b"RIFF",
            b"",
        ] {
            assert!(
                refuse_other_formats("f", text).is_ok(),
                "{:?}",
                String::from_utf8_lossy(text)
            );
        }
    }
}
