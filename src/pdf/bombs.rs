//! Decompression bombs: a few kilobytes of nested filters that unpack to gigabytes. lopdf and
//! pdf-extract unpack a stream whole into memory, at three moments:
//! - while loading, the cross-reference streams (found from `startxref` and `/Prev`), before
//!   lopdf hands anything back: counted here first, from the file's bytes ([`raw`]);
//! - while loading, the object streams (`/Type /ObjStm`): counted as lopdf meets each one (its
//!   load filter), a bomb emptied before lopdf unpacks it, the file then refused;
//! - while reading pages, the contents, forms and fonts: counted after loading, before any page
//!   is read ([`check_loaded_streams`]).
//!
//! Counting streams the bytes through the same filters ([`unpack`]) and keeps nothing. A file is
//! refused when one stream unpacks past [`MAX_STREAM_BYTES`] or all of them past
//! [`MAX_STREAMS_BYTES`] (`fixtures/hostile/flate-bomb.pdf`, `xref-bomb.pdf`,
//! `objstm-bomb.pdf`). One gap is left: the object streams of an encrypted file are unpacked by
//! lopdf after decrypting, with no filter called; in the binary, the reader child's memory limit
//! still stops those.

use std::cell::RefCell;

use super::raw::{self, Value};
use super::unpack::{self, Filter};

/// Most bytes one stream may unpack to, and all streams together: a page's content of a real
/// plan is well under a megabyte.
const MAX_STREAM_BYTES: u64 = 256 * 1024 * 1024;
const MAX_STREAMS_BYTES: u64 = 1024 * 1024 * 1024;
/// Most cross-reference sections followed through `/Prev` (real files have a few).
const MAX_XREF_SECTIONS: usize = 1_000;

/// Why a PDF could not be loaded.
#[derive(Debug)]
pub(crate) enum LoadError {
    /// lopdf could not read it.
    Malformed(String),
    /// A stream unpacks past the limits.
    Bomb(String),
}

/// Loads a PDF with lopdf, refusing decompression bombs among the streams lopdf unpacks while
/// loading.
pub(crate) fn load(bytes: &[u8]) -> Result<pdf_extract::Document, LoadError> {
    let mut budget = Budget::default();
    count_cross_reference_streams(bytes, &mut budget).map_err(LoadError::Bomb)?;
    LOADING.with(|loading| *loading.borrow_mut() = Some(budget));
    let options = pdf_extract::LoadOptions {
        filter: Some(count_object_stream),
        ..Default::default()
    };
    let loaded = pdf_extract::Document::load_mem_with_options(bytes, options);
    let budget = LOADING.with(|loading| loading.borrow_mut().take());
    if let Some(reason) = budget.and_then(|b| b.refused) {
        return Err(LoadError::Bomb(reason));
    }
    loaded.map_err(|e| LoadError::Malformed(e.to_string()))
}

/// Bytes counted so far in one file, and the reason it is refused, if it is.
#[derive(Default)]
struct Budget {
    total: u64,
    refused: Option<String>,
}

impl Budget {
    /// Counts one stream; an error once a limit is passed.
    fn add(&mut self, content: &[u8], decoding: &Decoding) -> Result<(), String> {
        let filters = &decoding.filters;
        if filters.len() > unpack::MAX_FILTERS {
            return Err(format!(
                "a stream chains {} filters (real files use one or two; at most {} are read)",
                filters.len(),
                unpack::MAX_FILTERS
            ));
        }
        if let Some(predictor) = &decoding.predictor {
            predictor.check(filters)?;
        }
        // The largest layer is what lopdf holds at once; all layers together, what unpacking
        // them costs (up to 8 passes over the largest, the limit's bound on the total work).
        let unpacked = unpack::unpacked_size(content, filters, MAX_STREAM_BYTES + 1);
        if unpacked.largest > MAX_STREAM_BYTES {
            return Err(format!(
                "a stream unpacks to more than {} MiB (a decompression bomb?)",
                MAX_STREAM_BYTES >> 20
            ));
        }
        self.total += unpacked.total;
        if self.total > MAX_STREAMS_BYTES {
            return Err(format!(
                "its streams unpack to more than {} MiB together",
                MAX_STREAMS_BYTES >> 20
            ));
        }
        Ok(())
    }
}

