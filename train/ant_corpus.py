"""Read the ANT corpus layout (one TREC-style XML document per file, one folder per category).

Shared by the enrichment training, evaluation and benchmark scripts; the product's ingest
of the same format lives in the ingest stage, this reader only feeds model building.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

# ANT folder names mapped to the section labels marsad shows.
CATEGORY_LABELS = {
    "culture": "culture",
    "diverse": "diverse",
    "economy": "economy",
    "internationalNews": "international",
    "localNews": "local",
    "politic": "politics",
    "society": "society",
    "sport": "sport",
    "technology": "technology",
}

_FIELD = re.compile(r"<(DOCNO|CAT|TITLE|TIME|ABSTRACT|TEXT)>(.*?)</\1>", re.S)
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_DMY = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")


@dataclass(frozen=True, slots=True)
class AntDoc:
    """One ANT article: its label, month (``YYYY-MM``), title, body lines and abstract."""

    docno: str
    label: str
    month: str
    title: str
    body: list[str]
    abstract: str


def shared_dir() -> Path:
    """The shared data folder: ``$MARSAD_SHARED`` or ``../shared`` beside the repository."""
    import os

    env = os.environ.get("MARSAD_SHARED")
    return Path(env) if env else REPO / ".." / "shared"


def default_ant_dir() -> Path:
    """Where the ANT corpus lives in the shared data."""
    return shared_dir() / "data" / "ant"


def parse_month(raw: str) -> str:
    """``YYYY-MM`` from an ISO-8601 or ``DD/MM/YYYY`` TIME field, or ``""``."""
    m = _ISO.search(raw)
    if m:
        return f"{m.group(1)}-{m.group(2)}"
    m = _DMY.search(raw)
    if m:
        return f"{m.group(3)}-{int(m.group(2)):02d}"
    return ""


def parse_ant_file(path: Path) -> AntDoc:
    """Parse one ANT file; the label comes from CAT, else from the folder name."""
    text = path.read_text(encoding="utf-8", errors="replace")
    fields = {name: html.unescape(value).strip() for name, value in _FIELD.findall(text)}
    cat = fields.get("CAT") or path.parent.name
    body = [line.strip() for line in fields.get("TEXT", "").splitlines() if line.strip()]
    return AntDoc(
        docno=fields.get("DOCNO", path.stem),
        label=CATEGORY_LABELS.get(cat, cat),
        month=parse_month(fields.get("TIME", "")),
        title=fields.get("TITLE", ""),
        body=body,
        abstract=" ".join(fields.get("ABSTRACT", "").split()),
    )


def iter_ant(root: Path) -> Iterator[AntDoc]:
    """Every document under ``root`` (``root/<category>/*.txt``), in a stable order."""
    for path in sorted(root.glob("*/*.txt")):
        yield parse_ant_file(path)


def split_by_month(docs: list[AntDoc], last_train: str = "2016-12") -> tuple[list, list]:
    """Time split: documents dated up to ``last_train`` train, later ones test.

    Undated documents go to training: they cannot leak the future into the test months.
    """
    train = [d for d in docs if not d.month or d.month <= last_train]
    test = [d for d in docs if d.month and d.month > last_train]
    return train, test
