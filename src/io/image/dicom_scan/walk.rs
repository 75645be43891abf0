//! The walk itself: dicom-parser 0.10's `DataSetReader` as a state machine over element
//! headers, reading no value. It keeps the reader's state (expecting an item header or an
//! element header; the open sequences and items, with where each of defined length ends;
//! whether they hold encapsulated pixel data) because the same bytes mean different things
//! in each state: a length after an item delimiter is ignored between items but read as a
//! value's length inside one, and a dictionary says which implicit-VR elements are sequences.
//! Wherever the reader would reserve a value's declared length, the walk is at the same byte
//! and checks that length first.

use std::io::{Read, Seek, SeekFrom};

use dicom_core::dictionary::{DataDictionary, DataDictionaryEntry};
use dicom_core::{Tag, VR};
use dicom_dictionary_std::StandardDataDictionary;

use super::{BIG_ENDIAN, DEFLATED, IMPLICIT_VR_LITTLE_ENDIAN, Stop, TOLERATED_OVERRUN};

const UNDEFINED_LENGTH: u32 = u32::MAX;
const ITEM: (u16, u16) = (0xFFFE, 0xE000);
const ITEM_DELIMITER: (u16, u16) = (0xFFFE, 0xE00D);
const SEQUENCE_DELIMITER: (u16, u16) = (0xFFFE, 0xE0DD);
const PIXEL_DATA: (u16, u16) = (0x7FE0, 0x0010);

/// A data element's tag (group, element), value representation and value length.
type ElementHeader = ((u16, u16), [u8; 2], u32);

/// The eight bytes of a header, with the tag and the 4-byte length read from them.
type RawHeader = ([u8; 8], (u16, u16), u32);

/// A sequence or item the reader has entered and not left.
struct Open {
    item: bool,
    /// Where it ends, when its length is defined; the reader closes it on reaching that byte.
    end: Option<u64>,
    /// Encapsulated pixel data: its items are compressed fragments, read whole.
    pixel_data: bool,
}

pub(super) struct Walk<R> {
    reader: R,
    position: u64,
    size: u64,
    /// Explicit VR (the meta group always is; the data set as its transfer syntax says).
    explicit: bool,
    /// The data set is explicit VR big endian (the meta group never is).
    big_endian: bool,
    /// Between the items of a sequence: the next header is an item's or a delimiter's.
    between_items: bool,
    open: Vec<Open>,
}

impl<R: Read + Seek> Walk<R> {
    pub(super) fn new(reader: R, size: u64) -> Self {
        Self {
            reader,
            position: 0,
            size,
            explicit: true,
            big_endian: false,
            between_items: false,
            open: Vec::new(),
        }
    }

    /// Walks a file (preamble and meta group first) or an inflated data set alone.
    pub(super) fn run(&mut self, file: bool) -> Result<(), Stop> {
        if file {
            self.meta_group()?;
        }
        loop {
            self.close_ended()?;
            // Fewer bytes than a header: the reader ends or fails there, reserving nothing.
            if self.position.saturating_add(8) > self.size {
                return Ok(());
            }
            if self.between_items {
                self.item_header()?;
            } else if let Some(open) = self.open.last().filter(|open| open.item && open.pixel_data)
            {
                // A fragment (or the offset table), read whole; an undefined one is an error.
                let end = open.end.ok_or(Stop::CannotFollow)?;
                let length = u32::try_from(end - self.position).map_err(|_| Stop::CannotFollow)?;
                self.fits(ITEM, length)?;
                self.skip(u64::from(length))?;
            } else {
                self.element()?;
            }
        }
    }

