//! A synthetic chest CT written as real DICOM files (Explicit VR little endian, one file per
//! slice), with known Hounsfield units by region, so window/level and HU readout can be
//! checked exactly. Used by `tests/ct.rs` and `examples/series_bench.rs`.
//!
//! In every slice: air outside an elliptic body (−1000 HU), soft tissue (40 HU), two lungs
//! (−850 HU) left and right, a round vertebra (1000 HU) at the back. Below the middle of
//! the stack (the abdomen, feet side) the lungs are liver (60 HU) instead, so a coronal
//! image shows whether the head is up. The slice normal is +z (head), slices 2.5 mm apart.
#![allow(dead_code)] // the test and the benchmark each use a different part

use std::path::{Path, PathBuf};

use dicom_core::{DataElement, PrimitiveValue, VR};
use dicom_dictionary_std::tags;
use dicom_object::{FileMetaTableBuilder, InMemDicomObject};

pub const AIR: i16 = -1000;
pub const SOFT_TISSUE: i16 = 40;
pub const LUNG: i16 = -850;
pub const BONE: i16 = 1000;
pub const LIVER: i16 = 60;

#[derive(Clone, Debug)]
pub struct Phantom {
    pub rows: u16,
    pub columns: u16,
    pub slices: usize,
    pub pixel_mm: f64,
    pub spacing_mm: f64,
    pub series_uid: String,
    pub description: String,
    /// Where slice 0 lies along z, mm.
    pub first_z_mm: f64,
}

impl Phantom {
    pub fn new(size: u16, slices: usize, series_uid: &str) -> Self {
        Self {
            rows: size,
            columns: size,
            slices,
            pixel_mm: 0.7,
            spacing_mm: 2.5,
            series_uid: series_uid.to_owned(),
            description: "Phantom chest".to_owned(),
            first_z_mm: -300.0,
        }
    }

    /// The HU of voxel (column, row, slice): the truth the tests compare with.
    pub fn hu(&self, column: usize, row: usize, slice: usize) -> i16 {
        let (x, y) = (
            column as f64 / f64::from(self.columns),
            row as f64 / f64::from(self.rows),
        );
        let inside = |cx: f64, cy: f64, rx: f64, ry: f64| {
            ((x - cx) / rx).powi(2) + ((y - cy) / ry).powi(2) <= 1.0
        };
        if !inside(0.5, 0.5, 0.45, 0.35) {
            return AIR;
        }
        if inside(0.5, 0.75, 0.06, 0.06) {
            return BONE;
        }
        let thorax = slice >= self.slices / 2;
        if inside(0.28, 0.48, 0.14, 0.2) || inside(0.72, 0.48, 0.14, 0.2) {
            return if thorax { LUNG } else { LIVER };
        }
        SOFT_TISSUE
    }

    /// Lung, mediastinum and bone points (column, row) inside their regions.
    pub fn lung_point(&self) -> (usize, usize) {
        (
            (0.28 * f64::from(self.columns)) as usize,
            (0.48 * f64::from(self.rows)) as usize,
        )
    }
    pub fn mediastinum_point(&self) -> (usize, usize) {
        (
            (0.5 * f64::from(self.columns)) as usize,
            (0.5 * f64::from(self.rows)) as usize,
        )
    }
    pub fn bone_point(&self) -> (usize, usize) {
        (
            (0.5 * f64::from(self.columns)) as usize,
            (0.75 * f64::from(self.rows)) as usize,
        )
    }

