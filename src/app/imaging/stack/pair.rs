//! Two stacks side by side (B2 beside B3). Linked, the one the reviewer did not touch follows
//! the other: to the slice nearest the same table position in mm (plus an offset, set by
//! aligning two slices that show the same level of the chest, since two studies' tables
//! rarely start at the same place), with the same window and the same zoom and pan, so one
//! level is compared at one scale and one contrast.

use super::{Layout, StackViewerState, stack_viewer_ui};
use crate::io::image::Window;
use crate::io::image::series::{Plane, Volume};
use crate::model::SeriesRef;

/// The stack shown on the right and how it follows the left one.
#[derive(Debug)]
pub struct StackPair {
    pub right: StackViewerState,
    pub linked: bool,
    /// Right table position = left table position + this, in mm.
    pub offset_mm: f64,
    /// Both stacks as the last frame left them, to tell which one the reviewer moved.
    last: Option<(Snapshot, Snapshot)>,
}

/// What the link carries from one stack to the other.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Snapshot {
    slice: usize,
    window: Window,
    /// Zoom (points per mm) and pan, once the reviewer set them; `None` while the pane fits
    /// its slice, whose zoom each pane derives from its own size and field of view.
    view: Option<(f32, egui::Vec2)>,
}

impl Snapshot {
    fn of(stack: &StackViewerState) -> Self {
        let pane = &stack.panes[0];
        Self {
            slice: stack.cursor.2,
            window: stack.window,
            view: (!pane.fit).then_some((pane.zoom, pane.offset)),
        }
    }
}

impl StackPair {
    /// Opens a study's series beside the shown one; both show their axial slices.
    pub fn open(
        left: &mut StackViewerState,
        folder: &std::path::Path,
        series_instance_uid: &str,
        study: &str,
        key_slices: Vec<String>,
    ) -> Self {
        let mut right = StackViewerState {
            follower: true,
            ..StackViewerState::default()
        };
        right.open_milestone_series(folder, series_instance_uid, study, key_slices);
        left.layout = Layout::One(Plane::Axial);
        Self {
            right,
            linked: true,
            offset_mm: 0.0,
            last: None,
        }
    }

    /// Takes the table positions of the two shown slices as the same level from now on.
    pub fn align_shown_slices(&mut self, left: &StackViewerState) {
        if let (Some((_, _, left_mm)), Some((_, _, right_mm))) =
            (left.axial_position(), self.right.axial_position())
        {
            self.offset_mm = right_mm - left_mm;
        }
    }

    /// After both stacks were drawn: the one that moved leads, the other follows.
    pub fn sync(&mut self, left: &mut StackViewerState) {
        if !self.linked || left.volume.is_none() || self.right.volume.is_none() {
            self.last = None;
            return;
        }
        let right_moved = self
            .last
            .is_some_and(|(_, right)| right != Snapshot::of(&self.right));
        if right_moved {
            follow(left, &self.right, -self.offset_mm);
        } else {
            follow(&mut self.right, left, self.offset_mm);
        }
        self.last = Some((Snapshot::of(left), Snapshot::of(&self.right)));
    }
}

/// Moves `follower` to `leader`'s level (shifted by `offset_mm`), window, zoom and pan.
fn follow(follower: &mut StackViewerState, leader: &StackViewerState, offset_mm: f64) {
    if let Some((_, _, position)) = leader.axial_position()
        && let Some(volume) = &follower.volume
        && let Some(index) = nearest_slice(&positions(volume), position + offset_mm)
    {
        follower.cursor.2 = index;
    }
    follower.window = leader.window;
    let (from, to) = (&leader.panes[0], &mut follower.panes[0]);
    to.fit = from.fit;
    if !from.fit {
        to.zoom = from.zoom;
        to.offset = from.offset;
    }
}

fn positions(volume: &Volume) -> Vec<f64> {
    volume
        .slices
        .iter()
        .map(|slice| slice.position_mm)
        .collect()
}

/// The index of the table position in `ascending` nearest `position_mm`.
pub fn nearest_slice(ascending: &[f64], position_mm: f64) -> Option<usize> {
    let after = ascending.partition_point(|position| *position < position_mm);
    [after.checked_sub(1), Some(after)]
        .into_iter()
        .flatten()
        .filter_map(|index| Some((index, *ascending.get(index)?)))
        .min_by(|a, b| {
            (a.1 - position_mm)
                .abs()
                .total_cmp(&(b.1 - position_mm).abs())
        })
        .map(|(index, _)| index)
}

/// The link's controls, then the two stacks in two columns; returns whether the reviewer
/// closed the comparison.
pub fn pair_ui(
    ui: &mut egui::Ui,
    left: &mut StackViewerState,
    pair: &mut StackPair,
    kept: (Option<&SeriesRef>, Option<&SeriesRef>),
) -> bool {
    let mut close = false;
    ui.horizontal_wrapped(|ui| {
        ui.checkbox(
            &mut pair.linked,
            "Link slices by table position, window and zoom",
        );
        if ui
            .button("Align at the shown slices")
            .on_hover_text("Scroll each side to the same level of the chest (the carina, say), then align: from then on the right follows the left at that offset")
            .clicked()
        {
            pair.align_shown_slices(left);
        }
        ui.label(format!("Right = left {:+.1} mm", pair.offset_mm));
        if ui.button("Close comparison").clicked() {
            close = true;
        }
    });
    ui.columns(2, |columns| {
        if let [left_column, right_column] = columns {
            stack_viewer_ui(left_column, left, kept.0);
            stack_viewer_ui(right_column, &mut pair.right, kept.1);
        }
    });
    pair.sync(left);
    close || !pair.right.is_open()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_nearest_slice_is_found_between_and_beyond_the_ends() {
        let positions = [-10.0, -7.5, -5.0, -2.5];
        assert_eq!(nearest_slice(&positions, -6.0), Some(2));
        assert_eq!(nearest_slice(&positions, -6.5), Some(1));
        assert_eq!(nearest_slice(&positions, -7.5), Some(1));
        assert_eq!(nearest_slice(&positions, -100.0), Some(0));
        assert_eq!(nearest_slice(&positions, 40.0), Some(3));
        assert_eq!(nearest_slice(&[], 0.0), None);
    }
}
