//! QIDO-RS: studies matching a search (patient id or name, study date range, modality,
//! accession number), each with its series and how many instances each series holds.

use chrono::NaiveDate;
use serde_json::Value;

use super::answer::AnswerError;
use super::http::Http;
use super::{PacsError, PacsServer, check_uid};

/// Studies beyond this many are not listed; the search should be narrowed.
pub const MAX_STUDIES: usize = 200;

const STUDY_UID: &str = "0020000D";
const SERIES_UID: &str = "0020000E";
const STUDY_DATE: &str = "00080020";
const ACCESSION: &str = "00080050";
const MODALITY: &str = "00080060";
const STUDY_DESCRIPTION: &str = "00081030";
const SERIES_DESCRIPTION: &str = "0008103E";
const PATIENT_NAME: &str = "00100010";
const PATIENT_ID: &str = "00100020";
const SERIES_NUMBER: &str = "00200011";
const SERIES_INSTANCES: &str = "00201209";

/// What to search for; empty fields match everything. Patient name and id accept the
/// DICOM wildcards `*` and `?`.
#[derive(Clone, Debug, Default)]
pub struct SeriesQuery {
    pub patient_id: String,
    pub patient_name: String,
    pub dates: DateRange,
    pub modality: String,
    pub accession: String,
}

/// A study date range that cannot be read.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum DateRangeError {
    #[error("`{part}` in `{text}` is not a date (2020-01-20 or 20200120)")]
    NotADate { part: String, text: String },
    #[error("`{0}`: the range ends before it starts")]
    EndsBeforeStart(String),
}

/// A study date range; either end may be open.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct DateRange {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

impl DateRange {
    /// Reads `2020-01-20..2020-02-10`, `20200120-20200210`, `2020-01-20-2020-02-10`, one
    /// date, or a range with one end left out (`20200120-`, `..2020-02-10`).
    pub fn parse(text: &str) -> Result<Self, DateRangeError> {
        let text = text.trim();
        let (from, to) = if let Some(pair) = text.split_once("..") {
            pair
        } else if text.len() == 21 && text.as_bytes()[10] == b'-' {
            (&text[..10], &text[11..])
        } else if text.len() == 17 && text.as_bytes()[8] == b'-' {
            (&text[..8], &text[9..])
        } else if let Some(from) = text.strip_suffix('-').filter(|rest| rest.len() == 8) {
            (from, "")
        } else if let Some(to) = text.strip_prefix('-').filter(|rest| rest.len() == 8) {
            ("", to)
        } else {
            (text, text)
        };
        let date = |part: &str| -> Result<Option<NaiveDate>, DateRangeError> {
            let part = part.trim();
            if part.is_empty() {
                return Ok(None);
            }
            NaiveDate::parse_from_str(part, "%Y-%m-%d")
                .or_else(|_| NaiveDate::parse_from_str(part, "%Y%m%d"))
                .map(Some)
                .map_err(|_| DateRangeError::NotADate {
                    part: part.to_owned(),
                    text: text.to_owned(),
                })
        };
        let range = Self {
            from: date(from)?,
            to: date(to)?,
        };
        if let (Some(from), Some(to)) = (range.from, range.to)
            && from > to
        {
            return Err(DateRangeError::EndsBeforeStart(text.to_owned()));
        }
        Ok(range)
    }

    /// The DICOM range matching form (`20200120-20200210`), or `None` when open both ends.
    fn to_dicom(self) -> Option<String> {
        let format = |date: Option<NaiveDate>| {
            date.map(|date| date.format("%Y%m%d").to_string())
                .unwrap_or_default()
        };
        match (self.from, self.to) {
            (None, None) => None,
            (Some(from), Some(to)) if from == to => Some(format(Some(from))),
            (from, to) => Some(format!("{}-{}", format(from), format(to))),
        }
    }
}

/// A study and the series of it that matched.
#[derive(Clone, Debug, PartialEq)]
pub struct StudyMatch {
    pub study_uid: String,
    pub patient_id: String,
    pub patient_name: String,
    pub date: Option<NaiveDate>,
    pub accession: String,
    pub description: String,
    pub series: Vec<SeriesMatch>,
}

