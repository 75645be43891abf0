#!/usr/bin/env python3
"""Expected pixels for tests/data/dicom_encodings.rs, from an independent decoder (pydicom).

Run from the repository root (writes tests/fixtures/dicom/reference.json):

    python3 -m venv /tmp/venv
    /tmp/venv/bin/pip install pydicom==3.0.2 pylibjpeg==2.1.0 pylibjpeg-libjpeg==2.5.0 \
        pylibjpeg-openjpeg==2.6.0 pyjpegls==1.5.1 numpy
    /tmp/venv/bin/python tests/support/dicom_reference.py [--synthetic]

`--synthetic` first (re)writes the three fixtures no public test suite has, built from real
ones (see `make_synthetic`): `synthetic_palette8.dcm` (a palette with 8-bit entries: pydicom's
Hot Iron palette over a crop of `image_dfl.dcm`), `synthetic_float.dcm` and
`synthetic_double.dcm` (Float and Double Float Pixel Data from `CT_small.dcm`).

For every fixture it records what CaseLens must decode, in CaseLens' own representation:
- grey images: the modality values (pydicom's `pixel_array` then `apply_modality_lut`: rescale
  or Modality LUT Sequence; for enhanced multi-frame objects the rescale of each frame's
  functional groups, which pydicom does not apply) as little-endian float32, Pixel Padding Value (and its range
  limit) as NaN, one CRC-32 per frame;
- colour images: 8-bit RGB (pydicom converts YBR_FULL/YBR_FULL_422 to RGB itself; palette
  colour through `apply_color_lut`), samples wider than 8 bits reduced to their top 8 stored
  bits, one CRC-32 per frame;
- `samples`: values at fixed pixel positions (the frame's darkest and brightest pixel and 62
  spread over it), which the Rust test compares within `tolerance` where decoders may differ
  in the last bit (lossy JPEG: IDCT precision);
- `frame_png`, for those lossy files, where a CRC cannot compare: each frame whole as a PNG
  in `reference/` (grey: the modality values as 16-bit grey, which must be whole numbers from
  0 to 65535; colour: 8-bit RGB), which the Rust test compares sample by sample within
  `tolerance`;
- `overlays`: each overlay plane's size, origin (from 1) and how many of its bits are set
  (pydicom's `overlay_array`);
- `voi`: the display level (0–255, before MONOCHROME1 inversion) pydicom's `apply_voi_lut`
  gives at those positions: each header window with its VOI LUT Function, LINEAR_EXACT and
  SIGMOID on the first window, and each VOI LUT Sequence item, scaled from pydicom's output
  range to 0–255 as PS3.3 C.11.2.1.2 defines it.
"""

import json
import struct
import sys
import zlib
from pathlib import Path

import numpy as np
import pydicom
from pydicom.pixels import apply_color_lut, apply_modality_lut, apply_voi, apply_windowing

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "dicom"
# Lossy DCT codecs: two correct decoders may differ in the last bit or two, as JPEG leaves the
# inverse DCT's arithmetic to the decoder (ITU-T T.81 A.3.3 bounds its accuracy only).
# JPEG Extended (here 12-bit, JPGExtended.dcm): ±1. CaseLens decodes it with libjpeg-turbo-rs
# (libjpeg-turbo's 12-bit integer IDCT), pydicom with Thomas Richter's libjpeg
# (pylibjpeg-libjpeg); 3 612 of the fixture's 262 144 samples differ, none by more than 1.
# HTJ2K (here htj2k_lossy.dcm, irreversible 9/7 wavelet): the inverse wavelet is floating
# point, so decoders may round a sample differently. CaseLens decodes with openjp2 (the Rust
# port of OpenJPEG 2.5), pydicom with OpenJPEG 2.5 in C (pylibjpeg-openjpeg); when the
# fixture was made all 40 960 samples were equal, ±1 leaves room for other floating point.
LOSSY = {
    "1.2.840.10008.1.2.4.50": 3,
    "1.2.840.10008.1.2.4.51": 1,
    "1.2.840.10008.1.2.4.203": 1,
}
SAMPLES = 62


def positions(frame):
    flat = frame.reshape(frame.shape[0] * frame.shape[1], -1)
    count = flat.shape[0]
    picked = [(k * 7919 + 13) * 104729 % count for k in range(SAMPLES)]
    score = flat.astype(np.float64).sum(axis=1)
    score = np.where(np.isnan(score), np.nanmean(score) if np.isfinite(score).any() else 0, score)
    return [int(np.argmin(score)), int(np.argmax(score))] + picked


def enhanced_rescale(ds, index):
    """Rescale of one frame of an enhanced multi-frame object, from its functional groups
    (pydicom's apply_modality_lut reads only the top level)."""
    for groups in (ds.get("PerFrameFunctionalGroupsSequence"), ds.get("SharedFunctionalGroupsSequence")):
        if not groups:
            continue
        group = groups[index] if len(groups) > index and groups is ds.get("PerFrameFunctionalGroupsSequence") else groups[0]
        transform = group.get("PixelValueTransformationSequence")
        if transform:
            return float(transform[0].RescaleSlope), float(transform[0].RescaleIntercept)
    return None


