"""Telegram's HTML parse mode, re-implemented to validate what the bot sends.

The rules and error details follow tdlib's ``parse_html`` (what the Bot API runs), with
one deliberate difference: a bare ``&`` that does not start a character entity is an
error here (Telegram keeps it literally) unless ``strict_ampersand=False``, so that a
bot forgetting to escape user text fails in tests instead of in production.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

ALLOWED_TAGS = frozenset(
    {
        "a",
        "b",
        "strong",
        "i",
        "em",
        "u",
        "ins",
        "s",
        "strike",
        "del",
        "span",
        "tg-spoiler",
        "tg-emoji",
        "code",
        "pre",
        "blockquote",
    }
)

_TAG_ENTITY_TYPE = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "span": "spoiler",
    "tg-spoiler": "spoiler",
    "tg-emoji": "custom_emoji",
    "code": "code",
    "pre": "pre",
    "blockquote": "blockquote",
    "a": "text_link",
}

_NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_SPACES = frozenset(" \t\r\n\f\v")


class EntityParseError(ValueError):
    """The text is not valid Telegram HTML; ``str(err)`` is Telegram's detail."""


@dataclass(frozen=True, slots=True)
class ParsedText:
    """Text as the user sees it, with its entities (offsets in UTF-16 code units)."""

    text: str
    entities: tuple[dict[str, Any], ...]


def utf16_len(text: str) -> int:
    """Length in UTF-16 code units, the unit of Telegram's length limits and offsets."""
    if text.isascii():
        return len(text)
    return len(text.encode("utf-16-le")) // 2


def _byte_offset(text: str, index: int) -> int:
    return len(text[:index].encode("utf-8"))


def _decode_entity(text: str, i: int) -> tuple[str, int] | None:
    """Decode the character entity at ``text[i] == '&'``: (character, index after it)."""
    end = text.find(";", i + 1, i + 12)
    if end == -1:
        return None
    name = text[i + 1 : end]
    if name in _NAMED_ENTITIES:
        return _NAMED_ENTITIES[name], end + 1
    if name.startswith("#") and len(name) > 1:
        digits = name[1:]
        try:
            if digits[0] in "xX":
                code = int(digits[1:], 16) if re.fullmatch(r"[0-9a-fA-F]+", digits[1:]) else -1
            else:
                code = int(digits) if digits.isdigit() else -1
        except ValueError:
            return None
        if 0 < code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF:
            return chr(code), end + 1
    return None


def parse_html(text: str, *, strict_ampersand: bool = True) -> ParsedText:
    """Strip the tags and decode the entities of Telegram HTML, or raise EntityParseError."""
    if "<" not in text and "&" not in text:
        return ParsedText(text, ())
    out: list[str] = []
    utf16_offset = 0
    # (tag name, argument, utf16 offset where the entity starts)
    stack: list[tuple[str, str, int]] = []
    entities: list[dict[str, Any]] = []
    n = len(text)
    i = 0
    while i < n:
        c = text[i]
        if c == "&":
            decoded = _decode_entity(text, i)
            if decoded is not None:
                out.append(decoded[0])
                utf16_offset += utf16_len(decoded[0])
                i = decoded[1]
                continue
            if strict_ampersand:
                raise EntityParseError(
                    f'Character "&" at byte offset {_byte_offset(text, i)} does not start '
                    'a character entity; escape it as "&amp;"'
                )
        if c != "<":
            out.append(c)
            utf16_offset += 1 if ord(c) <= 0xFFFF else 2
            i += 1
            continue
        begin = i
        i += 1
        if i < n and text[i] == "/":
            i = _close_tag(text, begin, stack, entities, utf16_offset)
            continue
        i = _open_tag(text, begin, stack, utf16_offset)
    if stack:
        raise EntityParseError(f'Can\'t find end tag corresponding to start tag "{stack[-1][0]}"')
    entities.sort(key=lambda e: (e["offset"], -e["length"]))
    return ParsedText("".join(out), tuple(entities))


