//! The two bundled reference cases, checked against the facts a reader relies on: the dates,
//! doses and numbers the publications state (`shared/domain/case-facts.md`), the course the
//! reconstructed series must follow, and the source inconsistencies the loader must surface.

use caselens::analysis::time_axis::describe_time;
use caselens::io::bundled::{LIANG_2020, PENG_2020};
use caselens::io::{LoadedCase, parse_case, to_canonical_text};
use caselens::model::{
    Activity, Case, CaseTime, EpisodeKind, EpisodeOrigin, EventKind, Intervention,
    InterventionKind, Modality, NoteKind, NoteTarget, Oxygen, Provenance, Series, Timeline, Timing,
};
use chrono::NaiveDate;

fn day(month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2020, month, day).expect("a valid 2020 date")
}

fn date(month: u32, day_of_month: u32) -> CaseTime {
    CaseTime::Date(day(month, day_of_month))
}

fn peng() -> LoadedCase {
    PENG_2020.load().expect("the bundled Peng case loads")
}

fn liang() -> LoadedCase {
    LIANG_2020.load().expect("the bundled Liang case loads")
}

fn series<'a>(case: &'a Case, marker: &str) -> &'a Series {
    let mut found = case.series.iter().filter(|series| series.marker == marker);
    let series = found
        .next()
        .unwrap_or_else(|| panic!("the case has a `{marker}` series"));
    assert!(found.next().is_none(), "only one `{marker}` series");
    series
}

fn intervention(case: &Case, kind: InterventionKind) -> &Intervention {
    let mut found = case.interventions.iter().filter(|item| item.kind == kind);
    let item = found
        .next()
        .unwrap_or_else(|| panic!("the case has a {kind:?} intervention"));
    assert!(found.next().is_none(), "only one {kind:?} intervention");
    item
}

/// The samples of a series dated within `from..=to`, as (date, value).
fn samples_between(series: &Series, from: NaiveDate, to: NaiveDate) -> Vec<(NaiveDate, f64)> {
    series
        .samples
        .iter()
        .map(|sample| {
            let date = sample
                .time
                .calendar_date()
                .expect("every Peng sample has a calendar date");
            (date, sample.value)
        })
        .filter(|(date, _)| (from..=to).contains(date))
        .collect()
}

fn value_on(series: &Series, on: NaiveDate) -> f64 {
    let found = samples_between(series, on, on);
    assert_eq!(found.len(), 1, "one `{}` sample on {on}", series.marker);
    found[0].1
}

fn highest_between(series: &Series, from: NaiveDate, to: NaiveDate) -> (NaiveDate, f64) {
    samples_between(series, from, to)
        .into_iter()
        .max_by(|left, right| left.1.total_cmp(&right.1))
        .expect("samples in the window")
}

fn lowest_between(series: &Series, from: NaiveDate, to: NaiveDate) -> (NaiveDate, f64) {
    samples_between(series, from, to)
        .into_iter()
        .min_by(|left, right| left.1.total_cmp(&right.1))
        .expect("samples in the window")
}

fn illness_day(timeline: &Timeline, time: CaseTime) -> i32 {
    let position = timeline.position(time).expect("the time places");
    timeline
        .illness_day_at(position)
        .expect("the case has an onset anchor")
}

/// Every time stated anywhere in a case.
fn every_time(case: &Case) -> Vec<CaseTime> {
    let mut times = Vec::new();
    let anchors = &case.anchors;
    times.extend(
        [anchors.symptom_onset, anchors.admission, anchors.discharge]
            .into_iter()
            .flatten(),
    );
    for series in &case.series {
        times.extend(series.samples.iter().map(|sample| sample.time));
    }
    for item in &case.interventions {
        times.extend(item.timing.stated_times());
    }
    times.extend(case.events.iter().map(|event| event.time));
    times.extend(
        case.milestones
            .iter()
            .filter_map(|milestone| milestone.time),
    );
    for episode in &case.episodes {
        times.extend([episode.span.start, episode.span.end]);
    }
    for note in &case.notes {
        match &note.target {
            NoteTarget::Time(time) | NoteTarget::Sample { time, .. } => times.push(*time),
            NoteTarget::Case | NoteTarget::Milestone(_) => {}
        }
    }
    times
}

