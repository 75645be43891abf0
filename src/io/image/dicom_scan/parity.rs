//! The walk against the parser it stands in front of. For every DICOM file the repository
//! keeps (real files, the hostile corpus, the fuzz findings), dicom-parser's own token reader
//! runs up to the first length it would reserve that a file of that size cannot hold; where
//! there is one, the walk must have refused the file. The reader stops at the header, before
//! the value, so the test itself never reserves what a file declares.

use std::io::{Cursor, Read};
use std::path::{Path, PathBuf};

use dicom_encoding::transfer_syntax::{Codec, TransferSyntaxIndex};
use dicom_parser::dataset::DataToken;
use dicom_parser::dataset::read::DataSetReader;
use dicom_transfer_syntax_registry::TransferSyntaxRegistry;

use super::{TOLERATED_OVERRUN, scan};

/// The first length dicom-parser would reserve past what the file holds, as (what, length).
fn parser_overrun(path: &Path) -> Option<(String, u32)> {
    let bytes = std::fs::read(path).ok()?;
    let magic = if bytes.get(128..132) == Some(b"DICM") {
        128
    } else if bytes.starts_with(b"DICM") {
        0
    } else {
        return None;
    };
    let mut source = Cursor::new(bytes.get(magic..)?);
    let meta = dicom_object::FileMetaTable::from_reader(&mut source).ok()?;
    let uid = meta.transfer_syntax().trim_end_matches(['\0', ' ']);
    let syntax = TransferSyntaxRegistry.get(uid)?;
    let data_set: Box<dyn Read> = match syntax.codec() {
        Codec::Dataset(Some(adapter)) => adapter.adapt_reader(Box::new(source)),
        Codec::Dataset(None) => return None,
        _ => Box::new(source),
    };
    let limit = bytes.len() as u64 + TOLERATED_OVERRUN;
    let too_long = |length: u32| length != u32::MAX && u64::from(length) > limit;
    // Items of encapsulated pixel data are read whole; those of a sequence are only entered.
    let mut in_pixel_data = false;
    for token in DataSetReader::new_with_ts(data_set, syntax).ok()? {
        match &token {
            Ok(DataToken::PixelSequenceStart) => in_pixel_data = true,
            Ok(DataToken::SequenceEnd) => in_pixel_data = false,
            _ => {}
        }
        match token {
            Ok(DataToken::ElementHeader(header)) if too_long(header.len.0) => {
                return Some((header.tag.to_string(), header.len.0));
            }
            Ok(DataToken::ItemStart { len }) if in_pixel_data && too_long(len.0) => {
                return Some(("a pixel data fragment".to_owned(), len.0));
            }
            Ok(_) => {}
            Err(_) => return None,
        }
    }
    None
}

fn dicom_files(folder: &str) -> Vec<PathBuf> {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join(folder);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&folder)
        .map(|entries| entries.flatten().map(|entry| entry.path()).collect())
        .unwrap_or_default();
    files.retain(|path| path.extension().is_some_and(|extension| extension == "dcm"));
    files.sort();
    files
}

#[test]
fn the_walk_refuses_every_file_on_which_the_parser_would_reserve_more_than_it_holds() {
    let mut files = 0;
    let mut overruns = 0;
    for folder in [
        "tests/fixtures/dicom",
        "tests/hostile/dicom",
        "tests/fuzz_regressions/image_dicom",
    ] {
        for path in dicom_files(folder) {
            files += 1;
            let Some((what, length)) = parser_overrun(&path) else {
                continue;
            };
            overruns += 1;
            assert!(
                scan(&path).is_err(),
                "{}: the walk passes it, but the parser would reserve {length} bytes for {what}",
                path.display()
            );
        }
    }
    // The fuzz findings are such files: without them this test would prove nothing.
    assert!(files >= 60, "only {files} DICOM files");
    assert!(overruns >= 8, "the parser overran on only {overruns} files");
}
