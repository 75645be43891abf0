//! A FHIR R4 Bundle read from JSON and sorted by resource kind, each resource kept with
//! where it sits in the bundle (`Observation/id`, `entry[3]`) for messages. A resource that
//! is not what its `resourceType` says is refused with the field that is wrong.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use super::shared::normalise_reference;
use super::types::clinical::{Condition, Immunization, MedicationRequest, MedicationStatement};
use super::types::observation::Observation;
use super::types::{
    Bundle, CodeableConcept, DiagnosticReport, Encounter, ImagingStudy, Medication,
    MedicationAdministration, Patient, Procedure,
};
use crate::io::import::ImportError;
use crate::io::import::report::{Location, Rejected};

/// A resource with where it sits in the bundle.
#[derive(Clone, Debug)]
pub struct Located<T> {
    pub location: Location,
    /// `Type/id` and the entry's `fullUrl`, as other resources may refer to it.
    pub keys: Vec<String>,
    pub resource: T,
}

/// A bundle read and sorted by the kinds CaseLens uses.
#[derive(Debug, Default)]
pub struct FhirBundle {
    pub origin: String,
    pub bundle_type: String,
    pub resources: usize,
    pub patients: Vec<Located<Patient>>,
    /// Observations, with each panel's components after it as Observations of their own.
    pub observations: Vec<Located<Observation>>,
    pub encounters: Vec<Located<Encounter>>,
    pub administrations: Vec<Located<MedicationAdministration>>,
    pub requests: Vec<Located<MedicationRequest>>,
    pub statements: Vec<Located<MedicationStatement>>,
    pub procedures: Vec<Located<Procedure>>,
    pub conditions: Vec<Located<Condition>>,
    pub immunizations: Vec<Located<Immunization>>,
    pub studies: Vec<Located<ImagingStudy>>,
    pub reports: Vec<Located<DiagnosticReport>>,
    /// Medication names by reference, to name administrations that refer to them.
    pub medications: HashMap<String, String>,
    /// The `resourceType` of every entry, by each key it can be referred to by.
    pub kinds: HashMap<String, String>,
    pub skipped: BTreeMap<String, usize>,
    pub unreadable: Vec<Rejected>,
}

/// Reads a Bundle from a file.
pub fn read_fhir(path: &Path, origin: &str) -> Result<FhirBundle, ImportError> {
    parse_fhir(&crate::io::import::csv::read_export_bytes(path)?, origin)
}

/// Reads a Bundle already in memory.
pub fn parse_fhir(bytes: &[u8], origin: &str) -> Result<FhirBundle, ImportError> {
    let text = crate::io::import::csv::decode_text(bytes, origin)?;
    // FHIR's other format: said plainly, not as a JSON syntax error at 1:1.
    if text.trim_start().starts_with('<') {
        return Err(ImportError::Json {
            origin: origin.to_owned(),
            line: 1,
            column: 1,
            message: "the file is XML (FHIR XML?); CaseLens reads FHIR Bundles in JSON: export the record as JSON".to_owned(),
        });
    }
    let bundle: Bundle = serde_json::from_str(&text).map_err(|error| ImportError::Json {
        origin: origin.to_owned(),
        line: error.line(),
        column: error.column(),
        message: explain_json(&error),
    })?;
    match bundle.resource_type.as_deref() {
        Some("Bundle") => {}
        found => {
            return Err(ImportError::NotABundle {
                origin: origin.to_owned(),
                found: found.unwrap_or("(none)").to_owned(),
            });
        }
    }
    let mut read = FhirBundle {
        origin: origin.to_owned(),
        bundle_type: bundle.bundle_type.unwrap_or_else(|| "(no type)".to_owned()),
        ..FhirBundle::default()
    };
    for (index, entry) in bundle.entry.into_iter().enumerate() {
        let serde_json::Value::Object(mut entry) = entry else {
            read.unreadable.push(Rejected {
                location: Location::Resource {
                    reference: format!("entry[{index}]").into(),
                },
                reason: format!(
                    "is {}, not an object holding a `resource`; the export is malformed: export the bundle again",
                    json_kind(&entry)
                ),
            });
            continue;
        };
        let Some(resource) = entry.remove("resource") else {
            continue;
        };
        let full_url = entry
            .get("fullUrl")
            .and_then(serde_json::Value::as_str)
            .map(str::to_owned);
        read.resources += 1;
        read.sort(index, full_url, resource);
    }
    Ok(read)
}

/// serde_json's message without the place it repeats (the origin already has line and column),
/// and what to do, by the kind of error.
fn explain_json(error: &serde_json::Error) -> String {
    let message = error.to_string();
    let place = format!(" at line {} column {}", error.line(), error.column());
    let message = message.strip_suffix(&place).unwrap_or(&message);
    let advice = match error.classify() {
        serde_json::error::Category::Eof => {
            "the file ends in the middle of the bundle (cut short while copying or exporting?): copy or export it again"
        }
        serde_json::error::Category::Syntax => {
            "the file is not valid JSON there: export the bundle again as JSON"
        }
        serde_json::error::Category::Data | serde_json::error::Category::Io => {
            "export the patient's record again as a FHIR R4 Bundle"
        }
    };
    format!("{message}; {advice}")
}

