//! Episodes marked by hand: a reviewer marks a stretch of the stay (from a plot's context
//! menu, start then end, or from the measuring cursors A and B), names it, sets its kind, moves
//! its first or last day, or deletes it. Every change is one undoable edit of the case.

use egui::RichText;

use super::TrajectoryState;
use crate::analysis::evidence::{day_of, time_for_day};
use crate::analysis::time_axis::describe_time;
use crate::app::document::CaseDocument;
use crate::model::{
    CaseTime, DayPosition, EpisodeKind, EpisodeOrigin, EpisodeSpan, TimeSpan, Timeline,
};

const KINDS: [(EpisodeKind, &str); 4] = [
    (EpisodeKind::CytokineStorm, "Cytokine storm"),
    (EpisodeKind::Deterioration, "Deterioration"),
    (EpisodeKind::Recovery, "Recovery"),
    (EpisodeKind::Other, "Other"),
];

fn kind_label(kind: EpisodeKind) -> &'static str {
    KINDS
        .iter()
        .find(|(candidate, _)| *candidate == kind)
        .map_or("Other", |(_, label)| label)
}

/// The editor's state between frames.
#[derive(Clone, Debug, Default)]
pub struct EpisodesEditorState {
    /// A start placed from a plot's context menu, waiting for its end.
    pub pending_start: Option<DayPosition>,
    /// A label being typed, by episode index; committed when the field loses focus.
    label_draft: Option<(usize, String)>,
    /// Why the last change was refused.
    pub refusal: Option<String>,
    /// Open the section on the next frame (after marking from a plot).
    reveal: bool,
}

/// One change to the case's episodes.
#[derive(Clone, Debug, PartialEq)]
pub enum EpisodeEdit {
    Add(EpisodeSpan),
    Replace(usize, EpisodeSpan),
    Remove(usize),
}

impl EpisodeEdit {
    /// Applies the change to a case's episodes; an index past the end changes nothing.
    pub fn apply(self, episodes: &mut Vec<EpisodeSpan>) {
        match self {
            Self::Add(episode) => episodes.push(episode),
            Self::Replace(index, episode) => {
                if let Some(slot) = episodes.get_mut(index) {
                    *slot = episode;
                }
            }
            Self::Remove(index) => {
                if index < episodes.len() {
                    episodes.remove(index);
                }
            }
        }
    }
}

/// A reviewer's episode over the whole days from `first` to `last` (in either order),
/// stated in the case's own time form. `None` where a day cannot be stated.
pub fn episode_between(
    timeline: &Timeline,
    first: DayPosition,
    last: DayPosition,
    existing: &[EpisodeSpan],
) -> Option<EpisodeSpan> {
    let (first, last) = if first <= last {
        (first, last)
    } else {
        (last, first)
    };
    let start = time_for_day(timeline, day_of(first))?;
    let end = time_for_day(timeline, day_of(last))?;
    Some(EpisodeSpan {
        label: format!("Episode {}", existing.len() + 1),
        kind: EpisodeKind::Other,
        span: TimeSpan { start, end },
        origin: EpisodeOrigin::Reviewer,
        stated_illness_days: None,
        note: None,
    })
}

/// `time` moved by whole days, in the case's own time form.
fn shifted(timeline: &Timeline, time: CaseTime, days: i64) -> Option<CaseTime> {
    let position = timeline.position(time).ok()?;
    time_for_day(timeline, day_of(position).checked_add(days)?)
}

/// The items a plot's context menu offers for episodes at `position`.
pub fn episode_context_menu_ui(
    ui: &mut egui::Ui,
    document: &CaseDocument,
    state: &mut TrajectoryState,
    position: DayPosition,
) -> Option<(String, EpisodeEdit)> {
    let editor = &mut state.episodes;
    let Some(start) = editor.pending_start else {
        if ui.button("Start an episode here").clicked() {
            editor.pending_start = Some(position);
            ui.close();
        }
        return None;
    };
    let mut edit = None;
    if ui.button("End the episode here").clicked() {
        match episode_between(
            document.timeline(),
            start,
            position,
            &document.case().episodes,
        ) {
            Some(episode) => {
                edit = Some((
                    format!("Mark episode {}", episode.span),
                    EpisodeEdit::Add(episode),
                ));
                editor.reveal = true;
            }
            None => {
                editor.refusal = Some("These days cannot be stated in the case's time form.".into())
            }
        }
        editor.pending_start = None;
        ui.close();
    }
    if ui.button("Cancel the episode being marked").clicked() {
        editor.pending_start = None;
        ui.close();
    }
    edit
}

