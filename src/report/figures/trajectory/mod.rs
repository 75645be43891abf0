//! The trajectory figure: chosen markers as stacked panels on one time axis. Above the panels
//! a treatment lane shows each dated intervention (doses as ticks, courses as bars) and the
//! episodes; dose days run as dashed lines through every panel, episodes as shaded spans.
//! Each panel shades its reference interval and names its unit; illustrative values are drawn
//! as open circles and the panel says so.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::style::{self, Scale};
use super::{FigureError, FigureFormat, FigureOptions, draw_error, png};
use crate::analysis::time_axis::AxisMode;
use crate::model::{
    Case, InterventionKind, Provenance, ReferenceInterval, Series, Timeline, Timing,
};

pub mod bands;
mod draw;
mod legend;

/// The markers of the reference paper's Fig. 1, used when none are chosen.
pub const DEFAULT_MARKERS: [&str; 7] = [
    "neutrophils",
    "lymphocytes",
    "crp",
    "il6",
    "d_dimer",
    "pao2",
    "pf_ratio",
];
/// Without a Fig. 1 marker, the first series with values, up to this many.
const FALLBACK_PANEL_COUNT: usize = 6;

/// One value of a panel.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PanelPoint {
    pub position: f64,
    pub value: f64,
    pub reconstructed: bool,
}

/// One marker's panel.
#[derive(Clone, Debug, PartialEq)]
pub struct Panel {
    pub marker: String,
    pub name: String,
    pub unit: String,
    pub reference: Option<ReferenceInterval>,
    pub log_scale: bool,
    pub points: Vec<PanelPoint>,
    /// The reference cohort's bands behind the values, when asked for and applicable.
    pub bands: Option<bands::PanelBands>,
}

impl Panel {
    pub fn has_reconstructed(&self) -> bool {
        self.points.iter().any(|point| point.reconstructed)
    }

    /// `Neutrophils (×10⁹/L)`.
    pub fn title(&self) -> String {
        if self.unit.is_empty() {
            self.name.clone()
        } else {
            format!("{} ({})", self.name, self.unit)
        }
    }
}

/// One dated intervention in the treatment lane.
#[derive(Clone, Debug, PartialEq)]
pub struct LaneItem {
    pub label: String,
    pub kind: InterventionKind,
    pub doses: Vec<f64>,
    pub course: Option<(f64, f64)>,
    pub dates_reconstructed: bool,
}

/// Everything the figure shows, placed on the case axis.
#[derive(Clone, Debug, PartialEq)]
pub struct TrajectoryData {
    pub panels: Vec<Panel>,
    pub lane: Vec<LaneItem>,
    pub episodes: Vec<(String, f64, f64)>,
    /// First and last day position shown.
    pub range: (f64, f64),
    pub mode: AxisMode,
    /// Day 0 = admission (or onset) instead of day 1: a journal preset's axis.
    pub relative_days: bool,
    /// A journal figure: panel letters (A, B, C…) to cite panels by, and the print palette
    /// that stays readable in grey and for colour-blind readers.
    pub publication: bool,
    /// What the legend says about the reference cohort, when bands were asked for.
    pub cohort: Option<bands::CohortNote>,
}

/// Chooses the panels and places everything on the axis.
pub fn trajectory_data(
    case: &Case,
    timeline: &Timeline,
    options: &FigureOptions,
) -> Result<TrajectoryData, FigureError> {
    let chosen = chosen_series(case, options)?;
    let panels: Vec<Panel> = chosen
        .into_iter()
        .map(|series| {
            let points: Vec<PanelPoint> = series
                .samples
                .iter()
                .filter(|sample| sample.value.is_finite())
                .filter_map(|sample| {
                    let position = timeline.position(sample.time).ok()?;
                    Some(PanelPoint {
                        position,
                        value: sample.value,
                        reconstructed: series.sample_provenance(sample)
                            == Provenance::Reconstructed,
                    })
                })
                .collect();
            let (low, high) = value_bounds(points.iter().map(|point| point.value));
            let log_scale = series
                .definition()
                .is_some_and(|definition| definition.spans_decades)
                && low > 0.0
                && high / low >= 20.0;
            Panel {
                marker: series.marker.clone(),
                name: series.display_name(),
                unit: series.display_unit(),
                reference: case.reference_interval(series),
                log_scale,
                points,
                bands: options
                    .cohort
                    .as_ref()
                    .and_then(|cohort| bands::panel_bands(&cohort.0, series, timeline)),
            }
        })
        .collect();
    let cohort = options
        .cohort
        .as_ref()
        .map(|cohort| bands::cohort_note(&cohort.0, timeline, &panels));

    let place = |time| timeline.position(time).ok();
    let lane = intervention_lane(case, timeline);
    let episodes: Vec<(String, f64, f64)> = case
        .episodes
        .iter()
        .filter_map(|episode| {
            Some((
                episode.label.clone(),
                place(episode.span.start)?,
                place(episode.span.end)?,
            ))
        })
        .collect();

    let sample_positions = panels
        .iter()
        .flat_map(|panel| panel.points.iter().map(|point| point.position));
    let lane_positions = lane.iter().flat_map(|item| {
        item.doses.iter().copied().chain(
            item.course
                .into_iter()
                .flat_map(|(start, end)| [start, end]),
        )
    });
    let episode_positions = episodes.iter().flat_map(|(_, start, end)| [*start, *end]);
    let (first, last) = value_bounds(
        sample_positions
            .chain(lane_positions)
            .chain(episode_positions)
            .chain(timeline.admission())
            .chain(timeline.discharge()),
    );
    if !first.is_finite() {
        return Err(FigureError::Empty(
            "no value of the chosen markers can be placed in time; check the case's anchors"
                .to_owned(),
        ));
    }
    Ok(TrajectoryData {
        panels,
        lane,
        episodes,
        range: (first.floor() - 0.5, last.floor() + 1.5),
        mode: options.axis_mode(timeline),
        relative_days: options.relative_days(),
        publication: options.preset.is_some(),
        cohort,
    })
}

