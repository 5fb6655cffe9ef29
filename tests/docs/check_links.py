#!/usr/bin/env python3
"""Checks that every relative link in the project's Markdown resolves.

    python3 tests/docs/check_links.py [--root DIR] [FILE.md ...]

Without FILE arguments it checks README.md and docs/*.md under --root (by default the checkout this
script is in). For each inline link or image, `[text](target)` / `![alt](target)`, and each
reference definition, `[label]: target`, outside fenced code blocks and inline code:

- a target with a scheme (https:, mailto:...) is left alone;
- the path part must name an existing file or directory, relative to the Markdown file (a path
  starting with / is relative to --root), and must stay inside --root;
- a #fragment on a Markdown file (or a bare #fragment, meaning this file) must name one of its
  headings, slugged as GitHub does (lower case, punctuation dropped, spaces to hyphens, -1, -2...
  for repeats), or an explicit <a name="..."> / id="..." in the file.

Prints one line per broken link (FILE:LINE: TARGET: reason), then a summary line. Exit status 0
when every link resolves, 1 when one does not, 2 for bad arguments. Python 3 standard library only.
"""

import argparse
import os
import re
import sys
import urllib.parse

FENCE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
INLINE_CODE = re.compile(r"(`+)(?:(?!\1).)+?\1")
# [text](target "optional title"); the text may hold one level of brackets (an image in a link).
INLINE_LINK = re.compile(r"!?\[(?:[^\[\]]|\[[^\[\]]*\])*\]\(\s*(<[^>]*>|[^)\s]+)(?:\s+(?:\"[^\"]*\"|'[^']*'))?\s*\)")
REFERENCE_DEFINITION = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*(<[^>]*>|\S+)")
ATX_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)(?:\s+#+)?\s*$")
SETEXT_UNDERLINE = re.compile(r"^\s{0,3}(=+|-+)\s*$")
HTML_ANCHOR = re.compile(r"<a\s[^>]*\bname=\"([^\"]+)\"|\bid=\"([^\"]+)\"", re.IGNORECASE)
SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def markdown_lines(text):
    """Yields (line number, line) for the lines outside fenced code blocks."""
    fence = None
    for number, line in enumerate(text.splitlines(), start=1):
        match = FENCE.match(line)
        if fence is None:
            if match:
                fence = match.group(1)
                continue
            yield number, line
        elif match and match.group(1)[0] == fence[0] and len(match.group(1)) >= len(fence):
            fence = None


def slug(heading):
    """GitHub's anchor for a heading's text."""
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", heading)  # a link keeps its text
    text = re.sub(r"<[^>]+>", "", text)  # inline HTML
    text = text.strip().lower()
    text = "".join(ch for ch in text if ch.isalnum() or ch in "-_ ")
    return text.replace(" ", "-")


def anchors_of(path, cache):
    if path in cache:
        return cache[path]
    with open(path, encoding="utf-8") as file:
        text = file.read()
    anchors = set()
    seen = {}
    previous = None
    for _, line in markdown_lines(text):
        heading = None
        match = ATX_HEADING.match(line)
        if match:
            heading = match.group(2)
        elif previous and previous.strip() and SETEXT_UNDERLINE.match(line) and not ATX_HEADING.match(previous):
            # "text\n---" is a heading only when the text line is a paragraph line, not a table row.
            if not previous.lstrip().startswith(("|", "-", "*", ">")):
                heading = previous
        if heading is not None:
            base = slug(heading)
            count = seen.get(base, 0)
            anchors.add(base if count == 0 else f"{base}-{count}")
            seen[base] = count + 1
        for name, element_id in HTML_ANCHOR.findall(line):
            anchors.add(name or element_id)
        previous = line
    cache[path] = anchors
    return anchors


def links_of(text):
    """Yields (line number, target) for every link outside code."""
    for number, line in markdown_lines(text):
        definition = REFERENCE_DEFINITION.match(line)
        if definition:
            yield number, definition.group(1).strip("<>")
            continue
        without_code = INLINE_CODE.sub("", line)
        for match in INLINE_LINK.finditer(without_code):
            yield number, match.group(1).strip("<>")


def check_link(source, target, root, anchor_cache):
    """None when the link resolves, else the reason it does not."""
    if SCHEME.match(target):
        return None
    path_part, _, fragment = target.partition("#")
    path_part = urllib.parse.unquote(path_part)
    if path_part == "":
        resolved = source
    elif path_part.startswith("/"):
        resolved = os.path.normpath(os.path.join(root, path_part.lstrip("/")))
    else:
        resolved = os.path.normpath(os.path.join(os.path.dirname(source), path_part))
    if os.path.commonpath([os.path.abspath(resolved), os.path.abspath(root)]) != os.path.abspath(root):
        return f"{path_part} is outside {root}"
    if not os.path.exists(resolved):
        return f"no such file: {os.path.relpath(resolved, root)}"
    if fragment:
        if os.path.isdir(resolved) or not resolved.endswith(".md"):
            return None  # anchors are checked in Markdown files only
        if urllib.parse.unquote(fragment) not in anchors_of(resolved, anchor_cache):
            return f"no heading or anchor #{fragment} in {os.path.relpath(resolved, root)}"
    return None


def main():
    default_root = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
    parser = argparse.ArgumentParser(description="Check the relative links of README.md and docs/*.md.")
    parser.add_argument("--root", default=default_root, help="the checkout (default: %(default)s)")
    parser.add_argument("files", nargs="*", help="Markdown files (default: README.md and docs/*.md under --root)")
    options = parser.parse_args()
    root = os.path.abspath(options.root)
    if not os.path.isdir(root):
        print(f"check_links: no directory {root}", file=sys.stderr)
        return 2

    files = [os.path.abspath(f) for f in options.files]
    if not files:
        files = [os.path.join(root, "README.md")]
        docs = os.path.join(root, "docs")
        if os.path.isdir(docs):
            files += sorted(os.path.join(docs, name) for name in os.listdir(docs) if name.endswith(".md"))
    missing = [f for f in files if not os.path.isfile(f)]
    if missing:
        print(f"check_links: no such file: {', '.join(missing)}", file=sys.stderr)
        return 2

    anchor_cache = {}
    checked = 0
    broken = 0
    for source in files:
        with open(source, encoding="utf-8") as file:
            text = file.read()
        for number, target in links_of(text):
            checked += 1
            reason = check_link(source, target, root, anchor_cache)
            if reason is not None:
                broken += 1
                print(f"{os.path.relpath(source, root)}:{number}: {target}: {reason}")
    print(f"check_links: {checked} links in {len(files)} files, {broken} broken")
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main())