def gray_modality(ds, stored, index=0):
    rescale = None if "RescaleSlope" in ds else enhanced_rescale(ds, index)
    if rescale is not None:
        values = (stored.astype(np.float64) * rescale[0] + rescale[1]).astype(np.float32)
    else:
        values = apply_modality_lut(stored, ds).astype(np.float32)
    padding = ds.get("PixelPaddingValue")
    if padding is not None:
        limit = ds.get("PixelPaddingRangeLimit", padding)
        low, high = min(padding, limit), max(padding, limit)
        values[(stored >= low) & (stored <= high)] = np.nan
    return values


def reduce_to_8_bits(ds, arr):
    shift = max(int(ds.BitsStored) - 8, 0)
    return (arr.astype(np.uint64) >> shift).astype(np.uint8)


def write_png(target, frame):
    """A frame as a PNG (filter Sub on every row), with no imaging library: 16-bit grey for
    modality values, 8-bit RGB for colour."""
    if frame.ndim == 2:
        if np.isnan(frame).any() or (frame != np.round(frame)).any() or frame.min() < 0 or frame.max() > 65535:
            raise ValueError(f"{target.name}: modality values a 16-bit grey PNG cannot hold")
        raw, bits, colour_type, channels = frame.astype(">u2"), 16, 0, 1
    else:
        raw, bits, colour_type, channels = frame.astype(np.uint8), 8, 2, 3
    height, width = frame.shape[:2]
    rows = np.ascontiguousarray(raw).view(np.uint8).reshape(height, -1)
    step = channels * bits // 8
    filtered = rows.copy()
    filtered[:, step:] = rows[:, step:] - rows[:, :-step]
    data = np.hstack([np.ones((height, 1), np.uint8), filtered]).tobytes()

    def chunk(kind, body):
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", width, height, bits, colour_type, 0, 0, 0)
    target.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
                       + chunk(b"IDAT", zlib.compress(data, 9)) + chunk(b"IEND", b""))


def describe(path):
    ds = pydicom.dcmread(path)
    syntax = str(ds.file_meta.TransferSyntaxUID)
    frames = int(ds.get("NumberOfFrames", 1) or 1)
    arr = ds.pixel_array
    photometric = str(ds.PhotometricInterpretation)
    if frames == 1:
        arr = arr[np.newaxis]
    entry = {
        "transfer_syntax": syntax,
        "photometric": photometric,
        "rows": int(ds.Rows),
        "columns": int(ds.Columns),
        "frames": frames,
        "tolerance": LOSSY.get(syntax, 0),
    }
    if photometric == "PALETTE COLOR":
        bits = int(ds.RedPaletteColorLookupTableDescriptor[2])
        rgb = apply_color_lut(arr, ds)
        frames_out = rgb.astype(np.uint8) if bits == 8 else (rgb >> 8).astype(np.uint8)
        entry["kind"] = "rgb"
    elif int(ds.SamplesPerPixel) == 3:
        frames_out = reduce_to_8_bits(ds, arr)
        entry["kind"] = "rgb"
    else:
        frames_out = np.stack([gray_modality(ds, frame, index) for index, frame in enumerate(arr)])
        entry["kind"] = "gray"
    entry["frame_crc32"] = [zlib.crc32(np.ascontiguousarray(f).astype("<f4" if entry["kind"] == "gray" else np.uint8).tobytes()) for f in frames_out]
    if entry["tolerance"]:
        entry["frame_png"] = []
        for index, frame in enumerate(frames_out):
            name = f"reference/{path.name}.{index}.png"
            write_png(FIXTURES / name, frame)
            entry["frame_png"].append(name)
    first = frames_out[0]
    picked = positions(first)
    flat = first.reshape(first.shape[0] * first.shape[1], -1)
    entry["samples"] = [[index] + [None if np.isnan(v) else float(v) for v in flat[index].astype(np.float64)] for index in picked]
    if entry["kind"] == "gray":
        entry["voi"] = voi_levels(ds, arr[0], picked)
    entry["overlays"] = overlays(ds)
    return entry


def overlays(ds):
    found = []
    for group in range(0x6000, 0x6020, 2):
        if (group, 0x3000) not in ds:
            continue
        bits = ds.overlay_array(group)
        found.append({
            "group": group,
            "rows": int(ds[group, 0x0010].value),
            "columns": int(ds[group, 0x0011].value),
            "origin": [int(v) for v in ds[group, 0x0050].value],
            "set_bits": int(bits.sum()),
        })
    return found


