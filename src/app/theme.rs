//! Every colour the window draws with, as egui colours, from the one palette
//! (`crate::palette`) that the exported figures use too. It sits below the views: each view
//! reads its colours here, and no view reaches into another for one.

use egui::Color32;

use crate::model::{EpisodeKind, InterventionKind, RangeClass};
use crate::palette::{self, Rgb};

/// An egui colour from the palette.
pub const fn color32(rgb: Rgb) -> Color32 {
    Color32::from_rgb(rgb.0, rgb.1, rgb.2)
}

pub fn intervention_color(kind: InterventionKind) -> Color32 {
    color32(palette::intervention(kind))
}

/// Episodes shade their span lightly, so the data stay readable through them.
pub fn episode_color(kind: EpisodeKind) -> Color32 {
    let Rgb(red, green, blue) = palette::episode(kind);
    Color32::from_rgba_unmultiplied(red, green, blue, 28)
}

pub fn marker_color(index_in_panel: usize) -> Color32 {
    color32(palette::series(index_in_panel))
}

/// Values outside the reference interval stand out in the palette's high and low colours.
pub fn range_color(range_class: RangeClass, normal: Color32) -> Color32 {
    match range_class {
        RangeClass::Normal => normal,
        other => color32(palette::range(other, palette::GREY)),
    }
}

pub const REFERENCE_FILL: Color32 = {
    let Rgb(red, green, blue) = palette::REFERENCE_BAND;
    Color32::from_rgba_premultiplied(red / 5, green / 5, blue / 5, 0x30)
};
pub const CURSOR_A_COLOR: Color32 = color32(palette::CURSOR_A);
pub const CURSOR_B_COLOR: Color32 = color32(palette::CURSOR_B);
pub const TIME_CURSOR_COLOR: Color32 = color32(palette::TIME_CURSOR);
pub const TIME_CURSOR_ON_LIGHT_COLOR: Color32 = color32(palette::TIME_CURSOR_ON_LIGHT);
pub const TEACHING_COLOR: Color32 = color32(palette::TEACHING);

/// The measuring cursors A and B in colours that show on the theme in use.
pub fn measuring_cursor_colors(visuals: &egui::Visuals) -> (Color32, Color32) {
    if visuals.dark_mode {
        (CURSOR_A_COLOR, CURSOR_B_COLOR)
    } else {
        (
            color32(palette::CURSOR_A_ON_LIGHT),
            color32(palette::CURSOR_B_ON_LIGHT),
        )
    }
}

/// The time cursor (the playback sweep) in a colour that shows on the theme in use.
pub fn time_cursor_color(visuals: &egui::Visuals) -> Color32 {
    if visuals.dark_mode {
        TIME_CURSOR_COLOR
    } else {
        TIME_CURSOR_ON_LIGHT_COLOR
    }
}
pub const NOTE_COLOR: Color32 = color32(palette::NOTE);
pub const ILLUSTRATIVE_COLOR: Color32 = color32(palette::ILLUSTRATIVE);
pub const SEVERE_COLOR: Color32 = color32(palette::SEVERE);
pub const IN_TIME_COLOR: Color32 = color32(palette::IN_TIME);
pub const SURVIVOR_COLOR: Color32 = color32(palette::SURVIVORS);
pub const NON_SURVIVOR_COLOR: Color32 = color32(palette::NON_SURVIVORS);
pub const CURRENT_CASE_COLOR: Color32 = color32(palette::CURRENT_CASE);
pub const DEIDENTIFIED_COLOR: Color32 = color32(palette::DEIDENTIFIED);
/// The reviewer's marks on an image (arrows, outlines, lengths), and the selected one.
pub const ANNOTATION_COLOR: Color32 = color32(palette::ANNOTATION);
pub const SELECTED_ANNOTATION_COLOR: Color32 = color32(palette::SELECTED_ANNOTATION);
/// The study selected in the imaging view, on the event strip.
pub const SELECTED_STUDY_COLOR: Color32 = color32(palette::YELLOW);
