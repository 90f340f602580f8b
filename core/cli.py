"""The `labelcheck` command line (contract: spec/cli-and-report.md)."""

from __future__ import annotations

import datetime as dt
import gc
import json
import math
import os
import signal
import sys
from collections.abc import Callable, Generator, Iterable, Iterator, Mapping
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, NoReturn

import click
from click.core import ParameterSource
from labelcheck.core import formats, french
from labelcheck.core.applicability import applies_under
from labelcheck.core.dates import (
    EARLIEST,
    LATEST,
    day_written_otherwise,
    impossible_day,
    iso_day,
    out_of_range,
)
from labelcheck.core.engine import Engine, settle_with_profiles, unknown_label
from labelcheck.core.errors import InputError, LabelcheckError, closest, os_reason
from labelcheck.core.loading import DOSSIER_FILES, discover, holds_a_dossier
from labelcheck.core.output import (
    STDOUT,
    CommandOutput,
    OutputError,
    PagesFolder,
    nearest_on_terminals,
    partial_report_written,
    pasteable,
    refuse_input_overwrite,
    report_stream,
    written_in_place,
)
from labelcheck.core.profiles import (
    builtin_profiles,
    profile_name,
    resolve_profile,
)
from labelcheck.core.registry import Registry, said_origin
from labelcheck.core.report import Outcome, Summary
from labelcheck.core.ruleset import ANY_LABEL
from labelcheck.core.run import (
    DEFAULT_TIMEOUT,
    EXIT_FINDINGS,
    EXIT_INPUT,
    EXIT_INTERNAL,
    EXIT_OK,
    EngineSettings,
    Evaluated,
    Interrupted,
    Progress,
    abandonable,
    describe,
    distinct_paths,
    evaluate_all,
    exit_status,
    failed,
    run_signals,
    stop_signal,
    take_shard,
    worse,
)
from labelcheck.core.visible import visible, visible_text
from labelcheck.core.writers import (
    Writer,
    labelcheck_version,
    production_date,
    unavailable,
    writer_classes,
)

# `campaign --join-within`, in days: audits of one school this close could be one visit (the
# campaign module, which `evaluate` does not need, is imported by the command alone).
DEFAULT_JOIN_WITHIN = 30

if TYPE_CHECKING:  # each command imports what only it uses: a cold `evaluate` pays for no other
    from labelcheck.core.identity import Baseline
    from labelcheck.core.reports import Report
    from labelcheck.core.writers.pages import Pages

FORMATS = (
    "text",
    "json",
    "jsonl",
    "junit",
    "sarif",
    "codequality",
    "markdown",
    "html",
    "pdf",
    "ics",
)
# The format a report file's name announces (`-o rapport.pdf`): inferred without --format,
# a contradiction with --format refused.
EXTENSIONS = formats.extensions_of(FORMATS)
# The other formats an extension admits when --format names them: JSON ones, as GitLab's
# usual gl-code-quality-report.json and SARIF's .sarif.json.
ALSO_EXTENSIONS: dict[str, tuple[str, ...]] = {".json": ("codequality", "sarif")}
COMPARE_FORMATS = ("text", "json", "markdown", "html")
COMPARE_EXTENSIONS = formats.extensions_of(COMPARE_FORMATS)
# The formats, per command, that state the day they were produced (SOURCE_DATE_EPOCH's when
# set): the human reports' « Rapport établi le … », the calendars' DTSTAMP. The others never
# read the variable (cli-and-report 1.1: JSON carries no production date).
DATED_FORMATS = {
    "evaluate": frozenset({"text", "markdown", "html", "pdf", "ics"}),
    "campaign": frozenset({"text", "html", "ics"}),
    "compare": frozenset({"text", "markdown", "html"}),
}


def timeout_option(help_text: str) -> Callable:
    """`--timeout SECONDES`, as every command that evaluates dossiers takes it."""
    return click.option(
        "--timeout",
        cls=BoundedOption,
        # At most a day: beyond, the system's timer cannot be set (every dossier an internal error).
        type=Number(min=0, max=86_400),
        default=DEFAULT_TIMEOUT,
        show_default=True,
        metavar="SECONDES",
        help=help_text,
    )


def jobs_option(help_text: str) -> Callable:
    """`--jobs N`, as every command that evaluates dossiers takes it."""
    return click.option(
        "--jobs",
        cls=BoundedOption,
        type=WholeNumber(min=1),
        default=1,
        show_default=True,
        metavar="N",
        help=help_text,
    )


EXIT_STATUSES = """\b
Codes de sortie\u202f:
  0  aucun constat au niveau de --fail-on ou au-dessus
  1  au moins un tel constat
  2  usage incorrect (option, chemin vide, aucun chemin qui mène à un dossier), un
     chemin introuvable, un répertoire sans dossier, un dossier illisible ou invalide
     (chacun est nommé, les autres sont quand même évalués), un plugin aux données
     en erreur (ses labels ne sont pas évalués, ni ses règles appliquées\u202f; les
     autres le sont), ou un rapport qui n'a pas pu être écrit (disque plein, sortie
     standard fermée\u202f; le fichier de -o reste tel qu'il était)
  3  erreur interne (un plugin a levé une exception, ou un dossier a dépassé --timeout
     ou arrêté son processus\u202f: ce dossier est signalé, les autres évalués)
  130/143  interrompu (Ctrl-C / SIGTERM)\u202f; le rapport s'arrête au dernier dossier complet"""
# In the order a school uses them: write a dossier, evaluate it, understand a finding, then
# what is installed.
COMMAND_ORDER = (
    "init",
    "evaluate",
    "compare",
    "campaign",
    "explain",
    "rules",
    "labels",
    "plugins",
    "sources",
    "schema",
)


def _speak_french() -> None:
    """Click's own words (« Usage: », « Error: », « No such option »…) in French: click looks
    them up through gettext's `_` and `ngettext`, bound in each of its modules."""
    import click.core
    import click.decorators
    import click.exceptions
    import click.formatting
    import click.parser
    import click.types

    for module in (
        click.core,
        click.decorators,
        click.exceptions,
        click.formatting,
        click.parser,
        click.types,
    ):
        if hasattr(module, "_"):
            setattr(module, "_", french.click_message)  # noqa: B010 - a name mypy cannot see in click
        if hasattr(module, "ngettext"):
            setattr(module, "ngettext", french.click_plural_message)  # noqa: B010
    # An option or argument named in an error, in French quotes: « --as-of », not '--as-of'.
    click.core.Option.get_error_hint = _error_hint  # type: ignore[method-assign]
    click.core.Argument.get_error_hint = _argument_hint  # type: ignore[method-assign]
    # And the commands or options it suggests: « --details », not '--details'.
    click.exceptions._format_possibilities = _possibilities


def _possibilities(possibilities: list[str]) -> str:
    text = ", ".join(french.quoted(p) for p in sorted(possibilities))
    return french.click_plural_message(
        "Did you mean {possibility}?", "(Did you mean one of: {possibilities}?)", len(possibilities)
    ).format(possibility=text, possibilities=text)


def _error_hint(self: click.Parameter, ctx: click.Context | None) -> str:
    return " / ".join(french.quoted(name) for name in self.opts or [self.human_readable_name])


def _argument_hint(self: click.Argument, ctx: click.Context | None) -> str:
    """`« CHEMINS… »`: the argument as its usage line names it (nargs=-1: several), an optional
    one without the brackets of that line (`[RÉPERTOIRE]`: the help's text says RÉPERTOIRE)."""
    name = (self.metavar or (self.name or "").upper()).replace("...", "…")
    if name.startswith("[") and name.endswith("]"):
        name = name[1:-1]
    return french.quoted(name + ("…" if self.nargs != 1 and not name.endswith("…") else ""))


_speak_french()


# Held in place of a word's hyphen while click wraps the help: its textwrap breaks after a
# hyphen, and a profile id cut at the end of a line (« centre- » / « val-de-loire-2026 ») is
# copied with a space inside. A private-use character: never in a help text, one column wide.
_HELD_HYPHEN = "\ue000"


class FrenchHelpFormatter(click.HelpFormatter):
    """click's help in French typography (a narrow no-break space before « : ; ? ! » and inside
    « », as the messages have them), its lines broken between words only, never at a hyphen."""

    def write_text(self, text: str) -> None:
        with self._words_kept_whole():
            super().write_text(_held_whole(text))

    def write_dl(self, rows, col_max: int = 30, col_spacing: int = 2) -> None:
        # Only the description is typeset: the first column is options and metavars.
        held = [(first, _held_whole(second)) for first, second in rows]
        with self._words_kept_whole():
            super().write_dl(held, col_max, col_spacing)

    @contextmanager
    def _words_kept_whole(self):
        start = len(self.buffer)
        yield
        self.buffer[start:] = [part.replace(_HELD_HYPHEN, "-") for part in self.buffer[start:]]


def _held_whole(text: str) -> str:
    return french.typeset_once(text).replace("-", _HELD_HYPHEN)


class FrenchContext(click.Context):
    formatter_class = FrenchHelpFormatter


class FrenchCommand(click.Command):
    context_class = FrenchContext


class CommandsInOrder(click.Group):
    context_class = FrenchContext
    command_class = FrenchCommand

    def list_commands(self, ctx: click.Context) -> list[str]:
        return [name for name in COMMAND_ORDER if name in self.commands]