// ---------------------------------------------------------------------------------------------
// Peng et al. 2020

#[test]
fn peng_loads_cleanly_and_says_it_is_illustrative() {
    let loaded = peng();
    assert_eq!(loaded.migrated_from, None);
    let metadata = &loaded.case.metadata;
    assert!(
        metadata.illustrative,
        "reconstructed values must be flagged"
    );
    let note = metadata.illustrative_note.as_deref().unwrap_or_default();
    assert!(
        note.contains("Published") && note.contains("Reconstructed"),
        "{note}"
    );
    assert_eq!(metadata.doi.as_deref(), Some("10.1186/s13287-020-01802-8"));
    assert_eq!(metadata.licence.as_deref(), Some("CC BY 4.0"));
    let source = metadata.source.as_deref().unwrap_or_default();
    assert!(source.starts_with("Peng H, Gong T, Huang X"), "{source}");
    assert!(
        source.contains("Stem Cell Research & Therapy") && source.contains("11:291"),
        "{source}"
    );
    assert_eq!(loaded.case.patient.describe(), "Female, 66 years, 65 kg");
}

#[test]
fn peng_anchors_give_the_papers_illness_days() {
    let case = peng().case;
    assert_eq!(case.anchors.symptom_onset, Some(date(1, 25)));
    assert_eq!(case.anchors.admission, Some(date(2, 3)));
    assert_eq!(case.anchors.discharge, Some(date(3, 6)));

    let timeline = Timeline::for_case(&case);
    assert_eq!(timeline.calendar_origin(), Some(day(1, 25)));
    let admission = timeline.position(date(2, 3)).expect("3 Feb places");
    assert_eq!(timeline.illness_day_at(admission), Some(10));
    assert_eq!(timeline.hospital_day_at(admission), Some(1));
    // 2020 is a leap year: 29 Feb counts, so 6 March is illness day 42.
    assert_eq!(illness_day(&timeline, date(2, 29)), 36);
    assert_eq!(illness_day(&timeline, date(3, 6)), 42);
    assert_eq!(
        timeline.discharge(),
        Some(timeline.position(date(3, 6)).expect("6 Mar places"))
    );
    assert_eq!(
        describe_time(&timeline, date(2, 20)),
        "20 Feb 2020 · illness day 27 · hospital day 18"
    );
}

#[test]
fn peng_convalescent_plasma_on_illness_days_27_and_28() {
    let case = peng().case;
    let timeline = Timeline::for_case(&case);
    let plasma = intervention(&case, InterventionKind::ConvalescentPlasma);
    assert_eq!(plasma.timing, Timing::Doses(vec![date(2, 20), date(2, 21)]));
    assert!(!plasma.dates_reconstructed);
    assert_eq!(
        plasma.dose.as_deref(),
        Some("400 mL in total (two infusions)")
    );
    assert_eq!(plasma.route.as_deref(), Some("IV"));
    let note = plasma.note.as_deref().unwrap_or_default();
    assert!(
        note.contains("ABO-identical") && note.contains("> 1:160") && note.contains("ELISA"),
        "{note}"
    );
    let days: Vec<i32> = plasma
        .timing
        .stated_times()
        .into_iter()
        .map(|time| illness_day(&timeline, time))
        .collect();
    assert_eq!(days, [27, 28]);
}

