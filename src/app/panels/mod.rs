//! The panels of the main window, each a function `*_ui` over the state it shows.

pub mod marker_picker;
pub mod markers;
pub mod overview;