class IsoDate(click.ParamType):
    name = "DATE"

    def convert(self, value, param, ctx):
        if isinstance(value, dt.date):
            return value
        day = iso_day(value) if isinstance(value, str) else None
        if day is None:
            given = french.quoted(visible(str(value)))
            # 2026-02-30: the form is right, say why the day does not exist, as the dossiers' do
            if isinstance(value, str) and (why := impossible_day(value)):
                self.fail(f"{given} n'est pas une date valide{french.NNBSP}: {why}", param, ctx)
            # « 30/05/2026 », as a French user writes a day: its AAAA-MM-JJ, as a dossier's gets
            # (« n'est pas une date » would deny what the user plainly wrote: only its form is not
            # the one expected.)
            meant = day_written_otherwise(value) if isinstance(value, str) else None
            self.fail(
                french.suggestion(f"{given} n'est pas au format AAAA-MM-JJ", meant.isoformat())
                if meant
                else f"{given} n'est pas une date{french.NNBSP}: attendu AAAA-MM-JJ, "
                "par exemple 2026-05-20",
                param,
                ctx,
            )
        if not EARLIEST <= day <= LATEST:  # the dossiers' own dates are held to these too
            self.fail(french.typeset(out_of_range(day)), param, ctx)
        return day


class Shard(click.ParamType):
    name = "I/N"

    def convert(self, value, param, ctx):
        if isinstance(value, tuple):
            return value
        index, _, count = str(value).partition("/")
        # isascii: "²".isdigit() is true, and int() refuses it.
        if not (
            index.isascii()
            and count.isascii()
            and index.isdigit()
            and count.isdigit()
            and 1 <= int(index) <= int(count)
        ):
            self.fail(
                f"{french.quoted(visible(str(value)))} n'est pas une part{french.NNBSP}: attendu I/N avec "
                "1 ≤ I ≤ N, par exemple 2/4",
                param,
                ctx,
            )
        return int(index), int(count)


def fail(error: LabelcheckError) -> NoReturn:
    """Report a configuration or usage error (exit 2), every detail included."""
    click.echo(
        f"labelcheck{french.NNBSP}: {visible_text(error)}", err=True
    )  # a profile's or a path's text, shown safe
    for detail in error.errors:
        click.echo(f"  {visible_text(detail)}", err=True)
    sys.exit(EXIT_INPUT)


def check_production_date(command: str, fmt: str) -> None:
    """A malformed SOURCE_DATE_EPOCH is bad usage (exit 2), said before any dossier is
    evaluated, for every format that prints the day: reproducible-builds.org's specification
    says a tool "SHOULD exit with an error" then, never fall back to today."""
    if fmt not in DATED_FORMATS[command]:
        return
    try:
        production_date()
    except LabelcheckError as error:
        fail(error)


