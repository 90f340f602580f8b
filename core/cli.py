"""The `labelcheck` command line (contract: spec/cli-and-report.md)."""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import sys
from collections.abc import Iterator
from pathlib import Path

import click
from labelcheck.core import french
from labelcheck.core.engine import Engine
from labelcheck.core.errors import LabelcheckError, closest, with_suggestion
from labelcheck.core.loading import discover
from labelcheck.core.output import OutputError, refuse_input_overwrite, report_stream
from labelcheck.core.registry import Registry
from labelcheck.core.report import Outcome, Summary
from labelcheck.core.ruleset import load_rules
from labelcheck.core.run import (
    DEFAULT_TIMEOUT,
    EXIT_INPUT,
    EXIT_INTERNAL,
    EngineSettings,
    Evaluated,
    Interrupted,
    Progress,
    abandonable,
    describe,
    evaluate_all,
    exit_status,
    failed,
    run_signals,
    stop_signal,
    take_shard,
    worse,
)
from labelcheck.core.starter import SCHEMA_FILE, schema_text, starter_dossier
from labelcheck.core.visible import visible, visible_text
from labelcheck.core.writers import Writer, unavailable, writer_classes

FORMATS = ("text", "json", "jsonl", "junit", "markdown", "html", "pdf")


class IsoDate(click.ParamType):
    name = "DATE"

    def convert(self, value, param, ctx):
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            self.fail(f"{value!r} is not a date: expected YYYY-MM-DD", param, ctx)


class Shard(click.ParamType):
    name = "I/N"

    def convert(self, value, param, ctx):
        if isinstance(value, tuple):
            return value
        index, _, count = str(value).partition("/")
        if not (index.isdigit() and count.isdigit() and 1 <= int(index) <= int(count)):
            self.fail(f"{value!r} is not a shard: expected I/N with 1 <= I <= N, e.g. 2/4", param, ctx)
        return int(index), int(count)


def fail(error: LabelcheckError) -> None:
    """Report a configuration or usage error (exit 2), every detail included."""
    click.echo(f"labelcheck: {visible_text(error)}", err=True)  # a profile's or a path's text, shown safe
    for detail in error.errors:
        click.echo(f"  {visible_text(detail)}", err=True)
    sys.exit(EXIT_INPUT)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="labelcheck")
def main() -> None:
    """Check quality-label dossiers of French vocational schools."""


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--label", "labels", multiple=True, metavar="L", help="Evaluate only this label (repeatable).")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True)
@click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True), help="Write the report here.")
@click.option("--as-of", type=IsoDate(), help="Judge every label at this date (default: audit date, else today).")
@click.option("--profile", default=None, metavar="NAME|FILE", help="Academic profile (default: national).")
@click.option("--fail-on", type=click.Choice(["blocking", "warning", "never"]), default="blocking", show_default=True)
@click.option("--jobs", type=click.IntRange(min=1), default=1, show_default=True, help="Processes for many dossiers.")
@click.option("--shard", type=Shard(), default=None, metavar="I/N",
              help="Evaluate only the I-th of N shares of the dossiers (CI matrices).")
@click.option("--timeout", type=click.FloatRange(min=0), default=DEFAULT_TIMEOUT, show_default=True,
              metavar="SECONDES", help="Durée maximale de l'évaluation d'un dossier (0 : sans limite).")
def evaluate(paths, labels, fmt, output, as_of, profile, fail_on, jobs, shard, timeout) -> None:
    """Evaluate dossiers (files, or folders searched recursively)."""
    writers = writer_classes(fmt)
    if fmt not in writers:
        fail(LabelcheckError(unavailable(fmt)))
    if output is not None:
        try:
            refuse_input_overwrite(output, paths)
        except LabelcheckError as error:
            fail(error)
    on_terminal = output is None and sys.stdout.isatty()
    color = on_terminal and not os.environ.get("NO_COLOR")  # no-color.org: set and not empty
    with run_signals():
        engine = _engine(profile, as_of, labels)
        # The run's profile (cli-and-report 1.1): the one given with --profile, else "auto", each
        # dossier then judged under its academy's (DossierResult.profile says which).
        run_profile = engine.profile.name if profile else french.AUTO_PROFILE
        settings = EngineSettings(profile, as_of, tuple(labels), timeout)
        try:
            # An interrupted run's report is kept: it is valid, up to the last complete dossier.
            with report_stream(output, writers[fmt].binary) as out:
                try:
                    writer = writers[fmt](out, run_profile, color)
                except LabelcheckError as error:  # a malformed SOURCE_DATE_EPOCH
                    fail(error)
                targets = discover(paths)
                if shard:
                    targets = take_shard(targets, *shard)
                progress = Progress.for_terminal(sys.stderr, report_on_terminal=on_terminal)
                summary, worst = _run(evaluate_all(engine, targets, jobs, settings, writer), writer, progress)
        except OutputError as error:
            fail(LabelcheckError(str(error)))
    if summary.interrupted:
        _interrupted(summary.dossiers, output)
    sys.exit(exit_status(summary, worst, fail_on))