#[test]
fn peng_three_msc_infusions_on_24_feb_27_feb_and_1_mar() {
    let case = peng().case;
    let timeline = Timeline::for_case(&case);
    let cells = intervention(&case, InterventionKind::CellTherapy);
    assert_eq!(
        cells.timing,
        Timing::Doses(vec![date(2, 24), date(2, 27), date(3, 1)])
    );
    assert!(!cells.dates_reconstructed);
    assert_eq!(
        cells.dose.as_deref(),
        Some("1 × 10⁶ cells/kg; total number of cells about 6.5 × 10⁷")
    );
    assert!(
        !cells
            .dose
            .as_deref()
            .unwrap_or_default()
            .contains("per infusion"),
        "the paper gives a total, not a number per infusion"
    );
    assert_eq!(cells.route.as_deref(), Some("IV"));
    let note = cells.note.as_deref().unwrap_or_default();
    for stated in ["95.78 %", "100 mL", "40–55 drops/min", "30–40 min", "12 h"] {
        assert!(
            note.contains(stated),
            "the MSC note states {stated}: {note}"
        );
    }
    let days: Vec<i32> = cells
        .timing
        .stated_times()
        .into_iter()
        .map(|time| illness_day(&timeline, time))
        .collect();
    assert_eq!(days, [31, 34, 37]);
}

#[test]
fn peng_standard_treatment_is_undated_and_respiratory_support_is_marked_reconstructed() {
    let case = peng().case;
    let undated: Vec<(&str, InterventionKind)> = case
        .interventions
        .iter()
        .filter(|item| matches!(item.timing, Timing::Undated { .. }))
        .map(|item| (item.name.as_str(), item.kind))
        .collect();
    assert_eq!(
        undated,
        [
            ("Lopinavir/ritonavir", InterventionKind::Antiviral),
            ("Interferon-α", InterventionKind::Antiviral),
            ("Ribavirin", InterventionKind::Antiviral),
            ("Meropenem", InterventionKind::Antibiotic),
            ("Methylprednisolone", InterventionKind::Corticosteroid),
            ("Immunoglobulin", InterventionKind::Immunoglobulin),
        ]
    );
    for item in &case.interventions {
        if let Timing::Undated { note } = &item.timing {
            assert!(
                note.contains("dates not stated in the source"),
                "{}: {note}",
                item.name
            );
        }
    }
    let support: Vec<&Intervention> = case
        .interventions
        .iter()
        .filter(|item| item.kind == InterventionKind::RespiratorySupport)
        .collect();
    assert_eq!(support.len(), 3, "HFNC, intermittent NIV, nasal catheter");
    for item in support {
        assert!(
            item.dates_reconstructed,
            "{} dates are not in the source",
            item.name
        );
        assert!(
            matches!(item.timing, Timing::Course { end: Some(_), .. }),
            "{}",
            item.name
        );
    }
}

#[test]
fn peng_oxygenation_index_keeps_the_published_numbers() {
    let case = peng().case;
    let oxygenation = series(&case, "pf_ratio");
    assert_eq!(value_on(oxygenation, day(2, 3)), 243.0);
    assert_eq!(lowest_between(oxygenation, day(2, 4), day(2, 7)).1, 171.0);
    assert_eq!(lowest_between(oxygenation, day(2, 15), day(2, 16)).1, 178.0);
    assert!(
        value_on(oxygenation, day(2, 21)) > 300.0,
        "> 300 mmHg the day after plasma"
    );
    assert!(value_on(oxygenation, day(2, 22)) > 300.0);
    // The two troughs are the lowest values of the whole stay, and nothing before plasma
    // reaches 300.
    let (_, lowest) = lowest_between(oxygenation, day(2, 3), day(3, 6));
    assert_eq!(lowest, 171.0);
    assert!(highest_between(oxygenation, day(2, 3), day(2, 20)).1 < 300.0);

    let published: Vec<(NaiveDate, f64, Provenance)> = oxygenation
        .samples
        .iter()
        .map(|sample| {
            let date = sample.time.calendar_date().expect("dated");
            (date, sample.value, oxygenation.sample_provenance(sample))
        })
        .filter(|(_, _, provenance)| provenance.is_published())
        .collect();
    assert_eq!(published.len(), 3);
    // The admission value is dated by the paper; the troughs are not, so their days are the
    // reviewer's and say so.
    assert_eq!(published[0], (day(2, 3), 243.0, Provenance::Published));
    assert_eq!(
        (published[1].1, published[1].2),
        (171.0, Provenance::PublishedDayPlaced)
    );
    assert_eq!(
        (published[2].1, published[2].2),
        (178.0, Provenance::PublishedDayPlaced)
    );
}

