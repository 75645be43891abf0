//! Importers for lab exports: CSV and XLSX tables (wide or long), FHIR R4 Bundles.
