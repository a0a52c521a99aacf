"""`make update-spec`: bring in a new vendor bundle, import it, and regenerate.

The bundle comes from ``--url`` (downloaded) or ``--file`` (offline). Its download date is an
input: ``--downloaded``, or, when the bundle's sha256 equals the one in openapi.lock.yaml, the
date recorded there (so re-importing the same bundle reproduces every committed byte), or else
today's date as the Makefile passes it.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import urllib.request
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))

import generate
import import_spec


def fetch(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=60) as reply:
        data: bytes = reply.read()
    return data


def locked_date(raw: bytes) -> str | None:
    """The recorded download date when ``raw`` is the bundle the lock file describes."""
    if not import_spec.LOCK.exists():
        return None
    lock = yaml.safe_load(import_spec.LOCK.read_text(encoding="utf-8")) or {}
    if lock.get("sha256") == hashlib.sha256(raw).hexdigest():
        return str(lock.get("downloaded"))
    return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--url")
    source.add_argument("--file", type=Path)
    parser.add_argument("--downloaded", help="YYYY-MM-DD (default: see above)")
    parser.add_argument("--today", help="YYYY-MM-DD used when nothing else gives the date")
    args = parser.parse_args(argv)
    raw = args.file.read_bytes() if args.file else fetch(args.url)
    where = str(args.url or args.file)
    if args.file and not args.downloaded:
        # A local copy of the committed spec, or of the vendor bundle: keep the recorded source.
        lock = yaml.safe_load(import_spec.LOCK.read_text(encoding="utf-8")) or {}
        if locked_date(raw):
            where = str(lock.get("source", where))
    downloaded = args.downloaded or locked_date(raw) or args.today
    if not downloaded:
        print("error: give the bundle's download date (SPEC_DATE=YYYY-MM-DD)", file=sys.stderr)
        return 2
    try:
        spec, lock_text = import_spec.import_bundle(raw, source=where, downloaded=downloaded)
    except import_spec.ImportError_ as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    import_spec.SPEC.write_text(spec, encoding="utf-8")
    import_spec.LOCK.write_text(lock_text, encoding="utf-8")
    print(f"imported {where} (downloaded {downloaded})")
    return generate.main([])


if __name__ == "__main__":
    raise SystemExit(main())
