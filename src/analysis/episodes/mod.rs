//! Suggested cytokine-storm episodes: an explainable rule over the markers a case has.
//!
//! # The rule
//!
//! A day is a *storm day* when all three hold (thresholds are the fields of [`StormRule`],
//! defaults the `DEFAULT_*` constants; [`StormRule::describe`] words them for the user):
//!
//! 1. **Inflammation rises together**: at least [`DEFAULT_MIN_RISING_MARKERS`] of the
//!    inflammatory markers present ([`INFLAMMATORY_MARKERS`]: neutrophils, CRP or hs-CRP,
//!    IL-6, D-dimer, ferritin) have a value that day which is above the upper limit of the
//!    series' reference interval (when it has one in its unit), at least
//!    [`DEFAULT_MIN_RISE_RATIO`] times the marker's lowest value of the previous
//!    [`DEFAULT_LOOKBACK_DAYS`] days, and not lower than its previous value (still rising, or
//!    at the peak).
//! 2. **Lymphocytes low or falling**: the lymphocyte count (or %) of that day or the day
//!    before is below its reference interval, or at least [`DEFAULT_MIN_FALL_SHARE`] below
//!    its highest value of the previous [`DEFAULT_LOOKBACK_DAYS`] days.
//! 3. **Oxygenation impaired or worsening**: any of PaO₂/FiO₂, PaO₂ or SpO₂ (value of that
//!    day or the day before) is below the review's severe-illness threshold
//!    ([`PF_RATIO_BELOW_MMHG`], [`SPO2_BELOW_PERCENT`]; PaO₂ has none, and a series in another
//!    unit is not compared), or has fallen by that share from its best of the look-back days.
//!
//! Storm days at most [`DEFAULT_MAX_GAP_DAYS`] day apart form one episode; an episode needs at
//! least [`DEFAULT_MIN_STORM_DAYS`] storm days. Its strength is the share of inflammatory
//! marker-days sampled in the episode that met the rise criterion.
//!
//! Days are whole days on the case axis ([`crate::model::Timeline`]); a day is represented by
//! its worst value (highest for inflammation, lowest for lymphocytes and oxygenation). Values
//! are compared only with values of the same series, so units never mix and nothing is
//! converted; a value taken on exertion never stands for its day. The rule is silent — it suggests nothing and says why in
//! [`StormSuggestions::silent_because`] — when a case lacks two inflammatory markers,
//! lymphocytes, or an oxygenation marker. Dense monitor channels are not read.
//!
//! What a suggestion rests on is part of it: the evidence counts its values by provenance, and
//! when every rising value is an illustrative reconstruction the match is circular (the
//! reconstruction was drawn to follow the publication's storms), so no strength is offered as
//! evidence ([`SuggestedEpisode::strength_text`]).
//!
//! Why these thresholds: a rise by half within a week, in two markers at once, separates the
//! storms of the reference case from day-to-day drift and from one marker moving alone; the
//! gates keep the rule to the pattern the publication describes (lymphocytes falling while
//! oxygenation worsens); "low" counts too, because a patient already lymphopenic or
//! hypoxaemic cannot fall much further. On the bundled Peng case it finds 4–7 and 15–16 Feb
//! 2020 and nothing else. The margins there: on 4 Feb CRP and D-dimer stand 1.62× and 1.66×
//! their baseline; on 14 Feb, the eve of the second storm, only CRP passes (D-dimer 1.42×,
//! neutrophils 1.32×), so a ratio of 1.4 would start the second storm a day early and one of
//! 1.7 the first a day late.

mod found;
mod rule;

pub use found::{
    GateEvidence, GateReason, LimitSource, Rise, Silence, StormDay, StormSuggestions,
    SuggestedEpisode,
};
pub use rule::{
    DEFAULT_GATE_MAX_AGE_DAYS, DEFAULT_LOOKBACK_DAYS, DEFAULT_MAX_GAP_DAYS, DEFAULT_MIN_FALL_SHARE,
    DEFAULT_MIN_RISE_RATIO, DEFAULT_MIN_RISING_MARKERS, DEFAULT_MIN_STORM_DAYS,
    INFLAMMATORY_MARKERS, LYMPHOCYTE_MARKERS, OXYGENATION_MARKERS, StormRule, describe_rule,
};

use super::evidence::{DailyCourse, DayIndex, WorstOfDay, day_of, first_series_of, time_for_day};
use super::guidelines::{PF_RATIO_BELOW_MMHG, SPO2_BELOW_PERCENT};
use crate::model::marker::RangeClass;
use crate::model::{
    Case, Censoring, EpisodeKind, EpisodeOrigin, EpisodeSpan, Provenance, TimeSpan, Timeline,
};