def _engine(profile: str | None, as_of: dt.date | None, labels: tuple[str, ...]) -> Engine:
    try:
        with abandonable():
            return Engine.create(profile=profile, as_of=as_of, labels=labels)
    except LabelcheckError as error:
        fail(error)
    except Interrupted:
        _interrupted(0, None)


def _run(results: Iterator[Evaluated], writer: Writer, progress: Progress) -> tuple[Summary, str | None]:
    """Write each dossier as it comes, then the summary; stderr names the dossiers in error."""
    summary, worst = Summary(), None
    for done in progress.track(results):
        outcome = _write(writer, done)
        summary.add(outcome)
        worst = worse(worst, outcome.worst)
        if outcome.errors or outcome.internal_error:
            progress.clear()  # the messages below go to its terminal
        if outcome.errors:
            click.echo(f"labelcheck: {visible(outcome.path)}: invalid dossier, {outcome.errors} error(s)", err=True)
        if outcome.internal_error:
            click.echo(f"labelcheck: {visible(outcome.path)}: internal error: {visible(outcome.internal_error)}",
                       err=True)
    summary.interrupted = stop_signal() is not None
    writer.close(summary)
    return summary, worst


def _write(writer: Writer, done: Evaluated) -> Outcome:
    """Write one dossier; a writer failing on it makes it an internal error, the batch going on."""
    if done.text is not None:
        writer.write_rendered(done.text)
        return done.outcome
    try:
        writer.dossier(done.result)
        return done.outcome
    except OutputError:
        raise
    except Exception as error:  # noqa: BLE001 - a bug of a writer on this dossier's content
        failure = failed(done.result.path, describe(error))
        writer.dossier(failure)
        return Outcome.of(failure)


def _interrupted(done: int, output: str | None) -> None:
    """Stopped by SIGINT or SIGTERM: say how far the run went; exit 128 + the signal (130 for Ctrl-C)."""
    number = stop_signal() or signal.SIGINT
    kept = f" ; le rapport ({visible(output)}) s'arrête au dernier dossier complet" if output else ""
    click.echo(f"labelcheck : interrompu ({signal.Signals(number).name}), "
               f"{french.plural(done, 'dossier évalué', 'dossiers évalués')}{kept}", err=True)
    sys.exit(128 + number)


@main.command()
def labels() -> None:
    """The installed label plugins."""
    registry = _registry()
    rules, _ = load_rules(registry)
    rows = [("id", "name", "version", "criteria", "rules", "origin")]
    for label in sorted(registry.labels.values(), key=lambda spec: spec.id):
        count = sum(1 for r in rules if r.spec.label == label.id)
        rows.append((label.id, label.name, label.version, str(len(label.criteria)), str(count), label.origin))
    _table(rows, right=(3, 4))


