//! The report sections about images and the reviewer's notes: imaging milestones with their
//! structured reading and thumbnails, notes with their targets, and the figures.

use crate::model::{Case, ImagingMilestone, NoteKind, NoteTarget, Provenance};

use super::build::Builder;
use super::images::{MilestoneImage, milestone_pictures, png_data_uri, thumbnail_png};
use super::model::{FigureEntry, ImageEntry, ImagingEntry, NoteEntry};
use super::{ReportOptions, figures};

pub(super) fn imaging(builder: &Builder<'_>, images: &[MilestoneImage]) -> Vec<ImagingEntry> {
    builder
        .case
        .milestones
        .iter()
        .map(|milestone| ImagingEntry {
            label: milestone.label.clone(),
            modality: milestone.modality.label().to_owned(),
            when: milestone.time.map(|time| builder.when(time)),
            findings: builder.text(&milestone.findings),
            reading: reading(milestone),
            note: builder.optional_text(milestone.note.as_deref()),
            images: milestone_pictures(milestone)
                .iter()
                .enumerate()
                .map(|(index, picture)| {
                    let decoded = images.iter().find(|image| {
                        image.milestone == milestone.label && image.image_index == index
                    });
                    let thumbnail = decoded.and_then(|image| image.thumbnail.as_ref().ok());
                    let encoded = thumbnail.map(thumbnail_png);
                    let problem = match (decoded, &encoded) {
                        (None, _) => Some("not loaded for this export".to_owned()),
                        (Some(image), _) if image.thumbnail.is_err() => {
                            image.thumbnail.as_ref().err().map(ToString::to_string)
                        }
                        (_, Some(Err(error))) => Some(format!(
                            "the thumbnail could not be encoded as PNG ({error})"
                        )),
                        _ => None,
                    };
                    ImageEntry {
                        caption: builder.optional_text(picture.caption.as_deref()),
                        file: (!builder.deidentify).then(|| picture.origin()),
                        annotation_count: picture.annotations.len(),
                        thumbnail: encoded.and_then(Result::ok).map(|png| png_data_uri(&png)),
                        // A de-identified report must not name files, even in an error.
                        problem: problem.map(|problem| {
                            if builder.deidentify {
                                "the image could not be read".to_owned()
                            } else {
                                problem
                            }
                        }),
                    }
                })
                .collect(),
        })
        .collect()
}

/// The structured reading in words: distribution, patterns, change, score.
fn reading(milestone: &ImagingMilestone) -> Vec<String> {
    let mut lines = Vec::new();
    let distribution = &milestone.distribution;
    if !distribution.is_empty() {
        let mut text = distribution
            .laterality
            .map(|side| side.label().to_owned())
            .unwrap_or_default();
        if !distribution.lobes.is_empty() {
            let lobes: Vec<&str> = distribution
                .lobes
                .iter()
                .map(|lobe| lobe.abbreviation())
                .collect();
            if !text.is_empty() {
                text.push_str(": ");
            }
            text.push_str(&lobes.join(", "));
        }
        lines.push(format!("Distribution: {text}"));
    }
    if !milestone.patterns.is_empty() {
        let patterns: Vec<&str> = milestone
            .patterns
            .iter()
            .map(|pattern| pattern.label())
            .collect();
        lines.push(format!("Patterns: {}", patterns.join(", ")));
    }
    if let Some(change) = milestone.change {
        lines.push(format!(
            "Change against the previous study: {}",
            change.label()
        ));
    }
    if let Some(score) = milestone.severity {
        let parts: Vec<String> = score
            .parts()
            .iter()
            .map(|(name, value)| format!("{} {value}", name.replace('_', " ")))
            .collect();
        lines.push(format!(
            "{}: {}/{} ({})",
            score.name(),
            score.total(),
            score.max_total(),
            parts.join(", ")
        ));
    }
    lines
}

pub(super) fn notes(builder: &Builder<'_>) -> Vec<NoteEntry> {
    builder
        .case
        .notes
        .iter()
        .map(|note| NoteEntry {
            kind: match note.kind {
                NoteKind::Comment => "comment",
                NoteKind::SourceInconsistency => "source inconsistency",
                NoteKind::RenderingLoss => "lost in the source's text rendering",
            }
            .to_owned(),
            target: match &note.target {
                NoteTarget::Case => "case".to_owned(),
                NoteTarget::Time(time) => builder.when(*time).label,
                NoteTarget::Sample { marker, time } => {
                    let name = builder
                        .case
                        .series
                        .iter()
                        .find(|series| &series.marker == marker)
                        .map_or_else(|| marker.clone(), |series| series.display_name());
                    format!("{name} at {}", builder.when(*time).label)
                }
                NoteTarget::Milestone(label) => format!("imaging {label}"),
            },
            text: builder.text(&note.text),
            author: note.author.clone().filter(|_| !builder.deidentify),
        })
        .collect()
}

pub(super) fn figures_for(
    case: &Case,
    images: &[MilestoneImage],
    options: &ReportOptions,
) -> Vec<FigureEntry> {
    use figures::{FigureFormat, FigureKind};
    let figure_options = figures::FigureOptions {
        deidentify: options.deidentify,
        ..options.figure.clone()
    };
    let mut entries = Vec::new();
    let trajectory = figures::trajectory::trajectory_svg(case, &figure_options);
    let illustrative = case.metadata.illustrative
        || case.series.iter().any(|series| {
            series
                .samples
                .iter()
                .any(|sample| series.sample_provenance(sample) == Provenance::Reconstructed)
        });
    let mut caption = "Laboratory and vital-sign course over the stay, one panel per marker on a shared time axis, with the reference interval shaded, dose days as dashed lines, treatment courses as bars and episodes shaded.".to_owned();
    if illustrative {
        caption.push_str(" Open circles are illustrative reconstructions, not measurements.");
    }
    if let Some(cohort) = &figure_options.cohort {
        caption.push_str(&format!(
            " Behind the values: median (dashed) and interquartile range (shaded) of the \
             survivors and non-survivors of {} by hospital day ({}).",
            cohort.0.name, cohort.0.attribution
        ));
    }
    entries.push(FigureEntry {
        id: "figure-1".to_owned(),
        kind: FigureKind::Trajectory,
        title: "Figure 1. Clinical course".to_owned(),
        caption,
        problem: trajectory.as_ref().err().map(ToString::to_string),
        svg: trajectory.ok(),
    });
    if !case.milestones.is_empty() {
        let imaging = figures::render_figure(
            case,
            images,
            FigureKind::Imaging,
            FigureFormat::Svg,
            &figure_options,
        )
        .map(|bytes| String::from_utf8_lossy(&bytes).into_owned());
        entries.push(FigureEntry {
            id: "figure-2".to_owned(),
            kind: FigureKind::Imaging,
            title: "Figure 2. Imaging milestones".to_owned(),
            caption: "Imaging studies in series (one row per label letter), with their annotations, date or day, and structured reading. Grey tiles mark studies without a readable image.".to_owned(),
            problem: imaging.as_ref().err().map(ToString::to_string),
            svg: imaging.ok(),
        });
    }
    entries
}
