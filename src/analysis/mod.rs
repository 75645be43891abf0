//! Pure functions over the model: time axes and the one formatter for numbers, units, dates
//! and days; level-of-detail decimation; overlays placed on the time axis; peaks and troughs;
//! suggested episodes; intervention response; guideline checks; case alignment. No I/O, no
//! user interface.

pub mod alignment;
pub mod case_timeline;
pub mod cohort;
pub mod episodes;
pub mod evidence;
pub mod format;
pub mod guidelines;
pub mod imaging_scores;
pub mod lab_course;
pub mod lod;
pub mod overlays;
pub mod placed;
pub mod response;
pub mod time_axis;
pub mod value_axis;
