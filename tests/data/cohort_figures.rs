//! Reference-cohort bands in exported figures: `caselens figure --cohort`, the bands placed
//! in the panels where the cohort has the marker in a matching unit, and a legend that names
//! the cohort, its patient counts and its attribution.

use std::process::Command;
use std::sync::Arc;

use caselens::analysis::cohort::bands::{MIN_PATIENTS_PER_DAY, analyte_bands};
use caselens::io::bundled::PENG_2020;
use caselens::io::cohort_file::bundled_tongji;
use caselens::model::Timeline;
use caselens::report::figures::trajectory::trajectory_data;
use caselens::report::figures::{FigureCohort, FigureOptions};

use crate::support;

fn figure(arguments: &[&str]) -> (bool, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_caselens"))
        .arg("figure")
        .args(arguments)
        .output()
        .unwrap_or_else(|error| panic!("{error}"));
    (
        output.status.success(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn figure_with_the_bundled_cohort_draws_bands_with_a_legend_naming_the_cohort() {
    let folder = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
    let case = support::repo_path("assets/cases/peng2020.ron");
    let case = case.to_string_lossy();
    let with = folder.path().join("with.svg");
    let without = folder.path().join("without.svg");
    let (ok, _, stderr) = figure(&[
        &case,
        "--cohort",
        "bundled",
        "--out",
        &with.to_string_lossy(),
    ]);
    assert!(ok, "{stderr}");
    let (ok, _, stderr) = figure(&[&case, "--out", &without.to_string_lossy()]);
    assert!(ok, "{stderr}");
    let with = std::fs::read_to_string(with).unwrap_or_else(|error| panic!("{error}"));
    let without = std::fs::read_to_string(without).unwrap_or_else(|error| panic!("{error}"));
    for wanted in [
        "survivors (n = 201): median, IQR",
        "non-survivors (n = 174): median, IQR",
        // The note wraps at word boundaries; single words and short runs stay whole.
        "Bands:",
        "doi:10.1038/s42256-020-0180-7",
        "MIT",
    ] {
        assert!(
            with.contains(wanted),
            "`{wanted}` not in the figure with bands"
        );
        assert!(
            !without.contains(wanted),
            "`{wanted}` in the figure without bands"
        );
    }
    // The bands' fills are the palette's survivor and non-survivor hues.
    for hue in ["#4F9DE0", "#E06C4F"] {
        assert!(with.to_uppercase().contains(hue), "{hue} not drawn");
        assert!(
            !without.to_uppercase().contains(hue),
            "{hue} drawn without bands"
        );
    }
}

#[test]
fn figure_with_a_cohort_file_that_does_not_read_fails_naming_it() {
    let folder = tempfile::tempdir().unwrap_or_else(|error| panic!("{error}"));
    let case = support::repo_path("assets/cases/peng2020.ron");
    let out = folder.path().join("figure.svg");
    let (ok, _, stderr) = figure(&[
        &case.to_string_lossy(),
        "--cohort",
        "no_such_cohort.arrow",
        "--out",
        &out.to_string_lossy(),
    ]);
    assert!(!ok);
    assert!(stderr.contains("no_such_cohort.arrow"), "{stderr}");
    assert!(!out.exists(), "no figure is written");
}

#[test]
fn panels_get_bands_only_where_the_cohort_has_the_marker_in_a_matching_unit() {
    let case = PENG_2020
        .load()
        .unwrap_or_else(|error| panic!("{error}"))
        .case;
    let cohort = Arc::new(bundled_tongji().unwrap_or_else(|error| panic!("{error}")));
    let timeline = Timeline::for_case(&case);
    let options = FigureOptions {
        cohort: Some(FigureCohort(cohort.clone())),
        ..FigureOptions::default()
    };
    let data =
        trajectory_data(&case, &timeline, &options).unwrap_or_else(|error| panic!("{error}"));
    let banded: Vec<&str> = data
        .panels
        .iter()
        .filter(|panel| panel.bands.is_some())
        .map(|panel| panel.marker.as_str())
        .collect();
    assert!(banded.contains(&"lymphocytes"), "{banded:?}");
    // Plain CRP is not hs-CRP, and the cohort has no blood gas: no band, and the legend says so.
    for marker in ["crp", "pao2", "pf_ratio"] {
        assert!(!banded.contains(&marker), "{marker} has a band: {banded:?}");
    }
    let note = data.cohort.as_ref().expect("the legend's note");
    assert_eq!((note.survived, note.died), (201, 174));
    assert!(
        note.without_band.iter().any(|name| name == "CRP"),
        "{:?}",
        note.without_band
    );

    // The panel's bands are the cohort's, day for day, on the days drawn.
    let lymphocytes = data
        .panels
        .iter()
        .find(|panel| panel.marker == "lymphocytes")
        .and_then(|panel| panel.bands.as_ref())
        .expect("lymphocyte bands");
    let analyte = cohort
        .analytes
        .iter()
        .position(|analyte| analyte.marker == "lymphocytes")
        .expect("the cohort has lymphocytes");
    let expected = analyte_bands(&cohort, analyte, MIN_PATIENTS_PER_DAY);
    let drawn: Vec<_> = expected
        .died
        .iter()
        .filter(|day| day.drawn)
        .copied()
        .collect();
    assert_eq!(lymphocytes.died, drawn);

    let plain = trajectory_data(&case, &timeline, &FigureOptions::default())
        .unwrap_or_else(|error| panic!("{error}"));
    assert!(plain.cohort.is_none() && plain.panels.iter().all(|panel| panel.bands.is_none()));
}
