//! `caselens export` and `caselens figure` as a user runs them.

use crate::files::caselens;
use crate::files::text;
use std::path::Path;

fn path_text(path: &Path) -> &str {
    path.to_str().expect("UTF-8 path")
}

#[test]
fn a_batch_goes_on_past_a_broken_case_and_reports_it_with_a_failing_exit() {
    let folder = tempfile::tempdir().expect("temporary folder");
    let broken = folder.path().join("broken.ron");
    std::fs::write(&broken, "(format_version: 1, metadata: (title: \"x\"),").expect("written");
    let out_dir = folder.path().join("reports");
    let output = caselens(&[
        "export",
        "assets/cases/peng2020.ron",
        path_text(&broken),
        "assets/cases/liang2020.ron",
        "--format",
        "html",
        "--out-dir",
        path_text(&out_dir),
    ]);
    let stdout = text(&output.stdout);
    let stderr = text(&output.stderr);
    assert!(!output.status.success(), "a failed case fails the batch");
    assert!(
        stdout.contains("[1/3] assets/cases/peng2020.ron"),
        "{stdout}"
    );
    assert!(
        stdout.contains("[3/3] assets/cases/liang2020.ron"),
        "{stdout}"
    );
    assert!(stderr.contains("1 of 3 case(s) not exported"), "{stderr}");
    assert!(stderr.contains("broken.ron"), "{stderr}");
    assert!(out_dir.join("peng2020.html").exists());
    assert!(
        out_dir.join("liang2020.html").exists(),
        "the case after the broken one is exported"
    );
}

#[test]
fn markdown_export_writes_its_figures_beside_it() {
    let folder = tempfile::tempdir().expect("temporary folder");
    let target = folder.path().join("peng.md");
    let output = caselens(&[
        "export",
        "assets/cases/peng2020.ron",
        "--format",
        "md",
        "--out",
        path_text(&target),
    ]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    let markdown = std::fs::read_to_string(&target).expect("written");
    assert!(markdown.contains("![Figure 1. Clinical course](peng-figure-1.svg)"));
    assert!(folder.path().join("peng-figure-1.svg").exists());
    assert!(folder.path().join("peng-figure-2.svg").exists());
}

#[test]
fn de_identified_batch_reports_are_numbered_not_named_after_the_case() {
    let folder = tempfile::tempdir().expect("temporary folder");
    let output = caselens(&[
        "export",
        "assets/cases/peng2020.ron",
        "--format",
        "json",
        "--deidentify",
        "--out-dir",
        path_text(folder.path()),
    ]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    let json =
        std::fs::read_to_string(folder.path().join("deidentified-001.json")).expect("numbered");
    assert!(json.contains("\"deidentification\": {"));
}

#[test]
fn figure_writes_png_at_the_chosen_dpi_and_svg_by_extension() {
    let folder = tempfile::tempdir().expect("temporary folder");
    let png = folder.path().join("trajectory.png");
    let output = caselens(&[
        "figure",
        "assets/cases/peng2020.ron",
        "--kind",
        "trajectory",
        "--format",
        "png",
        "--dpi",
        "150",
        "--out",
        path_text(&png),
    ]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    let bytes = std::fs::read(&png).expect("written");
    assert_eq!(caselens::report::figures::png_dpi(&bytes), Some(150));
    assert_eq!(image::load_from_memory(&bytes).expect("PNG").width(), 1050);

    let svg = folder.path().join("imaging.svg");
    let output = caselens(&[
        "figure",
        "assets/cases/peng2020.ron",
        "--kind",
        "imaging",
        "--out",
        path_text(&svg),
    ]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert!(
        std::fs::read_to_string(&svg)
            .expect("written")
            .starts_with("<svg")
    );
}

#[test]
fn figure_explains_an_unknown_marker_and_an_unusable_width() {
    let folder = tempfile::tempdir().expect("temporary folder");
    let out = folder.path().join("figure.png");
    let output = caselens(&[
        "figure",
        "assets/cases/peng2020.ron",
        "--markers",
        "ferritin",
        "--out",
        path_text(&out),
    ]);
    assert!(!output.status.success());
    assert!(
        text(&output.stderr)
            .contains("none of the chosen markers has values; this case has neutrophils")
    );
    let output = caselens(&[
        "figure",
        "assets/cases/peng2020.ron",
        "--width",
        "100",
        "--out",
        path_text(&out),
    ]);
    assert!(!output.status.success());
    assert!(
        text(&output.stderr).contains("choose a width between 900 and 6000 px"),
        "{}",
        text(&output.stderr)
    );
    assert!(!out.exists(), "nothing is written on failure");
}
