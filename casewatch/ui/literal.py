"""Text from the data, the URL or a user inside Streamlit's markdown elements.

st.markdown, st.caption, st.subheader, st.warning, widget labels and the like render their text as
GitHub-flavoured markdown, so a plaintiff named "[Verify your account](https://evil.example)", a
``?brand=`` value such as "![x](https://evil.example/t.png)" or a search for "**urgent**" would
become a link, an image fetched from outside (the app runs offline) or bold text. ``literal`` makes
a value show exactly as typed; it is applied to values, never to the translated messages around
them.

Backslash escapes stop links, images, emphasis, code, HTML, headings, lists, tables, maths,
entities and Streamlit's ``:color[...]`` and ``:emoji:`` directives. They do not stop GFM's
autolinks: a bare ``http://...``, ``www....`` or ``name@host`` is linked from the text after the
escapes are read, and Streamlit's ``:material/icon:`` and ``:streamlit:`` likewise. An invisible WORD JOINER inside
each of those (``http⁠://``, ``www⁠.``, ``name⁠@host``, ``:⁠material/``) breaks the pattern; the text
reads the same (copied, it carries the invisible joiners).
"""

from __future__ import annotations

import re

# a backslash before any ASCII punctuation is a plain character in CommonMark
_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#+!|$~&:])")
WORD_JOINER = "\u2060"
# where a joiner goes, found in the escaped text: before "://" (any scheme), between "www" and
# ".", before "@" (e-mail addresses), between ":" and a letter (Streamlit's ":material/icon:" and
# ":streamlit:" images; numbers such as "1:24-cv-00001" or "12:30" have no letter there)
_AUTOLINK = re.compile(r"(?=\\:/)|(?<=www)(?=\.)|(?=@)|(?<=\\:)(?=[a-z])", re.IGNORECASE)
# a line break could start a block of its own (a setext heading, a code block); markdown shows a
# break inside a paragraph as a space anyway
_BREAKS = re.compile(r"[\r\n\v\f\x85\u2028\u2029]+")
# a list item or a rule at the start of the text: "- x", "---", "1. x", "1) x" (not "12.5")
_LIST_START = re.compile(r"^(\s*)(-|\d{1,9}(?=[.)](?:\s|$)))")


def literal(value: object) -> str:
    """``value`` as text that Streamlit's markdown shows exactly as written."""
    text = _SPECIAL.sub(r"\\\1", _BREAKS.sub(" ", str(value)))
    text = _LIST_START.sub(lambda m: m.group(1) + (r"\-" if m.group(2) == "-" else m.group(2) + "\\"), text)
    return _AUTOLINK.sub(WORD_JOINER, text)