/// How lopdf unpacks a stream: its filters (as far as the count follows them) and the PNG
/// predictor of its `/DecodeParms`, which lopdf applies after every Flate and LZW layer.
struct Decoding {
    filters: Vec<Filter>,
    predictor: Option<Predictor>,
}

impl Decoding {
    /// From the `/Filter` names (in decoding order) and a `/DecodeParms` integer by key, however
    /// the dictionary was read (lopdf's, or the raw reader's for cross-reference streams).
    fn new(names: Vec<&[u8]>, number: impl Fn(&[u8]) -> Option<i64>) -> Decoding {
        // `/EarlyChange` is 1 unless given as 0.
        let early_change = number(b"EarlyChange") != Some(0);
        Decoding {
            filters: unpack::chain(names, early_change),
            predictor: Predictor::read(
                number(b"Predictor"),
                number(b"Columns"),
                number(b"Colors"),
                number(b"BitsPerComponent"),
            ),
        }
    }
}

/// A PNG predictor's row geometry, read as lopdf reads it (each at least 1, bits at least 8).
struct Predictor {
    columns: i64,
    colors: i64,
    bits: i64,
}

/// Longest predictor row: lopdf holds two rows of this size. A real row (an image's width times
/// its bytes a pixel) is well under a megabyte.
const MAX_PREDICTOR_ROW_BYTES: u64 = 16 * 1024 * 1024;

impl Predictor {
    /// The predictor of `/DecodeParms` values, when it is one lopdf applies (PNG, 10 to 15).
    fn read(
        predictor: Option<i64>,
        columns: Option<i64>,
        colors: Option<i64>,
        bits: Option<i64>,
    ) -> Option<Predictor> {
        (10..=15).contains(&predictor?).then(|| Predictor {
            columns: columns.unwrap_or(1).max(1),
            colors: colors.unwrap_or(1).max(1),
            bits: bits.unwrap_or(8).max(8),
        })
    }

    /// An error when the predictor's rows are too long to hold, or when another filter reads
    /// what it predicts: what the predicted bytes unpack to through the next filter cannot be
    /// counted from the unpredicted ones (a few kilobytes hid 400 MiB that way behind Flate,
    /// 500 MB behind ASCII85), and no real file predicts anything but its last layer.
    fn check(&self, filters: &[Filter]) -> Result<(), String> {
        let row = u64::try_from(self.colors)
            .ok()
            .and_then(|colors| colors.checked_mul(u64::try_from(self.bits).ok()?))
            .map(|bits| bits / 8)
            .and_then(|pixel| pixel.checked_mul(u64::try_from(self.columns).ok()?));
        if row.is_none_or(|row| row > MAX_PREDICTOR_ROW_BYTES) {
            return Err(format!(
                "a stream's predictor rows are longer than {} MiB (its /Columns, /Colors and \
                 /BitsPerComponent)",
                MAX_PREDICTOR_ROW_BYTES >> 20
            ));
        }
        // The predicted bytes are what the next filter reads: a run of "z" for ASCII85 (four
        // bytes each), a zlib bomb for Flate. Only the last filter may be predicted.
        let first_predicted = filters
            .iter()
            .position(|filter| matches!(filter, Filter::Flate | Filter::Lzw { .. }));
        if first_predicted.is_some_and(|at| at + 1 < filters.len()) {
            return Err(
                "a stream applies its predictor before another filter (no real file does; what \
                 it unpacks to cannot be counted)"
                    .to_string(),
            );
        }
        Ok(())
    }
}

thread_local! {
    /// The budget of the file this thread is loading: lopdf's load filter is a plain function,
    /// called on the loading thread (lopdf is built without its parallel loading).
    static LOADING: RefCell<Option<Budget>> = const { RefCell::new(None) };
}

