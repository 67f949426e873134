"""Script folding between Traditional (Hong Kong) and Simplified Chinese.

Only OpenCC configs that keep the string length are used (hk2s, t2s, s2hk), so an offset in
the folded text is the same offset in the original; ``to_simplified`` checks it every time.
"""

from __future__ import annotations

import importlib
import signal
import threading
import unicodedata
from functools import cache

__all__ = [
    "to_simplified",
    "to_simplified_as_scored",
    "to_traditional",
    "detect_script",
    "other_script",
    "fold_key",
]

HANT, HANS = "zh-Hant", "zh-Hans"


@cache
def _converter(config: str):
    opencc = _import_whole("opencc")  # heavy: loaded on first use
    return opencc.OpenCC(config)


def _import_whole(name: str):
    """``import name`` with Ctrl-C and SIGTERM held until it is done, then delivered. OpenCC's
    import turns any exception raised inside it, an interrupt included, into an ImportError:
    a build stopped at that moment ended in a traceback instead of stopping. The signals are
    held by Python handlers, not by a thread's mask: a signal for the process may land in
    another thread (the CLI's progress bar), and Python runs its handler in the main thread,
    inside the import, whatever that thread masks."""
    if threading.current_thread() is not threading.main_thread():
        return importlib.import_module(name)  # handlers run in the main thread only
    held: list[int] = []
    stops = (signal.SIGINT, signal.SIGTERM)
    previous = {s: signal.signal(s, lambda signum, _frame: held.append(signum)) for s in stops}
    try:
        return importlib.import_module(name)
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)
        for signum in held:
            signal.raise_signal(signum)


def _convert(text: str, config: str) -> str:
    out = _converter(config).convert(text)
    if len(out) != len(text):
        raise AssertionError(f"OpenCC {config} changed the length of {text[:40]!r}")
    return out


def to_simplified(text: str) -> str:
    """Simplified form with the same length (so offsets carry over).

    >>> to_simplified("羅湖口岸")
    '罗湖口岸'
    """
    return _convert(text, "hk2s")


def to_simplified_as_scored(text: str) -> str:
    """Simplified form by OpenCC's plain ``t2s``, the fold of the shared scorer
    (``../shared/eval/score.py``); ``to_simplified`` reads Hong Kong variants first (hk2s), and
    the two differ on a few characters.

    >>> to_simplified_as_scored("羅湖口岸")
    '罗湖口岸'
    """
    return _converter("t2s").convert(text)


def to_traditional(text: str) -> str:
    """Hong Kong Traditional form with the same length.

    >>> to_traditional("罗湖口岸")
    '羅湖口岸'
    """
    return _convert(text, "s2hk")


def detect_script(text: str) -> str:
    """``zh-Hant`` if the text reads as Traditional, else ``zh-Hans``.

    Counts characters that folding to Simplified would change against those that folding to
    Traditional would change: a Simplified article has few of the first kind.

    >>> detect_script("深圳市政協會議在羅湖舉行")
    'zh-Hant'
    >>> detect_script("深圳市政协会议在罗湖举行")
    'zh-Hans'
    """
    simplified, traditional = to_simplified(text), to_traditional(text)
    trad_chars = sum(a != b for a, b in zip(text, simplified))
    simp_chars = sum(a != b for a, b in zip(text, traditional))
    return HANT if trad_chars > simp_chars else HANS


def other_script(name: str, script: str) -> str:
    """The name written in the other script (may equal ``name``)."""
    return to_simplified(name) if script == HANT else to_traditional(name)


def fold_key(name: str) -> str:
    """Comparison key for names: Simplified, full-width folded, quote marks and spaces gone.

    >>> fold_key("「創投通」") == fold_key("创投通")
    True
    """

    folded = unicodedata.normalize("NFKC", to_simplified(name))
    return "".join(ch for ch in folded if ch not in _MARKS).lower()


_MARKS = frozenset(" \t\n「」『』《》〈〉“”‘’\"'()（）·•・,，、")


def abbreviates(short: str, long: str) -> bool:
    """Whether ``short`` reads as a contraction of ``long``: two characters or more, fewer than
    ``long`` has, taken from it in order (前海管理局 of 深圳市前海深港現代服務業合作區管理局).

    >>> abbreviates("前海管理局", "深圳市前海深港現代服務業合作區管理局"), abbreviates("社會主義學院", "深圳市委黨校")
    (True, False)
    """
    short, long = fold_key(short), fold_key(long)
    if not 2 <= len(short) < len(long):
        return False
    rest = iter(long)
    return all(ch in rest for ch in short)
