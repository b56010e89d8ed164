"""A message too long for a group robot, cut into parts that each fit, numbered "(1/3)".

The robots' limits, measured as each robot receives the text (apprise posts the title and the body
as one text, ``title\\r\\nbody``):
- WeCom group robot: a text message's content is at most 2,048 bytes of UTF-8 - a Chinese
  character is 3 bytes, so about 680 of them. apprise's own ``body_maxlen`` for it is 2,048
  *characters*, and its default overflow mode passes a longer text through (apprise 2.3).
- DingTalk robot: 20,000 bytes; apprise sends the JSON with non-ASCII escaped (``\\uXXXX``, 6 bytes
  a Chinese character), so the text is measured so escaped, which is never less than its UTF-8.
- Feishu custom bot: a request body of at most 20 KB; apprise sends it as UTF-8.
DingTalk and Feishu keep 2,000 bytes for the JSON around the text. E-mail is not cut.

The cut prefers the digest's section boundaries (one case, or one wave, a section), then line
breaks, and cuts inside a line only when one line alone does not fit. apprise is told to pass each
part as it is (``overflow=upstream``, see channels.apprise_url): apprise's own split would count
characters, not bytes, and post several messages in one call that the rate limit and the delivery
log would not see. Each part is sent, rate-limited and logged on its own (casewatch/alerts/delivery.py).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable

from casewatch.alerts.messages import DIGEST_SEPARATOR, Message

LIMITS = {"wecom": 2048, "dingtalk": 18_000, "feishu": 18_000}
NUMBER = " ({index}/{count})"
_WIDEST = NUMBER.format(index=999, count=999)  # room kept for the number while the parts are cut


def shown(title: str, body: str) -> str:
    """The one text a robot shows for a title and a body (as apprise joins them)."""
    title, body = title.strip(), body.rstrip()
    return f"{title}\r\n{body}" if title else body


def size(kind: str, text: str) -> int:
    """The size of ``text`` as robot ``kind`` counts it (see the module's note)."""
    if kind == "dingtalk":
        return len(json.dumps(text))
    if kind == "feishu":
        return len(json.dumps(text, ensure_ascii=False).encode("utf-8"))
    return len(text.encode("utf-8"))


def fits(kind: str, message: Message) -> bool:
    limit = LIMITS.get(kind)
    return limit is None or size(kind, shown(message.title, message.body)) <= limit


def split(message: Message, kind: str) -> list[Message]:
    """``message`` itself when it fits channel ``kind``, else its parts, each fitting, titled
    "title (i/n)", whose bodies joined again (by the separators they were cut at) are its body."""
    if fits(kind, message):
        return [message]
    widest = message.title + _WIDEST

    def room(body: str) -> bool:
        return fits(kind, Message(widest, body))

    units: list[tuple[str, str]] = []  # (what joins it to the one before, text)
    for number, section in enumerate(message.body.split(DIGEST_SEPARATOR)):
        joiner = DIGEST_SEPARATOR if number else ""
        if room(section):
            units.append((joiner, section))
            continue
        for row, line in enumerate(section.split("\n")):
            for cut, piece in enumerate(_cut(line, room)):
                units.append(((joiner if row == 0 else "\n") if cut == 0 else "", piece))
    bodies: list[str] = []
    current: str | None = None
    for joiner, text in units:
        if current is not None and room(current + joiner + text):
            current += joiner + text
        else:
            if current is not None:
                bodies.append(current)
            current = text
    if current is not None:
        bodies.append(current)
    count = len(bodies)
    return [Message(message.title + NUMBER.format(index=i, count=count), body) for i, body in enumerate(bodies, 1)]


def _cut(line: str, room: Callable[[str], bool]) -> list[str]:
    """``line`` in the longest pieces that fit (``room``: whether a body fits)."""
    pieces = []
    while line and not room(line):
        low, high = 1, len(line)  # the longest prefix that fits, by bisection; at least 1 character
        while low < high:
            middle = (low + high + 1) // 2
            low, high = (middle, high) if room(line[:middle]) else (low, middle - 1)
        pieces.append(line[:low])
        line = line[low:]
    return [*pieces, line] if line or not pieces else pieces


def key(part: Message) -> str:
    """What identifies a part that was sent: a rerun that renders the same part skips it."""
    return hashlib.md5(f"{part.title}\n{part.body}".encode(), usedforsecurity=False).hexdigest()[:16]