/// The episodes of the case, each editable, and the ways to mark a new one.
pub fn episodes_ui(
    ui: &mut egui::Ui,
    document: &CaseDocument,
    state: &mut TrajectoryState,
) -> Option<(String, EpisodeEdit)> {
    let reveal = std::mem::take(&mut state.episodes.reveal);
    let mut header = egui::CollapsingHeader::new("Episodes").default_open(false);
    if reveal {
        header = header.open(Some(true));
    }
    header
        .show(ui, |ui| episodes_body_ui(ui, document, state))
        .body_returned
        .flatten()
}

fn episodes_body_ui(
    ui: &mut egui::Ui,
    document: &CaseDocument,
    state: &mut TrajectoryState,
) -> Option<(String, EpisodeEdit)> {
    let timeline = document.timeline();
    let mut edit = None;
    if let Some(start) = state.episodes.pending_start {
        let when = time_for_day(timeline, day_of(start))
            .map_or_else(|| "the day chosen".to_owned(), |time| time.to_string());
        ui.label(format!(
            "Marking from {when}: right-click a plot where it ends."
        ));
    }
    let cursors = state.cursor_a.zip(state.cursor_b);
    let mark_from_cursors = ui.add_enabled(
        cursors.is_some(),
        egui::Button::new("Mark A to B as an episode"),
    );
    if let Some((a, b)) = cursors
        && mark_from_cursors.clicked()
    {
        match episode_between(timeline, a, b, &document.case().episodes) {
            Some(episode) => {
                edit = Some((
                    format!("Mark episode {}", episode.span),
                    EpisodeEdit::Add(episode),
                ))
            }
            None => {
                state.episodes.refusal =
                    Some("These days cannot be stated in the case's time form.".into())
            }
        }
    }
    if cursors.is_none() {
        ui.label(
            RichText::new("Place cursors A and B, or right-click a plot: Start an episode here.")
                .small()
                .weak(),
        );
    }
    if let Some(refusal) = &state.episodes.refusal {
        ui.colored_label(ui.visuals().warn_fg_color, refusal);
    }
    for (index, episode) in document.case().episodes.iter().enumerate() {
        ui.separator();
        if let Some(change) = episode_row_ui(ui, timeline, index, episode, state) {
            edit = Some(change);
        }
    }
    edit
}

