"""The chapters of the final report, as the ESF council's final-report template has them.

The final-report draft (:mod:`stegvis.reports.exports.docx_report`) follows these chapters; the
texts the project writes for them are kept in Stegvis per chapter (the narratives app, which
registers itself here as the source of texts, so the report never imports it). A chapter with no
text yet gets a marked placeholder saying what to write.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Chapter:
    key: str
    title: object  # lazy Swedish
    hint: object  # what to write, shown in the placeholder and on the texts page
    level: int = 1


# In the template's order; the results chapter holds the figures, one section per theme.
CHAPTERS = (
    Chapter(
        "sammanfattning",
        _("Sammanfattning"),
        _("en sammanfattning av projektets syfte, målgrupp, genomförande och viktigaste resultat."),
    ),
    Chapter(
        "resultat",
        _("Resultat"),
        _("vilka resultat projektet nådde, i förhållande till det som var planerat."),
    ),
    Chapter(
        "deltagare",
        _("Deltagare"),
        _("vilka deltagarna var, hur de kom till projektet och hur väl målgruppen nåddes."),
        2,
    ),
    Chapter(
        "mal",
        _("Resultat per mål"),
        _("hur projektet har arbetat mot varje mål och vad som förklarar utfallet."),
        2,
    ),
    Chapter(
        "avslut",
        _("Avslut och resultat efter avslut"),
        _("vad deltagarna gick vidare till, och hur det såg ut en tid efter avslutet."),
        2,
    ),
    Chapter(
        "stegforflyttning",
        _("Stegförflyttning"),
        _("hur stegförflyttningen mättes och vad förändringen visar."),
        2,
    ),
    Chapter(
        "sprak",
        _("Språkutveckling"),
        _("hur deltagarnas svenska utvecklades och vilket språkstöd som gavs."),
        2,
    ),
    Chapter(
        "framgangsfaktorer",
        _("Framgångsfaktorer"),
        _("vad som bidrog mest till att projektet nådde sina resultat."),
    ),
    Chapter("utmaningar", _("Utmaningar"), _("vilka svårigheter projektet mötte och hur de hanterades.")),
    Chapter(
        "projektide",
        _("Projektidé och förväntade resultat"),
        _("projektets idé, behovet bakom det och de resultat som förväntades."),
    ),
    Chapter(
        "effekter",
        _("Önskade effekter"),
        _("vilka långsiktiga effekter projektet ville bidra till, och vad som syns av dem."),
    ),
    Chapter(
        "arbetssatt",
        _("Arbetssätt"),
        _("hur arbetet genomfördes, vad som fungerade och vad som borde ha gjorts annorlunda."),
    ),
    Chapter(
        "horisontella",
        _("Horisontella principer och förändringsteori"),
        _(
            "hur projektet har arbetat med jämställdhet, tillgänglighet och icke-diskriminering, och projektets förändringsteori."
        ),
    ),
    Chapter(
        "uppfoljning",
        _("Uppföljning och utvärdering"),
        _("hur projektet följdes upp och utvärderades, och vad utvärderingen visade."),
    ),
    Chapter(
        "anvandning",
        _("Användande av resultat"),
        _("hur resultaten och metoderna tas tillvara efter projektet."),
    ),
    Chapter(
        "kommentarer", _("Kommentarer och tips"), _("råd till andra som vill göra ett liknande projekt.")
    ),
)
CHAPTER_KEYS = tuple(c.key for c in CHAPTERS)

_sources: list[Callable[[str], dict[str, str]]] = []


def register_text_source(source: Callable[[str], dict[str, str]]) -> None:
    """``source(project_code)`` returns the project's texts per chapter key (the narratives app)."""
    _sources.append(source)


_chapter_tables: dict[str, list[Callable[[str], list]]] = {}


def register_chapter_tables(chapter: str, source: Callable[[str], list]) -> None:
    """``source(project_code)`` returns tables that belong in ``chapter`` but are not report figures
    (the horizontal-principles checklist, say): the draft puts them in that chapter."""
    _chapter_tables.setdefault(chapter, []).append(source)


def chapter_tables(chapter: str, project_code: str) -> list:
    return [table for source in _chapter_tables.get(chapter, []) for table in source(project_code)]


def texts_for(project_code: str) -> dict[str, str]:
    """The project's texts per chapter key; empty when no source is registered."""
    texts: dict[str, str] = {}
    for source in _sources:
        texts.update(source(project_code))
    return texts
