#!/usr/bin/env python3
"""Moves the inline <script type="module"> Trunk writes into index.html to loader.js, so
the Content-Security-Policy can forbid inline scripts (script-src 'self')."""
import pathlib, re, sys

index = pathlib.Path(sys.argv[1])
html = index.read_text()
pattern = re.compile(r'<script type="?module"?(?![^>]*\bsrc=)[^>]*>(.*?)</script>', re.S)
match = pattern.search(html)
if not match:
    sys.exit("extract-loader: no inline module script found in " + str(index))
(index.parent / "loader.js").write_text(match.group(1).strip() + "\n")
html = html[: match.start()] + '<script type="module" src="/loader.js"></script>' + html[match.end():]
if re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html):
    sys.exit("extract-loader: an inline script is left in " + str(index))
index.write_text(html)
