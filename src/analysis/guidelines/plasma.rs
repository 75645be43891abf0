//! The timing of convalescent plasma against the review: each dose's illness day, counted
//! from the case's symptom-onset anchor. Without that anchor no illness day is computed and the
//! finding says so; no date is invented.

use super::{PLASMA_FIRST_WEEK_LAST_DAY, PLASMA_LATEST_USEFUL_ILLNESS_DAY};
use crate::model::{Case, CaseTime, InterventionKind, PlacementError, Timeline, Timing};

/// Whether a dose fell within the review's window.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PlasmaWindow {
    /// Illness day 7 or earlier: when the review thinks plasma most effective.
    FirstWeek,
    /// Illness days 8 to 14.
    ByDay14,
    /// After illness day 14: possibly ineffective, says the review.
    AfterDay14,
}

impl PlasmaWindow {
    pub fn for_illness_day(illness_day: i32) -> Self {
        if illness_day <= PLASMA_FIRST_WEEK_LAST_DAY {
            Self::FirstWeek
        } else if illness_day <= PLASMA_LATEST_USEFUL_ILLNESS_DAY {
            Self::ByDay14
        } else {
            Self::AfterDay14
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::FirstWeek => "within the first week of illness",
            Self::ByDay14 => "after the first week, by illness day 14",
            Self::AfterDay14 => "after illness day 14",
        }
    }
}

/// One dose of plasma, placed in illness days.
#[derive(Clone, Debug, PartialEq)]
pub struct PlasmaDose {
    pub time: CaseTime,
    pub illness_day: i32,
    pub window: PlasmaWindow,
}

/// Why the timing of plasma cannot be judged. Nothing is guessed in its place.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum PlasmaNotAssessable {
    #[error(
        "the case has no symptom-onset anchor, so illness days are unknown; set `anchors.symptom_onset`"
    )]
    NoOnset,
    #[error("the doses are undated ({note})")]
    Undated { note: String },
    #[error("the dose of {time} cannot be placed: {error}")]
    Unplaceable {
        time: CaseTime,
        error: PlacementError,
    },
}

/// The timing of one convalescent-plasma intervention.
#[derive(Clone, Debug, PartialEq)]
pub struct PlasmaTiming {
    /// Index into `case.interventions`.
    pub intervention_index: usize,
    pub name: String,
    pub dates_reconstructed: bool,
    /// The doses in illness days, or why they cannot be placed.
    pub outcome: Result<PlasmaAssessed, PlasmaNotAssessable>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct PlasmaAssessed {
    /// The symptom-onset anchor the illness days count from, as the case states it.
    pub onset: CaseTime,
    pub doses: Vec<PlasmaDose>,
}

impl PlasmaAssessed {
    /// The window of the first dose: what the review's advice turns on.
    pub fn first_window(&self) -> Option<PlasmaWindow> {
        self.doses.first().map(|dose| dose.window)
    }
}

pub(super) fn plasma_timing(case: &Case, timeline: &Timeline) -> Vec<PlasmaTiming> {
    case.interventions
        .iter()
        .enumerate()
        .filter(|(_, intervention)| intervention.kind == InterventionKind::ConvalescentPlasma)
        .map(|(intervention_index, intervention)| PlasmaTiming {
            intervention_index,
            name: intervention.name.clone(),
            dates_reconstructed: intervention.dates_reconstructed,
            outcome: place_doses(&intervention.timing, case, timeline),
        })
        .collect()
}

fn place_doses(
    timing: &Timing,
    case: &Case,
    timeline: &Timeline,
) -> Result<PlasmaAssessed, PlasmaNotAssessable> {
    let onset = case
        .anchors
        .symptom_onset
        .filter(|_| timeline.onset().is_some())
        .ok_or(PlasmaNotAssessable::NoOnset)?;
    if let Timing::Undated { note } = timing {
        let note = note.clone();
        return Err(PlasmaNotAssessable::Undated { note });
    }
    let doses = timing
        .stated_times()
        .into_iter()
        .map(|time| {
            let position = timeline
                .position(time)
                .map_err(|error| PlasmaNotAssessable::Unplaceable { time, error })?;
            let illness_day = timeline
                .illness_day_at(position)
                .ok_or(PlasmaNotAssessable::NoOnset)?;
            Ok(PlasmaDose {
                time,
                illness_day,
                window: PlasmaWindow::for_illness_day(illness_day),
            })
        })
        .collect::<Result<Vec<_>, PlasmaNotAssessable>>()?;
    Ok(PlasmaAssessed { onset, doses })
}
