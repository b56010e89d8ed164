"""The shape a wave is shown with (sudden, ramp, multi-city, firm-led, surge), from what the
detectors found (casewatch.herding.detectors) and where its members are."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from casewatch.herding.settings import Settings


def wave_shape(
    kind: str,
    window: int,
    new_entity: bool,
    baseline: float,
    city_counts: Sequence[int],
    brand_counts: Sequence[int],
    settings: Settings = Settings(),
) -> str:
    """What a wave looks like to a user, first that applies: firm-led (a law firm's wave whose
    members no single brand holds brand_share of), surge (an established entity, own baseline of
    at least surge_baseline members a month), multi-city (the second city holds multi_city_share
    of its members, or the second and third multi_city_each each), ramp (no single month was
    enough: it was found on two or three months together), else sudden. ``city_counts`` /
    ``brand_counts``: members per city / per brand of the first case naming them, largest first."""
    members = sum(city_counts)
    brand_total = int(np.sum(brand_counts))
    if kind == "firm" and brand_total and brand_counts[0] < settings.firm_brand_share * brand_total:
        return "firm_led"
    if not new_entity and baseline >= settings.surge_baseline:
        return "surge"
    if members and len(city_counts) > 1 and city_counts[1] >= settings.multi_city_share * members:
        return "multi_city"
    if members and len(city_counts) > 2 and city_counts[2] >= settings.multi_city_each * members:
        return "multi_city"  # split over three cities or more (then the second holds as many)
    if window > 1:
        return "ramp"
    return "sudden"
