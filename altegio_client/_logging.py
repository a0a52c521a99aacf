"""The `altegio_client` logger: one INFO line per call, bodies at DEBUG, secrets never."""

from __future__ import annotations

import json
import logging
import os
import re
from typing import Any

__all__ = ["SECRET_KEYS", "logger", "redact", "setup_from_env"]

logger = logging.getLogger("altegio_client")

SECRET_KEYS = frozenset(
    {"password", "user_token", "partner_token", "token", "authorization", "secret"}
)
_HEADER_TOKENS = re.compile(r"(Bearer|User)\s+[^\s,]+")
# For bodies that cannot be parsed: mask `"password": "..."` and the like in the raw text.
_TEXT_SECRETS = re.compile(
    r'("(?:' + "|".join(sorted(SECRET_KEYS)) + r')"\s*:\s*)"(?:[^"\\]|\\.)*"', re.IGNORECASE
)


def redact(value: Any) -> Any:
    """A copy of a JSON-like value with secret fields masked."""
    if isinstance(value, dict):
        return {k: "***" if str(k).lower() in SECRET_KEYS else redact(v) for k, v in value.items()}
    if isinstance(value, list):
        return [redact(v) for v in value]
    if isinstance(value, str):
        return _HEADER_TOKENS.sub(r"\1 ***", value)
    return value


def body_for_log(content: bytes) -> str:
    """Request/response body as text for DEBUG logs, secrets masked; never raises."""
    if not content:
        return ""
    from ._json import loads  # only with DEBUG on: importing the SDK does not load the decoder

    try:
        return json.dumps(redact(loads(content)), ensure_ascii=False)[:4000]
    except (ValueError, RecursionError):  # not JSON, or nested too deeply to walk
        pass
    except Exception:  # a log line must never break the call it describes
        return f"<{len(content)} bytes, unreadable>"
    try:
        text = content[:4000].decode("utf-8", "replace")
        return _TEXT_SECRETS.sub(r'\1"***"', _HEADER_TOKENS.sub(r"\1 ***", text))
    except Exception:
        return f"<{len(content)} bytes, unreadable>"


def setup_from_env() -> None:
    """ALTEGIO_LOG=info|debug attaches a stderr handler, like openai-python's OPENAI_LOG."""
    level = os.environ.get("ALTEGIO_LOG", "").strip().lower()
    if level not in {"info", "debug"} or logger.handlers:
        return
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(levelname)s %(message)s"))
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG if level == "debug" else logging.INFO)