    /// Writes slice `index` to `path`; stored values are HU + 1024 (unsigned, intercept −1024).
    pub fn write_slice(&self, index: usize, path: &Path) {
        let mut pixels = Vec::with_capacity(usize::from(self.rows) * usize::from(self.columns) * 2);
        for row in 0..usize::from(self.rows) {
            for column in 0..usize::from(self.columns) {
                let stored = (i32::from(self.hu(column, row, index)) + 1024) as u16;
                pixels.extend_from_slice(&stored.to_le_bytes());
            }
        }
        let z = self.first_z_mm + index as f64 * self.spacing_mm;
        let sop = format!("{}.{}", self.series_uid, index + 1);
        let text = |tag, vr, value: String| DataElement::new(tag, vr, PrimitiveValue::from(value));
        let mut object = InMemDicomObject::new_empty();
        for element in [
            text(
                tags::SOP_CLASS_UID,
                VR::UI,
                "1.2.840.10008.5.1.4.1.1.2".to_owned(),
            ),
            text(tags::SOP_INSTANCE_UID, VR::UI, sop),
            text(tags::MODALITY, VR::CS, "CT".to_owned()),
            text(
                tags::STUDY_INSTANCE_UID,
                VR::UI,
                "1.2.826.0.1.3680043.10.1".to_owned(),
            ),
            text(tags::SERIES_INSTANCE_UID, VR::UI, self.series_uid.clone()),
            text(tags::SERIES_DESCRIPTION, VR::LO, self.description.clone()),
            text(tags::SERIES_NUMBER, VR::IS, "2".to_owned()),
            text(tags::INSTANCE_NUMBER, VR::IS, (index + 1).to_string()),
            text(
                tags::IMAGE_POSITION_PATIENT,
                VR::DS,
                format!("-180\\-180\\{z}"),
            ),
            text(
                tags::IMAGE_ORIENTATION_PATIENT,
                VR::DS,
                "1\\0\\0\\0\\1\\0".to_owned(),
            ),
            text(tags::SLICE_THICKNESS, VR::DS, self.spacing_mm.to_string()),
            text(
                tags::PIXEL_SPACING,
                VR::DS,
                format!("{0}\\{0}", self.pixel_mm),
            ),
            text(
                tags::PHOTOMETRIC_INTERPRETATION,
                VR::CS,
                "MONOCHROME2".to_owned(),
            ),
            text(tags::RESCALE_INTERCEPT, VR::DS, "-1024".to_owned()),
            text(tags::RESCALE_SLOPE, VR::DS, "1".to_owned()),
            DataElement::new(tags::SAMPLES_PER_PIXEL, VR::US, PrimitiveValue::from(1u16)),
            DataElement::new(tags::ROWS, VR::US, PrimitiveValue::from(self.rows)),
            DataElement::new(tags::COLUMNS, VR::US, PrimitiveValue::from(self.columns)),
            DataElement::new(tags::BITS_ALLOCATED, VR::US, PrimitiveValue::from(16u16)),
            DataElement::new(tags::BITS_STORED, VR::US, PrimitiveValue::from(12u16)),
            DataElement::new(tags::HIGH_BIT, VR::US, PrimitiveValue::from(11u16)),
            DataElement::new(
                tags::PIXEL_REPRESENTATION,
                VR::US,
                PrimitiveValue::from(0u16),
            ),
            DataElement::new(tags::PIXEL_DATA, VR::OW, PrimitiveValue::from(pixels)),
        ] {
            object.put(element);
        }
        let file = object
            .with_meta(
                FileMetaTableBuilder::new()
                    .transfer_syntax("1.2.840.10008.1.2.1")
                    .implementation_class_uid("1.2.826.0.1.3680043.10.2"),
            )
            .expect("a phantom header is complete");
        file.write_to_file(path)
            .expect("the phantom slice is written");
    }

    /// Writes every slice into `folder` as `slice-NNNN.dcm`; returns the paths in slice order.
    pub fn write_all(&self, folder: &Path) -> Vec<PathBuf> {
        std::fs::create_dir_all(folder).expect("the phantom folder is created");
        (0..self.slices)
            .map(|index| {
                let path = folder.join(format!("slice-{:04}.dcm", index));
                self.write_slice(index, &path);
                path
            })
            .collect()
    }
}
