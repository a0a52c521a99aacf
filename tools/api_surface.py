"""Breaking changes in the generated Python surface, found with griffe.

Compares the committed package with one regenerated from the new spec: the facade (the methods
users call, ``api.location(1).inventory.get_document``) and the models (results and bodies,
imported from ``altegio_client._generated.models``). A renamed model shows as the old name
removed; a removed attribute or a changed signature is named as users write it.
"""

from __future__ import annotations

import keyword
import shutil
from collections.abc import Iterator
from pathlib import Path

import griffe

PACKAGE = "altegio_client"
FACADE = f"{PACKAGE}._facade"
MODELS = f"{PACKAGE}._generated.models"
GENERATED = ("_generated", "_facade")

_KIND = {
    griffe.BreakageKind.OBJECT_REMOVED: "removed",
    griffe.BreakageKind.OBJECT_CHANGED_KIND: "changed kind",
    griffe.BreakageKind.PARAMETER_REMOVED: "parameter removed",
    griffe.BreakageKind.PARAMETER_ADDED_REQUIRED: "required parameter added",
    griffe.BreakageKind.PARAMETER_CHANGED_REQUIRED: "parameter made required",
    griffe.BreakageKind.PARAMETER_CHANGED_KIND: "parameter kind changed",
    griffe.BreakageKind.PARAMETER_CHANGED_DEFAULT: "parameter default changed",
    griffe.BreakageKind.PARAMETER_MOVED: "parameter moved",
    griffe.BreakageKind.RETURN_CHANGED_TYPE: "return type changed",
    griffe.BreakageKind.ATTRIBUTE_CHANGED_TYPE: "attribute type changed",
    griffe.BreakageKind.ATTRIBUTE_CHANGED_VALUE: "attribute value changed",
    griffe.BreakageKind.CLASS_REMOVED_BASE: "base class removed",
}


def staged_package(package_dir: Path, generated_dir: Path, dest: Path) -> Path:
    """A copy of ``package_dir`` whose generated folders come from ``generated_dir``.

    Returns the folder to put on griffe's search path (``dest``).
    """
    target = dest / PACKAGE
    shutil.copytree(
        package_dir,
        target,
        ignore=lambda d, names: [
            n for n in names if n == "__pycache__" or (Path(d) == package_dir and n in GENERATED)
        ],
    )
    for name in GENERATED:
        shutil.copytree(generated_dir / name, target / name)
    return dest


def _display(path: str) -> str:
    if path.startswith(MODELS + "."):
        parts = path[len(MODELS) + 1 :].split(".")
        # altegio_client._generated.models.document.Document.cost -> models.Document.cost
        return "models." + ".".join(parts[1:] or parts)
    if path.startswith(FACADE + "."):
        # altegio_client._facade.inventory.InventoryAtLocation.get_document
        #   -> api.location(id).inventory.get_document
        module, cls, *rest = path[len(FACADE) + 1 :].split(".")
        if module == "bodies":  # the body TypedDicts are public as altegio_client.models.*Dict
            return ".".join(["models", cls, *rest])
        attr = module + "_" if keyword.iskeyword(module) else module
        raw = cls.endswith("Raw")
        scope = "api.location(id)" if cls.removesuffix("Raw").endswith("AtLocation") else "api"
        return ".".join([scope, attr, *(["with_raw_response"] if raw else []), *rest])
    return path


def _value(value: object) -> str:
    if value is None:
        return "(none)"
    name = getattr(value, "name", None)
    if isinstance(value, griffe.Parameter) and name:
        return str(name)
    return str(value)


def _annotation_changes(
    old: griffe.Object | griffe.Alias, new: griffe.Object | griffe.Alias
) -> Iterator[str]:
    """Attributes whose annotation changed (griffe compares attribute values, not types)."""
    for name, member in old.members.items():
        other = new.members.get(name)
        if name.startswith("_") or other is None or member.is_alias or other.is_alias:
            continue
        if member.is_attribute and other.is_attribute:
            before = str(getattr(member, "annotation", None))
            after = str(getattr(other, "annotation", None))
            if before != after:
                yield f"`{_display(member.path)}`: type {before} -> {after}"


def _lines(old: griffe.Object | griffe.Alias, new: griffe.Object | griffe.Alias) -> Iterator[str]:
    yield from _annotation_changes(old, new)
    for breakage in griffe.find_breaking_changes(old, new):
        obj = breakage.obj
        if getattr(obj, "is_module", False):
            # A removed module also shows as its removed class; name the class only.
            continue
        what = _KIND.get(breakage.kind, breakage.kind.value)
        where = _display(obj.path)
        if breakage.kind in (
            griffe.BreakageKind.OBJECT_REMOVED,
            griffe.BreakageKind.CLASS_REMOVED_BASE,
        ):
            removed = breakage.kind is griffe.BreakageKind.OBJECT_REMOVED
            detail = "" if removed else f" {_value(breakage.old_value)}"
            yield f"`{where}`: {what}{detail}"
        elif breakage.kind.name.startswith("PARAMETER"):
            param = breakage.old_value if breakage.old_value is not None else breakage.new_value
            yield f"`{where}`: {what} `{_value(param)}`"
        else:
            yield f"`{where}`: {what} {_value(breakage.old_value)} -> {_value(breakage.new_value)}"


def _classes(root: Path, folder: str) -> dict[str, tuple[str, str]]:
    """Class name -> (module file relative to ``folder``, its text), for every module there."""
    out: dict[str, tuple[str, str]] = {}
    base = root / PACKAGE / folder
    for path in sorted(base.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        rel = str(path.relative_to(base))
        for line in text.splitlines():
            if line.startswith("class "):
                name = line[6:].split("(")[0].split(":")[0].strip()
                out[name] = (rel, text)
    return out


def _visit(module: str, rel: str, text: str) -> griffe.Module:
    return griffe.visit(module, Path(rel), text)


def breaking_changes(old_root: Path, new_root: Path) -> list[str]:
    """Breaking changes from the package under ``old_root`` to the one under ``new_root``.

    Each root holds an ``altegio_client`` folder. Only classes whose module text changed are
    handed to griffe (statically visited, nothing imported), which keeps a full-bundle comparison
    to seconds.
    """
    out: list[str] = []
    for module, folder in ((FACADE, "_facade"), (MODELS, "_generated/models")):
        old, new = _classes(old_root, folder), _classes(new_root, folder)
        cache: dict[tuple[str, str], griffe.Module] = {}

        def load(
            rel: str,
            text: str,
            module: str = module,
            cache: dict[tuple[str, str], griffe.Module] = cache,
        ) -> griffe.Module:
            key = (rel, text)
            if key not in cache:
                name = f"{module}.{rel.removesuffix('.py').replace('/', '.')}"
                cache[key] = _visit(name, rel, text)
            return cache[key]

        for name, (rel, text) in old.items():
            if name.startswith("_"):
                continue
            if name not in new:
                out.append(f"`{_display(f'{module}.x.{name}')}`: removed")
                continue
            new_rel, new_text = new[name]
            if (new_rel, new_text) == (rel, text):
                continue
            old_cls = load(rel, text)[name]
            new_cls = load(new_rel, new_text)[name]
            out.extend(_lines(old_cls, new_cls))
    return sorted(dict.fromkeys(out))
