"""The CJK font the PDF brief embeds and its chart images use."""

from __future__ import annotations

import os
from pathlib import Path

from casewatch.errors import CaseWatchError

# Fonts with TrueType outlines, tried in order (path, face index in a collection). fpdf2 embeds
# them as CIDFontType2 subsets, which every PDF reader, pypdf included, maps back to text.
# Noto Sans CJK (fonts-noto-cjk) is CFF-based: fpdf2 embeds it too, but pypdf then reads the
# glyph widths wrongly and spaces out every character of the extracted text.
CJK_FONTS = (
    ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0),
    ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),
    ("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf", 0),
)


class CjkFontMissing(CaseWatchError):
    key = "report.error.font_missing"


def cjk_font() -> tuple[Path, int]:
    """The CJK font the PDF embeds and its charts use: $CASEWATCH_CJK_FONT, else the first of
    CJK_FONTS present. Raises CjkFontMissing (``make run`` / ``make test`` install one)."""
    override = os.environ.get("CASEWATCH_CJK_FONT")
    candidates = [(override, 0)] if override else list(CJK_FONTS)
    for path, index in candidates:
        if path and Path(path).is_file():
            return Path(path), index
    tried = ", ".join(str(path) for path, _ in candidates)
    raise CjkFontMissing(f"no CJK font with TrueType outlines found (tried {tried})", paths=tried)
