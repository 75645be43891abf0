//! `caselens import`: lab exports (CSV, XLSX, FHIR) to case files, one per patient, with a
//! summary of what was mapped, converted, rejected and skipped. The same export imported
//! twice gives byte-identical case files.
//!
//! Files are named by each patient's position in the export unless `--file-names id` asks
//! for the export's ids (MRNs, often), so that identifiers do not spread with file names; the
//! link from file to id is printed for the reviewer and written nowhere.

use std::io::Write;
use std::path::PathBuf;

use super::error::CliError;
use crate::io::import::{
    DateOrder, EntryKind, ImportOptions, ImportOutcome, ImportedPatient, MappingOverride,
    MatchedBy, ambiguous_name, column_letters, import_file,
};
use crate::io::save_many::save_cases;

/// Above these sizes, writing shows its progress on stderr.
const PROGRESS_PATIENTS: usize = 200;
const PROGRESS_ROWS: usize = 20_000;
/// Rejected values listed one by one before the rest are counted.
const REJECTED_LISTED: usize = 100;

/// Arguments of `caselens import`.
#[derive(Debug, clap::Args)]
pub struct ImportArgs {
    /// The export to import: .csv, .xlsx or a FHIR R4 Bundle (.json).
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Folder to write one case file per patient into (created if missing).
    #[arg(long, value_name = "DIR")]
    pub out_dir: PathBuf,
    /// The worksheet to read from a workbook (the first visible one by default).
    #[arg(long, value_name = "NAME")]
    pub sheet: Option<String>,
    /// Changes the detected mapping: a column, test name or code, then a catalog marker
    /// (`crp`, `CRP`, `1988-5`), `custom`, `custom:UNIT`, `ignore`, or a role (`time`,
    /// `patient`, `admission`, `discharge`, `outcome`, `age`, `sex`, `test`, `value`, `unit`).
    /// Coded columns take their codes: `gender=sex:1=male,2=female`,
    /// `outcome=outcome:0=survived,1=died`. Repeat for several columns.
    #[arg(long = "mapping", value_name = "COLUMN=MARKER")]
    pub mapping: Vec<MappingOverride>,
    /// How to read slash dates such as 03/02/2020 when no date in the column settles it.
    #[arg(long, value_name = "ORDER", value_parser = parse_date_order)]
    pub date_order: Option<DateOrder>,
    /// Starts each case title: `--label Tongji` gives `Tongji patient 12 of 110 (imported
    /// from …)`, 12 being the patient's position in the export.
    #[arg(long, value_name = "TEXT")]
    pub label: Option<String>,
    /// How to name the case files: `number` by the patient's position in the export
    /// (`labs_patient_007.ron`), `id` by the export's patient id (`labs_patient_MRN-0048213.ron`),
    /// which puts identifiers into file names.
    #[arg(long, value_enum, value_name = "NAMING", default_value_t = FileNames::Number)]
    pub file_names: FileNames,
    /// Print the summary without writing case files.
    #[arg(long)]
    pub dry_run: bool,
    /// FHIR: the encounter whose stay to import (`Encounter/ID` or `ID`) when a patient has
    /// several stays; the latest inpatient stay by default.
    #[arg(long, value_name = "ENCOUNTER")]
    pub encounter: Option<String>,
    /// FHIR: list the bundle's encounters (to choose one with --encounter) and write nothing.
    #[arg(long)]
    pub list_encounters: bool,
}

/// What case files are named by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum FileNames {
    /// The patient's position in the export, zero-padded: holds no identifier.
    Number,
    /// The export's patient id, made safe for a file name.
    Id,
}

impl FileNames {
    fn stem(self, patient: &ImportedPatient) -> &str {
        match self {
            Self::Number => &patient.file_stem,
            Self::Id => &patient.id_file_stem,
        }
    }
}

fn parse_date_order(text: &str) -> Result<DateOrder, CliError> {
    match text {
        "day-first" => Ok(DateOrder::DayFirst),
        "month-first" => Ok(DateOrder::MonthFirst),
        other => Err(format!("`{other}` is neither day-first nor month-first").into()),
    }
}

pub fn run(args: ImportArgs, out: &mut dyn Write, err: &mut dyn Write) -> bool {
    let options = ImportOptions {
        sheet: args.sheet.clone(),
        mapping: args.mapping.clone(),
        date_order: args.date_order,
        label: args.label.clone(),
        encounter: args.encounter.clone(),
    };
    if args.list_encounters {
        return super::import_encounters::list(&args.file, out, err);
    }
    let outcome = match import_file(&args.file, &options) {
        Ok(outcome) => outcome,
        Err(error) => {
            let _ = writeln!(err, "{error}");
            return false;
        }
    };
    print_summary(&outcome, out);
    if args.dry_run {
        let _ = writeln!(out, "Dry run: no case files written");
        return true;
    }
    write_cases(&outcome, &args.out_dir, args.file_names, out, err)
}

