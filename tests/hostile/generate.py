#!/usr/bin/env python3
"""Writes the hostile corpus's generated inputs (tests/hostile/*/): text in odd encodings,
hand-built XLSX parts (formulas, error cells, merged cells, hidden sheets), FHIR Bundles of the
wrong shape and DICOM files with wrong lengths, missing pixels or odd transfer syntaxes.

Run once from the repository root (`python3 tests/hostile/generate.py`) and commit the small
files it writes; the `.expected` outcomes come from `CASELENS_BLESS=1 cargo test --test data
hostile_corpus`, reviewed by hand. Only the standard library is used: each file is built byte by
byte, so what is hostile about it is visible here.
"""

import json
import os
import struct
import zipfile
import zlib

ROOT = os.path.dirname(os.path.abspath(__file__))


def write(folder, name, data):
    os.makedirs(os.path.join(ROOT, folder), exist_ok=True)
    with open(os.path.join(ROOT, folder, name), "wb") as file:
        file.write(data)


# --- CSV: one small lab table in several encodings, dates and cell contents ---------------

LABS = (
    "time,Température (°C),CRP (mg/L)\n"
    "2020-02-03 08:00,38.2,12.5\n"
    "2020-02-04 08:00,37.6,41\n"
)


def csv_files():
    write("csv", "utf8_bom.csv", b"\xef\xbb\xbf" + LABS.encode("utf-8"))
    # Excel's "Unicode Text" is UTF-16 LE with a byte-order mark, separated by tabs.
    write("csv", "utf16le_bom_excel_unicode_text.csv",
          b"\xff\xfe" + LABS.replace(",", "\t").encode("utf-16-le"))
    write("csv", "utf16be_bom.csv", b"\xfe\xff" + LABS.encode("utf-16-be"))
    # Without the mark, UTF-16 is still valid UTF-8 byte for byte: a NUL after every letter.
    write("csv", "utf16le_without_bom.csv", LABS.encode("utf-16-le"))
    write("csv", "latin1.csv", LABS.encode("latin-1"))
    # Windows-1252's curly quote (0x93) and euro sign are not Latin-1 either.
    write("csv", "windows1252_in_line_3.csv",
          ("time,CRP (mg/L),comment\n2020-02-03,12.5,ok\n2020-02-04,41,").encode()
          + b"\x93repeat\x94\n")
    write("csv", "mixed_date_formats.csv", (
        "time,CRP (mg/L)\n"
        "2020-02-03,12.5\n"
        "04/02/2020,41\n"
        "5 Feb 2020,60\n"
        "2020-02-06T08:00:00,33\n"
        "43867,20\n"
    ).encode())
    # The same, with one date (13/02) that settles the order of the slash dates.
    write("csv", "mixed_date_formats_order_settled.csv", (
        "time,CRP (mg/L)\n"
        "2020-02-03,12.5\n"
        "04/02/2020,41\n"
        "5 Feb 2020,60\n"
        "2020-02-06T08:00:00,33\n"
        "13/02/2020,20\n"
        "43867,18\n"
        "Feb 14 2020,9\n"
    ).encode())
    write("csv", "day_first_and_month_first.csv", (
        "time,CRP (mg/L)\n"
        "13/02/2020,12.5\n"
        "02/14/2020,41\n"
    ).encode())
    write("csv", "spreadsheet_error_values.csv", (
        "time,CRP (mg/L),ferritin (ng/mL)\n"
        "2020-02-03,#DIV/0!,1200\n"
        "2020-02-04,#N/A,#VALUE!\n"
        "2020-02-05,41,900\n"
    ).encode())
    # Formulas saved as text (and the CSV-injection form a spreadsheet would run on opening).
    write("csv", "formulas_as_text.csv", (
        "time,CRP (mg/L),IL-6 (pg/mL)\n"
        "2020-02-03,=10+2.5,=HYPERLINK(\"http://example.org\")\n"
        "2020-02-04,41,+45\n"
    ).encode())


# --- XLSX: the parts of a workbook written by hand ------------------------------------------

CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
{sheets}
</Types>"""

ROOT_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>
</Relationships>"""


def cell(reference, value):
    """A cell: a number, `=formula` (with `|cached` value), `!error`, a string, or a date."""
    if isinstance(value, (int, float)):
        return f'<c r="{reference}"><v>{value}</v></c>'
    if value.startswith("="):
        formula, _, cached = value[1:].partition("|")
        cached_xml = f"<v>{cached}</v>" if cached else ""
        kind = ' t="e"' if cached.startswith("#") else ""
        return f'<c r="{reference}"{kind}><f>{formula}</f>{cached_xml}</c>'
    if value.startswith("!"):
        return f'<c r="{reference}" t="e"><v>{value[1:]}</v></c>'
    return f'<c r="{reference}" t="inlineStr"><is><t>{value}</t></is></c>'


def sheet_xml(rows, merged=()):
    lines = []
    for number, row in enumerate(rows, start=1):
        cells = "".join(
            cell(f"{chr(ord('A') + column)}{number}", value)
            for column, value in enumerate(row)
            if value is not None
        )
        lines.append(f'<row r="{number}">{cells}</row>')
    merges = ""
    if merged:
        merges = f'<mergeCells count="{len(merged)}">' + "".join(
            f'<mergeCell ref="{area}"/>' for area in merged) + "</mergeCells>"
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            f'<sheetData>{"".join(lines)}</sheetData>{merges}</worksheet>')


