"""Memoised chart builders (casewatch/charts/cache.py): the same figure as a plain build, one build
per distinct input, and no caller's change reaching another caller's figure."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pandas as pd
import plotly.io as pio
import pytest

from casewatch.charts import breakdowns as cb
from casewatch.charts.cache import STORE, ContentStore, input_key
from casewatch.charts.overview import monthly_trend, ranked_bars


@pytest.fixture(autouse=True)
def empty_store() -> Iterator[None]:
    STORE.clear()
    yield
    STORE.clear()


def monthly() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "month": pd.date_range("2025-01-01", periods=4, freq="MS"),
            "defendant_instances": [10, 40, 25, 5],
            "defendant_instances_ma3": [10.0, 25.0, 25.0, 23.3],
            "defendant_instances_yoy": [None, 0.5, -0.2, 0.1],
            "cases": [1, 3, 2, 1],
        }
    )


def spec(figure: object) -> object:
    return json.loads(pio.to_json(figure, validate=False))


def test_a_stored_figure_draws_like_a_plain_build() -> None:
    first = monthly_trend(monthly(), "en", "Monthly")
    again = monthly_trend(monthly(), "en", "Monthly")
    plain = monthly_trend.__wrapped__(monthly(), "en", "Monthly")  # type: ignore[attr-defined]
    assert (STORE.misses, STORE.hits) == (1, 1)
    assert again is not first
    assert spec(first) == spec(again) == spec(plain)
    # the builder's own values, not the browser encoding of them
    assert list(again.data[0].y) == [10, 40, 25, 5]


def test_changed_data_draws_a_new_figure() -> None:
    before, after = (
        ranked_bars(
            pd.DataFrame({"city": ["A", "B"], "defendant_instances": [5, second]}),
            label="city",
            value="defendant_instances",
            lang="en",
            title="t",
        )
        for second in (3, 4)
    )
    assert STORE.misses == 2 and STORE.hits == 0
    assert list(before.data[0].x) == [3, 5] and list(after.data[0].x) == [4, 5]


@pytest.mark.parametrize(
    ("one", "other"),
    [
        (pd.DataFrame({"v": [1, 2]}), pd.DataFrame({"v": [1.0, 2.0]})),  # int vs float
        (pd.DataFrame({"v": ["1", "2"]}, dtype=object), pd.DataFrame({"v": [1, 2]}, dtype=object)),
        (pd.DataFrame({"v": [1, 2]}), pd.DataFrame({"w": [1, 2]})),  # column name
        (pd.DataFrame({"v": [1, 2]}), pd.DataFrame({"v": [1, 2]}, index=[5, 6])),  # index
        (pd.DataFrame({"v": [1, 2]}), pd.DataFrame({"v": [1, 2, 3]})),
        (pd.DataFrame({"v": [1, 2]}), pd.DataFrame({"v": [1, 2]}).rename_axis("month")),  # index name
        (  # the same values, categories in another order (a chart may draw them in that order)
            pd.DataFrame({"v": pd.Categorical(["a", "b"], categories=["a", "b"])}),
            pd.DataFrame({"v": pd.Categorical(["a", "b"], categories=["b", "a"])}),
        ),
        (  # the same instants in another time zone (labels read differently)
            pd.DataFrame({"v": [1]}, index=pd.DatetimeIndex(["2024-01-01 00:00"]).tz_localize("UTC")),
            pd.DataFrame(
                {"v": [1]}, index=pd.DatetimeIndex(["2024-01-01 00:00"]).tz_localize("UTC").tz_convert("Asia/Shanghai")
            ),
        ),
    ],
)
def test_inputs_that_differ_only_in_type_or_labels_have_different_keys(one: pd.DataFrame, other: pd.DataFrame) -> None:
    assert input_key("f", (one,), {"lang": "en"}) != input_key("f", (other,), {"lang": "en"})
    assert input_key("f", (one,), {"lang": "en"}) == input_key("f", (one.copy(),), {"lang": "en"})
    assert input_key("f", (one,), {"lang": "en"}) != input_key("f", (one,), {"lang": "zh"})
    assert input_key("f", (one,), {}) != input_key("g", (one,), {})


def test_equal_frames_have_one_key_however_their_values_are_held() -> None:
    # one string object twice (as in a frame fresh from DuckDB) or two equal ones (as in a frame
    # Streamlit's data cache unpickled): the same values, so the same key
    shared = "".join(["Guang", "zhou"])
    one_object = pd.DataFrame({"city": pd.Series([shared, shared], dtype=object), "v": [1, 2]})
    two_objects = pd.DataFrame({"city": pd.Series([shared, "".join(["Guang", "zhou"])], dtype=object), "v": [1, 2]})
    assert two_objects["city"][0] is not two_objects["city"][1]
    assert input_key("f", (one_object,), {}) == input_key("f", (two_objects,), {})


def test_a_callers_change_stays_in_its_own_figure() -> None:
    frame = monthly()
    first = cb.trend_with_average(frame, lang="en", title="Trend")
    untouched = spec(first)
    # a caller shades a span on its figure (subplot rows still work), retitles it, changes a trace
    first.add_vrect(x0=pd.Timestamp("2025-02-01"), x1=pd.Timestamp("2025-03-31"), line_width=0, row="all", col=1)
    first.update_layout(title_text="changed")
    first.data[0].marker.color = "red"
    first.update_yaxes(title_text="changed", row=2, col=1)
    assert first.layout.shapes and first.layout.title.text == "changed"
    again = cb.trend_with_average(frame, lang="en", title="Trend")
    assert STORE.hits == 1
    assert spec(again) == untouched
    assert not again.layout.shapes


def test_the_store_is_bounded() -> None:
    store = ContentStore(max_entries=2)
    for key in ("a", "b", "c"):
        store.put(key, key.encode())
    assert store.get("b") == b"b"  # now the most recently used
    store.put("d", b"d")
    assert (store.get("a"), store.get("b"), store.get("c"), store.get("d")) == (None, b"b", None, b"d")


def test_an_input_that_cannot_be_pickled_is_built_each_time() -> None:
    assert input_key("f", (lambda: None,), {}) is None