/// A series; `instances` is what the archive says it holds (NumberOfSeriesRelatedInstances).
#[derive(Clone, Debug, PartialEq)]
pub struct SeriesMatch {
    pub series_uid: String,
    pub modality: String,
    pub number: Option<i64>,
    pub description: String,
    pub instances: Option<u32>,
}

/// Searches studies, then lists the matching series of each. The second return value says
/// whether more than [`MAX_STUDIES`] studies matched (only the first are returned).
pub fn find_series(
    server: &PacsServer,
    query: &SeriesQuery,
) -> Result<(Vec<StudyMatch>, bool), PacsError> {
    let http = Http::new(server)?;
    let mut filters: Vec<(&str, String)> = Vec::new();
    let mut add = |name: &'static str, value: &str| {
        let value = value.trim();
        if !value.is_empty() {
            filters.push((name, value.to_owned()));
        }
    };
    add("PatientID", &query.patient_id);
    add("PatientName", &query.patient_name);
    add("AccessionNumber", &query.accession);
    add("ModalitiesInStudy", &query.modality);
    if let Some(dates) = query.dates.to_dicom() {
        filters.push(("StudyDate", dates));
    }
    filters.push(("includefield", STUDY_DESCRIPTION.to_owned()));
    filters.push(("limit", (MAX_STUDIES + 1).to_string()));
    let url = http.url("/studies");
    let mut studies = read_studies(&http.get_json_list(&url, &filters)?).map_err(|problem| {
        PacsError::BadResponse {
            url,
            reason: problem.to_string(),
        }
    })?;
    let truncated = studies.len() > MAX_STUDIES;
    studies.truncate(MAX_STUDIES);
    for study in &mut studies {
        study.series = list_series(&http, &study.study_uid, &query.modality, None)?;
    }
    studies.sort_by(|a, b| (b.date, &a.study_uid).cmp(&(a.date, &b.study_uid)));
    Ok((studies, truncated))
}

/// The series of one study (optionally one modality, or one series).
pub(super) fn list_series(
    http: &Http,
    study_uid: &str,
    modality: &str,
    series_uid: Option<&str>,
) -> Result<Vec<SeriesMatch>, PacsError> {
    let url = http.url(&format!("/studies/{study_uid}/series"));
    let mut filters = vec![
        ("includefield", SERIES_DESCRIPTION.to_owned()),
        ("includefield", SERIES_INSTANCES.to_owned()),
    ];
    if !modality.trim().is_empty() {
        filters.push(("Modality", modality.trim().to_owned()));
    }
    if let Some(uid) = series_uid {
        filters.push(("SeriesInstanceUID", uid.to_owned()));
    }
    Ok(read_series(&http.get_json_list(&url, &filters)?))
}

/// The studies of a study search; a study without a valid StudyInstanceUID is refused, as
/// its series could not be asked for.
pub fn read_studies(items: &[Value]) -> Result<Vec<StudyMatch>, AnswerError> {
    items
        .iter()
        .map(|item| {
            let study_uid = text(item, STUDY_UID);
            if check_uid(&study_uid).is_err() {
                return Err(AnswerError::StudyWithoutUid(study_uid));
            }
            Ok(StudyMatch {
                study_uid,
                patient_id: text(item, PATIENT_ID),
                patient_name: text(item, PATIENT_NAME),
                date: NaiveDate::parse_from_str(&text(item, STUDY_DATE), "%Y%m%d").ok(),
                accession: text(item, ACCESSION),
                description: text(item, STUDY_DESCRIPTION),
                series: Vec::new(),
            })
        })
        .collect()
}

/// The series of a series search, by series number; those without a valid SeriesInstanceUID
/// are left out (they could not be retrieved).
pub fn read_series(items: &[Value]) -> Vec<SeriesMatch> {
    let mut series: Vec<SeriesMatch> = items
        .iter()
        .map(|item| SeriesMatch {
            series_uid: text(item, SERIES_UID),
            modality: text(item, MODALITY),
            number: text(item, SERIES_NUMBER).trim().parse().ok(),
            description: text(item, SERIES_DESCRIPTION),
            instances: text(item, SERIES_INSTANCES).trim().parse().ok(),
        })
        .filter(|series| super::is_valid_uid(&series.series_uid))
        .collect();
    series.sort_by_key(|series| series.number);
    series
}