/// lopdf's load filter: counts an object stream before lopdf unpacks it; a bomb's content is
/// emptied (lopdf then finds no objects in it) and the file refused after loading.
fn count_object_stream(
    id: pdf_extract::ObjectId,
    object: &mut pdf_extract::Object,
) -> Option<(pdf_extract::ObjectId, pdf_extract::Object)> {
    if let Ok(stream) = object.as_stream_mut() {
        if stream.dict.has_type(b"ObjStm") {
            LOADING.with(|loading| {
                let mut loading = loading.borrow_mut();
                let Some(budget) = loading.as_mut() else {
                    return;
                };
                if budget.refused.is_none() {
                    if let Err(reason) = budget.add(&stream.content, &decoding_of(&stream.dict)) {
                        budget.refused = Some(reason);
                    }
                }
                if budget.refused.is_some() {
                    stream.content.clear();
                }
            });
        }
    }
    // lopdf keeps its own object for one read from the file and the returned one for one read
    // from an object stream (never a stream itself): only the latter needs to be the object.
    let kept = if object.as_stream().is_ok() {
        pdf_extract::Object::Null
    } else {
        object.clone()
    };
    Some((id, kept))
}

/// How lopdf unpacks a loaded stream, as far as the count can follow it.
fn decoding_of(dict: &pdf_extract::Dictionary) -> Decoding {
    // lopdf reads `/DecodeParms` only as a dictionary given in place.
    let parms = dict.get(b"DecodeParms").and_then(|p| p.as_dict()).ok();
    let number = |key: &[u8]| parms.and_then(|p| p.get(key).and_then(|v| v.as_i64()).ok());
    let names: Vec<&[u8]> = match dict.get(b"Filter") {
        Ok(pdf_extract::Object::Name(name)) => vec![name.as_slice()],
        Ok(pdf_extract::Object::Array(items)) => {
            items.iter().filter_map(|i| i.as_name().ok()).collect()
        }
        _ => Vec::new(),
    };
    Decoding::new(names, number)
}

/// The cross-reference sections lopdf reads while loading: from the `startxref` near the end,
/// then every `/Prev` and `/XRefStm`. Each one that is a stream object is counted. More offsets
/// are followed than lopdf follows (every `startxref` of the file's tail, both keys of every
/// section), never fewer. Returns how many sections were streams.
fn count_cross_reference_streams(bytes: &[u8], budget: &mut Budget) -> Result<usize, String> {
    // lopdf reads offsets from the `%PDF-` signature, which may follow some junk.
    let base = memchr::memmem::find(bytes, b"%PDF-").unwrap_or(0);
    let buffer = &bytes[base..];
    let mut pending = startxref_offsets(buffer);
    let mut seen = std::collections::BTreeSet::new();
    let mut streams = 0;
    // Found once: looking for the next one from every section would be quadratic.
    let trailers: Vec<usize> = memchr::memmem::find_iter(buffer, b"trailer").collect();
    while let Some(offset) = pending.pop() {
        if offset >= buffer.len() || !seen.insert(offset) {
            continue;
        }
        if seen.len() > MAX_XREF_SECTIONS {
            return Err(format!(
                "it has more than {MAX_XREF_SECTIONS} cross-reference sections"
            ));
        }
        let mut reader = raw::Reader::new(buffer, offset);
        let dictionary = if reader.keyword(b"xref") {
            // A table: its trailer follows the entries.
            let next = trailers.partition_point(|&at| at < offset);
            let Some(&trailer) = trailers.get(next) else {
                continue;
            };
            let mut reader = raw::Reader::new(buffer, trailer + b"trailer".len());
            reader.value(0)
        } else {
            let is_object = reader.token().iter().all(u8::is_ascii_digit)
                && reader.token().iter().all(u8::is_ascii_digit)
                && reader.keyword(b"obj");
            let dictionary = is_object.then(|| reader.value(0)).flatten();
            if let Some(dictionary) = &dictionary {
                if let Some(start) = reader.stream_start() {
                    streams += 1;
                    let decoding = raw_decoding(dictionary);
                    // An unfiltered stream is not unpacked: its bytes are the file's own. The
                    // others are read to the file's end: their filters stop at their own end
                    // (or count more than lopdf reads, never less).
                    if !decoding.filters.is_empty() {
                        budget.add(&buffer[start..], &decoding)?;
                    }
                }
            }
            dictionary
        };
        for key in [&b"Prev"[..], b"XRefStm"] {
            if let Some(Value::Integer(next)) = dictionary.as_ref().and_then(|d| d.get(key)) {
                if let Ok(next) = usize::try_from(*next) {
                    pending.push(next);
                }
            }
        }
    }
    Ok(streams)
}

