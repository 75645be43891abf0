//! Case files: RON text with an explicit `format_version`, loaded with validation and saved
//! atomically in one canonical form.
//!
//! Loading goes in three steps, each with its own kind of message: the text is read, the
//! version is checked (a newer file is refused, an older one migrated in memory), then the
//! whole case is parsed (syntax errors name line and column) and validated (semantic errors
//! name the field path).

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Deserialize;

use super::atomic::{WriteError, write_atomic};
use super::dense_file::{DenseFileError, read_dense_channel};
use crate::model::{CURRENT_FORMAT_VERSION, Case, DenseRef, DenseSamples, Finding, validate};

/// Dense channels of a case, loaded from the files its series refer to.
pub type DenseStore = BTreeMap<DenseRef, Arc<DenseSamples>>;

/// The usual extension of a case file.
pub const CASE_FILE_EXTENSION: &str = "ron";

/// Case files larger than this are refused before they are read. A case's text (labs, notes,
/// imaging readings) is kilobytes to a few megabytes; what would make it larger is dense
/// monitor data, which belongs in Arrow files beside it, or a file that is not a case at all.
/// Parsing needs a few times the file's size in memory, so this also bounds what a hostile
/// file can make the app allocate.
pub const MAX_CASE_FILE_BYTES: u64 = 256 * 1024 * 1024;

/// A case that loaded, with what the reader should know about it.
#[derive(Clone, Debug)]
pub struct LoadedCase {
    pub case: Case,
    /// Warnings from validation; the case is usable.
    pub warnings: Vec<Finding>,
    /// Set when the file was written in an older format and migrated in memory.
    pub migrated_from: Option<u32>,
    /// The dense series the case refers to; empty when parsed from text without a folder.
    pub dense: DenseStore,
}

/// Why a case file did not load or save. Each message names the file and says what to do.
#[derive(Debug, thiserror::Error)]
pub enum CaseFileError {
    #[error("could not read {}: {source}", path.display())]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error(
        "{}: the file is {size} bytes, more than the {limit} bytes a case file may have; is it a case file? Keep dense monitor data in Arrow files beside the case (`dense` in docs/case-format.md)",
        path.display()
    )]
    TooLarge {
        path: PathBuf,
        size: u64,
        limit: u64,
    },
    #[error(
        "{}: line {line} is not UTF-8 text (byte 0x{byte:02X}, `{}` in Windows-1252); is it a case file? Case files are UTF-8 RON text: save it as UTF-8",
        path.display(),
        super::text_encoding::windows_1252(*byte)
    )]
    NotUtf8 {
        path: PathBuf,
        line: usize,
        /// The first byte that is not UTF-8.
        byte: u8,
    },
    #[error(
        "{}: the file is UTF-16 text; case files are UTF-8 RON text: save it as UTF-8 (in Notepad: Save as ▸ Encoding UTF-8)",
        path.display()
    )]
    Utf16 { path: PathBuf },
    #[error("{origin}:{line}:{column}: {message}")]
    Syntax {
        origin: String,
        line: usize,
        column: usize,
        message: String,
    },
    #[error(
        "{origin}: no `format_version` field; is this a CaseLens case file? Add `format_version: {CURRENT_FORMAT_VERSION},` at the top of the case"
    )]
    MissingVersion { origin: String },
    #[error(
        "{origin}: written in case format version {found}, but this CaseLens reads versions up to {CURRENT_FORMAT_VERSION}; open it with a newer CaseLens"
    )]
    NewerVersion { origin: String, found: u32 },
    #[error(
        "{origin}: case format version {found} does not exist (the first version is 1); correct `format_version`"
    )]
    UnknownVersion { origin: String, found: u32 },
    #[error("{origin}: the case is not valid:\n{}", ErrorList(errors))]
    Invalid {
        origin: String,
        errors: Vec<Finding>,
    },
    #[error("{origin}: {series_path}.dense: {source}")]
    Dense {
        origin: String,
        series_path: String,
        // Boxed: the other variants are small, and every `Result` carries the largest.
        #[source]
        source: Box<DenseFileError>,
    },
    #[error("could not write the case as text: {0}")]
    Serialize(String),
    #[error(transparent)]
    Write(#[from] WriteError),
}