/// Runs the rule over a case.
pub fn suggest_episodes(case: &Case, rule: &StormRule) -> StormSuggestions {
    let timeline = Timeline::for_case(case);
    let daily = |markers: &[&str], worst| {
        first_series_of(case, markers)
            .map(|series| DailyCourse::new(series, &timeline, worst))
            .filter(|course| !course.is_empty())
    };
    let inflammatory: Vec<DailyCourse> = INFLAMMATORY_MARKERS
        .iter()
        .filter_map(|slot| daily(slot, WorstOfDay::Highest))
        .collect();
    let lymphocytes = daily(&LYMPHOCYTE_MARKERS, WorstOfDay::Lowest).map(|daily| {
        let limit = daily.course.reference.and_then(|interval| interval.low);
        GateCourse {
            limit: limit.map(|limit| (limit, LimitSource::ReferenceInterval)),
            daily,
        }
    });
    let oxygenation: Vec<GateCourse> = OXYGENATION_MARKERS
        .iter()
        .filter_map(|marker| {
            let series = first_series_of(case, &[marker])?;
            let daily = DailyCourse::new(series, &timeline, WorstOfDay::Lowest);
            let threshold = match (series.marker.as_str(), series.unit()) {
                ("pf_ratio", Some("mm[Hg]")) => Some(PF_RATIO_BELOW_MMHG),
                ("spo2", Some("%")) => Some(SPO2_BELOW_PERCENT),
                _ => None,
            };
            (!daily.is_empty()).then(|| GateCourse {
                daily,
                limit: threshold.map(|limit| (limit, LimitSource::SevereIllnessThreshold)),
            })
        })
        .collect();

    let marker_id = |daily: &DailyCourse| daily.course.marker.clone();
    let mut suggestions = StormSuggestions {
        rule: rule.clone(),
        inflammatory_markers: inflammatory.iter().map(marker_id).collect(),
        lymphocyte_marker: lymphocytes.as_ref().map(|gate| marker_id(&gate.daily)),
        oxygenation_markers: oxygenation
            .iter()
            .map(|gate| marker_id(&gate.daily))
            .collect(),
        episodes: Vec::new(),
        silent_because: Vec::new(),
    };
    if inflammatory.len() < 2 {
        let present = suggestions.inflammatory_markers.clone();
        suggestions
            .silent_because
            .push(Silence::TooFewInflammatoryMarkers { present });
    }
    if lymphocytes.is_none() {
        suggestions.silent_because.push(Silence::NoLymphocytes);
    }
    if oxygenation.is_empty() {
        suggestions.silent_because.push(Silence::NoOxygenation);
    }
    let Some(lymphocytes) = lymphocytes.filter(|_| suggestions.silent_because.is_empty()) else {
        return suggestions;
    };

    let candidate_days = inflammatory.iter().flat_map(|daily| {
        daily
            .course
            .points
            .iter()
            .map(|point| day_of(point.position))
    });
    let mut days: Vec<DayIndex> = candidate_days.collect();
    days.sort_unstable();
    days.dedup();
    let storm_days: Vec<StormDay> = days
        .into_iter()
        .filter_map(|day| storm_day(day, &inflammatory, &lymphocytes, &oxygenation, rule))
        .collect();
    suggestions.episodes = group_into_episodes(storm_days, rule, case, &timeline);
    suggestions
}

fn storm_day(
    day: DayIndex,
    inflammatory: &[DailyCourse],
    lymphocytes: &GateCourse,
    oxygenation: &[GateCourse],
    rule: &StormRule,
) -> Option<StormDay> {
    let mut assessed_markers = 0;
    let mut rises = Vec::new();
    for daily in inflammatory {
        let Some(today) = daily.on(day) else { continue };
        let earlier = || daily.between(day.saturating_sub(rule.lookback_days), day - 1);
        let Some((_, baseline)) =
            earlier().min_by(|(_, left), (_, right)| left.value.total_cmp(&right.value))
        else {
            continue;
        };
        assessed_markers += 1;
        let previous = earlier().next_back().map(|(_, point)| point.value);
        let above_reference = daily
            .course
            .reference
            .is_none_or(|interval| interval.classify(today.value) == RangeClass::High);
        let ratio = today.value / baseline.value;
        let rising = previous.is_some_and(|previous| today.value >= previous);
        // "<x" today or ">x" at baseline leaves the size of the rise unknown.
        let bounds_known =
            today.censored != Some(Censoring::Below) && baseline.censored != Some(Censoring::Above);
        if baseline.value > 0.0
            && bounds_known
            && above_reference
            && rising
            && ratio >= rule.min_rise_ratio
        {
            rises.push(Rise {
                value: daily.cite(today),
                baseline: daily.cite(baseline),
                ratio,
            });
        }
    }
    if rises.len() < rule.min_rising_markers.max(1) {
        return None;
    }
    let lymphocytes = gate(lymphocytes, day, rule)?;
    let oxygenation: Vec<GateEvidence> = oxygenation
        .iter()
        .filter_map(|daily| gate(daily, day, rule))
        .collect();
    (!oxygenation.is_empty()).then_some(StormDay {
        day,
        rises,
        assessed_markers,
        lymphocytes,
        oxygenation,
    })
}

