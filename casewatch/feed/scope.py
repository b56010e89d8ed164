"""Which dockets the feed brings in: IP cases, by nature of suit 820 (copyright), 830 / 835
(patent) or 840 (trademark) - as a code ("840 Trademark", "840") or in words ("Patent",
"Copyright", "Trademark") - or by a Schedule A caption ("... Identified on Schedule A",
'Schedule "A"', "Partnerships and Unincorporated Associations") whatever its nature of suit.

The search asks CourtListener for these only, but its caption words match more than Schedule A
cases, and a webhook names any docket an alert covers: each search result, search-alert result
and fetched docket is judged again here before it is queued or imported.
"""

from __future__ import annotations

import re
from typing import Any

from casewatch.ingest.docket import NOS_IP, SCHEDULE_A

_CODE = re.compile(r"^\s*(\d{3})\b")
_IP_WORDS = re.compile(r"\b(patents?|copyrights?|trademarks?)\b", re.IGNORECASE)


def ip_case(nature_of_suit: object, case_name: object) -> bool:
    """True for an IP nature of suit or a Schedule A caption (a nature given as a code is judged
    by the code alone)."""
    caption = str(case_name or "")
    if SCHEDULE_A.search(caption):
        return True
    nature = str(nature_of_suit or "")
    code = _CODE.match(nature)
    if code:
        return code.group(1) in NOS_IP
    return bool(_IP_WORDS.search(nature))


def ip_result(item: dict[str, Any]) -> bool:
    """A search (or search alert) result worth queueing: an IP case by its ``suitNature`` and
    ``caseName``, or one whose nature of suit the result does not give (its docket decides)."""
    if not str(item.get("suitNature") or "").strip():
        return True
    return ip_case(item.get("suitNature"), item.get("caseName"))


def why_not(docket: dict[str, Any]) -> str:
    """What a docket that is not an IP case says instead (kept with its queue row)."""
    nature = str(docket.get("nature_of_suit") or "").strip() or "none"
    return f"not an IP case: nature of suit {nature}, caption not Schedule A"[:1000]
