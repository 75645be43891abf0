//! `caselens episodes` and `caselens check`: suggested cytokine-storm episodes and guideline
//! findings, for scripts and teaching.
//!
//! Both print the rule or criteria they apply, every value a finding rests on (marked when it
//! is an illustrative reconstruction), and say plainly when the data cannot answer. They exit
//! 0 whenever the file loads, whatever they find; a file that does not load is an error.

use std::io::Write;
use std::path::PathBuf;

use crate::analysis::episodes::{StormRule, StormSuggestions, SuggestedEpisode, suggest_episodes};
use crate::analysis::evidence::MarkerValue;
use crate::analysis::guidelines::{
    CriterionOutcome, GuidelineFindings, PLASMA_FIRST_WEEK_LAST_DAY,
    PLASMA_LATEST_USEFUL_ILLNESS_DAY, PlasmaTiming, Threshold, check_guidelines,
};
use crate::analysis::time_axis::describe_time;
use crate::io::load_case;
use crate::model::{Case, CaseTime, EpisodeOrigin, Timeline};

/// Arguments of `caselens episodes`.
#[derive(Debug, clap::Args)]
pub struct EpisodesArgs {
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
}

/// Arguments of `caselens check`.
#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
}

pub fn run_episodes(args: EpisodesArgs, out: &mut dyn Write, err: &mut dyn Write) -> bool {
    let Some(case) = load(&args.file, err) else {
        return false;
    };
    let suggestions = suggest_episodes(&case, &StormRule::default());
    let timeline = Timeline::for_case(&case);
    let _ = write_episodes(&case, &timeline, &suggestions, out);
    true
}

pub fn run_check(args: CheckArgs, out: &mut dyn Write, err: &mut dyn Write) -> bool {
    let Some(case) = load(&args.file, err) else {
        return false;
    };
    let findings = check_guidelines(&case);
    let timeline = Timeline::for_case(&case);
    let _ = write_findings(&case, &timeline, &findings, out);
    true
}

fn load(path: &std::path::Path, err: &mut dyn Write) -> Option<Case> {
    match load_case(path) {
        Ok(loaded) => Some(loaded.case),
        Err(error) => {
            let _ = writeln!(err, "{error}");
            None
        }
    }
}

fn write_header(case: &Case, out: &mut dyn Write) -> std::io::Result<()> {
    writeln!(out, "{}", case.metadata.title)?;
    if case.metadata.illustrative {
        writeln!(
            out,
            "Note: some values of this case are illustrative reconstructions, not measurements; \
             each value below says which."
        )?;
    }
    writeln!(out)
}

fn when(timeline: &Timeline, time: CaseTime) -> String {
    describe_time(timeline, time)
}

fn write_episodes(
    case: &Case,
    timeline: &Timeline,
    suggestions: &StormSuggestions,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    write_header(case, out)?;
    writeln!(out, "Rule for suggested cytokine-storm episodes:")?;
    for line in suggestions.rule.describe() {
        writeln!(out, "  - {line}")?;
    }
    let lymphocytes = suggestions.lymphocyte_marker.as_deref().unwrap_or("none");
    writeln!(
        out,
        "Markers used: inflammation {}; lymphocytes {lymphocytes}; oxygenation {}",
        list_or_none(&suggestions.inflammatory_markers),
        list_or_none(&suggestions.oxygenation_markers)
    )?;
    writeln!(out)?;
    if !suggestions.silent_because.is_empty() {
        writeln!(
            out,
            "No suggestion: the rule cannot be applied to this case."
        )?;
        for reason in &suggestions.silent_because {
            writeln!(out, "  - the rule {reason}")?;
        }
        return Ok(());
    }
    match suggestions.episodes.len() {
        0 => return writeln!(out, "No suggested episodes: no day met the rule."),
        1 => writeln!(out, "1 suggested episode:")?,
        count => writeln!(out, "{count} suggested episodes:")?,
    }
    for suggested in &suggestions.episodes {
        writeln!(out)?;
        write_episode(case, timeline, suggested, out)?;
    }
    Ok(())
}

