"""The models of the API, by their public names (``from altegio_client.models import Document``).

The names come from openapi.names.yaml, a reviewed table, so they stay stable when the vendor
reorganises its spec. Models load on first use: importing this module loads none of them.
"""

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ._generated.models import *  # noqa: F403

from ._generated.models import __all__ as __all__


def __getattr__(name: str) -> Any:
    from . import _generated

    return getattr(_generated.models, name)
