//! Pure functions over the model: time axes now; level-of-detail decimation, peaks and
//! troughs, episodes, intervention response and guideline checks as they are added. No I/O,
//! no user interface.

pub mod alignment;
pub mod case_timeline;
pub mod cohort;
pub mod episodes;
pub mod evidence;
pub mod guidelines;
pub mod imaging_scores;
pub mod lab_course;
pub mod lod;
pub mod response;
pub mod time_axis;
