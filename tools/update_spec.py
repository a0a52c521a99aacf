"""`make update-spec`: bring in a new vendor bundle, say what it changes, and release it.

The bundle comes from ``--url`` (downloaded) or ``--file`` (offline). Its download date is an
input: ``--downloaded``, or, when the bundle's sha256 equals the one in openapi.lock.yaml, the
date recorded there (so re-importing the same bundle reproduces every committed byte), or else
today's date as the Makefile passes it.

Before anything is written, the committed corrected spec (what users get) is compared with the
new one: Optic's diff as one line per API change (tools/spec_changelog.py), and griffe's over the
generated Python surface (tools/api_surface.py). Any breaking change stops the update with exit
code 3 and every file untouched, unless ALLOW_BREAKING=1. Otherwise openapi.yaml, the lock and
the generated code are written, the version is bumped (tools/release.py) and CHANGELOG.md gets
the list under the new version. The test suite is not run here.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import sys
import tempfile
import urllib.request
from pathlib import Path
from typing import Any

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))

import api_surface
import generate
import import_spec
import overlay
import overlay_stale
import release
import spec_changelog
from names import NamesError
from openapi_spec_validator import validate

REFUSED = 3


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
    print(f"imported {where} (downloaded {downloaded})")
    return update(spec, lock_text, raw=raw, source=where, today=args.today or downloaded)


def users_spec(committed_text: str) -> Any:
    """What users have today: the corrected spec shipped in the generated package.

    It equals ``overlay.corrected(openapi.yaml)`` whenever `make check-generated` passes, and it
    stays right when the maintainer has just edited openapi.names.yaml or the overlay for the new
    bundle (a vendor rename), which the committed openapi.yaml no longer fits.
    """
    shipped = generate.PACKAGE / "_generated" / "openapi.json"
    if shipped.exists():
        return json.loads(shipped.read_text(encoding="utf-8"))
    return overlay.corrected(yaml.safe_load(committed_text))


def update(spec_text: str, lock_text: str, *, raw: bytes, source: str, today: str) -> int:
    """Compare, then (unless refused) write, regenerate, bump and record; the exit code."""
    old_text = import_spec.SPEC.read_text(encoding="utf-8")
    if spec_text == old_text:
        import_spec.LOCK.write_text(lock_text, encoding="utf-8")
        print("openapi.yaml is unchanged: no API changes, nothing to regenerate")
        return 0
    new_doc = yaml.safe_load(spec_text)
    try:
        old = users_spec(old_text)
        new = overlay.corrected(new_doc)
    except (overlay.OverlayError, NamesError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        if isinstance(exc, overlay.OverlayError):
            print(overlay_stale.explain(yaml.safe_load(old_text), new_doc), file=sys.stderr)
        return 1
    try:
        validate(new)
    except Exception as exc:  # the validator's errors share no useful base class
        print(f"error: the corrected new spec is not valid OpenAPI: {exc}", file=sys.stderr)
        return 1
    try:
        log = spec_changelog.diff(old, new)
    except spec_changelog.DiffError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory(prefix="altegio-update-") as tmp:
        gen = Path(tmp) / "gen"
        gen.mkdir()
        generate.generate_into(new, gen)
        staged = api_surface.staged_package(generate.PACKAGE, gen, Path(tmp) / "new")
        python = api_surface.breaking_changes(overlay.ROOT, staged)
        log.breaking.extend(f"Python API {line}" for line in python)
        print(log.render())
        if log.breaking and os.environ.get("ALLOW_BREAKING") != "1":
            print(
                f"refusing: {len(log.breaking)} breaking change(s); nothing was changed. "
                "Re-run with ALLOW_BREAKING=1 to accept them.",
                file=sys.stderr,
            )
            return REFUSED
        import_spec.SPEC.write_text(spec_text, encoding="utf-8")
        import_spec.LOCK.write_text(lock_text, encoding="utf-8")
        for name in generate.OUTPUTS:
            target = generate.PACKAGE / name
            if target.exists():
                shutil.rmtree(target)
            shutil.copytree(gen / name, target)
    print("regenerated altegio_client/_generated and altegio_client/_facade")
    if not log:
        print("no API changes: version unchanged")
        return 0
    old_version = release.read_version()
    version = release.bump(old_version, breaking=bool(log.breaking))
    release.write_version(version)
    changelog = release.CHANGELOG.read_text(encoding="utf-8") if release.CHANGELOG.exists() else ""
    entry = release.section(
        version,
        today,
        sha256=hashlib.sha256(raw).hexdigest(),
        source=source,
        breaking=log.breaking,
        other=log.other,
    )
    release.CHANGELOG.write_text(release.add_section(changelog, entry), encoding="utf-8")
    print(f"version {old_version} -> {version}; CHANGELOG.md updated")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
