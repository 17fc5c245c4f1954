//! Just enough PDF syntax to read an object's dictionary straight from the file's bytes, before
//! lopdf loads the file: the decompression-bomb check must see the cross-reference streams that
//! lopdf unpacks while loading (`bombs`). Values it does not need (strings, numbers other than
//! integers, references) are read past, not kept.

/// A value of the few kinds the checks read.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Value {
    Name(Vec<u8>),
    Integer(i64),
    Array(Vec<Value>),
    Dictionary(Vec<(Vec<u8>, Value)>),
    /// Anything else: strings, reals, booleans, null, the `R` of a reference.
    Other,
}

impl Value {
    pub(crate) fn get(&self, key: &[u8]) -> Option<&Value> {
        match self {
            // The last of duplicate keys, as lopdf keeps it.
            Value::Dictionary(entries) => entries.iter().rfind(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }
}

/// Deepest nesting of arrays and dictionaries read (lopdf's own parser stops deeper too).
const MAX_DEPTH: usize = 64;
/// Most values one object may hold before the reading gives up on it.
const MAX_VALUES: usize = 100_000;

/// Reads values from `bytes` at `at`.
pub(crate) struct Reader<'a> {
    bytes: &'a [u8],
    pub(crate) at: usize,
    values: usize,
}

fn is_white(byte: u8) -> bool {
    matches!(byte, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'\0')
}

fn is_delimiter(byte: u8) -> bool {
    matches!(
        byte,
        b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%'
    )
}

impl<'a> Reader<'a> {
    pub(crate) fn new(bytes: &'a [u8], at: usize) -> Reader<'a> {
        Reader {
            bytes,
            at,
            values: 0,
        }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    /// Skips white space and comments.
    pub(crate) fn skip_space(&mut self) {
        while let Some(byte) = self.peek() {
            if is_white(byte) {
                self.at += 1;
            } else if byte == b'%' {
                while self.peek().is_some_and(|b| b != b'\n' && b != b'\r') {
                    self.at += 1;
                }
            } else {
                break;
            }
        }
    }

    /// The next run of regular characters (a number, a keyword), after white space.
    pub(crate) fn token(&mut self) -> &'a [u8] {
        self.skip_space();
        let start = self.at;
        while self
            .peek()
            .is_some_and(|b| !is_white(b) && !is_delimiter(b))
        {
            self.at += 1;
        }
        &self.bytes[start..self.at]
    }

    /// Whether `keyword` follows (after white space); reads past it if so.
    pub(crate) fn keyword(&mut self, keyword: &[u8]) -> bool {
        let saved = self.at;
        if self.token() == keyword {
            true
        } else {
            self.at = saved;
            false
        }
    }

    /// Reads the value that follows; None where the bytes are not PDF syntax.
    pub(crate) fn value(&mut self, depth: usize) -> Option<Value> {
        self.values += 1;
        if depth > MAX_DEPTH || self.values > MAX_VALUES {
            return None;
        }
        self.skip_space();
        match self.peek()? {
            b'/' => {
                self.at += 1;
                Some(Value::Name(self.name()))
            }
            b'[' => {
                self.at += 1;
                let mut items = Vec::new();
                loop {
                    self.skip_space();
                    match self.peek()? {
                        b']' => {
                            self.at += 1;
                            return Some(Value::Array(items));
                        }
                        _ => items.push(self.value(depth + 1)?),
                    }
                }
            }
            b'<' if self.bytes.get(self.at + 1) == Some(&b'<') => {
                self.at += 2;
                let mut entries = Vec::new();
                loop {
                    self.skip_space();
                    match self.peek()? {
                        b'>' if self.bytes.get(self.at + 1) == Some(&b'>') => {
                            self.at += 2;
                            return Some(Value::Dictionary(entries));
                        }
                        b'/' => {
                            self.at += 1;
                            let key = self.name();
                            let value = self.value(depth + 1)?;
                            entries.push((key, value));
                        }
                        _ => return None,
                    }
                }
            }
            b'<' => {
                let end = memchr::memchr(b'>', &self.bytes[self.at..])?;
                self.at += end + 1;
                Some(Value::Other)
            }
            b'(' => {
                self.skip_literal_string()?;
                Some(Value::Other)
            }
            b')' | b'>' | b']' | b'{' | b'}' => None,
            _ => {
                let token = self.token();
                if token.is_empty() {
                    return None;
                }
                let Some(integer) = std::str::from_utf8(token)
                    .ok()
                    .and_then(|t| t.parse::<i64>().ok())
                else {
                    return Some(Value::Other);
                };
                // `12 0 R`: a reference, not two integers.
                let saved = self.at;
                let generation = self.token();
                if !generation.is_empty()
                    && generation.iter().all(u8::is_ascii_digit)
                    && self.keyword(b"R")
                {
                    return Some(Value::Other);
                }
                self.at = saved;
                Some(Value::Integer(integer))
            }
        }
    }

    /// A name's characters after its `/`, `#xx` escapes decoded.
    fn name(&mut self) -> Vec<u8> {
        let mut name = Vec::new();
        while let Some(byte) = self.peek().filter(|&b| !is_white(b) && !is_delimiter(b)) {
            self.at += 1;
            let escaped = (byte == b'#')
                .then(|| self.bytes.get(self.at..self.at + 2))
                .flatten()
                .and_then(|hex| std::str::from_utf8(hex).ok())
                .and_then(|hex| u8::from_str_radix(hex, 16).ok());
            match escaped {
                Some(decoded) => {
                    name.push(decoded);
                    self.at += 2;
                }
                None => name.push(byte),
            }
        }
        name
    }

    /// Reads past `( … )`, with nested parentheses and backslash escapes.
    fn skip_literal_string(&mut self) -> Option<()> {
        let mut depth = 0usize;
        while let Some(byte) = self.peek() {
            self.at += 1;
            match byte {
                // An escaped character, unless the escape is the file's last byte.
                b'\\' => self.at = (self.at + 1).min(self.bytes.len()),
                b'(' => depth += 1,
                b')' => {
                    depth -= 1;
                    if depth == 0 {
                        return Some(());
                    }
                }
                _ => {}
            }
        }
        None
    }

    /// After a stream's dictionary: the keyword `stream` and its end of line; the offset of the
    /// stream's first byte.
    pub(crate) fn stream_start(&mut self) -> Option<usize> {
        if !self.keyword(b"stream") {
            return None;
        }
        while self.peek() == Some(b' ') {
            self.at += 1;
        }
        match self.peek() {
            Some(b'\r') if self.bytes.get(self.at + 1) == Some(&b'\n') => self.at += 2,
            Some(b'\r' | b'\n') => self.at += 1,
            _ => return None,
        }
        Some(self.at)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_stream_dictionary() {
        let bytes = b"12 0 obj\n<< /Type /XRef /Size 9 /Root 1 0 R % a comment\n /Filter [/Fl#61teDecode /A85]\n\
                      /ID [<ab12> (a (nested) \\) string)] /DecodeParms << /Columns 5 >> /Prev 120 >>\n\
                      stream\r\nDATA";
        let mut reader = Reader::new(bytes, 0);
        assert_eq!(reader.token(), b"12");
        assert_eq!(reader.token(), b"0");
        assert!(reader.keyword(b"obj"));
        let dict = reader.value(0).unwrap();
        assert_eq!(dict.get(b"Type"), Some(&Value::Name(b"XRef".to_vec())));
        assert_eq!(dict.get(b"Prev"), Some(&Value::Integer(120)));
        assert_eq!(dict.get(b"Root"), Some(&Value::Other));
        assert_eq!(dict.get(b"Size"), Some(&Value::Integer(9)));
        assert_eq!(
            dict.get(b"Filter"),
            Some(&Value::Array(vec![
                Value::Name(b"FlateDecode".to_vec()),
                Value::Name(b"A85".to_vec())
            ]))
        );
        let start = reader.stream_start().unwrap();
        assert_eq!(&bytes[start..], b"DATA");
    }

    #[test]
    fn broken_syntax_reads_as_nothing_without_panicking() {
        for bytes in [
            &b"<< /A [1 2"[..],
            b"<< /A (unclosed",
            b"<< 1 2 >>",
            b"]",
            b"<<",
            b"/",
            b"<< /A <abc",
            b"",
        ] {
            let _ = Reader::new(bytes, 0).value(0);
        }
        let deep = "[".repeat(10_000);
        assert_eq!(Reader::new(deep.as_bytes(), 0).value(0), None);
    }

    #[test]
    fn a_duplicate_key_reads_as_its_last_value_as_lopdf_keeps_it() {
        let mut reader = Reader::new(b"<< /Filter /ASCIIHexDecode /Filter /FlateDecode >>", 0);
        let dict = reader.value(0).unwrap();
        assert_eq!(
            dict.get(b"Filter"),
            Some(&Value::Name(b"FlateDecode".to_vec()))
        );
    }
}
