//! What a PDF stream unpacks to, counted without holding it. lopdf unpacks a stream whole into
//! memory, through its filters one after the other (`/FlateDecode`, `/LZWDecode`,
//! `/ASCII85Decode`), so a few kilobytes can ask for gigabytes. Here the same filters are chained
//! as readers and the bytes at the end of the chain are only counted, up to a limit, so the
//! count itself needs no more than a few buffers whatever the stream claims.
//!
//! Every filter decodes as lopdf's does where it matters for the size: Flate is read as raw
//! deflate after the two-byte header, which gives at least what lopdf's zlib reading (or its
//! raw-deflate retry) keeps; a damaged stream counts all it gave before the damage (lopdf keeps
//! that or less: flate2's reader drops what the read that meets the damage decoded). Beyond
//! that the count may exceed what lopdf would hold, never fall short of it: LZW and ASCII85 read
//! on to the end of the bytes given. Predictors are not applied (they only shrink one layer's data; `bombs`
//! refuses a predictor that feeds another layer).

use std::cell::Cell;
use std::io::{self, Read};

/// A filter the count can apply; the chain stops before the first filter that is not one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Filter {
    Flate,
    Lzw { early_change: bool },
    Ascii85,
}

impl Filter {
    /// The filter a `/Filter` name stands for.
    pub(crate) fn named(name: &[u8], early_change: bool) -> Option<Filter> {
        match name {
            b"FlateDecode" | b"Fl" => Some(Filter::Flate),
            b"LZWDecode" | b"LZW" => Some(Filter::Lzw { early_change }),
            b"ASCII85Decode" | b"A85" => Some(Filter::Ascii85),
            _ => None,
        }
    }
}

/// Most filters one stream may chain. Real files use one or two; every layer holds its own
/// buffers and reads its input through the layers below, so an endless chain would cost memory,
/// stack and time without bound.
pub(crate) const MAX_FILTERS: usize = 8;

/// The chain of filters a stream's `/Filter` names (in decoding order) make, up to the first
/// one the count cannot apply.
pub(crate) fn chain<'n>(
    names: impl IntoIterator<Item = &'n [u8]>,
    early_change: bool,
) -> Vec<Filter> {
    names
        .into_iter()
        .map_while(|name| Filter::named(name, early_change))
        .collect()
}

/// What a stream's layers unpack to: the largest one (what lopdf holds at once) and all of them
/// together (what unpacking them costs).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Unpacked {
    pub(crate) largest: u64,
    pub(crate) total: u64,
}

/// What `content` unpacks to through `filters` (in decoding order), each layer counted to a
/// little past `limit`. lopdf holds each layer's output whole before the next layer reads it,
/// and a later layer may give little of a huge one (ASCII85 stops at its first foreign byte):
/// every layer's output is counted, in one pass. A layer that stops before its input ends
/// leaves the rest to be read through when it is dropped ([`Counted`]), so each layer's output
/// is made once; a layer past the limit gives no more, so no layer is made past it.
pub(crate) fn unpacked_size(content: &[u8], filters: &[Filter], limit: u64) -> Unpacked {
    if filters.is_empty() {
        let size = (content.len() as u64).min(limit);
        return Unpacked {
            largest: size,
            total: size,
        };
    }
    let counts: Vec<Cell<u64>> = vec![Cell::new(0); filters.len()];
    {
        let mut top = open(content, filters, &counts, limit);
        let mut buffer = vec![0u8; 64 * 1024];
        while let Ok(read) = top.read(&mut buffer) {
            if read == 0 {
                break;
            }
        }
    }
    Unpacked {
        largest: counts.iter().map(Cell::get).max().unwrap_or(0),
        total: counts.iter().map(Cell::get).sum(),
    }
}

/// The bytes of `content` after `filters`, as a reader; each layer's output counted in
/// `counts` (one a filter).
fn open<'a>(
    content: &'a [u8],
    filters: &'a [Filter],
    counts: &'a [Cell<u64>],
    limit: u64,
) -> Box<dyn Read + 'a> {
    let Some((last, before)) = filters.split_last() else {
        return Box::new(content);
    };
    let input = open(content, before, counts, limit);
    let layer: Box<dyn Read + 'a> = match last {
        Filter::Flate => Box::new(FlateLayer::new(input)),
        Filter::Lzw { early_change } => Box::new(LzwLayer::new(input, *early_change)),
        Filter::Ascii85 => Box::new(Ascii85Layer::new(input)),
    };
    Box::new(Counted {
        layer,
        count: &counts[before.len()],
        limit,
    })
}

