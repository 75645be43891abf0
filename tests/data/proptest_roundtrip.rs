//! Property test: any valid case the model can hold survives save → load unchanged, and its
//! canonical text is stable (saving the loaded case again writes the same bytes).
//!
//! The strategies build valid cases by construction rather than by filtering: a stay is drawn
//! first (calendar dates, or hospital days only, or illness days only), and every time in the
//! case is then a day offset from admission written in one of the forms that stay allows
//! (`Date`, `DateTime` to the minute, `HospitalDay`, `IllnessDay`). Series times are distinct
//! offsets in order; interventions and imaging lie within the stay. Text is arbitrary Unicode,
//! numbers any finite `f64`. The generated case is itself checked against `validate`, so the
//! generator cannot drift into testing only refusals.
// `..Default::default()` on structs whose fields are all set today keeps the strategies
// compiling when the model gains optional fields; the test then still covers the rest.
#![allow(clippy::needless_update)]

use caselens::io::{parse_case, to_canonical_text};
use caselens::model::validate;
use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::TestRunner;

mod coverage;
mod imaging;
mod notes;
mod stay;
mod strategies;

use strategies::case_strategy;

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 160,
        ..ProptestConfig::default()
    })]

    #[test]
    fn any_valid_case_survives_save_and_load_unchanged(case in case_strategy()) {
        let report = validate(&case);
        let errors: Vec<String> = report.errors().map(ToString::to_string).collect();
        prop_assert!(errors.is_empty(), "the generator made an invalid case: {errors:#?}");

        let text = to_canonical_text(&case).expect("every valid case can be written");
        let loaded = parse_case(&text, "generated").map_err(|error| {
            TestCaseError::fail(format!("the saved text does not load: {error}\n{text}"))
        })?;
        prop_assert_eq!(&loaded.case, &case, "the case changed in save → load:\n{}", text);
        let text_again = to_canonical_text(&loaded.case).expect("serializable");
        prop_assert_eq!(text_again, text, "canonical text is not stable");
    }
}

/// The property above only proves something if the strategies reach every part of the model:
/// a few hundred cases must between them use every variant `coverage` knows.
#[test]
fn the_strategies_reach_every_part_of_the_model() {
    let mut runner = TestRunner::deterministic();
    let strategy = case_strategy();
    let mut seen = std::collections::BTreeSet::new();
    for _ in 0..400 {
        let case = strategy
            .new_tree(&mut runner)
            .expect("a case is generated")
            .current();
        coverage::features(&case, &mut seen);
    }
    let missing: Vec<&str> = coverage::ALL_FEATURES
        .iter()
        .copied()
        .filter(|feature| !seen.contains(feature))
        .collect();
    assert!(missing.is_empty(), "never generated: {missing:?}");
}
