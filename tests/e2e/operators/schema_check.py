#!/usr/bin/env python3
"""Checks JSON files against a JSON Schema (draft 2020-12) with Debian's python3-jsonschema.

Usage: schema_check.py SCHEMA FILE...; prints "<file>: valid" or "<file>: invalid at <path>: <message>"
(the first error by path) per file. Exit 0 when the schema itself is a valid 2020-12 schema, else 2.
"""
import json
import sys

import jsonschema


def main():
    schema = json.load(open(sys.argv[1]))
    try:
        jsonschema.Draft202012Validator.check_schema(schema)
    except jsonschema.SchemaError as error:
        print(f"the schema is not a valid draft 2020-12 schema: {error.message}")
        return 2
    validator = jsonschema.Draft202012Validator(schema)
    for name in sys.argv[2:]:
        errors = sorted(validator.iter_errors(json.load(open(name))), key=lambda e: list(e.absolute_path))
        if errors:
            path = "/" + "/".join(str(part) for part in errors[0].absolute_path)
            print(f"{name}: invalid at {path}: {errors[0].message[:200]}")
        else:
            print(f"{name}: valid")
    return 0


if __name__ == "__main__":
    sys.exit(main())
