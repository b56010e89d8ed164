"""Text from the data or the URL inside Streamlit's markdown elements.

st.markdown, st.caption, st.subheader, st.warning and the like render their text as markdown, so a
plaintiff named "[Verify your account](https://evil.example)" or a ``?brand=`` value such as
"![x](https://evil.example/t.png)" would become a link or an image fetched from outside (the app
runs offline). ``literal`` backslash-escapes markdown's special characters so the text shows as
typed; it is applied to values, never to the translated messages around them.
"""

from __future__ import annotations

import re

# a backslash before any ASCII punctuation is a plain character in CommonMark; these are the ones
# that open links, images, emphasis, code, HTML, headings, lists, tables, maths and Streamlit's
# :color[...] directives. A bare https://... or www.... address is still linked by GFM, showing
# its own address as the link text: nothing is disguised and nothing is fetched.
_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#+!|$~])")


def literal(value: object) -> str:
    """``value`` as text that Streamlit's markdown shows exactly as written."""
    return _SPECIAL.sub(r"\\\1", str(value))
