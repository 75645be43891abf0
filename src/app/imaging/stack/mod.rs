//! The CT stack viewer: a folder (or DICOMDIR) scanned off the UI thread, a series picked and
//! loaded on a worker thread (first slice shown at once, progress, cancel), then read as a
//! stack: one plane or the three planes with a linked crosshair, W/L presets (lung by
//! default for CT) and drag, HU under the cursor, cine, and key slices chosen by
//! SOPInstanceUID, with marks drawn on them ([`marks`]); another study's series beside it,
//! following it by table position ([`pair`]). The volume and its planes come from
//! `io::image::series`; this file only keeps view state and draws.

mod marks;
mod pair;
mod pane;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::{Receiver, channel};

use crate::app::shortcuts::{ViewKey, view_key_pressed};
use crate::io::image::series::{
    LoadEvent, Plane, SeriesError, SeriesLoader, SeriesScan, Volume, scan_series,
};
use crate::io::image::{Window, WindowPreset};

pub use marks::{MarkTools, ShownSlice, SliceChange, SliceEdit};
pub use pair::{StackPair, pair_ui};
pub use pane::PaneView;

/// Frames per second of cine.
const CINE_RATE: f64 = 12.0;

/// How the stack is laid out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Layout {
    One(Plane),
    ThreePlanes,
}

/// Everything the stack viewer remembers.
pub struct StackViewerState {
    pub folder: Option<PathBuf>,
    scanning: Option<Receiver<Result<SeriesScan, SeriesError>>>,
    pub scan: Option<SeriesScan>,
    /// The series being shown, by index in `scan.series`.
    pub chosen: Option<usize>,
    loader: Option<SeriesLoader>,
    /// The first slice while the rest decodes: (index, values).
    pub preview: Option<(usize, Vec<i16>)>,
    pub volume: Option<Arc<Volume>>,
    /// What failed (a scan, a load), waiting for the imaging view to pass it to the message
    /// channel: the stack keeps no error line of its own.
    failures: Vec<String>,
    /// The crosshair: voxel (column, row, slice); each plane shows the image through it.
    pub cursor: (usize, usize, usize),
    pub window: Window,
    pub layout: Layout,
    /// Zoom and pan per plane, kept when the slice changes.
    pub panes: [PaneView; 3],
    pub cine: bool,
    last_cine_step: f64,
    /// Key slices by SOPInstanceUID, in the order chosen.
    pub key_slices: Vec<String>,
    /// The study the series was opened from, whose key slices the viewer shows and keeps.
    pub milestone: Option<String>,
    /// The series to show once the folder is scanned (a study's SeriesInstanceUID).
    wanted_series: Option<String>,
    /// What the pointer is over: voxel and value.
    pub readout: Option<String>,
    /// Drawing on the slices, once the series belongs to a study.
    pub marks: MarkTools,
    /// Set on the right-hand stack of a comparison: the keys move the left one, which it
    /// follows.
    pub follower: bool,
}

impl Default for StackViewerState {
    fn default() -> Self {
        Self {
            folder: None,
            scanning: None,
            scan: None,
            chosen: None,
            loader: None,
            preview: None,
            volume: None,
            failures: Vec::new(),
            cursor: (0, 0, 0),
            window: WindowPreset::Lung.window(),
            layout: Layout::One(Plane::Axial),
            panes: Default::default(),
            cine: false,
            last_cine_step: 0.0,
            key_slices: Vec::new(),
            milestone: None,
            wanted_series: None,
            readout: None,
            marks: MarkTools::default(),
            follower: false,
        }
    }
}

impl std::fmt::Debug for StackViewerState {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter
            .debug_struct("StackViewerState")
            .field("folder", &self.folder)
            .field("chosen", &self.chosen)
            .field("cursor", &self.cursor)
            .finish_non_exhaustive()
    }
}

impl StackViewerState {
    /// Whether a folder is open in the viewer.
    pub fn is_open(&self) -> bool {
        self.folder.is_some()
    }

    /// Starts scanning `folder` on a worker thread; the first series loads when it is done.
    pub fn open_folder(&mut self, folder: &Path) {
        let follower = self.follower;
        *self = Self {
            follower,
            ..Self::default()
        };
        self.folder = Some(folder.to_path_buf());
        let (sender, receiver) = channel();
        let folder = folder.to_path_buf();
        std::thread::spawn(move || {
            let _ = sender.send(scan_series(&folder));
        });
        self.scanning = Some(receiver);
    }