/// A layer's output, counted; what the layer above did not read is read through, still
/// counted, when it is dropped (up to the limit), as lopdf makes every layer whole.
struct Counted<'a> {
    layer: Box<dyn Read + 'a>,
    count: &'a Cell<u64>,
    limit: u64,
}

impl Read for Counted<'_> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        // Past the limit the stream is refused: the layers above need no more of it (a layer
        // that reads and gives nothing, ASCII85 over white space, would pull on unbounded).
        if self.count.get() > self.limit {
            return Ok(0);
        }
        let read = self.layer.read(out)?;
        self.count.set(self.count.get() + read as u64);
        Ok(read)
    }
}

impl Drop for Counted<'_> {
    fn drop(&mut self) {
        // A layer that panicked is not read again: a second panic while unwinding would abort
        // the process instead of reaching the readers' `catch_unwind`.
        if std::thread::panicking() {
            return;
        }
        let mut buffer = vec![0u8; 32 * 1024];
        while self.count.get() <= self.limit {
            match self.read(&mut buffer) {
                Ok(0) | Err(_) => break,
                Ok(_) => {}
            }
        }
    }
}

/// `/FlateDecode`, counted as raw deflate after the two-byte zlib header. lopdf reads zlib and,
/// when that fails having given nothing, raw deflate after the header; both read the same
/// deflate blocks, raw deflate without the header's and the checksum's checks, so it gives at
/// least what lopdf keeps. (Retrying as lopdf does cost 2^depth readings for a chain of failing
/// layers, `fixtures/hostile/fuzz-pdf-load-round25-slow-filters.pdf`.) The deflate blocks are
/// decoded here rather than through flate2's reader, which drops what the read that meets
/// damage had decoded: lopdf's reads end elsewhere and keep some of it, so a count through that
/// reader fell short by up to a read, and a layer above could make a bomb of the difference.
struct FlateLayer<'a> {
    input: Box<dyn Read + 'a>,
    inflate: flate2::Decompress,
    buffer: Vec<u8>,
    start: usize,
    end: usize,
    input_done: bool,
    done: bool,
}

impl<'a> FlateLayer<'a> {
    fn new(mut input: Box<dyn Read + 'a>) -> FlateLayer<'a> {
        let mut header = [0u8; 2];
        let done = input.read_exact(&mut header).is_err();
        FlateLayer {
            input,
            inflate: flate2::Decompress::new(false),
            buffer: vec![0; 32 * 1024],
            start: 0,
            end: 0,
            input_done: false,
            done,
        }
    }
}

impl Read for FlateLayer<'_> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        while !self.done && !out.is_empty() {
            if self.start == self.end && !self.input_done {
                self.start = 0;
                self.end = self.input.read(&mut self.buffer).unwrap_or(0);
                self.input_done = self.end == 0;
            }
            let flush = if self.input_done {
                flate2::FlushDecompress::Finish
            } else {
                flate2::FlushDecompress::None
            };
            let (before_in, before_out) = (self.inflate.total_in(), self.inflate.total_out());
            let status = self
                .inflate
                .decompress(&self.buffer[self.start..self.end], out, flush);
            // What was decoded before an error is counted too: it is in `out` all the same.
            let consumed = (self.inflate.total_in() - before_in) as usize;
            let produced = (self.inflate.total_out() - before_out) as usize;
            self.start += consumed;
            match status {
                Ok(flate2::Status::StreamEnd) | Err(_) => self.done = true,
                Ok(flate2::Status::Ok | flate2::Status::BufError) => {
                    // Nothing more can come out: the input ended before the stream did, or
                    // the decoder takes nothing of what it has.
                    if produced == 0 && consumed == 0 && (self.input_done || self.start < self.end)
                    {
                        self.done = true;
                    }
                }
            }
            if produced > 0 {
                return Ok(produced);
            }
        }
        Ok(0)
    }
}

