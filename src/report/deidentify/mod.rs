//! De-identification of report text: calendar dates written in free text become illness (or
//! hospital) days, dates that cannot be converted are removed, and hospital names and the
//! patient's source id (an MRN, say) are removed. Structured fields are handled where the
//! report is built; this module handles the prose, which is where dates hide ("plasma on 20
//! and 21 Feb") and where an imported title may repeat the id.
//!
//! It recognises dates written the ways case reports write them: `3 Feb 2020`, `20 and 21
//! Feb`, `4–7 Feb`, `February 16`, `2020-02-20`, `20/02/2020`. It cannot recognise names of
//! people or places in general, which is why every de-identified report asks the reviewer
//! to read the free text before sharing it.

use chrono::{Datelike, NaiveDate};

use crate::model::{CaseTime, Timeline};

mod identifier;

use identifier::{identifier_ranges, is_searchable, remove_identifier};

/// What takes the place of a calendar date.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DayBasis {
    Illness,
    Hospital,
    /// Neither anchor is known: dates are removed, not converted.
    None,
}

impl DayBasis {
    pub fn for_timeline(timeline: &Timeline) -> Self {
        if timeline.onset().is_some() {
            Self::Illness
        } else if timeline.admission().is_some() {
            Self::Hospital
        } else {
            Self::None
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Illness => "illness day",
            Self::Hospital => "hospital day",
            Self::None => "no day count (dates removed)",
        }
    }
}

pub const DATE_REMOVED: &str = "[date removed]";
pub const HOSPITAL_REMOVED: &str = "[hospital name removed]";
pub use identifier::IDENTIFIER_REMOVED;

/// Rewrites free text for a de-identified report.
#[derive(Clone, Copy, Debug)]
pub struct Scrubber<'a> {
    timeline: &'a Timeline,
    basis: DayBasis,
    /// The patient's source id, when it can be told apart from other words in prose.
    identifier: Option<&'a str>,
}

impl<'a> Scrubber<'a> {
    pub fn new(timeline: &'a Timeline) -> Self {
        Self {
            timeline,
            basis: DayBasis::for_timeline(timeline),
            identifier: None,
        }
    }

    /// Also removes the patient's source id wherever it stands as a word of its own.
    pub fn with_identifier(mut self, identifier: Option<&'a str>) -> Self {
        self.identifier = identifier.map(str::trim).filter(|id| is_searchable(id));
        self
    }

    /// Whether `text` names the patient's source id (see [`Self::with_identifier`]).
    pub fn names_identifier(&self, text: &str) -> bool {
        self.identifier
            .is_some_and(|identifier| !identifier_ranges(text, identifier).is_empty())
    }

    pub fn basis(&self) -> DayBasis {
        self.basis
    }

    /// The text with its dates converted or removed, hospital names and the source id removed.
    pub fn scrub(&self, text: &str) -> String {
        let without_identifier;
        let text = match self.identifier {
            Some(identifier) => {
                without_identifier = remove_identifier(text, identifier);
                without_identifier.as_str()
            }
            None => text,
        };
        let tokens = tokenize(text);
        let mut out = String::with_capacity(text.len());
        let mut index = 0;
        while index < tokens.len() {
            if let Some((end, replacement)) = self.match_date(&tokens, index) {
                out.push_str(&replacement);
                index = end;
            } else if let Some(end) = match_hospital(&tokens, index) {
                out.push_str(HOSPITAL_REMOVED);
                index = end;
            } else {
                out.push_str(tokens[index].text);
                index += 1;
            }
        }
        out
    }

