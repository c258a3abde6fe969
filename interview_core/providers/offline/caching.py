"""Caches keyed on text, bounded by size as well as by count.

The engine asks the same questions of the same CV lines and answers many times per
interview, so its text functions are cached. A cache bounded only by entry count is not
bounded in memory: 4,096 whole 55,000-character CVs are gigabytes. Here short texts (a
line, an answer) share a large cache and long ones (whole documents) a small one.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import _CacheInfo, lru_cache, wraps
from typing import TypeVar

R = TypeVar("R")

LONG_TEXT = 4000  # characters: longer texts are whole documents, cached a few at a time


def text_cache(maxsize: int, long_maxsize: int = 16) -> Callable[[Callable[[str], R]], Callable[[str], R]]:
    """lru_cache for a function of one text: `maxsize` entries of short texts, and
    `long_maxsize` of texts over LONG_TEXT characters."""

    def decorate(function: Callable[[str], R]) -> Callable[[str], R]:
        short = lru_cache(maxsize=maxsize)(function)
        long = lru_cache(maxsize=long_maxsize)(function)

        @wraps(function)
        def cached(text: str) -> R:
            return (long if len(text) > LONG_TEXT else short)(text)

        def cache_clear() -> None:
            short.cache_clear()
            long.cache_clear()

        def cache_info() -> _CacheInfo:
            return short.cache_info()

        cached.cache_clear = cache_clear  # type: ignore[attr-defined]
        cached.cache_info = cache_info  # type: ignore[attr-defined]
        return cached

    return decorate
