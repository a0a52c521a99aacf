"""Generate altegio_client/_facade/bodies.py: a ``TypedDict`` for every request body.

A facade method takes its body as the generated model or as a plain mapping. The mapping was typed
``Mapping[str, Any]``, so a misspelt key passed mypy and failed only at run time. Here every model
used as a request body, and every object model such a body nests, gets ``<Model>Dict``: its JSON
keys exactly, ``Required``/``NotRequired`` as the spec's ``required`` says, and value types read
from the spec (dates accept the object or ISO 8601 text, enums their member or raw value, nested
objects their model or their own dict).

The shapes come from openapi-python-client's own parse of the corrected spec (the same parser
that named the generated models), not from the generated code, so the class names match the
generated models by construction and the model templates can change freely. One case the parser
flattens is reshaped first: an object with ``properties`` *and* a ``oneOf`` of ``required`` lists
(``AppointmentRequest``). The generator keeps only what each branch declares; for the dicts each
branch gets the shared properties too, as the spec means.

Value types are quoted and imported under ``TYPE_CHECKING`` only, so importing the module loads no
model; ``Required[...]`` stays unquoted so ``__required_keys__`` is right at run time.
"""

from __future__ import annotations

import copy
import keyword
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openapi_python_client.config import Config, ConfigFile, MetaType
from openapi_python_client.parser import GeneratorData
from openapi_python_client.parser.errors import GeneratorError
from openapi_python_client.parser.properties import AnyProperty, EnumProperty, ModelProperty
from openapi_python_client.parser.properties.boolean import BooleanProperty
from openapi_python_client.parser.properties.const import ConstProperty
from openapi_python_client.parser.properties.date import DateProperty
from openapi_python_client.parser.properties.datetime import DateTimeProperty
from openapi_python_client.parser.properties.file import FileProperty
from openapi_python_client.parser.properties.float import FloatProperty
from openapi_python_client.parser.properties.int import IntProperty
from openapi_python_client.parser.properties.list_property import ListProperty
from openapi_python_client.parser.properties.none import NoneProperty
from openapi_python_client.parser.properties.string import StringProperty
from openapi_python_client.parser.properties.union import UnionProperty

CONFIG = Path(__file__).resolve().parent.parent / "generator-config.yml"
SUFFIX = "Dict"


def _text(value: Any) -> str:
    """A name from the parser (its strings are wrapped so they cannot leak into code unseen)."""
    getter = getattr(value, "get_untrusted_value", None)
    return str(getter() if getter else value)


@dataclass
class Key:
    json_name: str
    required: bool
    annotation: str


@dataclass
class BodyDict:
    name: str  # "<Model>Dict"
    model: str  # the generated class it mirrors (may not exist: see ``Bodies.models``)
    keys: list[Key]


@dataclass
class Bodies:
    """Every body TypedDict, and how a facade body parameter is typed with them."""

    models: dict[str, str]  # generated class name -> module (models/__init__.py)
    dicts: dict[str, BodyDict] = field(default_factory=dict)  # model class -> its dict
    free_form: set[str] = field(default_factory=set)  # model classes with no declared keys
    imports: set[str] = field(default_factory=set)  # generated classes the module names

    def annotation(self, generated: str) -> tuple[str, set[str]]:
        """The facade's type for a body the generated code types ``generated``.

        Each model ``X`` becomes ``X | XDict``, ``list[X]`` becomes ``Sequence[X | XDict]``;
        ``Unset`` stays. A body with no declared keys (or one this module does not know) keeps
        ``Mapping[str, Any]``. Returns the text and the names it uses.
        """
        parts = [p.strip() for p in generated.split("|")]
        out: list[str] = []
        names: set[str] = set()
        typed = False
        for part in parts:
            many = part.startswith("list[") and part.endswith("]")
            inner = part[5:-1] if many else part
            if inner in self.dicts:
                text = f"{inner} | {self.dicts[inner].name}"
                names |= {inner, self.dicts[inner].name}
                typed = True
            elif inner in self.free_form:
                text = f"{inner} | Mapping[str, Any]"
                names |= {inner, "Mapping", "Any"}
                typed = True
            else:
                out.append(part)
                names.add(inner)
                continue
            out.append(f"Sequence[{text}]" if many else text)
            if many:
                names.add("Sequence")
        if not typed:
            many = generated.startswith("list[")
            out.append("list[Mapping[str, Any]]" if many else "Mapping[str, Any]")
            names |= {"Mapping", "Any"}
        return " | ".join(out), names


