"""Memory stays flat: ingest the development corpus 1x and 10x and compare peak RSS.

The corpus is SaudiNewsNet plus ANT (about 21,000 articles), replayed N times with varied
ids (each replica's titles carry its number, so nothing is a duplicate of an earlier pass) as
one gzipped JSON Lines stream, ingested by ``marsad ingest`` in a child process whose peak
RSS the kernel reports. Enrichment and dedup are off: this measures ingest's streaming, not
the models (their memory is measured by bench/enrich.py and bench/dedup.py).

    python bench/ingest_memory.py [--data ../shared/data] [--times 1 10]

Prints one JSON object on its last line: articles/s and peak RSS per size, and the ratio of
the peaks (goal: the 10x peak within 10% of the 1x peak).
"""

from __future__ import annotations

import argparse
import gzip
import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from marsad.models import Provenance  # noqa: E402
from marsad.parse.ant import iter_ant  # noqa: E402


def base_records(data: Path) -> list[dict[str, str]]:
    """Every development article as a flat record (title, body, source, date)."""
    records = []
    for path in sorted((data / "saudinewsnet").glob("*.jsonl.gz")):
        with gzip.open(path, "rt", encoding="utf-8") as lines:
            for line in lines:
                row = json.loads(line)
                records.append(
                    {
                        "title": row.get("title") or "",
                        "body": row.get("content") or "",
                        "source": row.get("source") or "",
                    }
                )
    for path in sorted((data / "ant").glob("*/*.txt")):
        for article in iter_ant(path.read_text(encoding="utf-8"), Provenance(file=str(path))):
            records.append({"title": article.title, "body": "\n\n".join(article.body), "source": article.source or ""})
    return records


def replicas(records: list[dict[str, str]], times: int) -> Iterator[dict[str, str]]:
    for replica in range(times):
        for record in records:
            yield {**record, "title": f"{record['title']} ({replica})" if replica else record["title"]}


def run(records: list[dict[str, str]], times: int, workdir: Path) -> dict[str, float]:
    corpus = workdir / f"corpus-{times}x.jsonl.gz"
    with gzip.open(corpus, "wt", encoding="utf-8", compresslevel=1) as out:
        count = 0
        for record in replicas(records, times):
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
            count += 1
    db = workdir / f"ingest-{times}x.db"
    argv = ["marsad", "ingest", str(corpus), "--db", str(db), "--quiet", "--no-enrich", "--no-dedup"]
    # The child reports its own peak RSS, so each size is measured on its own.
    child = (
        "import resource, sys\n"
        "from marsad.cli import cli\n"
        f"sys.argv = {argv!r}\n"
        "try:\n    cli()\nexcept SystemExit:\n    pass\n"
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)\n"
    )
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", child], capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    peak_kib = int(done.stderr.strip().splitlines()[-1])
    return {
        "records": count,
        "seconds": round(seconds, 1),
        "articles_per_s": round(count / seconds, 1),
        "peak_rss_mib": round(peak_kib / 1024, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--times", type=int, nargs="+", default=[1, 10])
    args = parser.parse_args()
    if not (args.data / "saudinewsnet").exists():
        sys.exit(f"development data not found at {args.data}")
    records = base_records(args.data)
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        for times in sorted(args.times):
            results[f"{times}x"] = run(records, times, Path(tmp))
            print(f"{times}x: {results[f'{times}x']}", flush=True)
    peaks = [r["peak_rss_mib"] for r in results.values()]
    results["peak_ratio_largest_to_smallest"] = round(peaks[-1] / peaks[0], 3)
    print(json.dumps(results))


if __name__ == "__main__":
    main()