@click.group(
    cls=CommandsInOrder,
    subcommand_metavar="COMMANDE [ARGUMENTS]...",
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.version_option(package_name="labelcheck")
def main() -> None:
    """Vérifie les dossiers de labels qualité des lycées professionnels (Lycée des métiers,
    E3D, Euroscol, Eduform…)\u202f: ce qui bloque, ce qui manque, ce qui est à faire et quand."""


class BoundedOption(click.Option):
    """A numeric option whose help says its bounds in words: click would add `x>=1`."""

    def get_help_extra(self, ctx: click.Context):
        extra = super().get_help_extra(ctx)
        extra.pop("range", None)
        return extra


def _bounds_in_french(numbers: Any) -> str:
    """A numeric type's bounds as a French reader says them, numbers the French way: « de 0 à
    86 400 », « au moins 1 ». click wrote « x>=1 », and its message the value parsed, a float
    for a duration: « -1.0 est hors… (≥ 0 et ≤ 86400) »."""
    low, high = numbers.min, numbers.max
    if low is not None and high is not None and not (numbers.min_open or numbers.max_open):
        return f"de {french.number(low)} à {french.number(high)}"
    said = []
    if low is not None:
        said.append(f"{'plus de' if numbers.min_open else 'au moins'} {french.number(low)}")
    if high is not None:
        said.append(f"{'moins de' if numbers.max_open else 'au plus'} {french.number(high)}")
    return " et ".join(said)


def _within_bounds(numbers: Any, number: float, param, ctx, typed: Any = None) -> float:
    """`number` if the type's bounds admit it; else fails as click would, in French, the value
    as the user typed it, a decimal comma for its point: rounded, « 86400.001 » read « 86 400 »
    beside « de 0 à 86 400 », and « -0.001 » « -0 » (the review)."""
    too_low = numbers.min is not None and (
        number <= numbers.min if numbers.min_open else number < numbers.min
    )
    too_high = numbers.max is not None and (
        number >= numbers.max if numbers.max_open else number > numbers.max
    )
    if too_low or too_high:
        shown = _as_typed(typed, number)
        numbers.fail(
            f"{shown} est hors des valeurs permises ({_bounds_in_french(numbers)}).",
            param,
            ctx,
        )
    return number


def _as_typed(typed: Any, number: float) -> str:
    """A number refused, as the user wrote it (a comma for its decimal point); one given by
    the program (a default), in French numerals."""
    if isinstance(typed, str) and typed.strip():
        written = typed.strip()
        if not math.isfinite(number):
            return french.quoted(written)
        if written.lstrip("+-").isdigit():  # a whole number, grouped: « 100 000 »
            return french.number(int(written))
        return written.replace(".", ",")
    return french.number(number) if math.isfinite(number) else french.quoted(str(number))


class WholeNumber(click.IntRange):
    name = "nombre entier"

    def convert(self, value, param, ctx):
        # Parsed as click does, its bounds checked here: click's message is not the French one.
        number = click.types.IntParamType.convert(self, value, param, ctx)
        return _within_bounds(self, number, param, ctx, value)

    def _describe_range(self) -> str:
        return _bounds_in_french(self)


# What each --fail-on value means, in the words the reports use.
FAIL_ON_MEANINGS = {**french.SEVERITIES, "never": "jamais"}


class Choices(click.Choice):
    """A choice among values, refused in French: the values in « », each with its meaning when
    given (`« blocking » (bloquant)`), the closest suggested (`--fail-on blocker`: vouliez-vous
    dire « blocking » ?), and the value a French word means (`--fail-on bloquant`)."""

    def __init__(self, choices, meanings: dict[str, str] | None = None) -> None:
        super().__init__(choices)
        self.meanings = meanings or {}

    def get_invalid_choice_message(self, value: Any, ctx: click.Context | None) -> str:
        choices = [str(choice) for choice in self.choices]
        listed = ", ".join(
            french.glossed(choice, self.meanings, french.quoted(choice)) for choice in choices
        )
        meant = french.code_meant(str(value), self.meanings) or closest(str(value), choices)
        hint = f" (vouliez-vous dire {french.quoted(meant)}{french.NNBSP}?)" if meant else ""
        return (
            f"{french.quoted(visible(str(value)))} n'est pas l'une des valeurs{french.NNBSP}: "
            f"{listed}{hint}"
        )


class Number(click.FloatRange):
    name = "nombre"

    def convert(self, value, param, ctx):
        number = click.types.FloatParamType.convert(self, value, param, ctx)
        if number != number:  # NaN, which passes every bound (comparisons with it are false)
            self.fail(f"{french.quoted(str(value))} n'est pas un nombre", param, ctx)
        return _within_bounds(self, number, param, ctx, value)

    def _describe_range(self) -> str:
        return _bounds_in_french(self)


class NamesInstalled(click.Option):
    """An option whose help names what the installed plugins offer (its `{…}`), filled each
    time the help is shown: the plugins are read only then."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.template = self.help or ""

    def installed(self) -> dict[str, str]:
        raise NotImplementedError

    def get_help_record(self, ctx: click.Context):
        self.help = self.template.format(**self.installed())
        return super().get_help_record(ctx)


class ProfileOption(NamesInstalled):
    """--profile, its help naming the built-in profiles."""

    def installed(self) -> dict[str, str]:
        return {"profiles": ", ".join(_builtin_profile_names())}

    def process_value(self, ctx: click.Context, value: Any) -> Any:
        """`--profile ""` (a variable left empty in a script) names no profile: refused, never
        read as no --profile at all, which judges each dossier under its academy's."""
        value = super().process_value(ctx, value)
        if value == "":
            raise click.BadParameter(
                f"profil vide{french.NNBSP}: donner un profil livré "
                f"({', '.join(_builtin_profile_names())}) ou un fichier .toml",
                ctx=ctx,
                param=self,
            )
        return value


def _dash_is_standard_output(ctx: click.Context, param: click.Parameter, value: str | None):
    """`-o -` is standard output, the Unix convention (never a file named « - »), for every
    command that takes -o: the command then sees no output file at all. `-o ""` (a variable
    left empty in a script) names nothing: refused."""
    if value == "":
        raise click.BadParameter(
            f"chemin vide{french.NNBSP}: donner un nom de fichier, ou - pour la sortie standard"
        )
    return None if value == "-" else value


def _named(what: str):
    """A callback refusing an empty value (a variable left empty in a script), which would
    otherwise read as the option not given, or as the current folder: `what` says what to give."""

    def refuse_empty(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
        if value == "":
            raise click.BadParameter(f"chemin vide{french.NNBSP}: {what}")
        return value

    return refuse_empty


class StarterLabelOption(NamesInstalled):
    """init's --label, its help naming the labels the starter applies for without it (those
    whose référentiel offers itself to it: LDM, and any installed plugin's that does)."""

    def installed(self) -> dict[str, str]:
        return {"labels": ", ".join(_starter_label_names())}


def _starter_label_names() -> list[str]:
    try:
        registry = Registry.from_plugins()
    except LabelcheckError:  # a broken plugin: `init` itself will say which
        return ["ldm"]
    return sorted(spec.id for spec in registry.labels.values() if spec.offered_by_init)


def _builtin_profile_names() -> list[str]:
    try:
        return sorted(builtin_profiles(Registry.from_plugins()))
    except LabelcheckError:  # a broken plugin: `evaluate` itself will say which
        return ["national"]


@main.command(short_help="Évalue des dossiers.", epilog=EXIT_STATUSES)
@click.argument("paths", nargs=-1, required=True, metavar="CHEMINS...")
@click.option(
    "--label",
    "labels",
    multiple=True,
    metavar="L",
    help="N'évaluer que ce label (répétable), par exemple --label ldm\u202f; les preuves "
    "partagées sont alors celles des labels évalués.",
)
@click.option(
    "--format",
    "fmt",
    type=Choices(FORMATS),
    default=None,
    help="Format du rapport. Par défaut\u202f: celui qu'annonce l'extension de -o "
    "(.json, .jsonl, .xml → junit, .sarif, .md, .html, .pdf, .ics, .txt), sinon text.",
)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, writable=True, allow_dash=True),
    metavar="FICHIER",
    callback=_dash_is_standard_output,
    help="Écrire le rapport dans ce fichier (remplacé en entier, ou laissé tel quel en cas "
    "d'échec)\u202f; -\u202f: la sortie standard.",
)
@click.option(
    "--pages",
    type=click.Path(file_okay=False),
    metavar="RÉPERTOIRE",
    default=None,
    callback=_named("donner le répertoire où écrire les pages"),
    help="Formats html et markdown\u202f: écrire le rapport dans ce répertoire, une page par "
    "établissement (celle qu'une évaluation de son seul dossier écrirait) et une page d'ensemble "
    "qui y mène (index.html, index.md)\u202f; le répertoire est remplacé en entier.",
)
@click.option(
    "--as-of",
    type=IsoDate(),
    metavar="AAAA-MM-JJ",
    help="Juger chaque label à cette date (par défaut\u202f: date d'audit, sinon aujourd'hui). "
    "À fixer en CI pour des résultats reproductibles.",
)
@click.option(
    "--profile",
    cls=ProfileOption,
    default=None,
    metavar="NOM|FICHIER",
    help="Profil académique\u202f: un profil livré ({profiles}) ou un fichier .toml. Par défaut, "
    "chaque dossier est jugé sous le profil de son académie, sinon sous national.",
)
@click.option(
    "--fail-on",
    type=Choices(["blocking", "warning", "never"], FAIL_ON_MEANINGS),
    default="blocking",
    show_default=True,
    help="Gravité à partir de laquelle la commande sort avec le code 1.",
)
@jobs_option("Nombre de processus (1 ou plus), pour de nombreux dossiers.")
@click.option(
    "--shard",
    type=Shard(),
    default=None,
    metavar="I/N",
    help="N'évaluer que la I-ième des N parts des dossiers (matrices de CI).",
)
@timeout_option("Durée maximale de l'évaluation d'un dossier (0\u202f: sans limite).")
@click.option(
    "--details",
    is_flag=True,
    help="Rapports lisibles (text, markdown, html, pdf)\u202f: montrer aussi chaque information, "
    "et dans le rapport texte chaque critère non évalué, que le rapport résume d'une ligne par "
    "label.",
)
@click.option(
    "--baseline",
    type=click.Path(dir_okay=False),
    default=None,
    callback=_named("donner le rapport JSON d'une évaluation précédente"),
    metavar="RAPPORT.json",
    help="Rapport JSON ou JSONL d'une évaluation "
    "précédente : chaque constat absent de ce rapport, ou "
    "plus grave qu'il n'y était, est marqué nouveau, et --fail-on ne compte que les nouveaux "
    "(ce qu'un changement a cassé).",
)
@click.option(
    "--min-severity",
    type=Choices(["info", "warning", "blocking"], french.SEVERITIES),
    default=None,
    metavar="GRAVITÉ",
    help="Formats sarif et codequality\u202f: n'y écrire que les constats de cette gravité au "
    "moins (info, warning, blocking\u202f; par défaut tous), les erreurs toujours. GitHub "
    "n'affiche que 5\u202f000 résultats d'un fichier SARIF et refuse un fichier qui en compte "
    "plus de 25\u202f000\u202f; les informations en sont la plus grande part.",
)
@click.option(
    "--summary-only",
    is_flag=True,
    help="Markdown seulement\u202f: le résumé et une ligne par dossier, sans le détail "
    "(pour le résumé d'une CI, dont la taille est limitée).",
)
def evaluate(
    paths,
    labels,
    fmt,
    output,
    pages,
    as_of,
    profile,
    fail_on,
    jobs,
    shard,
    timeout,
    details,
    baseline,
    min_severity,
    summary_only,
) -> None:
    """Évalue des dossiers\u202f: des fichiers dossier.toml ou dossier.json, ou des répertoires
    parcourus récursivement."""
    # The baseline and a profile file are inputs too: -o base.json with --baseline base.json
    # replaced the baseline (the robustness audit).
    inputs = (*paths, *filter(None, (baseline, profile)))
    _refuse_output_onto_input(output, inputs)
    if pages:
        # `-o -` leaves `output` None (standard output): asked of click whether -o was given.
        given = click.get_current_context().get_parameter_source("output")
        fmt = _pages_format(fmt, given is ParameterSource.COMMANDLINE, summary_only)
    fmt = _format(fmt, output)
    writer_class, on_terminal = _checked_output(fmt, output, summary_only, min_severity)
    color = on_terminal and _colours_wanted(os.environ)
    known = _baseline(baseline) if baseline else None
    digests = writer_class.shows_digest
    with run_signals():
        engine = _engine(profile, as_of, labels, known, digests=digests)
        report_broken(engine.registry)
        _check_paths(paths)
        # The run's profile (cli-and-report 1.1): the one given with --profile, else "auto", each
        # dossier then judged under its academy's (DossierResult.profile says which).
        run_profile = engine.profile.name if profile else french.AUTO_PROFILE
        settings = EngineSettings(profile, as_of, tuple(labels), timeout, known, digests=digests)
        # Whether the report, once finished, was an interrupted run's: a signal after that
        # (as its last notices are printed) must not set a complete report aside.
        finished: list[bool] = []
        results: Generator[Evaluated, None, None] | None = None
        folder = _pages_folder(pages, inputs)
        if folder:  # the index is written in the folder, which is set in its place at the end
            output = folder.index(PAGE_SUFFIXES[fmt])
        try:
            # An interrupted run's report is kept, valid up to the last complete dossier, beside
            # the file asked for (partial_report): a complete report there is never replaced.
            with report_stream(
                output,
                writer_class.binary or writer_class.utf8,
                interrupted=lambda: (
                    not folder and (finished[0] if finished else stop_signal() is not None)
                ),
            ) as out:
                try:
                    writer = writer_class(
                        out,
                        run_profile,
                        color,
                        details,
                        **({"summary_only": True} if summary_only else {}),
                        **({"min_severity": min_severity} if min_severity else {}),
                        **({"pages": _pages(folder, paths, fmt)} if folder else {}),
                    )
                except LabelcheckError as error:  # a malformed SOURCE_DATE_EPOCH
                    fail(error)
                writer.run_info = engine.run_info(labelcheck_version(), profile is not None)
                writer.judged_otherwise = engine.registry.judged_otherwise()
                targets = discover(_distinct(paths))
                if shard:
                    targets = take_shard(targets, *shard)
                progress = Progress.for_terminal(sys.stderr, report_on_terminal=on_terminal)
                # A text report on the terminal shows each invalid dossier's errors: named on
                # the terminal's stderr as well, they came twice, in the middle of the report.
                said_in_report = fmt == "text" and on_terminal and _is_terminal(sys.stderr)
                results = evaluate_all(engine, targets, jobs, settings, writer)
                summary, worst = _run(results, writer, progress, name_failed=not said_in_report)
                finished.append(summary.interrupted)
        except OutputError as error:
            _discard(folder)
            fail(LabelcheckError(str(error)))
        except Interrupted:  # while the report was being finished: none is written
            _discard(folder)
            _interrupted(writer.count, None)
        except BaseException:  # a usage error, an internal error: no folder half written
            if folder and results:
                results.close()  # its workers stopped first: they would write on into it
            _discard(folder)
            raise
        if folder:
            try:
                written = folder.finish(summary.interrupted)
            except OutputError as error:
                fail(LabelcheckError(str(error)))
    if summary.interrupted:
        if folder:
            _interrupted(summary.dossiers, pages, written)
        _interrupted(summary.dossiers, output)
    status = exit_status(summary, worst, fail_on)
    sys.exit(max(status, broken_status(engine.registry)) if engine.registry.broken else status)


# The index's name in a report written as pages, and each page's ending, by format.
PAGE_SUFFIXES = {"html": ".html", "markdown": ".md"}