    /// Opens the series a study holds, with its key slices, to read them or choose more.
    pub fn open_milestone_series(
        &mut self,
        folder: &Path,
        series_instance_uid: &str,
        milestone: &str,
        key_slices: Vec<String>,
    ) {
        self.open_folder(folder);
        self.wanted_series = Some(series_instance_uid.to_owned());
        self.milestone = Some(milestone.to_owned());
        self.key_slices = key_slices;
    }

    /// The series shown: its UID and description.
    pub fn shown_series(&self) -> Option<&crate::io::image::series::SeriesStack> {
        self.chosen
            .and_then(|index| self.scan.as_ref()?.series.get(index))
    }

    /// The table position of a slice of the shown volume, by SOPInstanceUID.
    pub fn slice_position(&self, uid: &str) -> Option<f64> {
        self.volume.as_ref().and_then(|volume| {
            volume
                .slices
                .iter()
                .find(|slice| slice.sop_instance_uid == uid)
                .map(|slice| slice.position_mm)
        })
    }

    pub fn close(&mut self) {
        *self = Self::default();
    }

    /// Loads series `index` of the scan on the worker thread, its middle slice first.
    pub fn choose_series(&mut self, index: usize) {
        let Some(stack) = self.scan.as_ref().and_then(|scan| scan.series.get(index)) else {
            return;
        };
        let middle = stack.slices.len() / 2;
        self.cursor = (stack.columns as usize / 2, stack.rows as usize / 2, middle);
        self.window = if stack.is_ct() {
            WindowPreset::Lung.window()
        } else {
            Window::IDENTITY_8BIT
        };
        self.chosen = Some(index);
        self.volume = None;
        self.preview = None;
        self.panes = Default::default();
        self.loader = Some(SeriesLoader::start(stack.clone(), middle));
    }

    /// Takes what the worker threads have finished; never waits.
    pub fn poll(&mut self) {
        if let Some(receiver) = &self.scanning
            && let Ok(outcome) = receiver.try_recv()
        {
            self.scanning = None;
            match outcome {
                Ok(scan) => {
                    let wanted = self.wanted_series.take();
                    let found = scan
                        .series
                        .iter()
                        .position(|series| Some(&series.series_instance_uid) == wanted.as_ref());
                    let first = found.or_else(|| (!scan.series.is_empty()).then_some(0));
                    let missing = wanted.filter(|_| found.is_none() && first.is_some());
                    self.scan = Some(scan);
                    match first {
                        Some(index) => {
                            self.choose_series(index);
                            if let Some(uid) = missing {
                                self.failures.push(format!(
                                    "the study's series {uid} is not in this folder; showing the first series found instead (was the folder replaced?)"
                                ));
                            }
                        }
                        None => {
                            self.failures
                                .push(self.folder_failure("has no image series"));
                        }
                    }
                }
                Err(error) => self.failures.push(error.to_string()),
            }
        }
        while let Some(event) = self.loader.as_ref().and_then(SeriesLoader::poll) {
            match event {
                LoadEvent::FirstSlice { index, values } => self.preview = Some((index, values)),
                LoadEvent::Finished(outcome) => {
                    self.loader = None;
                    self.preview = None;
                    match outcome {
                        Ok(volume) => self.volume = Some(Arc::new(volume)),
                        Err(error) => self.failures.push(error.to_string()),
                    }
                }
            }
        }
    }

    /// What failed since the last call, for the message channel.
    pub fn take_failures(&mut self) -> Vec<String> {
        std::mem::take(&mut self.failures)
    }

    /// `what` said of the folder open, by name.
    fn folder_failure(&self, what: &str) -> String {
        match &self.folder {
            Some(folder) => format!("{} {what}; open another folder", folder.display()),
            None => format!("the folder {what}; open another folder"),
        }
    }

    /// Whether work is under way that the UI should repaint for.
    pub fn busy(&self) -> bool {
        self.scanning.is_some() || self.loader.is_some()
    }

    /// Slices decoded so far, and how many there are.
    pub fn progress(&self) -> Option<(usize, usize)> {
        self.loader.as_ref().map(SeriesLoader::progress)
    }

    /// Moves the image shown in `plane` by `step` (slices, rows or columns), within the stack.
    pub fn step(&mut self, plane: Plane, step: i64) {
        let Some(volume) = &self.volume else { return };
        let count = volume.plane_count(plane);
        let (index, _, _) = volume.pixel_of(plane, self.cursor);
        let moved = (index as i64 + step).clamp(0, count.saturating_sub(1) as i64) as usize;
        match plane {
            Plane::Axial => self.cursor.2 = moved,
            Plane::Coronal => self.cursor.1 = moved,
            Plane::Sagittal => self.cursor.0 = moved,
        }
    }

