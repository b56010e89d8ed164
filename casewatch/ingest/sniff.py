"""What a file really holds, by its first bytes, so that an upload whose content does not match
its extension (a workbook saved as .csv, a login page saved as .xlsx, a PDF renamed .csv) is
refused with a message naming what it is, before a reader fails on it in a confusing way."""

from __future__ import annotations

import codecs
from pathlib import Path

from casewatch.i18n import t
from casewatch.ingest.errors import FileRejected

HEAD_BYTES = 64 * 1024
# (offset, magic bytes, content); checked in order.
SIGNATURES: tuple[tuple[int, bytes, str], ...] = (
    (0, b"PK\x03\x04", "zip"),
    (0, b"PK\x05\x06", "zip"),  # an empty ZIP archive
    (0, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "xls"),  # OLE2 compound file: .xls, .doc
    (0, b"%PDF-", "pdf"),
    (0, b"\x89PNG\r\n\x1a\n", "image"),
    (0, b"\xff\xd8\xff", "image"),
    (0, b"GIF87a", "image"),
    (0, b"GIF89a", "image"),
    (0, b"\x1f\x8b", "gzip"),
    (8, b"DUCK", "duckdb"),
)
# What each import extension may hold; other extensions are left to the reader.
EXPECTED: dict[str, frozenset[str]] = {
    ".csv": frozenset({"text"}),
    ".tsv": frozenset({"text"}),
    ".txt": frozenset({"text"}),
    ".xlsx": frozenset({"xlsx"}),
    ".xlsm": frozenset({"xlsx"}),
    ".xls": frozenset({"xls"}),
    ".json": frozenset({"json"}),
}
_TEXT_BOMS = (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def sniff(head: bytes) -> str:
    """The content of a file from its first bytes: xlsx, zip, xls, pdf, image, gzip, duckdb,
    html, json, text (a text table, any encoding) or binary."""
    for offset, magic, content in SIGNATURES:
        if head[offset : offset + len(magic)] == magic:
            if content == "zip" and b"xl/" in head:
                return "xlsx"  # an XLSX workbook is a ZIP whose parts live under xl/
            return content
    bom = next((b for b in _TEXT_BOMS if head.startswith(b)), b"")
    if not bom and b"\x00" in head:
        return "binary"
    text = _decode(head[len(bom) :], bom).lstrip().lower()
    if text.startswith(("<!doctype html", "<html", "<?xml", "<head", "<body")):
        return "html"
    if text.startswith(("{", "[")):
        return "json"
    return "text"


def _decode(body: bytes, bom: bytes) -> str:
    if bom in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        return body[:512].decode("utf-16-le" if bom == codecs.BOM_UTF16_LE else "utf-16-be", errors="ignore")
    return body[:512].decode("utf-8", errors="ignore")


def sniff_file(path: Path) -> str:
    with path.open("rb") as handle:
        return sniff(handle.read(HEAD_BYTES))


class ContentMismatch(FileRejected):
    """A file whose content is not what its extension says (``actual`` is a sniff() result)."""

    def __init__(self, name: str, suffix: str, actual: str) -> None:
        super().__init__(
            "content_mismatch", f"{name} is named {suffix} but contains {actual}", suffix=suffix, actual=actual
        )
        self.key = "resilience.upload.content_mismatch"
        self.source_name = name

    def describe(self, lang: str) -> str:
        actual = t(f"resilience.content.{self.fmt['actual']}", lang)
        return t(self.key, lang, file=self.source_name, suffix=self.fmt["suffix"], actual=actual)


def check_upload(path: Path, name: str | None = None) -> str:
    """The sniffed content of an import file; raises ContentMismatch when its extension (of
    ``name``, the user's file name, else of ``path``) promises something else."""
    shown = name or path.name
    suffix = Path(shown).suffix.lower() or path.suffix.lower()
    actual = sniff_file(path)
    expected = EXPECTED.get(suffix)
    if expected is not None and actual not in expected:
        raise ContentMismatch(shown, suffix, actual)
    return actual
