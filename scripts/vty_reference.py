#!/usr/bin/env python3
"""docs/vty-reference.md from the program itself (cmr-server --vty-ref-xml).

libosmovty writes every node and command the program installs, with the help
string of each word, as XML (the same file the Osmocom manuals are built
from). This turns it into one Markdown page.

  scripts/vty_reference.py BUILD/apps/cmr-server/cmr-server > docs/vty-reference.md
  scripts/vty_reference.py BIN --check docs/vty-reference.md   # the suite
"""
import argparse
import difflib
import pathlib
import subprocess
import sys
import xml.etree.ElementTree as ET

NS = "{urn:osmocom:xml:libosmocore:vty:doc:1.0}"


def cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ").strip()


def markdown(xml_text: str) -> str:
    root = ET.fromstring(xml_text)
    out = [
        "# VTY command reference",
        "",
        "Generated from `cmr-server --vty-ref-xml` by `scripts/vty_reference.py` (the suite's",
        "`vty_reference_current` test fails when this file and the program disagree). Each node",
        "lists its commands; each command's words with the help string the VTY prints for `?`.",
        "The configuration nodes are explained with examples in docs/configuration.md.",
        "",
    ]
    for node in root.iter(NS + "node"):
        name = (node.findtext(NS + "name") or node.get("id") or "").strip()
        out += [f"## {name}", ""]
        desc = (node.findtext(NS + "description") or "").strip()
        if desc:
            out += [desc, ""]
        commands = node.findall(NS + "command")
        if not commands:
            out += ["(no commands)", ""]
            continue
        out += ["| command | words |", "|---|---|"]
        for cmd in commands:
            words = []
            for p in cmd.iter(NS + "param"):
                doc = (p.get("doc") or "").strip()
                if doc:
                    words.append(f"`{cell(p.get('name') or '')}`: {cell(doc)}")
            out.append(f"| `{cell(cmd.get('id') or '')}` | {'<br>'.join(words)} |")
        out.append("")
    return "\n".join(out)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("server")
    ap.add_argument("--check", metavar="MD")
    args = ap.parse_args()
    xml_text = subprocess.run([args.server, "--vty-ref-xml"], check=True, capture_output=True,
                              text=True, timeout=60).stdout
    text = markdown(xml_text)
    if not args.check:
        sys.stdout.write(text)
        return
    committed = pathlib.Path(args.check).read_text()
    if committed != text:
        diff = difflib.unified_diff(committed.splitlines(), text.splitlines(), "committed",
                                    "generated", lineterm="")
        sys.exit("\n".join(list(diff)[:80]) +
                 f"\n{args.check} is stale: regenerate it with scripts/vty_reference.py")
    print(f"ok: {args.check} matches the program")


if __name__ == "__main__":
    main()
