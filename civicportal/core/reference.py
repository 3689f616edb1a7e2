"""Reference data every installation has: the 17 UN Sustainable Development Goals.

Created by a data migration; tests that flush the database restore it through
:func:`ensure_reference_data`.
"""

from __future__ import annotations

from django.apps import apps

SDGS = [
    (1, "Keine Armut", "No poverty"),
    (2, "Kein Hunger", "Zero hunger"),
    (3, "Gesundheit und Wohlergehen", "Good health and well-being"),
    (4, "Hochwertige Bildung", "Quality education"),
    (5, "Geschlechtergleichheit", "Gender equality"),
    (6, "Sauberes Wasser und Sanitäreinrichtungen", "Clean water and sanitation"),
    (7, "Bezahlbare und saubere Energie", "Affordable and clean energy"),
    (8, "Menschenwürdige Arbeit und Wirtschaftswachstum", "Decent work and economic growth"),
    (9, "Industrie, Innovation und Infrastruktur", "Industry, innovation and infrastructure"),
    (10, "Weniger Ungleichheiten", "Reduced inequalities"),
    (11, "Nachhaltige Städte und Gemeinden", "Sustainable cities and communities"),
    (12, "Nachhaltige/r Konsum und Produktion", "Responsible consumption and production"),
    (13, "Maßnahmen zum Klimaschutz", "Climate action"),
    (14, "Leben unter Wasser", "Life below water"),
    (15, "Leben an Land", "Life on land"),
    (
        16,
        "Frieden, Gerechtigkeit und starke Institutionen",
        "Peace, justice and strong institutions",
    ),
    (17, "Partnerschaften zur Erreichung der Ziele", "Partnerships for the goals"),
]


def ensure_sdgs(sdg_model) -> None:
    """Create or update the 17 SDGs (``sdg_model`` may be a migration's historical model)."""
    if sdg_model.objects.count() == len(SDGS):
        return
    for number, title_de, title_en in SDGS:
        sdg_model.objects.update_or_create(
            number=number, defaults={"title_de": title_de, "title_en": title_en}
        )


def ensure_reference_data() -> None:
    # by label: the migrations import this module, so it imports no current model
    ensure_sdgs(apps.get_model("core", "SDG"))
