"""Results read from TOML files (fixtures/*-result.toml), and a way to run a writer as the CLI does."""

from __future__ import annotations

import dataclasses
import io
import tomllib
from pathlib import Path
from typing import Literal, overload

from labelcheck.core.dossier import Dossier
from labelcheck.core.engine import Engine
from labelcheck.core.errors import InputError
from labelcheck.core.report import (
    CriterionResult,
    DossierResult,
    Finding,
    Grade,
    LabelResult,
    SharedEvidence,
    Step,
    Summary,
    WaiverUse,
)
from labelcheck.core.writers import writer_classes

FIXTURES = Path(__file__).parent / "fixtures"
EXAMPLES = Path(__file__).parents[2] / "examples"
# The formats whose writer writes text; pdf alone writes bytes (Writer.binary).
TextFormat = Literal["text", "json", "jsonl", "junit", "markdown", "html"]


def load_result(name: str) -> DossierResult:
    """A DossierResult written out in TOML (fixtures/*-result.toml), with its dossier."""
    data = tomllib.loads((FIXTURES / name).read_text(encoding="utf-8"))
    dossier = None
    if "dossier" in data:
        dossier = Dossier.model_validate(
            tomllib.loads((FIXTURES / data["dossier"]).read_text(encoding="utf-8"))
        )
    labels = tuple(_label(label) for label in data.get("labels", []))
    return DossierResult(
        data["path"],
        data.get("uai"),
        data.get("name"),
        tuple(InputError(**error) for error in data.get("errors", [])),
        labels,
        tuple(
            SharedEvidence(s["id"], s["kind"], tuple(s["refs"]))
            for s in data.get("shared_evidence", [])
        ),
        tuple(data.get("links", [])),
        dossier=dossier,
        profile=data.get("profile"),
        profile_reason=data.get("profile_reason"),
    )


def example_folder() -> list[DossierResult]:
    """Every dossier of examples/, evaluated as `labelcheck evaluate examples/` does."""
    engine = Engine.create()
    return [
        engine.evaluate_path(path, f"examples/{path.parent.name}/dossier.toml")
        for path in sorted(EXAMPLES.glob("*/dossier.toml"))
    ]


def wide_folder() -> list[DossierResult]:
    """Four schools with six labels, long names and long unbroken ids (wide-result.toml), and an
    invalid dossier: what stretches every table of the report."""
    wide = load_result("wide-result.toml")
    schools = [
        dataclasses.replace(
            wide, name=f"{wide.name} ({n})", uai=uai, path=wide.path.replace("2026", f"2026-{n}")
        )
        for n, uai in enumerate(("0180036S", "0180008L", "0451442Y", "0450000F"), 1)
    ]
    return [*schools, load_result("invalid-result.toml")]


def _label(data: dict) -> LabelResult:
    return LabelResult(
        label=data["label"],
        name=data["name"],
        application=data.get("application"),
        as_of=data["as_of"],
        verdict=data["verdict"],
        criteria=tuple(
            CriterionResult(
                **{
                    **c,
                    "evidence": tuple(c.get("evidence", ())),
                    "grades": tuple(Grade(**g) for g in c.get("grades", ())),
                }
            )
            for c in data.get("criteria", [])
        ),
        findings=tuple(Finding(**f) for f in data.get("findings", [])),
        held=data.get("held"),
        equivalences=tuple(data.get("equivalences", [])),
        waivers=tuple(WaiverUse(**w) for w in data.get("waivers", [])),
        steps=tuple(Step(**s) for s in data.get("steps", [])),
    )


@overload
def render(
    fmt: TextFormat, results: list[DossierResult], profile: str = ..., details: bool = ...
) -> str: ...
@overload
def render(
    fmt: Literal["pdf"], results: list[DossierResult], profile: str = ..., details: bool = ...
) -> bytes: ...
@overload
def render(
    fmt: str, results: list[DossierResult], profile: str = ..., details: bool = ...
) -> str | bytes: ...
def render(
    fmt: str, results: list[DossierResult], profile: str = "auto", details: bool = False
) -> str | bytes:
    """Run the writer of `fmt` over `results` as the CLI does, and return what it wrote."""
    writer_class = writer_classes()[fmt]
    out = io.BytesIO() if writer_class.binary or writer_class.utf8 else io.StringIO()
    writer = writer_class(out, profile, details=details)
    summary = Summary()
    for result in results:
        summary.add(result)
        writer.dossier(result)
    writer.close(summary)
    written = out.getvalue()
    return written.decode() if isinstance(written, bytes) and writer_class.utf8 else written