    /// The axial slice shown, its count, and its table position in mm.
    pub fn axial_position(&self) -> Option<(usize, usize, f64)> {
        let volume = self.volume.as_ref()?;
        let slice = volume.slices.get(self.cursor.2)?;
        Some((self.cursor.2, volume.slice_count(), slice.position_mm))
    }

    /// The axial slice shown, by SOPInstanceUID and table position.
    pub fn shown_slice(&self) -> Option<ShownSlice> {
        let slice = self.volume.as_ref()?.slices.get(self.cursor.2)?;
        Some(ShownSlice {
            sop_instance_uid: slice.sop_instance_uid.clone(),
            position_mm: slice.position_mm,
        })
    }

    /// Adds the shown axial slice to the key slices, or removes it if it is one.
    pub fn toggle_key_slice(&mut self) {
        let Some(uid) = self.shown_slice().map(|slice| slice.sop_instance_uid) else {
            return;
        };
        match self.key_slices.iter().position(|key| *key == uid) {
            Some(found) => {
                self.key_slices.remove(found);
            }
            None => self.key_slices.push(uid),
        }
    }

    /// Shows the key slice with this SOPInstanceUID.
    pub fn go_to_key_slice(&mut self, uid: &str) {
        if let Some(index) = self.volume.as_ref().and_then(|volume| {
            volume
                .slices
                .iter()
                .position(|slice| slice.sop_instance_uid == uid)
        }) {
            self.cursor.2 = index;
        }
    }

    fn advance_cine(&mut self, now: f64) {
        if !self.cine || now - self.last_cine_step < 1.0 / CINE_RATE {
            return;
        }
        self.last_cine_step = now;
        if let Some(volume) = &self.volume {
            self.cursor.2 = (self.cursor.2 + 1) % volume.slice_count().max(1);
        }
    }
}

/// The stack viewer: toolbar, then the planes. `kept` is the series as its study holds it
/// (key slices and their marks), once the series belongs to a study.
pub fn stack_viewer_ui(
    ui: &mut egui::Ui,
    state: &mut StackViewerState,
    kept: Option<&crate::model::SeriesRef>,
) {
    state.poll();
    if state.busy() || state.cine {
        ui.ctx()
            .request_repaint_after(std::time::Duration::from_millis(30));
    }
    let now = ui.input(|input| input.time);
    state.advance_cine(now);
    toolbar_ui(ui, state);
    problems_ui(ui, state);
    if state.volume.is_none() {
        loading_ui(ui, state);
        return;
    }
    keyboard(ui, state);
    key_slices_ui(ui, state);
    marks::tools_ui(ui, state, kept);
    ui.label(state.readout.clone().unwrap_or_else(|| {
        "Wheel, ↑/↓ or PageUp/PageDown: slice · left drag: scroll · click: crosshair · Ctrl+wheel: zoom · middle drag: pan · right drag: window".to_owned()
    }));
    state.readout = None;
    let available = ui.available_size();
    match state.layout {
        Layout::One(plane) => pane::pane_ui(ui, state, kept, plane, available),
        Layout::ThreePlanes => {
            let size = egui::vec2((available.x / 3.0 - 6.0).max(60.0), available.y);
            ui.horizontal(|ui| {
                for plane in Plane::ALL {
                    pane::pane_ui(ui, state, kept, plane, size);
                }
            });
        }
    }
}

/// ↑/↓ and PageUp/PageDown move the plane shown (the axial one in the three-plane layout),
/// unless a text field has the keyboard (a button that was clicked keeps the focus, and must
/// not take the slice keys away).
fn keyboard(ui: &mut egui::Ui, state: &mut StackViewerState) {
    if ui.ctx().text_edit_focused() {
        return;
    }
    let shown = state.shown_slice();
    state.marks.keys(ui, shown.as_ref());
    if state.follower {
        return;
    }
    let pressed = |key| i64::from(view_key_pressed(ui.ctx(), key));
    let step = pressed(ViewKey::NextSlice) - pressed(ViewKey::PreviousSlice);
    let plane = match state.layout {
        Layout::One(plane) => plane,
        Layout::ThreePlanes => Plane::Axial,
    };
    if step != 0 {
        state.step(plane, step);
    }
}