#[test]
fn peng_lymphocytes_stay_low_until_plasma_and_recover_by_24_feb() {
    let case = peng().case;
    let lymphocytes = series(&case, "lymphocytes");
    for (date, value) in samples_between(lymphocytes, day(2, 17), day(2, 20)) {
        assert!(
            value < 0.5,
            "lymphocytes on {date} are {value}, expected < 0.5"
        );
    }
    assert_eq!(
        samples_between(lymphocytes, day(2, 17), day(2, 20)).len(),
        4
    );
    assert!(value_on(lymphocytes, day(2, 21)) > value_on(lymphocytes, day(2, 20)));
    assert!(value_on(lymphocytes, day(2, 24)) >= 1.1);
    for (date, value) in samples_between(lymphocytes, day(2, 24), day(3, 6)) {
        assert!(
            value >= 1.1,
            "lymphocytes on {date} are {value}, expected normal"
        );
    }
    assert_eq!(
        lowest_between(lymphocytes, day(2, 3), day(2, 11)).0,
        day(2, 4)
    );
    assert_eq!(
        lowest_between(lymphocytes, day(2, 12), day(2, 20)).0,
        day(2, 15)
    );
}

#[test]
fn peng_storm_markers_peak_where_the_paper_says() {
    let case = peng().case;
    let neutrophils = series(&case, "neutrophils");
    assert_eq!(
        highest_between(neutrophils, day(2, 3), day(2, 11)).0,
        day(2, 7)
    );
    assert_eq!(
        highest_between(neutrophils, day(2, 12), day(2, 20)).0,
        day(2, 16)
    );
    let il6 = series(&case, "il6");
    assert_eq!(highest_between(il6, day(2, 3), day(3, 6)).0, day(2, 16));
    for marker in ["crp", "d_dimer", "il6"] {
        let series = series(&case, marker);
        let first = highest_between(series, day(2, 4), day(2, 7)).0;
        let second = highest_between(series, day(2, 15), day(2, 16)).0;
        let between = highest_between(series, day(2, 9), day(2, 13)).1;
        assert!(
            value_on(series, first) > between && value_on(series, second) > between,
            "{marker} peaks in both storms"
        );
    }
}

#[test]
fn peng_series_are_reconstructions_in_catalog_units() {
    let case = peng().case;
    let markers: Vec<&str> = case
        .series
        .iter()
        .map(|series| series.marker.as_str())
        .collect();
    for required in [
        "neutrophils",
        "lymphocytes",
        "crp",
        "il6",
        "d_dimer",
        "pao2",
        "pf_ratio",
        "spo2",
        "respiratory_rate",
        "temperature",
    ] {
        assert!(
            markers.contains(&required),
            "series `{required}` is present"
        );
    }
    for series in &case.series {
        let definition = series
            .definition()
            .unwrap_or_else(|| panic!("`{}` is a catalog marker", series.marker));
        assert_eq!(series.unit(), Some(definition.unit), "{}", series.marker);
        assert_eq!(
            series.provenance,
            Provenance::Reconstructed,
            "{}",
            series.marker
        );
        assert!(
            series.note.is_some(),
            "{} says how it was built",
            series.marker
        );
        for sample in &series.samples {
            if sample.provenance.is_some_and(Provenance::is_published) {
                assert!(
                    sample.comment.is_some(),
                    "the published {} value on {} names where the paper states it",
                    series.marker,
                    sample.time
                );
            }
        }
    }
    // The main markers cover the whole stay.
    for marker in ["neutrophils", "lymphocytes", "crp", "pao2", "pf_ratio"] {
        assert_eq!(series(&case, marker).samples.len(), 33, "{marker} is daily");
    }
    let sample_on = |marker: &str, on: NaiveDate| {
        let series = series(&case, marker);
        let sample = series
            .samples
            .iter()
            .find(|sample| sample.time == CaseTime::Date(on))
            .unwrap_or_else(|| panic!("{marker} has a sample on {on}"))
            .clone();
        (series.sample_provenance(&sample), sample)
    };
    let published = |marker: &str, on: NaiveDate| {
        let (provenance, sample) = sample_on(marker, on);
        assert_eq!(provenance, Provenance::Published, "{marker} on {on}");
        sample.value
    };
    assert_eq!(published("spo2", day(2, 3)), 90.0);
    assert_eq!(published("respiratory_rate", day(2, 3)), 33.0);
    assert_eq!(published("temperature", day(2, 3)), 37.4);
    assert_eq!(
        sample_on("spo2", day(2, 3)).1.oxygen,
        Some(Oxygen::RoomAir),
        "the Methods say indoor air"
    );
    let spo2 = series(&case, "spo2");
    let (low_date, low) = lowest_between(spo2, day(2, 22), day(2, 23));
    assert_eq!(low, 85.0);
    // The paper does not date the 85 % after exercise: the reviewer's day, and on exertion.
    let (provenance, exertion) = sample_on("spo2", low_date);
    assert_eq!(provenance, Provenance::PublishedDayPlaced);
    assert_eq!(exertion.activity, Some(Activity::OnExertion));
}

