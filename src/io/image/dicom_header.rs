//! The DICOM header attributes CaseLens reads, and nothing else: the whitelist that keeps
//! patient-identifying tags out of the app, the case file and every export. Enhanced
//! multi-frame objects keep rescale, window and spacing in functional groups; they are
//! looked up there first.

use dicom_dictionary_std::tags;
use dicom_object::{InMemDicomObject, Tag};

use super::{PixelSpacing, SpacingSource};

pub(super) fn text(object: &InMemDicomObject, tag: Tag) -> Option<String> {
    let value = object.element_opt(tag).ok()??.to_str().ok()?;
    let value =
        value.trim_matches(|character: char| character.is_whitespace() || character == '\0');
    (!value.is_empty()).then(|| value.to_owned())
}

pub(super) fn integer(object: &InMemDicomObject, tag: Tag) -> Option<i64> {
    object.element_opt(tag).ok()??.to_int::<i64>().ok()
}

pub(super) fn floats(object: &InMemDicomObject, tag: Tag) -> Option<Vec<f64>> {
    let values = object.element_opt(tag).ok()??.to_multi_float64().ok()?;
    values
        .iter()
        .all(|value| value.is_finite())
        .then_some(values)
}

/// An attribute of one frame: from the frame's functional groups (enhanced multi-frame
/// objects such as enhanced CT), else the shared ones, else the top level of the data set.
pub(super) fn frame_floats(
    object: &InMemDicomObject,
    frame: usize,
    macro_sequence: Tag,
    tag: Tag,
) -> Option<Vec<f64>> {
    let in_group = |group: &InMemDicomObject| {
        let item = group.element_opt(macro_sequence).ok()??.items()?.first()?;
        floats(item, tag)
    };
    let per_frame = || {
        let groups = object
            .element_opt(tags::PER_FRAME_FUNCTIONAL_GROUPS_SEQUENCE)
            .ok()??
            .items()?;
        in_group(groups.get(frame)?)
    };
    let shared = || {
        let groups = object
            .element_opt(tags::SHARED_FUNCTIONAL_GROUPS_SEQUENCE)
            .ok()??
            .items()?;
        in_group(groups.first()?)
    };
    per_frame().or_else(shared).or_else(|| floats(object, tag))
}

pub(super) fn rescale(object: &InMemDicomObject, frame: usize) -> (f64, f64) {
    let first = |tag| {
        frame_floats(
            object,
            frame,
            tags::PIXEL_VALUE_TRANSFORMATION_SEQUENCE,
            tag,
        )
        .and_then(|values| values.first().copied())
    };
    let slope = first(tags::RESCALE_SLOPE)
        .filter(|slope| *slope != 0.0)
        .unwrap_or(1.0);
    let intercept = first(tags::RESCALE_INTERCEPT).unwrap_or(0.0);
    (slope, intercept)
}

pub(super) fn pixel_spacing(object: &InMemDicomObject) -> Option<PixelSpacing> {
    let read = |values: Option<Vec<f64>>, source| match values?[..] {
        [row_mm, column_mm, ..] if row_mm > 0.0 && column_mm > 0.0 => Some(PixelSpacing {
            row_mm,
            column_mm,
            source,
        }),
        _ => None,
    };
    read(
        frame_floats(
            object,
            0,
            tags::PIXEL_MEASURES_SEQUENCE,
            tags::PIXEL_SPACING,
        ),
        SpacingSource::PixelSpacing,
    )
    .or_else(|| {
        read(
            floats(object, tags::IMAGER_PIXEL_SPACING),
            SpacingSource::ImagerPixelSpacing,
        )
    })
}

/// `YYYYMMDD`, also with the dots of the old ACR-NEMA form.
pub(super) fn parse_date(text: &str) -> Option<chrono::NaiveDate> {
    let digits: String = text.chars().filter(char::is_ascii_digit).collect();
    chrono::NaiveDate::parse_from_str(digits.get(0..8)?, "%Y%m%d").ok()
}

