"""Validates a CaseLens FHIR document with the independent `fhir.resources` package.

Pinned to fhir.resources 6.1.0, the last release whose models are FHIR R4 (4.0.1); later
releases model R4B or R5. Parsing builds every resource's pydantic model, which checks
cardinality, data types (dates, codes, URIs), required elements and choice types.
Usage: python validate_fhir.py BUNDLE.json. Exit 0 and prints "valid FHIR 4.0.1 document".
"""

import json
import sys

import fhir.resources
from fhir.resources.bundle import Bundle


def main(path):
    with open(path, encoding="utf-8") as handle:
        data = json.load(handle)
    bundle = Bundle.parse_obj(data)
    if fhir.resources.__fhir_version__ != "4.0.1":
        sys.exit(f"fhir.resources models FHIR {fhir.resources.__fhir_version__}, not R4 4.0.1")
    if bundle.type != "document":
        sys.exit(f"Bundle.type is {bundle.type!r}, not 'document'")
    first = bundle.entry[0].resource
    if first.resource_type != "Composition":
        sys.exit(f"the first entry is a {first.resource_type}, not a Composition")
    # A document's references must resolve inside the Bundle.
    full_urls = {entry.fullUrl for entry in bundle.entry}
    for section in first.section or []:
        for reference in section.entry or []:
            if reference.reference not in full_urls:
                sys.exit(f"section {section.title!r} refers to {reference.reference}, not in the Bundle")
    kinds = {}
    for entry in bundle.entry:
        kinds[entry.resource.resource_type] = kinds.get(entry.resource.resource_type, 0) + 1
    print("valid FHIR 4.0.1 document:", ", ".join(f"{count} {kind}" for kind, count in sorted(kinds.items())))


if __name__ == "__main__":
    main(sys.argv[1])
