//! A QIDO-RS answer as the archive sent it, read into a JSON list or refused with why.
//! Below both the HTTP client, which reads every answer through it, and the queries, which
//! read studies and series from the list.

use serde_json::Value;

/// Why a QIDO-RS answer is refused.
#[derive(Debug, thiserror::Error)]
pub enum AnswerError {
    #[error("the search result is not a JSON list")]
    NotAList,
    #[error("the search result is not DICOM JSON ({0})")]
    NotJson(#[from] serde_json::Error),
    #[error("a study has no valid StudyInstanceUID (`{0}`)")]
    StudyWithoutUid(String),
}

/// A QIDO-RS answer as the archive sent it: a JSON list (empty when the body is), or why not.
pub fn read_search_result(bytes: &[u8]) -> Result<Vec<Value>, AnswerError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Ok(Vec::new());
    }
    match serde_json::from_slice::<Value>(bytes)? {
        Value::Array(items) => Ok(items),
        _ => Err(AnswerError::NotAList),
    }
}
