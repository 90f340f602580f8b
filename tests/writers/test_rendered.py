"""Workers render every format: a writer's `render` gives a dossier's output and a small value it
keeps for `close`, both sent between processes; the parent only writes them.

Contract: issue 13 (national scale): `--jobs` workers render every format themselves, memory flat
in the number of dossiers; a writer failing on one dossier makes it an internal error, the batch
going on.
"""

from __future__ import annotations

import io
import json
import pickle
import subprocess
import sys
from pathlib import Path

import pytest
from labelcheck.core import cli
from labelcheck.core.engine import Engine
from labelcheck.core.report import DossierResult, Summary
from labelcheck.core.run import EngineSettings, Progress, evaluate_all
from labelcheck.core.writers import Rendered, Writer, ics, writer_classes
from labelcheck.core.writers.json import JsonLinesWriter
from labelcheck.core.writers.markdown import MarkdownWriter
from report_fixtures import EXAMPLES

FORMATS = sorted(writer_classes())


def writer_for(fmt: str, **options) -> tuple[Writer, io.IOBase]:
    writer_class = writer_classes()[fmt]
    out = io.BytesIO() if writer_class.binary or writer_class.utf8 else io.StringIO()
    return writer_class(out, "auto", **options), out


def written(writer: Writer, out, results: list[DossierResult], rendered: bool) -> str | bytes:
    """What `writer` writes of `results`: each passed to `dossier`, or rendered by another writer of
    its class (as a --jobs worker does) and sent through pickle to `write_rendered`."""
    renderer = type(writer)(None, **writer.options())
    summary = Summary()
    for position, result in enumerate(results):
        summary.add(result)
        if rendered:
            sent = pickle.loads(pickle.dumps(renderer.render(result, position)))
            writer.write_rendered(sent)
        else:
            writer.dossier(result)
    writer.close(summary)
    return out.getvalue()


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_dossier_rendered_elsewhere_is_written_as_if_given_whole(
    fmt, multilabel, invalid, lurcat, monkeypatch
):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1796169600")
    results = [multilabel, invalid, lurcat, multilabel]
    whole = written(*writer_for(fmt), results, rendered=False)
    assert written(*writer_for(fmt), results, rendered=True) == whole


@pytest.mark.parametrize("fmt", FORMATS)
def test_what_a_writer_keeps_of_a_dossier_is_small_and_never_its_result(fmt, multilabel):
    writer = writer_classes()[fmt](None, "auto")
    rendered = writer.render(multilabel, 0)
    assert isinstance(rendered, Rendered)
    assert isinstance(rendered.text, bytes if writer.utf8 or writer.binary else str)
    kept = pickle.dumps(rendered.keep)
    assert b"DossierResult" not in kept and b"LabelResult" not in kept
    assert len(kept) < 20_000, len(kept)


def test_the_summary_only_markdown_is_rendered_so_by_a_worker():
    writer = MarkdownWriter(io.BytesIO(), "auto", summary_only=True)
    renderer = type(writer)(None, **writer.options())
    assert renderer.summary_only


def test_a_combined_report_anchors_a_school_by_its_position(multilabel):
    writer = writer_classes()["html"](None, "auto")
    assert b'id="etablissement-7"' in writer.render(multilabel, 6).text


def test_the_calendar_sorts_events_spilled_in_runs_as_if_held_whole(
    multilabel, lurcat, monkeypatch
):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1796169600")
    results = [lurcat, multilabel, lurcat, multilabel, lurcat]
    whole = written(*writer_for("ics"), results, rendered=True)
    monkeypatch.setattr(ics, "SPILL_EVENTS", 3)
    writer, out = writer_for("ics")
    assert written(writer, out, results, rendered=True) == whole
    assert len(writer.runs) > 2  # the events did go to temporary files
    assert whole.count(b"BEGIN:VEVENT") > 3 * 2


class FailingOnMultilabel(JsonLinesWriter):
    """A writer with a bug on one dossier's content."""

    def render(self, result: DossierResult, position: int = 0) -> Rendered:
        if "multilabel" in result.path and result.internal_error is None:
            raise RuntimeError("le rendu échoue")
        return super().render(result, position)


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_writer_failing_on_one_dossier_makes_it_an_internal_error_the_others_intact(jobs):
    engine = Engine.create()
    targets = [
        EXAMPLES / name / "dossier.toml" for name in ("lp-jean-lurcat", "lycee-multilabel")
    ] * 2
    out = io.BytesIO()
    writer = FailingOnMultilabel(out, "auto")
    summary, _ = cli._run(
        evaluate_all(engine, targets, jobs, EngineSettings(timeout=0), writer),
        writer,
        Progress(None),
    )
    dossiers = [json.loads(line) for line in out.getvalue().splitlines()[:-1]]
    assert [Path(d["path"]).parent.name for d in dossiers] == [
        "lp-jean-lurcat",
        "lycee-multilabel",
    ] * 2
    assert summary.internal_errors == 2
    for lurcat, multilabel in (dossiers[0:2], dossiers[2:4]):
        assert "internal_error" not in lurcat and lurcat["labels"]
        assert multilabel["internal_error"].startswith("RuntimeError: le rendu échoue (dans ")


def test_workers_render_for_the_writer_and_the_parent_gets_no_result():
    engine = Engine.create()
    targets = [EXAMPLES / "lp-jean-lurcat" / "dossier.toml"] * 3
    writer = writer_classes()["html"](io.BytesIO(), "auto")
    done = list(evaluate_all(engine, targets, 2, EngineSettings(timeout=0), writer))
    assert [d.result for d in done] == [None] * 3
    anchors = [d.rendered.text.count(b'id="etablissement-') for d in done if d.rendered]
    assert anchors == [1, 1, 1]
    assert [d.rendered.keep[0].anchor for d in done if d.rendered] == [
        f"etablissement-{n}" for n in (1, 2, 3)
    ]


def test_a_json_run_never_imports_the_human_reports_writers():
    code = (
        "import sys; from labelcheck.core.writers import writer_classes; "
        "writer_classes('json')['json']; "
        "print(sorted(m for m in sys.modules if m.startswith('labelcheck.core.writers.')))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert "labelcheck.core.writers.json" in loaded
    for module in ("html", "markdown", "pdf", "combined", "junit", "ics"):
        assert f"labelcheck.core.writers.{module}'" not in loaded, module


def test_the_formats_are_listed_without_importing_them():
    assert {"text", "json", "jsonl", "junit", "markdown", "html", "ics"} <= set(writer_classes())
    with pytest.raises(KeyError):
        writer_classes()["docx"]
