"""What stays the same between two evaluations: a dossier's and a finding's identity, the
digests of what was judged (the dossier's files, the profile, the rules) and the tool's version.

The contract (cli-and-report 1.1, « Comparing evaluations ») matches dossiers by UAI (else
path) and findings by dossier, label, rule, subject and ref, never by message or line: a
reworded message or an entry moved in the file is not a new finding. Every output that tells
findings apart across runs (compare, --baseline, SARIF and Code Quality fingerprints) uses
these keys, so that they agree.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import stat
import struct
from array import array
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from labelcheck.core.report import SEVERITY_ORDER

if TYPE_CHECKING:
    from labelcheck.core.dossier import Dossier
    from labelcheck.core.profiles import Profile
    from labelcheck.core.registry import Plugin, Registry
    from labelcheck.core.report import DossierResult, Finding, LabelResult

DIGEST = "sha256"


class FindingKey(NamedTuple):
    """A finding's identity. `occurrence` tells apart findings identical in the other five
    (0 for the first, in the report's order): rare, but two must never merge into one."""

    dossier: str
    label: str
    rule: str
    subject: str
    ref: str
    occurrence: int = 0

    def fingerprint(self) -> str:
        """A stable hex digest of the key, for SARIF and GitLab Code Quality."""
        text = "\x1f".join((*self[:5], str(self.occurrence)))
        return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


class SharedIdentities:
    """The (dossier, label) pairs a CI report (SARIF, Code Quality) has met, in the run's order.

    Two dossiers of one UAI both judging a label (a school keeping one dossier per label, each
    holding the other's label; last year's copy left in the repository) give their findings
    the same identity, so the same fingerprints: GitLab and GitHub keep one of each and drop
    the other. The first met keeps its fingerprints; the others' are told apart by the
    dossier's path (`placed`), so that moving the only dossier of a school changes nothing.
    A pair is met whether the dossier has problems there or not: the first one's findings all
    fixed, the next one's must not take its fingerprints."""

    def __init__(self) -> None:
        # The labels met of each identity, one bit a label (`bits`): a UAI's in `schools`, 12
        # bytes a school; any other identity's (a dossier without a valid UAI) in `met`. A
        # national run meets 60,000 schools: a set of (identity, label) pairs held about 600
        # bytes for each, and the SARIF, Code Quality and iCalendar runs' memory grew by 13 to
        # 14 % from 1,000 dossiers to 60,000 still with a dict of their UAIs.
        self.schools = _SchoolBits()
        self.met: dict[str, int] = {}
        self.bits: dict[str, int] = {}

    def met_before(self, dossier: str, label: str) -> bool:
        """Whether another dossier of this identity judged `label` earlier in the run; the
        pair is met from now on. iCalendar's UIDs are told apart the same way (campaign)."""
        bit = self.bits.get(label)
        if bit is None:
            bit = self.bits[label] = 1 << len(self.bits)
        school = _uai_number(dossier) if bit < _SchoolBits.MOST_BITS else 0
        labels = self.schools.get(school) if school else self.met.get(dossier, 0)
        if labels & bit:
            return True
        if school:
            self.schools.set(school, labels | bit)
        else:
            self.met[dossier] = labels | bit
        return False

    def placed(self, text: bytes, groups: Iterable[tuple[str, str, str, list[str]]]) -> bytes:
        """A dossier's rendered entries, its fingerprints replaced where its (dossier, label)
        was met before; `groups`: (dossier, label, path, fingerprints) of each of its labels
        (`fingerprint_groups`)."""
        for dossier, label, path, fingerprints in groups:
            if not self.met_before(dossier, label):
                continue
            for fingerprint in fingerprints:
                text = text.replace(fingerprint.encode(), placed(fingerprint, path).encode())
        return text


def _uai_number(identity: str) -> int:
    """A UAI's own number, from 1 (0000000A) to 260 million (9999999Z); 0 for any other text."""
    digits, letter = identity[:7], identity[7:]
    if len(identity) == 8 and digits.isascii() and digits.isdigit() and "A" <= letter <= "Z":
        return int(digits) * 26 + ord(letter) - ord("A") + 1
    return 0


class _SchoolBits:
    """Each school's bits by its UAI's number (`_uai_number`), in two flat arrays (open
    addressing, the number its own key, never more than half full): 12 bytes a school, where
    a dict held its UAI's text and an entry, some 95."""

    MOST_BITS = 1 << 64  # the bits an `array("Q")` holds: 64 labels

    def __init__(self) -> None:
        self.keys, self.values = _empty_slots(1024)  # a key 0: an empty slot
        self.count = 0

    def get(self, key: int) -> int:
        return self.values[self._slot(key)]

    def set(self, key: int, value: int) -> None:
        slot = self._slot(key)
        if not self.keys[slot]:
            self.keys[slot] = key
            self.count += 1
        self.values[slot] = value
        if 2 * self.count > len(self.keys):
            self._grow()

    def _slot(self, key: int) -> int:
        """The slot holding `key`, else the empty one it would take."""
        keys, last = self.keys, len(self.keys) - 1
        slot = (key * 2654435761) & last  # Knuth's multiplier: close numbers spread apart
        while keys[slot] and keys[slot] != key:
            slot = (slot + 1) & last
        return slot

    def _grow(self) -> None:
        keys, values = self.keys, self.values
        self.keys, self.values = _empty_slots(2 * len(keys))
        self.count = 0
        for key, value in zip(keys, values, strict=True):
            if key:
                self.set(key, value)


def _empty_slots(size: int) -> tuple[array[int], array[int]]:
    return array("I", bytes(4 * size)), array("Q", bytes(8 * size))


def placed(fingerprint: str, path: str) -> str:
    """The fingerprint of a finding of a dossier sharing its identity with another's
    (`SharedIdentities`): the finding's own, with where its dossier is."""
    return hashlib.sha256(f"{fingerprint}\x1f{path}".encode("utf-8", "surrogatepass")).hexdigest()


def fingerprint_groups(
    result: DossierResult, found: Iterable[tuple[str, str]]
) -> list[tuple[str, str, str, list[str]]]:
    """(dossier, label, path, fingerprints) for each label the dossier judges, with or without
    problems, and for its errors (label ""), as `SharedIdentities.placed` reads them; `found`:
    (label, fingerprint) of each of its problems."""
    dossier = dossier_key(result.uai, result.path)
    groups: dict[str, list[str]] = {"": [], **{label.label: [] for label in result.labels}}
    for label, fingerprint in found:
        groups.setdefault(label, []).append(fingerprint)
    return [(dossier, label, result.path, prints) for label, prints in groups.items()]


def dossier_key(uai: str | None, path: str) -> str:
    """A dossier's identity across runs: its UAI, else its path (an invalid dossier may have none)."""
    return uai or f"path:{path}"


def finding_keys(dossier: str, label: str, findings: Iterable[Finding]) -> Iterator[FindingKey]:
    """The key of each finding of one label, in the findings' order."""
    return keys_of(dossier, label, ((f.rule, f.subject, f.ref) for f in findings))


def keys_of(
    dossier: str, label: str, identities: Iterable[tuple[str, str, str]]
) -> Iterator[FindingKey]:
    """The key of each (rule, subject, ref) of one label, numbering the repeats in order."""
    seen: Counter[tuple[str, str, str]] = Counter()
    for identity in identities:
        yield FindingKey(dossier, label, *identity, seen[identity])
        seen[identity] += 1


def paired(
    before: list[tuple[FindingKey, str]], after: list[tuple[FindingKey, str]]
) -> tuple[list[FindingKey], list[FindingKey]]:
    """The keys of two sides' findings of one label (each with its message), renumbered so that
    among findings identical in the five parts of their identity, those with the same message
    on both sides get the same key. The identity alone decides how many are the same (as many
    as the smaller side has); the message only says which: two Eduform findings on one
    indicator without their fiche where one was, the one already told is the one still there,
    not the other (the contract audit)."""
    if not any(key.occurrence for key, _ in (*before, *after)):
        return [key for key, _ in before], [key for key, _ in after]  # no identity repeated
    shared = Counter(_messages(before)) & Counter(_messages(after))
    return _renumbered(before, shared), _renumbered(after, shared)


def _messages(side: list[tuple[FindingKey, str]]) -> Iterator[tuple[tuple, str]]:
    return ((tuple(key[:5]), message) for key, message in side)


def _renumbered(side: list[tuple[FindingKey, str]], shared: Counter) -> list[FindingKey]:
    """Each identity's findings numbered: those with a shared message first, in message
    order (the same on both sides), then the others in the side's order."""
    left = Counter(shared)
    first: dict[tuple, list[tuple[str, int]]] = {}  # identity -> (message, position) shared
    rest: dict[tuple, list[int]] = {}
    for position, (key, message) in enumerate(side):
        identity = tuple(key[:5])
        if left[identity, message]:
            left[identity, message] -= 1
            first.setdefault(identity, []).append((message, position))
        else:
            rest.setdefault(identity, []).append(position)
    keys: list[FindingKey] = [key for key, _ in side]
    for identity in {*first, *rest}:
        order = [p for _, p in sorted(first.get(identity, []))] + rest.get(identity, [])
        for occurrence, position in enumerate(order):
            keys[position] = keys[position]._replace(occurrence=occurrence)
    return keys


class Baseline:
    """The findings of an earlier report (`evaluate --baseline`), by dossier and label: a
    finding is new when its key is not among them (`paired`: with its message), or when it is
    graver now than it was then (a warning a profile made blocking: « what a change broke »,
    as `compare` counts it among what got worse). A school keeping several dossiers under its
    UAI has each dossier's findings apart, by path."""

    def __init__(self, findings: Iterable[tuple[FindingKey, str]] = ()):
        # Each label's findings of a dossier packed in bytes (`_RECORD`), their texts numbered
        # in `texts`, read back as `Known` when the dossier is marked: a national baseline's
        # 1.5 million findings as tuples of strings were 450 MB in the parent and in each
        # --jobs worker (each message is kept as its short digest: `paired` only asks whether
        # two are equal, and sorts them alike on both sides).
        self.findings: dict[tuple[str, str], _Leaf] = {}
        self.texts = _Texts()
        # The paths of each identity's dossiers, with findings or not: one without findings
        # of a label is matched to itself, not to another dossier of its school.
        self.places: dict[str, _Places] = {}
        self.pooled: dict[tuple[str, str], list[Known]] = {}
        for key, message in findings:
            self.hold(key.dossier, "")
            self.add(key, message)

    def hold(self, dossier: str, path: str) -> None:
        """The dossier at `path` is in the baseline's report, whatever its findings. A path
        alone, not a set: most schools keep one dossier, and a national baseline has 60,000."""
        held = self.places.get(dossier)
        if held is None:
            self.places[dossier] = path
        elif isinstance(held, str):
            if held != path:
                self.places[dossier] = _Ends((held, path))
        else:
            held.add(path)

    def add(self, key: FindingKey, message: str, path: str = "", severity: str = "") -> None:
        """`severity` "" when the report does not say it: the finding then counts as known
        whatever its severity now."""
        self._packed(key.dossier, key.label, path).extend(
            self._record(key.rule, key.subject, key.ref, key.occurrence, message, severity)
        )

    def add_label(
        self, dossier: str, label: str, path: str, findings: Iterable[tuple[str, ...]]
    ) -> None:
        """The findings of one label of a report's dossier, each (rule, subject, ref, message,
        severity): `add` for each, its occurrence numbered as `keys_of` numbers it. The three
        lines of numbering are `keys_of`'s, inline: a shared generator cost reading a national
        baseline 12 % more (1.8 s), before its first dossier is judged."""
        seen: Counter[tuple[str, str, str]] = Counter()
        records = []
        for rule, subject, ref, message, severity in findings:
            occurrence = seen[rule, subject, ref]
            seen[rule, subject, ref] = occurrence + 1
            records.append(self._record(rule, subject, ref, occurrence, message, severity))
        # Added at once: a bytearray grown a record at a time holds an eighth more.
        self._packed(dossier, label, path).extend(b"".join(records))

    def _packed(self, dossier: str, label: str, path: str) -> bytearray:
        """The records of `label`'s findings of the dossier at `path`, to add to."""
        key = (dossier, self.texts.shared(label))
        leaf = self.findings.get(key)
        if leaf is None:
            leaf = self.findings[key] = (path, bytearray())
        if isinstance(leaf, tuple):
            if leaf[0] == path:
                return leaf[1]
            leaf = self.findings[key] = dict((leaf,))
        packed = leaf.get(path)
        if packed is None:
            packed = leaf[path] = bytearray()
        return packed

    def _record(
        self, rule: str, subject: str, ref: str, occurrence: int, message: str, severity: str
    ) -> bytes:
        number = self.texts.number
        return _RECORD.pack(
            number(rule),
            number(subject),
            number(ref),
            occurrence,
            _digest(message),
            number(severity),
        )

    def add_errors(self, dossier: str, errors: Iterable[tuple[str, str]], path: str = "") -> None:
        """An invalid dossier's errors, each (key path, message) as its report gives them."""
        for key in _error_keys(dossier, errors):
            self.add(key, "", path)

    def errors_marked(self, result: DossierResult) -> DossierResult:
        """`result`, each of its errors marked new unless the baseline's report of the dossier
        holds it: the same key path and message (not the line: an entry moved is the same
        error), found as the dossier's findings are (`_same_dossier`)."""
        dossier = dossier_key(result.uai, result.path)
        before = self._before(dossier, ERRORS, self._place(dossier, result.path))
        known = {key for key, _, _ in before}
        identities = ((e.path, e.full_message) for e in result.errors)
        marked = [
            dataclasses.replace(error, new=key not in known)
            for key, error in zip(_error_keys(dossier, identities), result.errors, strict=True)
        ]
        return dataclasses.replace(result, errors=tuple(marked))

    def mark(self, dossier: str, labels: Iterable[LabelResult], path: str = "") -> None:
        place = self._place(dossier, path)
        for label in labels:
            keys = finding_keys(dossier, label.label, label.findings)
            before = self._before(dossier, label.label, place)
            after = [(key, _short(f.message)) for key, f in zip(keys, label.findings, strict=True)]
            known, now = paired([(key, message) for key, message, _ in before], after)
            was = {key: severity for key, (_, _, severity) in zip(known, before, strict=True)}
            for key, finding in zip(now, label.findings, strict=True):
                then = was.get(key)
                finding.new = then is None or (
                    then in SEVERITY_ORDER
                    and SEVERITY_ORDER[finding.severity] < SEVERITY_ORDER[then]
                )

    def _place(self, dossier: str, path: str) -> str | None:
        """The path of the baseline's dossier `path` is (`_Ends.closest`); None when its
        identity has several there and none is it."""
        held = self.places.get(dossier)
        if held is None or isinstance(held, str):
            return held  # one dossier of its identity: itself, wherever it went
        return held.closest(path)

    def _before(self, dossier: str, label: str, place: str | None) -> list[Known]:
        """The findings of `label` of the baseline's dossier at `place`; with no place, those
        of every dossier of the identity, merged once (nothing tells which is which). Merged
        always, two dossiers of one school hid each other's new findings (a piece removed from
        the second, found missing in the first: not new; the property audit)."""
        by_path = self.findings.get((dossier, label))
        if not by_path:
            return []
        if isinstance(by_path, tuple):  # one dossier of the identity has findings of the label
            path, packed = by_path
            return self._unpacked(dossier, label, packed) if place in (None, path) else []
        if place is not None:
            return self._unpacked(dossier, label, by_path.get(place, b""))
        pooled = self.pooled.get((dossier, label))
        if pooled is None:
            pooled = [
                finding
                for packed in by_path.values()
                for finding in self._unpacked(dossier, label, packed)
            ]
            self.pooled[dossier, label] = pooled
        return pooled

    def _unpacked(self, dossier: str, label: str, packed: bytes | bytearray) -> list[Known]:
        text = self.texts.text
        return [
            (
                FindingKey(dossier, label, text[rule], text[subject], text[ref], occurrence),
                digest.hex(),
                text[severity],
            )
            for rule, subject, ref, occurrence, digest, severity in _RECORD.iter_unpack(packed)
        ]


# A finding of the baseline: its key, its message's digest, its severity then ("" unknown).
Known = tuple[FindingKey, str, str]
# An identity's findings of a label, packed (`_RECORD`), by the path of the dossier they are
# in: (path, records) for one dossier, as most schools keep (a dict each was a third of a
# national baseline's memory), else {path: records}.
_Leaf = tuple[str, bytearray] | dict[str, bytearray]
# A finding of the baseline packed: the numbers of its rule, subject and ref (`_Texts`), its
# occurrence, its message's digest (`_short`, 8 bytes) and the number of its severity.
_RECORD = struct.Struct("<IIII8sI")


class _Texts:
    """The texts of a baseline's findings, each held once and named by its number: a few
    thousand rules, subjects and refs, repeated by 60,000 dossiers."""

    def __init__(self) -> None:
        self.text: list[str] = []
        self.numbers: dict[str, int] = {}

    def shared(self, text: str) -> str:
        """`text` as held here: one object for the label ids of 60,000 dossiers."""
        return self.text[self.number(text)]

    def number(self, text: str) -> int:
        number = self.numbers.get(text)
        if number is None:
            number = self.numbers[text] = len(self.text)
            self.text.append(text)
        return number


# The label an invalid dossier's errors are kept under in a baseline: no label's id.
ERRORS = ""


def _error_keys(dossier: str, errors: Iterable[tuple[str, str]]) -> Iterator[FindingKey]:
    """The key of each (key path, message) of a dossier's errors: the message is part of the
    error's identity (another error at the same key is a new one), repeats numbered."""
    return keys_of(dossier, ERRORS, (("input-error", path, _short(m)) for path, m in errors))


class _Ends:
    """The paths of one identity's dossiers in the baseline, by their endings, so that a
    dossier finds its own in as many steps as its path has components, not one per dossier
    of its school (4,000 dossiers of one UAI in a moved repository: 39 s, the scaling audit).
    Indexed at the first question: most schools keep one dossier and are never asked."""

    def __init__(self, paths: Iterable[str]):
        self.paths = set(paths)
        self.ends: dict[tuple[str, ...], list[str]] | None = None

    def add(self, path: str) -> None:
        self.paths.add(path)
        self.ends = None

    def closest(self, path: str) -> str | None:
        """`path` itself; else, the repository having moved, the one whose path ends the most
        like it (`old/b/dossier.toml` for `new/b/dossier.toml`); else None, when nothing tells
        them apart."""
        if path in self.paths:
            return path
        if self.ends is None:
            self.ends = self._index()
        parts = tuple(path.split("/"))
        for start in range(len(parts)):
            found = self.ends.get(parts[start:])
            if found:
                return found[0] if len(found) == 1 else None
        return None

    def _index(self) -> dict[tuple[str, ...], list[str]]:
        ends: dict[tuple[str, ...], list[str]] = {}
        for known in self.paths:
            parts = tuple(known.split("/"))
            for start in range(len(parts)):
                ends.setdefault(parts[start:], []).append(known)
        return ends


# Where an identity's dossiers are in the baseline: the path of its only one, or all of them.
_Places = str | _Ends


def _short(message: str) -> str:
    """A message's digest, as `Baseline` pairs messages: 16 characters, not hundreds."""
    return _digest(message).hex()


def _digest(message: str) -> bytes:
    return hashlib.blake2b(message.encode("utf-8", "surrogatepass"), digest_size=8).digest()


# -- digests of what was judged --------------------------------------------------------------


def _sha256(*parts: bytes) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(len(part).to_bytes(8, "big"))  # length-prefixed: no two splits collide
        digest.update(part)
    return f"{DIGEST}:{digest.hexdigest()}"


def dossier_digest(path: Path, text: str | None, dossier: Dossier | None) -> str | None:
    """The digest of a dossier's files: the dossier file (`text`, as read) and each piece it
    names that is there, by name and content. The same folder on two machines gives the same
    digest (no dates, no absolute paths); a piece added, replaced or removed changes it. None
    for a file that could not be read (a file read that is not UTF-8 has one)."""
    if text is None:
        return None
    parts = [path.name.encode(), text.encode("utf-8", "surrogateescape")]  # the bytes read
    if dossier is not None:
        folder = os.path.dirname(path) or "."  # `str(path.parent)`, without pathlib (0.6 µs)
        read: dict[tuple[int, int], bytes] = {}  # each file's content read once
        for name in sorted({d.file for d in dossier.documents if d.file}):
            # validation refused names that leave the folder
            content = _file_digest(os.path.join(folder, name), read)
            parts += [name.encode("utf-8", "surrogatepass"), content]
    return _sha256(*parts)


def _file_digest(file: str, read: dict[tuple[int, int], bytes]) -> bytes:
    """The SHA-256 of a regular file's content; b"" when there is none (missing, unreadable,
    a folder, a device). Opened first, then checked, with no pathlib in between: a third of
    the time of asking whether it is a file, then reading it (measured: 3 against 9 µs a
    piece). Opened without blocking, as a FIFO would wait for a writer. A file the dossier
    names twice (`pieces/x.pdf`, `./pieces/x.pdf`, a link) is read once: `read`, by device
    and inode (thirty names of one huge file were read thirty times: the security audit)."""
    try:
        fd = os.open(file, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return b""
    try:
        status = os.fstat(fd)
        if not stat.S_ISREG(status.st_mode):
            return b""
        if (known := read.get((status.st_dev, status.st_ino))) is not None:
            return known
        read[status.st_dev, status.st_ino] = _content_digest(fd)
        return read[status.st_dev, status.st_ino]
    except OSError:
        return b""
    finally:
        os.close(fd)


def _content_digest(fd: int) -> bytes:
    """The SHA-256 of what `fd` reads to its end."""
    digest = hashlib.sha256()
    while chunk := os.read(fd, 1 << 20):
        digest.update(chunk)
    return digest.digest()


def profile_digest(profile: Profile) -> str:
    """The digest of a profile's values, after `extends` is resolved."""
    return _sha256(profile.model_dump_json().encode())


def profiles_digest(digests: dict[str, str]) -> str:
    """The digest of a run judging each dossier under its academy's profile: of every profile
    it may use, by name."""
    return _sha256(*(f"{name}={digest}".encode() for name, digest in sorted(digests.items())))


def plugin_digest(plugin: Plugin) -> str:
    """The digest of what a plugin declares: its labels, document types, equivalences, rule
    kinds and the content of its rule, requirement and profile files. A rule changed without a
    new version number still changes it."""
    parts: list[bytes] = []
    for model in (*plugin.labels, *plugin.document_types, *plugin.equivalences):
        parts.append(model.model_dump_json().encode())
    parts += [f"{kind.__module__}.{kind.__qualname__}".encode() for kind in plugin.rule_kinds]
    for file in (*plugin.rule_files, *plugin.requirement_files, *plugin.profile_files):
        parts += [file.name.encode(), file.read_bytes()]
    return _sha256(*parts)


def tool(registry: Registry, version: str) -> dict:
    """labelcheck's version and, for each working plugin, its package, version and digest;
    and, when a plugin is disabled for its errors, which and why (`disabled_plugins`): a
    report kept as a CI artefact says its labels were left out, not only the run's stderr."""
    out: dict = {
        "name": "labelcheck",
        "version": version,
        "plugins": [
            {
                "name": plugin.name,
                "package": plugin.package,
                "version": plugin.version,
                "digest": plugin_digest(plugin),
            }
            for plugin in sorted(registry.working, key=lambda p: p.name)
        ],
    }
    if registry.broken:
        out["disabled_plugins"] = [
            {
                "name": plugin.name,
                "package": plugin.package,
                "version": plugin.version,
                # Whether its labels are left out, or only its rules on others' labels.
                "declares_labels": plugin.declares_labels,
                # With the file each is in: a plugin has several (référentiel, rules…).
                "errors": [{"file": error.file, **error.as_dict()} for error in plugin.errors],
            }
            for plugin in sorted(registry.broken, key=lambda p: p.name)
        ]
    return out
