"""Generate altegio_client/_facade: typed, location- and chain-scoped methods per tag.

It reads openapi-python-client's output as source (ast, no imports), so it runs on a temp folder
before anything is swapped in. Each operation becomes one method whose parameters are copied from
the generated ``asyncio_detailed`` signature (minus ``client`` and the id its scope binds:
``location_id`` on ``api.location(id)``, ``chain_id`` on ``api.chain(id)``) and whose return type
is the ``data`` field of the 2xx envelope model.
"""

from __future__ import annotations

import ast
import datetime
import keyword
import re
import textwrap
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import gen_bodies

HEADER = "from __future__ import annotations\n\n"


@dataclass
class Op:
    tag_module: str
    name: str
    method: str
    path: str
    user_token: str
    scope: str | None  # "location", "chain" or None: the id a scope object binds
    envelope: str | None
    data_type: str
    params: list[str] = field(default_factory=list)
    body_dicts: set[str] = field(default_factory=set)  # the body's TypedDicts (bodies.py)
    call_args: list[str] = field(default_factory=list)
    names: set[str] = field(default_factory=set)
    paginated: bool = False
    deprecated: bool = False
    docs_url: str = ""
    reply: str = "envelope"  # or "model" / "list": the 2xx body is the entity itself
    # Python argument -> strftime pattern, for parameters with the overlay's x-date-format
    date_formats: dict[str, str] = field(default_factory=dict)


def snake(text: str) -> str:
    return re.sub(r"[^0-9a-zA-Z]+", "_", text).strip("_").lower()


def class_name(tag_module: str) -> str:
    return "".join(part.capitalize() for part in tag_module.split("_"))


def model_index(generated: Path) -> dict[str, str]:
    """Model class name -> module name, from models/__init__.py."""
    tree = ast.parse((generated / "models" / "__init__.py").read_text(encoding="utf-8"))
    index: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 1:
            for alias in node.names:
                index[alias.asname or alias.name] = node.module
    return index


def success_envelope(func: ast.FunctionDef) -> str | None:
    """The class `_parse_response` builds for the first 2xx status, if any (for a bare list
    reply, the class of its items)."""
    for node in ast.walk(func):
        if not isinstance(node, ast.If):
            continue
        test = node.test
        if not (isinstance(test, ast.Compare) and isinstance(test.comparators[0], ast.Constant)):
            continue
        status = test.comparators[0].value
        if not (isinstance(status, int) and 200 <= status < 300):
            continue
        for inner in ast.walk(node):
            if (
                isinstance(inner, ast.Call)
                and isinstance(inner.func, ast.Attribute)
                and inner.func.attr == "from_dict"
                and isinstance(inner.func.value, ast.Name)
            ):
                return inner.func.value.id
        return None
    return None


def builds_list(func: ast.FunctionDef) -> bool:
    """Whether the first 2xx branch of `_parse_response` builds a list (a bare JSON array)."""
    for node in ast.walk(func):
        if isinstance(node, ast.If) and isinstance(node.test, ast.Compare):
            status = getattr(node.test.comparators[0], "value", None)
            if isinstance(status, int) and 200 <= status < 300:
                return any(isinstance(inner, ast.For) for inner in ast.walk(node))
    return False


def has_data_field(generated: Path, models: dict[str, str], name: str) -> bool:
    source = generated / "models" / f"{models[name].lstrip('.')}.py"
    tree = ast.parse(source.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef) and node.name == name:
            # an envelope declares `data`, or at least `success` (a reply with no data)
            return any(
                isinstance(stmt, ast.AnnAssign)
                and isinstance(stmt.target, ast.Name)
                and stmt.target.id in ("data", "success")
                for stmt in node.body
            )
    return False


def data_annotation(generated: Path, models: dict[str, str], envelope: str | None) -> str:
    if envelope is None:
        return "None"
    source = generated / "models" / f"{models[envelope].lstrip('.')}.py"
    tree = ast.parse(source.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef) and node.name == envelope:
            annotations = {
                stmt.target.id: stmt
                for stmt in node.body
                if isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name)
            }
            if "data" not in annotations:
                return "None"
            nullable = annotations.get("_nullable_fields")
            # an absent `data` reads None on the model; the call answers the data itself (a
            # missing one is a typed error), so None stays only where the spec allows null
            keep_none = nullable is not None and "'data'" in ast.unparse(nullable)
            text = ast.unparse(annotations["data"].annotation)
            parts = [p.strip() for p in text.split("|")]
            parts = [p for p in parts if p != "Unset" and (keep_none or p != "None")]
            return " | ".join(parts) if parts else "None"
    return "None"


