#!/usr/bin/env python3
"""Check fleet specs against lpai-apply's JSON Schema, as an editor would.

  scripts/check-spec-schema.py specs/split.yaml specs/multi-orchestrator
  scripts/check-spec-schema.py --batch cases.json      # the tests' mode: JSON in, JSON out

A file is checked against schema/lpai-spec.schema.json. A folder is a folder spec: each of
its *.yaml / *.yml files is checked against schema/lpai-spec-fragment.schema.json, then the
files are merged as lpai-apply merges them (docs/SPEC.md) and the merged document is checked
against the full schema. YAML is read with the YAML 1.2 core schema, as yaml-language-server
reads it (`no` is a string, `0x1f` a number; merge keys are honoured).

Needs PyYAML and jsonschema (pip install pyyaml jsonschema). Exit 0 all valid, 1 invalid,
2 usage or a missing dependency.
"""
import argparse
import json
import os
import re
import sys

try:
    import jsonschema
    import yaml
except ImportError as error:  # say exactly what to install; never pass silently
    sys.stderr.write(f"error: {error.name} is missing: pip install jsonschema pyyaml\n")
    sys.exit(2)

HERE = os.path.dirname(os.path.abspath(__file__))
FULL = os.path.join(HERE, "..", "schema", "lpai-spec.schema.json")
FRAGMENT = os.path.join(HERE, "..", "schema", "lpai-spec-fragment.schema.json")
NAMED = ("hosts", "models", "orchestrators", "workers")


class Core12Loader(yaml.SafeLoader):
    """PyYAML reads YAML 1.1 (`no` is false, `2026-11-29` a date); this reads the 1.2 core schema."""


Core12Loader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag == "tag:yaml.org,2002:merge"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_CORE = [
    ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", list("~nN") + [""]),
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", list("tTfF")),
    ("tag:yaml.org,2002:int", r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", list("-+0123456789")),
    ("tag:yaml.org,2002:float",
     r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
     list("-+.0123456789")),
]
for _tag, _pattern, _first in _CORE:
    Core12Loader.add_implicit_resolver(_tag, re.compile(_pattern), _first)


def _int(loader, node):
    text = loader.construct_scalar(node)
    if text.startswith("0x"):
        return int(text[2:], 16)
    if text.startswith("0o"):
        return int(text[2:], 8)
    return int(text, 10)


def _float(loader, node):
    text = loader.construct_scalar(node).lower()
    if text.endswith(".inf"):
        return float("-inf") if text.startswith("-") else float("inf")
    if text == ".nan":
        return float("nan")
    return float(text)


def _bool(loader, node):
    return loader.construct_scalar(node).lower() == "true"


def _mapping(loader, node):
    loader.flatten_mapping(node)  # merge keys, as lpai-apply reads them
    result = {}
    for key_node, value_node in node.value:
        # The decoder uses a key's text as written (`1234:` is the name "1234"), and so do we.
        key = key_node.value if isinstance(key_node, yaml.ScalarNode) else loader.construct_object(key_node, deep=True)
        result[key] = loader.construct_object(value_node, deep=True)
    return result


Core12Loader.add_constructor("tag:yaml.org,2002:int", _int)
Core12Loader.add_constructor("tag:yaml.org,2002:float", _float)
Core12Loader.add_constructor("tag:yaml.org,2002:bool", _bool)
Core12Loader.add_constructor("tag:yaml.org,2002:map", _mapping)


def load(text):
    return yaml.load(text, Loader=Core12Loader)


def validator(path):
    with open(path, encoding="utf-8") as f:
        schema = json.load(f)
    jsonschema.Draft7Validator.check_schema(schema)
    return jsonschema.Draft7Validator(schema)


def problems(check, document):
    found = []
    for error in sorted(check.iter_errors(document), key=lambda e: list(map(str, e.absolute_path))):
        where = "/".join(str(p) for p in error.absolute_path) or "(top level)"
        found.append(f"{where}: {error.message}")
    return found


def merge(documents):
    """docs/SPEC.md "One file or a folder": named sections unioned, requirements concatenated,
    other keys equal in every file that sets them, defaults in one file only."""
    merged, errors = {}, []
    for name, doc in documents:
        if doc is None:
            continue
        if not isinstance(doc, dict):
            errors.append(f"{name}: the document is not a mapping")
            continue
        for key, value in doc.items():
            if key in NAMED and isinstance(value, dict):
                section = merged.setdefault(key, {})
                for entry, definition in value.items():
                    if entry in section:
                        errors.append(f"{name}: {key}/{entry} is defined in two files")
                    section[entry] = definition
            elif key == "requirements" and isinstance(value, list):
                merged.setdefault(key, []).extend(value)
            elif key in merged and (key == "defaults" or merged[key] != value):
                errors.append(f"{name}: {key} is set differently in two files")
            else:
                merged[key] = value
    return merged, errors


def spec_files(folder):
    return sorted(
        os.path.join(folder, n) for n in os.listdir(folder)
        if not n.startswith(".") and n.endswith((".yaml", ".yml")) and os.path.isfile(os.path.join(folder, n))
    )


def check_path(path, full, fragment):
    """Returns a list of `path: where: message` lines, empty when valid."""
    if not os.path.isdir(path):
        with open(path, encoding="utf-8") as f:
            return [f"{path}: {p}" for p in problems(full, load(f.read()))]
    out, documents = [], []
    for file in spec_files(path):
        with open(file, encoding="utf-8") as f:
            doc = load(f.read())
        documents.append((file, doc))
        out += [f"{file}: {p}" for p in problems(fragment, doc if doc is not None else {})]
    merged, errors = merge(documents)
    out += [f"{path} (merged): {e}" for e in errors]
    out += [f"{path} (merged): {p}" for p in problems(full, merged)]
    return out


def batch(cases_path, full, fragment):
    with open(cases_path, encoding="utf-8") as f:
        cases = json.load(f)
    results = []
    for case in cases:
        try:
            found = problems(fragment if case.get("fragment") else full, load(case["text"]))
        except yaml.YAMLError as error:
            found = [f"YAML: {error}"]
        results.append({"name": case["name"], "valid": not found, "errors": found})
    json.dump(results, sys.stdout, indent=1)
    sys.stdout.write("\n")
    return 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="*", help="spec files or folder specs")
    parser.add_argument("--schema", default=FULL, help="the full schema (default: schema/lpai-spec.schema.json)")
    parser.add_argument("--fragment-schema", default=FRAGMENT, help="the schema of one file of a folder spec")
    parser.add_argument("--batch", help="a JSON list of {name, text, fragment?}; prints {name, valid, errors} for each")
    args = parser.parse_args()
    full, fragment = validator(args.schema), validator(args.fragment_schema)
    if args.batch:
        return batch(args.batch, full, fragment)
    if not args.paths:
        parser.error("name at least one spec file or folder")
    failed = False
    for path in args.paths:
        found = check_path(path, full, fragment)
        failed = failed or bool(found)
        print("\n".join(found) if found else f"{path}: valid")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