fn episode_row_ui(
    ui: &mut egui::Ui,
    timeline: &Timeline,
    index: usize,
    episode: &EpisodeSpan,
    state: &mut TrajectoryState,
) -> Option<(String, EpisodeEdit)> {
    let mut edit = None;
    let replace = |description: String, changed: EpisodeSpan| {
        // Once a reviewer changes a published span it is the reviewer's, not the paper's.
        let changed = EpisodeSpan {
            origin: EpisodeOrigin::Reviewer,
            ..changed
        };
        Some((description, EpisodeEdit::Replace(index, changed)))
    };

    let mut label = match &state.episodes.label_draft {
        Some((draft_index, text)) if *draft_index == index => text.clone(),
        _ => episode.label.clone(),
    };
    let response = ui
        .horizontal(|ui| {
            let name = ui.label("Name");
            ui.add(
                egui::TextEdit::singleline(&mut label)
                    .desired_width(f32::INFINITY)
                    .hint_text("such as First cytokine storm"),
            )
            .labelled_by(name.id)
        })
        .inner;
    if response.changed() {
        state.episodes.label_draft = Some((index, label.clone()));
    }
    if response.lost_focus() && label.trim() != episode.label && !label.trim().is_empty() {
        let changed = EpisodeSpan {
            label: label.trim().to_owned(),
            ..episode.clone()
        };
        edit = replace(format!("Rename episode to {}", changed.label), changed);
        state.episodes.label_draft = None;
    }

    ui.horizontal(|ui| {
        egui::ComboBox::new(("episode_kind", index), "Kind")
            .selected_text(kind_label(episode.kind))
            .show_ui(ui, |ui| {
                for (kind, label) in KINDS {
                    if ui.selectable_label(episode.kind == kind, label).clicked()
                        && kind != episode.kind
                    {
                        let changed = EpisodeSpan {
                            kind,
                            ..episode.clone()
                        };
                        edit =
                            replace(format!("Make {} a {label} episode", episode.label), changed);
                    }
                }
            });
        let origin = match episode.origin {
            EpisodeOrigin::Publication => "from the publication",
            EpisodeOrigin::Reviewer => "marked by the reviewer",
        };
        ui.label(RichText::new(origin).small().weak());
        if ui.button("Delete").clicked() {
            edit = Some((
                format!("Delete episode {}", episode.label),
                EpisodeEdit::Remove(index),
            ));
        }
    });

    let days = |time: CaseTime| timeline.position(time).ok().map(day_of);
    let (first_day, last_day) = (days(episode.span.start), days(episode.span.end));
    let single_day = first_day.is_some() && first_day == last_day;
    for (which, time, is_start) in [
        ("First day", episode.span.start, true),
        ("Last day", episode.span.end, false),
    ] {
        ui.horizontal(|ui| {
            ui.label(format!("{which}: {}", describe_time(timeline, time)));
            for (text, days_moved) in [("−", -1), ("+", 1)] {
                // The first day may not pass the last.
                let crosses =
                    single_day && ((is_start && days_moved > 0) || (!is_start && days_moved < 0));
                let button = ui.add_enabled(!crosses, egui::Button::new(text).small());
                let button = button.on_hover_text(format!(
                    "{which} one day {}",
                    if days_moved < 0 { "earlier" } else { "later" }
                ));
                if button.clicked() {
                    match shifted(timeline, time, days_moved) {
                        Some(moved) => {
                            let mut span = episode.span;
                            if is_start {
                                span.start = moved;
                            } else {
                                span.end = moved;
                            }
                            let changed = EpisodeSpan {
                                span,
                                ..episode.clone()
                            };
                            edit = replace(
                                format!("Move episode {} to {}", episode.label, span),
                                changed,
                            );
                        }
                        None => {
                            state.episodes.refusal =
                                Some(format!("{which} of {} cannot be moved.", episode.label))
                        }
                    }
                }
            }
        });
    }
    edit
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::bundled::{LIANG_2020, PENG_2020};
    use crate::io::parse_case;

    fn timeline_of(text: &str) -> Timeline {
        let case = parse_case(text, "case.ron")
            .expect("bundled case loads")
            .case;
        Timeline::for_case(&case)
    }

    fn date(text: &str) -> CaseTime {
        CaseTime::Date(chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("date"))
    }

    #[test]
    fn an_episode_between_two_cursors_covers_their_whole_days_in_either_order() {
        let timeline = timeline_of(PENG_2020.text);
        let from = timeline.position(date("2020-02-04")).expect("placed") + 0.7;
        let to = timeline.position(date("2020-02-07")).expect("placed") + 0.2;
        for (first, last) in [(from, to), (to, from)] {
            let episode = episode_between(&timeline, first, last, &[]).expect("stated");
            assert_eq!(episode.span.start, date("2020-02-04"));
            assert_eq!(episode.span.end, date("2020-02-07"));
            assert_eq!(episode.origin, EpisodeOrigin::Reviewer);
            assert_eq!(episode.label, "Episode 1");
        }
    }

    #[test]
    fn a_case_in_relative_days_gets_episodes_in_relative_days() {
        let timeline = timeline_of(LIANG_2020.text);
        let episode = episode_between(&timeline, 2.0, 4.0, &[]).expect("stated");
        assert!(
            matches!(
                episode.span.start,
                CaseTime::HospitalDay(_) | CaseTime::IllnessDay(_)
            ),
            "{:?}",
            episode.span.start
        );
        let moved = shifted(&timeline, episode.span.end, 1).expect("moved");
        let end_position = timeline.position(episode.span.end).expect("placed");
        assert_eq!(
            timeline.position(moved).expect("placed"),
            end_position + 1.0
        );
    }

    #[test]
    fn edits_replace_and_remove_by_index_and_ignore_a_stale_index() {
        let timeline = timeline_of(PENG_2020.text);
        let episode = episode_between(&timeline, 0.0, 1.0, &[]).expect("stated");
        let mut episodes = Vec::new();
        EpisodeEdit::Add(episode.clone()).apply(&mut episodes);
        let renamed = EpisodeSpan {
            label: "First storm".into(),
            ..episode
        };
        EpisodeEdit::Replace(0, renamed.clone()).apply(&mut episodes);
        assert_eq!(episodes, vec![renamed]);
        EpisodeEdit::Remove(5).apply(&mut episodes);
        assert_eq!(episodes.len(), 1);
        EpisodeEdit::Remove(0).apply(&mut episodes);
        assert!(episodes.is_empty());
    }
}
