"""The generated event models (``GoodsOperationEvent``, ``GoodsOperations``, ...)."""

from ._generated.models import *  # noqa: F403
from ._generated.models import __all__ as __all__
