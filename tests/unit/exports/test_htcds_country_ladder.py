"""The HTCDS export's country ladder: a citizenship that would identify someone is published as its UN M49
sub-region, then its region, then blank -- the way CTDC publishes citizenshipUNRegion."""

from __future__ import annotations

from pillars.exports.htcds import dimensions, exported_columns
from pillars.privacy.k_anonymity import anonymise


def _country_dimension():
    (dim,) = [d for d in dimensions(exported_columns()) if d.columns == ("prs_citizenship", "citizenship_un_region")]
    return dim


def test_the_country_ladder_climbs_country_sub_region_region_blank():
    exact, sub_region, region, blank = _country_dimension().ladder
    assert exact((["US", "MX"], None)) == (["US", "MX"], None)
    assert sub_region((["US", "MX"], None)) == (None, "Latin America and the Caribbean;Northern America")
    assert region((["US", "MX"], None)) == (None, "Americas")
    assert sub_region((["KE"], None)) == (None, "Sub-Saharan Africa")  # M49's intermediate region goes up
    # a grouping CTDC already published (no country) climbs to the same level
    assert sub_region((None, "Eastern Africa")) == (None, "Sub-Saharan Africa")
    assert region((None, "Eastern Africa")) == (None, "Africa")
    assert region((None, "Europe")) == (None, "Europe")
    assert blank((["US"], "Americas")) == (None, None)


def _citizens(*countries: str) -> list[dict[str, object]]:
    return [{"prs_citizenship": [c], "citizenship_un_region": None} for c in countries for _ in range(6)]


def test_rare_countries_are_published_as_the_smallest_m49_grouping_that_holds_k():
    dim = _country_dimension()
    same_sub_region = anonymise(_citizens("US", "CA"), [dim], k=11)
    assert {(r["prs_citizenship"], r["citizenship_un_region"]) for r in same_sub_region.rows} == {
        (None, "Northern America")
    }
    same_region = anonymise(_citizens("US", "MX"), [dim], k=11)
    assert {(r["prs_citizenship"], r["citizenship_un_region"]) for r in same_region.rows} == {(None, "Americas")}
    apart = anonymise(_citizens("US", "KE"), [dim], k=11)
    assert {(r["prs_citizenship"], r["citizenship_un_region"]) for r in apart.rows} == {(None, None)}
    common = anonymise(_citizens("US", "US"), [dim], k=11)  # twelve citizens of one country: kept
    assert {tuple(r["prs_citizenship"]) for r in common.rows} == {("US",)}


def test_months_trafficked_are_not_widened_as_years():
    dims = {d.columns: d for d in dimensions(exported_columns())}
    assert len(dims[("trafficked_months_from", "trafficked_months_to")].ladder) == 2  # exact, blank
    assert len(dims[("registration_year_from", "registration_year_to")].ladder) == 3  # exact, 5-year, blank