fn write_episode(
    case: &Case,
    timeline: &Timeline,
    suggested: &SuggestedEpisode,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let span = suggested.episode.span;
    writeln!(
        out,
        "{}: {} to {}",
        suggested.episode.label,
        when(timeline, span.start),
        when(timeline, span.end)
    )?;
    let rising = suggested.rising_marker_days();
    let assessed = suggested.assessed_marker_days();
    writeln!(
        out,
        "  strength {:.2}: {rising} of {assessed} sampled marker-days rising",
        suggested.strength
    )?;
    for existing in suggested
        .overlaps
        .iter()
        .filter_map(|&index| case.episodes.get(index))
    {
        let origin = match existing.origin {
            EpisodeOrigin::Publication => "from the publication",
            EpisodeOrigin::Reviewer => "marked by a reviewer",
        };
        writeln!(
            out,
            "  overlaps the case's episode “{}” ({origin})",
            existing.label
        )?;
    }
    for day in &suggested.days {
        let day_time = crate::analysis::evidence::time_for_day(timeline, day.day);
        let day_text =
            day_time.map_or_else(|| format!("day {}", day.day), |time| when(timeline, time));
        writeln!(out, "  {day_text}:")?;
        for rise in &day.rises {
            writeln!(
                out,
                "    rising: {}; {:.2}× the lowest of the look-back days, {}",
                rise.value,
                rise.ratio,
                short(&rise.baseline)
            )?;
        }
        writeln!(out, "    lymphocytes: {}", day.lymphocytes)?;
        for gate in &day.oxygenation {
            writeln!(out, "    oxygenation: {gate}")?;
        }
    }
    Ok(())
}

/// A cited value without its name: `28.5 mg/L on 3 Feb 2020`.
fn short(value: &MarkerValue) -> String {
    format!("{} on {}", value.value_text(), value.time)
}

fn list_or_none(markers: &[String]) -> String {
    if markers.is_empty() {
        "none".to_owned()
    } else {
        markers.join(", ")
    }
}

fn write_findings(
    case: &Case,
    timeline: &Timeline,
    findings: &GuidelineFindings,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    write_header(case, out)?;
    writeln!(out, "Severe illness (criteria of the review by Altintas):")?;
    match findings.first_severe_day() {
        Some(first) => {
            let day_text = first
                .time
                .map_or_else(|| format!("day {}", first.day), |time| when(timeline, time));
            writeln!(out, "  criteria first met on {day_text}:")?;
            for (criterion, value) in &first.met {
                writeln!(out, "    {}: {value}", criterion.label())?;
            }
            writeln!(
                out,
                "  days meeting the criteria: {}",
                findings.severe_days.len()
            )?;
        }
        None => writeln!(
            out,
            "  no day met a respiratory criterion in the data (or none could be assessed; see below)"
        )?,
    }
    writeln!(out, "  each criterion over the stay:")?;
    for assessment in &findings.criteria {
        // Fixed thresholds are in the label already; reference limits depend on the series.
        let limit = match (assessment.criterion.threshold(), &assessment.applied_limit) {
            (Threshold::AboveReference | Threshold::BelowReference, Some(limit)) => {
                format!(" [{limit}]")
            }
            _ => String::new(),
        };
        let outcome = match &assessment.outcome {
            CriterionOutcome::NotAssessable(reason) => format!("not assessable: {reason}"),
            CriterionOutcome::NotMet { values_checked } => {
                format!(
                    "not met in {values_checked} value{}",
                    if *values_checked == 1 { "" } else { "s" }
                )
            }
            CriterionOutcome::Met(values) => match values.first() {
                Some(first) => format!(
                    "met by {} value{}, first {first}",
                    values.len(),
                    if values.len() == 1 { "" } else { "s" }
                ),
                None => "met".to_owned(),
            },
        };
        writeln!(
            out,
            "    {}{limit}: {outcome}",
            assessment.criterion.label()
        )?;
    }
    writeln!(
        out,
        "  (SpO₂: the review says < 93 % under oxygen support; a series does not record whether \
         a reading was on oxygen, so every reading is checked. Chest CT, ventilation, SOFA score \
         and vasopressors are not assessed.)"
    )?;
    writeln!(out)?;
    writeln!(
        out,
        "Convalescent plasma timing (review: most effective up to illness day {PLASMA_FIRST_WEEK_LAST_DAY}, \
         possibly ineffective after illness day {PLASMA_LATEST_USEFUL_ILLNESS_DAY}):"
    )?;
    if findings.plasma.is_empty() {
        writeln!(out, "  no convalescent plasma in the case")?;
    }
    for timing in &findings.plasma {
        write_plasma(timing, out)?;
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