def names_in(annotation: str) -> set[str]:
    return {tok for tok in re.findall(r"[A-Za-z_][A-Za-z0-9_]*", annotation)}


def read_operations(
    spec: dict[str, Any], generated: Path, bodies: gen_bodies.Bodies | None = None
) -> list[Op]:
    models = model_index(generated)
    if bodies is None:
        bodies = gen_bodies.build(spec, models)
    dict_names = {entry.name for entry in bodies.dicts.values()}
    info: dict[str, dict[str, Any]] = {}
    for path, item in spec["paths"].items():
        for method, op in item.items():
            if isinstance(op, dict) and "operationId" in op:
                info[op["operationId"]] = {"path": path, "method": method.upper(), "op": op}
    ops: list[Op] = []
    for tag_dir in sorted(p for p in (generated / "api").iterdir() if p.is_dir()):
        for module in sorted(tag_dir.glob("*.py")):
            if module.name == "__init__.py":
                continue
            tree = ast.parse(module.read_text(encoding="utf-8"))
            funcs = {
                n.name: n
                for n in tree.body
                if isinstance(n, ast.AsyncFunctionDef | ast.FunctionDef)
            }
            detailed = funcs["asyncio_detailed"]
            meta = info[module.stem]
            security = meta["op"].get("security", spec.get("security", []))
            with_user = ["BearerPartnerUser" in requirement for requirement in security]
            if with_user and all(with_user):
                user_token = "required"
            elif any(with_user):
                user_token = "optional"
            else:
                user_token = "never"
            parse = funcs["_parse_response"]
            envelope = success_envelope(parse)  # type: ignore[arg-type]
            reply = "envelope"
            if envelope is not None and builds_list(parse):  # type: ignore[arg-type]
                reply = "list"
            elif envelope is not None and not has_data_field(generated, models, envelope):
                reply = "model"  # the spec declares the entity itself, with no envelope
            op = Op(
                tag_module=tag_dir.name,
                name=module.stem,
                method=meta["method"],
                path=meta["path"],
                user_token=user_token,
                scope=scope_of([a.arg for a in detailed.args.args]),
                deprecated=bool(meta["op"].get("deprecated")),
                docs_url=docs_url(meta["op"]),
                envelope=envelope,
                data_type=(
                    data_annotation(generated, models, envelope)
                    if reply == "envelope"
                    else f"list[{envelope}]"
                    if reply == "list"
                    else str(envelope)
                ),
                reply=reply,
            )
            op.names |= names_in(op.data_type)
            args = detailed.args
            op.date_formats = date_formats(
                spec, meta["op"], [a.arg for a in (*args.args, *args.kwonlyargs)]
            )
            bound = f"{op.scope}_id" if op.scope else None
            positional = [a for a in args.args if a.arg != bound]
            for arg in positional:
                ann = ast.unparse(arg.annotation) if arg.annotation else "Any"
                ann = with_text_dates(ann, arg.arg in op.date_formats)
                op.params.append(f"{arg.arg}: {ann}")
                op.call_args.append(arg.arg)
                op.names |= names_in(ann)
            kwonly = [
                (a, d)
                for a, d in zip(args.kwonlyargs, args.kw_defaults, strict=True)
                if a.arg != "client"
            ]
            if kwonly:
                op.params.append("*")
            for arg, default in kwonly:
                ann = ast.unparse(arg.annotation) if arg.annotation else "Any"
                if arg.arg == "body":
                    ann, used = bodies.annotation(ann)
                    op.names |= used
                    op.body_dicts |= used & dict_names
                else:
                    ann = with_text_dates(ann, arg.arg in op.date_formats)
                text = f"{arg.arg}: {no_unset(ann)}"
                if default is not None:
                    text += f" = {no_unset(ast.unparse(default))}"
                op.params.append(text)
                op.call_args.append(arg.arg)
                op.names |= names_in(ann)
            names = {a.arg for a in args.kwonlyargs}
            op.paginated = {"page", "count"} <= names
            ops.append(op)
    return ops


