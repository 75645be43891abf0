//! The patient's source id (an MRN, a table's patient id) in free text: found where it stands
//! as a word of its own, in any ASCII case, and replaced for a de-identified report.

pub const IDENTIFIER_REMOVED: &str = "[identifier removed]";

/// A number of up to three digits (a table's running patient number, such as the Tongji
/// file's) cannot be told from the other numbers in prose; it is not searched for, and it
/// names nobody outside its export.
pub(super) fn is_searchable(identifier: &str) -> bool {
    let short_number = identifier.len() <= 3 && identifier.chars().all(|c| c.is_ascii_digit());
    !identifier.is_empty() && !short_number
}

/// Where `identifier` stands on its own in `text` (not inside a longer word or number),
/// ignoring ASCII case: `MRN-0048213` in `patient mrn-0048213,` but not in `MRN-00482134`.
pub(super) fn identifier_ranges(text: &str, identifier: &str) -> Vec<std::ops::Range<usize>> {
    // ASCII lowercasing keeps every byte offset, so ranges found in the copy fit the text.
    let haystack = text.to_ascii_lowercase();
    let needle = identifier.to_ascii_lowercase();
    let is_word_char = |c: char| c.is_alphanumeric();
    haystack
        .match_indices(&needle)
        .map(|(start, found)| start..start + found.len())
        .filter(|range| {
            let before = text
                .get(..range.start)
                .and_then(|head| head.chars().next_back());
            let after = text.get(range.end..).and_then(|tail| tail.chars().next());
            !before.is_some_and(is_word_char) && !after.is_some_and(is_word_char)
        })
        .collect()
}

pub(super) fn remove_identifier(text: &str, identifier: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut copied_to = 0;
    for range in identifier_ranges(text, identifier) {
        out.push_str(text.get(copied_to..range.start).unwrap_or_default());
        out.push_str(IDENTIFIER_REMOVED);
        copied_to = range.end;
    }
    out.push_str(text.get(copied_to..).unwrap_or_default());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_whole_words_are_found_in_any_case() {
        let text = "MRN-0048213, mrn-0048213; MRN-00482134 XMRN-0048213 (MRN-0048213)";
        assert_eq!(
            remove_identifier(text, "MRN-0048213"),
            "[identifier removed], [identifier removed]; MRN-00482134 XMRN-0048213 ([identifier removed])"
        );
        assert_eq!(
            remove_identifier("née MRN-1", "mrn-1"),
            "née [identifier removed]"
        );
        assert!(identifier_ranges("no id here", "MRN-0048213").is_empty());
    }

    #[test]
    fn a_short_running_number_is_not_searched_for() {
        assert!(!is_searchable("12"));
        assert!(!is_searchable(""));
        assert!(is_searchable("4412"));
        assert!(is_searchable("A1"));
    }
}