def workbook(name, sheets, dimension=None):
    """`sheets`: (name, state, rows, merged) with state "visible", "hidden" or "veryHidden"."""
    entries = []
    rels = []
    overrides = []
    for index, (sheet_name, state, _, _) in enumerate(sheets, start=1):
        state_xml = "" if state == "visible" else f' state="{state}"'
        entries.append(f'<sheet name="{sheet_name}" sheetId="{index}"{state_xml} r:id="rId{index}"/>')
        rels.append(f'<Relationship Id="rId{index}" Type="http://schemas.openxmlformats.org/'
                    f'officeDocument/2006/relationships/worksheet" Target="worksheets/sheet{index}.xml"/>')
        overrides.append(f'<Override PartName="/xl/worksheets/sheet{index}.xml" ContentType='
                         '"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>')
    workbook_xml = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
                    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
                    f'<sheets>{"".join(entries)}</sheets></workbook>')
    workbook_rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                     '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                     f'{"".join(rels)}</Relationships>')
    path = os.path.join(ROOT, "xlsx", name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    parts = [
        ("[Content_Types].xml", CONTENT_TYPES.format(sheets="\n".join(overrides))),
        ("_rels/.rels", ROOT_RELS),
        ("xl/workbook.xml", workbook_xml),
        ("xl/_rels/workbook.xml.rels", workbook_rels),
    ]
    for index, (_, _, rows, merged) in enumerate(sheets, start=1):
        xml = sheet_xml(rows, merged)
        if dimension:
            xml = xml.replace("<sheetData>", f'<dimension ref="{dimension}"/><sheetData>')
        parts.append((f"xl/worksheets/sheet{index}.xml", xml))
    with zipfile.ZipFile(path, "w") as archive:
        for part, text in parts:
            # A fixed date, so that running the script again writes the same bytes.
            info = zipfile.ZipInfo(part, date_time=(2020, 2, 3, 8, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, text)


HEADER = ["time", "CRP (mg/L)", "D-dimer (ng/mL)"]


def xlsx_files():
    workbook("formulas_with_cached_values.xlsx", [("labs", "visible", [
        HEADER,
        ["2020-02-03", "=10+2.5|12.5", 850],
        ["2020-02-04", "=B2*2|25", "=C2+100|950"],
    ], ())])
    # A formula never calculated (written by a script, not a spreadsheet) has no value.
    workbook("formulas_without_cached_values.xlsx", [("labs", "visible", [
        HEADER,
        ["2020-02-03", 12.5, "=C3/2"],
        ["2020-02-04", "=B2*2", 950],
    ], ())])
    # A column of ratios beside the table, its header and rows all formulas never calculated:
    # no cell of it holds a value, so the sheet's range grows to take it in.
    workbook("uncomputed_formulas_beside_the_table.xlsx", [("labs", "visible", [
        HEADER + ['="CRP/D-dimer"'],
        ["2020-02-03", 12.5, 850, "=B2/C2"],
        ["2020-02-04", 25, 950, "=B3/C3"],
    ], ())])
    workbook("error_cells.xlsx", [("labs", "visible", [
        HEADER,
        ["2020-02-03", "!#DIV/0!", 850],
        ["2020-02-04", "!#N/A", "=1/0|#DIV/0!"],
        ["2020-02-05", 41, 900],
    ], ())])
    # A long table whose patient id is merged down its rows: only the top cell holds it.
    workbook("merged_patient_cells.xlsx", [("labs", "visible", [
        ["patient", "time", "test", "result", "unit"],
        ["P-001", "2020-02-03", "CRP", 12.5, "mg/L"],
        [None, "2020-02-04", "CRP", 41, "mg/L"],
        ["P-002", "2020-02-03", "CRP", 3.1, "mg/L"],
        [None, "2020-02-05", "CRP", 7.7, "mg/L"],
    ], ("A2:A3", "A4:A5"))])
    # A title merged across the top, the header in the row below it.
    workbook("merged_title_row.xlsx", [("labs", "visible", [
        ["Laboratory results, ward 5", None, None],
        HEADER,
        ["2020-02-03", 12.5, 850],
    ], ("A1:C1",))])
    # The first sheet is a hidden lookup table; the visible one holds the labs.
    workbook("hidden_first_sheet.xlsx", [
        ("codes", "hidden", [["code", "meaning"], [1, "male"], [2, "female"]], ()),
        ("labs", "visible", [HEADER, ["2020-02-03", 12.5, 850]], ()),
    ])
    workbook("very_hidden_first_sheet.xlsx", [
        ("old labs", "veryHidden", [HEADER, ["2019-01-01", 99, 9999]], ()),
        ("labs", "visible", [HEADER, ["2020-02-03", 12.5, 850]], ()),
    ])
    workbook("only_hidden_sheets.xlsx", [
        ("labs", "hidden", [HEADER, ["2020-02-03", 12.5, 850]], ()),
    ])
    write("xlsx", "not_a_zip.xlsx", LABS.encode())
    # An HTML table given an .xls name, as some programs export "for Excel".
    write("xlsx", "html_table_named_xls.xls",
          b"<html><body><table><tr><td>time</td><td>CRP (mg/L)</td></tr>"
          b"<tr><td>2020-02-03</td><td>12.5</td></tr></table></body></html>\n")
    # The sheet declares it spans every cell a spreadsheet has (17 billion) over two rows.
    workbook("dimension_claiming_every_cell.xlsx", [("labs", "visible", [
        HEADER, ["2020-02-03", 12.5, 850]], ())], dimension="A1:XFD1048576")


# --- FHIR: Bundles of the wrong shape -----------------------------------------------------

PATIENT = {"fullUrl": "urn:uuid:p1", "resource": {
    "resourceType": "Patient", "id": "p1", "gender": "female", "birthDate": "1954-03-12"}}


def crp(value, subject="urn:uuid:p1", **extra):
    resource = {
        "resourceType": "Observation", "id": "crp1", "status": "final",
        "code": {"coding": [{"system": "http://loinc.org", "code": "1988-5"}], "text": "CRP"},
        "subject": {"reference": subject},
        "effectiveDateTime": "2020-02-03T08:00:00+08:00",
        "valueQuantity": {"value": value, "unit": "mg/L", "system": "http://unitsofmeasure.org",
                          "code": "mg/L"},
    }
    resource.update(extra)
    return {"fullUrl": "urn:uuid:crp1", "resource": resource}


def bundle(name, entries, **fields):
    document = {"resourceType": "Bundle", "type": "collection", **fields, "entry": entries}
    write("fhir", name, json.dumps(document, indent=1).encode())


def fhir_files():
    bundle("value_as_string.json", [PATIENT, crp("12.5")])
    bundle("effective_as_number.json", [PATIENT, crp(12.5, effectiveDateTime=20200203)])
    plain_subject = crp(12.5)
    plain_subject["resource"]["subject"] = "Patient/p1"
    bundle("subject_as_string.json", [PATIENT, plain_subject])
    bundle("entry_is_a_list.json", [PATIENT, [crp(12.5)]])
    bundle("reference_to_no_patient.json", [PATIENT, crp(12.5, subject="Patient/nobody")])
    bundle("reference_to_nothing_at_all.json", [crp(12.5, subject="urn:uuid:gone")])
    # The patient contained in the observation, referred to by a local `#` reference.
    contained = crp(12.5, subject="#p1", contained=[PATIENT["resource"]])
    bundle("patient_only_contained.json", [contained])
    bundle("encounter_reference_to_nothing.json",
           [PATIENT, crp(12.5, encounter={"reference": "Encounter/never"})])
    write("fhir", "not_a_bundle.json", json.dumps(PATIENT["resource"]).encode())
    write("fhir", "utf8_bom.json", b"\xef\xbb\xbf" + json.dumps(
        {"resourceType": "Bundle", "type": "collection", "entry": [PATIENT, crp(12.5)]}).encode())
    write("fhir", "utf16le_bom.json", b"\xff\xfe" + json.dumps(
        {"resourceType": "Bundle", "type": "collection", "entry": [PATIENT, crp(12.5)]}
    ).encode("utf-16-le"))
    write("fhir", "trailing_comma.json",
          b'{"resourceType": "Bundle", "type": "collection", "entry": [\n  {"resource": {}},\n]}')
    write("fhir", "fhir_xml_named_json.json",
          b'<?xml version="1.0"?>\n<Bundle xmlns="http://hl7.org/fhir"><type value="collection"/></Bundle>\n')
    write("fhir", "truncated.json", json.dumps(
        {"resourceType": "Bundle", "type": "collection", "entry": [PATIENT, crp(12.5)]},
        indent=1).encode()[:300])


# --- DICOM: explicit VR little endian, element by element ---------------------------------

LONG_VRS = {b"OB", b"OW", b"OF", b"SQ", b"UT", b"UN", b"UC", b"UR", b"OD", b"OL", b"OV"}


def element(group, number, vr, value, length=None):
    """An explicit-VR little-endian element; `length` overrides the true length."""
    length = len(value) if length is None else length
    head = struct.pack("<HH", group, number) + vr
    if vr in LONG_VRS:
        return head + b"\0\0" + struct.pack("<I", length) + value
    return head + struct.pack("<H", length) + value


def ui(text):
    data = text.encode()
    return data + b"\0" if len(data) % 2 else data


def dicom(name, transfer_syntax="1.2.840.10008.1.2.1", body=None, meta=True):
    """A 16 × 16 MONOCHROME2 CT slice; `body` replaces the dataset after the meta header."""
    if body is None:
        body = ct_body()
    data = b""
    if meta:
        group = (element(2, 0x0001, b"OB", b"\0\1")
                 + element(2, 0x0002, b"UI", ui("1.2.840.10008.5.1.4.1.1.2"))
                 + element(2, 0x0003, b"UI", ui("1.2.826.0.1.3680043.9.7433.1.1"))
                 + element(2, 0x0010, b"UI", ui(transfer_syntax))
                 + element(2, 0x0012, b"UI", ui("1.2.826.0.1.3680043.9.7433")))
        data = (b"\0" * 128 + b"DICM"
                + element(2, 0x0000, b"UL", struct.pack("<I", len(group))) + group)
    write("dicom", name, data + body)


def ct_body(rows=16, columns=16, pixels=None, skip=(), override=None):
    """Image pixel module of a small CT; `skip` leaves tags out, `override` replaces them."""
    override = override or {}
    if pixels is None:
        pixels = b"".join(struct.pack("<h", (x * 37 + y * 11) % 400 - 100)
                          for y in range(rows) for x in range(columns))
    elements = {
        (0x0008, 0x0016): element(8, 0x0016, b"UI", ui("1.2.840.10008.5.1.4.1.1.2")),
        (0x0008, 0x0018): element(8, 0x0018, b"UI", ui("1.2.826.0.1.3680043.9.7433.1.1")),
        (0x0008, 0x0060): element(8, 0x0060, b"CS", b"CT"),
        (0x0020, 0x000D): element(0x20, 0x000D, b"UI", ui("1.2.826.0.1.3680043.9.7433.2")),
        (0x0020, 0x000E): element(0x20, 0x000E, b"UI", ui("1.2.826.0.1.3680043.9.7433.3")),
        (0x0020, 0x0032): element(0x20, 0x0032, b"DS", b"0\\0\\-100"),
        (0x0020, 0x0037): element(0x20, 0x0037, b"DS", b"1\\0\\0\\0\\1\\0 "),
        (0x0028, 0x0030): element(0x28, 0x0030, b"DS", b"0.7\\0.7 "),
        (0x0028, 0x0002): element(0x28, 0x0002, b"US", struct.pack("<H", 1)),
        (0x0028, 0x0004): element(0x28, 0x0004, b"CS", b"MONOCHROME2 "),
        (0x0028, 0x0010): element(0x28, 0x0010, b"US", struct.pack("<H", rows)),
        (0x0028, 0x0011): element(0x28, 0x0011, b"US", struct.pack("<H", columns)),
        (0x0028, 0x0100): element(0x28, 0x0100, b"US", struct.pack("<H", 16)),
        (0x0028, 0x0101): element(0x28, 0x0101, b"US", struct.pack("<H", 16)),
        (0x0028, 0x0102): element(0x28, 0x0102, b"US", struct.pack("<H", 15)),
        (0x0028, 0x0103): element(0x28, 0x0103, b"US", struct.pack("<H", 1)),
        (0x0028, 0x1052): element(0x28, 0x1052, b"DS", b"0 "),
        (0x0028, 0x1053): element(0x28, 0x1053, b"DS", b"1 "),
        (0x7FE0, 0x0010): element(0x7FE0, 0x0010, b"OW", pixels),
    }
    elements.update(override)
    return b"".join(value for tag, value in sorted(elements.items()) if tag not in skip)


def dicom_files():
    dicom("valid_16x16_ct.dcm")
    dicom("missing_pixel_data.dcm", body=ct_body(skip={(0x7FE0, 0x0010)}))
    dicom("pixel_data_shorter_than_rows_x_columns.dcm",
          body=ct_body(pixels=b"\x10\x00" * 100))
    # Rows (US) declared 4 bytes long: the two after it are read as part of it.
    dicom("rows_declared_4_bytes_long.dcm", body=ct_body(override={
        (0x0028, 0x0010): element(0x28, 0x0010, b"US", struct.pack("<HH", 16, 16))}))
    # Columns (US) declared 1 byte: an odd length misaligns everything after it.
    dicom("columns_declared_1_byte.dcm", body=ct_body(override={
        (0x0028, 0x0011): element(0x28, 0x0011, b"US", b"\x10")}))
    # Pixel data declaring 64 KiB in a 1 KiB file.
    dicom("pixel_data_length_past_the_end.dcm", body=ct_body(override={
        (0x7FE0, 0x0010): element(0x7FE0, 0x0010, b"OW", b"\0" * 512, length=65536)}))
    dicom("rows_zero.dcm", body=ct_body(override={
        (0x0028, 0x0010): element(0x28, 0x0010, b"US", struct.pack("<H", 0))}))
    dicom("bits_allocated_12.dcm", body=ct_body(override={
        (0x0028, 0x0100): element(0x28, 0x0100, b"US", struct.pack("<H", 12))}))
    dicom("unknown_transfer_syntax.dcm", transfer_syntax="1.2.3.4.5.6.7")
    # Real but unusual syntaxes: MPEG-2 video and JPEG-LS without the CharLS build.
    dicom("mpeg2_video_transfer_syntax.dcm", transfer_syntax="1.2.840.10008.1.2.4.100")
    dicom("jpeg_xl_transfer_syntax.dcm", transfer_syntax="1.2.840.10008.1.2.4.110")
    # Declared JPEG baseline, but the pixels are raw (not encapsulated).
    dicom("jpeg_declared_raw_pixels.dcm", transfer_syntax="1.2.840.10008.1.2.4.50")
    # Implicit VR without a preamble or meta header (as old scanners wrote).
    implicit = b"".join(struct.pack("<HHI", 0x0028, number, 2) + struct.pack("<H", value)
                        for number, value in [(0x0002, 1), (0x0010, 4), (0x0011, 4),
                                              (0x0100, 16), (0x0101, 16), (0x0102, 15),
                                              (0x0103, 0)])
    implicit = (struct.pack("<HHI", 0x0028, 0x0004, 12) + b"MONOCHROME2 "
                + implicit + struct.pack("<HHI", 0x7FE0, 0x0010, 32) + b"\x01\x00" * 16)
    dicom("no_preamble_implicit_vr.dcm", body=implicit, meta=False)
    write("dicom", "empty.dcm", b"")
    write("dicom", "preamble_only.dcm", b"\0" * 128 + b"DICM")

# --- PNG and JPEG: the fuzz seeds, damaged ------------------------------------------------

SEEDS = os.path.join(ROOT, "..", "..", "fuzz", "seeds", "raster")


def seed(name):
    with open(os.path.join(SEEDS, name), "rb") as file:
        return file.read()


def png_chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(
        ">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def raster_files():
    gray = seed("gray8.png")
    write("raster", "png_truncated_in_its_pixels.png", gray[: len(gray) // 2])
    # The header's CRC no longer matches its (changed) width.
    write("raster", "png_header_crc_wrong.png", gray[:16] + b"\0\0\1\0" + gray[20:])
    # A valid header declaring 0 × 16 pixels.
    header = struct.pack(">IIBBBBB", 0, 16, 8, 0, 0, 0, 0)
    write("raster", "png_zero_width.png",
          b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", header) + png_chunk(b"IEND", b""))
    # 65535 × 65535 (4 GiB of grey) in a file of a few dozen bytes.
    header = struct.pack(">IIBBBBB", 65535, 65535, 8, 0, 0, 0, 0)
    write("raster", "png_declaring_65535x65535.png",
          b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", header)
          + png_chunk(b"IDAT", zlib.compress(b"")) + png_chunk(b"IEND", b""))
    jpeg = seed("gray.jpg")
    write("raster", "jpeg_truncated.jpg", jpeg[: len(jpeg) // 2])
    # A JPEG saved with a .png name: sniffed by its first bytes, not by its name.
    write("raster", "jpeg_named_png.png", jpeg)
    write("raster", "text_named_png.png", b"not an image at all\n")


# --- Case files in other encodings --------------------------------------------------------

CASE = """(
    format_version: 2,
    patient: (),
    metadata: (title: "Température: encodage"),
    anchors: (admission: Some(Date("2020-02-03"))),
)
"""


def case_files():
    write("case", "utf8_bom.ron", b"\xef\xbb\xbf" + CASE.encode())
    write("case", "utf16le_bom.ron", b"\xff\xfe" + CASE.encode("utf-16-le"))
    write("case", "latin1.ron", CASE.encode("latin-1"))
    write("case", "crlf_line_endings.ron", CASE.replace("\n", "\r\n").encode())
    # An image opened as a case: 128 zero bytes first, which must not read as UTF-16.
    with open(os.path.join(ROOT, "dicom", "valid_16x16_ct.dcm"), "rb") as file:
        write("case", "dicom_named_ron.ron", file.read())


if __name__ == "__main__":
    csv_files()
    xlsx_files()
    fhir_files()
    dicom_files()
    case_files()
    raster_files()