/// A lymphocyte or oxygenation series with the limit below which it counts as low.
struct GateCourse {
    daily: DailyCourse,
    limit: Option<(f64, LimitSource)>,
}

/// A "low or falling" marker: the value of `day` (or up to the rule's age before) is below the
/// gate's limit or has fallen by the rule's share from the best of the look-back days.
fn gate(course: &GateCourse, day: DayIndex, rule: &StormRule) -> Option<GateEvidence> {
    let daily = &course.daily;
    let (value_day, value) = daily.latest_within(day, rule.gate_max_age_days)?;
    if let Some((limit, source)) = course.limit
        && value.value < limit
        && value.censored != Some(Censoring::Above)
    {
        return Some(GateEvidence {
            value: daily.cite(value),
            reason: GateReason::Below { limit, source },
        });
    }
    let (_, best) = daily
        .between(value_day.saturating_sub(rule.lookback_days), value_day - 1)
        .max_by(|(_, left), (_, right)| left.value.total_cmp(&right.value))?;
    (best.value > 0.0 && value.value <= best.value * (1.0 - rule.min_fall_share)).then(|| {
        GateEvidence {
            value: daily.cite(value),
            reason: GateReason::FallenFrom(daily.cite(best)),
        }
    })
}

fn group_into_episodes(
    storm_days: Vec<StormDay>,
    rule: &StormRule,
    case: &Case,
    timeline: &Timeline,
) -> Vec<SuggestedEpisode> {
    let mut groups: Vec<Vec<StormDay>> = Vec::new();
    for storm_day in storm_days {
        let joins = groups
            .last()
            .and_then(|group| group.last())
            .is_some_and(|last| storm_day.day - last.day <= rule.max_gap_days.saturating_add(1));
        match groups.last_mut() {
            Some(group) if joins => group.push(storm_day),
            _ => groups.push(vec![storm_day]),
        }
    }
    groups
        .into_iter()
        .filter(|group| group.len() >= rule.min_storm_days.max(1))
        .enumerate()
        .filter_map(|(index, group)| episode_from(index + 1, group, case, timeline))
        .collect()
}

fn episode_from(
    number: usize,
    days: Vec<StormDay>,
    case: &Case,
    timeline: &Timeline,
) -> Option<SuggestedEpisode> {
    let first_day = days.first()?.day;
    let last_day = days.last()?.day;
    let span = TimeSpan {
        start: time_for_day(timeline, first_day)?,
        end: time_for_day(timeline, last_day)?,
    };
    let rising: usize = days.iter().map(|day| day.rises.len()).sum();
    let assessed: usize = days.iter().map(|day| day.assessed_markers).sum();
    // Shown as evidence only when some rise is not a reconstruction (`strength_text`).
    // A storm day has at least one rise, so `assessed` is never zero here.
    let strength = rising as f64 / assessed.max(1) as f64;
    let overlaps = case
        .episodes
        .iter()
        .enumerate()
        .filter(|(_, existing)| {
            let start = timeline.position(existing.span.start).map(day_of);
            let end = timeline.position(existing.span.end).map(day_of);
            matches!((start, end), (Ok(start), Ok(end)) if start <= last_day && end >= first_day)
        })
        .map(|(index, _)| index)
        .collect();
    let mut suggestion = SuggestedEpisode {
        episode: EpisodeSpan {
            label: format!("Suggested cytokine storm {number}"),
            kind: EpisodeKind::CytokineStorm,
            span,
            origin: EpisodeOrigin::Reviewer,
            stated_illness_days: None,
            note: None,
        },
        first_day,
        last_day,
        strength,
        days,
        overlaps,
    };
    let rests_on = if suggestion.is_circular() {
        String::new()
    } else if suggestion.rests_on_reconstructed_values() {
        format!(
            " Rests partly on values marked “{}”.",
            Provenance::Reconstructed.label()
        )
    } else {
        String::new()
    };
    suggestion.episode.note = Some(format!(
        "Suggested by the CaseLens storm rule (inflammatory markers rising together while \
         lymphocytes and oxygenation are low or falling); {}. Values behind it: {}.{rests_on}",
        suggestion.strength_text(),
        suggestion.evidence_provenance()
    ));
    Some(suggestion)
}
