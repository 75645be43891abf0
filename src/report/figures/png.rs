//! PNG and TIFF encoding of a rendered figure, with the pixel density recorded in the file
//! (PNG `pHYs`, TIFF `XResolution`), so a 300 DPI figure places at its physical size in a word
//! processor or a journal's system.

use image::ImageEncoder;
use image::codecs::png::PngEncoder;

use super::FigureError;

/// Encodes an RGB buffer as PNG and records `dpi` in a `pHYs` chunk.
pub fn encode_png(rgb: &[u8], width: u32, height: u32, dpi: u32) -> Result<Vec<u8>, FigureError> {
    let mut encoded = Vec::new();
    PngEncoder::new(&mut encoded)
        .write_image(rgb, width, height, image::ExtendedColorType::Rgb8)
        .map_err(|error| FigureError::Encode(error.to_string()))?;
    Ok(with_physical_size(encoded, dpi))
}

/// Like [`encode_png`] with fast compression: for figures embedded in a document that is
/// zipped again anyway (Word), where time matters more than a few kilobytes.
pub fn encode_png_fast(
    rgb: &[u8],
    width: u32,
    height: u32,
    dpi: u32,
) -> Result<Vec<u8>, FigureError> {
    use image::codecs::png::{CompressionType, FilterType};
    let mut encoded = Vec::new();
    PngEncoder::new_with_quality(&mut encoded, CompressionType::Fast, FilterType::Sub)
        .write_image(rgb, width, height, image::ExtendedColorType::Rgb8)
        .map_err(|error| FigureError::Encode(error.to_string()))?;
    Ok(with_physical_size(encoded, dpi))
}

/// Encodes an RGB buffer as a PackBits-compressed TIFF (lossless; line art is mostly runs of
/// white) and records `dpi` as its resolution.
pub fn encode_tiff(rgb: &[u8], width: u32, height: u32, dpi: u32) -> Result<Vec<u8>, FigureError> {
    use tiff::encoder::{Compression, Rational, TiffEncoder, colortype};
    use tiff::tags::ResolutionUnit;
    let encode_error = |error: tiff::TiffError| FigureError::Encode(error.to_string());
    let mut cursor = std::io::Cursor::new(Vec::new());
    {
        let mut encoder = TiffEncoder::new(&mut cursor)
            .map_err(encode_error)?
            .with_compression(Compression::Packbits);
        let mut image = encoder
            .new_image::<colortype::RGB8>(width, height)
            .map_err(encode_error)?;
        image.resolution(ResolutionUnit::Inch, Rational { n: dpi, d: 1 });
        image.write_data(rgb).map_err(encode_error)?;
    }
    Ok(cursor.into_inner())
}

/// Encodes in the chosen raster format (SVG is not raster; it falls back to PNG).
pub fn encode_raster(
    rgb: &[u8],
    width: u32,
    height: u32,
    dpi: u32,
    format: super::FigureFormat,
) -> Result<Vec<u8>, FigureError> {
    match format {
        super::FigureFormat::Tiff => encode_tiff(rgb, width, height, dpi),
        _ => encode_png(rgb, width, height, dpi),
    }
}

/// Inserts a `pHYs` chunk right after `IHDR` (which is always the first chunk, 25 bytes
/// including its header and CRC, after the 8-byte signature).
fn with_physical_size(png: Vec<u8>, dpi: u32) -> Vec<u8> {
    const IHDR_END: usize = 8 + 25;
    if png.len() < IHDR_END || png.get(12..16) != Some(b"IHDR".as_slice()) {
        return png;
    }
    let pixels_per_metre = (f64::from(dpi) / 0.0254).round() as u32;
    let mut chunk_body = Vec::with_capacity(13);
    chunk_body.extend_from_slice(b"pHYs");
    chunk_body.extend_from_slice(&pixels_per_metre.to_be_bytes());
    chunk_body.extend_from_slice(&pixels_per_metre.to_be_bytes());
    chunk_body.push(1); // unit: metre
    let mut with_chunk = Vec::with_capacity(png.len() + 21);
    with_chunk.extend_from_slice(png.get(..IHDR_END).unwrap_or_default());
    with_chunk.extend_from_slice(&9u32.to_be_bytes());
    with_chunk.extend_from_slice(&chunk_body);
    with_chunk.extend_from_slice(&crc32(&chunk_body).to_be_bytes());
    with_chunk.extend_from_slice(png.get(IHDR_END..).unwrap_or_default());
    with_chunk
}

/// CRC-32 (ISO 3309, as PNG uses it), bitwise: the chunk is 13 bytes.
fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for byte in bytes {
        crc ^= u32::from(*byte);
        for _ in 0..8 {
            let mask = (crc & 1).wrapping_neg();
            crc = (crc >> 1) ^ (0xEDB8_8320 & mask);
        }
    }
    !crc
}

/// Reads the density back from a PNG, in dots per inch; `None` without a `pHYs` chunk.
pub fn png_dpi(png: &[u8]) -> Option<u32> {
    let mut offset = 8;
    while let Some(header) = png.get(offset..offset + 8) {
        let length = u32::from_be_bytes(header.get(..4)?.try_into().ok()?) as usize;
        if header.get(4..8)? == b"pHYs" {
            let body = png.get(offset + 8..offset + 8 + 9)?;
            let per_metre = u32::from_be_bytes(body.get(..4)?.try_into().ok()?);
            return Some((f64::from(per_metre) * 0.0254).round() as u32);
        }
        offset = offset.checked_add(12)?.checked_add(length)?;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crc_matches_the_png_specification_check_value() {
        // CRC-32 of "123456789" is 0xCBF43926.
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
    }

    #[test]
    fn dpi_is_recorded_and_the_png_still_decodes() {
        let rgb = vec![200u8; 4 * 3 * 3];
        let png = encode_png(&rgb, 4, 3, 300).unwrap();
        assert_eq!(png_dpi(&png), Some(300));
        let decoded = image::load_from_memory(&png).unwrap();
        assert_eq!((decoded.width(), decoded.height()), (4, 3));
    }

    #[test]
    fn tiff_keeps_the_pixels_and_records_its_dpi() {
        let rgb: Vec<u8> = (0..4 * 3 * 3).map(|index| (index * 7) as u8).collect();
        let tiff = encode_tiff(&rgb, 4, 3, 600).unwrap();
        let mut decoder = tiff::decoder::Decoder::new(std::io::Cursor::new(&tiff)).unwrap();
        assert_eq!(decoder.dimensions().unwrap(), (4, 3));
        let resolution = decoder
            .get_tag_u32_vec(tiff::tags::Tag::XResolution)
            .unwrap();
        assert_eq!(resolution, [600, 1]);
        match decoder.read_image().unwrap() {
            tiff::decoder::DecodingResult::U8(pixels) => assert_eq!(pixels, rgb),
            _ => panic!("not 8-bit RGB"),
        }
    }
}
