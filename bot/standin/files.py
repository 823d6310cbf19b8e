"""Files users upload and the bot sends, and getFile: kept in memory and served under a
file_path like Telegram's file server."""

from __future__ import annotations

from .records import JSON, StoredFile, bad_request
from .wire import Params

# A valid 1×1 PNG, the default content of photos users send.
TINY_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360f8cfc0f01f0005000201e2b0d4d60000000049454e44ae426082"
)


class Files:
    """Stored files by file_id and by file_path."""

    def __init__(self) -> None:
        self._by_id: dict[str, StoredFile] = {}
        self._by_path: dict[str, StoredFile] = {}

    def store(
        self, data: bytes, kind: str, *, filename: str | None = None, mime_type: str | None = None
    ) -> StoredFile:
        n = len(self._by_id) + 1
        extension = (filename or "").rpartition(".")[2] if filename and "." in filename else "bin"
        if kind == "photo":
            extension = "png" if data.startswith(b"\x89PNG") else "jpg"
        stored = StoredFile(
            file_id=f"AgAC{kind[:3]}{n:08d}",
            file_unique_id=f"u{n:08d}",
            data=data,
            filename=filename,
            mime_type=mime_type,
            path=f"{kind}s/file_{n}.{extension}",
        )
        self._by_id[stored.file_id] = stored
        self._by_path[stored.path] = stored
        return stored

    def data(self, file_id: str) -> bytes:
        return self._by_id[file_id].data

    def at_path(self, path: str) -> StoredFile | None:
        return self._by_path.get(path)

    def input_file(self, params: Params, field: str, kind: str) -> StoredFile:
        """The file a send names: an upload, ``attach://``, or a known file_id."""
        upload = params.files.get(field)
        value = params.text(field)
        if upload is None and value and value.startswith("attach://"):
            upload = params.files.get(value.removeprefix("attach://"))
        if upload is not None:
            data, filename, mime_type = upload
            return self.store(data, kind, filename=filename, mime_type=mime_type)
        if not value:
            raise bad_request(f"there is no {kind} in the request")
        known = self._by_id.get(value)
        if known is not None:
            return known
        if value.startswith(("http://", "https://")):
            raise bad_request("failed to get HTTP URL content")
        raise bad_request("wrong file identifier/HTTP URL specified")

    def get_file(self, params: Params) -> JSON:
        stored = self._by_id.get(params.text("file_id") or "")
        if stored is None:
            raise bad_request("wrong file_id or the file is temporarily unavailable")
        return {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_size": len(stored.data),
            "file_path": stored.path,
        }


def photo_size(stored: StoredFile) -> JSON:
    """The PhotoSize of a stored picture at its full size."""
    width, height = image_size(stored.data)
    return {
        "file_id": stored.file_id,
        "file_unique_id": stored.file_unique_id,
        "file_size": len(stored.data),
        "width": width,
        "height": height,
    }


def image_size(data: bytes) -> tuple[int, int]:
    """Width and height of a PNG (from its IHDR chunk); a placeholder for anything else."""
    if data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) >= 24:
        return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    return 100, 100