struct ErrorList<'a>(&'a [Finding]);

impl fmt::Display for ErrorList<'_> {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (index, finding) in self.0.iter().enumerate() {
            if index > 0 {
                writeln!(formatter)?;
            }
            write!(formatter, "  error: {finding}")?;
        }
        Ok(())
    }
}

/// Only the version, read before the rest so a newer file is refused for the right reason.
/// Read with `implicit_some`, so `format_version: 1` reads as present and a missing field as
/// `None`; unknown fields are ignored here and caught by the full parse.
#[derive(Deserialize)]
struct VersionProbe {
    #[serde(default)]
    format_version: Option<u32>,
}

/// Reads, migrates, parses and validates a case file.
pub fn load_case(path: &Path) -> Result<LoadedCase, CaseFileError> {
    let text = read_case_text(path)?;
    let origin = path.display().to_string();
    let mut loaded = parse_case(&text, &origin)?;
    let folder = path.parent().unwrap_or(Path::new("."));
    loaded.dense = load_dense_series(&loaded.case, folder, &origin)?;
    Ok(loaded)
}

/// Reads a case file's text, refusing files over [`MAX_CASE_FILE_BYTES`] before reading
/// them (and endless streams such as `/dev/zero` once the limit is passed).
fn read_case_text(path: &Path) -> Result<String, CaseFileError> {
    use std::io::Read;
    let read_error = |source| CaseFileError::Read {
        path: path.to_path_buf(),
        source,
    };
    let too_large = |size| CaseFileError::TooLarge {
        path: path.to_path_buf(),
        size,
        limit: MAX_CASE_FILE_BYTES,
    };
    let file = std::fs::File::open(path).map_err(read_error)?;
    let stated_size = file.metadata().map_err(read_error)?.len();
    if stated_size > MAX_CASE_FILE_BYTES {
        return Err(too_large(stated_size));
    }
    // Sized up front: a growing buffer would hold up to twice the file while it is read.
    let mut bytes = Vec::with_capacity(usize::try_from(stated_size).unwrap_or(0));
    file.take(MAX_CASE_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(read_error)?;
    let read_size = bytes.len() as u64;
    if read_size > MAX_CASE_FILE_BYTES {
        return Err(too_large(read_size));
    }
    // Some Windows editors write a UTF-8 byte-order mark: read past it. UTF-16 is refused with
    // how to save the file, as any other encoding: a case file is UTF-8 text, rewritten as such.
    use super::text_encoding::{TextEncoding, detect};
    match detect(&bytes) {
        TextEncoding::Utf8 { mark } => {
            bytes.drain(..mark);
        }
        TextEncoding::Utf16 { .. } | TextEncoding::Utf16WithoutMark => {
            return Err(CaseFileError::Utf16 {
                path: path.to_path_buf(),
            });
        }
    }
    String::from_utf8(bytes).map_err(|error| {
        let valid_up_to = error.utf8_error().valid_up_to();
        let valid = error.as_bytes().get(..valid_up_to).unwrap_or_default();
        CaseFileError::NotUtf8 {
            path: path.to_path_buf(),
            line: valid.iter().filter(|byte| **byte == b'\n').count() + 1,
            byte: error.as_bytes().get(valid_up_to).copied().unwrap_or(0),
        }
    })
}

/// Reads every dense channel the case refers to, relative to `folder`.
pub fn load_dense_series(
    case: &Case,
    folder: &Path,
    origin: &str,
) -> Result<DenseStore, CaseFileError> {
    let mut store = DenseStore::new();
    for (index, series) in case.series.iter().enumerate() {
        let Some(reference) = &series.dense else {
            continue;
        };
        if store.contains_key(reference) {
            continue;
        }
        let dense_error = |source: DenseFileError| CaseFileError::Dense {
            origin: origin.to_owned(),
            series_path: format!("series[{index}]"),
            source: Box::new(source),
        };
        let path = folder.join(&reference.file);
        // A case file from elsewhere must not make CaseLens read files beside or above its
        // folder (`../`, or a link pointing out). A file that does not exist is left to the
        // reader, which says so.
        if let (Ok(real_folder), Ok(real_file)) = (folder.canonicalize(), path.canonicalize())
            && !real_file.starts_with(&real_folder)
        {
            return Err(dense_error(DenseFileError::OutsideCaseFolder {
                path: reference.file.clone(),
            }));
        }
        let samples = read_dense_channel(&path, &reference.column).map_err(dense_error)?;
        store.insert(reference.clone(), Arc::new(samples));
    }
    Ok(store)
}

/// Parses case-file text; `origin` names the source in messages (a path, or a bundled name).
pub fn parse_case(text: &str, origin: &str) -> Result<LoadedCase, CaseFileError> {
    let syntax_error = |error: ron::error::SpannedError| CaseFileError::Syntax {
        origin: origin.to_owned(),
        line: error.span.start.line,
        column: error.span.start.col,
        message: explain_syntax(&error.code),
    };
    let probe: VersionProbe = ron::Options::default()
        .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
        .from_str(text)
        .map_err(syntax_error)?;
    let version = probe
        .format_version
        .ok_or_else(|| CaseFileError::MissingVersion {
            origin: origin.to_owned(),
        })?;
    let migrated_from = match version {
        CURRENT_FORMAT_VERSION => None,
        found if found > CURRENT_FORMAT_VERSION => {
            return Err(CaseFileError::NewerVersion {
                origin: origin.to_owned(),
                found,
            });
        }
        // Version 2 only added fields (series with key slices) that a version-1 file lacks,
        // so version 1 reads as version 2 as it is; the step from 2 to a later version goes
        // here, with its fixture in tests/case_files/.
        1 => Some(1),
        found => {
            return Err(CaseFileError::UnknownVersion {
                origin: origin.to_owned(),
                found,
            });
        }
    };
    let mut case: Case = ron::from_str(text).map_err(syntax_error)?;
    case.format_version = CURRENT_FORMAT_VERSION;
    let report = validate(&case);
    if report.has_errors() {
        return Err(CaseFileError::Invalid {
            origin: origin.to_owned(),
            errors: report.errors().cloned().collect(),
        });
    }
    Ok(LoadedCase {
        case,
        warnings: report.warnings().cloned().collect(),
        migrated_from,
        dense: DenseStore::new(),
    })
}

/// Rewords parser messages that would not tell a person what to do.
fn explain_syntax(code: &ron::Error) -> String {
    if matches!(code, ron::Error::ExceededRecursionLimit) {
        // ron's own text suggests changing the parser's options, which a reader cannot do.
        return "brackets are nested too deeply (more than 128 levels); no case nests this deep: is this a case file?".to_owned();
    }
    // The probe's type name means nothing to the person reading the message.
    let message = code
        .to_string()
        .replace("struct `VersionProbe`", "the case");
    // chrono's parse errors, raised while reading a `Date(…)` or `DateTime(…)`.
    const TIME_ERRORS: [&str; 6] = [
        "input is out of range",
        "no possible date and time matching input",
        "input is not enough for unique date and time",
        "input contains invalid characters",
        "premature end of input",
        "trailing input",
    ];
    if TIME_ERRORS.contains(&message.as_str()) {
        format!(
            "not a valid date or time ({message}); write dates as \"2020-02-03\" and date-times as \"2020-02-03T14:30:00\""
        )
    } else {
        message
    }
}

/// The canonical text of a case: what `caselens fmt` and every save write.
pub fn to_canonical_text(case: &Case) -> Result<String, CaseFileError> {
    let mut current = case.clone();
    current.format_version = CURRENT_FORMAT_VERSION;
    let config = ron::ser::PrettyConfig::new()
        .depth_limit(4)
        .indentor("    ")
        .escape_strings(false)
        .struct_names(false);
    let body = ron::ser::to_string_pretty(&current, config)
        .map_err(|error| CaseFileError::Serialize(error.to_string()))?;
    Ok(format!(
        "// CaseLens case file. Format: docs/case-format.md\n{body}\n"
    ))
}

/// Saves a case atomically in canonical form.
pub fn save_case(path: &Path, case: &Case) -> Result<(), CaseFileError> {
    let text = to_canonical_text(case)?;
    write_atomic(path, text.as_bytes())?;
    Ok(())
}