/// The series the figure shows: the chosen markers with values, else figure 1's, else the
/// first few with values; refused, naming what the case has, when none has values.
fn chosen_series<'a>(
    case: &'a Case,
    options: &FigureOptions,
) -> Result<Vec<&'a Series>, FigureError> {
    let with_values = |id: &str| {
        case.series
            .iter()
            .find(|series| series.marker == id && !series.samples.is_empty())
    };
    let chosen: Vec<&Series> = if options.markers.is_empty() {
        let fig_one: Vec<_> = DEFAULT_MARKERS
            .iter()
            .filter_map(|id| with_values(id))
            .collect();
        if fig_one.is_empty() {
            case.series
                .iter()
                .filter(|series| !series.samples.is_empty())
                .take(FALLBACK_PANEL_COUNT)
                .collect()
        } else {
            fig_one
        }
    } else {
        options
            .markers
            .iter()
            .filter_map(|id| with_values(id))
            .collect()
    };
    if chosen.is_empty() {
        let available: Vec<_> = case
            .series
            .iter()
            .filter(|series| !series.samples.is_empty())
            .map(|series| series.marker.as_str())
            .collect();
        return Err(FigureError::Empty(if available.is_empty() {
            "the case has no series with values".to_owned()
        } else {
            format!(
                "none of the chosen markers has values; this case has {}",
                available.join(", ")
            )
        }));
    }
    Ok(chosen)
}

/// The intervention lane: doses and courses placed on the axis, undated ones left out.
fn intervention_lane(case: &Case, timeline: &Timeline) -> Vec<LaneItem> {
    let place = |time| timeline.position(time).ok();
    case.interventions
        .iter()
        .filter_map(|intervention| {
            let (doses, course) = match &intervention.timing {
                Timing::Single(time) => (place(*time).into_iter().collect(), None),
                Timing::Doses(times) => {
                    (times.iter().filter_map(|time| place(*time)).collect(), None)
                }
                Timing::Course { start, end } => {
                    let start = place(*start)?;
                    let end = end.and_then(place).unwrap_or(start);
                    (Vec::new(), Some((start, end.max(start))))
                }
                Timing::Undated { .. } => return None,
            };
            (!doses.is_empty() || course.is_some()).then(|| LaneItem {
                label: short_name(&intervention.name),
                kind: intervention.kind,
                doses,
                course,
                dates_reconstructed: intervention.dates_reconstructed,
            })
        })
        .collect()
}

/// `Umbilical-cord mesenchymal stem cells (UC-MSCs)` → `UC-MSCs`: a lane label must be short.
fn short_name(name: &str) -> String {
    let trimmed = name.trim();
    if let Some(inner) = trimmed
        .strip_suffix(')')
        .and_then(|rest| rest.rsplit_once('(').map(|(_, inner)| inner))
        .filter(|inner| !inner.is_empty() && inner.len() <= 12)
    {
        return inner.to_owned();
    }
    trimmed.to_owned()
}

fn value_bounds(values: impl Iterator<Item = f64>) -> (f64, f64) {
    values
        .filter(|value| value.is_finite())
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(low, high), value| {
            (low.min(value), high.max(value))
        })
}

/// The figure as SVG text.
pub fn trajectory_svg(case: &Case, options: &FigureOptions) -> Result<String, FigureError> {
    let (data, timeline, scale, width) = prepare(case, options, FigureFormat::Svg)?;
    let layout = draw::Layout::new(&data, &timeline, scale, width);
    let mut svg = String::new();
    {
        let root =
            SVGBackend::with_string(&mut svg, (layout.width, layout.height)).into_drawing_area();
        draw::draw(&root, &data, &timeline, &layout)?;
        root.present().map_err(draw_error)?;
    }
    if options.preset.is_some() {
        svg =
            super::journal::svg_in_millimetres(svg, FigureFormat::Svg, layout.width, layout.height);
    }
    Ok(svg)
}

