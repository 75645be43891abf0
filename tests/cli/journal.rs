//! Journal-ready output as an author uses it, through the real binary: figures at a journal's
//! column width (size in mm, text ≥ 8 pt, lines ≥ 0.5 pt, DPI recorded), the report as PDF
//! (fonts embedded, text extractable with poppler), as Word (converted by LibreOffice and
//! read back with pdftotext), and as a FHIR R4 document (validated by the independent Python
//! `fhir.resources` 6.1.0, the R4 4.0.1 release, and re-imported by CaseLens's own importer).
//! De-identification is checked on each format.
//!
//! External tools (pdftotext, pdffonts, soffice, the Python validator) print `skipped` when
//! missing on a developer's machine and fail under CI=true, where `.ci/run` installs them.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const PENG: &str = "assets/cases/peng2020.ron";

fn caselens(arguments: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_caselens"))
        .args(arguments)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("the caselens binary runs")
}

fn run_ok(arguments: &[&str]) {
    let output = caselens(arguments);
    assert!(
        output.status.success(),
        "caselens {arguments:?} failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

fn path_text(path: &Path) -> &str {
    path.to_str().expect("UTF-8 path")
}

/// Runs an external tool; `None` (after printing `skipped`) when it is not installed and
/// this is not CI.
fn tool(program: &str, arguments: &[&str]) -> Option<Output> {
    match Command::new(program).args(arguments).output() {
        Ok(output) => Some(output),
        Err(error) => {
            assert!(
                std::env::var("CI").as_deref() != Ok("true"),
                "{program} is required under CI (.ci/run installs it): {error}"
            );
            println!("skipped: {program} is not installed ({error})");
            None
        }
    }
}

/// `2020-02-03`, `03/02/2020`, `3 Feb 2020`, `Feb 3, 2020`: any calendar date.
fn calendar_dates(text: &str) -> Vec<String> {
    let months = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let words: Vec<&str> = text
        .split(|character: char| character.is_whitespace() || ",;()[]\"".contains(character))
        .filter(|word| !word.is_empty())
        .collect();
    let mut found = Vec::new();
    for (index, word) in words.iter().enumerate() {
        let digits_and = |separator: char| {
            let parts: Vec<&str> = word.split(separator).collect();
            parts.len() >= 3
                && parts.iter().take(3).all(|part| {
                    let part = part.get(..2.min(part.len())).unwrap_or_default();
                    !part.is_empty() && part.chars().all(|character| character.is_ascii_digit())
                })
                && parts
                    .iter()
                    .take(3)
                    .any(|part| part.len() >= 4 && part[..4].chars().all(|c| c.is_ascii_digit()))
        };
        if digits_and('-') || digits_and('/') {
            found.push((*word).to_owned());
        }
        let month_word = |candidate: &str| {
            let candidate = candidate.trim_end_matches('.');
            months.iter().any(|month| {
                candidate == *month
                    || (candidate.len() > 3
                        && candidate.starts_with(month)
                        && [
                            "January",
                            "February",
                            "March",
                            "April",
                            "June",
                            "July",
                            "August",
                            "September",
                            "October",
                            "November",
                            "December",
                        ]
                        .contains(&candidate))
            })
        };
        let is_month = month_word(word);
        let is_year = |candidate: Option<&&str>| {
            candidate.is_some_and(|year| {
                year.len() == 4
                    && year.starts_with("20")
                    && year.chars().all(|c| c.is_ascii_digit())
            })
        };
        if is_month && is_year(words.get(index + 1)) {
            found.push(format!("{word} {}", words[index + 1]));
        }
        let is_day = word.len() <= 2 && word.chars().all(|c| c.is_ascii_digit());
        if is_day && words.get(index + 1).is_some_and(|next| month_word(next)) {
            found.push(format!("{word} {}", words[index + 1]));
        }
    }
    found
}

#[test]
fn the_date_detector_finds_the_forms_a_report_could_use() {
    assert_eq!(
        calendar_dates("on 2020-02-03T09:30 and"),
        ["2020-02-03T09:30"]
    );
    assert_eq!(calendar_dates("given 3 Feb 2020."), ["3 Feb"]);
    assert_eq!(calendar_dates("Feb 2020 (onset)"), ["Feb 2020"]);
    assert_eq!(
        calendar_dates("12 March 2020"),
        ["12 March", "March 2020"].map(String::from)
    );
    assert!(
        calendar_dates("hospital day 3, illness day 27, 2.5 mg/L, 10*9/L, 7 Markers").is_empty()
    );
}

// --- Figures at journal sizes -------------------------------------------------------------

/// (width in mm, smallest font in pt, thinnest stroke in pt) of a figure SVG.
fn svg_physical_sizes(svg: &str) -> (f64, f64, f64) {
    let document = roxmltree::Document::parse(svg).expect("well-formed SVG");
    let root = document.root_element();
    let width_mm: f64 = root
        .attribute("width")
        .and_then(|width| width.strip_suffix("mm"))
        .and_then(|width| width.parse().ok())
        .expect("width in mm");
    let view_box: Vec<f64> = root
        .attribute("viewBox")
        .expect("viewBox")
        .split_whitespace()
        .map(|number| number.parse().expect("number"))
        .collect();
    let pt_per_unit = width_mm / view_box[2] / 25.4 * 72.0;
    let smallest = |attribute: &str| {
        document
            .descendants()
            .filter_map(|node| node.attribute(attribute))
            .filter_map(|value| value.trim_end_matches("px").parse::<f64>().ok())
            .filter(|value| *value > 0.0)
            .fold(f64::INFINITY, f64::min)
            * pt_per_unit
    };
    (width_mm, smallest("font-size"), smallest("stroke-width"))
}

#[test]
fn journal_presets_fix_the_width_in_mm_with_text_of_8_pt_and_lines_of_half_a_point() {
    let folder = tempfile::tempdir().expect("temporary folder");
    for (preset, width) in [("jmcr-1col", 85.0), ("jmcr-2col", 170.0)] {
        let out = folder.path().join(format!("{preset}.svg"));
        run_ok(&["figure", PENG, "--preset", preset, "--out", path_text(&out)]);
        let svg = std::fs::read_to_string(&out).expect("figure written");
        let (width_mm, font_pt, stroke_pt) = svg_physical_sizes(&svg);
        assert!((width_mm - width).abs() < 0.3, "{preset}: {width_mm} mm");
        assert!(font_pt >= 8.0 - 0.05, "{preset}: text of {font_pt:.2} pt");
        assert!(
            stroke_pt >= 0.5 - 0.01,
            "{preset}: a line of {stroke_pt:.2} pt"
        );
        // Panel letters, and days counted from admission as day 0.
        let document = roxmltree::Document::parse(&svg).expect("SVG");
        let texts: Vec<&str> = document
            .descendants()
            .filter(|node| node.has_tag_name("text"))
            .filter_map(|node| node.text())
            .map(str::trim)
            .collect();
        for letter in ["A", "B", "C", "G"] {
            assert!(
                texts.contains(&letter),
                "{preset}: no panel {letter} in {texts:?}"
            );
        }
        assert!(
            texts.iter().any(|text| text.contains("day 0 = admission")),
            "{texts:?}"
        );
        assert!(texts.contains(&"0"), "day 0 is labelled");
        assert!(calendar_dates(&texts.join(" ")).is_empty(), "{texts:?}");
    }
}

#[test]
fn raster_figures_have_the_preset_width_at_the_chosen_dpi_and_record_it() {
    let folder = tempfile::tempdir().expect("temporary folder");
    for (format, dpi) in [("png", 300u32), ("tiff", 600)] {
        let out = folder.path().join(format!("figure.{format}"));
        let dpi_text = dpi.to_string();
        run_ok(&[
            "figure",
            PENG,
            "--preset",
            "jmcr-1col",
            "--dpi",
            &dpi_text,
            "--out",
            path_text(&out),
        ]);
        let bytes = std::fs::read(&out).expect("figure written");
        let width = if format == "png" {
            image::load_from_memory(&bytes).expect("decodes").width()
        } else {
            let mut decoder =
                tiff::decoder::Decoder::new(std::io::Cursor::new(&bytes)).expect("TIFF");
            decoder.dimensions().expect("dimensions").0
        };
        let expected = (85.0 / 25.4 * f64::from(dpi)).round() as u32;
        assert!(width.abs_diff(expected) <= 1, "{format}: {width} px");
        let recorded = if format == "png" {
            caselens::report::figures::png_dpi(&bytes)
        } else {
            let mut decoder =
                tiff::decoder::Decoder::new(std::io::Cursor::new(&bytes)).expect("TIFF");
            decoder
                .get_tag_u32_vec(tiff::tags::Tag::XResolution)
                .ok()
                .map(|ratio| ratio[0] / ratio[1].max(1))
        };
        assert_eq!(recorded, Some(dpi), "{format}");
    }
}

// --- PDF ------------------------------------------------------------------------------------

fn export(format: &str, extra: &[&str], folder: &Path, name: &str) -> PathBuf {
    let out = folder.join(name);
    let mut arguments = vec!["export", PENG, "--format", format, "--out", path_text(&out)];
    arguments.extend_from_slice(extra);
    run_ok(&arguments);
    out
}

fn pdf_text(pdf: &Path) -> Option<String> {
    let output = tool("pdftotext", &["-layout", path_text(pdf), "-"])?;
    assert!(output.status.success(), "pdftotext failed");
    Some(String::from_utf8_lossy(&output.stdout).into_owned())
}

#[test]
fn the_pdf_report_embeds_its_fonts_numbers_its_pages_and_its_text_can_be_extracted() {
    let folder = tempfile::tempdir().expect("temporary folder");
    for (paper, size) in [("a4", "595.28 x 841.89"), ("letter", "612 x 792")] {
        let pdf = export(
            "pdf",
            &["--paper", paper],
            folder.path(),
            &format!("{paper}.pdf"),
        );
        let bytes = std::fs::read(&pdf).expect("written");
        assert!(bytes.starts_with(b"%PDF-"), "a PDF");
        let Some(text) = pdf_text(&pdf) else { return };
        for expected in [
            "Patient information",
            "Timeline",
            "CARE checklist",
            "Page 1 of",
            "Illustrative data",
        ] {
            assert!(
                text.contains(expected),
                "{paper}: no {expected:?} in the text"
            );
        }
        let Some(fonts) = tool("pdffonts", &[path_text(&pdf)]) else {
            return;
        };
        let fonts = String::from_utf8_lossy(&fonts.stdout).into_owned();
        let rows: Vec<&str> = fonts.lines().skip(2).collect();
        assert!(!rows.is_empty(), "{fonts}");
        for row in rows {
            // Columns: name type encoding emb sub uni object ID
            let flags: Vec<&str> = row.split_whitespace().rev().skip(2).take(3).collect();
            assert_eq!(flags.get(2), Some(&"yes"), "font not embedded: {row}");
        }
        let Some(info) = tool("pdfinfo", &[path_text(&pdf)]) else {
            return;
        };
        let info = String::from_utf8_lossy(&info.stdout).into_owned();
        assert!(info.contains(size), "{paper}: {info}");
    }
}

#[test]
fn a_figure_alone_is_a_vector_pdf_of_the_preset_width() {
    let folder = tempfile::tempdir().expect("temporary folder");
    let out = folder.path().join("figure.pdf");
    run_ok(&[
        "figure",
        PENG,
        "--preset",
        "jmcr-2col",
        "--out",
        path_text(&out),
    ]);
    let bytes = std::fs::read(&out).expect("written");
    assert!(bytes.starts_with(b"%PDF-"));
    let Some(info) = tool("pdfinfo", &[path_text(&out)]) else {
        return;
    };
    let info = String::from_utf8_lossy(&info.stdout).into_owned();
    let width_pt: f64 = info
        .lines()
        .find_map(|line| line.strip_prefix("Page size:"))
        .and_then(|size| size.split_whitespace().next())
        .and_then(|width| width.parse().ok())
        .expect("a page size");
    assert!(
        (width_pt / 72.0 * 25.4 - 170.0).abs() < 0.5,
        "{width_pt} pt"
    );
    let Some(text) = pdf_text(&out) else { return };
    assert!(
        text.contains("Days from admission"),
        "vector text, not pixels: {text}"
    );
}

// --- Word -------------------------------------------------------------------------------------

/// Converts a .docx to PDF with LibreOffice headless; `None` when it is not installed.
fn docx_to_pdf(docx: &Path, folder: &Path) -> Option<PathBuf> {
    let profile = folder.join("lo-profile");
    let profile_url = format!("-env:UserInstallation=file://{}", path_text(&profile));
    let output = tool(
        "soffice",
        &[
            &profile_url,
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            path_text(folder),
            path_text(docx),
        ],
    )?;
    assert!(
        output.status.success(),
        "LibreOffice failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let pdf = folder
        .join(docx.file_stem().expect("stem"))
        .with_extension("pdf");
    assert!(
        pdf.exists(),
        "LibreOffice wrote no PDF: {}",
        String::from_utf8_lossy(&output.stdout)
    );
    Some(pdf)
}

#[test]
fn the_word_report_opens_in_libreoffice_with_its_headings_tables_and_numbered_figures() {
    let folder = tempfile::tempdir().expect("temporary folder");
    let docx = export("docx", &[], folder.path(), "report.docx");
    let bytes = std::fs::read(&docx).expect("written");
    assert!(bytes.starts_with(b"PK"), "a zip package");
    let Some(pdf) = docx_to_pdf(&docx, folder.path()) else {
        return;
    };
    let Some(text) = pdf_text(&pdf) else { return };
    for expected in [
        "Patient information",
        "Timeline",
        "Illustrative data",
        "Figure 1. Clinical course",
        "Figure 2. Imaging milestones",
        "CARE item",
        "References",
    ] {
        assert!(text.contains(expected), "no {expected:?} in:\n{text}");
    }
}

// --- De-identification of every format ------------------------------------------------------

#[test]
fn de_identified_word_pdf_and_fhir_carry_no_calendar_date_name_or_identifier() {
    let folder = tempfile::tempdir().expect("temporary folder");
    let case_text = std::fs::read_to_string(PENG).expect("case");
    let source_id = case_text
        .lines()
        .find_map(|line| line.trim().strip_prefix("source_id: Some(\""))
        .map(|rest| rest.trim_end_matches("\"),").to_owned());
    let mut texts = Vec::new();
    let fhir = export("fhir", &["--deidentify"], folder.path(), "case.fhir.json");
    texts.push(("FHIR", std::fs::read_to_string(&fhir).expect("written")));
    let pdf = export("pdf", &["--deidentify"], folder.path(), "deid.pdf");
    if let Some(text) = pdf_text(&pdf) {
        texts.push(("PDF", text));
        if let Some(info) = tool("pdfinfo", &[path_text(&pdf)]) {
            texts.push((
                "PDF metadata",
                String::from_utf8_lossy(&info.stdout).into_owned(),
            ));
        }
    }
    let docx = export("docx", &["--deidentify"], folder.path(), "deid.docx");
    if let Some(converted) = docx_to_pdf(&docx, folder.path())
        && let Some(text) = pdf_text(&converted)
    {
        texts.push(("DOCX", text));
    }
    for (format, text) in &texts {
        // pdfinfo's own CreationDate/ModDate lines are the converter's, not the case's.
        let checked: String = text
            .lines()
            .filter(|line| !line.starts_with("CreationDate:") && !line.starts_with("ModDate:"))
            .collect::<Vec<_>>()
            .join("\n");
        let dates = calendar_dates(&checked);
        assert!(dates.is_empty(), "{format} shows calendar dates: {dates:?}");
        if let Some(id) = &source_id {
            assert!(
                !checked.contains(id.as_str()),
                "{format} shows the source id {id}"
            );
        }
        assert!(
            checked.contains("e-identified") || *format == "FHIR" || format.contains("metadata"),
            "{format} says it is de-identified"
        );
    }
    let bundle: serde_json::Value = serde_json::from_str(&texts[0].1).expect("FHIR JSON");
    let patient = &bundle["entry"][1]["resource"];
    assert_eq!(patient["resourceType"], "Patient");
    assert!(
        patient.get("identifier").is_none() && patient.get("name").is_none(),
        "{patient}"
    );
}

// --- FHIR ---------------------------------------------------------------------------------

#[test]
fn the_fhir_document_starts_with_a_composition_and_re_imports_to_the_same_series_and_interventions()
{
    use caselens::io::import::{ImportOptions, import_file};
    let folder = tempfile::tempdir().expect("temporary folder");
    let fhir = export("fhir", &[], folder.path(), "case.json");
    let bundle: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&fhir).expect("written")).expect("JSON");
    assert_eq!(bundle["type"], "document");
    assert_eq!(
        bundle["entry"][0]["resource"]["resourceType"],
        "Composition"
    );
    let titles: Vec<&str> = bundle["entry"][0]["resource"]["section"]
        .as_array()
        .expect("sections")
        .iter()
        .filter_map(|section| section["title"].as_str())
        .collect();
    for title in [
        "Patient information",
        "Timeline",
        "Diagnostic assessment",
        "Therapeutic interventions",
    ] {
        assert!(titles.contains(&title), "{titles:?}");
    }

    let original = caselens::io::load_case(Path::new(PENG)).expect("case").case;
    let outcome =
        import_file(&fhir, &ImportOptions::default()).unwrap_or_else(|error| panic!("{error}"));
    assert_eq!(outcome.patients.len(), 1);
    let imported = &outcome.patients[0].case;
    for series in &original.series {
        let back = imported
            .series
            .iter()
            .find(|candidate| candidate.marker == series.marker)
            .unwrap_or_else(|| panic!("{} did not come back", series.marker));
        let values = |series: &caselens::model::Series| -> Vec<String> {
            let mut values: Vec<String> = series
                .samples
                .iter()
                .map(|sample| format!("{} {}", sample.time, sample.value))
                .collect();
            values.sort();
            values
        };
        assert_eq!(values(back), values(series), "{}", series.marker);
        assert_eq!(back.unit(), series.unit(), "{}", series.marker);
    }
    for intervention in original
        .interventions
        .iter()
        .filter(|item| item.timing.first_time().is_some())
    {
        let back = imported
            .interventions
            .iter()
            .find(|candidate| candidate.name == intervention.name)
            .unwrap_or_else(|| panic!("{} did not come back", intervention.name));
        assert_eq!(
            back.timing.first_time(),
            intervention.timing.first_time(),
            "{}",
            intervention.name
        );
    }
}

/// The Python interpreter with `fhir.resources` 6.1.0 (R4 4.0.1), as `.ci/run` installs it.
fn fhir_python() -> PathBuf {
    std::env::var_os("CASELENS_FHIR_PYTHON").map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/fhir-venv/bin/python"),
        PathBuf::from,
    )
}

#[test]
fn an_independent_r4_validator_accepts_the_document_plain_and_de_identified() {
    let folder = tempfile::tempdir().expect("temporary folder");
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/support/validate_fhir.py");
    for (name, extra) in [("plain.json", vec![]), ("deid.json", vec!["--deidentify"])] {
        let fhir = export("fhir", &extra, folder.path(), name);
        let python = fhir_python();
        let Some(output) = tool(path_text(&python), &[path_text(&script), path_text(&fhir)]) else {
            return;
        };
        let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
        let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
        assert!(
            output.status.success(),
            "{name} rejected:\n{stdout}\n{stderr}"
        );
        assert!(stdout.contains("valid FHIR 4.0.1 document"), "{stdout}");
    }
}