/// Names of the common transfer syntaxes, for messages and the header facts.
pub(super) fn transfer_syntax_name(uid: &str) -> Option<&'static str> {
    Some(match uid {
        "1.2.840.10008.1.2" => "Implicit VR Little Endian",
        "1.2.840.10008.1.2.1" => "Explicit VR Little Endian",
        "1.2.840.10008.1.2.1.99" => "Deflated Explicit VR Little Endian",
        "1.2.840.10008.1.2.2" => "Explicit VR Big Endian",
        "1.2.840.10008.1.2.5" => "RLE Lossless",
        "1.2.840.10008.1.2.4.50" => "JPEG Baseline",
        "1.2.840.10008.1.2.4.51" => "JPEG Extended",
        "1.2.840.10008.1.2.4.57" => "JPEG Lossless",
        "1.2.840.10008.1.2.4.70" => "JPEG Lossless SV1",
        "1.2.840.10008.1.2.4.80" => "JPEG-LS Lossless",
        "1.2.840.10008.1.2.4.81" => "JPEG-LS Near-Lossless",
        "1.2.840.10008.1.2.4.90" => "JPEG 2000 Lossless",
        "1.2.840.10008.1.2.4.91" => "JPEG 2000",
        "1.2.840.10008.1.2.4.201" => "HTJ2K Lossless",
        "1.2.840.10008.1.2.4.202" => "HTJ2K Lossless RPCL",
        "1.2.840.10008.1.2.4.203" => "HTJ2K",
        "1.2.840.10008.1.2.4.100" | "1.2.840.10008.1.2.4.101" => "MPEG-2 video",
        "1.2.840.10008.1.2.4.102" | "1.2.840.10008.1.2.4.103" => "MPEG-4 video",
        "1.2.840.10008.1.2.4.110" | "1.2.840.10008.1.2.4.111" | "1.2.840.10008.1.2.4.112" => {
            "JPEG XL"
        }
        _ => return None,
    })
}

/// Uncompressed transfer syntaxes: the samples are as the header describes them.
pub(super) fn is_native(uid: &str) -> bool {
    matches!(
        uid,
        "1.2.840.10008.1.2"
            | "1.2.840.10008.1.2.1"
            | "1.2.840.10008.1.2.1.99"
            | "1.2.840.10008.1.2.2"
    )
}

pub(super) fn is_jpeg_family(uid: &str) -> bool {
    uid.starts_with("1.2.840.10008.1.2.4.")
}

/// The transfer syntaxes this build's codecs decode (dicom-pixeldata with `native`, `charls`
/// and `openjp2`). Used only to tell "unsupported" from "damaged" when decoding fails.
pub(super) fn is_decodable(uid: &str) -> bool {
    matches!(
        uid,
        "1.2.840.10008.1.2"
            | "1.2.840.10008.1.2.1"
            | "1.2.840.10008.1.2.1.99"
            | "1.2.840.10008.1.2.2"
            | "1.2.840.10008.1.2.5"
            | "1.2.840.10008.1.2.4.50"
            | "1.2.840.10008.1.2.4.51"
            | "1.2.840.10008.1.2.4.57"
            | "1.2.840.10008.1.2.4.70"
            | "1.2.840.10008.1.2.4.80"
            | "1.2.840.10008.1.2.4.81"
            | "1.2.840.10008.1.2.4.90"
            | "1.2.840.10008.1.2.4.91"
            | "1.2.840.10008.1.2.4.201"
            | "1.2.840.10008.1.2.4.202"
            | "1.2.840.10008.1.2.4.203"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_parse_in_both_forms() {
        let expected = chrono::NaiveDate::from_ymd_opt(2020, 2, 17);
        assert_eq!(parse_date("20200217"), expected);
        assert_eq!(parse_date("2020.02.17"), expected);
        assert_eq!(parse_date("2020"), None);
    }
}
