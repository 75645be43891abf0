//! Imaging milestones and annotations as a reviewer edits them: every edit is undoable,
//! survives save and load exactly, and older case files load and save unchanged.

use std::path::{Path, PathBuf};

use caselens::app::imaging::{AttachError, ImagingState, attach_image};
use caselens::app::state::{CaseSource, OpenCase};
use caselens::io::{load_case, to_canonical_text};
use caselens::model::{
    Annotation, CaseTime, Change, ImageRef, ImagingMilestone, Laterality, Lobe, Modality, Pattern,
    PixelPoint, SeverityScore, Shape, suggest_label,
};

fn repo(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(relative)
}

/// The reference case, opened from a copy in a temporary folder.
fn open_copy(folder: &Path) -> OpenCase {
    let path = folder.join("peng.ron");
    std::fs::copy(repo("assets/cases/peng2020.ron"), &path).unwrap();
    let loaded = load_case(&path).unwrap();
    OpenCase::new(loaded, CaseSource::File(path))
}

fn every_shape() -> Vec<Annotation> {
    let point = PixelPoint::new;
    let shapes = vec![
        Shape::Arrow {
            tail: point(10.0, 10.0),
            tip: point(40.5, 52.25),
        },
        Shape::Ellipse {
            corner_a: point(20.0, 30.0),
            corner_b: point(60.0, 70.0),
        },
        Shape::Rectangle {
            corner_a: point(5.0, 5.0),
            corner_b: point(25.0, 15.0),
        },
        Shape::Freehand {
            points: vec![point(1.0, 1.0), point(9.0, 1.5), point(5.0, 8.0)],
        },
        Shape::Text {
            at: point(70.0, 12.0),
            text: "GGO, right lower lobe".to_owned(),
        },
        Shape::Length {
            start: point(0.0, 100.0),
            end: point(64.0, 100.0),
        },
    ];
    shapes
        .into_iter()
        .enumerate()
        .map(|(index, shape)| Annotation {
            shape,
            frame: (index % 2) as u32,
            note: (index % 3 == 0).then(|| format!("note {index}")),
        })
        .collect()
}

#[test]
fn a_new_study_with_its_reading_and_marks_round_trips_through_save_and_load() {
    let folder = tempfile::tempdir().unwrap();
    let mut open = open_copy(folder.path());
    let label = suggest_label(open.document.case(), Modality::Ct);
    assert_eq!(label, "B5", "the reference case has B1–B4");

    let mut study = ImagingMilestone::new(label.clone(), Modality::Ct);
    study.time = Some(CaseTime::Date(
        chrono::NaiveDate::from_ymd_opt(2020, 3, 4).unwrap(),
    ));
    study.findings = "Residual fibrous stripes.".to_owned();
    study.distribution.laterality = Some(Laterality::Bilateral);
    study.distribution.lobes = vec![Lobe::RightLower, Lobe::LeftLower];
    study.patterns = vec![
        Pattern::Fibrosis,
        Pattern::Other("subpleural lines".to_owned()),
    ];
    study.change = Some(Change::Improved);
    study.severity = Some(SeverityScore::CtLobes {
        right_upper: 0,
        right_middle: 1,
        right_lower: 2,
        left_upper: 0,
        left_lower: 2,
    });
    let mut image = ImageRef::new("images/b5.dcm");
    image.annotations = every_shape();
    study.images.push(image);
    open.document
        .edit(format!("Add study {label}"), |case| {
            case.milestones.push(study)
        })
        .unwrap_or_else(|errors| panic!("{errors:?}"));
    open.document.save().unwrap();

    let reloaded = load_case(&folder.path().join("peng.ron")).unwrap();
    assert_eq!(
        &reloaded.case,
        open.document.case(),
        "the case reloads exactly"
    );
    let text = std::fs::read_to_string(folder.path().join("peng.ron")).unwrap();
    assert!(text.contains("CtLobes("), "{text}");
    assert!(
        text.contains("tip: (x: 40.5, y: 52.25)"),
        "pixel coordinates kept: {text}"
    );
    assert_eq!(
        to_canonical_text(&reloaded.case).unwrap(),
        text,
        "saved canonically"
    );
}

