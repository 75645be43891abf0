//! The per-patient columns of a table: admission, discharge, outcome, age and sex, each taken
//! from a patient's first row that has it; a later row that disagrees is reported.

use super::RowReader;
use crate::io::import::batch::{Batch, Outcome};
use crate::io::import::mapping::CodedValue;
use crate::io::import::report::Location;
use crate::io::import::table::Cell;
use crate::model::Sex;

impl RowReader<'_> {
    pub(super) fn read_patient_columns(&self, row: usize, patient: usize, batch: &mut Batch) {
        let admission = self
            .columns
            .admission
            .and_then(|c| self.time_at(row, c, batch));
        let discharge = self
            .columns
            .discharge
            .and_then(|c| self.time_at(row, c, batch));
        let outcome = self
            .columns
            .outcome
            .and_then(|column| self.outcome_at(row, column, batch));
        let age = self
            .columns
            .age
            .and_then(|column| self.age_at(row, column, batch));
        let sex = self
            .columns
            .sex
            .and_then(|column| self.sex_at(row, column, batch));
        let Some(record) = batch.patients.get_mut(patient) else {
            return;
        };
        let mut conflicts = Vec::new();
        let header = |column: Option<usize>| self.table.header(column.unwrap_or(0)).to_owned();
        fill_once(&mut record.admission, admission, || {
            conflicts.push(header(self.columns.admission))
        });
        fill_once(&mut record.discharge, discharge, || {
            conflicts.push(header(self.columns.discharge))
        });
        fill_once(&mut record.outcome, outcome, || {
            conflicts.push(header(self.columns.outcome))
        });
        fill_once(&mut record.age_years, age, || {
            conflicts.push(header(self.columns.age))
        });
        fill_once(&mut record.sex, sex, || {
            conflicts.push(header(self.columns.sex))
        });
        let key = record.key.clone();
        for header in conflicts {
            batch.report.reject(
                Location::Row {
                    row: self.table.row_number(row),
                },
                format!("`{header}` differs from an earlier row of patient {key}; the first value was kept"),
            );
        }
    }

    fn outcome_at(&self, row: usize, column: usize, batch: &mut Batch) -> Option<Outcome> {
        let text = self.table.cell(row, column).to_text();
        if text.is_empty() {
            return None;
        }
        if let Some(codes) = &self.columns.outcome_codes {
            return match codes.decode(&text) {
                Some(CodedValue::Died(died)) => Some(Outcome {
                    died,
                    stated_as: format!(
                        "`{}` is {text} in the export, read as stated on import: {}",
                        self.table.header(column),
                        codes.describe()
                    ),
                }),
                _ => {
                    batch.report.reject(
                        self.table.location(row, column),
                        format!(
                            "`{text}` is none of the codes stated for this column ({}); add it to --mapping '{}=outcome:…'",
                            codes.describe(),
                            codes.key
                        ),
                    );
                    None
                }
            };
        }
        let died = match text.to_lowercase().as_str() {
            "1" | "died" | "dead" | "death" | "deceased" | "expired" | "yes" | "true" => true,
            "0" | "survived" | "alive" | "discharged" | "recovered" | "no" | "false" => false,
            _ => {
                batch.report.reject(
                    self.table.location(row, column),
                    format!("`{text}` is not an outcome CaseLens reads (0/1, survived/died)"),
                );
                return None;
            }
        };
        Some(Outcome {
            died,
            stated_as: format!("`{}` is {text} in the export", self.table.header(column)),
        })
    }

    fn age_at(&self, row: usize, column: usize, batch: &mut Batch) -> Option<u32> {
        let age = match self.table.cell(row, column) {
            Cell::Empty => return None,
            Cell::Number(age) => Some(age),
            Cell::Text(text) => text.trim().parse::<f64>().ok(),
            _ => None,
        };
        match age {
            Some(age) if (0.0..=130.0).contains(&age) => Some(age.floor() as u32),
            _ => {
                batch.report.reject(
                    self.table.location(row, column),
                    format!(
                        "`{}` is not an age in years",
                        self.table.cell(row, column).to_text()
                    ),
                );
                None
            }
        }
    }

    fn sex_at(&self, row: usize, column: usize, batch: &mut Batch) -> Option<Sex> {
        let text = self.table.cell(row, column).to_text();
        if let Some(codes) = self.columns.sex_codes.as_ref().filter(|_| !text.is_empty()) {
            return match codes.decode(&text) {
                Some(CodedValue::Sex(sex)) => Some(sex),
                _ => {
                    batch.report.reject(
                        self.table.location(row, column),
                        format!(
                            "`{text}` is none of the codes stated for this column ({}); add it to --mapping '{}=sex:…'",
                            codes.describe(),
                            codes.key
                        ),
                    );
                    None
                }
            };
        }
        match text.to_lowercase().as_str() {
            "" => None,
            "f" | "female" | "woman" | "女" => Some(Sex::Female),
            "m" | "male" | "man" | "男" => Some(Sex::Male),
            code if code.parse::<f64>().is_ok() => {
                // Coded exports (1/2, 0/1) disagree on which is which: said once, not per row.
                let said = format!("column `{}` holds numeric codes", self.table.header(column));
                if !batch
                    .report
                    .notes
                    .iter()
                    .any(|note| note.starts_with(&said))
                {
                    batch.report.note(format!(
                        "{said} such as `{text}`; CaseLens does not guess which sex a code means, so sex was not imported: state the codes with --mapping '{}=sex:1=male,2=female' (as the export's key says), or map the column to `ignore`",
                        self.table.header(column)
                    ));
                }
                None
            }
            _ => {
                batch.report.reject(
                    self.table.location(row, column),
                    format!("`{text}` is not a sex CaseLens reads (female/male, F/M)"),
                );
                None
            }
        }
    }
}

/// Sets a per-patient field from its first non-empty cell; calls `conflict` when a later
/// row says something else.
fn fill_once<T: PartialEq>(slot: &mut Option<T>, value: Option<T>, conflict: impl FnOnce()) {
    let Some(value) = value else {
        return;
    };
    match slot {
        None => *slot = Some(value),
        Some(existing) if *existing != value => conflict(),
        Some(_) => {}
    }
}
