//! References that go nowhere, contained resources and wrong types, named.

use serde_json::{Value, json};

use super::common::*;

#[test]
fn dangling_contained_and_wrongly_typed_references_are_named() {
    let patient =
        json!({"fullUrl": "urn:uuid:p1", "resource": {"resourceType": "Patient", "id": "p1"}});
    let crp = |id: &str, subject: Value, value: Value| {
        json!({"resource": {"resourceType": "Observation", "id": id, "status": "final",
            "code": {"coding": [{"system": "http://loinc.org", "code": "1988-5"}], "text": "CRP"},
            "subject": subject, "effectiveDateTime": "2020-03-01",
            "valueQuantity": value}})
    };
    let bundle = json!({"resourceType": "Bundle", "type": "collection", "entry": [
        patient,
        {"resource": {"resourceType": "Practitioner", "id": "dr"}},
        crp("ok", json!({"reference": "urn:uuid:p1"}), json!({"value": 12, "unit": "mg/L"})),
        crp("gone", json!({"reference": "Patient/p2"}), json!({"value": 13, "unit": "mg/L"})),
        crp("contained", json!({"reference": "#p1"}), json!({"value": 14, "unit": "mg/L"})),
        crp("doctor", json!({"reference": "Practitioner/dr"}), json!({"value": 15, "unit": "mg/L"})),
        crp("group", json!({"reference": "Group/ward-3"}), json!({"value": 16, "unit": "mg/L"})),
        crp("text-value", json!({"reference": "urn:uuid:p1"}), json!({"value": "twelve", "unit": "mg/L"})),
        {"resource": {"resourceType": "MedicationAdministration", "id": "m1", "status": "completed",
            "medicationReference": {"reference": "Medication/absent"},
            "subject": {"reference": "urn:uuid:p1"}, "effectiveDateTime": "2020-03-01"}},
        {"resource": {"resourceType": "MedicationAdministration", "id": "m2", "status": "completed",
            "medicationReference": {"reference": "#not-there"},
            "contained": [{"resourceType": "Medication", "id": "other", "code": {"text": "Heparin"}}],
            "subject": {"reference": "urn:uuid:p1"}, "effectiveDateTime": "2020-03-01"}},
        {"resource": {"resourceType": "MedicationAdministration", "id": "m3", "status": "completed",
            "medicationReference": {"reference": "urn:uuid:p1"},
            "subject": {"reference": "urn:uuid:p1"}, "effectiveDateTime": "2020-03-01"}},
        {"resource": {"resourceType": "Condition", "id": "c1", "code": {"text": "Cough"},
            "subject": {"reference": "urn:uuid:p1"}, "onsetDateTime": 20200301}},
    ]});
    let outcome = import(&bundle);
    assert_eq!(values(only_case(&outcome), "crp"), [12.0]);
    let messages = rejected(&outcome);
    for expected in [
        "Observation/gone: `subject` `Patient/p2` is not in the bundle; not imported",
        "Observation/contained: `subject` `#p1` points to a contained resource; CaseLens reads patients only from the bundle's entries; not imported",
        "Observation/doctor: `subject` `Practitioner/dr` is a Practitioner, not a Patient; not imported",
        "Observation/group: `subject` `Group/ward-3` names a Group, not a Patient; not imported",
        "MedicationAdministration/m1: `medicationReference` `Medication/absent` is not in the bundle and has no display; not imported",
        "MedicationAdministration/m2: `medicationReference` `#not-there` names no contained Medication with a code; not imported",
        "MedicationAdministration/m3: `medicationReference` `urn:uuid:p1` is a Patient, not a Medication; not imported",
    ] {
        assert!(
            messages.iter().any(|m| m == expected),
            "{expected}\nnot in {messages:#?}"
        );
    }
    for (resource, field) in [
        ("Observation/text-value", "field `valueQuantity.value`"),
        ("Condition/c1", "field `onsetDateTime`"),
    ] {
        assert!(
            messages
                .iter()
                .any(|m| m.starts_with(&format!("{resource}: {field} cannot be read as FHIR R4"))),
            "{resource} {field} not in {messages:#?}"
        );
    }
}