/// Every offset a `startxref` in the file's last kilobyte points to.
fn startxref_offsets(buffer: &[u8]) -> Vec<usize> {
    let tail_start = buffer.len().saturating_sub(1024);
    let tail = &buffer[tail_start..];
    memchr::memmem::find_iter(tail, b"startxref")
        .filter_map(|at| {
            let mut reader = raw::Reader::new(tail, at + b"startxref".len());
            std::str::from_utf8(reader.token()).ok()?.parse().ok()
        })
        .collect()
}

/// How lopdf unpacks a stream whose dictionary is read from the file's bytes.
fn raw_decoding(dictionary: &Value) -> Decoding {
    let parms = dictionary.get(b"DecodeParms");
    let number = |key: &[u8]| match parms.and_then(|p| p.get(key)) {
        Some(Value::Integer(value)) => Some(*value),
        _ => None,
    };
    let names: Vec<&[u8]> = match dictionary.get(b"Filter") {
        Some(Value::Name(name)) => vec![name.as_slice()],
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(|item| match item {
                Value::Name(name) => Some(name.as_slice()),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    };
    Decoding::new(names, number)
}

/// pdf-extract unpacks a page's content, its forms and fonts whole into memory when it reads
/// the page. Count every stream it may read — images are not unpacked by the text readers and
/// are not counted — and refuse the file past the limits, before any page is read.
pub(crate) fn check_loaded_streams(
    document: &pdf_extract::Document,
) -> std::result::Result<(), String> {
    let mut budget = Budget::default();
    for object in document.objects.values() {
        let Ok(stream) = object.as_stream() else {
            continue;
        };
        let is_image = stream
            .dict
            .get(b"Subtype")
            .and_then(|s| s.as_name())
            .is_ok_and(|name| name == b"Image");
        if !is_image {
            budget.add(&stream.content, &decoding_of(&stream.dict))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(name: &str) -> Vec<u8> {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        std::fs::read(root.join("fixtures/hostile").join(name)).unwrap()
    }

    fn is_bomb<T>(outcome: &Result<T, LoadError>) -> bool {
        matches!(outcome, Err(LoadError::Bomb(reason)) if reason.contains("256 MiB"))
    }

    #[test]
    fn bombs_unpacked_while_loading_are_refused_before_lopdf_unpacks_them() {
        for name in ["xref-bomb.pdf", "objstm-bomb.pdf"] {
            assert!(is_bomb(&load(&fixture(name))), "{name}");
        }
        let mut budget = Budget::default();
        assert!(count_cross_reference_streams(&fixture("xref-bomb.pdf"), &mut budget).is_err());
    }

    #[test]
    fn bombs_in_page_content_are_refused_after_loading() {
        for name in ["flate-bomb.pdf", "ascii85-bomb.pdf"] {
            let document = load(&fixture(name)).unwrap();
            let refused = check_loaded_streams(&document).unwrap_err();
            assert!(refused.contains("256 MiB"), "{name}: {refused}");
        }
    }

    /// A file lopdf writes with a cross-reference stream and object streams loads through the
    /// guard as it is, its cross-reference stream found and its streams counted.
    #[test]
    fn compressed_cross_references_of_a_real_file_load_and_are_counted() {
        let modern = with_object_streams("text.pdf");
        let mut budget = Budget::default();
        let streams = count_cross_reference_streams(&modern, &mut budget).unwrap();
        assert_eq!(streams, 1, "the cross-reference stream is found");
        let reloaded = load(&modern).unwrap();
        assert_eq!(reloaded.get_pages().len(), 1);
        check_loaded_streams(&reloaded).unwrap();
    }

    /// The fixture saved again by lopdf with a cross-reference stream and object streams.
    fn with_object_streams(name: &str) -> Vec<u8> {
        let mut document = load(&fixture(name)).unwrap();
        let mut modern = Vec::new();
        let options = pdf_extract::SaveOptions::builder()
            .use_object_streams(true)
            .use_xref_streams(true)
            .build();
        document.save_with_options(&mut modern, options).unwrap();
        assert!(memchr::memmem::find(&modern, b"/ObjStm").is_some());
        modern
    }

    #[test]
    fn the_load_filter_keeps_every_object() {
        for bytes in [fixture("text.pdf"), with_object_streams("text.pdf")] {
            let plain = pdf_extract::Document::load_mem(&bytes).unwrap();
            let guarded = load(&bytes).unwrap();
            assert_eq!(
                format!("{:?}", plain.objects),
                format!("{:?}", guarded.objects)
            );
        }
    }

    /// An unfiltered cross-reference stream is read to the file's end by nothing: not counted
    /// (counting the rest of the file for each section would refuse big files with many).
    #[test]
    fn unfiltered_cross_reference_streams_count_nothing() {
        use std::io::Write;
        let data = vec![b'x'; 100_000];
        let mut packed = flate2::write::ZlibEncoder::new(Vec::new(), Default::default());
        packed.write_all(&data).unwrap();
        let packed = packed.finish().unwrap();
        for (filter, content, counted) in
            [("", &data, 0), ("/Filter /FlateDecode", &packed, 100_000)]
        {
            let mut file = b"%PDF-1.5\n".to_vec();
            let at = file.len();
            file.extend_from_slice(
                format!("1 0 obj\n<< /Type /XRef /Size 1 /W [1 1 1] {filter} >>\nstream\n")
                    .as_bytes(),
            );
            file.extend_from_slice(content);
            file.extend_from_slice(
                format!("\nendstream\nendobj\nstartxref\n{at}\n%%EOF\n").as_bytes(),
            );
            let mut budget = Budget::default();
            assert_eq!(count_cross_reference_streams(&file, &mut budget), Ok(1));
            assert_eq!(budget.total, counted, "{filter}");
        }
    }

    #[test]
    fn endless_or_looping_cross_reference_chains_end() {
        let mut looping = b"%PDF-1.4\n".to_vec();
        let at = looping.len();
        looping.extend_from_slice(format!("xref\n0 1\ntrailer\n<< /Prev {at} >>\n").as_bytes());
        looping.extend_from_slice(format!("startxref\n{at}\n%%EOF\n").as_bytes());
        let mut budget = Budget::default();
        count_cross_reference_streams(&looping, &mut budget).unwrap();

        let mut chain = b"%PDF-1.4\n".to_vec();
        let mut previous = 0;
        for _ in 0..1_100 {
            let at = chain.len();
            chain.extend_from_slice(format!("xref\ntrailer << /Prev {previous} >>\n").as_bytes());
            previous = at;
        }
        chain.extend_from_slice(format!("startxref\n{previous}\n%%EOF\n").as_bytes());
        let mut budget = Budget::default();
        let refused = count_cross_reference_streams(&chain, &mut budget).unwrap_err();
        assert!(refused.contains("cross-reference sections"), "{refused}");
    }

    /// Token soup in PDF syntax, with offsets that point anywhere: the raw reading of
    /// cross-reference sections never panics, and ends.
    #[test]
    fn cross_reference_reading_never_panics() {
        use proptest::prelude::*;
        let token = prop::sample::select(vec![
            "<<",
            ">>",
            "[",
            "]",
            "(",
            ")",
            "\\",
            "<",
            ">",
            "%",
            "\n",
            " ",
            "/Filter",
            "/FlateDecode",
            "/LZWDecode",
            "/A85",
            "/Prev",
            "/XRefStm",
            "/Type",
            "/XRef",
            "/Fl#61",
            "#",
            "0",
            "7",
            "12",
            "-3",
            "99999999999999999999",
            "R",
            "obj",
            "stream\r\n",
            "stream\n",
            "endstream",
            "xref",
            "trailer",
            "startxref",
            "%%EOF",
            "x\u{9c}",
        ]);
        let soup = prop::collection::vec(token, 0..200).prop_map(|tokens| tokens.concat());
        let mut runner = proptest::test_runner::TestRunner::new(ProptestConfig::with_cases(2_000));
        runner
            .run(&(soup, 0usize..400), |(soup, offset)| {
                let file = format!("%PDF-1.5\n{soup}\nstartxref\n{offset}\n%%EOF\n");
                let mut budget = Budget::default();
                let _ = count_cross_reference_streams(file.as_bytes(), &mut budget);
                let mut reader = raw::Reader::new(file.as_bytes(), offset.min(file.len()));
                let _ = reader.value(0);
                prop_assert!(reader.at <= file.len());
                Ok(())
            })
            .unwrap();
    }
}