/// `a list`, `a number`: what a JSON value is, for messages.
fn json_kind(value: &serde_json::Value) -> &'static str {
    match value {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "true or false",
        serde_json::Value::Number(_) => "a number",
        serde_json::Value::String(_) => "a string",
        serde_json::Value::Array(_) => "a list",
        serde_json::Value::Object(_) => "an object",
    }
}

/// A resource that is not the FHIR R4 resource its `resourceType` says, and where.
#[derive(Debug, thiserror::Error)]
enum Unreadable {
    #[error("cannot be read as FHIR R4 {kind}: {reason}")]
    Resource {
        kind: String,
        reason: serde_json::Error,
    },
    #[error("field `{field}` cannot be read as FHIR R4 {kind} defines it: {reason}")]
    Field {
        field: String,
        kind: String,
        reason: serde_json::Error,
    },
}

/// Reads a resource as `T`, or says which field of it is of the wrong type.
fn read_as<T: serde::de::DeserializeOwned>(
    resource: serde_json::Value,
    kind: &str,
) -> Result<T, Unreadable> {
    serde_path_to_error::deserialize(resource).map_err(|error| {
        let field = error.path().to_string();
        let reason = error.into_inner();
        let kind = kind.to_owned();
        if field == "." {
            Unreadable::Resource { kind, reason }
        } else {
            Unreadable::Field {
                field,
                kind,
                reason,
            }
        }
    })
}

impl FhirBundle {
    fn sort(&mut self, index: usize, full_url: Option<String>, resource: serde_json::Value) {
        let kind = resource
            .get("resourceType")
            .and_then(serde_json::Value::as_str)
            .unwrap_or("(no resourceType)")
            .to_owned();
        let id = resource.get("id").and_then(serde_json::Value::as_str);
        let mut keys = Vec::new();
        if let Some(id) = id {
            keys.push(format!("{kind}/{id}"));
        }
        keys.extend(full_url.as_deref().map(normalise_reference));
        for key in &keys {
            self.kinds.insert(key.clone(), kind.clone());
        }
        let location = Location::Resource {
            reference: keys
                .first()
                .cloned()
                .unwrap_or_else(|| format!("entry[{index}] ({kind})"))
                .into(),
        };
        macro_rules! keep {
            ($list:ident) => {
                match read_as(resource, &kind) {
                    Ok(parsed) => self.$list.push(Located {
                        location,
                        keys,
                        resource: parsed,
                    }),
                    Err(reason) => self.unreadable.push(Rejected {
                        location,
                        reason: reason.to_string(),
                    }),
                }
            };
        }
        match kind.as_str() {
            "Patient" => keep!(patients),
            "Observation" => match read_as::<Observation>(resource, &kind) {
                Ok(observation) => self.keep_observation(location, keys, observation),
                Err(reason) => self.unreadable.push(Rejected {
                    location,
                    reason: reason.to_string(),
                }),
            },
            "Encounter" => keep!(encounters),
            "MedicationAdministration" => keep!(administrations),
            "MedicationRequest" => keep!(requests),
            "MedicationStatement" => keep!(statements),
            "Procedure" => keep!(procedures),
            "Condition" => keep!(conditions),
            "Immunization" => keep!(immunizations),
            "ImagingStudy" => keep!(studies),
            "DiagnosticReport" => keep!(reports),
            "Medication" => match read_as::<Medication>(resource, &kind) {
                Ok(medication) => {
                    if let Some(name) = medication.code.as_ref().and_then(CodeableConcept::readable)
                    {
                        for key in &keys {
                            self.medications.insert(key.clone(), name.clone());
                        }
                    }
                }
                Err(reason) => self.unreadable.push(Rejected {
                    location,
                    reason: reason.to_string(),
                }),
            },
            _ => *self.skipped.entry(kind).or_insert(0) += 1,
        }
    }

    /// Keeps an Observation, and each of its components as an Observation of its own
    /// located at `Observation/id component[i]`.
    fn keep_observation(
        &mut self,
        location: Location,
        keys: Vec<String>,
        observation: Observation,
    ) {
        let parts = observation.split_components();
        let parent = location.to_string();
        self.observations.push(Located {
            location,
            keys,
            resource: observation,
        });
        for (index, part) in parts.into_iter().enumerate() {
            self.observations.push(Located {
                location: Location::Resource {
                    reference: format!("{parent} component[{index}]").into(),
                },
                keys: Vec::new(),
                resource: part,
            });
        }
    }
}
