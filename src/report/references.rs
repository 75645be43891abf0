//! The reference list of a report for formats that end with one (PDF, Word): the source
//! publication the case was taken from, with its DOI and licence. The CARE checklist asks
//! that a case report cite what it rests on.

use super::model::CaseReport;

/// One entry per reference, ready to print.
pub fn references(report: &CaseReport) -> Vec<String> {
    let Some(source) = &report.source else {
        return Vec::new();
    };
    let mut parts: Vec<String> = Vec::new();
    parts.extend(source.citation.clone());
    parts.extend(source.doi.as_ref().map(|doi| format!("doi:{doi}")));
    if parts.is_empty() {
        return Vec::new();
    }
    let mut entry = parts.join(". ");
    if let Some(licence) = &source.licence {
        entry.push_str(&format!(" ({licence})"));
    }
    vec![format!("[1] {entry}")]
}
