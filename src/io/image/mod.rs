//! Image decoding for the viewer: PNG, JPEG and DICOM, with window/level.
