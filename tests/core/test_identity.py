"""core/identity.py: a finding's identity and the digests of what was judged."""

from __future__ import annotations

import datetime as dt
import shutil
import sys
from collections import Counter
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from labelcheck.core import identity
from labelcheck.core.identity import (
    Baseline,
    FindingKey,
    dossier_digest,
    dossier_key,
    finding_keys,
    keys_of,
    paired,
)
from labelcheck.core.report import Finding, LabelResult

EXAMPLE = Path(__file__).parents[2] / "examples" / "lp-jean-lurcat"


def finding(rule="R-1", subject="pv-ca", ref="ldm", message="m") -> Finding:
    return Finding(rule, "required-document", "blocking", ref, subject, message)


def test_the_message_is_not_part_of_a_findings_identity():
    [a] = finding_keys("0451442Y", "ldm", [finding(message="Pièce absente")])
    [b] = finding_keys("0451442Y", "ldm", [finding(message="Pièce manquante")])
    assert a == b and a.fingerprint() == b.fingerprint()


def test_each_part_of_the_identity_tells_findings_apart():
    base = FindingKey("0451442Y", "ldm", "R-1", "pv-ca", "ldm")
    others = [
        base._replace(dossier="0180008L"),
        base._replace(label="e3d"),
        base._replace(rule="R-2"),
        base._replace(subject="plaquette"),
        base._replace(ref="ldm:1"),
        base._replace(occurrence=1),
    ]
    assert len({key.fingerprint() for key in [base, *others]}) == 7


def test_repeated_identities_are_numbered_in_order():
    keys = list(finding_keys("u", "ldm", [finding(), finding(subject="x"), finding()]))
    assert [k.occurrence for k in keys] == [0, 0, 1]


def test_a_dossier_without_uai_is_known_by_its_path():
    assert dossier_key("0451442Y", "a/dossier.toml") == "0451442Y"
    assert dossier_key(None, "a/dossier.toml") == "path:a/dossier.toml"


def test_the_digest_follows_the_files_content_not_their_place(tmp_path):
    here, there = tmp_path / "here", tmp_path / "there"
    shutil.copytree(EXAMPLE, here)
    shutil.copytree(EXAMPLE, there)

    def digest(folder: Path) -> str | None:
        file = folder / "dossier.toml"
        return dossier_digest(file, file.read_text("utf-8"), None)

    first = digest(here)
    assert first == digest(there)
    (there / "dossier.toml").write_text((there / "dossier.toml").read_text("utf-8") + "\n", "utf-8")
    assert digest(there) != first
    assert dossier_digest(there / "dossier.toml", None, None) is None  # a file not read


def test_a_piece_replaced_changes_the_digest(tmp_path, evaluate):
    folder = tmp_path / "lurcat"
    shutil.copytree(EXAMPLE, folder)
    before = evaluate(folder / "dossier.toml").digest
    piece = next((folder / "pieces").iterdir())
    piece.write_bytes(piece.read_bytes() + b"%")
    after = evaluate(folder / "dossier.toml").digest
    assert before and after and before != after


def test_a_file_that_is_not_utf8_has_a_digest_of_its_bytes(tmp_path, evaluate):
    # Invalid before and after, `compare` still tells a file changed from one left as it was.
    file = tmp_path / "dossier.toml"
    file.write_bytes('format = 1\n[establishment]\nname = "Lycée"\n'.encode("latin-1"))
    first = evaluate(file)
    assert first.errors and first.digest
    assert first.digest == dossier_digest(
        file, file.read_bytes().decode("utf-8", "surrogateescape"), None
    )
    file.write_bytes(file.read_bytes().replace(b"Lyc", b"Coll"))
    assert evaluate(file).digest not in (None, first.digest)


def test_an_engine_without_digests_reads_no_piece(tmp_path, registry, monkeypatch):
    # `evaluate` in a format that does not show the digest: the pieces' content is never read.
    from labelcheck.core import engine as engine_module
    from labelcheck.core.engine import Engine

    def refuse(*_args):
        raise AssertionError("digest made")

    with_digests = Engine.create(registry=registry)
    without = Engine.create(registry=registry, digests=False)
    dossier = EXAMPLE / "dossier.toml"
    expected = with_digests.evaluate_path(dossier)
    monkeypatch.setattr(engine_module, "dossier_digest", refuse)
    result = without.evaluate_path(dossier)
    assert expected.digest and result.digest is None
    assert result.labels == expected.labels
    invalid = tmp_path / "dossier.toml"
    invalid.write_text('format = 1\n[establishment]\nname = "Lycée"\n', "utf-8")
    assert without.evaluate_path(invalid).digest is None


