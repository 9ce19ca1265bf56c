"""Which site-wide files a build can keep without rendering them again.

A listing's pages and its feed show a few cards each. When one document comes or goes, most
of the 5,400 listing pages of a 10,000-document site show what they showed before (measured:
604 of them changed, yet all were rendered, 3.7 s of a 9.7 s new-source build). So each such
file gets a key made of everything it shows: the build's environment (engine, theme,
configuration, date) and the file's own inputs (its listing, page number, page count and the
cards on it). A file whose key is the one the last build recorded, and which is still in the
site as that build left it, is kept as it is; any other is rendered and written.

The key must name every input of the file's template, or a page would go stale: the inputs
are spelled out where each file is rendered (generator/render.py), next to the template call.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from generator.cache import digest
from generator.document import Card


def card_shown(card: Card) -> str:
    """What a listing or feed shows of a card. repr, not pickle: pickle's bytes depend on
    which equal strings are one object, repr's only on the values."""
    return repr((card.slug, card.url, card.path, card.meta, card.question_count, card.summary))


@dataclass
class FileKeys:
    """The keys of this build's keyed site files, and whether each can be kept.

    `reuse(rel, key)`: True when `rel` may stay as the last build left it (the caller checks
    the recorded key and that the file is unchanged in the site, and keeps it there)."""

    base: str
    reuse: Callable[[str, str], bool] = lambda rel, key: False
    keys: dict[str, str] = field(default_factory=dict)
    # A card is in five or six listings: its repr (the dearest part of a key) is made once, and
    # only its digest is held: this runs in the build's peak of memory (the site-wide files;
    # 920 MB at 100,000 documents), where 100,000 reprs would be ~50 MB more.
    _shown: dict[int, tuple[Card, str]] = field(default_factory=dict, repr=False)

    def cards_shown(self, cards: Iterable[Card]) -> str:
        """What a listing page or feed shows of these cards."""
        parts = []
        for card in cards:
            known = self._shown.get(id(card))
            if known is None or known[0] is not card:  # the card is held, so its id is its own
                shown = card_shown(card).encode("utf-8")
                known = self._shown[id(card)] = (
                    card,
                    hashlib.blake2b(shown, digest_size=16).hexdigest(),
                )
            parts.append(known[1])
        return "\0".join(parts)

    def kept(self, rel: str, *inputs: str) -> bool:
        """Record `rel`'s key from its inputs; True when it need not be rendered."""
        key = digest(self.base, rel, *inputs)[:32]  # 128 bits: ~54,000 of them at 100,000
        self.keys[rel] = key
        return self.reuse(rel, key)


def file_keys(env: str, reuse: Callable[[str, str], bool] | None = None) -> FileKeys:
    """Keys for one build. `env` is its environment (record.build_env: engine, theme,
    configuration and the build's date, which /open/ and the feeds' dates depend on), part of
    every key."""
    base = digest("site file", env)
    return FileKeys(base) if reuse is None else FileKeys(base, reuse)
