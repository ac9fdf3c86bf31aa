"""The pages-dev evaluation, run in-process, holds the acceptance floors."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

EVAL = Path(__file__).resolve().parents[1] / "eval" / "pages.py"


def _load_eval():
    spec = importlib.util.spec_from_file_location("eval_pages", EVAL)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["eval_pages"] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def metrics():
    module = _load_eval()
    data = module.default_data_dir()
    if not any(data.glob("page-*.txt")):
        pytest.skip(f"pages-dev not found at {data} (set MARSAD_SHARED)")
    return module.evaluate_pages(data)


def test_title_date_source_floors(metrics) -> None:
    assert metrics["pages"] >= 100
    for name in ("title_acc", "date_acc", "source_acc"):
        assert metrics[name] >= 0.99, (name, metrics)


def test_structure_floors(metrics) -> None:
    for name in ("time_acc", "body_acc", "read_also_split_acc"):
        assert metrics[name] >= 0.95, (name, metrics)
    assert metrics["all_exact_but_tags"] >= 0.95, metrics


def test_tag_floors(metrics) -> None:
    # The floor: 95% of pages with every field (tags included) exact.
    assert metrics["tags_f1"] >= 0.95, metrics
    assert metrics["all_exact"] >= 0.95, metrics


def test_compare_page_flags_a_wrong_field() -> None:
    module = _load_eval()
    good = {"title": "t", "date": None, "time": None, "source": None, "tags": [], "body": ["b"], "read_also": []}
    scores = module.compare_page([good], [{**good, "title": "other"}])
    assert scores["title"] is False and scores["body"] is True
    assert module.compare_page([], [good])["split"] is False