def test_a_file_named_twice_is_read_once(tmp_path, evaluate, monkeypatch):
    """Thirty names of one 2 GB file (`pieces/v.mp4`, `./pieces/v.mp4`, `././pieces/…`) were
    read thirty times (the security audit); the digest still names each of them."""
    from labelcheck.core import identity

    folder = tmp_path / "lurcat"
    shutil.copytree(EXAMPLE, folder)
    file = folder / "dossier.toml"
    piece = next(p for p in (folder / "pieces").iterdir()).relative_to(folder).as_posix()
    text = file.read_text("utf-8")
    once = evaluate(file).digest
    twice = text + f'\n[[documents]]\nid = "bis"\ntype = "preuve"\nfile = "./{piece}"\n'
    file.write_text(twice, "utf-8")
    contents = []
    read = identity._content_digest
    monkeypatch.setattr(identity, "_content_digest", lambda fd: contents.append(fd) or read(fd))
    result = evaluate(file)
    assert not result.errors and result.digest not in (None, once)
    pieces = {d.file for d in result.dossier.documents if d.file} if result.dossier else set()
    assert len(pieces) == len(contents) + 1  # one name more than files read


def test_a_dossier_whose_pieces_outlast_the_timeout_is_not_read_again(
    tmp_path, registry, monkeypatch
):
    """The timeout fell while the digest read a huge piece; the dossier's internal error then
    made the digest again, outside any deadline, and held the run for as long as it took
    (57 s with --timeout 5: the security audit)."""
    from labelcheck.core import engine as engine_module
    from labelcheck.core import run
    from labelcheck.core.engine import Engine

    made = []

    def outlasting(*_args):
        made.append(True)
        raise run.EvaluationTimeout

    engine = Engine.create(registry=registry)
    monkeypatch.setattr(engine_module, "dossier_digest", outlasting)
    result = run.evaluate_one(engine, EXAMPLE / "dossier.toml", timeout=5)
    assert result.internal_error and result.internal_error.startswith("évaluation interrompue")
    assert result.uai == "0451442Y" and result.digest is None
    assert made == [True]


SIDE = st.lists(st.tuples(st.sampled_from("AB"), st.sampled_from("xyz")), max_size=8)


def keyed(side: list[tuple[str, str]]) -> list[tuple[FindingKey, str]]:
    """(rule, message) findings of one label, keyed as a report's are."""
    keys = keys_of("0451442Y", "ldm", ((rule, "s", "ldm") for rule, _ in side))
    return [(key, message) for key, (_, message) in zip(keys, side, strict=True)]


@given(SIDE, SIDE)
def test_pairing_by_message_never_changes_how_many_findings_are_the_same(before, after):
    """The identity alone decides how many findings two sides share (as many of each identity
    as the smaller side has); the message only says which, and never adds or removes one."""
    old, new = paired(keyed(before), keyed(after))
    assert len(set(old)) == len(old) and len(set(new)) == len(new)
    by_identity = Counter(r for r, _ in before) & Counter(r for r, _ in after)
    assert len(set(old) & set(new)) == sum(by_identity.values())


@given(SIDE, SIDE)
def test_findings_with_the_same_message_on_both_sides_are_paired_first(before, after):
    old, new = paired(keyed(before), keyed(after))
    shared = set(old) & set(new)
    messages_old = dict(zip(old, (m for _, m in before), strict=True))
    messages_new = dict(zip(new, (m for _, m in after), strict=True))
    same = sum(messages_old[k] == messages_new[k] for k in shared)
    possible = Counter(before) & Counter(after)
    assert same == sum(possible.values())


SCHOOL = "0180008L"


def calls_to_mark(dossiers: int) -> int:
    """The calls of core/identity.py's functions `Baseline.mark` makes for `dossiers` dossiers of one UAI whose repository
    moved (`old/` then `new/`), every other one with a finding in the baseline."""
    baseline = Baseline()
    for index in range(dossiers):
        path = f"old/{index}/dossier.toml"
        baseline.hold(SCHOOL, path)
        if index % 2:
            key = FindingKey(SCHOOL, "e3d", "R-1", "pv-ca", "ldm")
            baseline.add(key, "m", path, "blocking")
    labels = [LabelResult("e3d", "E3D", None, dt.date(2026, 5, 20), "not-ready", (), (finding(),))]
    calls = 0

    def count(frame, event, arg):
        nonlocal calls  # identity's own: a collection's finaliser may run at any time
        calls += event == "call" and frame.f_code.co_filename == identity.__file__

    sys.setprofile(count)
    try:
        for index in range(dossiers):
            baseline.mark(SCHOOL, labels, f"new/{index}/dossier.toml")
    finally:
        sys.setprofile(None)
    return calls