def _open_tag(text: str, begin: int, stack: list[tuple[str, str, int]], offset: int) -> int:
    n = len(text)
    i = begin + 1
    while i < n and text[i] not in _SPACES and text[i] != ">":
        i += 1
    if i >= n:
        raise EntityParseError(f"Unclosed start tag at byte offset {_byte_offset(text, begin)}")
    tag = text[begin + 1 : i].lower()
    if tag not in ALLOWED_TAGS:
        raise EntityParseError(
            f'Unsupported start tag "{tag}" at byte offset {_byte_offset(text, begin)}'
        )
    argument = ""
    while i < n and text[i] != ">":
        while i < n and text[i] in _SPACES:
            i += 1
        if i < n and text[i] == ">":
            break
        attr_begin = i
        while i < n and text[i] not in _SPACES and text[i] not in "=>":
            i += 1
        attr = text[attr_begin:i]
        if not attr:
            raise EntityParseError(
                f'Empty attribute name in the tag "{tag}" at byte offset '
                f"{_byte_offset(text, begin)}"
            )
        while i < n and text[i] in _SPACES:
            i += 1
        if i < n and text[i] != "=" and tag == "blockquote" and attr == "expandable":
            argument = "expandable"
            continue
        if i >= n or text[i] != "=":
            raise EntityParseError(
                "Expected equal sign in declaration of an attribute of the tag "
                f'"{tag}" at byte offset {_byte_offset(text, begin)}'
            )
        i += 1
        while i < n and text[i] in _SPACES:
            i += 1
        if i >= n:
            raise EntityParseError(
                f'Unclosed start tag "{tag}" at byte offset {_byte_offset(text, begin)}'
            )
        value, i = _attribute_value(text, i)
        if i >= n:
            raise EntityParseError(f"Unclosed start tag at byte offset {_byte_offset(text, begin)}")
        if (
            (tag == "a" and attr == "href")
            or (tag == "tg-emoji" and attr == "emoji-id")
            or (tag == "code" and attr == "class" and value.startswith("language-"))
            or (tag == "span" and attr == "class" and value.startswith("tg-"))
        ):
            argument = value
        elif tag == "blockquote" and attr == "expandable":
            argument = "expandable"
    if tag == "span" and argument != "tg-spoiler":
        raise EntityParseError(
            f'Tag "span" must have class "tg-spoiler" at byte offset {_byte_offset(text, begin)}'
        )
    stack.append((tag, argument, offset))
    return i + 1


def _attribute_value(text: str, i: int) -> tuple[str, int]:
    n = len(text)
    if text[i] not in "'\"":
        start = i
        while i < n and (text[i].isalnum() or text[i] in ".-"):
            i += 1
        if i < n and text[i] not in _SPACES and text[i] != ">":
            raise EntityParseError(
                f"Unexpected end of name token at byte offset {_byte_offset(text, start)}"
            )
        return text[start:i].lower(), i
    quote = text[i]
    i += 1
    value: list[str] = []
    while i < n and text[i] != quote:
        if text[i] == "&":
            decoded = _decode_entity(text, i)
            if decoded is not None:
                value.append(decoded[0])
                i = decoded[1]
                continue
        value.append(text[i])
        i += 1
    if i < n:
        i += 1
    return "".join(value), i


def _close_tag(
    text: str,
    begin: int,
    stack: list[tuple[str, str, int]],
    entities: list[dict[str, Any]],
    offset: int,
) -> int:
    n = len(text)
    if not stack:
        raise EntityParseError(f"Unexpected end tag at byte offset {_byte_offset(text, begin)}")
    i = begin + 2
    while i < n and text[i] not in _SPACES and text[i] != ">":
        i += 1
    end_name = text[begin + 2 : i]
    while i < n and text[i] in _SPACES:
        i += 1
    if i >= n or text[i] != ">":
        raise EntityParseError(f"Unclosed end tag at byte offset {_byte_offset(text, begin)}")
    tag, argument, start = stack[-1]
    if end_name and end_name.lower() != tag:
        raise EntityParseError(
            f"Unmatched end tag at byte offset {_byte_offset(text, begin)}, "
            f'expected "</{tag}>", found "</{end_name}>"'
        )
    stack.pop()
    length = offset - start
    if length > 0:
        entity: dict[str, Any] = {"type": _TAG_ENTITY_TYPE[tag], "offset": start, "length": length}
        if tag == "a":
            entity["url"] = argument
        elif tag == "tg-emoji":
            entity["custom_emoji_id"] = argument
        elif tag == "pre" and argument:
            entity["language"] = argument
        elif tag == "blockquote" and argument:
            entity["type"] = "expandable_blockquote"
        if tag == "code" and argument and stack and stack[-1][0] == "pre":
            # <pre><code class="language-x"> is one pre entity with a language.
            pre_tag, _, pre_start = stack[-1]
            stack[-1] = (pre_tag, argument[len("language-") :], pre_start)
        else:
            entities.append(entity)
    return i + 1


_COMMAND = re.compile(r"/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{3,32})?")
_MENTION = re.compile(r"(?<![A-Za-z0-9_])@[A-Za-z0-9_]{3,32}")


def user_entities(text: str) -> list[dict[str, Any]]:
    """Entities Telegram's clients add to what a user types: a leading command and mentions."""
    entities: list[dict[str, Any]] = []
    command_end = 0
    match = _COMMAND.match(text)
    if match and (match.end() == len(text) or text[match.end()] in _SPACES):
        entities.append({"type": "bot_command", "offset": 0, "length": utf16_len(match.group())})
        command_end = match.end()
    if "@" in text[command_end:]:
        for mention in _MENTION.finditer(text, command_end):
            entities.append(
                {
                    "type": "mention",
                    "offset": utf16_len(text[: mention.start()]),
                    "length": utf16_len(mention.group()),
                }
            )
    return entities


def command_target(text: str) -> tuple[str, str | None] | None:
    """For text starting with a command: (command, @username suffix or None)."""
    match = _COMMAND.match(text)
    if not match or (match.end() < len(text) and text[match.end()] not in _SPACES):
        return None
    command, _, target = match.group()[1:].partition("@")
    return command, target or None
