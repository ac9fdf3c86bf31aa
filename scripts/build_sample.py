"""Build the bundled demo corpus: a few hundred ANT articles (Apache-2.0) shipped in the package.

Deterministic: the same ANT folder always gives the same file. Articles are drawn from every
section, dated 2016-09..2016-12 (inside the topic model's training period, so the held-out
2017 split stays unseen by anything shipped), without empty or duplicate bodies.

    python scripts/build_sample.py [--ant ../shared/data/ant] [--per-section 40]
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import random
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "marsad" / "data" / "sample" / "ant-sample.xml.gz"
_TEXT = re.compile(r"<TEXT>(.*?)</TEXT>", re.DOTALL)
_TIME = re.compile(r"<TIME>\s*(\d{2})/(\d{2})/(\d{4})|<TIME>\s*(\d{4})-(\d{2})")


def month_of(record: str) -> str | None:
    match = _TIME.search(record)
    if not match:
        return None
    if match.group(3):
        return f"{match.group(3)}-{match.group(2)}"
    return f"{match.group(4)}-{match.group(5)}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--ant", default=str(ROOT.parent / "shared" / "data" / "ant"))
    parser.add_argument("--per-section", type=int, default=40)
    args = parser.parse_args()
    rng = random.Random(2016)
    records, seen = [], set()
    for section in sorted(p for p in Path(args.ant).iterdir() if p.is_dir()):
        pool = []
        for path in sorted(section.glob("*.txt")):
            record = path.read_text(encoding="utf-8").strip()
            body = _TEXT.search(record)
            month = month_of(record)
            if not body or len(body.group(1).split()) < 30 or not month or not "2016-09" <= month <= "2016-12":
                continue
            digest = hashlib.sha1(" ".join(body.group(1).split()).encode()).hexdigest()
            if digest not in seen:
                seen.add(digest)
                pool.append(record)
        records += rng.sample(pool, min(args.per_section, len(pool)))
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with gzip.GzipFile(OUT, "wb", mtime=0) as out:
        out.write(("\n".join(records) + "\n").encode("utf-8"))
    print(f"{len(records)} articles → {OUT.relative_to(ROOT)} ({OUT.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