fn case_file_name(patient: &ImportedPatient, names: FileNames) -> String {
    format!(
        "{}.{}",
        names.stem(patient),
        crate::io::case_file::CASE_FILE_EXTENSION
    )
}

fn write_cases(
    outcome: &ImportOutcome,
    out_dir: &std::path::Path,
    names: FileNames,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> bool {
    if let Err(error) = std::fs::create_dir_all(out_dir) {
        let _ = writeln!(err, "could not create {}: {error}", out_dir.display());
        return false;
    }
    let total = outcome.patients.len();
    let show_progress = total >= PROGRESS_PATIENTS || outcome.report.rows_read >= PROGRESS_ROWS;
    let jobs: Vec<_> = outcome
        .patients
        .iter()
        .map(|patient| (out_dir.join(case_file_name(patient, names)), &patient.case))
        .collect();
    // A tenth at a time, so that large imports show their progress.
    let chunk = if show_progress {
        total.div_ceil(10).max(1)
    } else {
        total.max(1)
    };
    let mut written = 0;
    for part in jobs.chunks(chunk) {
        match save_cases(part) {
            Ok(count) => written += count,
            Err(failure) => {
                let _ = writeln!(err, "{}", failure.error);
                let _ = writeln!(
                    err,
                    "{} of {total} case files were written before this error",
                    written + failure.written
                );
                return false;
            }
        }
        if show_progress {
            let tenths = (written * 10 / total.max(1)).min(10);
            let bar = format!("{}{}", "#".repeat(tenths), "-".repeat(10 - tenths));
            let _ = writeln!(err, "writing case files [{bar}] {written}/{total}");
        }
    }
    print_source_ids(outcome, names, out);
    let _ = writeln!(
        out,
        "Wrote {total} case file{} to {}",
        plural(total),
        out_dir.display()
    );
    true
}

/// The link from each file to the patient's id in the export, kept on screen only: a key file
/// beside the cases would carry every identifier with them.
fn print_source_ids(outcome: &ImportOutcome, names: FileNames, out: &mut dyn Write) {
    if outcome
        .patients
        .iter()
        .all(|patient| patient.case.patient.source_id.is_none())
    {
        return;
    }
    let _ = writeln!(
        out,
        "Case file → source id (kept in patient.source_id, left out of de-identified exports; this list is saved nowhere):"
    );
    for patient in &outcome.patients {
        let source_id = patient
            .case
            .patient
            .source_id
            .as_deref()
            .unwrap_or("(none)");
        let _ = writeln!(out, "  {} → {source_id}", case_file_name(patient, names));
    }
}

fn print_summary(outcome: &ImportOutcome, out: &mut dyn Write) {
    let report = &outcome.report;
    let origin = match (&outcome.sheet, &outcome.bundle_type) {
        (Some(sheet), _) => format!("{}, sheet {sheet}", outcome.origin),
        (None, Some(kind)) => format!("{} ({kind} bundle)", outcome.origin),
        (None, None) => outcome.origin.clone(),
    };
    let shape = match outcome.bundle_type {
        Some(_) => format!("{} resources", report.rows_read),
        None if outcome.mapping.is_long() => format!("long table, {} rows", report.rows_read),
        None => format!("wide table, {} rows", report.rows_read),
    };
    let patients = outcome.patients.len();
    let _ = writeln!(
        out,
        "{origin}: {shape}, {patients} patient{}",
        plural(patients)
    );

    let _ = writeln!(out, "Mapping:");
    for entry in &outcome.mapping.entries {
        let place = match entry.kind {
            EntryKind::Column(column) => format!("column {}", column_letters(column)),
            EntryKind::LongMarker => "test".to_owned(),
            EntryKind::FhirCode => "code".to_owned(),
        };
        let unit = entry
            .unit
            .as_deref()
            .map(|unit| format!(", unit {unit}"))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "  {place} {} → {} ({}{unit}, {} value{})",
            entry.label,
            entry.role.describe(),
            entry.matched_by,
            entry.values,
            plural(entry.values)
        );
    }

    let _ = writeln!(out, "Samples per marker:");
    for (marker, unit, samples, with) in samples_per_marker(outcome) {
        let _ = writeln!(
            out,
            "  {marker}: {samples} sample{} in {with} patient{}, {unit}",
            plural(samples),
            plural(with)
        );
    }

    print_kept_and_unmapped(outcome, out);

    print_clinical_counts(outcome, out);
    let _ = writeln!(out, "Rejected values: {}", report.rejected.len());
    for rejected in report.rejected.iter().take(REJECTED_LISTED) {
        let _ = writeln!(out, "  {rejected}");
    }
    if report.rejected.len() > REJECTED_LISTED {
        let _ = writeln!(
            out,
            "  … and {} more",
            report.rejected.len() - REJECTED_LISTED
        );
    }
    if !report.skipped_resources.is_empty() {
        let listed: Vec<String> = report
            .skipped_resources
            .iter()
            .map(|(kind, count)| format!("{kind} {count}"))
            .collect();
        let _ = writeln!(
            out,
            "Skipped resources: {} ({})",
            report.skipped_total(),
            listed.join(", ")
        );
    }
    let _ = writeln!(
        out,
        "Empty cells: {}; patient ids filled from the row above: {}; repeated results merged: {}; qualitative results kept as events: {}",
        report.empty_cells,
        report.forward_filled_ids,
        report.merged_duplicates,
        report.qualitative_results
    );
    if !report.notes.is_empty() {
        let _ = writeln!(out, "Notes:");
        for note in &report.notes {
            let _ = writeln!(out, "  {note}");
        }
    }
}