def _merge_one_of(node: Any) -> None:
    """Give each ``oneOf``/``anyOf`` branch of an object that also declares ``properties`` those
    properties (and required keys); the generated models keep the branch's own only."""
    if isinstance(node, list):
        for item in node:
            _merge_one_of(item)
        return
    if not isinstance(node, dict):
        return
    for value in node.values():
        _merge_one_of(value)
    shared = node.get("properties")
    for combinator in ("oneOf", "anyOf"):
        branches = node.get(combinator)
        if not isinstance(shared, dict) or not isinstance(branches, list):
            continue
        for branch in branches:
            if not isinstance(branch, dict) or "$ref" in branch:
                continue
            branch["properties"] = {**shared, **branch.get("properties", {})}
            required = [*node.get("required", []), *branch.get("required", [])]
            branch["required"] = list(dict.fromkeys(required))
            branch.setdefault("type", "object")
    if shared is not None and any(isinstance(node.get(c), list) for c in ("oneOf", "anyOf")):
        node.pop("properties")
        node.pop("required", None)


def parse(spec: dict[str, Any]) -> GeneratorData:
    """openapi-python-client's model of ``spec`` (with the branches reshaped, see above)."""
    reshaped = copy.deepcopy(spec)
    _merge_one_of(reshaped)
    config = Config.from_sources(
        ConfigFile.load_from_path(CONFIG), MetaType.NONE, str(CONFIG), "utf-8", True, None
    )
    data = GeneratorData.from_dict(reshaped, config=config)
    if isinstance(data, GeneratorError):
        raise SystemExit(f"cannot parse the spec for the body dicts: {data.header}\n{data.detail}")
    return data


class _Builder:
    def __init__(self, data: GeneratorData, bodies: Bodies) -> None:
        self.models = {str(m.class_info.name): m for m in data.models}
        self.bodies = bodies

    def model(self, prop: ModelProperty) -> str:
        name = str(prop.class_info.name)
        full = self.models.get(name, prop)
        exists = name in self.bodies.models
        if exists:
            self.bodies.imports.add(name)
        declared = [*(full.required_properties or []), *(full.optional_properties or [])]
        if not declared:
            self.bodies.free_form.add(name)
            extra = full.additional_properties
            value = "Any" if extra is None else self.value(extra)
            mapping = f"Mapping[str, {value}]"
            return f"{name} | {mapping}" if exists else mapping
        dict_name = name + SUFFIX
        if name not in self.bodies.dicts:
            entry = BodyDict(dict_name, name, [])
            self.bodies.dicts[name] = entry  # before the keys: a model may nest itself
            for prop_ in declared:
                entry.keys.append(Key(_text(prop_.name), prop_.required, self.value(prop_)))
        return f"{name} | {dict_name}" if exists else dict_name

    def value(self, prop: Any) -> str:
        if isinstance(prop, ModelProperty):
            return self.model(prop)
        if isinstance(prop, ListProperty):
            return f"Sequence[{self.value(prop.inner_property)}]"
        if isinstance(prop, UnionProperty):
            parts: list[str] = []
            for inner in prop.inner_properties:
                for part in self.value(inner).split(" | "):
                    if part not in parts:
                        parts.append(part)
            if "None" in parts:  # None reads best last
                parts.remove("None")
                parts.append("None")
            return " | ".join(parts)
        if isinstance(prop, EnumProperty):
            values = ", ".join(repr(v) for v in prop.values.values())
            name = str(prop.class_info.name)
            if name in self.bodies.models:
                self.bodies.imports.add(name)
                return f"{name} | Literal[{values}]"
            return f"Literal[{values}]"
        if isinstance(prop, ConstProperty):
            return f"Literal[{prop.value.python_code}]"
        simple = {
            IntProperty: "int",
            FloatProperty: "float",
            BooleanProperty: "bool",
            StringProperty: "str",
            DateProperty: "_datetime.date | str",
            DateTimeProperty: "_datetime.datetime | str",
            FileProperty: "bytes",  # a multipart body's file, as the dict carries it
            NoneProperty: "None",
            AnyProperty: "Any",
        }
        for kind, text in simple.items():
            if isinstance(prop, kind):
                return text
        return "Any"  # a property kind this spec does not use (uuid, ...): not narrowed