/// `/LZWDecode` with 8-bit symbols, most significant bit first; `/EarlyChange 1` (the default)
/// switches code width one code early, as TIFF does.
struct LzwLayer<'a> {
    input: Box<dyn Read + 'a>,
    decoder: weezl::decode::Decoder,
    buffer: Vec<u8>,
    start: usize,
    end: usize,
    input_done: bool,
    done: bool,
}

impl<'a> LzwLayer<'a> {
    fn new(input: Box<dyn Read + 'a>, early_change: bool) -> LzwLayer<'a> {
        let order = weezl::BitOrder::Msb;
        let decoder = if early_change {
            weezl::decode::Decoder::with_tiff_size_switch(order, 8)
        } else {
            weezl::decode::Decoder::new(order, 8)
        };
        LzwLayer {
            input,
            decoder,
            buffer: vec![0; 64 * 1024],
            start: 0,
            end: 0,
            input_done: false,
            done: false,
        }
    }
}

impl Read for LzwLayer<'_> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        while !self.done && !out.is_empty() {
            if self.start == self.end && !self.input_done {
                self.start = 0;
                self.end = self.input.read(&mut self.buffer).unwrap_or(0);
                self.input_done = self.end == 0;
            }
            let result = self
                .decoder
                .decode_bytes(&self.buffer[self.start..self.end], out);
            self.start += result.consumed_in;
            match result.status {
                Ok(weezl::LzwStatus::Ok) => {}
                Ok(weezl::LzwStatus::Done) | Err(_) => self.done = true,
                Ok(weezl::LzwStatus::NoProgress) => {
                    // Nothing more can come out without more input.
                    if self.input_done || self.start < self.end {
                        self.done = true;
                    }
                }
            }
            if result.consumed_out > 0 {
                return Ok(result.consumed_out);
            }
        }
        Ok(0)
    }
}

/// `/ASCII85Decode`: five characters to four bytes, `z` to four zeros, up to `~>` or the first
/// character outside the alphabet; a last partial group gives one byte less than its length.
struct Ascii85Layer<'a> {
    input: Box<dyn Read + 'a>,
    buffer: Vec<u8>,
    start: usize,
    end: usize,
    group: u32,
    count: usize,
    pending: Vec<u8>,
    done: bool,
}