DATE_FORMAT = "x-date-format"  # overlay extension: the strftime pattern the vendor reads


def date_formats(
    spec: dict[str, Any], operation: dict[str, Any], arguments: list[str]
) -> dict[str, str]:
    """Python argument -> pattern for each path/query parameter carrying ``x-date-format``."""
    found: dict[str, str] = {}
    shared = spec.get("components", {}).get("parameters", {})
    for param in operation.get("parameters", []):
        if "$ref" in param:
            param = shared[param["$ref"].rsplit("/", 1)[-1]]
        pattern = param.get("schema", {}).get(DATE_FORMAT)
        if pattern is None:
            continue
        name = snake(param["name"])
        name = f"{name}_" if keyword.iskeyword(name) else name
        if name not in arguments:
            raise ValueError(
                f"{operation['operationId']}: no generated argument for {param['name']!r}"
            )
        found[name] = str(pattern)
    return found


def with_text_dates(annotation: str, has_pattern: bool) -> str:
    """A path or query parameter that is a date also takes text: ``datetime.date`` (or
    ``datetime.datetime``) gains ``| str``; a text parameter with a date pattern gains
    ``datetime.date`` in front (a datetime is a date too)."""
    parts = [part.strip() for part in annotation.split("|")]
    if has_pattern:
        return " | ".join(["datetime.date", *parts])
    if ("datetime.date" in parts or "datetime.datetime" in parts) and "str" not in parts:
        at = max(parts.index(p) for p in ("datetime.date", "datetime.datetime") if p in parts)
        parts.insert(at + 1, "str")
        return " | ".join(parts)
    return annotation


#: What the docstring shows a pattern producing.
SAMPLE = datetime.datetime(
    2025, 1, 17, 13, 30, tzinfo=datetime.timezone(datetime.timedelta(hours=-5))
)


def date_lines(op: Op) -> list[str]:
    """One docstring line per pattern: which arguments a date is sent in which form."""
    by_pattern: dict[str, list[str]] = {}
    for name, pattern in op.date_formats.items():
        by_pattern.setdefault(pattern, []).append(f"``{name}``")
    return [
        textwrap.fill(
            f"{', '.join(names)}: a date or datetime is sent as {SAMPLE.strftime(pattern)} "
            f"(``{pattern}``); text is sent as written.",
            width=92,
            subsequent_indent=" " * 8,
            break_on_hyphens=False,
        )
        for pattern, names in by_pattern.items()
    ]


def no_unset(code: str) -> str:
    """Optional arguments read `X | None = None` in the facade: leaving one out and passing None
    both mean "not sent" (a query parameter cannot be null), and users never meet Unset."""
    if code == "UNSET":
        return "None"
    parts = [part.strip() for part in code.split("|")]
    if "Unset" not in parts:
        return code
    kept = [part for part in parts if part not in ("Unset", "None")]
    return " | ".join([*kept, "None"])


def scope_of(arguments: list[str]) -> str | None:
    """Which scope object carries the operation: a location wins over a chain (two need both)."""
    if "location_id" in arguments:
        return "location"
    if "chain_id" in arguments:
        return "chain"
    return None


DOCS = "https://developer.alteg.io/en/b2b-v1/openapi/{slug}/{operation}.md"


def docs_url(operation: dict[str, Any]) -> str:
    """The vendor's page for the operation (its tag, slugged as the vendor's index does)."""
    tag = str(operation.get("x-vendor-tag", ""))
    slug = re.sub(r"[^a-z0-9]+", "-", tag.lower().replace("&", "and")).strip("-")
    return DOCS.format(slug=slug, operation=operation["operationId"])


def import_lines(names: set[str], models: dict[str, str]) -> list[str]:
    lines = []
    for name in sorted(names):
        if name in models:
            lines.append(f"    from .._generated.models.{models[name]} import {name}")
    return lines


