#!/usr/bin/env python3
"""schema_check.py SCHEMA DOCUMENT [--invalid]
   schema_check.py --list FILE

Validates DOCUMENT (JSON) against SCHEMA with python3-jsonschema, in the
draft the schema names ($schema: 2020-12 for gongkai's, draft-04 for
SARIF's).  References ("$ref": "finding.schema.json") resolve beside the
schema, never over the network.  Exit 0 when the document is valid (with
--invalid: when it is not), else 1 with the first error on stderr.

With --list, FILE has one check a line, "valid|invalid TAB SCHEMA TAB
DOCUMENT TAB NAME", and each prints "ok - NAME" or "not ok - NAME" with
the reason (one Python for all: the CLI tests stay fast).
"""
import json
import pathlib
import sys
import warnings

import jsonschema

warnings.simplefilter("ignore", DeprecationWarning)


def errors_of(schema_file, doc_file):
    schema_path = pathlib.Path(schema_file).resolve()
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    doc = json.loads(pathlib.Path(doc_file).read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    store = {}
    for p in schema_path.parent.glob("*.json"):
        store[p.as_uri()] = json.loads(p.read_text(encoding="utf-8"))
    # ... and by the id it gives itself (SARIF's names its OASIS address).
    for key in ("$id", "id"):
        if isinstance(schema.get(key), str):
            store[schema[key]] = schema
    resolver = jsonschema.RefResolver(schema_path.as_uri(), schema, store=store)
    return sorted(cls(schema, resolver=resolver).iter_errors(doc), key=lambda e: list(e.path))


def check(want, schema_file, doc_file):
    """None when the document is as wanted, else why not."""
    errors = errors_of(schema_file, doc_file)
    if want == "invalid":
        return None if errors else "%s: valid against %s, expected it not to be" % (
            doc_file, schema_file)
    if errors:
        e = errors[0]
        return "%s: %s at /%s" % (doc_file, e.message[:300], "/".join(map(str, e.path)))
    return None


def main():
    if sys.argv[1] == "--list":
        failed = 0
        for line in open(sys.argv[2], encoding="utf-8"):
            want, schema_file, doc_file, name = line.rstrip("\n").split("\t", 3)
            try:
                why = check(want, schema_file, doc_file)
            except (OSError, ValueError) as e:
                why = str(e)
            print("ok - %s" % name if why is None else "not ok - %s\n#   %s" % (name, why))
            failed += why is not None
        return 1 if failed else 0
    args = [a for a in sys.argv[1:] if a != "--invalid"]
    why = check("invalid" if "--invalid" in sys.argv[1:] else "valid", args[0], args[1])
    if why:
        print(why, file=sys.stderr)
        return 1
    return 0


sys.exit(main())
