//! What encoding a text file handed to CaseLens is in, from its first bytes: the byte-order
//! marks of UTF-8 and UTF-16, and UTF-16 without one (a zero byte beside most letters). The
//! readers decide what to do with each (lab exports read UTF-16 with its mark; case files are
//! UTF-8 only) and name a stray byte as Windows-1252 would show it, since that is what a
//! spreadsheet's plain "CSV" writes on most clinical workstations.

/// The encoding the first bytes announce.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TextEncoding {
    /// UTF-8, or nothing else recognisable; `mark` is the length of its byte-order mark (0 or 3).
    Utf8 { mark: usize },
    /// UTF-16 with its byte-order mark (2 bytes).
    Utf16 { big_endian: bool },
    /// UTF-16 without a mark: still valid UTF-8 byte by byte when the text is ASCII, with a
    /// NUL beside every letter, so it must be caught before it is read as UTF-8.
    Utf16WithoutMark,
}

/// The encoding of `bytes`, from their first bytes only.
pub fn detect(bytes: &[u8]) -> TextEncoding {
    match bytes {
        [0xEF, 0xBB, 0xBF, ..] => TextEncoding::Utf8 { mark: 3 },
        [0xFF, 0xFE, ..] => TextEncoding::Utf16 { big_endian: false },
        [0xFE, 0xFF, ..] => TextEncoding::Utf16 { big_endian: true },
        _ if looks_like_utf16(bytes) => TextEncoding::Utf16WithoutMark,
        _ => TextEncoding::Utf8 { mark: 0 },
    }
}

/// Text has no NUL; UTF-16 of Latin letters has one in every other byte, on the same side of
/// each pair (odd bytes in little endian, even in big endian). A binary file's runs of zeros
/// (a DICOM preamble) fill both sides, so they do not count as UTF-16.
fn looks_like_utf16(bytes: &[u8]) -> bool {
    let start = bytes.get(..bytes.len().min(64)).unwrap_or_default();
    let pairs = start.len() / 2;
    if pairs < 2 {
        return false;
    }
    let zeros_at = |side: usize| start.chunks_exact(2).filter(|pair| pair[side] == 0).count();
    let (even, odd) = (zeros_at(0), zeros_at(1));
    // Most pairs zero on one side, few on the other.
    (odd * 4 >= pairs * 3 && even * 4 <= pairs) || (even * 4 >= pairs * 3 && odd * 4 <= pairs)
}

/// UTF-16 code units (after the mark) as text; `None` for an odd length or a lone surrogate.
pub fn decode_utf16(bytes: &[u8], big_endian: bool) -> Option<String> {
    if !bytes.len().is_multiple_of(2) {
        return None;
    }
    let units = bytes.chunks_exact(2).map(|pair| {
        let pair = [pair[0], pair[1]];
        if big_endian {
            u16::from_be_bytes(pair)
        } else {
            u16::from_le_bytes(pair)
        }
    });
    char::decode_utf16(units)
        .collect::<Result<String, _>>()
        .ok()
}

/// What a byte that is not UTF-8 shows as in Windows-1252 (Latin-1 with printable 0x80–0x9F),
/// for messages: 0xE9 is `é`, 0xB5 `µ`, 0x93 `“`.
pub fn windows_1252(byte: u8) -> char {
    const HIGH_CONTROLS: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8D}', 'Ž',
        '\u{8F}', '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9D}',
        'ž', 'Ÿ',
    ];
    match byte {
        0x80..=0x9F => HIGH_CONTROLS[usize::from(byte - 0x80)],
        _ => char::from(byte),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_and_unmarked_utf16_are_told_apart() {
        assert_eq!(detect(b"\xEF\xBB\xBFtime"), TextEncoding::Utf8 { mark: 3 });
        assert_eq!(detect(b"time,CRP"), TextEncoding::Utf8 { mark: 0 });
        assert_eq!(detect(b"t\0i\0m\0e\0"), TextEncoding::Utf16WithoutMark);
        assert_eq!(detect(b"\0t\0i\0m\0e"), TextEncoding::Utf16WithoutMark);
        assert_eq!(
            detect(&[0; 132]),
            TextEncoding::Utf8 { mark: 0 },
            "a DICOM preamble is not UTF-16"
        );
        assert_eq!(
            detect(b"\xFE\xFF\0t"),
            TextEncoding::Utf16 { big_endian: true }
        );
        assert_eq!(decode_utf16(b"t\0\xE9\0", false).as_deref(), Some("té"));
        assert_eq!(decode_utf16(b"\0", false), None);
        assert_eq!(decode_utf16(b"\x00\xD8", false), None, "a lone surrogate");
        assert_eq!(windows_1252(0xE9), 'é');
        assert_eq!(windows_1252(0x93), '“');
    }
}
