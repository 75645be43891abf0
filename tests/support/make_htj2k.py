#!/usr/bin/env python3
"""Writes the HTJ2K (High-Throughput JPEG 2000, ISO/IEC 15444-15) DICOM fixtures of issue #19
from real images already in tests/fixtures/dicom/, with OpenJPH (an HTJ2K implementation
independent of the OpenJPEG port CaseLens decodes with).

Run from the repository root, with the same venv as tests/support/dicom_reference.py:

    apt-get update; apt-get install -y openjph-tools      # ojph_compress, ojph_expand 0.9.0
    python3 -m venv /tmp/venv-ht
    /tmp/venv-ht/bin/pip install pydicom==3.0.2 numpy pylibjpeg==2.1.0 \
        pylibjpeg-openjpeg==2.6.0 pylibjpeg-libjpeg==2.5.0 pyjpegls==1.5.1
    /tmp/venv-ht/bin/python tests/support/make_htj2k.py
    /tmp/venv-ht/bin/python tests/support/dicom_reference.py   # reference.json for them

It writes, each a copy of its source's header with the HTJ2K transfer syntax and the
codestreams as encapsulated Pixel Data (one fragment per frame, with a Basic Offset Table):

- `htj2k_lossless.dcm` (1.2.840.10008.1.2.4.201, HTJ2K Lossless Only): `CT_small.dcm`'s
  128×128 signed 16-bit CT, reversible (5/3 wavelet). PGM holds unsigned samples only, so the
  samples go to OpenJPH as raw signed 16-bit little-endian words instead, and the codestream
  is signed 16-bit as the header says (no shift):
      ojph_compress -i ct.raw -o ct.j2c -reversible true -dims {128,128} -num_comps 1
                    -signed true -bit_depth 16 -downsamp {1,1}
- `htj2k_lossy.dcm` (1.2.840.10008.1.2.4.203, HTJ2K): the ten 64×64 unsigned 12-bit frames
  of `emri_small_RLE.dcm`, irreversible (9/7 wavelet), each frame a 16-bit PGM with maxval
  4095 (so OpenJPH codes 12 bits, as Bits Stored says):
      ojph_compress -i frameN.pgm -o frameN.j2c -qstep 0.002
  The header gains Lossy Image Compression 01, its ratio and method ISO_15444_15, and new
  SOP Instance and Series UIDs (derived from the source's, so a rerun writes the same file).
- `htj2k_rgb.dcm` (1.2.840.10008.1.2.4.201): `ExplVR_BigEnd.dcm`'s 80×60 8-bit RGB
  ultrasound, reversible with the reversible colour transform, so its Photometric
  Interpretation becomes YBR_RCT (PS3.5 8.2.4):
      ojph_compress -i us.ppm -o us.j2c -reversible true

Every codestream is checked before it is written: `ojph_expand` decodes it back, and the
lossless ones must give the source's samples exactly; for the lossy one the largest
difference is printed.
"""

import subprocess
import tempfile
from pathlib import Path

import numpy as np
import pydicom
from pydicom.encaps import encapsulate
from pydicom.uid import UID, generate_uid

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "dicom"
HTJ2K_LOSSLESS = UID("1.2.840.10008.1.2.4.201")
HTJ2K = UID("1.2.840.10008.1.2.4.203")


def run(*command):
    subprocess.run([str(part) for part in command], check=True, capture_output=True)


def pnm(path, samples, maxval):
    """PGM (grey) or PPM (RGB), 16-bit big-endian when maxval > 255."""
    height, width = samples.shape[:2]
    magic = b"P6" if samples.ndim == 3 else b"P5"
    dtype = ">u2" if maxval > 255 else np.uint8
    path.write_bytes(magic + b"\n%d %d\n%d\n" % (width, height, maxval) + samples.astype(dtype).tobytes())


def read_pnm(path):
    data = path.read_bytes()
    fields = data.split(maxsplit=4)
    width, height, maxval = int(fields[1]), int(fields[2]), int(fields[3])
    channels = 3 if fields[0] == b"P6" else 1
    dtype = ">u2" if maxval > 255 else np.uint8
    count = width * height * channels
    samples = np.frombuffer(data[len(data) - count * np.dtype(dtype).itemsize:], dtype)
    return samples.reshape((height, width, channels) if channels == 3 else (height, width))