#[test]
fn peng_events_keep_the_stated_illness_days() {
    let loaded = peng();
    let case = &loaded.case;
    let timeline = Timeline::for_case(case);
    let admission = &case.events[0];
    assert_eq!(admission.time, date(2, 3));
    assert_eq!(admission.stated_illness_day, Some(10));
    for stated in [
        "37.4 °C",
        "33/min",
        "126/78 mmHg",
        "90 %",
        "243 mmHg",
        "severe",
    ] {
        assert!(admission.text.contains(stated), "admission states {stated}");
    }
    let negative = case
        .events
        .iter()
        .find(|event| event.kind == EventKind::TestResult)
        .expect("the negative test");
    assert_eq!(negative.time, date(2, 28));
    assert_eq!(illness_day(&timeline, negative.time), 35);
    let discharge = case
        .events
        .iter()
        .find(|event| event.kind == EventKind::Discharge)
        .expect("the discharge");
    assert_eq!(discharge.time, date(3, 6));
    assert_eq!(discharge.stated_illness_day, Some(42));
    // Every event whose illness day the paper states agrees with the anchors: only the
    // storm episodes disagree.
    assert!(
        loaded
            .warnings
            .iter()
            .all(|warning| !warning.path.starts_with("events")),
        "{:?}",
        loaded.warnings
    );
}

#[test]
fn peng_imaging_milestones() {
    let case = peng().case;
    let labels: Vec<&str> = case
        .milestones
        .iter()
        .map(|milestone| milestone.label.as_str())
        .collect();
    assert_eq!(labels, ["A1", "A2", "A3", "B1", "B2", "B3", "B4"]);
    for milestone in &case.milestones[..3] {
        assert_eq!(
            milestone.modality,
            Modality::ChestXray,
            "{}",
            milestone.label
        );
        assert_eq!(
            milestone.time, None,
            "{} is undated in the paper",
            milestone.label
        );
    }
    let computed_tomography: Vec<(String, Option<CaseTime>)> = case.milestones[3..]
        .iter()
        .map(|milestone| {
            assert_eq!(milestone.modality, Modality::Ct, "{}", milestone.label);
            (milestone.label.clone(), milestone.time)
        })
        .collect();
    assert_eq!(
        computed_tomography,
        [
            ("B1".to_owned(), Some(date(2, 17))),
            ("B2".to_owned(), Some(date(2, 20))),
            ("B3".to_owned(), Some(date(2, 24))),
            ("B4".to_owned(), Some(date(2, 29))),
        ]
    );
    assert!(
        case.milestones
            .iter()
            .all(|milestone| milestone.images.is_empty())
    );
    assert!(
        case.milestones
            .iter()
            .all(|milestone| !milestone.findings.is_empty())
    );
    let b4_note = case.milestones[6].note.as_deref().unwrap_or_default();
    assert!(b4_note.contains("27 Feb"), "{b4_note}");
}

