//! Playback's one rule for what the time axis shows: nothing ahead of the sweep.
//!
//! Every overlay of the trajectory view (interventions, episodes, imaging milestones, events,
//! guideline marks, notes, cohort bands, severity scores, the response windows) asks
//! [`Reveal::pieces`] what of it to draw, so a class never sees a treatment, a storm or a
//! finding before the teacher reaches its day, and "fade later data" fades them all alike.
//! A course that has started is drawn up to the sweep and grows with it.

use crate::model::DayPosition;

/// What the plots may show now.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub enum Reveal {
    /// No playback: everything.
    #[default]
    Everything,
    /// Playback: what happened up to `until` as it is; later things faded or not at all.
    Until {
        until: DayPosition,
        fade_later: bool,
    },
}

/// How a piece of an overlay is drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Look {
    /// Reached by the sweep (or no playback): as usual.
    Plain,
    /// Ahead of the sweep, with "fade later data" on.
    Faded,
}

/// A piece of an overlay to draw: `start == end` for something at one time.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Piece {
    pub start: DayPosition,
    pub end: DayPosition,
    pub look: Look,
}

impl Reveal {
    /// During playback, the time up to which the stay is shown.
    pub fn until(self) -> Option<DayPosition> {
        match self {
            Self::Everything => None,
            Self::Until { until, .. } => Some(until),
        }
    }

    /// The pieces of something from `start` to `end` (`None`: at one time) to draw: the part
    /// the sweep has reached, plain, and the rest faded when fading, else nothing of it.
    pub fn pieces(self, start: DayPosition, end: Option<DayPosition>) -> Vec<Piece> {
        let end = end.unwrap_or(start).max(start);
        let piece = |start, end, look| Piece { start, end, look };
        match self {
            Self::Everything => vec![piece(start, end, Look::Plain)],
            Self::Until { until, fade_later } => {
                let mut pieces = Vec::with_capacity(2);
                if start <= until {
                    pieces.push(piece(start, end.min(until), Look::Plain));
                }
                if fade_later && end > until {
                    pieces.push(piece(start.max(until), end, Look::Faded));
                }
                pieces
            }
        }
    }

    /// How something at one time is drawn, if at all.
    pub fn at(self, position: DayPosition) -> Option<Look> {
        self.pieces(position, None).first().map(|piece| piece.look)
    }

    /// Whether the sweep has reached `position` (hover texts and lists beside the plots,
    /// which are not faded, name only what the plots show plainly).
    pub fn reached(self, position: DayPosition) -> bool {
        self.at(position) == Some(Look::Plain)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HIDE: Reveal = Reveal::Until {
        until: 10.0,
        fade_later: false,
    };
    const FADE: Reveal = Reveal::Until {
        until: 10.0,
        fade_later: true,
    };

    fn plain(start: f64, end: f64) -> Piece {
        Piece {
            start,
            end,
            look: Look::Plain,
        }
    }

    fn faded(start: f64, end: f64) -> Piece {
        Piece {
            start,
            end,
            look: Look::Faded,
        }
    }

    #[test]
    fn without_playback_everything_is_plain() {
        assert_eq!(
            Reveal::Everything.pieces(12.0, Some(14.0)),
            vec![plain(12.0, 14.0)]
        );
        assert_eq!(Reveal::Everything.at(99.0), Some(Look::Plain));
    }

    #[test]
    fn nothing_ahead_of_the_sweep_is_drawn() {
        assert_eq!(HIDE.at(10.5), None);
        assert_eq!(HIDE.pieces(11.0, Some(15.0)), vec![]);
        assert_eq!(HIDE.at(10.0), Some(Look::Plain), "reached on its time");
        assert!(!HIDE.reached(10.01));
    }

    #[test]
    fn a_course_grows_with_the_sweep() {
        assert_eq!(HIDE.pieces(8.0, Some(15.0)), vec![plain(8.0, 10.0)]);
        assert_eq!(HIDE.pieces(8.0, Some(9.0)), vec![plain(8.0, 9.0)]);
    }

    #[test]
    fn fading_fades_the_rest_of_everything_alike() {
        assert_eq!(
            FADE.pieces(8.0, Some(15.0)),
            vec![plain(8.0, 10.0), faded(10.0, 15.0)]
        );
        assert_eq!(FADE.pieces(12.0, Some(15.0)), vec![faded(12.0, 15.0)]);
        assert_eq!(FADE.at(12.0), Some(Look::Faded));
        assert!(!FADE.reached(12.0));
    }
}
