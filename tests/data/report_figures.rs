//! Publication figures: SVG that parses as XML, PNG at the chosen density and width, the
//! imaging grid with embedded thumbnails, and labels escaped.

use caselens::io::bundled::PENG_2020;
use caselens::model::{Case, ImageRef};
use caselens::report::figures::{self, FigureFormat, FigureKind, FigureOptions, png_dpi};
use caselens::report::images::load_milestone_images;

fn peng() -> Case {
    PENG_2020.load().expect("loads").case
}

fn svg(
    case: &Case,
    kind: FigureKind,
    images: &[caselens::report::images::MilestoneImage],
) -> String {
    let bytes = figures::render_figure(
        case,
        images,
        kind,
        FigureFormat::Svg,
        &FigureOptions::default(),
    )
    .expect("draws");
    String::from_utf8(bytes).expect("UTF-8")
}

fn texts(document: &roxmltree::Document<'_>) -> Vec<String> {
    document
        .descendants()
        .filter(|node| node.has_tag_name("text"))
        .filter_map(|node| node.text().map(|text| text.trim().to_owned()))
        .collect()
}

#[test]
fn the_trajectory_svg_is_well_formed_xml_with_units_and_labels() {
    let text = svg(&peng(), FigureKind::Trajectory, &[]);
    let document = roxmltree::Document::parse(&text).expect("the SVG parses as XML");
    assert_eq!(document.root_element().tag_name().name(), "svg");
    let labels = texts(&document);
    for expected in [
        "Neutrophils (×10⁹/L)",
        "PaO₂/FiO₂ (mmHg)",
        "Convalescent plasma",
        "UC-MSCs",
        "First cytokine storm",
        "illustrative reconstruction",
        "Date (2020)",
    ] {
        assert!(
            labels.iter().any(|label| label == expected),
            "no label {expected:?} in {labels:?}"
        );
    }
    assert!(
        labels
            .iter()
            .any(|label| label.starts_with("Open circles are illustrative"))
    );
}

#[test]
fn the_imaging_svg_is_well_formed_and_labels_every_milestone() {
    let text = svg(&peng(), FigureKind::Imaging, &[]);
    let document = roxmltree::Document::parse(&text).expect("the SVG parses as XML");
    let labels = texts(&document);
    for label in [
        "A1",
        "A2",
        "A3",
        "B1",
        "B2",
        "B3",
        "B4",
        "A · Chest X-ray",
        "B · CT",
    ] {
        assert!(
            labels.iter().any(|text| text == label),
            "no {label} in {labels:?}"
        );
    }
    assert_eq!(
        labels
            .iter()
            .filter(|text| *text == "no image attached")
            .count(),
        7
    );
    assert!(
        labels
            .iter()
            .any(|text| text == "17 Feb 2020 · illness day 24")
    );
}

#[test]
fn labels_with_markup_characters_are_escaped_in_svg() {
    let mut case = peng();
    case.episodes[0].label = "Storm <1> & \"2\"".to_owned();
    let text = svg(&case, FigureKind::Trajectory, &[]);
    let document = roxmltree::Document::parse(&text).expect("still well-formed");
    assert!(
        texts(&document)
            .iter()
            .any(|label| label == "Storm <1> & \"2\"")
    );
}

#[test]
fn png_figures_have_the_chosen_width_and_record_their_dpi() {
    let case = peng();
    for (dpi, width) in [(300, None), (150, Some(1200))] {
        let options = FigureOptions {
            dpi,
            width_px: width,
            ..FigureOptions::default()
        };
        let png = figures::render_figure(
            &case,
            &[],
            FigureKind::Trajectory,
            FigureFormat::Png,
            &options,
        )
        .expect("draws");
        let decoded = image::load_from_memory(&png).expect("a valid PNG");
        assert_eq!(decoded.width(), width.unwrap_or(2100));
        assert_eq!(png_dpi(&png), Some(dpi));
    }
}

#[test]
fn the_imaging_figure_embeds_attached_images_in_both_formats() {
    let fixture = crate::files::fixture("dicom/CT_small.dcm");
    let folder = tempfile::tempdir().expect("temporary folder");
    std::fs::copy(&fixture, folder.path().join("b1.dcm")).expect("copied");
    let mut case = peng();
    if let Some(b1) = case
        .milestones
        .iter_mut()
        .find(|milestone| milestone.label == "B1")
    {
        b1.images.push(ImageRef::new("b1.dcm"));
    }
    let images = load_milestone_images(&case, Some(folder.path()));
    assert!(
        images.iter().all(|image| image.thumbnail.is_ok()),
        "the CT decodes"
    );
    let text = svg(&case, FigureKind::Imaging, &images);
    let document = roxmltree::Document::parse(&text).expect("the SVG parses as XML");
    let embedded: Vec<_> = document
        .descendants()
        .filter(|node| node.has_tag_name("image"))
        .collect();
    assert_eq!(embedded.len(), 1);
    assert!(
        embedded[0]
            .attribute("href")
            .is_some_and(|href| href.starts_with("data:image/png;base64,"))
    );
    assert_eq!(
        texts(&document)
            .iter()
            .filter(|text| *text == "no image attached")
            .count(),
        6
    );
    assert!(
        !text.contains("caselens-image-slot"),
        "every placeholder was replaced"
    );

    let png = figures::render_figure(
        &case,
        &images,
        FigureKind::Imaging,
        FigureFormat::Png,
        &FigureOptions::default(),
    )
    .expect("draws");
    assert!(image::load_from_memory(&png).is_ok());
}

#[test]
fn an_image_outside_the_case_folder_is_not_read() {
    let outer = tempfile::tempdir().expect("temporary folder");
    let case_folder = outer.path().join("case");
    std::fs::create_dir(&case_folder).expect("folder");
    image::RgbImage::new(8, 8)
        .save(outer.path().join("elsewhere.png"))
        .expect("saved");
    let mut case = peng();
    case.milestones[3]
        .images
        .push(ImageRef::new("../elsewhere.png"));
    let images = load_milestone_images(&case, Some(&case_folder));
    let problem = images[0]
        .thumbnail
        .as_ref()
        .expect_err("refused")
        .to_string();
    assert!(problem.contains("outside the case folder"), "{problem}");
}