/// The first value of a DICOM JSON attribute as text: strings, numbers and person names
/// (their alphabetic form); empty when absent.
fn text(item: &Value, tag: &str) -> String {
    let Some(first) = item
        .get(tag)
        .and_then(|attribute| attribute.get("Value"))
        .and_then(|values| values.get(0))
    else {
        return String::new();
    };
    match first {
        Value::String(text) => text.trim().to_owned(),
        Value::Number(number) => number.to_string(),
        Value::Object(name) => name
            .get("Alphabetic")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned(),
        _ => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::pacs::read_search_result;

    fn date(text: &str) -> Option<NaiveDate> {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()
    }

    #[test]
    fn date_ranges_are_read_in_every_written_form() {
        let whole = DateRange {
            from: date("2020-01-20"),
            to: date("2020-02-10"),
        };
        for text in [
            "2020-01-20..2020-02-10",
            "20200120-20200210",
            "2020-01-20-2020-02-10",
        ] {
            assert_eq!(DateRange::parse(text), Ok(whole), "{text}");
        }
        assert_eq!(whole.to_dicom().as_deref(), Some("20200120-20200210"));
        let open = DateRange::parse("20200120-").map(DateRange::to_dicom);
        assert_eq!(open, Ok(Some("20200120-".to_owned())));
        let until = DateRange::parse("..2020-02-10").map(DateRange::to_dicom);
        assert_eq!(until, Ok(Some("-20200210".to_owned())));
        assert_eq!(
            DateRange::parse("2020-01-20").map(DateRange::to_dicom),
            Ok(Some("20200120".to_owned()))
        );
        assert!(DateRange::parse("2020-02-10..2020-01-20").is_err());
        assert!(DateRange::parse("last week").is_err());
    }

    #[test]
    fn dicom_json_values_are_read_as_text() {
        let item = serde_json::json!({
            "00100010": {"vr": "PN", "Value": [{"Alphabetic": "Doe^Jane"}]},
            "00201209": {"vr": "IS", "Value": [133]},
            "00080050": {"vr": "SH"},
        });
        assert_eq!(text(&item, PATIENT_NAME), "Doe^Jane");
        assert_eq!(text(&item, SERIES_INSTANCES), "133");
        assert_eq!(text(&item, ACCESSION), "");
    }

    #[test]
    fn a_search_answer_is_read_into_studies_and_series_or_refused_with_why() {
        let read = |bytes: &[u8]| read_search_result(bytes).map_err(|error| error.to_string());
        assert_eq!(read(b" \n"), Ok(Vec::new()));
        assert_eq!(
            read(b"{}"),
            Err("the search result is not a JSON list".to_owned())
        );
        let broken = read(b"[{\"0020000E\"").unwrap_err();
        assert!(
            broken.starts_with("the search result is not DICOM JSON ("),
            "{broken}"
        );

        let answer = br#"[
            {"0020000E": {"vr": "UI", "Value": ["1.2.3.2"]}, "00200011": {"vr": "IS", "Value": [2]}},
            {"0020000E": {"vr": "UI", "Value": ["../../etc"]}, "00200011": {"vr": "IS", "Value": [0]}},
            {"0020000E": {"vr": "UI", "Value": ["1.2.3.1"]}, "00200011": {"vr": "IS", "Value": ["1"]},
             "00080060": {"vr": "CS", "Value": ["CT"]}, "00201209": {"vr": "IS", "Value": [133]}}
        ]"#;
        let items = read_search_result(answer).unwrap();
        let series = read_series(&items);
        // The series whose UID could name a path is left out; the rest come in number order.
        let uids: Vec<&str> = series.iter().map(|one| one.series_uid.as_str()).collect();
        assert_eq!(uids, ["1.2.3.1", "1.2.3.2"]);
        assert_eq!(series[0].modality, "CT");
        assert_eq!(series[0].instances, Some(133));
        // A study search answer with such a study is refused whole, naming the UID.
        assert_eq!(
            read_studies(&items).map_err(|error| error.to_string()),
            Err("a study has no valid StudyInstanceUID (``)".to_owned())
        );
        let study = serde_json::json!([{
            "0020000D": {"vr": "UI", "Value": ["1.2.3"]},
            "00080020": {"vr": "DA", "Value": ["20200201"]},
        }]);
        let studies = read_studies(study.as_array().unwrap()).unwrap();
        assert_eq!(studies[0].date, date("2020-02-01"));
    }
}