def method_source(op: Op, raw: bool) -> str:
    params = ", ".join(["self", *op.params])
    result = f"APIResponse[{op.data_type}]" if raw else op.data_type
    mapping = ", ".join(f"{a!r}: {a}" for a in op.call_args)
    call = "self._call_raw" if raw else "self._call"
    lines = [f"``{op.method} {op.path}``."]
    lines.extend(date_lines(op))
    if op.deprecated:
        lines.append("Deprecated by the vendor: calling it emits ``DeprecationWarning``.")
    lines.append(f"Vendor reference: {op.docs_url}")
    doc = "\n\n        ".join(lines)
    return (
        f"    async def {op.name}({params}) -> {result}:\n"
        f'        """{doc}\n        """\n'
        f"        return cast({result!r}, await {call}(_{op.name.upper()}, {{{mapping}}}))\n"
    )


SIZE_PARAMS = ("count", "page_size", "limit")  # how the vendor names a page's size


def page_item(op: Op) -> str | None:
    """The item type when ``op`` can be walked page by page: a ``page`` parameter and a list
    result; None otherwise."""
    match = re.fullmatch(r"list\[(\w+)\]", op.data_type)
    if match is None or "page" not in op.call_args:
        return None
    return match.group(1)


def paginate_source(op: Op) -> str:
    """``paginate_<name>``: the operation's parameters minus ``page`` (and its page-size
    parameter, which ``page_size`` replaces), returning a typed AsyncPaginator."""
    item = page_item(op)
    assert item is not None
    size = next((p for p in SIZE_PARAMS if p in op.call_args), None)
    params = ["self"]
    for text in op.params:
        name = text.split(":", 1)[0].strip()
        if name not in ("page", size):
            params.append(text)
    if size is not None:
        params.append("page_size: int | None = None")
    params.append("max_pages: int | None = None")
    kept = [a for a in op.call_args if a not in ("page", size)]
    mapping = ", ".join(f"{a!r}: {a}" for a in kept)
    size_arg = f"page_size=page_size, size_param={size!r}" if size else "page_size=None"
    doc = (
        f"Every item of ``{op.name}``, page after page (``.pages()`` for whole pages).\n\n"
        f"        ``page_size`` sets ``{size}`` on each request; ``max_pages`` stops early."
        if size
        else f"Every item of ``{op.name}``, page after page (``.pages()`` for whole pages)."
    )
    return (
        f"    def paginate_{op.name}({', '.join(params)}) -> AsyncPaginator[{item}]:\n"
        f'        """{doc}\n        """\n'
        f"        params = {{{mapping}}}\n"
        f"        return AsyncPaginator(\n"
        f"            self.{op.name},\n"
        f"            {{k: v for k, v in params.items() if v is not None}},\n"
        f"            {size_arg},\n"
        f"            max_pages=max_pages,\n"
        f"        )\n"
    )


def op_constant(op: Op) -> str:
    return (
        f"_{op.name.upper()} = Operation(\n"
        f"    module={f'altegio_client._generated.api.{op.tag_module}.{op.name}'!r},\n"
        f"    method={op.method!r},\n"
        f"    path={op.path!r},\n"
        f"    envelope={op.envelope!r},\n"
        f"    user_token={op.user_token!r},\n"
        f"    scope={op.scope!r},\n"
        f"    paginated={op.paginated!r},\n"
        f"    deprecated={op.deprecated!r},\n"
        f"    reply={op.reply!r},\n"
        + (f"    date_formats={op.date_formats!r},\n" if op.date_formats else "")
        + ")\n"
    )