def _pages_format(fmt: str | None, output: bool, summary_only: bool) -> str:
    """The format of a report written as pages (html unless markdown is asked for), once
    --pages is checked against the options it excludes."""
    refused = (
        "--pages et --output désignent chacun où écrire le rapport\u202f: n'en donner qu'un"
        if output
        else "--pages et --summary-only\u202f: le résumé seul tient en une page, sans --pages"
        if summary_only
        else f"--pages ne s'emploie qu'avec les formats html et markdown (ici\u202f: {fmt})"
        if fmt and fmt not in PAGE_SUFFIXES
        else None
    )
    if refused:
        fail(LabelcheckError(refused))
    return fmt or "html"


def _pages_folder(pages: str | None, inputs: tuple[str, ...]) -> PagesFolder | None:
    """The folder --pages writes to, made beside its place; exit 2 if it may not be."""
    if not pages:
        return None
    try:
        return PagesFolder(pages, inputs)
    except LabelcheckError as error:
        fail(error)
    except OutputError as error:
        fail(LabelcheckError(str(error)))


def _pages(folder: PagesFolder, paths: tuple[str, ...], fmt: str) -> Pages:
    """Where each school's page is written, and what its name starts from."""
    from labelcheck.core.writers.pages import Pages, pages_base  # a combined report's only

    return Pages(folder.staging, pages_base(paths), PAGE_SUFFIXES[fmt])


def _discard(folder: PagesFolder | None) -> None:
    if folder:
        folder.discard()


def _colours_wanted(environ: Mapping[str, str]) -> bool:
    """Whether a terminal's user wants colours: not with `NO_COLOR` set and not empty
    (no-color.org), nor on a terminal that says it cannot show them (`TERM=dumb`: Emacs's
    shell, some CI runners' pseudo-terminals), which would print the escape codes as text."""
    return not environ.get("NO_COLOR") and environ.get("TERM") != "dumb"


def _refuse_output_onto_input(output: str | None, inputs: tuple[str, ...]) -> None:
    """Exit 2 if -o would overwrite an input or land in a dossier's place: said first, before
    what -o's extension makes of the format (« le rapport y est écrit en texte » came before
    the refusal: the FS audit)."""
    if output is None:
        return
    try:
        refuse_input_overwrite(output, inputs)
    except LabelcheckError as error:
        fail(error)


def _checked_output(fmt, output, summary_only, min_severity):
    """The writer of `fmt`, and whether the report goes to a terminal, once the options that
    go with the format are checked: before any dossier is read, so that a run of hours is
    not lost to a misspelt option at its end."""
    if summary_only and fmt != "markdown":
        fail(
            LabelcheckError(
                f"--summary-only ne s'emploie qu'avec le format markdown (ici{french.NNBSP}: {fmt})"
            )
        )
    if min_severity and fmt not in ("sarif", "codequality"):
        fail(
            LabelcheckError(
                "--min-severity ne s'emploie qu'avec les formats sarif et codequality "
                f"(ici{french.NNBSP}: {fmt})"
            )
        )
    check_production_date("evaluate", fmt)
    writers = writer_classes(fmt)
    if fmt not in writers:
        fail(LabelcheckError(unavailable(fmt)))
    on_terminal = output is None and sys.stdout is not None and sys.stdout.isatty()
    if writers[fmt].binary and on_terminal:
        fail(
            LabelcheckError(
                f"le {fmt.upper()} ne s'affiche pas dans un terminal{french.NNBSP}: "
                f"l'écrire dans un fichier, par exemple -o rapport.{fmt}"
            )
        )
    return writers[fmt], on_terminal


COMPARE_STATUSES = """\b
Codes de sortie :
  0  rien ne s'est dégradé (au sens de --fail-on)
  1  quelque chose s'est dégradé (un nouveau constat bloquant, un verdict en baisse,
     un dossier devenu invalide d'un rapport à l'autre ; avec --fail-on warning, aussi
     un nouvel avertissement)
  2  usage incorrect, ou une entrée illisible ou invalide, dont un dossier invalide
     parmi ceux que compare évalue lui-même (comme evaluate)
  3  erreur interne"""


@main.command(short_help="Compare deux évaluations.", epilog=COMPARE_STATUSES)
@click.argument("old", metavar="ANCIEN")
@click.argument("new", metavar="NOUVEAU")
@click.option(
    "--format",
    "fmt",
    type=Choices(COMPARE_FORMATS),
    default=None,
    help="Format de la comparaison. Par défaut : celui qu'annonce l'extension de -o "
    "(.json, .md, .html, .txt), sinon text.",
)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, writable=True, allow_dash=True),
    metavar="FICHIER",
    callback=_dash_is_standard_output,
    help="Écrire la comparaison dans ce fichier (-\u202f: la sortie standard).",
)
@click.option(
    "--label",
    "labels",
    multiple=True,
    metavar="L",
    help="Dossiers évalués : ce label seulement (répétable).",
)
@click.option(
    "--as-of",
    type=IsoDate(),
    metavar="AAAA-MM-JJ",
    help="Dossiers évalués : les juger à cette date (comme evaluate --as-of).",
)
@click.option(
    "--profile",
    cls=ProfileOption,
    default=None,
    metavar="NOM|FICHIER",
    help="Dossiers évalués : profil académique ({profiles}, ou un fichier .toml).",
)
@jobs_option("Nombre de processus pour évaluer les dossiers.")
@timeout_option(
    "Dossiers évalués : durée maximale de l'évaluation d'un dossier (0\u202f: sans limite)."
)
@click.option(
    "--fail-on",
    type=Choices(["blocking", "warning", "never"], FAIL_ON_MEANINGS),
    default="blocking",
    show_default=True,
    help="Ce qui fait sortir avec le code 1\u202f: blocking\u202f: un nouveau constat bloquant (ou "
    "un verdict en baisse, un critère ou un dossier dégradé)\u202f; warning\u202f: aussi un nouvel "
    "avertissement\u202f; never\u202f: jamais.",
)
def compare(old, new, fmt, output, labels, as_of, profile, jobs, timeout, fail_on) -> None:
    """Compare deux évaluations : deux rapports JSON (evaluate --format json ou jsonl), ou
    deux dossiers ou répertoires de dossiers (évalués ici, avec les mêmes options
    qu'evaluate). Pour chaque établissement et chaque label : les verdicts avant et après,
    les critères dont le statut a changé, les constats nouveaux, résolus et inchangés, et la
    cause de chaque changement : le dossier, le temps (date d'évaluation) ou les règles."""
    from labelcheck.core.compare import compare as compare_reports
    from labelcheck.core.compare import json_chunks
    from labelcheck.core.reports import is_report, is_stream, read_report
    from labelcheck.core.writers.compare import comparison_chunks

    _refuse_output_onto_input(output, (old, new, *filter(None, (profile,))))
    fmt = _format(fmt, output, COMPARE_EXTENSIONS, {})
    check_production_date("compare", fmt)
    failed = EXIT_OK  # the worst of the dossiers evaluated here: invalid (2), internal error (3)
    engine: Engine | None = None
    sides = []
    evaluated = 0  # the dossiers evaluated here, which an interruption says
    for given in (old, new):
        # A pipe or a device is no dossier: read as a report, it says why it cannot be one
        # (it was evaluated as a dossier, refused, and compared as an empty side).
        if is_report(Path(given)) or is_stream(Path(given)):
            try:
                sides.append(read_report(Path(given)))
            except LabelcheckError as error:
                fail(error)
            continue
        _check_paths((given,))
        with run_signals():
            if engine is None:
                engine = _engine(profile, as_of, labels)
                # As evaluate says them: a plugin disabled (raising, exiting) went unsaid, exit 0.
                report_broken(engine.registry)
            report, side_failed = _evaluated_report(
                engine, given, EngineSettings(profile, as_of, tuple(labels), timeout), jobs
            )
        evaluated += len(report.dossiers)
        if stop_signal() is not None:
            _interrupted(evaluated, None)  # nothing written yet
        sides.append(report)
        failed = max(failed, side_failed)
    if engine is None:  # two reports: the options of an evaluation have nothing to act on
        _unused_options(as_of=as_of, profile=profile, label=labels)
    comparison = compare_reports(*sides)
    try:
        with report_stream(output, binary=fmt == "json") as out:
            if fmt == "json":  # written as it is made: the whole was 4 times the reports' memory
                for chunk in json_chunks(comparison):
                    out.write(chunk)
            else:  # a school at a time, as JSON
                for text in comparison_chunks(comparison, fmt):
                    out.write(text)
    except OutputError as error:
        fail(LabelcheckError(str(error)))
    status = failed or (EXIT_FINDINGS if comparison.worse_at(fail_on) else EXIT_OK)
    if engine is not None and engine.registry.broken:
        status = max(status, broken_status(engine.registry))
    sys.exit(status)


def _unused_options(**given: Any) -> None:
    """Said on stderr: the evaluation options `compare` was given, when both sides are reports
    and nothing is evaluated (they were ignored without a word)."""
    named = [f"--{name.replace('_', '-')}" for name, value in given.items() if value]
    if named:
        options = french.enumeration(named)
        click.echo(
            f"labelcheck{french.NNBSP}: {options} sans effet{french.NNBSP}: les deux "
            "côtés sont des rapports, comparés tels qu'ils ont été évalués",
            err=True,
        )


