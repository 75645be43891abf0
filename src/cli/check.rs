//! `caselens check`: the criteria for severe illness of one or both named sources, and the
//! review's advice on plasma timing, with every value a finding rests on and what each count
//! rests on (measured, published, reconstructed).

use std::io::Write;

use crate::analysis::guidelines::{
    CriteriaSet, CriterionAssessment, CriterionOutcome, GuidelineFindings,
    PLASMA_FIRST_WEEK_LAST_DAY, PLASMA_LATEST_USEFUL_ILLNESS_DAY, PlasmaTiming, Threshold,
    check_criteria,
};
use crate::analysis::time_axis::describe_time;
use crate::model::{Case, Timeline};

/// Which criteria for severe illness `check` applies.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum CriteriaChoice {
    /// The review by Altintas: > 30/min, < 93 % under oxygen, < 300 mmHg.
    Review,
    /// The Chinese national guideline cited by Peng et al.: ≥ 30/min, ≤ 93 % at rest, ≤ 300 mmHg.
    ChineseGuideline,
    /// Both, one after the other.
    #[default]
    Both,
}

impl CriteriaChoice {
    pub fn sets(self) -> Vec<CriteriaSet> {
        match self {
            Self::Review => vec![CriteriaSet::Review],
            Self::ChineseGuideline => vec![CriteriaSet::ChineseGuideline],
            Self::Both => CriteriaSet::ALL.to_vec(),
        }
    }
}

pub(super) fn write_check(
    case: &Case,
    choice: CriteriaChoice,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let timeline = Timeline::for_case(case);
    let mut plasma = Vec::new();
    for set in choice.sets() {
        let findings = check_criteria(case, set);
        write_severe(&timeline, &findings, out)?;
        writeln!(out)?;
        plasma = findings.plasma;
    }
    writeln!(
        out,
        "Convalescent plasma timing (review: most effective up to illness day {PLASMA_FIRST_WEEK_LAST_DAY}, \
         possibly ineffective after illness day {PLASMA_LATEST_USEFUL_ILLNESS_DAY}):"
    )?;
    if plasma.is_empty() {
        writeln!(out, "  no convalescent plasma in the case")?;
    }
    for timing in &plasma {
        write_plasma(timing, out)?;
    }
    Ok(())
}

fn plural(count: usize) -> &'static str {
    if count == 1 { "" } else { "s" }
}

fn write_severe(
    timeline: &Timeline,
    findings: &GuidelineFindings,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let set = findings.set;
    writeln!(
        out,
        "Severe illness, criteria of {} ({}):",
        set.name(),
        set.source()
    )?;
    match findings.first_severe_day() {
        Some(first) => {
            let day_text = first.time.map_or_else(
                || format!("day {}", first.day),
                |time| describe_time(timeline, time),
            );
            writeln!(out, "  criteria first met on {day_text}:")?;
            for (criterion, value) in &first.met {
                writeln!(out, "    {}: {value}", criterion.label_in(set))?;
            }
            writeln!(
                out,
                "  days meeting the criteria: {}",
                findings.severe_days_basis()
            )?;
        }
        None => writeln!(
            out,
            "  no day met a respiratory criterion in the data (or none could be assessed; see below)"
        )?,
    }
    writeln!(out, "  each criterion over the stay:")?;
    for assessment in &findings.criteria {
        write_criterion(set, assessment, out)?;
    }
    for limitation in set.limitations() {
        writeln!(out, "  ({limitation})")?;
    }
    Ok(())
}

fn write_criterion(
    set: CriteriaSet,
    assessment: &CriterionAssessment,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    // Fixed thresholds are in the label already; reference limits depend on the series.
    let limit = match (
        assessment.criterion.threshold_in(set),
        &assessment.applied_limit,
    ) {
        (Threshold::AboveReference | Threshold::BelowReference, Some(limit)) => {
            format!(" [{limit}]")
        }
        _ => String::new(),
    };
    let outcome = match &assessment.outcome {
        CriterionOutcome::NotAssessable(reason) => format!("not assessable: {reason}"),
        CriterionOutcome::NotMet { values_checked } => format!(
            "not met in {values_checked} value{} ({})",
            plural(*values_checked),
            assessment.checked
        ),
        CriterionOutcome::Met(values) => match values.first() {
            Some(first) => format!(
                "met by {} of {} value{} ({}), first {first}",
                values.len(),
                assessment.checked.total(),
                plural(assessment.checked.total()),
                assessment.met_provenance()
            ),
            None => "met".to_owned(),
        },
    };
    writeln!(
        out,
        "    {}{limit}: {outcome}",
        assessment.criterion.label_in(set)
    )?;
    for left_out in &assessment.left_out {
        writeln!(
            out,
            "      left out: {} ({})",
            left_out.value,
            left_out.reason.label()
        )?;
    }
    Ok(())
}

fn write_plasma(timing: &PlasmaTiming, out: &mut dyn Write) -> std::io::Result<()> {
    let reconstructed = if timing.dates_reconstructed {
        " (dates reconstructed)"
    } else {
        ""
    };
    match &timing.outcome {
        Err(reason) => writeln!(
            out,
            "  {}{reconstructed}: not assessable: {reason}",
            timing.name
        ),
        Ok(assessed) => {
            writeln!(
                out,
                "  {}{reconstructed}, illness days counted from symptom onset {}:",
                timing.name, assessed.onset
            )?;
            for dose in &assessed.doses {
                writeln!(
                    out,
                    "    dose on {} (illness day {}): {}",
                    dose.time,
                    dose.illness_day,
                    dose.window.label()
                )?;
            }
            Ok(())
        }
    }
}