def wrap(source, name, syntax, codestreams, change=None):
    """A copy of `source`'s header with `codestreams` as its encapsulated Pixel Data."""
    ds = pydicom.dcmread(FIXTURES / source)
    ds.file_meta.TransferSyntaxUID = syntax
    ds.PixelData = encapsulate(codestreams, has_bot=True)
    ds["PixelData"].VR = "OB"
    ds["PixelData"].is_undefined_length = True
    if change:
        change(ds)
    # Every element parsed now, so that a big-endian source's values are written again as
    # values, not copied as raw big-endian bytes.
    for _ in ds.iterall():
        pass
    # Written as explicit VR little endian, as every encapsulated transfer syntax is.
    pydicom.dcmwrite(FIXTURES / name, ds, little_endian=True,
                     implicit_vr=False, force_encoding=True)
    print(f"wrote {name}: {(FIXTURES / name).stat().st_size} bytes, "
          f"codestreams {[len(c) for c in codestreams]} bytes")


def lossless_ct(work):
    ds = pydicom.dcmread(FIXTURES / "CT_small.dcm")
    stored = ds.pixel_array
    assert stored.dtype == np.int16 and int(ds.BitsStored) == 16
    rows, columns = stored.shape
    stored.astype("<i2").tofile(work / "ct.raw")
    run("ojph_compress", "-i", work / "ct.raw", "-o", work / "ct.j2c", "-reversible", "true",
        "-dims", f"{{{columns},{rows}}}", "-num_comps", "1", "-signed", "true",
        "-bit_depth", "16", "-downsamp", "{1,1}")
    run("ojph_expand", "-i", work / "ct.j2c", "-o", work / "ct_back.raw")
    back = np.fromfile(work / "ct_back.raw", "<i2").reshape(stored.shape)
    assert (back == stored).all(), "ojph_expand does not give CT_small's samples back"
    wrap("CT_small.dcm", "htj2k_lossless.dcm", HTJ2K_LOSSLESS, [(work / "ct.j2c").read_bytes()])


def lossy_mr(work):
    ds = pydicom.dcmread(FIXTURES / "emri_small_RLE.dcm")
    frames = ds.pixel_array
    assert frames.dtype == np.uint16 and int(ds.BitsStored) == 12
    streams = []
    worst = 0
    for index, frame in enumerate(frames):
        pgm, j2c, back = (work / f"mr{index}.{ext}" for ext in ("pgm", "j2c", "back.pgm"))
        pnm(pgm, frame, 4095)
        run("ojph_compress", "-i", pgm, "-o", j2c, "-qstep", "0.002")
        run("ojph_expand", "-i", j2c, "-o", back)
        worst = max(worst, int(np.abs(read_pnm(back).astype(np.int32) - frame).max()))
        streams.append(j2c.read_bytes())
    print(f"htj2k_lossy.dcm: ojph_expand differs from the source by at most {worst}")
    original = frames.size * 2

    def change(ds):
        ds.LossyImageCompression = "01"
        ds.LossyImageCompressionRatio = f"{original / sum(len(s) for s in streams):.2f}"[:16]
        ds.LossyImageCompressionMethod = "ISO_15444_15"
        ds.SOPInstanceUID = generate_uid(entropy_srcs=[ds.SOPInstanceUID, "htj2k_lossy"])
        ds.file_meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID
        ds.SeriesInstanceUID = generate_uid(entropy_srcs=[ds.SeriesInstanceUID, "htj2k_lossy"])

    wrap("emri_small_RLE.dcm", "htj2k_lossy.dcm", HTJ2K, streams, change)


def lossless_rgb(work):
    ds = pydicom.dcmread(FIXTURES / "ExplVR_BigEnd.dcm")
    rgb = ds.pixel_array
    assert rgb.dtype == np.uint8 and ds.PhotometricInterpretation == "RGB"
    pnm(work / "us.ppm", rgb, 255)
    run("ojph_compress", "-i", work / "us.ppm", "-o", work / "us.j2c", "-reversible", "true")
    run("ojph_expand", "-i", work / "us.j2c", "-o", work / "us_back.ppm")
    assert (read_pnm(work / "us_back.ppm") == rgb).all(), "ojph_expand does not give the RGB back"

    def change(ds):
        # The codestream holds the reversible colour transform's components; the codec
        # inverts it (PS3.5 8.2.4), and Planar Configuration is 0 for JPEG 2000.
        ds.PhotometricInterpretation = "YBR_RCT"
        ds.PlanarConfiguration = 0

    wrap("ExplVR_BigEnd.dcm", "htj2k_rgb.dcm", HTJ2K_LOSSLESS, [(work / "us.j2c").read_bytes()],
         change)


def main():
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        lossless_ct(work)
        lossy_mr(work)
        lossless_rgb(work)


if __name__ == "__main__":
    main()
