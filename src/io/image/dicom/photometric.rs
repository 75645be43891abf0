//! Colour samples → 8-bit RGB for display (PS3.3 C.7.6.3.1.2): RGB at 8, 16 or 32 bits per
//! sample (wider samples keep their top 8 stored bits), YBR_FULL and YBR_FULL_422 converted
//! as pydicom and the standard do, planar configuration 0 (R G B R G B…) and 1 (all R, all
//! G, all B), and PALETTE COLOR through its lookup tables.

use super::gray::stored_value;
use super::layout::PixelLayout;
use super::palette::Palette;

/// 8-bit RGB of one frame of three-sample pixels. `None` for a photometric interpretation
/// these samples cannot be in (refused earlier by the layout).
pub(super) fn rgb_frame(layout: &PixelLayout, chunk: &[u8]) -> Option<Vec<u8>> {
    let pixels = layout.pixels();
    if layout.photometric_of_samples == "YBR_FULL_422" {
        return Some(ybr_422_to_rgb(chunk, pixels));
    }
    let bytes = usize::from(layout.bits_allocated / 8).max(1);
    let shift = layout.bits_stored.saturating_sub(8);
    let sample = |pixel: usize, component: usize| -> u8 {
        let index = if layout.planar {
            component * pixels + pixel
        } else {
            pixel * 3 + component
        };
        let start = index * bytes;
        let raw = match chunk.get(start..start + bytes) {
            Some([byte]) => u32::from(*byte),
            Some([low, high]) => u32::from(u16::from_le_bytes([*low, *high])),
            Some([a, b, c, d]) => u32::from_le_bytes([*a, *b, *c, *d]),
            _ => 0,
        };
        // Colour samples are unsigned; only the stored bits count.
        (stored_value(&unsigned(layout), raw) >> shift) as u8
    };
    let mut rgb = Vec::with_capacity(pixels * 3);
    for pixel in 0..pixels {
        rgb.extend([sample(pixel, 0), sample(pixel, 1), sample(pixel, 2)]);
    }
    match layout.photometric_of_samples.as_str() {
        "RGB" => Some(rgb),
        "YBR_FULL" => Some(rgb.chunks_exact(3).flat_map(ybr_to_rgb).collect()),
        _ => None,
    }
}

fn unsigned(layout: &PixelLayout) -> PixelLayout {
    PixelLayout {
        signed: false,
        ..layout.clone()
    }
}

/// 8-bit RGB of one frame of PALETTE COLOR indices.
pub(super) fn palette_frame(layout: &PixelLayout, chunk: &[u8], palette: &Palette) -> Vec<u8> {
    let bytes = usize::from(layout.bits_allocated / 8).max(1);
    let mut rgb = Vec::with_capacity(layout.pixels() * 3);
    for sample in chunk.chunks_exact(bytes).take(layout.pixels()) {
        let raw = match sample {
            [byte] => u32::from(*byte),
            [low, high] => u32::from(u16::from_le_bytes([*low, *high])),
            [a, b, c, d] => u32::from_le_bytes([*a, *b, *c, *d]),
            _ => 0,
        };
        rgb.extend(palette.rgb(stored_value(layout, raw)));
    }
    rgb
}

/// YBR_FULL_422: each pair of pixels stores Y1 Y2 Cb Cr (PS3.3 C.7.6.3.1.2).
fn ybr_422_to_rgb(chunk: &[u8], pixels: usize) -> Vec<u8> {
    let mut rgb = Vec::with_capacity(pixels * 3);
    for group in chunk.chunks_exact(4).take(pixels.div_ceil(2)) {
        let [y1, y2, blue, red] = [group[0], group[1], group[2], group[3]];
        rgb.extend(ybr_to_rgb(&[y1, blue, red]));
        if rgb.len() < pixels * 3 {
            rgb.extend(ybr_to_rgb(&[y2, blue, red]));
        }
    }
    rgb
}

/// YBR_FULL → RGB as PS3.3 C.7.6.3.1.2 defines it, computed as pydicom does (single
/// precision, round half up), so both give the same bytes.
pub(super) fn ybr_to_rgb(pixel: &[u8]) -> [u8; 3] {
    let (luma, blue, red) = match pixel {
        [luma, blue, red] => (
            f32::from(*luma),
            f32::from(*blue) - 128.0,
            f32::from(*red) - 128.0,
        ),
        _ => return [0, 0, 0],
    };
    const GREEN_FROM_BLUE: f32 = (-0.114 * 1.772 / 0.587) as f32;
    const GREEN_FROM_RED: f32 = (-0.299 * 1.402 / 0.587) as f32;
    let round = |value: f32| (value + 0.5).floor().clamp(0.0, 255.0) as u8;
    [
        round(luma + 1.402 * red),
        round(luma + GREEN_FROM_BLUE * blue + GREEN_FROM_RED * red),
        round(luma + 1.772 * blue),
    ]
}

#[cfg(test)]
mod tests {
    use super::super::layout::SampleKind;
    use super::*;

    fn layout(bits: u16, planar: bool, photometric: &str) -> PixelLayout {
        PixelLayout {
            rows: 1,
            columns: 2,
            frames: 1,
            samples: 3,
            bits_allocated: bits,
            bits_stored: bits,
            signed: false,
            planar,
            kind: SampleKind::Integer,
            photometric: photometric.to_owned(),
            photometric_of_samples: photometric.to_owned(),
        }
    }

    #[test]
    fn planar_16_bit_rgb_keeps_the_top_byte_of_each_sample() {
        // R plane (2 pixels), G plane, B plane; little-endian u16.
        let chunk = [
            0x00, 0xFF, 0x00, 0x10, 0x34, 0x12, 0x00, 0x20, 0xFF, 0x00, 0x00, 0x30,
        ];
        assert_eq!(
            rgb_frame(&layout(16, true, "RGB"), &chunk).unwrap(),
            vec![0xFF, 0x12, 0x00, 0x10, 0x20, 0x30]
        );
    }

    #[test]
    fn ybr_422_shares_chroma_between_two_pixels() {
        let grey = rgb_frame(&layout(8, false, "YBR_FULL_422"), &[10, 200, 128, 128]).unwrap();
        assert_eq!(grey, vec![10, 10, 10, 200, 200, 200]);
    }
}