def test_the_work_of_marking_a_dossier_does_not_grow_with_the_dossiers_of_its_school():
    """Each dossier was compared with every other of its UAI, and those without findings were
    given all their findings merged: 4,000 dossiers of one school took 39 s (the scaling
    audit). Counted in calls, not timed: as many more for 40 more dossiers as
    twice for 20 more."""
    twenty, forty, eighty = (calls_to_mark(dossiers) for dossiers in (20, 40, 80))
    assert eighty - forty == 2 * (forty - twenty)


def report_dossier(number: int) -> dict:
    """A dossier as a JSON report gives it: four labels of six findings, whose rules, subjects
    and refs every school shares and whose messages are its own."""
    labels = [
        {
            "label": label,
            "findings": [
                {
                    "rule": f"{label.upper()}-R{rule}",
                    "subject": f"piece-{rule}",
                    "ref": f"{label}:{rule}",
                    "severity": "blocking",
                    "message": f"Pièce {rule} absente du dossier de l'établissement {number}",
                }
                for rule in range(6)
            ],
        }
        for label in ("ldm", "euroscol", "e3d", "eduform")
    ]
    return {"path": f"dossiers/{number:05}/dossier.toml", "uai": f"{number:07}A", "labels": labels}


def held_by_baseline(dossiers: int) -> int:
    """The bytes a baseline of `dossiers` dossiers holds, measured by tracemalloc."""
    import tracemalloc

    from labelcheck.core.reports import add_to_baseline

    read = [report_dossier(number) for number in range(dossiers)]
    tracemalloc.start()
    try:
        baseline = Baseline()
        for dossier in read:
            add_to_baseline(baseline, dossier)
        held = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    assert baseline.findings
    return held


def test_a_baseline_holds_its_findings_packed():
    """A national baseline (60,000 dossiers, 1.5 million findings) held each finding as a key
    of strings with its message's digest: 450 MB in the parent and in each --jobs worker,
    some 290 bytes a finding. Packed, with the texts every school shares held once: under 80
    (the dossier's own path and UAI included)."""
    per_dossier = (held_by_baseline(1_200) - held_by_baseline(200)) / 1_000
    assert per_dossier / 24 < 80


def held_by_identities(dossiers: int) -> int:
    """The bytes `SharedIdentities` holds once it has met `dossiers` schools' five groups
    (four labels and the errors'), measured by tracemalloc; each school's UAI made as a run
    makes it, in its result, and let go with it."""
    import tracemalloc

    tracemalloc.start()
    try:
        shared = identity.SharedIdentities()
        for number in range(dossiers):
            for label in LABELS:
                assert not shared.met_before(f"{number:07}A", label)
        held = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    assert all(shared.met_before(f"{number:07}A", "ldm") for number in range(dossiers))
    return held


LABELS = ("", "ldm", "euroscol", "e3d", "eduform")


def test_the_schools_a_run_met_take_little_memory_each():
    """SARIF, Code Quality and iCalendar remember each (identity, label) met in the run: as a
    set of pairs, some 650 bytes a school, their memory 11 to 12 % higher at 10,000 dossiers
    than at 1,000; as a dict of UAIs, 95, still +13 to 14 % at 60,000. A UAI's number and its
    labels as bits in two arrays: under 50."""
    per_school = (held_by_identities(6_000) - held_by_identities(1_000)) / 5_000
    assert per_school < 50


identities_met = st.lists(
    st.tuples(
        st.sampled_from(["0180008L", "0450000F", "9999999Z", "0000000A", "path:a/dossier.toml"]),
        st.sampled_from([f"label-{number}" for number in range(70)]),
    ),
    max_size=300,
)


@given(identities_met)
def test_an_identity_and_label_is_met_before_exactly_when_it_was_met(pairs):
    """As a set of the pairs met would say, whatever the identity (a UAI or a path) and
    however many labels (past the 64 an array's bits hold)."""
    shared, met = identity.SharedIdentities(), set()
    for pair in pairs:
        assert shared.met_before(*pair) == (pair in met)
        met.add(pair)


def test_an_identity_met_again_is_told_for_each_label_apart():
    shared = identity.SharedIdentities()
    assert not shared.met_before("0180008L", "ldm")
    assert not shared.met_before("0180008L", "e3d")
    assert not shared.met_before("0450000F", "ldm")
    assert shared.met_before("0180008L", "ldm") and shared.met_before("0180008L", "e3d")
    assert not shared.met_before("0180008L", "euroscol")


def test_only_a_uai_is_read_as_a_number():
    numbers = [identity._uai_number(text) for text in ("0000000A", "9999999Z", "0180008L")]
    assert numbers == [1, 9999999 * 26 + 26, 180008 * 26 + 12]
    for text in ("0180008l", "018000L", "00180008L", "٠١٨٠٠٠٨L", "path:0180008L", ""):
        assert identity._uai_number(text) == 0