/// Columns kept as custom markers, names that need the user's choice, and what is left
/// unmapped: every column or test name is accounted for.
fn print_kept_and_unmapped(outcome: &ImportOutcome, out: &mut dyn Write) {
    let kept: Vec<_> = outcome.mapping.kept_as_custom().collect();
    if !kept.is_empty() {
        let _ = writeln!(
            out,
            "Kept as custom ({}; no catalog marker matched, imported under the export's name with the unit as given; --mapping 'NAME=MARKER' names a catalog marker, 'NAME=ignore' leaves one out):",
            kept.len()
        );
        for entry in kept {
            let _ = writeln!(
                out,
                "  {} ({} value{})",
                entry.label,
                entry.values,
                plural(entry.values)
            );
        }
    }
    let (ambiguous, unmapped): (Vec<_>, Vec<_>) = outcome
        .mapping
        .unmapped()
        .partition(|entry| entry.matched_by == MatchedBy::Ambiguous);
    for entry in ambiguous {
        let why = ambiguous_name(&entry.key).unwrap_or("the name means different quantities");
        let _ = writeln!(
            out,
            "Needs your choice, not imported: `{}` ({why}): give --mapping '{key}=pf_ratio' if it is PaO₂/FiO₂, or --mapping '{key}=custom' for FiO₂ × mean airway pressure × 100 / PaO₂",
            entry.label,
            key = entry.key
        );
    }
    if unmapped.is_empty() {
        let _ = writeln!(out, "Unmapped: none");
    } else {
        let _ = writeln!(
            out,
            "Unmapped (not imported; map with --mapping 'NAME=MARKER' or 'NAME=custom'):"
        );
        for entry in unmapped {
            let _ = writeln!(
                out,
                "  {} ({} value{})",
                entry.label,
                entry.values,
                plural(entry.values)
            );
        }
    }
    for codes in &outcome.mapping.value_codes {
        let _ = writeln!(
            out,
            "Codes stated for `{}`: {}",
            codes.key,
            codes.describe()
        );
    }
}

/// Each marker with its unit, sample count and how many patients have it, in the order the
/// markers first appear.
fn samples_per_marker(outcome: &ImportOutcome) -> Vec<(String, String, usize, usize)> {
    let mut rows: Vec<(String, String, usize, usize)> = Vec::new();
    for patient in &outcome.patients {
        for series in &patient.case.series {
            let unit = series.unit().unwrap_or_default().to_owned();
            match rows
                .iter_mut()
                .find(|row| row.0 == series.marker && row.1 == unit)
            {
                Some(row) => {
                    row.2 += series.samples.len();
                    row.3 += 1;
                }
                None => rows.push((series.marker.clone(), unit, series.samples.len(), 1)),
            }
        }
    }
    rows
}

fn plural(count: usize) -> &'static str {
    if count == 1 { "" } else { "s" }
}

/// Events by kind, interventions by kind and imaging studies over all cases, so that what a
/// record's conditions, immunizations, medications and studies became is counted.
fn print_clinical_counts(outcome: &ImportOutcome, out: &mut dyn Write) {
    /// ` (diagnosis 4, symptom 2)`, kinds in alphabetical order; empty when there are none.
    fn tally<'a>(labels: impl Iterator<Item = &'a str>) -> String {
        let mut counts: std::collections::BTreeMap<String, usize> = Default::default();
        for label in labels {
            *counts.entry(label.to_lowercase()).or_insert(0) += 1;
        }
        let listed: Vec<String> = counts
            .iter()
            .map(|(label, count)| format!("{label} {count}"))
            .collect();
        if listed.is_empty() {
            String::new()
        } else {
            format!(" ({})", listed.join(", "))
        }
    }
    let cases = || outcome.patients.iter().map(|patient| &patient.case);
    let events = cases().map(|case| case.events.len()).sum::<usize>();
    let interventions = cases().map(|case| case.interventions.len()).sum::<usize>();
    let studies = cases().map(|case| case.milestones.len()).sum::<usize>();
    if events + interventions + studies == 0 {
        return;
    }
    let _ = writeln!(
        out,
        "Events: {events}{}",
        tally(cases().flat_map(|case| case.events.iter().map(|e| e.kind.label())))
    );
    let _ = writeln!(
        out,
        "Interventions: {interventions}{}; imaging studies: {studies}",
        tally(cases().flat_map(|case| case.interventions.iter().map(|i| i.kind.label())))
    );
}
