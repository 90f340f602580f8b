"""A partner's country is an ISO 3166-1 alpha-2 code, from a data file the package ships."""

from __future__ import annotations

import re
import subprocess
import sys
import zipfile
from pathlib import Path

from labelcheck.core.countries import DATA_FILE, countries

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