def _evaluated_report(
    engine: Engine, given: str, settings: EngineSettings, jobs: int
) -> tuple[Report, int]:
    """The dossiers under `given` evaluated as `evaluate` would, as a report read back; and
    the exit status their failures call for: 2 for an invalid one, 3 for an internal error
    (each named on stderr, as `evaluate` names them), else 0."""
    from labelcheck.core.reports import Report
    from labelcheck.core.writers.json import dossier_dict

    given_profile = settings.profile is not None
    report = Report(given, engine.profile.name if given_profile else french.AUTO_PROFILE)
    info = engine.run_info(labelcheck_version(), given_profile)
    report.tool, report.profile_digest = info["tool"], info["profile_digest"]
    failed = EXIT_OK
    for done in evaluate_all(engine, discover((given,)), jobs, settings):
        result = done.result
        if result is None:
            continue
        # Named as evaluate names them: an internal error was exit 3 without a word.
        name_failures(result.path, len(result.errors), done.errors, result.internal_error)
        if result.internal_error:  # a plugin raised: exit 3, as evaluate does
            failed = EXIT_INTERNAL
        elif result.errors:
            failed = max(failed, EXIT_INPUT)
        report.take(dossier_dict(result))  # slimmed, as a report read is
    return report, failed


def report_broken(registry: Registry) -> None:
    """Each disabled plugin on stderr, with its errors as file:line: key: message."""
    judged_otherwise = registry.judged_otherwise()  # for every disabled plugin at once
    for plugin in registry.broken:
        left_out = judged_otherwise.get(plugin.name, plugin.left_out)
        click.echo(
            f"labelcheck{french.NNBSP}: plugin {plugin.name} désactivé ({left_out}), "
            f"{french.plural(len(plugin.errors), 'erreur')}{french.NNBSP}:",
            err=True,
        )
        for error in plugin.errors:
            click.echo(f"  {visible_text(error)}", err=True)


def broken_status(registry: Registry) -> int:
    """The exit status of a run with disabled plugins: 3 when one raised (a bug, cli-and-report:
    « an internal error (a plugin raised) »), else 2 (a plugin's data is bad input)."""
    return EXIT_INTERNAL if any(plugin.raised for plugin in registry.broken) else EXIT_INPUT


def checked_registry() -> tuple[Registry, list]:
    """The registry with its broken plugins disabled (reported on stderr), and the rules."""
    registry = _registry()
    try:
        rules, _ = settle_with_profiles(registry)
    except LabelcheckError as error:
        fail(error)
    report_broken(registry)
    return registry, rules


def _registry_with_rules_checked() -> Registry:
    """For `schema` and `init`: the registry less the plugins whose rules, profiles or
    conditions do not compile (each named on stderr, the command then exiting 2, as every
    command does). A fault no plugin owns is left to `evaluate` to report: the dossier format
    these commands serve does not depend on it."""
    registry = _registry()
    with suppress(LabelcheckError):
        settle_with_profiles(registry)
    report_broken(registry)
    return registry


def _format(
    fmt: str | None,
    output: str | None,
    extensions: dict[str, str] = EXTENSIONS,
    also: dict[str, tuple[str, ...]] = ALSO_EXTENSIONS,
) -> str:
    """The format asked for, else the one -o's extension announces (`extensions`, the
    command's; `also`, other formats an extension fits), else text. `--format` chooses and
    `--output` names any file (cli-and-report): an extension announcing another format is
    said on stderr, since it is most often a slip, but the format asked for is written."""
    suffix = Path(output).suffix if output else ""
    announced = extensions.get(suffix.lower()) if output else None
    if fmt and announced and fmt not in (announced, *also.get(suffix.lower(), ())):
        click.echo(
            f"labelcheck{french.NNBSP}: --format {fmt}, mais l'extension {visible(suffix)} de "
            f"{visible(output or '')} annonce le format {announced}{french.NNBSP}: le rapport y "
            f"est écrit en {fmt}, comme demandé",
            err=True,
        )
    if output and not fmt and not announced and suffix.lower() not in ("", ".txt", ".text", ".log"):
        # `-o rapport.docx` wrote text under a name that promises another program's file.
        known = ", ".join(sorted({e for e in extensions if e}))
        click.echo(
            f"labelcheck{french.NNBSP}: l'extension {visible(suffix)} de {visible(output)} "
            f"n'annonce aucun format de labelcheck ({known}) : le rapport y est écrit en "
            "texte ; --format pour en choisir un autre",
            err=True,
        )
    return fmt or announced or "text"


def _check_paths(paths: tuple[str, ...]) -> None:
    """Usage errors, named before anything is evaluated: an empty path (a script's variable
    left empty, which would mean the current folder), or paths of which none exists and holds
    a dossier (a typo in a CI script, with nothing to evaluate). Beside a good one, a bad path
    is an input that could not be read: discovery names it in the report, and the others are
    still evaluated (cli-and-report, exit 2)."""
    problems = [problem for problem in map(_path_problem, paths) if problem]
    if problems and ("" in paths or len(problems) == len(paths)):
        fail(LabelcheckError(problems[0], problems[1:]))


def _distinct(paths: tuple[str, ...]) -> list[str]:
    """The paths given, in sorted order, less those inside another (said once on stderr): each
    dossier is evaluated and counted once however many paths given reach it, and the report is
    the same whatever order the paths are given in (cli-and-report: « the same inputs … give
    byte-identical output »), as a folder's dossiers come in sorted order."""
    kept, skipped = distinct_paths(sorted(paths))
    if skipped:
        given, reached_by = skipped[0]
        others = (
            f" (de même pour {french.plural(len(skipped) - 1, 'autre chemin', 'autres chemins')})"
            if len(skipped) > 1
            else ""
        )
        click.echo(
            f"labelcheck{french.NNBSP}: {visible(given)} est déjà compris dans {visible(reached_by)}"
            f"{others}{french.NNBSP}: chaque dossier n'est évalué qu'une fois",
            err=True,
        )
    return kept


def _path_problem(given: str) -> str | None:
    if given == "":  # a variable left empty in a script: « chemin introuvable : » said nothing
        return f"chemin vide{french.NNBSP}: donner un dossier, ou un répertoire de dossiers"
    try:
        os.stat(given, follow_symlinks=False)
    except (FileNotFoundError, NotADirectoryError):
        return f"chemin introuvable{french.NNBSP}: {visible(given)}"
    except OSError:
        # A folder on the way that may not be read (« permission refusée »): os.path.lexists
        # said it missing. Named with its reason as the run finds it, as a folder given is.
        return None
    if os.path.isdir(given) and os.path.basename(os.path.normpath(given)) in DOSSIER_FILES:
        # `init` there would write the dossier inside the folder, which stays a folder (the new
        # user's check): said as a folder holding it is.
        return (
            f"{visible(given)} est un répertoire, pas un fichier de dossier{french.NNBSP}: "
            "le renommer"
        )
    if os.path.isdir(given) and not holds_a_dossier(Path(given)):
        return (
            f"aucun dossier (dossier.toml ou dossier.json) sous {visible(given)}{french.NNBSP}; "
            f"pour en commencer un{french.NNBSP}: labelcheck init {pasteable(given)}"
        )
    return None


def _baseline(path: str) -> Baseline:
    """The findings of the report `--baseline` names; an unreadable one is a usage error."""
    from labelcheck.core.reports import read_baseline

    try:
        return read_baseline(Path(path))
    except LabelcheckError as error:
        fail(error)


class _process:  # noqa: N801 - a namespace
    whole = False  # the command is the whole process (the console script), not a library call


def _engine(
    profile: str | None,
    as_of: dt.date | None,
    labels: tuple[str, ...],
    baseline: Baseline | None = None,
    steps_until: dt.date | None = None,
    digests: bool = True,
) -> Engine:
    if _process.whole:
        gc.disable()  # until the engine is frozen below: as for the imports (api/__main__.py)
    try:
        with abandonable():
            engine = Engine.create(
                profile=profile,
                as_of=as_of,
                labels=labels,
                baseline=baseline,
                steps_until=steps_until,
                digests=digests,
            )
    except LabelcheckError as error:
        fail(error)
    except Interrupted:
        _interrupted(0, None)
    if _process.whole:
        # The engine, its plugins and compiled rules live as long as the process: out of the
        # cyclic collector's sight, its full collections no longer walk them every few hundred
        # dossiers (6 % of a run's CPU: bench/RECORD.md), nor do forked workers write to their
        # pages (copy-on-write). Not in a library call (tests): what it froze would stay.
        gc.freeze()
        # A dossier's objects are freed by reference counting when it is written; the young
        # generation's collections, every 700 objects, were walking them several times a
        # dossier to find no cycle: every 5,000 is 3 % less CPU for a few hundred KiB.
        gc.set_threshold(5000, *gc.get_threshold()[1:])
        gc.enable()
    return engine


def _run(
    results: Iterator[Evaluated], writer: Writer, progress: Progress, name_failed: bool = True
) -> tuple[Summary, str | None]:
    """Write each dossier as it comes, then the summary; stderr names the dossiers in error
    (unless `name_failed` is False: the report, on the same terminal, says it already)."""
    summary, worst = Summary(), None
    for done in progress.track(results):
        outcome = _write(writer, done)
        summary.add(outcome)
        worst = worse(worst, outcome.worst)
        if outcome.errors or outcome.internal_error:
            progress.clear()  # the messages below go to its terminal
        if name_failed:
            name_failures(outcome.path, outcome.errors, done.errors, outcome.internal_error)
    summary.interrupted = stop_signal() is not None
    if summary.interrupted:
        writer.close(summary)  # the report up to the last complete dossier, marked interrupted
    else:
        # A signal while the report is finished (a PDF's layout, seconds a school) stops it at
        # once: a run stopped only once done, minutes later, was not stopped (hardening audit).
        with abandonable():
            writer.close(summary)
    for notice in writer.notices:
        click.echo(f"labelcheck{french.NNBSP}: {notice}", err=True)
    return summary, worst