/// The figure as PNG or TIFF bytes at the chosen DPI.
pub fn trajectory_raster(
    case: &Case,
    options: &FigureOptions,
    format: FigureFormat,
) -> Result<Vec<u8>, FigureError> {
    let (data, timeline, scale, width) = prepare(case, options, format)?;
    let layout = draw::Layout::new(&data, &timeline, scale, width);
    let mut rgb = vec![255u8; layout.width as usize * layout.height as usize * 3];
    {
        let root =
            BitMapBackend::with_buffer(&mut rgb, (layout.width, layout.height)).into_drawing_area();
        draw::draw(&root, &data, &timeline, &layout)?;
        root.present().map_err(draw_error)?;
    }
    png::encode_raster(&rgb, layout.width, layout.height, options.dpi, format)
}

fn prepare(
    case: &Case,
    options: &FigureOptions,
    format: FigureFormat,
) -> Result<(TrajectoryData, Timeline, Scale, u32), FigureError> {
    if !style::ensure_font() {
        return Err(FigureError::Font);
    }
    let width = options.width_for(format)?;
    let timeline = Timeline::for_case(case);
    let data = trajectory_data(case, &timeline, options)?;
    Ok((data, timeline, options.scale(format), width))
}

/// Keeps the drawing code generic over plotters backends.
pub(super) type Area<DB> = DrawingArea<DB, Shift>;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::bundled::PENG_2020;
    use crate::model::{ReferenceInterval, Sex};

    #[test]
    fn the_reference_case_gets_the_seven_panels_of_fig_one_and_its_dated_treatments() {
        let case = PENG_2020.load().unwrap().case;
        let timeline = Timeline::for_case(&case);
        let data = trajectory_data(&case, &timeline, &FigureOptions::default()).unwrap();
        let markers: Vec<_> = data
            .panels
            .iter()
            .map(|panel| panel.marker.as_str())
            .collect();
        assert_eq!(markers, DEFAULT_MARKERS);
        let labels: Vec<_> = data.lane.iter().map(|item| item.label.as_str()).collect();
        assert!(labels.contains(&"Convalescent plasma"), "{labels:?}");
        assert!(labels.contains(&"UC-MSCs"), "{labels:?}");
        assert!(labels.contains(&"HFNC"), "{labels:?}");
        assert_eq!(data.episodes.len(), 2);
        let il6 = data
            .panels
            .iter()
            .find(|panel| panel.marker == "il6")
            .unwrap();
        assert!(il6.log_scale, "IL-6 spans decades");
        assert!(il6.has_reconstructed());
    }

    #[test]
    fn chosen_markers_keep_their_order_and_unknown_ones_are_explained() {
        let case = PENG_2020.load().unwrap().case;
        let timeline = Timeline::for_case(&case);
        let options = FigureOptions {
            markers: vec!["crp".to_owned(), "lymphocytes".to_owned()],
            ..FigureOptions::default()
        };
        let data = trajectory_data(&case, &timeline, &options).unwrap();
        let markers: Vec<_> = data
            .panels
            .iter()
            .map(|panel| panel.marker.as_str())
            .collect();
        assert_eq!(markers, ["crp", "lymphocytes"]);
        let options = FigureOptions {
            markers: vec!["ferritin".to_owned()],
            ..FigureOptions::default()
        };
        let message = trajectory_data(&case, &timeline, &options)
            .err()
            .map(|error| error.to_string())
            .unwrap_or_default();
        assert!(message.contains("neutrophils, lymphocytes"), "{message}");
    }

    #[test]
    fn the_shaded_interval_is_the_patients_own_where_it_depends_on_sex() {
        let mut case = PENG_2020.load().unwrap().case;
        let mut ferritin = case.series[0].clone();
        ferritin.marker = "ferritin".to_owned();
        ferritin.unit = None;
        ferritin.reference = None;
        case.series.push(ferritin);
        let timeline = Timeline::for_case(&case);
        let options = FigureOptions {
            markers: vec!["ferritin".to_owned()],
            ..FigureOptions::default()
        };
        let shaded =
            |case: &Case| trajectory_data(case, &timeline, &options).unwrap().panels[0].reference;
        case.patient.sex = Some(Sex::Female);
        assert_eq!(shaded(&case), Some(ReferenceInterval::between(13.0, 150.0)));
        case.patient.sex = Some(Sex::Male);
        assert_eq!(shaded(&case), Some(ReferenceInterval::between(30.0, 400.0)));
        case.patient.sex = None;
        assert_eq!(shaded(&case), Some(ReferenceInterval::between(13.0, 400.0)));
    }

    #[test]
    fn de_identified_figures_never_use_calendar_dates() {
        let case = PENG_2020.load().unwrap().case;
        let timeline = Timeline::for_case(&case);
        let options = FigureOptions {
            axis: Some(AxisMode::CalendarDate),
            deidentify: true,
            ..FigureOptions::default()
        };
        assert_eq!(options.axis_mode(&timeline), AxisMode::IllnessDay);
    }
}
