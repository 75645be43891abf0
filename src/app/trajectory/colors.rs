//! Colours of the trajectory view: one per intervention kind (the same in every plot and
//! the legend), and a palette for markers drawn in one panel.

use egui::Color32;

use crate::model::{EpisodeKind, InterventionKind, RangeClass};

pub fn intervention_color(kind: InterventionKind) -> Color32 {
    match kind {
        InterventionKind::Antiviral => Color32::from_rgb(0x9B, 0x59, 0xB6),
        InterventionKind::Antibiotic => Color32::from_rgb(0xA0, 0x6B, 0x3B),
        InterventionKind::Corticosteroid => Color32::from_rgb(0xE6, 0x7E, 0x22),
        InterventionKind::Immunoglobulin => Color32::from_rgb(0x16, 0xA0, 0x85),
        InterventionKind::ConvalescentPlasma => Color32::from_rgb(0xE7, 0x4C, 0x3C),
        InterventionKind::CellTherapy => Color32::from_rgb(0x2E, 0x86, 0xDE),
        InterventionKind::RespiratorySupport => Color32::from_rgb(0x7F, 0x8C, 0x9D),
        InterventionKind::Anticoagulant => Color32::from_rgb(0xC2, 0x18, 0x5B),
        InterventionKind::Other => Color32::from_rgb(0x95, 0xA5, 0xA6),
    }
}

pub fn episode_color(kind: EpisodeKind) -> Color32 {
    match kind {
        EpisodeKind::CytokineStorm => Color32::from_rgba_unmultiplied(0xC0, 0x39, 0x2B, 28),
        EpisodeKind::Deterioration => Color32::from_rgba_unmultiplied(0xD3, 0x54, 0x00, 24),
        EpisodeKind::Recovery => Color32::from_rgba_unmultiplied(0x27, 0xAE, 0x60, 24),
        EpisodeKind::Other => Color32::from_rgba_unmultiplied(0x7F, 0x8C, 0x8D, 24),
    }
}

/// Markers drawn in the same panel get these in order.
const MARKER_PALETTE: [Color32; 6] = [
    Color32::from_rgb(0x4E, 0xA8, 0xDE),
    Color32::from_rgb(0xF3, 0x9C, 0x12),
    Color32::from_rgb(0x1A, 0xBC, 0x9C),
    Color32::from_rgb(0xE8, 0x43, 0x93),
    Color32::from_rgb(0xA2, 0x9B, 0xFE),
    Color32::from_rgb(0xBD, 0xC3, 0xC7),
];

pub fn marker_color(index_in_panel: usize) -> Color32 {
    MARKER_PALETTE[index_in_panel % MARKER_PALETTE.len()]
}

/// Values outside the reference interval are drawn in these, so they stand out.
pub fn range_color(range_class: RangeClass, normal: Color32) -> Color32 {
    match range_class {
        RangeClass::High => Color32::from_rgb(0xFF, 0x55, 0x55),
        RangeClass::Low => Color32::from_rgb(0x55, 0x99, 0xFF),
        RangeClass::Normal => normal,
    }
}

pub const REFERENCE_FILL: Color32 = Color32::from_rgba_premultiplied(0x10, 0x30, 0x10, 0x30);
pub const CURSOR_A_COLOR: Color32 = Color32::from_rgb(0xF1, 0xC4, 0x0F);
pub const CURSOR_B_COLOR: Color32 = Color32::from_rgb(0x00, 0xD2, 0xD3);
pub const TIME_CURSOR_COLOR: Color32 = Color32::from_rgb(0xEC, 0xF0, 0xF1);
