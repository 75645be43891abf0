//! `caselens cohort build|info|check`: reference cohorts for the trajectory bands and the
//! published survival rule. Every output names the cohort and its attribution.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::analysis::cohort::check::{CohortCheck, check_cohort};
use crate::analysis::cohort::rule::{CAVEAT, CITATION, RULE_TEXT};
use crate::analysis::cohort::{BuildReport, build_cohort};
use crate::io::cohort_file::{bundled_tongji, read_cohort_file, write_cohort_file};
use crate::io::import::{ImportOptions, MappingOverride, import_file};
use crate::model::{Cohort, CohortOutcome};

/// Arguments of `caselens cohort`.
#[derive(Debug, clap::Args)]
pub struct CohortArgs {
    #[command(subcommand)]
    pub command: CohortCommand,
}

#[derive(Debug, clap::Subcommand)]
pub enum CohortCommand {
    /// Build a cohort file from an export that states outcomes (CSV, XLSX, FHIR).
    Build(BuildArgs),
    /// Print patients, outcomes, analytes and samples per analyte.
    Info {
        /// The cohort file; the bundled Tongji cohort when left out.
        #[arg(value_name = "COHORT")]
        cohort: Option<PathBuf>,
    },
    /// Apply the published survival rule to every patient's last values; print the
    /// confusion matrix, accuracy and the patients it could not assess.
    Check {
        /// The cohort file; the bundled Tongji cohort when left out.
        #[arg(value_name = "COHORT")]
        cohort: Option<PathBuf>,
    },
    /// Apply the published survival rule to a case, on every day it has LDH, hs-CRP or
    /// lymphocytes (%), with the values used.
    Rule {
        #[arg(value_name = "FILE")]
        file: PathBuf,
    },
}

/// Arguments of `caselens cohort build`.
#[derive(Debug, clap::Args)]
pub struct BuildArgs {
    /// The export: .csv, .xlsx or a FHIR R4 Bundle (.json), with an outcome per patient.
    #[arg(value_name = "EXPORT")]
    pub export: PathBuf,
    /// The cohort file to write (Arrow IPC).
    #[arg(long, value_name = "COHORT")]
    pub out: PathBuf,
    /// The worksheet to read from a workbook (the first one by default).
    #[arg(long, value_name = "NAME")]
    pub sheet: Option<String>,
    /// Changes the detected mapping, as for `caselens import`. Repeat for several columns.
    #[arg(long = "mapping", value_name = "COLUMN=MARKER")]
    pub mapping: Vec<MappingOverride>,
    /// The cohort's short name, shown on every band (default: the export's file name).
    #[arg(long, value_name = "TEXT")]
    pub name: Option<String>,
    /// Source, citation and licence, shown wherever the cohort is used.
    #[arg(long, value_name = "TEXT")]
    pub attribution: Option<String>,
}

pub fn run(args: CohortArgs, out: &mut dyn Write, err: &mut dyn Write) -> bool {
    match args.command {
        CohortCommand::Build(args) => run_build(args, out, err),
        CohortCommand::Info { cohort } => match load(cohort.as_deref(), err) {
            Some(cohort) => write_info(&cohort, out).is_ok(),
            None => false,
        },
        CohortCommand::Check { cohort } => match load(cohort.as_deref(), err) {
            Some(cohort) => {
                let check = check_cohort(&cohort);
                write_check(&cohort, &check, out).is_ok()
            }
            None => false,
        },
        CohortCommand::Rule { file } => match crate::io::load_case(&file) {
            Ok(loaded) => write_case_rule(&loaded.case, out).is_ok(),
            Err(error) => {
                let _ = writeln!(err, "{error}");
                false
            }
        },
    }
}

