"""Ingest throughput per format, peak memory, and marsad's HTML cost over trafilatura alone.

Each format runs in its own child process so that its peak RSS is its own. Inputs are the
shared development data (``../shared`` or ``$MARSAD_SHARED``); WARC, JSONL and CSV inputs are
built in a temporary folder from those pages and SaudiNewsNet records.

Usage:
    .venv/bin/python bench/ingest.py [--repeat 5] [--records 5000] [--only html,snn]

The last line printed is one JSON object with every figure.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import itertools
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("MARSAD_SHARED", ROOT / ".." / "shared")).resolve() / "data"
FORMATS = ("html", "feed", "snn", "jsonl", "csv", "warc")


def html_pages() -> list[tuple[str, bytes]]:
    """Every shared article page plus the synthetic fixture, as (name, bytes)."""
    files = [*sorted((SHARED / "html").glob("**/*.html")), ROOT / "tests" / "fixtures" / "article_jsonld.html"]
    return [(f.name, f.read_bytes()) for f in files if f.exists()]


def peak_rss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def timed(run: Callable[[], int]) -> tuple[int, float]:
    """Count and CPU seconds: the machine is shared, so wall time would measure neighbours."""
    started = time.process_time()
    count = run()
    return count, time.process_time() - started


def rate(count: int, seconds: float, **extra: object) -> dict:
    return {**extra, "articles": count, "articles_per_cpu_s": round(count / seconds, 1), "cpu_s": round(seconds, 3)}


def bench_html(args: argparse.Namespace) -> dict:
    import trafilatura

    from marsad.models import Provenance
    from marsad.parse.html import parse_html

    pages = html_pages()
    texts = [(name, data.decode("utf-8")) for name, data in pages]

    def marsad_run() -> int:
        return sum(len(parse_html(data, Provenance(file=name))) for _ in range(args.repeat) for name, data in texts)

    def trafilatura_metadata() -> int:
        found = (trafilatura.bare_extraction(data, with_metadata=True) for _ in range(args.repeat) for _, data in texts)
        return sum(1 for doc in found if doc is not None)

    def trafilatura_text() -> int:
        found = (trafilatura.extract(data) for _ in range(args.repeat) for _, data in texts)
        return sum(1 for text in found if text)

    marsad_run()  # warm caches and imports before timing
    count, marsad_s = timed(marsad_run)
    _, meta_s = timed(trafilatura_metadata)
    _, text_s = timed(trafilatura_text)
    return {
        **rate(count, marsad_s, pages=len(pages)),
        "trafilatura_bare_extraction_metadata_cpu_s": round(meta_s, 3),
        "trafilatura_extract_text_only_cpu_s": round(text_s, 3),
        "ratio_vs_trafilatura_with_metadata": round(marsad_s / meta_s, 3),
        "ratio_vs_trafilatura_text_only": round(marsad_s / text_s, 3),
    }


def bench_feed(args: argparse.Namespace) -> dict:
    from marsad.models import Provenance
    from marsad.parse.feed import parse_feed

    feeds = [f.read_bytes() for f in sorted((SHARED / "html").glob("**/feeds/*.xml"))]

    def run() -> int:
        return sum(len(parse_feed(data, Provenance())) for _ in range(args.repeat) for data in feeds)

    count, seconds = timed(run)
    return rate(count, seconds, feeds=len(feeds))


def bench_snn(args: argparse.Namespace) -> dict:
    from marsad.parse.records import iter_saudinewsnet

    files = sorted((SHARED / "saudinewsnet").glob("*.jsonl.gz"))
    skipped: list = []

    def run() -> int:
        return sum(1 for path in files for _ in iter_saudinewsnet(path, on_skip=skipped.append))

    count, seconds = timed(run)
    return rate(count, seconds, files=len(files), skipped=len(skipped))


def snn_records(limit: int) -> list[dict]:
    records: list[dict] = []
    for path in sorted((SHARED / "saudinewsnet").glob("*.jsonl.gz")):
        with gzip.open(path, "rt", encoding="utf-8") as stream:
            records += [json.loads(line) for line in itertools.islice(stream, limit - len(records))]
        if len(records) >= limit:
            break
    return records


def bench_records(args: argparse.Namespace, fmt: str) -> dict:
    from marsad.parse.records import iter_records, parse_field_mapping

    records = snn_records(args.records)
    mapping = parse_field_mapping("title=title,body=content,url=url,author=author,source=source")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"dump.{fmt}"
        if fmt == "jsonl":
            path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
        else:
            with path.open("w", encoding="utf-8", newline="") as stream:
                writer = csv.DictWriter(stream, fieldnames=list(records[0]))
                writer.writeheader()
                writer.writerows(records)
        count, seconds = timed(lambda: sum(1 for _ in iter_records(path, mapping, on_skip=lambda s: None)))
    return rate(count, seconds, records=len(records))


def bench_warc(args: argparse.Namespace) -> dict:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    from marsad.ingest.warc import iter_warc_articles

    pages = html_pages()
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    for index in range(args.repeat):
        for name, data in pages:
            http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            url = f"https://bench.example/{index}/{name}"
            writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(data), http_headers=http))
    data = buffer.getvalue()
    list(iter_warc_articles(io.BytesIO(data), on_skip=lambda s: None))  # warm up, as for html
    count, seconds = timed(lambda: sum(1 for _ in iter_warc_articles(io.BytesIO(data), on_skip=lambda s: None)))
    return rate(count, seconds, records=len(pages) * args.repeat, warc_bytes=len(data))


def run_one(fmt: str, args: argparse.Namespace) -> dict:
    runners = {
        "html": bench_html,
        "feed": bench_feed,
        "snn": bench_snn,
        "jsonl": lambda a: bench_records(a, "jsonl"),
        "csv": lambda a: bench_records(a, "csv"),
        "warc": bench_warc,
    }
    result = runners[fmt](args)
    result["peak_rss_mb"] = peak_rss_mb()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=5, help="passes over the HTML pages and feeds")
    parser.add_argument("--records", type=int, default=5000, help="records in the JSONL/CSV inputs")
    parser.add_argument("--only", default=",".join(FORMATS), help="comma-separated formats")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if not SHARED.exists():
        sys.exit(f"shared data not found at {SHARED} (set MARSAD_SHARED)")
    if args.child:
        print(json.dumps(run_one(args.child, args)))
        return
    results = {}
    for fmt in args.only.split(","):
        command = [sys.executable, __file__, "--child", fmt, "--repeat", str(args.repeat)]
        command += ["--records", str(args.records)]
        output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
        results[fmt] = json.loads(output.strip().splitlines()[-1])
        print(f"{fmt:6} {results[fmt]}", flush=True)
    print(json.dumps({"bench": "ingest", "repeat": args.repeat, "results": results}, ensure_ascii=False))


if __name__ == "__main__":
    main()
