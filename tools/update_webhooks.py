"""`make update-webhooks`: import the Developer Tools bundle's webhook events and regenerate.

``--file`` (offline) or ``--url``; the download date is ``--downloaded``, or the one recorded in
webhooks.lock.yaml when the bundle is byte-identical, or ``--today``.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))

import gen_webhooks
import import_spec
from update_spec import fetch


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
    lock_file = import_spec.WEBHOOKS_LOCK
    lock = yaml.safe_load(lock_file.read_text(encoding="utf-8")) if lock_file.exists() else {}
    same = (lock or {}).get("sha256") == hashlib.sha256(raw).hexdigest()
    if same and args.file:
        where = str(lock.get("source", where))
    downloaded = args.downloaded or (str(lock.get("downloaded")) if same else args.today)
    if not downloaded:
        print("error: give the bundle's download date (SPEC_DATE=YYYY-MM-DD)", file=sys.stderr)
        return 2
    try:
        text, lock_text = import_spec.import_webhooks(raw, source=where, downloaded=downloaded)
    except import_spec.ImportError_ as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    import_spec.WEBHOOKS.write_text(text, encoding="utf-8")
    lock_file.write_text(lock_text, encoding="utf-8")
    print(f"imported the webhook events of {where} (downloaded {downloaded})")
    gen_webhooks.build(gen_webhooks.TARGET)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