def _is_terminal(stream: IO[Any] | None) -> bool:
    try:
        return stream is not None and stream.isatty()
    except ValueError:  # a closed stream
        return False


def name_failures(
    path: str, count: int, errors: Iterable[InputError], internal_error: str | None
) -> None:
    """A dossier invalid (with its errors as file:line: key.path: message, as editors and CI
    logs link them) or failing with an internal error, named on stderr: every command that
    evaluates dossiers says it the same way."""
    if count:
        click.echo(
            f"labelcheck{french.NNBSP}: {visible(path)}{french.NNBSP}: dossier invalide, "
            f"{french.plural(count, 'erreur')}",
            err=True,
        )
        for error in errors:
            click.echo(visible(str(error)), err=True)
    if internal_error:
        click.echo(
            f"labelcheck{french.NNBSP}: {visible(path)}{french.NNBSP}: erreur interne{french.NNBSP}: "
            f"{visible(internal_error)}",
            err=True,
        )


def _write(writer: Writer, done: Evaluated) -> Outcome:
    """Write one dossier, rendered here unless a worker did; a writer failing on it makes it
    an internal error, the batch going on."""
    try:
        if done.rendered is not None:
            writer.write_rendered(done.rendered)
        elif done.result is not None:
            writer.dossier(done.result)
        return done.outcome
    except OutputError:
        raise
    except Exception as error:  # noqa: BLE001 - a bug of a writer on this dossier's content
        failure = failed(done.outcome.path, describe(error))
        writer.dossier(failure)
        return Outcome.of(failure)


def _interrupted(done: int, output: str | None, partial: str | None = None) -> NoReturn:
    """Stopped by SIGINT or SIGTERM: say how far the run went; exit 128 + the signal (130 for
    Ctrl-C). `partial`: where the partial report went, when not beside `output` by its rule."""
    number = stop_signal() or signal.SIGINT
    kept = (
        f"{french.NNBSP}; le rapport partiel, jusqu'au dernier dossier complet, est écrit dans "
        f"{visible(partial or partial_report_written(output))} ({visible(output)} n'est pas "
        "modifié)"
        if output and (partial or not written_in_place(output))
        else ""
    )
    click.echo(
        f"labelcheck{french.NNBSP}: interrompu ({signal.Signals(number).name}), "
        f"{french.plural(done, 'dossier évalué', 'dossiers évalués')}{kept}",
        err=True,
    )
    sys.exit(128 + number)


def text_or_json(document: str):
    """The --format option of a listing: text for people, JSON (`document`) for programs."""
    return click.option(
        "--format",
        "fmt",
        type=Choices(["text", "json"]),
        default="text",
        show_default=True,
        help=f"text pour lire, json pour un programme (format {document}).",
    )


@main.command(short_help="Les labels installés.")
@text_or_json("labelcheck-labels/1")
def labels(fmt) -> None:
    """Les labels installés\u202f: identifiant, nom, version, critères, règles, origine."""
    registry, rules = checked_registry()
    entries: list[dict[str, Any]] = [
        {
            "id": label.id,
            "name": label.name,
            "version": label.version,
            "criteria": len(label.criteria),
            "rules": sum(1 for r in rules if r.spec.label == label.id),
            "origin": label.origin,
        }
        for label in sorted(registry.labels.values(), key=lambda spec: spec.id)
    ]
    disabled = [
        {
            "plugin": plugin.name,
            "origin": plugin.origin,
            "labels": [label.id for label in plugin.labels],
            "errors": [{"file": e.file, **e.as_dict()} for e in plugin.errors],
        }
        for plugin in registry.broken
    ]
    if fmt == "json":
        _json(
            {
                "format": "labelcheck-labels/1",
                "labels": entries,
                **({"disabled": disabled} if disabled else {}),
            }
        )
    else:
        header = ("identifiant", "nom", "version", "critères", "règles", "origine")
        rows = [
            (
                e["id"],
                e["name"],
                e["version"],
                str(e["criteria"]),
                str(e["rules"]),
                said_origin(e["origin"]),
            )
            for e in entries
        ]
        _table([header, *rows], right=(3, 4))
        for plugin in registry.broken:
            named = (
                "labels " + ", ".join(label.id for label in plugin.labels)
                if plugin.labels
                else "labels non lus"  # set aside before its labels were asked for
                if plugin.declares_labels
                else f"aucun label à lui{french.NNBSP}: il ajoute des règles à ceux des autres"
            )
            click.echo(
                f"\nDésactivé{french.NNBSP}: plugin {plugin.name} ({plugin.origin_said}), {named}, "
                f"{french.plural(len(plugin.errors), 'erreur')}{french.NNBSP}:"
            )
            for error in plugin.errors:
                click.echo(f"  {visible_text(error)}")
    if registry.broken:
        sys.exit(broken_status(registry))


@main.command(short_help="Les plugins installés.")
@text_or_json("labelcheck-plugins/1")
def plugins(fmt) -> None:
    """Les plugins installés : paquet, version, points d'extension (hooks), labels, types de
    contrôle, types de pièces, équivalences, profils livrés, règles ajoutées aux labels
    d'autres plugins, et l'erreur de chacun qui est désactivé."""
    registry, compiled = checked_registry()
    # What a plugin brings to labels it does not declare: its rules for another plugin's
    # label (an academy's ninth LDM criterion), or for every label (`*`), by label.
    added: dict[str, dict[str, list[str]]] = {}
    own = {name: {label.id for label in p.labels} for name, p in registry.plugins.items()}
    for rule in compiled:
        owner = registry.owner(rule.file)
        if owner is None or rule.spec.label in own[owner]:
            continue
        added.setdefault(owner, {}).setdefault(rule.spec.label, []).append(rule.id)
    entries = []
    for installed in sorted(registry.plugins.values(), key=lambda p: p.name):
        entry = installed.as_dict()
        names = (profile_name(resource) for resource in installed.profile_files)
        entry["profiles"] = sorted({name for name in names if name})
        entry["rules_for_other_labels"] = dict(sorted(added.get(installed.name, {}).items()))
        entries.append(entry)
    if fmt == "json":
        _json({"format": "labelcheck-plugins/1", "plugins": entries})
    else:
        for index, plugin in enumerate(entries):
            state = "désactivé" if plugin.get("errors") else "actif"
            click.echo(
                ("\n" if index else "")
                + f"{plugin['name']} — {plugin['package']} {plugin['version']} ({state})".rstrip()
            )
            for name, values in (
                ("points d'extension (hooks)", plugin["hooks"]),
                ("labels", plugin["labels"]),
                ("types de contrôle", plugin["rule_kinds"]),
                ("types de pièces", plugin["document_types"]),
                ("équivalences", plugin["equivalences"]),
                ("profils", plugin["profiles"]),
                *(
                    (
                        "règles ajoutées à tous les labels"
                        if label == ANY_LABEL
                        else f"règles ajoutées au label {label}",
                        ids,
                    )
                    for label, ids in plugin["rules_for_other_labels"].items()
                ),
            ):
                if values:
                    click.echo(f"  {name}{french.NNBSP}: {', '.join(values)}")
            for error in plugin.get("errors", []):
                where = error["file"] + (f":{error['line']}" if error["line"] else "")
                key = f" {error['path']}:" if error["path"] else ""
                click.echo(
                    f"  erreur{french.NNBSP}: {visible(where)}:{key} {visible(error['message'])}"
                )
    if registry.broken:
        sys.exit(broken_status(registry))


def _table(rows: list[tuple[str, ...]], right: tuple[int, ...] = ()) -> None:
    """Columns as wide as their widest cell (nothing cut), numbers aligned right; the texts
    set in French (« : » and « » held by their thin spaces), as the reports set theirs."""
    rows = [tuple(french.typeset(cell) for cell in row) for row in rows]
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        cells = [
            cell.rjust(w) if i in right else cell.ljust(w)
            for i, (cell, w) in enumerate(zip(row, widths, strict=True))
        ]
        click.echo("  ".join(cells).rstrip())


def _json(document: dict) -> None:
    click.echo(json.dumps(document, ensure_ascii=False, indent=2))


@main.command(short_help="Les règles installées.")
@click.option(
    "--label",
    "label",
    default=None,
    metavar="L",
    help="Seulement les règles de ce label (et celles qui valent pour tous, label *).",
)
@text_or_json("labelcheck-rules/1")
def rules(label, fmt) -> None:
    """Toutes les règles\u202f: identifiant, label, gravité, intitulé."""
    registry, compiled = checked_registry()
    if label is not None and label not in registry.labels:
        fail(unknown_label(label, registry))
    try:
        national = resolve_profile(registry, None)
    except LabelcheckError as error:
        fail(error)
    entries = [
        {
            "id": rule.id,
            "label": rule.spec.label,
            "severity": rule.spec.severity,
            "nature": rule.spec.source.nature,
            # What it is under `national`: only the texts' rules block there (1.1), so a
            # declared « bloquant » of labelcheck's or an academy's reading only warns.
            "national_severity": national.rule_severity(rule.spec),
            "national_applies": applies_under(rule, national, registry),
            "kind": rule.spec.kind,
            "title": rule.spec.title,
        }
        for rule in compiled
        if label is None or rule.spec.label in (label, "*")
    ]
    if fmt == "json":
        _json({"format": "labelcheck-rules/1", "rules": entries})
    else:
        # The severity in the words the reports use (bloquant…); JSON keeps the identifier. The
        # one findings get under national first: a declared « bloquant » first, of a rule that
        # only warns there, was what a head read.
        header = ("règle", "label", "gravité sous national", "dans la règle", "intitulé")
        _table(
            [
                header,
                *(
                    (
                        e["id"],
                        e["label"],
                        french.SEVERITIES[e["national_severity"]]
                        if e["national_applies"]
                        else "non appliquée",
                        french.SEVERITIES[e["severity"]],
                        e["title"],
                    )
                    for e in entries
                ),
            ]
        )
    if registry.broken:
        sys.exit(broken_status(registry))