def _table(rows: list[tuple[str, ...]], right: tuple[int, ...] = ()) -> None:
    """Columns as wide as their widest cell (nothing cut), numbers aligned right."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        cells = [cell.rjust(w) if i in right else cell.ljust(w) for i, (cell, w) in enumerate(zip(row, widths, strict=True))]
        click.echo("  ".join(cells).rstrip())

@main.command()
@click.option("--label", "label", default=None, metavar="L")
def rules(label) -> None:
    """Every rule: id, label, severity, title."""
    registry = _registry()
    compiled, errors = load_rules(registry)
    if label and label not in registry.labels:
        fail(LabelcheckError(f"unknown label {label!r}; installed: {', '.join(sorted(registry.labels))}"))
    for rule in compiled:
        if label is None or rule.spec.label in (label, "*"):
            click.echo(f"{rule.id:32} {rule.spec.label:9} {rule.spec.severity:9} {rule.spec.title}")
    if errors:
        fail(LabelcheckError("some rules could not be compiled", errors))


@main.command()
@click.argument("rule_id")
def explain(rule_id) -> None:
    """One rule in full: what it checks, its expression, its source."""
    registry = _registry()
    compiled, _ = load_rules(registry)
    by_id = {r.id: r for r in compiled}
    rule = by_id.get(rule_id) or by_id.get(rule_id.upper())
    if rule is None:
        hint = closest(rule_id.upper(), by_id)
        fail(LabelcheckError(with_suggestion(f"no rule {rule_id!r}", hint) + "; `labelcheck rules` lists them"))
    spec = rule.spec
    kind = rule.kind
    click.echo(f"{spec.id} — {spec.title}")
    click.echo(f"  label     : {spec.label}")
    click.echo(f"  gravité   : {spec.severity} ({french.SEVERITIES[spec.severity]})")
    summary = (type(kind).__doc__ or "").strip().split("\n", 1)[0]
    click.echo(f"  type      : {spec.kind}" + (f" — {summary}" if summary else ""))
    click.echo(f"  portée    : {spec.scope}")
    if spec.when:
        click.echo(f"  si        : {spec.when}")
    for key, value in spec.check.items():
        click.echo(f"  {key:10}: {json.dumps(value, ensure_ascii=False)}")
    click.echo(f"  message   : {spec.message}")
    if spec.remedy:
        click.echo(f"  à faire   : {spec.remedy}")
    click.echo(f"  source    : {spec.source}")
    click.echo(f"  nature    : {spec.source.nature} ({french.NATURES[spec.source.nature]})")
    if spec.source.quote:
        click.echo(f"  citation  : « {spec.source.quote} »")
    if spec.source.note:
        click.echo(f"  lecture   : {spec.source.note}")
    click.echo(f"  fichier   : {rule.file}")


@main.command()
def schema() -> None:
    """The JSON Schema of the dossier format (for editors and academic systems)."""
    click.echo(schema_text(), nl=False)


@main.command()
@click.argument("directory", default=".", type=click.Path(file_okay=False))
@click.option("--label", "labels", multiple=True, metavar="L", help="A label to apply for (repeatable; default ldm).")
def init(directory, labels) -> None:
    """Write a commented starter dossier (and its schema) into DIRECTORY."""
    registry = _registry()
    labels = list(labels) or sorted(spec.id for spec in registry.labels.values() if spec.offered_by_init)
    for label in labels:
        if label not in registry.labels:
            fail(LabelcheckError(with_suggestion(f"unknown label {label!r}", closest(label, registry.labels))))
    folder = Path(directory)
    target = folder / "dossier.toml"
    if target.exists():
        fail(LabelcheckError(f"{target} already exists: labelcheck init never overwrites a dossier"))
    folder.mkdir(parents=True, exist_ok=True)
    target.write_text(starter_dossier(registry, labels, dt.date.today()), encoding="utf-8")
    (folder / SCHEMA_FILE).write_text(schema_text(), encoding="utf-8")
    click.echo(f"Dossier créé : {target} (schéma : {folder / SCHEMA_FILE}). Évaluer : labelcheck evaluate {folder}")


@main.command()
@click.option("--label", "label", default=None, metavar="L", help="Only this label (and what applies to every label).")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "markdown"]), default="text", show_default=True)
def sources(label, fmt) -> None:
    """The traceability table: each requirement of the labels' texts and how it is checked."""
    from labelcheck.core import sources as traceability
    from labelcheck.core.traceability import RequirementsError

    registry = _registry()
    if label and label not in registry.labels:
        fail(LabelcheckError(with_suggestion(f"unknown label {label!r}", closest(label, registry.labels))))
    try:
        chosen = traceability.tables(registry, label)
    except RequirementsError as error:
        fail(LabelcheckError("a traceability table could not be read", error.errors))
    render = {"text": traceability.as_text, "json": traceability.as_json, "markdown": traceability.as_markdown}[fmt]
    click.echo(render(chosen), nl=False)


def _registry() -> Registry:
    try:
        return Registry.from_plugins()
    except LabelcheckError as error:
        fail(error)


def run() -> None:  # pragma: no cover - console entry with a last-resort guard
    # Ctrl-C before `evaluate` takes charge of it (or after): exit 130, not click's « Aborted! »
    # and exit 1, which CI would read as findings.
    signal.signal(signal.SIGINT, _exit_interrupted)
    try:
        main()
    except Exception as error:  # noqa: BLE001
        click.echo(f"labelcheck: internal error: {type(error).__name__}: {visible_text(error)}", err=True)
        sys.exit(EXIT_INTERNAL)


def _exit_interrupted(signum: int, frame) -> None:
    raise SystemExit(128 + signum)


if __name__ == "__main__":  # python -m labelcheck.core.cli
    run()