impl<'a> Ascii85Layer<'a> {
    fn new(input: Box<dyn Read + 'a>) -> Ascii85Layer<'a> {
        Ascii85Layer {
            input,
            buffer: vec![0; 16 * 1024],
            start: 0,
            end: 0,
            group: 0,
            count: 0,
            pending: Vec::with_capacity(64 * 1024),
            done: false,
        }
    }

    /// The last partial group, padded with the highest digit.
    fn finish(&mut self) {
        if self.count > 0 {
            let mut group = self.group;
            for _ in self.count..5 {
                group = group.wrapping_mul(85).wrapping_add(84);
            }
            let bytes = group.to_be_bytes();
            self.pending.extend_from_slice(&bytes[..self.count - 1]);
            self.count = 0;
        }
        self.done = true;
    }

    /// Decodes buffered input into `pending` until it holds a chunk or the input ends.
    fn fill_pending(&mut self) {
        while !self.done && self.pending.len() < 48 * 1024 {
            if self.start == self.end {
                self.start = 0;
                self.end = self.input.read(&mut self.buffer).unwrap_or(0);
                if self.end == 0 {
                    self.finish();
                    return;
                }
            }
            let character = self.buffer[self.start];
            self.start += 1;
            match character {
                b'z' if self.count == 0 => self.pending.extend_from_slice(&[0; 4]),
                c if c.is_ascii_whitespace() => {}
                b'!'..=b'u' => {
                    self.group = self
                        .group
                        .wrapping_mul(85)
                        .wrapping_add(u32::from(character - b'!'));
                    self.count += 1;
                    if self.count == 5 {
                        self.pending.extend_from_slice(&self.group.to_be_bytes());
                        self.group = 0;
                        self.count = 0;
                    }
                }
                _ => self.finish(),
            }
        }
    }
}

impl Read for Ascii85Layer<'_> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        if self.pending.is_empty() {
            self.fill_pending();
        }
        let n = out.len().min(self.pending.len());
        out[..n].copy_from_slice(&self.pending[..n]);
        self.pending.drain(..n);
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn zlib(data: &[u8]) -> Vec<u8> {
        let mut encoder =
            flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
        encoder.write_all(data).unwrap();
        encoder.finish().unwrap()
    }

    fn lzw(data: &[u8]) -> Vec<u8> {
        weezl::encode::Encoder::with_tiff_size_switch(weezl::BitOrder::Msb, 8)
            .encode(data)
            .unwrap()
    }

    fn ascii85(data: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        for chunk in data.chunks(4) {
            let mut group = [0u8; 4];
            group[..chunk.len()].copy_from_slice(chunk);
            let mut value = u32::from_be_bytes(group);
            let mut digits = [0u8; 5];
            for digit in digits.iter_mut().rev() {
                *digit = b'!' + (value % 85) as u8;
                value /= 85;
            }
            out.extend_from_slice(&digits[..chunk.len() + 1]);
        }
        out.extend_from_slice(b"~>");
        out
    }

    /// lopdf's own unpacking of a stream with these filters.
    fn lopdf_size(content: &[u8], filters: &[&str]) -> usize {
        let mut dict = pdf_extract::Dictionary::new();
        let names = filters
            .iter()
            .map(|f| pdf_extract::Object::Name(f.as_bytes().to_vec()))
            .collect();
        dict.set("Filter", pdf_extract::Object::Array(names));
        let stream = pdf_extract::Stream::new(dict, content.to_vec());
        stream.decompressed_content().map_or(0, |c| c.len())
    }

    fn sample() -> Vec<u8> {
        (0..200_000u32)
            .map(|i| (i % 251) as u8 ^ (i / 1000) as u8)
            .collect()
    }

    #[test]
    fn counts_what_lopdf_unpacks_through_every_chain() {
        let data = sample();
        let cases: Vec<(Vec<u8>, Vec<&str>, Vec<Filter>)> = vec![
            (zlib(&data), vec!["FlateDecode"], vec![Filter::Flate]),
            (
                zlib(&zlib(&data)),
                vec!["FlateDecode", "FlateDecode"],
                vec![Filter::Flate, Filter::Flate],
            ),
            (
                lzw(&data),
                vec!["LZWDecode"],
                vec![Filter::Lzw { early_change: true }],
            ),
            (ascii85(&data), vec!["ASCII85Decode"], vec![Filter::Ascii85]),
            (
                ascii85(&zlib(&data)),
                vec!["ASCII85Decode", "FlateDecode"],
                vec![Filter::Ascii85, Filter::Flate],
            ),
            (
                zlib(&lzw(&data)),
                vec!["FlateDecode", "LZWDecode"],
                vec![Filter::Flate, Filter::Lzw { early_change: true }],
            ),
        ];
        for (content, names, filters) in cases {
            let expected = lopdf_size(&content, &names);
            assert_eq!(expected, data.len(), "{names:?}");
            assert_eq!(
                unpacked_size(&content, &filters, u64::MAX).largest,
                expected as u64,
                "{names:?}"
            );
        }
    }

    #[test]
    fn flate_falls_back_to_raw_deflate_as_lopdf_does() {
        let data = sample();
        let mut damaged = zlib(&data);
        damaged[0] = 0; // not a zlib header: lopdf reads raw deflate after two bytes
        let expected = lopdf_size(&damaged, &["FlateDecode"]);
        assert_eq!(expected, data.len());
        assert_eq!(
            unpacked_size(&damaged, &[Filter::Flate], u64::MAX).largest,
            data.len() as u64
        );
    }

    #[test]
    fn counting_stops_at_the_limit_and_holds_nothing() {
        // 64 MiB of zeros behind two Flate layers: counted to the limit in a moment.
        let mut inner = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
        let zeros = vec![0u8; 1 << 20];
        for _ in 0..64 {
            inner.write_all(&zeros).unwrap();
        }
        let bomb = zlib(&inner.finish().unwrap());
        let limit = 32 << 20;
        let counted = unpacked_size(&bomb, &[Filter::Flate, Filter::Flate], limit).largest;
        // Past the limit by less than one read of the top layer.
        assert!(
            counted > limit && counted <= limit + (64 << 10),
            "{counted}"
        );
    }

    #[test]
    fn damaged_input_counts_what_came_before_the_damage() {
        let data = sample();
        for filters in [
            vec![Filter::Flate],
            vec![Filter::Lzw { early_change: true }],
            vec![Filter::Ascii85],
        ] {
            let full = match filters[0] {
                Filter::Flate => zlib(&data),
                Filter::Lzw { .. } => lzw(&data),
                Filter::Ascii85 => ascii85(&data),
            };
            for cut in [0, 1, 2, 7, full.len() / 3, full.len() - 1] {
                let counted = unpacked_size(&full[..cut], &filters, u64::MAX).largest;
                assert!(counted <= data.len() as u64 + 4, "{filters:?} cut at {cut}");
            }
            let mut noise = full.clone();
            for (i, byte) in noise.iter_mut().enumerate().skip(40).step_by(97) {
                *byte ^= (i % 255) as u8 + 1;
            }
            let _ = unpacked_size(&noise, &filters, 1 << 30).largest;
        }
    }

    #[test]
    fn failing_flate_layers_are_read_once() {
        // Each layer's zlib reading would fail at once. Retrying it as raw deflate by reading
        // the layers below again took 2^depth readings: 40 layers would not end.
        let depth = 40;
        let content = b"A /Length 6 /Type /Page << /T 8 >> stream".repeat(50);
        let filters = vec![Filter::Flate; depth];
        let counted = unpacked_size(&content, &filters, u64::MAX).largest;
        let one = unpacked_size(&content, &filters[..1], u64::MAX).largest;
        assert!(counted <= one, "{counted} > {one}");
    }

    #[test]
    fn a_zlib_stream_with_a_bad_checksum_is_counted_whole() {
        // Empty stored blocks, then a block of data, then a wrong checksum: lopdf's zlib
        // reading fails in the read that decodes the data and drops it, so it retries as raw
        // deflate and keeps the data. The count must not fall short of that, however long the
        // run of empty blocks before it.
        let data = &sample()[..4_000];
        let mut raw = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::best());
        raw.write_all(data).unwrap();
        let raw = raw.finish().unwrap();
        for empty_blocks in [0, 1_000, 250_000] {
            let mut stream = vec![0x78, 0x9c];
            for _ in 0..empty_blocks {
                stream.extend_from_slice(&[0x00, 0x00, 0x00, 0xff, 0xff]);
            }
            // The data and the checksum in one 32 KiB read of the zlib reader's buffer: the
            // read that decodes the data is the one that fails.
            while stream.len() / 32_768 != (stream.len() + raw.len() + 4) / 32_768 {
                stream.extend_from_slice(&[0x00, 0x00, 0x00, 0xff, 0xff]);
            }
            stream.extend_from_slice(&raw);
            stream.extend_from_slice(&[0xde, 0xad, 0xbe, 0xef]);
            let expected = lopdf_size(&stream, &["FlateDecode"]);
            assert_eq!(expected, data.len(), "{empty_blocks}");
            assert!(
                unpacked_size(&stream, &[Filter::Flate], u64::MAX).largest >= expected as u64,
                "{empty_blocks}"
            );
        }
    }

    #[test]
    fn a_middle_layer_the_last_filter_stops_at_is_counted_whole() {
        // Ten megabytes of a byte ASCII85 stops at, behind two Flate layers: lopdf holds them
        // before ASCII85 reads its first byte.
        let middle = vec![1u8; 10 << 20];
        let content = zlib(&zlib(&middle));
        let filters = [Filter::Flate, Filter::Flate, Filter::Ascii85];
        assert_eq!(
            lopdf_size(&content, &["FlateDecode", "FlateDecode", "ASCII85Decode"]),
            0
        );
        assert_eq!(
            unpacked_size(&content, &filters, u64::MAX).largest,
            middle.len() as u64
        );
        // And counting stops a little past the limit, however large the middle layer.
        assert!(unpacked_size(&content, &filters, 1 << 20).largest < 2 << 20);
    }

    #[test]
    fn a_layer_that_reads_and_gives_nothing_pulls_no_layer_past_the_limit() {
        // ASCII85 over white space reads on and gives nothing: without a limit on each layer,
        // 40 MB of spaces (a gigabyte, in a file of a few KB) would all be made.
        let spaces = vec![b' '; 40 << 20];
        let content = zlib(&zlib(&spaces));
        let filters = [Filter::Flate, Filter::Flate, Filter::Ascii85];
        let limit = 1 << 20;
        let counted = unpacked_size(&content, &filters, limit);
        assert!(counted.largest > limit, "{counted:?}");
        assert!(counted.largest <= limit + (64 << 10), "{counted:?}");
        assert!(counted.total < 4 * limit, "{counted:?}");
    }
    #[test]
    fn a_damaged_flate_layer_is_counted_to_its_damage() {
        // flate2's reader drops what the read meeting the damage decoded; lopdf reads in
        // other sizes than the count does, so it may keep some of what the count's failing
        // read dropped. The count keeps every byte decoded before the damage.
        let mut state = 1u32;
        let data: Vec<u8> = (0..300_000)
            .map(|_| {
                state = state.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
                b'a' + (state >> 28) as u8
            })
            .collect();
        let full = zlib(&data);
        let mut short = Vec::new();
        for at in (full.len() / 8..full.len() - 8).step_by(full.len() / 97) {
            let mut damaged = full.clone();
            for byte in &mut damaged[at..at + 8] {
                *byte ^= 0x5a;
            }
            let expected = lopdf_size(&damaged, &["FlateDecode"]) as u64;
            let counted = unpacked_size(&damaged, &[Filter::Flate], u64::MAX).largest;
            if counted < expected {
                short.push((at, counted, expected));
            }
        }
        assert!(short.is_empty(), "counted short of lopdf: {short:?}");
    }
    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]

        /// Whatever the chain, and wherever the stream is damaged or cut, no layer lopdf makes
        /// is larger than the count's largest.
        #[test]
        fn never_counts_short_of_lopdf(
            seed in proptest::prelude::any::<u32>(),
            length in 50_000usize..400_000,
            chain in proptest::collection::vec(0usize..3, 1..4),
            damage in proptest::collection::vec((0.0f64..1.0, 1u8..=255), 1..4),
            keep in proptest::option::of(0.5f64..1.0),
        ) {
            // Letters at random: Huffman-coded blocks, which damage breaks, of several reads.
            let mut state = seed;
            let data: Vec<u8> = (0..length)
                .map(|_| {
                    state = state.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
                    b'a' + (state >> 28) as u8
                })
                .collect();
            let kinds = [
                ("FlateDecode", Filter::Flate),
                ("LZWDecode", Filter::Lzw { early_change: true }),
                ("ASCII85Decode", Filter::Ascii85),
            ];
            let names: Vec<&str> = chain.iter().map(|&k| kinds[k].0).collect();
            let filters: Vec<Filter> = chain.iter().map(|&k| kinds[k].1).collect();
            let mut content = data;
            for &kind in chain.iter().rev() {
                content = match kind {
                    0 => zlib(&content),
                    1 => lzw(&content),
                    _ => ascii85(&content),
                };
            }
            // Bursts of eight bytes, which break Huffman-coded blocks more often than one.
            for (at, xor) in damage {
                let from = ((content.len() - 1) as f64 * at) as usize;
                for byte in content.iter_mut().skip(from).take(8) {
                    *byte ^= xor;
                }
            }
            if let Some(keep) = keep {
                content.truncate((content.len() as f64 * keep) as usize);
            }
            let counted = unpacked_size(&content, &filters, u64::MAX).largest;
            for made in 1..=names.len() {
                let lopdf = lopdf_size(&content, &names[..made]) as u64;
                proptest::prop_assert!(
                    counted >= lopdf,
                    "{names:?}: layer {made} is {lopdf} bytes in lopdf, counted {counted}"
                );
            }
        }
    }
}
