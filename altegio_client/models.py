"""The models of the API, by their public names (``from altegio_client.models import Document``).

The names come from openapi.names.yaml, a reviewed table, so they stay stable when the vendor
reorganises its spec. Models load on first use: importing this module loads none of them.

Each request body also has a ``TypedDict``, ``<Model>Dict`` (``GoodsTransactionRequestDict``), for
passing the body as a plain dict that mypy still checks; they live in ``_facade/bodies.py``, which
also loads only when one is first asked for.
"""

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ._facade.bodies import *  # noqa: F403
    from ._generated.models import *  # noqa: F403


def __getattr__(name: str) -> Any:
    if name.endswith("Dict") or name == "__all__":
        from ._facade import bodies

        if name == "__all__":
            from ._generated.models import __all__ as model_names

            return (*model_names, *bodies.__all__)
        if name in bodies.__all__:
            return getattr(bodies, name)
    from ._generated import models

    return getattr(models, name)


def __dir__() -> list[str]:
    from ._facade import bodies
    from ._generated.models import __all__ as model_names

    return sorted({*model_names, *bodies.__all__})