    /// The preamble, `DICM` and the file meta group, read as dicom-object reads them: the
    /// group ends where its group length (0002,0000) says, not where the group-2 tags end.
    /// Elements past that length belong to the data set and are read in its encoding, which
    /// in a big-endian file turns their lengths into other numbers; the walk must agree.
    /// Leaves the walk at the data set, set to the transfer syntax's encoding.
    fn meta_group(&mut self) -> Result<(), Stop> {
        let mut start = vec![0u8; usize::try_from(self.size.min(132)).unwrap_or(132)];
        self.read(&mut start)?;
        let magic_end = if start.get(128..132) == Some(b"DICM") {
            132
        } else if start.get(..4) == Some(b"DICM") {
            4
        } else {
            // Not a DICOM file: the parser says so.
            return Err(Stop::CannotFollow);
        };
        self.seek_to(magic_end)?;
        let (tag, _, length) = self.header()?;
        if tag != (0x0002, 0x0000) || length != 4 {
            // The parser refuses a meta group that does not open with its length.
            return Err(Stop::CannotFollow);
        }
        let mut group_length = [0u8; 4];
        self.read(&mut group_length)?;
        let group_length = u64::from(u32::from_le_bytes(group_length));
        let meta_start = self.position;
        let mut transfer_syntax = Vec::new();
        while self.position - meta_start < group_length {
            let (tag, _, length) = self.header()?;
            if length == UNDEFINED_LENGTH {
                return Err(Stop::CannotFollow);
            }
            self.fits(tag, length)?;
            if tag == (0x0002, 0x0010) {
                let read_bytes = usize::try_from(length).unwrap_or(usize::MAX).min(64);
                transfer_syntax = vec![0u8; read_bytes];
                self.read(&mut transfer_syntax)?;
                self.skip(u64::from(length).saturating_sub(read_bytes as u64))?;
            } else {
                self.skip(u64::from(length))?;
            }
        }
        let uid = trim_uid(&transfer_syntax);
        if uid == DEFLATED {
            return Err(Stop::Deflated {
                data_set_start: self.position,
            });
        }
        self.big_endian = uid == BIG_ENDIAN;
        self.explicit = uid != IMPLICIT_VR_LITTLE_ENDIAN;
        Ok(())
    }

    /// Closes what ends here, as the reader does after each token; past its end, the reader
    /// stops with an error.
    fn close_ended(&mut self) -> Result<(), Stop> {
        while let Some(end) = self.open.last().and_then(|open| open.end) {
            if end > self.position {
                break;
            }
            if end < self.position {
                return Err(Stop::CannotFollow);
            }
            if let Some(closed) = self.open.pop() {
                self.between_items = closed.item;
            }
        }
        Ok(())
    }

    /// Between items: an item opens, or an item or the sequence closes. The reader ignores a
    /// delimiter's length here, and fails on any other tag.
    fn item_header(&mut self) -> Result<(), Stop> {
        let (_, tag, length) = self.tag_and_length()?;
        match tag {
            ITEM => {
                let pixel_data = self.open.last().ok_or(Stop::CannotFollow)?.pixel_data;
                self.between_items = false;
                self.enter(true, length, pixel_data);
            }
            ITEM_DELIMITER if length == 0 => {
                self.open.pop();
                self.between_items = true;
            }
            SEQUENCE_DELIMITER => {
                self.open.pop();
                self.between_items = false;
            }
            _ => return Err(Stop::CannotFollow),
        }
        Ok(())
    }

    /// In a data set or an item: an element, a sequence opening, or an item delimiter.
    fn element(&mut self) -> Result<(), Stop> {
        let (tag, vr, length) = self.header()?;
        if &vr == b"SQ" {
            self.between_items = true;
            self.enter(false, length, false);
        } else if tag == ITEM_DELIMITER {
            // Outside any sequence the reader skips it; either way its length is not read.
            if self.open.pop().is_some() {
                self.between_items = true;
            }
        } else if length == UNDEFINED_LENGTH {
            // Encapsulated pixel data, or any other element of undefined length, which the
            // reader takes for a sequence.
            self.between_items = true;
            self.enter(false, length, tag == PIXEL_DATA);
        } else {
            self.value(tag, vr, length)?;
        }
        Ok(())
    }

    fn enter(&mut self, item: bool, length: u32, pixel_data: bool) {
        let end = (length != UNDEFINED_LENGTH).then(|| self.position + u64::from(length));
        self.open.push(Open {
            item,
            end,
            pixel_data,
        });
    }

    /// Skips one element's value, refusing a length the file cannot hold.
    fn value(&mut self, tag: (u16, u16), vr: [u8; 2], length: u32) -> Result<(), Stop> {
        self.fits(tag, length)?;
        let consumed = consumed(vr, length);
        // The parser would read the next header from inside this value and wander through the
        // rest of the file out of step (the first element it then trips on is noise): name the
        // element that caused it instead, unless nothing follows it.
        if consumed != u64::from(length)
            && tag != PIXEL_DATA
            && self.position.saturating_add(u64::from(length)) < self.size
        {
            return Err(Stop::Misaligned {
                tag,
                vr,
                declared: length,
            });
        }
        self.skip(consumed)
    }

    /// Refuses a defined length that runs far past the end of the file.
    fn fits(&self, tag: (u16, u16), length: u32) -> Result<(), Stop> {
        let remaining = self.size.saturating_sub(self.position);
        if length != UNDEFINED_LENGTH
            && u64::from(length) > remaining.saturating_add(TOLERATED_OVERRUN)
        {
            return Err(Stop::Overrun {
                tag,
                declared: length,
                remaining,
            });
        }
        Ok(())
    }

