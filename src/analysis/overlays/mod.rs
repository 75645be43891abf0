//! What the time axis carries besides the samples: interventions, notes and guideline
//! findings, placed once per edit (`app::document::Derived`) and drawn by the trajectory
//! view and the figures.

mod guidelines;
mod interventions;

pub use guidelines::{GuidelineMarks, MetValue, PlasmaDoseMark, guideline_marks};
pub use interventions::{InterventionMark, intervention_marks, note_marks};
