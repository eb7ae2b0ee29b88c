"""k-anonymity: every combination of quasi-identifiers ends with at least k records, a band is tried before a
blank, records are suppressed (blanked) rather than dropped, and the counts say what was done."""

from __future__ import annotations

import random
from collections import Counter

import pytest

from pillars.errors import PillarsError
from pillars.exports.htcds import CTDC_AGE_BANDS, MAJORITY_BANDS, _band, _span, dimensions, exported_columns
from pillars.privacy.k_anonymity import Dimension, anonymise, group_key

AGE = ("vic_age_when_trafficked", "age_broad_from", "age_broad_to")


@pytest.mark.parametrize(
    ("values", "ctdc", "majority"),
    [
        ((7, None, None), (None, 0, 8), (None, 0, 17)),
        ((19, None, None), (None, 18, 20), (None, 18, None)),
        ((50, None, None), (None, 48, None), (None, 18, None)),
        ((None, 0, 29), (None, 0, 29), (None, 0, None)),  # a CTDC band across minors and adults
        ((None, 48, None), (None, 48, None), (None, 18, None)),
        ((None, None, None), (None, None, None), (None, None, None)),
    ],
)
def test_an_age_climbs_ctdc_bands_then_majority(values, ctdc, majority):
    assert _band(CTDC_AGE_BANDS, 120)(values) == ctdc
    assert _band(MAJORITY_BANDS, 120)(values) == majority


@pytest.mark.parametrize(
    ("band", "span"),
    [
        ((2016, 2016), (2014, 2018)),
        ((2014, 2018), (2014, 2018)),
        ((2018, 2020), (2014, 2023)),
        ((2021, None), (2019, None)),
    ],
)
def test_a_registration_year_widens_to_ctdc_five_year_bands(band, span):
    assert _span(band) == span


def test_the_quasi_identifiers_are_the_contracts_and_ages_and_years_are_banded():
    dims = dimensions(exported_columns())
    columns = [c for d in dims for c in d.columns]
    assert AGE in [d.columns for d in dims] and {"prs_gender", "prs_citizenship", "hte_date"} <= set(columns)
    assert ("registration_year_from", "registration_year_to") in [d.columns for d in dims]
    assert "cas_status" not in columns and "prs_first_name" not in columns


@pytest.mark.parametrize("k", [2, 5, 11, 30])
def test_every_group_reaches_k_and_no_record_is_dropped(k):
    rand = random.Random(k)
    rows = [
        {
            "age": rand.randint(0, 70),
            "sex": rand.choice(["Man", "Woman", "NonBinary"]),
            "town": rand.choice(["A", "B", "C", "D", "E", "F"]),
            "note": i,
        }
        for i in range(200)
    ]
    dims = [
        Dimension(("age",), ladder=(lambda v: v, lambda v: (v[0] // 20 * 20,), lambda v: (None,))),
        Dimension(("sex",)),
        Dimension(("town",)),
    ]
    outcome = anonymise(rows, dims, k)
    groups = Counter(group_key(r, ["age", "sex", "town"]) for r in outcome.rows)
    assert min(groups.values()) >= k and outcome.smallest_group >= k
    assert [r["note"] for r in outcome.rows] == list(range(200))  # every record, in order, untouched elsewhere
    changed = sum(1 for a, b in zip(rows, outcome.rows, strict=True) for c in ("age", "sex", "town") if a[c] != b[c])
    assert changed == outcome.cells_generalised + outcome.cells_blanked


def test_a_band_is_tried_before_a_blank():
    rows = [{"age": a, "sex": s} for a in range(20) for s in ("Man", "Woman")]
    dims = [
        Dimension(("age",), ladder=(lambda v: v, lambda v: (v[0] // 10 * 10,), lambda v: (None,))),
        Dimension(("sex",)),
    ]
    outcome = anonymise(rows, dims, 10)
    assert outcome.levels == {("age",): 1, ("sex",): 0} and outcome.cells_blanked == 0


def test_fewer_records_than_k_are_refused():
    with pytest.raises(PillarsError, match="fewer than k=11"):
        anonymise([{"sex": "Man"}] * 3, [Dimension(("sex",))], 11)
