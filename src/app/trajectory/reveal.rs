//! The gate every overlay of the plots passes: it asks playback's one rule
//! ([`Reveal`](crate::analysis::overlays::Reveal)) what to draw, and keeps a log of what was
//! drawn in the frame, by kind. The log is what the tests read: an overlay that drew
//! without the gate would be missing from it, and the test over [`OverlayKind::ALL`] fails.

use std::cell::RefCell;

use egui::Color32;

use crate::analysis::overlays::{Look, Piece, Reveal};
use crate::model::DayPosition;

/// Everything the plots draw on the time axis besides the samples.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum OverlayKind {
    /// A dose: a line.
    InterventionDose,
    /// A course (respiratory support, a course of drugs): a span.
    InterventionCourse,
    Episode,
    ImagingMilestone,
    ClinicalEvent,
    GuidelineMark,
    Note,
    CohortBand,
    /// The imaging severity score of a study, on its own plot.
    SeverityScore,
    /// The before and after windows of the intervention in focus.
    ResponseWindow,
    /// A "what happens next?" stop of the teaching script, on the event strip.
    TeachingStop,
}

impl OverlayKind {
    pub const ALL: [Self; 11] = [
        Self::InterventionDose,
        Self::InterventionCourse,
        Self::Episode,
        Self::ImagingMilestone,
        Self::ClinicalEvent,
        Self::GuidelineMark,
        Self::Note,
        Self::CohortBand,
        Self::SeverityScore,
        Self::ResponseWindow,
        Self::TeachingStop,
    ];
}

/// One piece of an overlay the plots drew.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct DrawnOverlay {
    pub kind: OverlayKind,
    pub start: DayPosition,
    pub end: DayPosition,
    pub look: Look,
}

/// How faded things ahead of the sweep are, for overlays and curves alike.
const FADED_ALPHA: f32 = 0.25;

/// The colour of a piece: as given, or faded.
pub fn look_color(look: Look, color: Color32) -> Color32 {
    match look {
        Look::Plain => color,
        Look::Faded => color.gamma_multiply(FADED_ALPHA),
    }
}

/// The one way an overlay learns what of it to draw; built once per frame.
#[derive(Debug, Default)]
pub struct OverlayGate {
    reveal: Reveal,
    drawn: RefCell<Vec<DrawnOverlay>>,
}

impl OverlayGate {
    pub fn new(reveal: Reveal) -> Self {
        Self {
            reveal,
            drawn: RefCell::new(Vec::new()),
        }
    }

    pub fn reveal(&self) -> Reveal {
        self.reveal
    }

    /// Each episode of the case with the pieces of it to shade, from the episodes' spans the
    /// document placed once per edit (`CaseDocument::episode_spans`). Episodes are stated in
    /// whole days, so the shade runs through the end of the last day.
    pub fn episode_pieces<'a>(
        &self,
        case: &'a crate::model::Case,
        spans: &[(usize, DayPosition, DayPosition)],
    ) -> Vec<(&'a crate::model::EpisodeSpan, Piece)> {
        let mut shaded = Vec::new();
        for &(index, start, end) in spans {
            let Some(episode) = case.episodes.get(index) else {
                continue;
            };
            for piece in self.pieces(OverlayKind::Episode, start, Some(end + 1.0)) {
                shaded.push((episode, piece));
            }
        }
        shaded
    }

    /// The pieces of an overlay from `start` to `end` (`None`: at one time) to draw, logged.
    pub fn pieces(
        &self,
        kind: OverlayKind,
        start: DayPosition,
        end: Option<DayPosition>,
    ) -> Vec<Piece> {
        let pieces = self.reveal.pieces(start, end);
        self.drawn
            .borrow_mut()
            .extend(pieces.iter().map(|piece| DrawnOverlay {
                kind,
                start: piece.start,
                end: piece.end,
                look: piece.look,
            }));
        pieces
    }

    /// How an overlay at one time is drawn, if at all, logged.
    pub fn at(&self, kind: OverlayKind, position: DayPosition) -> Option<Look> {
        self.pieces(kind, position, None)
            .first()
            .map(|piece| piece.look)
    }

    /// Whether hover texts may name something at `position`: only what is drawn plainly.
    pub fn reached(&self, position: DayPosition) -> bool {
        self.reveal.reached(position)
    }

    /// What was drawn this frame.
    pub fn take(&self) -> Vec<DrawnOverlay> {
        self.drawn.take()
    }
}