def voi_levels(ds, stored, picked):
    modality = apply_modality_lut(stored, ds)
    levels = {}
    centers = ds.get("WindowCenter")
    if centers is not None and "WindowWidth" in ds:
        count = ds["WindowCenter"].VM
        function = str(ds.get("VOILUTFunction", "LINEAR")).upper()
        for index in range(count):
            levels[f"window{index}"] = window_levels(ds, modality, index, picked)
        for other in ("LINEAR_EXACT", "SIGMOID"):
            if other != function:
                ds.VOILUTFunction = other
                levels[f"window0_{other}"] = window_levels(ds, modality, 0, picked)
        if function == "LINEAR":
            del ds.VOILUTFunction
        else:
            ds.VOILUTFunction = function
    for index, item in enumerate(ds.get("VOILUTSequence", [])):
        bits = int(item.LUTDescriptor[2])
        out = apply_voi(modality.astype(np.int64), ds, index).astype(np.float64)
        flat = out.reshape(-1)
        levels[f"lut{index}"] = [[i, float(flat[i]) * 255.0 / (2**bits - 1)] for i in picked]
    return levels


def window_levels(ds, modality, index, picked):
    out = apply_windowing(modality.astype(np.float64), ds, index)
    # pydicom's output range, as in apply_windowing.
    bits = int(ds.BitsStored)
    if ds.get("ModalityLUTSequence"):
        y_min, y_max = 0, 2 ** int(ds.ModalityLUTSequence[0].LUTDescriptor[2]) - 1
    elif int(ds.PixelRepresentation) == 0:
        y_min, y_max = 0, 2**bits - 1
    else:
        y_min, y_max = -(2 ** (bits - 1)), 2 ** (bits - 1) - 1
    if "RescaleSlope" in ds and "RescaleIntercept" in ds:
        slope, intercept = float(ds.RescaleSlope), float(ds.RescaleIntercept)
        y_min, y_max = y_min * slope + intercept, y_max * slope + intercept
    flat = out.reshape(-1)
    return [[i, (float(flat[i]) - y_min) * 255.0 / (y_max - y_min)] for i in picked]


def make_synthetic():
    from pydicom.data import get_palette_files
    from pydicom.uid import ExplicitVRLittleEndian

    grey = pydicom.dcmread(FIXTURES / "image_dfl.dcm")
    hotiron = pydicom.dcmread(get_palette_files("hotiron.dcm")[0])
    crop = np.ascontiguousarray(grey.pixel_array[192:320, 192:320])
    ds = grey
    ds.file_meta.TransferSyntaxUID = ExplicitVRLittleEndian
    ds.Rows, ds.Columns = crop.shape
    ds.PhotometricInterpretation = "PALETTE COLOR"
    for colour in ("Red", "Green", "Blue"):
        for part in ("Descriptor", "Data"):
            keyword = f"{colour}PaletteColorLookupTable{part}"
            ds[keyword] = hotiron[keyword]
    ds.PixelData = crop.tobytes()
    ds.save_as(FIXTURES / "synthetic_palette8.dcm", enforce_file_format=True)

    for name, keyword, vr, dtype, bits in (
        ("synthetic_float.dcm", "FloatPixelData", "OF", "<f4", 32),
        ("synthetic_double.dcm", "DoubleFloatPixelData", "OD", "<f8", 64),
    ):
        ds = pydicom.dcmread(FIXTURES / "CT_small.dcm")
        values = ds.pixel_array.astype(np.float64) * 0.37 - 250.125
        ds.file_meta.TransferSyntaxUID = ExplicitVRLittleEndian
        for keyword_gone in ("PixelData", "BitsStored", "HighBit", "PixelRepresentation",
                             "SmallestImagePixelValue", "LargestImagePixelValue",
                             "WindowCenter", "WindowWidth", "PixelPaddingValue",
                             "RescaleSlope", "RescaleIntercept"):
            if keyword_gone in ds:
                del ds[keyword_gone]
        ds.BitsAllocated = bits
        ds.add_new(keyword, vr, values.astype(dtype).tobytes())
        ds.save_as(FIXTURES / name, enforce_file_format=True)


def main():
    if "--synthetic" in sys.argv:
        make_synthetic()
    (FIXTURES / "reference").mkdir(exist_ok=True)
    names = sorted(p.name for p in FIXTURES.glob("*.dcm") if p.name != "MR_truncated.dcm")
    files = {}
    for name in names:
        try:
            files[name] = describe(FIXTURES / name)
        except Exception as error:  # noqa: BLE001 - recorded, so the gap is visible
            print(f"{name}: pydicom cannot decode it ({error})", file=sys.stderr)
    out = {
        "generator": "tests/support/dicom_reference.py",
        "pydicom": pydicom.__version__,
        "numpy": np.__version__,
        "files": files,
    }
    target = FIXTURES / "reference.json"
    target.write_text(json.dumps(out, indent=1, sort_keys=True) + "\n")
    print(f"wrote {target} ({len(files)} files)")


if __name__ == "__main__":
    main()