#[test]
fn peng_cytokine_storms_as_published() {
    let case = peng().case;
    /// Label, start, end and the illness days the paper states.
    type Storm<'a> = (&'a str, CaseTime, CaseTime, Option<(i32, i32)>);
    let storms: Vec<Storm> = case
        .episodes
        .iter()
        .map(|episode| {
            assert_eq!(episode.kind, EpisodeKind::CytokineStorm);
            assert_eq!(episode.origin, EpisodeOrigin::Publication);
            (
                episode.label.as_str(),
                episode.span.start,
                episode.span.end,
                episode.stated_illness_days,
            )
        })
        .collect();
    assert_eq!(
        storms,
        [
            (
                "First cytokine storm",
                date(2, 4),
                date(2, 7),
                Some((10, 14))
            ),
            (
                "Second cytokine storm",
                date(2, 15),
                date(2, 16),
                Some((20, 21))
            ),
        ]
    );
}

#[test]
fn peng_warnings_surface_the_source_inconsistencies() {
    let loaded = peng();
    let messages: Vec<String> = loaded.warnings.iter().map(ToString::to_string).collect();

    let first_storm = "episodes[0]: `First cytokine storm`: the source calls it illness days 10–14, but its dates (4 Feb 2020 – 7 Feb 2020) are illness days 11–14";
    let second_storm = "episodes[1]: `Second cytokine storm`: the source calls it illness days 20–21, but its dates (15 Feb 2020 – 16 Feb 2020) are illness days 22–23";
    assert!(
        messages.iter().any(|message| message == first_storm),
        "{messages:#?}"
    );
    assert!(
        messages.iter().any(|message| message == second_storm),
        "{messages:#?}"
    );

    let inconsistencies: Vec<&String> = messages
        .iter()
        .filter(|message| message.contains("source inconsistency"))
        .collect();
    assert_eq!(inconsistencies.len(), 6, "{messages:#?}");
    assert!(inconsistencies[0].contains("10–14") && inconsistencies[0].contains("11–14"));
    assert!(inconsistencies[1].contains("27 Feb") && inconsistencies[1].contains("29 Feb"));
    assert!(inconsistencies[2].contains("fourth day") && inconsistencies[2].contains("third day"));
    // The fourth: dyspnoea after plasma, not improved (Results) or improved (Discussion).
    assert!(
        inconsistencies[3].contains("had not significantly improved")
            && inconsistencies[3]
                .contains("the Discussion says that with plasma the dyspnoea improved"),
        "{}",
        inconsistencies[3]
    );
    assert!(inconsistencies[4].contains("continued to deteriorate"));
    assert!(inconsistencies[5].contains("get rid of respiratory support"));

    let notes: Vec<(NoteKind, &NoteTarget)> = loaded
        .case
        .notes
        .iter()
        .filter(|note| note.kind == NoteKind::SourceInconsistency)
        .map(|note| (note.kind, &note.target))
        .collect();
    assert_eq!(notes[1].1, &NoteTarget::Milestone("B4".to_owned()));

    // The rest are the three undated chest X-rays, waiting for a reviewer to place them.
    let undated: Vec<&String> = messages
        .iter()
        .filter(|message| message.contains("has no date yet"))
        .collect();
    assert_eq!(undated.len(), 3, "{messages:#?}");
    assert_eq!(messages.len(), 11, "{messages:#?}");
}

// ---------------------------------------------------------------------------------------------
// Liang et al. 2020