def tag_module_source(tag: str, ops: list[Op], models: dict[str, str], banner: str) -> str:
    names: set[str] = set()
    for op in ops:
        names |= op.names
    typing_names = sorted({"cast"} | ({"Any"} & names))
    out = [banner, f'"""Typed methods for the `{tag}` tag."""\n\n', HEADER]
    abc = sorted({"Mapping", "Sequence"} & names)
    if abc:
        out.append(f"from collections.abc import {', '.join(abc)}\n")
    if "datetime" in names:
        out.append("import datetime\n")
    out.append(f"from typing import TYPE_CHECKING, {', '.join(typing_names)}\n\n")
    out.append("from .._generated.types import UNSET, Unset\n")
    out.append("from .._operation import Operation\n")
    if any(page_item(op) for op in ops):
        out.append("from .._pagination import AsyncPaginator\n")
    out.append("from .._response import APIResponse\n")
    out.append("from .._scope import ChainGroup, LocationGroup, RootGroup\n\n")
    model_imports = import_lines(names, models)
    body_dicts = sorted(set().union(*(o.body_dicts for o in ops)))
    if body_dicts:
        model_imports.append(f"    from .bodies import {', '.join(body_dicts)}")
    if model_imports:
        out.append("if TYPE_CHECKING:\n" + "\n".join(model_imports) + "\n\n")
    out.append("__all__ = [")
    cls = class_name(tag)
    groups = []
    for scope, suffix, base in SCOPES:
        members = [o for o in ops if o.scope == scope]
        if members:
            groups.append((cls + suffix, base, members))
    out.append(", ".join(repr(n) for g in groups for n in (g[0], g[0] + "Raw")) + "]\n\n")
    out.append("_ = (UNSET, Unset)  # referenced by parameter defaults\n\n")
    for op in ops:
        out.append(op_constant(op) + "\n")
    for name, base, group_ops in groups:
        out.append(f"\nclass {name}({base}):\n")
        where = {"LocationGroup": " at one location", "ChainGroup": " of one chain"}.get(base, "")
        out.append(f'    """`{tag}` operations{where}."""\n\n')
        out.append("    @property\n")
        out.append(f"    def with_raw_response(self) -> {name}Raw:\n")
        out.append(
            '        """The same methods, returning status, headers, meta and request id too."""\n'
        )
        out.append(f"        return {name}Raw(self._runtime, self._location_id)\n\n")
        for op in group_ops:
            out.append(method_source(op, raw=False) + "\n")
            if page_item(op):
                out.append(paginate_source(op) + "\n")
        out.append(f"\nclass {name}Raw({base}):\n")
        out.append(f'    """`{tag}` operations returning an APIResponse."""\n\n')
        out.extend(method_source(op, raw=True) + "\n" for op in group_ops)
    return "".join(out)


SCOPES = (
    ("location", "AtLocation", "LocationGroup"),
    ("chain", "AtChain", "ChainGroup"),
    (None, "", "RootGroup"),
)
HOLDERS = {
    "location": ("LocationTags", "Tag groups of one location."),
    "chain": ("ChainTags", "Tag groups of one chain of locations."),
    None: ("RootTags", "Tag groups of calls that take neither a location nor a chain."),
}


def init_source(tags: dict[str, list[Op]], banner: str) -> str:
    out = [banner, '"""Entry points of the generated facade: one property per tag."""\n\n', HEADER]
    out.append("from functools import cached_property\nfrom typing import TYPE_CHECKING\n\n")
    out.append("from .._scope import ScopeBase\n\n")
    imports = []
    for tag, ops in tags.items():
        cls = class_name(tag)
        for scope, suffix, _ in SCOPES:
            if any(o.scope == scope for o in ops):
                imports.append(f"    from .{tag} import {cls}{suffix}")
    out.append("if TYPE_CHECKING:\n" + "\n".join(imports) + "\n\n")
    out.append("__all__ = ['ChainTags', 'LocationTags', 'RootTags']\n\n")
    for scope, suffix, _ in SCOPES:
        holder, doc = HOLDERS[scope]
        out.append(f'\nclass {holder}(ScopeBase):\n    """{doc}"""\n\n')
        for tag, ops in tags.items():
            if not any(o.scope == scope for o in ops):
                continue
            cls = class_name(tag) + suffix
            attr = tag if not keyword.iskeyword(tag) else tag + "_"
            out.append("    @cached_property\n")
            out.append(f"    def {attr}(self) -> {cls}:\n")
            out.append(f"        from .{tag} import {cls}\n\n")
            out.append(f"        return {cls}(self._runtime, self._location_id)\n\n")
    return "".join(out)


def write_facade(spec: dict[str, Any], generated: Path, dest: Path, banner: str) -> None:
    models = model_index(generated)
    bodies = gen_bodies.build(spec, models)
    ops = read_operations(spec, generated, bodies)
    tags: dict[str, list[Op]] = {}
    for op in ops:
        tags.setdefault(op.tag_module, []).append(op)
    dest.mkdir(parents=True, exist_ok=True)
    for tag, tag_ops in tags.items():
        (dest / f"{tag}.py").write_text(
            tag_module_source(tag, tag_ops, models, banner), encoding="utf-8"
        )
    (dest / "__init__.py").write_text(init_source(tags, banner), encoding="utf-8")
    (dest / "bodies.py").write_text(gen_bodies.module_source(bodies, banner), encoding="utf-8")
