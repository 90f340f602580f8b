"""A partner's country is an ISO 3166-1 alpha-2 code, from a data file the package ships."""

from __future__ import annotations

import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from labelcheck.core.countries import DATA_FILE, countries, name_key

ROOT = Path(__file__).parents[2]


def test_the_codes_are_iso_s_two_capitals():
    known = countries()
    assert len(known.codes) == 249 and all(re.fullmatch("[A-Z]{2}", c) for c in known.codes)
    assert {"FR", "DE", "GB", "GR", "AX"} <= known.codes
    assert not {"UK", "EL", "EU", "ZZ"} & known.codes


def test_each_code_in_use_that_is_not_iso_s_means_an_iso_code():
    known = countries()
    assert {code: iso for code, (iso, _) in known.not_iso.items()} == {"UK": "GB", "EL": "GR"}
    assert not set(known.not_iso) & known.codes


def test_the_wheel_ships_the_codes(tmp_path):
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q"]
        + ["-w", str(tmp_path), str(ROOT)],
        check=True,
        capture_output=True,
    )
    [wheel] = tmp_path.glob("labelcheck-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        shipped = archive.read(f"labelcheck/core/{DATA_FILE}").decode("utf-8")
    assert shipped == (ROOT / "core" / DATA_FILE).read_text("utf-8")


@pytest.mark.parametrize(
    ("written", "meant"),
    [
        ("Allemagne", "DE"),
        ("allemagne ", "DE"),
        ("Germany", "DE"),
        ("Royaume-Uni", "GB"),
        ("royaume uni", "GB"),
        ("États-Unis", "US"),
        ("Etats Unis", "US"),
        ("Pays-Bas", "NL"),
        ("Côte d'Ivoire", "CI"),
        ("République tchèque", "CZ"),
        ("Angleterre", "GB"),
        ("Espagne", "ES"),
        ("Atlantide", None),
        ("", None),
    ],
)
def test_a_country_written_by_its_name_is_given_its_code(written, meant):
    """« Allemagne » for DE got no suggestion, where every other wrong value got one (the new
    user's audit): the names are iso-codes' French and English ones, shipped with the codes."""
    assert countries().meant(written) == meant


def test_every_name_means_a_code_of_the_list():
    known = countries()
    assert len(known.names) > 500 and set(known.names.values()) <= known.codes
    assert all(name == name_key(name) for name in known.names)
