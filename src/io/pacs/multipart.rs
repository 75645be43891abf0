//! A streaming reader of `multipart/related` bodies (RFC 2046), the form WADO-RS answers in.
//!
//! Written here rather than taken from a crate: the maintained multipart parsers (`multer`,
//! `mpart-async`) are async and built for form uploads; WADO-RS needs a blocking reader that
//! hands over one part at a time while the rest is still arriving. Each part is held in memory
//! once (capped by `max_part_bytes`, checked against a declared Content-Length before any
//! allocation); a body that ends before its closing delimiter is reported as truncated, never
//! as a short but complete answer.

use std::io::Read;

use memchr::memmem::Finder;

const READ_CHUNK: usize = 64 * 1024;
const MAX_HEADER_BYTES: usize = 16 * 1024;
const INITIAL_RESERVE: u64 = 64 * 1024 * 1024;

/// One part: its headers (names lower-cased) and its body.
#[derive(Debug)]
pub struct Part {
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Part {
    /// The value of a header, by case-insensitive name.
    pub fn header(&self, name: &str) -> Option<&str> {
        let name = name.to_ascii_lowercase();
        self.headers
            .iter()
            .find(|(key, _)| *key == name)
            .map(|(_, value)| value.as_str())
    }
}

/// Why a multipart body could not be read.
#[derive(Debug, thiserror::Error)]
pub enum MultipartError {
    #[error("the connection failed: {0}")]
    Io(#[from] std::io::Error),
    #[error("the answer ended before its closing boundary")]
    Truncated,
    #[error("the multipart answer is malformed: {0}")]
    Malformed(&'static str),
    #[error("a part of {size} bytes is larger than the {limit} bytes allowed for one instance")]
    TooLarge { size: u64, limit: u64 },
}

/// The `boundary` parameter of a `multipart/…` Content-Type, without quotes.
pub fn boundary_of(content_type: &str) -> Option<String> {
    content_type.split(';').skip(1).find_map(|parameter| {
        let (name, value) = parameter.split_once('=')?;
        if !name.trim().eq_ignore_ascii_case("boundary") {
            return None;
        }
        let value = value.trim().trim_matches('"');
        (!value.is_empty() && value.len() <= 200).then(|| value.to_owned())
    })
}

#[derive(Clone, Copy, PartialEq)]
enum State {
    Preamble,
    AfterDelimiter,
    Done,
}

/// Reads the parts of a multipart body one at a time.
pub struct MultipartReader<R> {
    reader: R,
    finder: Finder<'static>,
    delimiter_len: usize,
    buffer: Vec<u8>,
    start: usize,
    eof: bool,
    state: State,
    max_part_bytes: u64,
}

impl<R: Read> MultipartReader<R> {
    pub fn new(reader: R, boundary: &str, max_part_bytes: u64) -> Self {
        let delimiter = format!("\r\n--{boundary}").into_bytes();
        Self {
            reader,
            delimiter_len: delimiter.len(),
            finder: Finder::new(&delimiter).into_owned(),
            // The first delimiter may open the body without a line break before it; a
            // virtual one lets every delimiter be found the same way.
            buffer: b"\r\n".to_vec(),
            start: 0,
            eof: false,
            state: State::Preamble,
            max_part_bytes,
        }
    }

    /// The next part, or `None` after the closing delimiter.
    pub fn next_part(&mut self) -> Result<Option<Part>, MultipartError> {
        if self.state == State::Done {
            return Ok(None);
        }
        if self.state == State::Preamble {
            let mut preamble = Vec::new();
            self.read_until_delimiter(&mut preamble, 64 * 1024)?;
            self.state = State::AfterDelimiter;
        }
        // After a delimiter: `--` closes the body; otherwise padding, a line break, headers.
        self.fill_at_least(2)?;
        if self.available().starts_with(b"--") {
            self.state = State::Done;
            return Ok(None);
        }
        let line_end = self.find_in_buffer(b"\r\n", 1024)?;
        self.start += line_end + 2;
        self.fill_at_least(2)?;
        let headers = if self.available().starts_with(b"\r\n") {
            self.start += 2;
            Vec::new()
        } else {
            let end = self.find_in_buffer(b"\r\n\r\n", MAX_HEADER_BYTES)?;
            let text = String::from_utf8_lossy(&self.buffer[self.start..self.start + end]);
            let headers = parse_headers(&text);
            self.start += end + 4;
            headers
        };
        let declared = headers
            .iter()
            .find(|(name, _)| name == "content-length")
            .and_then(|(_, value)| value.parse::<u64>().ok());
        if let Some(size) = declared.filter(|size| *size > self.max_part_bytes) {
            return Err(MultipartError::TooLarge {
                size,
                limit: self.max_part_bytes,
            });
        }
        // A declared size only sizes the first allocation, and only up to a point: memory
        // follows the bytes that actually arrive.
        let reserve = declared.unwrap_or(0).min(INITIAL_RESERVE) as usize;
        let mut body = Vec::with_capacity(reserve);
        self.read_until_delimiter(&mut body, self.max_part_bytes)?;
        Ok(Some(Part { headers, body }))
    }

    fn available(&self) -> &[u8] {
        &self.buffer[self.start..]
    }

    /// Moves bytes into `into` up to the next delimiter and consumes the delimiter.
    fn read_until_delimiter(
        &mut self,
        into: &mut Vec<u8>,
        limit: u64,
    ) -> Result<(), MultipartError> {
        loop {
            if let Some(index) = self.finder.find(self.available()) {
                self.take(into, index, limit)?;
                self.start += self.delimiter_len;
                return Ok(());
            }
            // Everything but a possible delimiter prefix at the end belongs to the body.
            let keep = self.delimiter_len - 1;
            let movable = self.available().len().saturating_sub(keep);
            self.take(into, movable, limit)?;
            if self.eof {
                return Err(MultipartError::Truncated);
            }
            self.fill()?;
        }
    }

    fn take(&mut self, into: &mut Vec<u8>, count: usize, limit: u64) -> Result<(), MultipartError> {
        let size = (into.len() + count) as u64;
        if size > limit {
            return Err(MultipartError::TooLarge { size, limit });
        }
        into.extend_from_slice(&self.buffer[self.start..self.start + count]);
        self.start += count;
        Ok(())
    }

    /// The offset of `needle` in the unread bytes, reading more as needed, within `limit`.
    fn find_in_buffer(&mut self, needle: &[u8], limit: usize) -> Result<usize, MultipartError> {
        loop {
            if let Some(index) = memchr::memmem::find(self.available(), needle) {
                return Ok(index);
            }
            if self.available().len() > limit {
                return Err(MultipartError::Malformed(
                    "a part's header lines are too long",
                ));
            }
            if self.eof {
                return Err(MultipartError::Truncated);
            }
            self.fill()?;
        }
    }

    fn fill_at_least(&mut self, count: usize) -> Result<(), MultipartError> {
        while self.available().len() < count {
            if self.eof {
                return Err(MultipartError::Truncated);
            }
            self.fill()?;
        }
        Ok(())
    }

    fn fill(&mut self) -> Result<(), MultipartError> {
        if self.start > 0 {
            self.buffer.drain(..self.start);
            self.start = 0;
        }
        let old = self.buffer.len();
        self.buffer.resize(old + READ_CHUNK, 0);
        let read = loop {
            match self.reader.read(&mut self.buffer[old..]) {
                Ok(read) => break read,
                Err(error) if error.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(error) => {
                    self.buffer.truncate(old);
                    return Err(error.into());
                }
            }
        };
        self.buffer.truncate(old + read);
        if read == 0 {
            self.eof = true;
        }
        Ok(())
    }
}

fn parse_headers(text: &str) -> Vec<(String, String)> {
    text.split("\r\n")
        .filter_map(|line| {
            let (name, value) = line.split_once(':')?;
            Some((name.trim().to_ascii_lowercase(), value.trim().to_owned()))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(parts: &[&[u8]], boundary: &str, close: bool) -> Vec<u8> {
        let mut out = Vec::new();
        for part in parts {
            out.extend_from_slice(
                format!("--{boundary}\r\nContent-Type: application/dicom\r\n\r\n").as_bytes(),
            );
            out.extend_from_slice(part);
            out.extend_from_slice(b"\r\n");
        }
        if close {
            out.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        }
        out
    }

    /// A reader that hands out a few bytes at a time, as a slow network does.
    struct Trickle<'a>(&'a [u8], usize);
    impl Read for Trickle<'_> {
        fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
            let count = self.1.min(out.len()).min(self.0.len());
            out[..count].copy_from_slice(&self.0[..count]);
            self.0 = &self.0[count..];
            Ok(count)
        }
    }

    fn read_all(bytes: &[u8], boundary: &str, chunk: usize) -> Result<Vec<Part>, MultipartError> {
        let mut reader = MultipartReader::new(Trickle(bytes, chunk), boundary, 1 << 20);
        let mut parts = Vec::new();
        while let Some(part) = reader.next_part()? {
            parts.push(part);
        }
        Ok(parts)
    }

    #[test]
    fn parts_come_back_byte_for_byte_whatever_the_read_sizes() -> Result<(), MultipartError> {
        // Bodies that contain line breaks and near-delimiters must survive untouched.
        let first: Vec<u8> = (0..=255u8).cycle().take(70_000).collect();
        let second = b"\r\n--ab not the boundary\r\n--a\r\n-".to_vec();
        let bytes = body(&[&first, &second, b""], "abc", true);
        for chunk in [1, 3, 7, 100, 65_536, usize::MAX] {
            let parts = read_all(&bytes, "abc", chunk)?;
            assert_eq!(parts.len(), 3, "chunk {chunk}");
            assert_eq!(parts[0].body, first);
            assert_eq!(parts[1].body, second);
            assert!(parts[2].body.is_empty());
            assert_eq!(parts[0].header("Content-Type"), Some("application/dicom"));
        }
        Ok(())
    }

    #[test]
    fn a_body_that_stops_before_its_closing_boundary_is_truncated() {
        let whole = body(&[b"one", b"two"], "b", true);
        for cut in [whole.len() - 8, whole.len() / 2, 10] {
            let result = read_all(&whole[..cut], "b", 4);
            assert!(
                matches!(result, Err(MultipartError::Truncated)),
                "cut at {cut}: {result:?}"
            );
        }
        assert!(matches!(
            read_all(&body(&[b"one"], "b", false), "b", 4),
            Err(MultipartError::Truncated)
        ));
    }

    #[test]
    fn a_declared_size_beyond_the_limit_is_refused_before_reading_it() {
        let bytes = b"--b\r\nContent-Length: 999999999999\r\n\r\nxx\r\n--b--".to_vec();
        let mut reader = MultipartReader::new(&bytes[..], "b", 1000);
        assert!(matches!(
            reader.next_part(),
            Err(MultipartError::TooLarge { .. })
        ));
        let long = body(&[&[7u8; 2000]], "b", true);
        let mut reader = MultipartReader::new(&long[..], "b", 1000);
        assert!(matches!(
            reader.next_part(),
            Err(MultipartError::TooLarge { .. })
        ));
    }

    #[test]
    fn the_boundary_is_read_from_the_content_type() {
        assert_eq!(
            boundary_of(r#"multipart/related; type="application/dicom"; boundary="x-1""#)
                .as_deref(),
            Some("x-1")
        );
        assert_eq!(
            boundary_of("multipart/related; Boundary=abc").as_deref(),
            Some("abc")
        );
        assert_eq!(boundary_of("application/dicom"), None);
    }
}
