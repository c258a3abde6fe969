"""The interviewer's wording: the frames of data/probes.toml, one table per gap, and which
frame to use so that no frame, and no opening, is used twice in an interview."""

from __future__ import annotations

import tomllib
from collections.abc import Sequence
from functools import lru_cache
from importlib import resources
from typing import NamedTuple

from interview_core.providers.offline.probes.lacking import GAPS
from interview_core.providers.offline.probes.tokens import key


class Frame(NamedTuple):
    text: str  # with one “{quote}”
    parts: tuple[str, ...]  # the normalised words around the quote, to spot it in earlier text
    opener: str  # the normalised words before the quote ("you said")


@lru_cache(maxsize=1)
def _bank() -> dict[str, tuple[tuple[Frame, ...], tuple[Frame, ...]]]:
    """gap -> (frames that fit any quote, frames that fit only a quote about the past)."""
    source = resources.files("interview_core.providers.offline").joinpath("data", "probes.toml")
    raw = tomllib.loads(source.read_text("utf-8"))
    bank: dict[str, tuple[tuple[Frame, ...], tuple[Frame, ...]]] = {}
    for gap in GAPS:
        table = raw.get(gap, {})
        lists: list[tuple[Frame, ...]] = []
        for name in ("frames", "past"):
            frames = []
            for text in table.get(name, ()):
                if text.count("{quote}") != 1 or "“{quote}”" not in text or text.count("{") != 1:
                    raise ValueError(f"probes.toml [{gap}]: frame without one “{{quote}}”: {text}")
                before, after = text.split("{quote}")
                parts = tuple(p for p in (key(before), key(after)) if p)
                frames.append(Frame(text, parts, key(before).rstrip('"').strip()))
            lists.append(tuple(frames))
        if not lists[0]:
            raise ValueError(f"probes.toml: no frames for gap {gap!r}")
        bank[gap] = (lists[0], lists[1])
    return bank


def _used(frame: Frame, earlier: Sequence[str]) -> bool:
    return any(all(part in said for part in frame.parts) for said in earlier)


def frames(gap: str, past: bool, seed: int, earlier: Sequence[str]) -> list[Frame]:
    """This gap's unused frames, in the seed's order, least-used opening words first.

    `past` adds the frames that fit only a quote about something the candidate did;
    `earlier` holds what the interviewer said before, each as `tokens.key` gives it.
    """
    general, past_only = _bank()[gap]
    found = list(general + past_only) if past else list(general)
    shift = seed % len(found)
    found = found[shift:] + found[:shift]
    fresh = [f for f in found if not _used(f, earlier)]
    return sorted(fresh, key=lambda f: sum(f'{f.opener} "' in said for said in earlier))