    /// Reads an element header: tag, VR (written in explicit data sets, from the dictionary
    /// in implicit ones, as the reader takes it) and length.
    fn header(&mut self) -> Result<ElementHeader, Stop> {
        let (head, tag, four_byte_length) = self.tag_and_length()?;
        if !self.explicit {
            return Ok((tag, implicit_vr(tag), four_byte_length));
        }
        if tag.0 == 0xFFFE {
            return Ok((tag, *b"UN", four_byte_length));
        }
        let vr = [head[4], head[5]];
        // As dicom-encoding reads it: these VRs have a 2-byte length; every other VR, an
        // unknown one included (read as UN), has 2 reserved bytes and a 4-byte length.
        const SHORT: [&[u8; 2]; 21] = [
            b"AE", b"AS", b"AT", b"CS", b"DA", b"DS", b"DT", b"FL", b"FD", b"IS", b"LO", b"LT",
            b"PN", b"SH", b"SL", b"SS", b"ST", b"TM", b"UI", b"UL", b"US",
        ];
        if SHORT.contains(&&vr) {
            Ok((tag, vr, u32::from(self.u16_of([head[6], head[7]]))))
        } else {
            let mut length = [0u8; 4];
            self.read(&mut length)?;
            Ok((tag, vr, self.u32_of(length)))
        }
    }

    /// Eight bytes read as a tag and a 4-byte length (an item's header, or an element's whose
    /// VR, in explicit data sets, then sits where the length was read from).
    fn tag_and_length(&mut self) -> Result<RawHeader, Stop> {
        let mut head = [0u8; 8];
        self.read(&mut head)?;
        let tag = (
            self.u16_of([head[0], head[1]]),
            self.u16_of([head[2], head[3]]),
        );
        let length = self.u32_of([head[4], head[5], head[6], head[7]]);
        Ok((head, tag, length))
    }

    fn u16_of(&self, bytes: [u8; 2]) -> u16 {
        if self.big_endian {
            u16::from_be_bytes(bytes)
        } else {
            u16::from_le_bytes(bytes)
        }
    }

    fn u32_of(&self, bytes: [u8; 4]) -> u32 {
        if self.big_endian {
            u32::from_be_bytes(bytes)
        } else {
            u32::from_le_bytes(bytes)
        }
    }

    fn read(&mut self, buffer: &mut [u8]) -> Result<(), Stop> {
        self.reader
            .read_exact(buffer)
            .map_err(|_| Stop::CannotFollow)?;
        self.position += buffer.len() as u64;
        Ok(())
    }

    fn skip(&mut self, bytes: u64) -> Result<(), Stop> {
        self.seek_to(self.position.saturating_add(bytes))
    }

    fn seek_to(&mut self, position: u64) -> Result<(), Stop> {
        self.reader
            .seek(SeekFrom::Start(position))
            .map_err(|_| Stop::CannotFollow)?;
        self.position = position;
        Ok(())
    }
}

/// The VR an implicit-VR element is read with: dicom-encoding's rule (pixel and overlay data
/// are OW), then the standard dictionary, then UN.
fn implicit_vr(tag: (u16, u16)) -> [u8; 2] {
    let vr = if tag == PIXEL_DATA || (tag.0 >> 8 == 0x60 && tag.1 == 0x3000) {
        VR::OW
    } else {
        StandardDataDictionary
            .by_tag(Tag(tag.0, tag.1))
            .map_or(VR::UN, |entry| entry.vr().relaxed())
    };
    vr.to_bytes()
}

/// The bytes dicom-parser consumes for a value: numbers are read whole, so a length that is
/// not a multiple of the number's size leaves the remainder unread (and the parser reads the
/// next header from there). The walk must land where the parser does.
fn consumed(vr: [u8; 2], length: u32) -> u64 {
    let size = value_size(vr);
    u64::from(length - length % size)
}

/// The size of one value of a number VR (1 for text and bytes).
pub(super) fn value_size(vr: [u8; 2]) -> u32 {
    match &vr {
        b"US" | b"OW" | b"SS" => 2,
        b"AT" | b"FL" | b"OF" | b"SL" | b"OL" | b"UL" => 4,
        b"FD" | b"OD" | b"SV" | b"OV" | b"UV" => 8,
        _ => 1,
    }
}

fn trim_uid(uid: &[u8]) -> &[u8] {
    let end = uid
        .iter()
        .rposition(|byte| *byte != 0 && *byte != b' ')
        .map_or(0, |last| last + 1);
    uid.get(..end).unwrap_or_default()
}
