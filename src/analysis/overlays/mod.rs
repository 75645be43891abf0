//! What the time axis carries besides the samples: interventions, notes and guideline
//! findings, placed once per edit (`app::document::Derived`) and drawn by the trajectory
//! view and the figures; and playback's one rule for what of them is drawn (`reveal`).

mod guidelines;
mod interventions;
mod reveal;

pub use guidelines::{GuidelineMarks, MetValue, PlasmaDoseMark, guideline_marks};
pub use interventions::{InterventionMark, intervention_marks, note_marks};
pub use reveal::{Look, Piece, Reveal};