#[test]
fn annotation_edits_undo_and_redo_exactly() {
    let folder = tempfile::tempdir().unwrap();
    let mut open = open_copy(folder.path());
    let original = open.document.case().clone();
    open.document
        .edit("Attach image to B2", |case| {
            case.milestones[4].images.push(ImageRef::new("b2.dcm"));
        })
        .unwrap();
    let with_image = open.document.case().clone();
    for annotation in every_shape() {
        open.document
            .edit("Add mark", |case| {
                case.milestones[4].images[0].annotations.push(annotation);
            })
            .unwrap();
    }
    let with_marks = open.document.case().clone();
    open.document
        .edit("Move mark", |case| {
            let mark = &mut case.milestones[4].images[0].annotations[1];
            mark.shape = mark.shape.translated(3.0, -2.0);
        })
        .unwrap();
    let moved = open.document.case().clone();
    open.document
        .edit("Delete mark", |case| {
            case.milestones[4].images[0].annotations.remove(0);
        })
        .unwrap();

    assert_eq!(open.document.undo().as_deref(), Some("Delete mark"));
    assert_eq!(open.document.case(), &moved);
    assert_eq!(open.document.undo().as_deref(), Some("Move mark"));
    assert_eq!(open.document.case(), &with_marks);
    for _ in 0..6 {
        open.document.undo().unwrap();
    }
    assert_eq!(open.document.case(), &with_image);
    open.document.undo().unwrap();
    assert_eq!(open.document.case(), &original);
    for _ in 0..8 {
        open.document.redo().unwrap();
    }
    assert_eq!(open.document.case(), &moved);

    // Saving after undo and redo writes what is shown.
    open.document.save().unwrap();
    assert_eq!(
        load_case(&folder.path().join("peng.ron")).unwrap().case,
        moved
    );
}

#[test]
fn an_out_of_range_score_or_one_of_the_wrong_kind_is_refused_and_changes_nothing() {
    let folder = tempfile::tempdir().unwrap();
    let mut open = open_copy(folder.path());
    let before = open.document.case().clone();
    let refused = open.document.edit("Score B1", |case| {
        case.milestones[3].severity = Some(SeverityScore::CtLobes {
            right_upper: 6,
            right_middle: 0,
            right_lower: 0,
            left_upper: 0,
            left_lower: 0,
        });
    });
    let errors = refused.unwrap_err();
    assert_eq!(errors.reasons[0].path, "milestones[3].severity.right_upper");
    assert!(errors.reasons[0].message.contains("0–5"));
    let refused = open.document.edit("Brixia on a CT", |case| {
        case.milestones[3].severity = SeverityScore::zero_for(Modality::ChestXray);
    });
    assert!(
        refused.unwrap_err().reasons[0]
            .message
            .contains("Brixia score")
    );
    assert_eq!(open.document.case(), &before);
    assert!(!open.document.has_unsaved_changes());
}

#[test]
fn older_case_files_load_and_save_without_the_new_fields() {
    let loaded = load_case(&repo("assets/cases/peng2020.ron")).unwrap();
    let text = to_canonical_text(&loaded.case).unwrap();
    for field in [
        "distribution",
        "patterns",
        "change:",
        "severity",
        "annotations",
    ] {
        assert!(
            !text.contains(field),
            "{field} written for a case without it"
        );
    }
}

#[test]
fn an_attached_image_is_stored_relative_to_the_case_folder_even_outside_it() {
    let root = tempfile::tempdir().unwrap();
    let case_folder = root.path().join("cases/peng");
    let image_folder = root.path().join("archive/ct");
    std::fs::create_dir_all(&case_folder).unwrap();
    std::fs::create_dir_all(&image_folder).unwrap();
    let image = image_folder.join("b2.png");
    std::fs::write(&image, b"placeholder").unwrap();
    let mut open = open_copy(&case_folder);
    let mut state = ImagingState::default();
    attach_image(&mut open.document, &mut state, "B2", &image).unwrap();
    let stored = &open.document.case().milestones[4].images[0].path;
    assert_eq!(stored, Path::new("../../archive/ct/b2.png"));
    assert_eq!(
        open.document.undo().as_deref(),
        Some("Attach ../../archive/ct/b2.png to B2")
    );

    // A bundled case has no folder: attaching is refused with the reason.
    let bundled = caselens::io::bundled::PENG_2020.load().unwrap();
    let mut bundled = OpenCase::new(bundled, CaseSource::Bundled("peng2020.ron"));
    let refusal = attach_image(&mut bundled.document, &mut state, "B2", &image).unwrap_err();
    assert_eq!(refusal, AttachError::NoCaseFile);
    assert!(refusal.to_string().contains("save it first"), "{refusal}");
}

/// The example study in docs/case-format.md that starts with `start`, parsed.
fn documented_milestone(start: &str) -> ImagingMilestone {
    let documentation = std::fs::read_to_string(repo("docs/case-format.md")).unwrap();
    let example = documentation
        .split("```ron\n")
        .skip(1)
        .filter_map(|block| block.split("```").next())
        .find(|block| block.contains(start))
        .expect("the imaging section has the example");
    let example = example.trim().trim_end_matches(',');
    ron::from_str(example).unwrap_or_else(|error| panic!("{error}\n{example}"))
}

#[test]
fn the_documented_milestone_example_parses() {
    let milestone = documented_milestone("(label: \"B2\", modality: Ct");
    assert_eq!(milestone.images[0].annotations.len(), 2);
    assert_eq!(milestone.severity.map(|score| score.total()), Some(9));
}

#[test]
fn the_documented_series_example_parses() {
    let milestone = documented_milestone("(label: \"B3\", modality: Ct");
    let series = &milestone.series[0];
    assert_eq!(series.folder, std::path::PathBuf::from("ct/b2"));
    assert_eq!(series.key_slices[0].position_mm, Some(-142.5));
    assert_eq!(series.key_slices[0].annotations.len(), 1);
}