@main.command(short_help="Une règle, ou un paramètre d'un label, en entier.")
@click.argument("rule_id", metavar="RÈGLE")
@click.option(
    "--profile",
    cls=ProfileOption,
    default=None,
    metavar="NOM|FICHIER",
    help="Montrer la gravité de la règle et la valeur de ses paramètres sous ce profil ({profiles}, ou un "
    "fichier .toml\u202f; par défaut\u202f: national).",
)
@text_or_json("labelcheck-rule/1")
def explain(rule_id, profile, fmt) -> None:
    """Une règle en entier\u202f: ce qu'elle vérifie, son expression, ses paramètres, sa source.

    RÈGLE\u202f: LDM-TITLE par exemple, un identifiant que `labelcheck rules` liste\u202f; ou un
    paramètre d'un label, LABEL.PARAMÈTRE, tel qu'un profil le fixe sous [labels.LABEL]\u202f: ses valeurs possibles, sa
    valeur sous le profil, les règles et les étapes de l'échéancier qui le lisent."""
    from labelcheck.core.explain import applied_elsewhere, describe_rule, rule_text, unknown_rule

    registry, compiled = checked_registry()
    label_id, dot, name = rule_id.partition(".")
    if dot and label_id in registry.labels:  # a rule's id has no dot: a parameter is asked
        _explain_parameter(registry, compiled, label_id, name, profile, fmt)
        return
    by_id = {r.id: r for r in compiled}
    rule = by_id.get(rule_id) or by_id.get(rule_id.upper())
    if rule is None:
        fail(unknown_rule(rule_id, by_id, registry))
    builtins = builtin_profiles(registry, by_id)
    try:
        chosen = resolve_profile(registry, profile, builtins)
    except LabelcheckError as error:
        fail(error)
    described = describe_rule(rule, chosen, profile, registry)
    if fmt == "json":
        _json({"format": "labelcheck-rule/1", "profile": chosen.name, "rule": described})
    else:
        elsewhere = applied_elsewhere(rule, chosen, registry, builtins)
        click.echo(rule_text(rule, described, chosen, registry, elsewhere))
    if registry.broken:  # as rules and labels do: the run was not whole
        sys.exit(broken_status(registry))


def _explain_parameter(registry: Registry, compiled, label_id: str, name: str, profile, fmt):
    """`explain ldm.audit_team_min`: the label's parameter `name` under the --profile given."""
    from labelcheck.core.explain import describe_parameter, parameter_text, unknown_parameter

    if name not in registry.labels[label_id].parameter_specs:
        fail(unknown_parameter(label_id, name, registry))
    try:
        chosen = resolve_profile(registry, profile, builtin_profiles(registry))
    except LabelcheckError as error:
        fail(error)
    described = describe_parameter(label_id, name, chosen, compiled, registry)
    if fmt == "json":
        _json({"format": "labelcheck-parameter/1", "profile": chosen.name, "parameter": described})
    else:
        click.echo(parameter_text(described, chosen.name, registry))
    if registry.broken:
        sys.exit(broken_status(registry))


@main.command(short_help="Le schéma JSON du format de dossier.")
@click.option(
    "--profile",
    cls=ProfileOption,
    default=None,
    metavar="NOM|FICHIER",
    help="Accepter aussi les critères qu'ajoute ce profil ({profiles}, ou un fichier .toml\u202f; "
    "ceux des profils livrés le sont toujours).",
)
def schema(profile) -> None:
    """Le schéma JSON du format de dossier (pour les éditeurs et les systèmes académiques),
    avec les clés, les labels, les critères et les types de pièces qu'ajoutent les labels
    installés et les critères qu'ajoutent les profils académiques."""
    from labelcheck.core.starter import schema_text

    registry = _registry_with_rules_checked()
    try:
        # An academy's own profile may add a criterion (`ldm:9`): its dossiers cite it.
        chosen = resolve_profile(registry, profile) if profile else None
    except LabelcheckError as error:
        fail(error)
    click.echo(schema_text(registry, chosen), nl=False)
    if registry.broken:
        sys.exit(broken_status(registry))


@main.command(short_help="Écrit un dossier de départ commenté.")
@click.argument(
    "directory",
    default=".",
    type=click.Path(file_okay=False),
    metavar="[RÉPERTOIRE]",
    callback=_named("donner un répertoire, ou rien pour le répertoire courant"),
)
@click.option(
    "--label",
    "labels",
    multiple=True,
    metavar="L",
    cls=StarterLabelOption,
    help="Un label visé (répétable\u202f; par défaut\u202f: {labels}).",
)
@click.option(
    "--academy",
    metavar="A",
    help="L'académie de l'établissement, comme son adresse ac-….fr l'écrit (normandie, "
    "orleans-tours…)\u202f: son profil jugera le dossier (par défaut\u202f: un exemple à remplacer).",
)
def init(directory, labels, academy) -> None:
    """Écrit un dossier de départ commenté (et son schéma) dans RÉPERTOIRE (par défaut\u202f: ici)."""
    from labelcheck.core.starter import (
        SCHEMA_FILE,
        init_academies,
        schema_text,
        starter_dossier,
        write_new,
    )

    registry = _registry_with_rules_checked()
    labels = list(labels) or sorted(
        spec.id for spec in registry.labels.values() if spec.offered_by_init
    )
    for label in labels:
        if label not in registry.labels:
            fail(unknown_label(label, registry))
    if academy is not None and academy not in (known := init_academies(registry)):
        fail(_unknown_academy(academy, known))
    folder = Path(directory)
    target, schema = folder / "dossier.toml", folder / SCHEMA_FILE
    # A dossier.json there too: beside it, the starter would make the folder two dossiers. A
    # link counts, even one leading nowhere: writing through it would write outside the folder.
    for existing in (folder / name for name in DOSSIER_FILES):
        if os.path.lexists(existing):
            fail(
                LabelcheckError(
                    f"{visible(str(existing))} existe déjà{french.NNBSP}: labelcheck init n'écrase "
                    "jamais un dossier ni n'en écrit un second à côté (choisir un autre répertoire)"
                )
            )
    if os.path.islink(schema):
        fail(
            LabelcheckError(
                f"{visible(str(schema))} est un lien symbolique{french.NNBSP}: labelcheck init "
                "n'écrit jamais à travers un lien (le supprimer ou choisir un autre répertoire)"
            )
        )
    try:
        folder.mkdir(parents=True, exist_ok=True)
        # The schema first: labelcheck's own, made again, it never stops a later `init`, as a
        # dossier.toml left without its schema would.
        write_new(schema, schema_text(registry), replace=True)
        write_new(target, starter_dossier(registry, labels, dt.date.today(), academy))
    except OSError as error:
        fail(
            LabelcheckError(
                f"impossible d'écrire le dossier de départ dans {visible(str(folder))}"
                f"{french.NNBSP}: {os_reason(error, writing=True)}"
            )
        )
    click.echo(
        f"Dossier créé{french.NNBSP}: {target} (schéma{french.NNBSP}: {folder / SCHEMA_FILE}). "
        f"Évaluer{french.NNBSP}: labelcheck evaluate {pasteable(folder)}"
    )
    if registry.broken:
        sys.exit(broken_status(registry))


def _unknown_academy(academy: str, known: set[str]) -> LabelcheckError:
    """`init --academy` names no academy: said as a dossier's unknown academy is."""
    from labelcheck.core.profiles import likely_meant, unknown_academy

    return LabelcheckError(
        french.suggestion(
            french.typeset(unknown_academy(visible(academy))), likely_meant(academy, known)
        )
    )


CAMPAIGN_FORMATS = ("text", "json", "csv", "html", "ics")
CAMPAIGN_EXTENSIONS = formats.extensions_of(CAMPAIGN_FORMATS)
CAMPAIGN_EXIT_STATUSES = """\b
Codes de sortie\u202f:
  0  aucun problème entre établissements (les suggestions ne comptent pas)
  1  au moins un problème\u202f: un auditeur dans deux établissements le même jour,
     un inspecteur référent dans l'équipe d'audit de son établissement
  2  usage incorrect, ou un dossier illisible ou invalide (nommé\u202f; les autres
     sont quand même planifiés)
  3  erreur interne (un plugin a levé une exception)
  130/143  interrompu (Ctrl-C / SIGTERM)\u202f; aucun rapport n'est écrit"""


