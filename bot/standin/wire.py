"""The Bot API on the wire: request parameters in, Telegram's JSON envelopes out."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from aiohttp import web

from .records import JSON, ApiError, bad_request


class Params:
    """Request parameters from a query string, form, multipart body or JSON body."""

    def __init__(self, data: dict[str, Any], files: dict[str, tuple[bytes, str, str]]) -> None:
        self.data = data
        self.files = files

    def get(self, name: str) -> Any:
        return self.data.get(name)

    def text(self, name: str) -> str | None:
        value = self.data.get(name)
        if value is None:
            return None
        return value if isinstance(value, str) else str(value)

    def integer(self, name: str) -> int | None:
        value = self.data.get(name)
        if value is None or value == "":
            return None
        try:
            return int(value)
        except (TypeError, ValueError):
            raise bad_request(f'field "{name}" must be of type Integer') from None

    def number(self, name: str) -> float | None:
        value = self.data.get(name)
        if value is None or value == "":
            return None
        try:
            return float(value)
        except (TypeError, ValueError):
            raise bad_request(f'field "{name}" must be of type Float') from None

    def flag(self, name: str) -> bool:
        value = self.data.get(name)
        if isinstance(value, str):
            return value.lower() in ("true", "1")
        return bool(value)

    def structured(self, name: str) -> Any:
        """A nested value (JSON-encoded in forms, plain in JSON bodies)."""
        value = self.data.get(name)
        if isinstance(value, str):
            try:
                return json.loads(value)
            except ValueError:
                raise bad_request(f"can't parse {name} JSON object") from None
        return value

    def chat_id(self) -> int:
        value = self.data.get("chat_id")
        if value is None or value == "":
            raise bad_request("chat_id is empty")
        try:
            return int(value)
        except (TypeError, ValueError):
            raise bad_request("chat not found") from None

    def maybe_chat_id(self) -> int | None:
        try:
            return self.chat_id()
        except ApiError:
            return None


# A Bot API method as the stand-in implements it: parameters in, the result out.
Handler = Callable[[Params], Any]


async def read_params(request: web.Request) -> Params:
    data: dict[str, Any] = dict(request.query)
    files: dict[str, tuple[bytes, str, str]] = {}
    if request.can_read_body:
        if request.content_type == "application/json":
            body = await request.json()
            if not isinstance(body, dict):
                raise ValueError("JSON body must be an object")
            data.update(body)
        else:
            form = await request.post()
            for key, value in form.items():
                if isinstance(value, web.FileField):
                    files[key] = (value.file.read(), value.filename, value.content_type)
                elif isinstance(value, bytes):
                    data[key] = value.decode("utf-8")
                else:
                    data[key] = value
    return Params(data, files)


def ok_response(result: Any) -> web.Response:
    body = json.dumps({"ok": True, "result": result}, ensure_ascii=False)
    return web.Response(text=body, content_type="application/json")


def error_response(err: ApiError) -> web.Response:
    data: JSON = {"ok": False, "error_code": err.status, "description": err.description}
    if err.parameters:
        data["parameters"] = err.parameters
    return web.Response(text=json.dumps(data), status=err.status, content_type="application/json")
