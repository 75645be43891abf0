//! Pure functions over the model: time axes now; level-of-detail decimation, peaks and
//! troughs, episodes, intervention response and guideline checks as they are added. No I/O,
//! no user interface.

pub mod case_timeline;
pub mod imaging_scores;
pub mod lab_course;
pub mod lod;
pub mod time_axis;
