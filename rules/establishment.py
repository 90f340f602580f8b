"""Who may apply (eligibility) and how an application names its label (title)."""

# No `from __future__ import annotations`: pydantic takes these models' annotations as
# objects, where texts cost it a compile each at every start (issue 13).

import unicodedata

from labelcheck.core.dossier import new_list
from labelcheck.core.french import ESTABLISHMENT_KINDS, NNBSP, SECTORS, glossed, quoted
from labelcheck.rules.base import FromProfile, Params, RuleKind, Violation, resolve
from pydantic import Field


class EligibilityParams(Params):
    kinds: list[str] = Field(
        description="Establishment kinds the label admits (the dossier's `establishment.kind`)."
    )
    sectors: list[str] = Field(
        description="Establishment sectors the label admits (the dossier's `establishment.sector`)."
    )
    any_sector: list[str] = Field(
        default_factory=new_list,
        description="Kinds among `kinds` admitted whatever their sector (E3D: the CFA, which its "
        "texts name with no condition of sector, where schools must be public or under contract).",
    )


class Eligibility(RuleKind):
    """The establishment's kind and sector are among those the label admits (a kind of
    `any_sector`: its kind alone).

    Scope: `application`.
    """

    name = "eligibility"
    summary = "Le type et le secteur de l'établissement sont parmi ceux que le label admet."
    scopes = ("application",)
    message_fields = frozenset({"kind", "sector", "kinds", "sectors"})
    Params = EligibilityParams
    params: EligibilityParams

    def check(self, facts, application):
        establishment = facts.dossier.establishment
        params = self.params
        if establishment.kind not in params.kinds or (
            establishment.sector not in params.sectors
            and establishment.kind not in params.any_sector
        ):
            # The dossier's own codes with their French: « lgt (lycée général et technologique) »,
            # the head finding what their dossier holds; what the label admits in words alone,
            # as a head reads it (« other (autre) » was the tool's code, the French audit).
            yield Violation(
                establishment.kind,
                facts.label.id,
                {
                    "kind": glossed(establishment.kind, ESTABLISHMENT_KINDS),
                    "sector": glossed(establishment.sector, SECTORS),
                    "kinds": ", ".join(_said(k, ESTABLISHMENT_KINDS) for k in params.kinds),
                    "sectors": _sectors_said(params),
                },
            )


def _said(code: str, words: dict[str, str]) -> str:
    return words.get(code, code)


def _sectors_said(params: EligibilityParams) -> str:
    """« secteur public », « secteurs public, privé sous contrat ; tout secteur pour CFA »."""
    listed = ", ".join(_said(s, SECTORS) for s in params.sectors)
    said = f"secteur{'s' if len(params.sectors) > 1 else ''} {listed}"
    if params.any_sector:
        kinds = ", ".join(_said(k, ESTABLISHMENT_KINDS) for k in params.any_sector)
        said += f"{NNBSP}; tout secteur pour {kinds}"
    return said


class TitleParams(Params):
    max_length: int | FromProfile = Field(
        description="Longest title allowed, prefix included (characters)."
    )
    prefix: str = Field(
        "",
        description="Words the title counts in its length, whether or not the dossier writes them, "
        "at its start or within it (e.g. « Lycée des métiers »).",
    )
    written_as: list[str] = Field(
        default_factory=new_list,
        description="Other forms of the prefix that count as writing it, wherever the title "
        "writes one (e.g. « Lycées des métiers », a network's appellation); the prefix itself "
        "is what is added in front when the title writes none.",
    )


class Title(RuleKind):
    """The application's title is given and not longer than the limit, prefix included.

    Scope: `application`.
    """

    name = "title"
    summary = "L'intitulé de la candidature est donné et ne dépasse pas la longueur permise, préfixe compris."
    scopes = ("application",)
    message_fields = frozenset({"title", "length", "max_length", "problem", "fix"})
    Params = TitleParams
    params: TitleParams

    def prepare(self, compiler) -> None:
        # Counted as written on a page, in characters: « é » stored as e and its accent (NFD,
        # as macOS writes it) is one, and is the prefix's « é ». The prefix and its other
        # forms as titles are searched for them, made once, not for each dossier.
        self._prefix = unicodedata.normalize("NFC", self.params.prefix)
        self._forms = tuple(
            unicodedata.normalize("NFC", form).casefold()
            for form in (self.params.prefix, *self.params.written_as)
        )

    def check(self, facts, application):
        limit = resolve(self.params.max_length, facts)
        title = unicodedata.normalize("NFC", (application.title or "").strip())
        # « Mention Lycée des métiers comprise »: counted where the title writes it (« LP
        # Jacques-Cœur, Lycée des métiers de… »), in any of its forms (« Lycées des métiers
        # en réseau »), added in front only when it writes none.
        written = title.casefold()
        writes_prefix = any(form in written for form in self._forms)
        full = title if writes_prefix else f"{self._prefix} {title}".strip()
        if not title or len(full) > limit:
            # `problem` says which: quoting the prefix alone as the « title » of a dossier that
            # gives none read as if it were too long.
            problem = (
                f"trop long{NNBSP}: {quoted(full)} ({len(full)} caractères, {limit} au plus)"
                if title
                else "absent"
            )
            # And `fix` what to do: « raccourcir » a title never given read as a contradiction.
            fix = (
                "Raccourcir l'intitulé"
                if title
                else 'Donner l\'intitulé du label (dans la candidature, `title = "…"`)'
            )
            values = {
                "title": full,
                "length": len(full),
                "max_length": limit,
                "problem": problem,
                "fix": fix,
            }
            yield Violation("title", facts.label.id, values)