def build(spec: dict[str, Any], models: dict[str, str]) -> Bodies:
    """The dicts of every request body in ``spec``; ``models`` is the generated class index."""
    data = parse(spec)
    bodies = Bodies(models)
    builder = _Builder(data, bodies)
    for collection in data.endpoint_collections_by_tag.values():
        for endpoint in collection.endpoints:
            for body in endpoint.bodies:
                builder.value(body.prop)
    return bodies


def module_source(bodies: Bodies, banner: str) -> str:
    """bodies.py: one TypedDict per entry, sorted by name."""
    entries = sorted(bodies.dicts.values(), key=lambda e: e.name)
    out = [
        banner,
        '"""Plain-dict forms of the request bodies: ``<Model>Dict`` for each body model.\n\n'
        "Pass one wherever a facade method takes ``body=``; mypy then checks its keys and value\n"
        'types. Written by tools/gen_bodies.py."""\n\n',
        "import datetime as _datetime  # as a key, `datetime` would hide the module\n",
        "from collections.abc import Mapping, Sequence\n",
        "from typing import TYPE_CHECKING, Any, Literal, NotRequired, Required, TypedDict\n\n",
    ]
    imports = sorted(bodies.imports)
    if imports:
        out.append("if TYPE_CHECKING:\n")
        out.extend(
            f"    from .._generated.models.{bodies.models[name].lstrip('.')} import {name}\n"
            for name in imports
        )
        out.append("\n")
    out.append("__all__ = [" + ", ".join(repr(e.name) for e in entries) + "]\n\n")
    out.append("_ = (_datetime, Mapping, Sequence, Any, Literal)  # used inside quoted types\n\n")
    for entry in entries:
        out.append("\n" + _typed_dict(entry) + "\n")
    return "".join(out)


_STRING = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"")
_RUNTIME_NAMES = {"_datetime", "date", "datetime", "str", "int", "float", "bool", "bytes", "None"}
_RUNTIME_NAMES |= {"Any", "Literal", "Mapping", "Sequence"}


def _typed_dict(entry: BodyDict) -> str:
    def item(key: Key) -> str:
        wrapper = "Required" if key.required else "NotRequired"
        # Names only imported for type checkers are quoted; the rest stays plain (cheaper to load).
        names = set(re.findall(r"[A-Za-z_]\w*", _STRING.sub("", key.annotation)))
        quoted = names - _RUNTIME_NAMES
        return f"{wrapper}[{key.annotation!r}]" if quoted else f"{wrapper}[{key.annotation}]"

    if all(k.json_name.isidentifier() and not keyword.iskeyword(k.json_name) for k in entry.keys):
        lines = [f"class {entry.name}(TypedDict):", f'    """``{entry.model}`` as a plain dict."""']
        if entry.keys:
            lines.append("")
        lines.extend(f"    {k.json_name}: {item(k)}" for k in entry.keys)
        return "\n".join(lines) + "\n"
    fields = "".join(f"        {k.json_name!r}: {item(k)},\n" for k in entry.keys)
    return (
        f"{entry.name} = TypedDict(\n"
        f"    {entry.name!r},\n"
        f"    {{\n{fields}    }},\n"
        f")\n"
        f'"""``{entry.model}`` as a plain dict (functional form: some keys are not names)."""\n'
    )