#[test]
fn liang_loads_with_relative_days_only() {
    let loaded = liang();
    let case = &loaded.case;
    for time in every_time(case) {
        assert_eq!(time.calendar_date(), None, "{time} is a calendar time");
        assert!(time.is_relative(), "{time}");
    }
    let timeline = Timeline::for_case(case);
    assert_eq!(timeline.calendar_origin(), None);
    assert_eq!(timeline.onset(), None);
    assert_eq!(case.anchors.admission, Some(CaseTime::HospitalDay(1)));
    assert_eq!(case.anchors.symptom_onset, None);
    assert_eq!(case.anchors.discharge, None);
    assert_eq!(
        describe_time(&timeline, CaseTime::HospitalDay(13)),
        "hospital day 13"
    );
    assert_eq!(case.patient.describe(), "Female, 65 years");
    assert_eq!(
        case.metadata.doi.as_deref(),
        Some("10.1097/MD.0000000000021429")
    );
    let source = case.metadata.source.as_deref().unwrap_or_default();
    assert!(
        source.contains("Medicine (Baltimore)") && source.contains("99(31):e21429"),
        "{source}"
    );
}

#[test]
fn liang_cell_therapy_and_published_values() {
    let loaded = liang();
    let case = &loaded.case;
    let cells = intervention(case, InterventionKind::CellTherapy);
    assert_eq!(
        cells.timing,
        Timing::Doses(vec![
            CaseTime::HospitalDay(13),
            CaseTime::HospitalDay(16),
            CaseTime::HospitalDay(19),
        ])
    );
    assert!(
        cells.dates_reconstructed,
        "the infusion days are a reconstruction"
    );
    assert_eq!(cells.dose.as_deref(), Some("5 × 10⁷ cells per infusion"));
    let note = cells.note.as_deref().unwrap_or_default();
    assert!(
        note.contains("after 12 days of regular treatment"),
        "{note}"
    );

    let spo2 = series(case, "spo2");
    assert_eq!(spo2.samples.len(), 1);
    assert_eq!(spo2.samples[0].value, 81.0);
    // Every time of this case is the reviewer's placement, so every value says so.
    for series in &case.series {
        for sample in &series.samples {
            assert_eq!(
                series.sample_provenance(sample).label(),
                "published value; day placed by the reviewer"
            );
        }
    }
    let temperature = series(case, "temperature");
    assert_eq!(temperature.samples[0].value, 38.2);

    // Nothing is reconstructed except days, which the interventions flag.
    let reconstructed_values = case.series.iter().any(|series| {
        series
            .samples
            .iter()
            .any(|sample| series.sample_provenance(sample) == Provenance::Reconstructed)
    });
    assert_eq!(case.metadata.illustrative, reconstructed_values);

    assert!(
        loaded.warnings.iter().any(|warning| warning
            .message
            .starts_with("lost in the source's text rendering")
            && warning.message.contains("exponent")),
        "{:?}",
        loaded.warnings
    );
    assert!(
        case.events
            .iter()
            .any(|event| event.kind == EventKind::Transfer),
        "transfer out of the ICU"
    );
}

// ---------------------------------------------------------------------------------------------
// Both

#[test]
fn bundled_cases_survive_a_canonical_round_trip() {
    for bundled in [PENG_2020, LIANG_2020] {
        let loaded = bundled.load().expect("the bundled case loads");
        let text = to_canonical_text(&loaded.case).expect("the case serializes");
        let again = parse_case(&text, bundled.file_name).expect("the canonical text loads");
        assert_eq!(again.case, loaded.case, "{}", bundled.file_name);
        assert_eq!(again.warnings, loaded.warnings, "{}", bundled.file_name);
        assert!(text.starts_with("// CaseLens case file. Format: docs/case-format.md\n"));
    }
}

#[test]
fn bundled_files_start_with_the_format_comment() {
    for bundled in [PENG_2020, LIANG_2020] {
        assert!(
            bundled
                .text
                .starts_with("// CaseLens case file. Format: docs/case-format.md\n"),
            "{}",
            bundled.file_name
        );
    }
}

#[test]
fn bundled_cases_are_in_canonical_form_so_fmt_check_passes_on_them() {
    for bundled in caselens::io::bundled::ALL {
        let loaded = parse_case(bundled.text, bundled.file_name).expect("bundled case loads");
        let canonical = to_canonical_text(&loaded.case).expect("serializable");
        assert!(
            canonical == bundled.text,
            "{} is not canonical: run `caselens fmt assets/cases/{}`",
            bundled.file_name,
            bundled.file_name
        );
    }
}
