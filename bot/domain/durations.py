"""How long, in the words people type: a number and a unit ("3 days", "2 weeks") in each
language we speak ("14 días", "2 semanas", "für 14 Tage", "на 2 недели", "۱۴ روزه"),
with the little word before it that says "for" ("durante", "für", "на", "برای"...).

Matched on text read plainly (bot.domain.words.PLAIN: no accents, Latin digits, each
character in its place), so the patterns here are read the same way ("дней": "днеи").
All languages are accepted at once, as everywhere people type words.
"""

from __future__ import annotations

import re

from bot.domain.words import PLAIN


def _plain(pattern: str) -> str:
    # Written as people write the words; read the way the text is read.
    return pattern.translate(PLAIN)


# "for" before a length: "for 3 days", "durante 14 días", "por 14 dias", "für 2 Wochen",
# "на 14 дней", "в течение 14 дней", "برای ۱۴ روز", "به مدت ۱۴ روز".
FOR = _plain(r"(?:for|durante|por|für|на|в\s+течение|برای|به\s+مدت)")
# Days: English as it always was (d, day, days), then "día(s)", "dia(s)", "Tag(e/en)",
# "день/дня/дней/дн" and "روز" ("۱۴ روزه" is "14-day").
DAY = _plain(r"(?:days?|d|días?|dias?|tag(?:e|en)?|день|дня|дней|дн|روزه|روز)")
# Weeks: "w", "week(s)", "semana(s)", "Woche(n)", "неделя/неделю/недели/недель/нед", "هفته".
WEEK = _plain(r"(?:weeks?|w|semanas?|wochen?|неделя|неделю|недели|недель|нед|هفته)")
# After a length: "14 Tage lang", "14 días seguidos", "14 dias seguidos", "14 дней подряд".
AFTER = _plain(r"(?:\s+(?:lang|seguidos|подряд))?")
# Between the number and its unit: nothing, a space, or Persian's zero-width non-joiner.
GAP = r"[\s\u200c]*"


def compile_plain(pattern: str) -> re.Pattern[str]:
    """`pattern` (built from the pieces above) for matching text read plainly."""
    return re.compile(pattern, re.IGNORECASE)


def plain(text: str) -> str:
    """`text` read plainly, one character for one: positions in it are positions in `text`."""
    return text.translate(PLAIN)