@main.command(
    short_help="Les échéances d'une académie, mois par mois.", epilog=CAMPAIGN_EXIT_STATUSES
)
@click.argument("paths", nargs=-1, required=True, metavar="CHEMINS...")
@click.option(
    "--from",
    "start",
    type=IsoDate(),
    metavar="AAAA-MM-JJ",
    help="Début de la période (par défaut\u202f: aujourd'hui).",
)
@click.option(
    "--to",
    "end",
    type=IsoDate(),
    metavar="AAAA-MM-JJ",
    help="Fin de la période (par défaut\u202f: douze mois après son début).",
)
@click.option(
    "--as-of",
    type=IsoDate(),
    metavar="AAAA-MM-JJ",
    help="Juger chaque label à cette date (par défaut\u202f: le début de la période).",
)
@click.option(
    "--label", "labels", multiple=True, metavar="L", help="Ne planifier que ce label (répétable)."
)
@click.option(
    "--profile",
    cls=ProfileOption,
    default=None,
    metavar="NOM|FICHIER",
    help="Profil académique\u202f: un profil livré ({profiles}) ou un fichier .toml. Par défaut, celui de l'académie de chaque dossier.",
)
@click.option(
    "--join-within",
    cls=BoundedOption,
    type=WholeNumber(min=0),
    default=DEFAULT_JOIN_WITHIN,
    show_default=True,
    metavar="JOURS",
    help="Signaler les audits d'un même établissement pour deux labels à au plus ce nombre de jours d'écart (0\u202f: jamais).",
)
@click.option(
    "--format",
    "fmt",
    type=Choices(CAMPAIGN_FORMATS),
    default=None,
    help="Format. Par défaut\u202f: celui qu'annonce l'extension de -o (.json, .csv, .html, .ics, .txt), sinon text.",
)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, writable=True, allow_dash=True),
    metavar="FICHIER",
    callback=_dash_is_standard_output,
    help="Écrire le résultat dans ce fichier (-\u202f: la sortie standard).",
)
@jobs_option("Nombre de processus (1 ou plus), pour de nombreux dossiers.")
@timeout_option("Durée maximale de l'évaluation d'un dossier (0\u202f: sans limite).")
def campaign(
    paths, start, end, as_of, labels, profile, join_within, fmt, output, jobs, timeout
) -> None:
    """Les échéances d'une académie\u202f: pour chaque établissement et label, chaque étape datée
    de la période, mois par mois, l'étape où en est chaque établissement, et les vérifications
    qui demandent plusieurs dossiers (auditeurs, inspecteurs référents, visites à réunir)."""
    from labelcheck.core.campaign import Campaign, check_declarers, check_sources, default_period
    from labelcheck.core.writers.campaign import PlanRenderer, plan_of, render

    _refuse_output_onto_input(output, (*paths, *filter(None, (profile,))))
    fmt = _format(fmt, output, CAMPAIGN_EXTENSIONS, {})
    check_production_date("campaign", fmt)
    given = start is not None
    start = start or dt.date.today()
    end = end or default_period(start)[1]
    if end < start:
        # Without --from the period starts today: say so, never name an option not given.
        since = (
            f"(--from {start.isoformat()})\u202f: inverser les deux dates"
            if given
            else f"(aujourd'hui, {start.isoformat()}, par défaut)\u202f; donner aussi --from"
        )
        fail(
            LabelcheckError(
                f"la fin de la période (--to {end.isoformat()}) précède son début {since}"
            )
        )
    with run_signals():
        # Judged at the period's start (unless --as-of): each school's stage as the campaign
        # opens; its steps from every date recorded up to the period's end (a fiche raised
        # since the start has its deadline in the period).
        engine = _engine(profile, as_of or start, labels, steps_until=end, digests=False)
        report_broken(engine.registry)
        _check_paths(paths)
        run_profile = engine.profile.name if profile else french.AUTO_PROFILE
        plan = Campaign(start, end, as_of or start, run_profile, join_within)
        plan.sources = check_sources(engine.registry)
        plan.declared_by = check_declarers(engine.registry)
        settings = EngineSettings(
            profile, as_of or start, tuple(labels), timeout, steps_until=end, digests=False
        )
        renderer = PlanRenderer(None, run_profile)
        progress = Progress.for_terminal(sys.stderr)
        targets = discover(_distinct(paths))
        for done in progress.track(evaluate_all(engine, targets, jobs, settings, renderer)):
            _campaign_errors(done, progress)
            if done.outcome.errors:
                plan.add_invalid(done.outcome.path, done.errors)
            elif done.outcome.internal_error is not None:
                plan.add_failed(done.outcome.path, done.outcome.internal_error)
            elif (school := plan_of(done.result, done.rendered and done.rendered.text)) is not None:
                plan.add(school)
        evaluated = len(plan.schools) + len(plan.invalid) + len(plan.failed)
        if stop_signal() is not None:
            _interrupted(evaluated, None)
        try:
            # The checks across schools and the report's layout may take minutes (thousands of
            # records of one audit, the scaling audit): a signal then stops them at once, as
            # evaluate's report being finished. They ignored it, and wrote the report anyway.
            with abandonable():
                report = render(plan, fmt)
            with report_stream(output) as out:
                out.write(report)
        except Interrupted:
            _interrupted(evaluated, None)
        except OutputError as error:
            fail(LabelcheckError(str(error)))
        except LabelcheckError as error:  # a malformed SOURCE_DATE_EPOCH
            fail(error)
    if plan.failed:
        sys.exit(EXIT_INTERNAL)
    if engine.registry.broken:
        sys.exit(broken_status(engine.registry))
    if plan.invalid:
        sys.exit(EXIT_INPUT)
    sys.exit(1 if plan.problems() else 0)


def _campaign_errors(done: Evaluated, progress: Progress) -> None:
    """An invalid dossier or an internal error on stderr, as `evaluate` names them."""
    outcome = done.outcome
    if outcome.errors or outcome.internal_error:
        progress.clear()
    name_failures(outcome.path, outcome.errors, done.errors, outcome.internal_error)


@main.command(short_help="La table de traçabilité.")
@click.option(
    "--label",
    "label",
    default=None,
    metavar="L",
    help="Seulement ce label (et ce qui vaut pour tous les labels).",
)
@click.option(
    "--format",
    "fmt",
    type=Choices(["text", "json", "markdown"]),
    default="text",
    show_default=True,
    help="Format de la table.",
)
def sources(label, fmt) -> None:
    """La table de traçabilité\u202f: chaque exigence des textes des labels et comment elle est vérifiée."""
    from labelcheck.core import sources as traceability
    from labelcheck.core.traceability import RequirementsError

    registry, rules = checked_registry()
    if label and label not in registry.labels:
        fail(unknown_label(label, registry))
    try:
        chosen = traceability.tables(registry, label)
    except RequirementsError as error:
        fail(LabelcheckError("une table de traçabilité n'a pas pu être lue", error.errors))
    names = {id_: spec.name for id_, spec in registry.labels.items()}
    natures = {rule.id: rule.spec.source.nature for rule in rules}
    if fmt == "json":  # JSON names labels by id, as everywhere
        shown = traceability.as_json(chosen)
    elif fmt == "markdown":
        shown = traceability.as_markdown(chosen, names, natures)
    else:
        shown = traceability.as_text(chosen, names, natures)
    click.echo(shown, nl=False)
    # What a plugin's author must complete: said on stderr, the table being usable as it is.
    gaps = traceability.gaps(registry, chosen, {rule.id: rule.spec.label for rule in rules}, label)
    if gaps:
        click.echo(
            f"labelcheck{french.NNBSP}: table de traçabilité incomplète, "
            f"{french.plural(len(gaps), 'point')} à reprendre{french.NNBSP}:",
            err=True,
        )
        for gap in gaps:
            click.echo(f"  {visible_text(gap)}", err=True)
    if registry.broken:  # its table without a disabled plugin's requirements, as `rules` says
        sys.exit(broken_status(registry))


def _registry() -> Registry:
    try:
        return Registry.from_plugins()
    except LabelcheckError as error:
        fail(error)


def run() -> None:  # pragma: no cover - console entry with a last-resort guard
    # Ctrl-C before `evaluate` takes charge of it (or after): exit 130, not click's « Aborted! »
    # and exit 1, which CI would read as findings.
    signal.signal(signal.SIGINT, _exit_interrupted)
    _process.whole = True
    nearest_on_terminals()
    sys.stdout = CommandOutput(sys.stdout)  # its failures said as evaluate says its report's
    try:
        main()
    except OutputError as error:  # a listing, the help: as `evaluate` says its report's
        _let_standard_output_go()
        fail(LabelcheckError(str(error)))
    except Exception as error:  # noqa: BLE001
        click.echo(
            f"labelcheck{french.NNBSP}: erreur interne{french.NNBSP}: {type(error).__name__}: "
            f"{visible_text(error)}",
            err=True,
        )
        sys.exit(EXIT_INTERNAL)


def _let_standard_output_go() -> None:
    """What stdout still holds would fail again as the process ends (a reader gone, a full
    disk): Python would print its own error and exit 120."""
    with suppress(OSError):
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, STDOUT)
        os.close(null)


def _exit_interrupted(signum: int, frame) -> None:
    """Ctrl-C outside a run (`run_signals` takes it there): exit 130 at once. Raised as
    SystemExit, it could be lost in a lazy import's compilation or wrapped in pydantic's
    SchemaError (api/__main__.py); what a listing has printed so far is flushed first."""
    with suppress(Exception):
        sys.stdout.flush()
    os._exit(128 + signum)


if __name__ == "__main__":  # python -m labelcheck.core.cli
    run()