fn write_case_rule(case: &crate::model::Case, out: &mut dyn Write) -> std::io::Result<()> {
    use crate::analysis::cohort::rule::{RuleResult, rule_by_day};
    use crate::analysis::time_axis::describe_time;
    let timeline = crate::model::Timeline::for_case(case);
    writeln!(out, "{}", case.metadata.title)?;
    writeln!(out, "Rule: {RULE_TEXT}")?;
    writeln!(out, "From: {CITATION}")?;
    if case.metadata.illustrative {
        writeln!(
            out,
            "Note: some values of this case are illustrative reconstructions, not measurements."
        )?;
    }
    let check = rule_by_day(case);
    for reason in &check.unusable {
        writeln!(out, "{reason}")?;
    }
    if check.days.is_empty() {
        writeln!(
            out,
            "The case has no LDH (U/L), hs-CRP (mg/L) or lymphocytes (%) to apply the rule to."
        )?;
    }
    for day in &check.days {
        let when = match timeline.date_time_at(day.day_start) {
            Some(date_time) => date_time.format("%-d %b %Y").to_string(),
            None => match timeline.hospital_day_at(day.day_start) {
                Some(hospital_day) => format!("hospital day {hospital_day}"),
                None => format!("day {}", day.day_start),
            },
        };
        let verdict = match day.result {
            RuleResult::Reached(branch) => {
                format!("{} → {}", branch.describe(), branch.prediction().label())
            }
            RuleResult::Unassessable { missing } => {
                format!("not assessable: no {} known yet", missing.label())
            }
        };
        writeln!(out, "{when}: {verdict}")?;
        for used in &day.used {
            let converted = used
                .original
                .as_ref()
                .map(|(value, unit)| format!(", converted exactly from {value} {unit}"))
                .unwrap_or_default();
            writeln!(
                out,
                "    {} {} {} ({}{converted})",
                used.analyte.label(),
                used.value,
                used.analyte.unit(),
                describe_time(&timeline, used.time)
            )?;
        }
    }
    writeln!(out, "Caveat: {CAVEAT}")
}

fn load(path: Option<&Path>, err: &mut dyn Write) -> Option<Cohort> {
    let loaded = match path {
        Some(path) => read_cohort_file(path),
        None => bundled_tongji(),
    };
    loaded
        .map_err(|error| {
            let _ = writeln!(err, "{error}");
        })
        .ok()
}

fn run_build(args: BuildArgs, out: &mut dyn Write, err: &mut dyn Write) -> bool {
    let options = ImportOptions {
        sheet: args.sheet.clone(),
        mapping: args.mapping.clone(),
        date_order: None,
        label: None,
        ..ImportOptions::default()
    };
    let imported = match import_file(&args.export, &options) {
        Ok(imported) => imported,
        Err(error) => {
            let _ = writeln!(err, "{error}");
            return false;
        }
    };
    let cases: Vec<_> = imported
        .patients
        .into_iter()
        .map(|patient| patient.case)
        .collect();
    let name = args.name.unwrap_or_else(|| imported.origin.clone());
    let attribution = args
        .attribution
        .unwrap_or_else(|| format!("built from {}", imported.origin));
    let (cohort, report) = build_cohort(&cases, &name, &attribution);
    if cohort.patients.is_empty() {
        let _ = writeln!(
            err,
            "{}: no patient has both an outcome and a dated admission, so there is no cohort to write; map the outcome, admission and discharge columns (--mapping COLUMN=outcome)",
            args.export.display()
        );
        return false;
    }
    if let Err(error) = write_cohort_file(&args.out, &cohort) {
        let _ = writeln!(err, "{error}");
        return false;
    }
    // A summary that could not be printed fails the command (the edge says why).
    write_build_summary(&args.out, &cohort, &report, out).is_ok()
}

fn write_build_summary(
    path: &Path,
    cohort: &Cohort,
    report: &BuildReport,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let (survived, died) = cohort.outcome_counts();
    writeln!(
        out,
        "{}: {} patients ({survived} survived, {died} died) of {} in the export, {} analytes, {} samples",
        path.display(),
        cohort.patients.len(),
        report.cases,
        cohort.analytes.len(),
        cohort.sample_count()
    )?;
    let left_out = [
        (
            report.without_outcome,
            "patients without an outcome left out",
        ),
        (
            report.without_admission,
            "patients without a dated admission left out",
        ),
        (
            report.unplaced_samples,
            "samples whose time could not be placed left out",
        ),
        (report.series_without_unit, "series without a unit left out"),
        (
            report.censored_kept,
            "censored values (<x, >x) kept at their stated bound",
        ),
    ];
    for (count, what) in left_out {
        if count > 0 {
            writeln!(out, "  {count} {what}")?;
        }
    }
    Ok(())
}

