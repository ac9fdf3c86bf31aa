"""Data shipped inside the package (the bundled sample corpus)."""

from __future__ import annotations

from importlib.resources import as_file, files
from pathlib import Path


def sample_corpus_path() -> Path:
    """Path of the bundled ANT sample (a gzipped file of ``<DOC>`` records)."""
    resource = files("marsad.data").joinpath("sample/ant-sample.xml.gz")
    with as_file(resource) as path:
        return Path(path)
