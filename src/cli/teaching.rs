//! `caselens episodes` and `caselens check`: suggested cytokine-storm episodes and guideline
//! findings, for scripts and teaching.
//!
//! Both print the rule or criteria they apply, every value a finding rests on (marked when it
//! is an illustrative reconstruction), and say plainly when the data cannot answer. They exit
//! 0 whenever the file loads, whatever they find; a file that does not load is an error.

use std::io::Write;
use std::path::PathBuf;

use super::check::{CriteriaChoice, write_check};
use crate::analysis::episodes::{StormRule, StormSuggestions, SuggestedEpisode, suggest_episodes};
use crate::analysis::evidence::MarkerValue;
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
    /// Whose criteria for severe illness to apply.
    #[arg(long, value_enum, default_value_t = CriteriaChoice::Both)]
    pub criteria: CriteriaChoice,
}

pub fn run_episodes(args: EpisodesArgs, out: &mut dyn Write, err: &mut dyn Write) -> bool {
    let Some(case) = load(&args.file, err) else {
        return false;
    };
    let suggestions = suggest_episodes(&case, &StormRule::default());
    let timeline = Timeline::for_case(&case);
    // Output that could not be written fails the command (the edge says why).
    write_episodes(&case, &timeline, &suggestions, out).is_ok()
}

pub fn run_check(args: CheckArgs, out: &mut dyn Write, err: &mut dyn Write) -> bool {
    let Some(case) = load(&args.file, err) else {
        return false;
    };
    write_header(&case, out)
        .and_then(|()| write_check(&case, args.criteria, out))
        .is_ok()
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
    writeln!(out, "  {}", suggested.strength_text())?;
    writeln!(
        out,
        "  values behind it: {}",
        suggested.evidence_provenance()
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