fn write_attribution(cohort: &Cohort, out: &mut dyn Write) -> std::io::Result<()> {
    writeln!(out, "Cohort: {}", cohort.name)?;
    writeln!(out, "Source: {}", cohort.attribution)
}

fn write_info(cohort: &Cohort, out: &mut dyn Write) -> std::io::Result<()> {
    write_attribution(cohort, out)?;
    let (survived, died) = cohort.outcome_counts();
    writeln!(
        out,
        "Patients: {} ({survived} survived, {died} died)",
        cohort.patients.len()
    )?;
    let ages: Vec<u32> = cohort
        .patients
        .iter()
        .filter_map(|patient| patient.age_years)
        .collect();
    if let (Some(youngest), Some(oldest)) = (ages.iter().min(), ages.iter().max()) {
        writeln!(
            out,
            "Ages: {youngest}–{oldest} years ({} of {} patients give an age)",
            ages.len(),
            cohort.patients.len()
        )?;
    }
    let with_sex = cohort
        .patients
        .iter()
        .filter(|patient| patient.sex.is_some())
        .count();
    writeln!(
        out,
        "Sex recorded for {with_sex} of {} patients",
        cohort.patients.len()
    )?;
    writeln!(
        out,
        "Analytes: {} ({} samples)",
        cohort.analytes.len(),
        cohort.sample_count()
    )?;
    writeln!(out, "  samples  patients  unit  analyte")?;
    for analyte in &cohort.analytes {
        let patients = analyte.samples.patient_runs().count();
        writeln!(
            out,
            "  {:>7}  {:>8}  {}  {} ({})",
            analyte.samples.len(),
            patients,
            analyte.unit,
            analyte.name,
            analyte.marker
        )?;
    }
    Ok(())
}

fn percent(value: Option<f64>) -> String {
    value.map_or_else(
        || "n/a".to_owned(),
        |value| format!("{:.1} %", value * 100.0),
    )
}

fn write_check(cohort: &Cohort, check: &CohortCheck, out: &mut dyn Write) -> std::io::Result<()> {
    write_attribution(cohort, out)?;
    writeln!(out, "Rule: {RULE_TEXT}")?;
    writeln!(out, "From: {CITATION}")?;
    writeln!(out, "Applied to each patient's last value of each analyte.")?;
    for analyte in &check.absent_analytes {
        writeln!(
            out,
            "The cohort has no {} in {} or a unit that converts exactly to it.",
            analyte.label(),
            analyte.unit()
        )?;
    }
    writeln!(out)?;
    writeln!(
        out,
        "                     predicted survival  predicted death"
    )?;
    for (index, outcome) in CohortOutcome::BOTH.iter().enumerate() {
        writeln!(
            out,
            "{:<20} {:>18}  {:>15}",
            format!("{} ", outcome.label()),
            check.matrix[index][0],
            check.matrix[index][1]
        )?;
    }
    writeln!(out)?;
    let (survived, died) = cohort.outcome_counts();
    writeln!(
        out,
        "Assessed: {} of {} patients; accuracy {} ({} of {} right)",
        check.assessed(),
        cohort.patients.len(),
        percent(check.accuracy()),
        check.matrix[0][0] + check.matrix[1][1],
        check.assessed()
    )?;
    writeln!(
        out,
        "Deaths predicted: {}; survivors predicted to survive: {}",
        percent(check.death_sensitivity()),
        percent(check.survival_specificity())
    )?;
    writeln!(
        out,
        "Not assessable: {} patients ({} of {survived} survivors, {} of {died} deaths)",
        check.unassessable[0] + check.unassessable[1],
        check.unassessable[0],
        check.unassessable[1]
    )?;
    for (analyte, count) in &check.missing {
        writeln!(out, "  {count} without a usable {}", analyte.label())?;
    }
    writeln!(out, "Branches reached:")?;
    for (branch, count) in &check.branches {
        writeln!(out, "  {count:>4}  {}", branch.describe())?;
    }
    writeln!(out)?;
    writeln!(out, "Caveat: {CAVEAT}")
}
