//! `caselens image` run as a script runs it: the real binary renders exactly what the viewer
//! shows by default, burns a study's marks in, and fails clearly on files it cannot decode.

use std::path::{Path, PathBuf};

use crate::files::{caselens, text};

use caselens::io::image::{Window, load_image, render_frame};

/// A DICOM test file: the small ones are in the repository, the 7 MB radiograph in
/// `../shared` (skipped on a bare clone, required under CI).
fn fixture(name: &str) -> Option<PathBuf> {
    let in_repository = crate::files::fixture("dicom").join(name);
    if in_repository.exists() {
        return Some(in_repository);
    }
    crate::support::shared::shared_fixture(&format!("fixtures/dicom/{name}"))
}

fn s(path: &Path) -> &str {
    path.to_str().expect("utf-8 path")
}

#[test]
fn the_radiograph_renders_to_the_pixels_the_viewer_shows() {
    let Some(radiograph) = fixture("RG1_UNCR.dcm") else {
        return;
    };
    let folder = tempfile::tempdir().unwrap();
    let out = folder.path().join("rg1.png");
    let output = caselens(&["image", s(&radiograph), "--out", s(&out)]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert!(
        text(&output.stdout).contains("1841×1955"),
        "{}",
        text(&output.stdout)
    );
    let written = image::open(&out).unwrap().to_luma8();
    let decoded = load_image(&radiograph).unwrap();
    let shown = render_frame(&decoded, 0, decoded.default_window).unwrap();
    assert_eq!(written.dimensions(), (1841, 1955));
    assert!(
        written.as_raw() == &shown.pixels,
        "the PNG holds exactly the viewer's pixels"
    );
}

#[test]
fn a_frame_and_a_window_can_be_chosen() {
    let Some(ct) = fixture("eCT_Supplemental.dcm") else {
        return;
    };
    let folder = tempfile::tempdir().unwrap();
    let out = folder.path().join("ct.png");
    let output = caselens(&[
        "image",
        s(&ct),
        "--out",
        s(&out),
        "--frame",
        "1",
        "--window",
        "-600,1500",
    ]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    let decoded = load_image(&ct).unwrap();
    let lung = Window {
        center: -600.0,
        width: 1500.0,
    };
    let expected = render_frame(&decoded, 1, lung).unwrap();
    assert!(image::open(&out).unwrap().to_luma8().as_raw() == &expected.pixels);

    let output = caselens(&["image", s(&ct), "--out", s(&out), "--frame", "2"]);
    assert!(!output.status.success());
    assert!(
        text(&output.stderr).contains("frame 2 does not exist; the image has 2 frame(s)"),
        "{}",
        text(&output.stderr)
    );
}

#[test]
fn a_file_it_cannot_decode_gives_a_message_and_a_failing_exit() {
    let Some(truncated) = fixture("MR_truncated.dcm") else {
        return;
    };
    let folder = tempfile::tempdir().unwrap();
    let out = folder.path().join("never.png");
    let output = caselens(&["image", s(&truncated), "--out", s(&out)]);
    assert!(!output.status.success());
    let stderr = text(&output.stderr);
    assert!(stderr.starts_with(s(&truncated)), "{stderr}");
    assert!(stderr.contains("truncated or malformed DICOM"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(!out.exists(), "nothing written");

    let output = caselens(&["image", "no/such.dcm", "--out", s(&out)]);
    assert!(!output.status.success());
    assert!(text(&output.stderr).contains("no/such.dcm: image file not found"));
}

#[test]
fn a_study_renders_with_its_marks_burned_in() {
    let Some(ct) = fixture("CT_small.dcm") else {
        return;
    };
    let folder = tempfile::tempdir().unwrap();
    std::fs::copy(&ct, folder.path().join("b2.dcm")).unwrap();
    let case_text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/cases/peng2020.ron"),
    )
    .unwrap()
    .replace(
        "time: Some(Date(\"2020-02-20\")),\n            images: [],",
        "time: Some(Date(\"2020-02-20\")),\n            images: [(path: \"b2.dcm\", annotations: [(shape: Rectangle(corner_a: (x: 20.0, y: 20.0), corner_b: (x: 100.0, y: 90.0)), note: Some(\"consolidation\"))])],",
    );
    let case = folder.path().join("case.ron");
    std::fs::write(&case, case_text).unwrap();
    let out = folder.path().join("b2.png");
    let output = caselens(&[
        "image",
        "--case",
        s(&case),
        "--milestone",
        "B2",
        "--out",
        s(&out),
    ]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert!(text(&output.stdout).contains("1 annotation(s) burned in"));
    let burned = image::open(&out).unwrap().to_rgb8();
    let yellow = |pixel: &image::Rgb<u8>| pixel[0] > 200 && pixel[1] > 170 && pixel[2] < 60;
    assert!(
        yellow(burned.get_pixel(60, 20)),
        "the rectangle's top edge is drawn"
    );
    assert!(!yellow(burned.get_pixel(60, 55)), "its inside is the image");

    let output = caselens(&[
        "image",
        "--case",
        s(&case),
        "--milestone",
        "B9",
        "--out",
        s(&out),
    ]);
    assert!(!output.status.success());
    assert!(
        text(&output.stderr)
            .contains("no study is labelled `B9`; the case has A1, A2, A3, B1, B2, B3, B4")
    );
}

#[test]
fn a_study_image_outside_the_case_folder_is_refused() {
    let root = tempfile::tempdir().unwrap();
    let secret = root.path().join("secret.png");
    image::RgbImage::from_pixel(8, 8, image::Rgb([200, 10, 10]))
        .save(&secret)
        .unwrap();
    let case_folder = root.path().join("case");
    std::fs::create_dir(&case_folder).unwrap();
    let template = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/cases/peng2020.ron"),
    )
    .unwrap();
    let empty_b2 = "time: Some(Date(\"2020-02-20\")),\n            images: [],";
    assert!(
        template.contains(empty_b2),
        "the bundled case still has an empty B2"
    );
    // Validation refuses an absolute path when the case loads; `..` and a link pointing out
    // of the folder pass validation and must be refused when the image is read.
    let mut attempts = vec![
        (
            "relative",
            "../secret.png".to_owned(),
            "outside the case folder",
        ),
        ("absolute", s(&secret).replace('\\', "\\\\"), "is absolute"),
    ];
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(&secret, case_folder.join("link.png")).unwrap();
        attempts.push(("link", "link.png".to_owned(), "outside the case folder"));
    }
    for (name, image_path, reason) in attempts {
        let case = case_folder.join(format!("{name}.ron"));
        let with_image = template.replace(
            empty_b2,
            &format!(
                "time: Some(Date(\"2020-02-20\")),\n            images: [(path: \"{image_path}\", annotations: [])],"
            ),
        );
        std::fs::write(&case, with_image).unwrap();
        let out = root.path().join(format!("{name}.png"));
        let output = caselens(&[
            "image",
            "--case",
            s(&case),
            "--milestone",
            "B2",
            "--out",
            s(&out),
        ]);
        let stderr = text(&output.stderr);
        assert!(!output.status.success(), "{name}: {stderr}");
        assert!(!out.exists(), "{name}: nothing is written");
        assert!(
            stderr.contains("secret.png") || stderr.contains("link.png"),
            "{name}: {stderr}"
        );
        assert!(stderr.contains(reason), "{name}: {stderr}");
        if reason == "outside the case folder" {
            assert!(stderr.contains("study `B2` image 1"), "{name}: {stderr}");
            assert!(
                stderr.contains("Copy the image into that folder"),
                "{name}: {stderr}"
            );
        }
    }
}