fn toolbar_ui(ui: &mut egui::Ui, state: &mut StackViewerState) {
    ui.horizontal_wrapped(|ui| {
        if let Some(folder) = &state.folder {
            ui.label(format!("CT series in {}", folder.display()));
        }
        if let Some(scan) = &state.scan
            && scan.series.len() > 1
        {
            let mut chosen = state.chosen;
            egui::ComboBox::from_id_salt("stack_series")
                .selected_text(
                    state
                        .chosen
                        .and_then(|index| scan.series.get(index))
                        .map_or("Series".to_owned(), |series| series.label()),
                )
                .show_ui(ui, |ui| {
                    for (index, series) in scan.series.iter().enumerate() {
                        let text = format!("{} · {} slices", series.label(), series.slices.len());
                        ui.selectable_value(&mut chosen, Some(index), text);
                    }
                });
            if chosen != state.chosen
                && let Some(index) = chosen
            {
                state.choose_series(index);
            }
        }
        ui.separator();
        for (layout, label) in [
            (Layout::One(Plane::Axial), "Axial"),
            (Layout::One(Plane::Coronal), "Coronal"),
            (Layout::One(Plane::Sagittal), "Sagittal"),
            (Layout::ThreePlanes, "Three planes"),
        ] {
            ui.selectable_value(&mut state.layout, layout, label);
        }
        ui.separator();
        for preset in WindowPreset::ALL {
            if ui
                .selectable_label(state.window == preset.window(), preset.label())
                .clicked()
            {
                state.window = preset.window();
            }
        }
        ui.label(state.window.describe());
        ui.separator();
        ui.toggle_value(&mut state.cine, "Cine");
        if let Some((index, count, position)) = state.axial_position() {
            ui.label(format!("Slice {} of {count} · {position:.1} mm", index + 1));
        }
        if ui.button("Close series").clicked() {
            state.close();
        }
    });
}

fn problems_ui(ui: &mut egui::Ui, state: &StackViewerState) {
    let Some(scan) = &state.scan else { return };
    let series_problems = state
        .chosen
        .and_then(|index| scan.series.get(index))
        .map(|series| series.problems.as_slice())
        .unwrap_or_default();
    let volume_problems = state
        .volume
        .as_ref()
        .map(|volume| volume.problems.as_slice())
        .unwrap_or_default();
    let count = scan.problems.len() + series_problems.len() + volume_problems.len();
    if count == 0 {
        return;
    }
    egui::CollapsingHeader::new(format!("{count} problem(s) in this folder"))
        .id_salt("stack_problems")
        .show(ui, |ui| {
            for problem in scan
                .problems
                .iter()
                .chain(series_problems)
                .chain(volume_problems)
            {
                ui.label(problem.to_string());
            }
        });
}

fn loading_ui(ui: &mut egui::Ui, state: &mut StackViewerState) {
    if state.scanning.is_some() {
        ui.spinner();
        ui.label("Reading the headers…");
        return;
    }
    if let Some((done, total)) = state.progress() {
        ui.horizontal(|ui| {
            ui.add(
                egui::ProgressBar::new(done as f32 / total.max(1) as f32)
                    .text(format!("Decoding slice {done} of {total}")),
            );
            if ui.button("Cancel").clicked()
                && let Some(loader) = &state.loader
            {
                loader.cancel();
            }
        });
        if state.preview.is_some() {
            pane::preview_ui(ui, state);
        }
    }
}

fn key_slices_ui(ui: &mut egui::Ui, state: &mut StackViewerState) {
    ui.horizontal_wrapped(|ui| {
        let current = state.shown_slice().map(|slice| slice.sop_instance_uid);
        let is_key = current
            .as_ref()
            .is_some_and(|uid| state.key_slices.contains(uid));
        if ui
            .button(if is_key {
                "Remove key slice"
            } else {
                "Mark key slice"
            })
            .clicked()
        {
            state.toggle_key_slice();
        }
        ui.label(format!("Key slices ({}):", state.key_slices.len()));
        let Some(volume) = state.volume.clone() else {
            return;
        };
        let mut go_to = None;
        for uid in &state.key_slices {
            let label = volume
                .slices
                .iter()
                .position(|slice| &slice.sop_instance_uid == uid)
                .map_or("not in this series".to_owned(), |index| {
                    format!(
                        "slice {} · {:.1} mm",
                        index + 1,
                        volume.slices[index].position_mm
                    )
                });
            if ui.small_button(label).clicked() {
                go_to = Some(uid.clone());
            }
        }
        if let Some(uid) = go_to {
            state.go_to_key_slice(&uid);
        }
    });
}