    fn match_date(&self, tokens: &[Token<'_>], start: usize) -> Option<(usize, String)> {
        if let Some((end, date)) = match_iso(tokens, start) {
            return Some((end, self.days_text(&[date], &[])));
        }
        if let Some(end) = match_numeric(tokens, start) {
            return Some((end, DATE_REMOVED.to_owned()));
        }
        let (end, days, joiners, month, year) =
            match_day_first(tokens, start).or_else(|| match_month_first(tokens, start))?;
        if days.is_empty() {
            return Some((end, DATE_REMOVED.to_owned()));
        }
        let dates: Option<Vec<NaiveDate>> = days
            .iter()
            .map(|day| self.resolve(*day, month, year))
            .collect();
        Some(match dates {
            Some(dates) => (end, self.days_text(&dates, &joiners)),
            None => (end, DATE_REMOVED.to_owned()),
        })
    }

    /// The year is the one that puts the date closest to the stay, when the text omits it.
    fn resolve(&self, day: u32, month: u32, year: Option<i32>) -> Option<NaiveDate> {
        if let Some(year) = year {
            return NaiveDate::from_ymd_opt(year, month, day);
        }
        let origin = self.timeline.calendar_origin()?;
        [origin.year() - 1, origin.year(), origin.year() + 1]
            .into_iter()
            .filter_map(|year| NaiveDate::from_ymd_opt(year, month, day))
            .min_by_key(|date| (*date - origin).num_days().abs())
    }

    fn day_number(&self, date: NaiveDate) -> Option<i32> {
        let position = self.timeline.position(CaseTime::Date(date)).ok()?;
        match self.basis {
            DayBasis::Illness => self.timeline.illness_day_at(position),
            DayBasis::Hospital => self.timeline.hospital_day_at(position),
            DayBasis::None => None,
        }
    }

    /// `illness day 27`, `illness days 27 and 28`, `illness days 11–14`.
    fn days_text(&self, dates: &[NaiveDate], joiners: &[Joiner]) -> String {
        let numbers: Option<Vec<i32>> = dates.iter().map(|date| self.day_number(*date)).collect();
        let Some(numbers) = numbers.filter(|numbers| !numbers.is_empty()) else {
            return DATE_REMOVED.to_owned();
        };
        let basis = self.basis.label();
        if let [only] = numbers.as_slice() {
            return format!("{basis} {only}");
        }
        let mut text = format!("{basis}s");
        for (index, number) in numbers.iter().enumerate() {
            let joiner = match index {
                0 => " ",
                _ => match joiners.get(index - 1) {
                    Some(Joiner::Range) => "–",
                    Some(Joiner::Or) => " or ",
                    _ if index + 1 == numbers.len() => " and ",
                    _ => ", ",
                },
            };
            text.push_str(joiner);
            text.push_str(&number.to_string());
        }
        text
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Number,
    Word,
    Space,
    Other,
}

#[derive(Clone, Copy, Debug)]
struct Token<'t> {
    kind: Kind,
    text: &'t str,
}

fn tokenize(text: &str) -> Vec<Token<'_>> {
    let mut tokens = Vec::new();
    let mut start = 0;
    let mut current: Option<Kind> = None;
    for (offset, character) in text.char_indices() {
        let kind = if character.is_ascii_digit() {
            Kind::Number
        } else if character.is_alphabetic() {
            Kind::Word
        } else if character.is_whitespace() {
            Kind::Space
        } else {
            Kind::Other
        };
        let continues = current == Some(kind) && kind != Kind::Other;
        if !continues {
            if let Some(previous) = current {
                tokens.push(Token {
                    kind: previous,
                    text: &text[start..offset],
                });
            }
            start = offset;
            current = Some(kind);
        }
    }
    if let Some(kind) = current {
        tokens.push(Token {
            kind,
            text: &text[start..],
        });
    }
    tokens
}

