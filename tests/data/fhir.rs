//! FHIR records in full (issue #18): the published FHIR R4 example resources in one
//! collection bundle, and a Synthea-style COVID-19 record sent as a batch, a transaction, a
//! collection and a searchset, each resource type checked against the case it becomes; bad
//! references, contained resources and wrong types named; de-identified exports of imported
//! cases free of names, birth dates and identifiers; the `--encounter` and
//! `--list-encounters` options of the real binary.
//!
//! Every expected value below is read off the fixture JSON in `tests/fixtures/fhir/` (see its
//! README), not off CaseLens's output.

mod bad_input;
mod command_line;
mod common;
mod r4_examples;
mod synthea;
