//! Reviewer text is shown as typed in every format: markup in a note never becomes markup.

use caselens::io::bundled::PENG_2020;
use caselens::model::{NarrativeSection, NoteKind, NoteTarget, ReviewerNote};
use caselens::report::{ReportFormat, ReportOptions, build_report, render};

const ATTACK: &str = "<script>alert('x')</script> & <img src=x onerror=alert(1)> | **bold**";

fn report_with_attack(format: ReportFormat) -> String {
    let mut case = PENG_2020.load().expect("loads").case;
    case.notes.push(ReviewerNote {
        kind: NoteKind::Comment,
        target: NoteTarget::Case,
        text: ATTACK.to_owned(),
        author: Some("<b>JD</b>".to_owned()),
    });
    case.narrative.set(NarrativeSection::Discussion, ATTACK);
    case.metadata.title = format!("Case {ATTACK}");
    case.interventions[0].name = ATTACK.to_owned();
    let options = ReportOptions::default();
    render(&build_report(&case, &[], &options), format, "report")
        .expect("renders")
        .text
}

#[test]
fn html_shows_script_tags_as_text() {
    let html = report_with_attack(ReportFormat::Html);
    assert!(!html.contains("<script"), "no script element anywhere");
    assert!(!html.contains("<img src=x"), "no injected element");
    assert!(!html.contains("<b>JD</b>"));
    assert!(html.contains(
        "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &lt;img src=x onerror=alert(1)&gt;"
    ));
    assert!(
        html.contains("<title>Case &lt;script&gt;"),
        "the title is escaped too"
    );
}

#[test]
fn markdown_shows_script_tags_as_text() {
    let markdown = report_with_attack(ReportFormat::Markdown);
    assert!(!markdown.contains("<script"));
    assert!(!markdown.contains("<img"));
    assert!(markdown.contains("&lt;script&gt;alert('x')&lt;/script&gt; & &lt;img src=x onerror=alert(1)&gt; \\| \\*\\*bold\\*\\*"));
}

#[test]
fn json_keeps_the_text_verbatim() {
    let json = report_with_attack(ReportFormat::Json);
    let value: serde_json::Value = serde_json::from_str(&json).expect("valid JSON");
    assert_eq!(value["discussion"], ATTACK);
}