fn number(tokens: &[Token<'_>], index: usize, max_digits: usize) -> Option<u32> {
    let token = tokens.get(index)?;
    (token.kind == Kind::Number && token.text.len() <= max_digits)
        .then(|| token.text.parse().ok())
        .flatten()
}

fn is(tokens: &[Token<'_>], index: usize, text: &str) -> bool {
    tokens.get(index).is_some_and(|token| token.text == text)
}

fn is_space(tokens: &[Token<'_>], index: usize) -> bool {
    tokens
        .get(index)
        .is_some_and(|token| token.kind == Kind::Space)
}

/// A capitalised month name or abbreviation: `Feb`, `February`, `Sept`.
fn month(tokens: &[Token<'_>], index: usize) -> Option<u32> {
    let token = tokens.get(index)?;
    if token.kind != Kind::Word || !token.text.starts_with(|c: char| c.is_ascii_uppercase()) {
        return None;
    }
    const NAMES: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    let lower = token.text.to_ascii_lowercase();
    NAMES.iter().zip(1..).find_map(|(name, number)| {
        let matches = lower == *name
            || (lower.len() == 3 && name.starts_with(&lower))
            || (lower == "sept" && number == 9);
        matches.then_some(number)
    })
}

fn valid_day(day: u32) -> bool {
    (1..=31).contains(&day)
}

/// Skips an ordinal suffix right after a day number: `3rd`, `21st`.
fn after_ordinal(tokens: &[Token<'_>], index: usize) -> usize {
    match tokens.get(index) {
        Some(token) if matches!(token.text, "st" | "nd" | "rd" | "th") => index + 1,
        _ => index,
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Joiner {
    Range,
    And,
    Or,
}

/// `–`, `-`, `to`, `and`, `or`, `,` or `, and` between two day numbers, spaces allowed.
fn joiner(tokens: &[Token<'_>], mut index: usize) -> Option<(usize, Joiner)> {
    let skip_space = |index: usize| {
        if is_space(tokens, index) {
            index + 1
        } else {
            index
        }
    };
    index = skip_space(index);
    let found = match tokens.get(index)?.text {
        "–" | "-" | "—" | "to" => Joiner::Range,
        "and" | "&" => Joiner::And,
        "or" => Joiner::Or,
        "," => {
            let after_comma = skip_space(index + 1);
            if is(tokens, after_comma, "and") {
                index = after_comma;
            }
            Joiner::And
        }
        _ => return None,
    };
    Some((skip_space(index + 1), found))
}

/// An optional `, 2020` or ` 2020` after a date; returns the index after it and the year.
fn year_after(tokens: &[Token<'_>], index: usize) -> (usize, Option<i32>) {
    let mut at = index;
    if is(tokens, at, ",") {
        at += 1;
    }
    if is_space(tokens, at)
        && let Some(year) = number(tokens, at + 1, 4).filter(|year| (1900..=2199).contains(year))
        && tokens
            .get(at + 1)
            .is_some_and(|token| token.text.len() == 4)
    {
        return (at + 2, Some(year as i32));
    }
    (index, None)
}

type DayMatch = (usize, Vec<u32>, Vec<Joiner>, u32, Option<i32>);

/// `3 Feb`, `20 and 21 Feb 2020`, `4–7 February`, `3rd of March`.
fn match_day_first(tokens: &[Token<'_>], start: usize) -> Option<DayMatch> {
    let first = number(tokens, start, 2).filter(|day| valid_day(*day))?;
    let mut days = vec![first];
    let mut joiners = Vec::new();
    let mut index = after_ordinal(tokens, start + 1);
    while let Some((next, found)) = joiner(tokens, index) {
        let Some(day) = number(tokens, next, 2).filter(|day| valid_day(*day)) else {
            break;
        };
        days.push(day);
        joiners.push(found);
        index = after_ordinal(tokens, next + 1);
    }
    if !is_space(tokens, index) {
        return None;
    }
    let mut month_index = index + 1;
    if is(tokens, month_index, "of") && is_space(tokens, month_index + 1) {
        month_index += 2;
    }
    let month = month(tokens, month_index)?;
    let (end, year) = year_after(tokens, month_index + 1);
    Some((end, days, joiners, month, year))
}

/// `February 16`, `Feb 20 and 21, 2020`, or a month and year alone (`July 2020`).
fn match_month_first(tokens: &[Token<'_>], start: usize) -> Option<DayMatch> {
    let month = month(tokens, start)?;
    if !is_space(tokens, start + 1) {
        return None;
    }
    if let Some(token) = tokens.get(start + 2)
        && token.kind == Kind::Number
        && token.text.len() == 4
    {
        let (end, year) = year_after(tokens, start + 1);
        return year.map(|_| (end, Vec::new(), Vec::new(), month, year));
    }
    let first = number(tokens, start + 2, 2).filter(|day| valid_day(*day))?;
    let mut days = vec![first];
    let mut joiners = Vec::new();
    let mut index = after_ordinal(tokens, start + 3);
    while let Some((next, found)) = joiner(tokens, index) {
        let Some(day) = number(tokens, next, 2).filter(|day| valid_day(*day)) else {
            break;
        };
        days.push(day);
        joiners.push(found);
        index = after_ordinal(tokens, next + 1);
    }
    let (end, year) = year_after(tokens, index);
    Some((end, days, joiners, month, year))
}

/// `2020-02-20`, optionally with `T14:30` or `T14:30:00`.
fn match_iso(tokens: &[Token<'_>], start: usize) -> Option<(usize, NaiveDate)> {
    let year = number(tokens, start, 4)
        .filter(|_| tokens.get(start).is_some_and(|t| t.text.len() == 4))?;
    if !(is(tokens, start + 1, "-") && is(tokens, start + 3, "-")) {
        return None;
    }
    let month = number(tokens, start + 2, 2)?;
    // The day may run into `T14`: `20T14` tokenizes as `20`, `T`, `14`.
    let day = number(tokens, start + 4, 2)?;
    let date = NaiveDate::from_ymd_opt(year as i32, month, day)?;
    let mut end = start + 5;
    if is(tokens, end, "T") && number(tokens, end + 1, 2).is_some() {
        end += 2;
        while is(tokens, end, ":") && number(tokens, end + 1, 2).is_some() {
            end += 2;
        }
    }
    Some((end, date))
}

/// `20/02/2020`, `2.20.20`: day and month order is ambiguous, so these are removed.
fn match_numeric(tokens: &[Token<'_>], start: usize) -> Option<usize> {
    let first = number(tokens, start, 2)?;
    let separator = tokens.get(start + 1)?.text;
    if !matches!(separator, "/" | ".") || !is(tokens, start + 3, separator) {
        return None;
    }
    let second = number(tokens, start + 2, 2)?;
    let year_token = tokens.get(start + 4)?;
    let plausible = valid_day(first)
        && valid_day(second)
        && year_token.kind == Kind::Number
        && matches!(year_token.text.len(), 2 | 4);
    plausible.then_some(start + 5)
}

/// `Loudi Central Hospital`, `Tongji Hospital of …`: capitalised words ending in a word for
/// a hospital. Returns the index after the name.
fn match_hospital(tokens: &[Token<'_>], start: usize) -> Option<usize> {
    const INSTITUTIONS: [&str; 6] = [
        "Hospital",
        "Hospitals",
        "Clinic",
        "Infirmary",
        "Sanatorium",
        "Hospice",
    ];
    let capitalised = |index: usize| {
        tokens.get(index).is_some_and(|token| {
            token.kind == Kind::Word && token.text.starts_with(|c: char| c.is_uppercase())
        })
    };
    if !capitalised(start) || INSTITUTIONS.contains(&tokens.get(start)?.text) {
        return None;
    }
    let mut index = start;
    while capitalised(index) && is_space(tokens, index + 1) {
        let next = index + 2;
        if tokens
            .get(next)
            .is_some_and(|token| INSTITUTIONS.contains(&token.text))
        {
            let mut end = next + 1;
            // `… Hospital of Tongji Medical College`
            if is_space(tokens, end) && is(tokens, end + 1, "of") && is_space(tokens, end + 2) {
                let mut after = end + 3;
                while capitalised(after) {
                    end = after + 1;
                    if !is_space(tokens, end) || !capitalised(end + 1) {
                        break;
                    }
                    after = end + 1;
                }
            }
            return Some(end);
        }
        if !capitalised(next) {
            return None;
        }
        index = next;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::TimeAnchors;

    fn peng() -> Timeline {
        let date = |month, day| NaiveDate::from_ymd_opt(2020, month, day).map(CaseTime::Date);
        Timeline::from_anchors(
            &TimeAnchors {
                symptom_onset: date(1, 25),
                admission: date(2, 3),
                discharge: date(3, 6),
            },
            None,
        )
    }

    fn scrub(text: &str) -> String {
        let timeline = peng();
        Scrubber::new(&timeline).scrub(text)
    }

    #[test]
    fn dates_in_prose_become_illness_days() {
        assert_eq!(
            scrub("positive on 3 Feb 2020."),
            "positive on illness day 10."
        );
        assert_eq!(
            scrub("convalescent plasma (20 and 21 Feb)"),
            "convalescent plasma (illness days 27 and 28)"
        );
        assert_eq!(
            scrub("storms of 4–7 Feb and 15–16 Feb"),
            "storms of illness days 11–14 and illness days 22–23"
        );
        assert_eq!(
            scrub("MSCs on 24 Feb, 27 Feb, 1 Mar"),
            "MSCs on illness day 31, illness day 34, illness day 37"
        );
        assert_eq!(
            scrub("peaks (February 7 and February 16)"),
            "peaks (illness day 14 and illness day 23)"
        );
        assert_eq!(
            scrub("Dated 29 Feb (illness day 36)"),
            "Dated illness day 36 (illness day 36)"
        );
        assert_eq!(scrub("at 2020-02-20T14:30 the"), "at illness day 27 the");
    }

    #[test]
    fn ambiguous_or_partial_dates_are_removed() {
        assert_eq!(scrub("seen 20/02/2020"), "seen [date removed]");
        assert_eq!(scrub("published July 2020."), "published [date removed].");
    }

    #[test]
    fn ordinary_numbers_and_words_are_left_alone() {
        let text = "May be related; 40–55 drops/min, 1 × 10⁶ cells/kg, 95.78 % viable, 3 times.";
        assert_eq!(scrub(text), text);
        assert_eq!(
            scrub("the march of the disease"),
            "the march of the disease"
        );
    }

    #[test]
    fn hospital_names_are_removed() {
        assert_eq!(
            scrub("admitted to the isolation ward of Loudi Central Hospital, Hunan, China"),
            "admitted to the isolation ward of [hospital name removed], Hunan, China"
        );
        assert_eq!(
            scrub("Tongji Hospital of Huazhong University admitted"),
            "[hospital name removed] admitted"
        );
        assert_eq!(scrub("the Hospital was full"), "the Hospital was full");
    }

    #[test]
    fn the_source_id_is_removed_where_it_stands_alone() {
        let timeline = peng();
        let scrubber = Scrubber::new(&timeline).with_identifier(Some(" MRN-0048213 "));
        assert_eq!(
            scrubber.scrub("Patient MRN-0048213 (mrn-0048213), seen 3 Feb 2020"),
            "Patient [identifier removed] ([identifier removed]), seen illness day 10"
        );
        assert_eq!(
            scrubber.scrub("MRN-00482134 and XMRN-0048213 are other records"),
            "MRN-00482134 and XMRN-0048213 are other records"
        );
        assert!(scrubber.names_identifier("Patient MRN-0048213 of 40"));
        assert!(!scrubber.names_identifier("Patient 3 of 40"));
    }

    #[test]
    fn without_anchors_dates_are_removed_not_converted() {
        // Calendar dates but no onset or admission: nothing to count days from.
        let timeline =
            Timeline::from_anchors(&TimeAnchors::default(), NaiveDate::from_ymd_opt(2020, 2, 1));
        let scrubber = Scrubber::new(&timeline);
        assert_eq!(scrubber.basis(), DayBasis::None);
        assert_eq!(scrubber.scrub("on 3 Feb 2020"), "on [date removed]");
    }
}
