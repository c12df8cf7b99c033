"""Pipeline configuration: a plain, picklable record, and where to find it on disk.

A :class:`Config` says which cleaners run (``only``/``disable``/``order``), their options, and
which plugins load. It round-trips through a plain dict (:meth:`Config.to_dict`), which is how a
:class:`~textclean.Pipeline` is rebuilt in a worker process or a Ray actor.

On disk, configuration lives in ``textclean.toml`` (top level) or ``pyproject.toml`` (under
``[tool.textclean]``), found from the current folder upward, as ruff and black do; or in a
file named explicitly. TOML is parsed with :mod:`tomllib`, never evaluated.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Mapping


class ConfigError(ValueError):
    """Configuration that cannot be used; the message says what and where."""


KEYS = ("only", "disable", "enable", "order", "options", "plugins", "autoload", "time_budget", "max_passes",
        "language", "languages")

_CODE = re.compile(r"[a-z]{2,3}")


def _names(value: Any, key: str, what: str = "cleaner names") -> tuple[str, ...] | None:
    if value is None:
        return None
    if isinstance(value, str):
        value = [v for v in value.split(",") if v.strip()]
    if not isinstance(value, Iterable) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{key} must be a list of {what}, not {value!r}")
    return tuple(v.strip() for v in value)


@dataclass(frozen=True)
class Config:
    """Which cleaners run, in what order, with what options.

    * ``only``: run just these cleaners (in stage order unless ``order`` is given).
    * ``disable``: skip these cleaners.
    * ``enable``: also run these cleaners that are off by default.
    * ``order``: the complete run order, overriding stages; names must all be known.
    * ``options``: ``{cleaner: {option: value}}``.
    * ``plugins``: extra plugin modules to import explicitly (no entry point needed).
    * ``autoload``: load entry-point plugins (``None``: unless the environment disables it).
    * ``time_budget``: seconds one document may take in one cleaner (``None``: no limit).
    * ``max_passes``: how many times the pipeline may run over a document until its output
      stops changing (default 3; 1 turns the settling off).
    * ``language``: the language of every document (an ISO 639-1 code such as ``"de"``),
      instead of identifying it (``--lang``).
    * ``languages``: clean only text in these languages; a document (or a block of a mixed
      one) in another language, or in none that can be told, passes through untouched.

    >>> Config.from_dict({"only": ["typos"], "options": {"typos": {"min_confidence": 0.9}}}).only
    ('typos',)
    >>> Config.from_dict(Config(disable=("typos",)).to_dict()) == Config(disable=("typos",))
    True
    """

    only: tuple[str, ...] | None = None
    disable: tuple[str, ...] = ()
    enable: tuple[str, ...] = ()
    order: tuple[str, ...] | None = None
    options: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    plugins: tuple[str, ...] = ()
    autoload: bool | None = None
    time_budget: float | None = None
    max_passes: int = 3
    language: str | None = None
    languages: tuple[str, ...] | None = None

    @classmethod
    def from_dict(cls, d: Mapping[str, Any] | None, *, source: str = "config") -> "Config":
        """Build a Config from a plain dict, as read from TOML or passed by a caller."""
        d = dict(d or {})
        unknown = sorted(set(d) - set(KEYS))
        if unknown:
            raise ConfigError(f"{source}: unknown key(s) {', '.join(unknown)}; valid keys: {', '.join(KEYS)}")
        options = d.get("options") or {}
        if not isinstance(options, Mapping) or not all(isinstance(v, Mapping) for v in options.values()):
            raise ConfigError(f"{source}: options must map cleaner names to tables of settings")
        budget = d.get("time_budget")
        if budget is not None and (not isinstance(budget, (int, float)) or budget <= 0):
            raise ConfigError(f"{source}: time_budget must be a positive number of seconds")
        passes = d.get("max_passes", 3)
        if not isinstance(passes, int) or isinstance(passes, bool) or passes < 1:
            raise ConfigError(f"{source}: max_passes must be a whole number >= 1")
        autoload = d.get("autoload")
        if autoload is not None and not isinstance(autoload, bool):
            raise ConfigError(f"{source}: autoload must be true or false")
        language = d.get("language")
        if language is not None and (not isinstance(language, str) or not _CODE.fullmatch(language)):
            raise ConfigError(f"{source}: language must be a language code such as \"en\" or \"de\", "
                              f"not {language!r}")
        languages = _names(d.get("languages"), "languages", what="language codes")
        bad = [c for c in languages or () if not _CODE.fullmatch(c)]
        if bad:
            raise ConfigError(f"{source}: languages must be language codes such as \"en\", not {bad[0]!r}")
        return cls(
            only=_names(d.get("only"), "only"),
            disable=_names(d.get("disable"), "disable") or (),
            enable=_names(d.get("enable"), "enable") or (),
            order=_names(d.get("order"), "order"),
            options={str(k): dict(v) for k, v in options.items()},
            plugins=_names(d.get("plugins"), "plugins") or (),
            autoload=autoload,
            time_budget=float(budget) if budget is not None else None,
            max_passes=passes,
            language=language,
            languages=languages,
        )

    def to_dict(self) -> dict[str, Any]:
        """A plain dict (lists, dicts, scalars) that :meth:`from_dict` turns back into self."""
        out: dict[str, Any] = {}
        for key in KEYS:
            value = getattr(self, key)
            if value is None or value == () or value == {} or (key == "max_passes" and value == 3):
                continue
            if isinstance(value, tuple):
                value = list(value)
            elif key == "options":
                value = {k: dict(v) for k, v in value.items()}
            out[key] = value
        return out

    def merged(self, **overrides: Any) -> "Config":
        """A copy with the given keys replaced where the override is not ``None``/empty;
        ``options`` are merged per cleaner (the override's settings win)."""
        d = self.to_dict()
        for key, value in overrides.items():
            if value is None or value == () or value == [] or value == {}:
                continue
            if key == "options":
                opts = {k: dict(v) for k, v in d.get("options", {}).items()}
                for cleaner, settings in value.items():
                    opts.setdefault(cleaner, {}).update(settings)
                d["options"] = opts
            else:
                d[key] = value
        return Config.from_dict(d)


def read_config_file(path: str | Path) -> Config:
    """Read a ``textclean.toml`` or ``pyproject.toml`` (its ``[tool.textclean]`` table).

    A file that is neither valid TOML nor readable is a :class:`ConfigError` naming it.
    """
    path = Path(path)
    try:
        with open(path, "rb") as f:
            data = tomllib.load(f)
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read config: {exc.strerror or exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("textclean", {})
    return Config.from_dict(data, source=str(path))


def find_config_file(start: str | Path = ".") -> Path | None:
    """The nearest ``textclean.toml``, or ``pyproject.toml`` with a ``[tool.textclean]``
    table, in ``start`` or a folder above it; ``None`` if there is none."""
    here = Path(start).resolve()
    for folder in (here, *here.parents):
        candidate = folder / "textclean.toml"
        if candidate.is_file():
            return candidate
        candidate = folder / "pyproject.toml"
        if candidate.is_file():
            try:
                with open(candidate, "rb") as f:
                    if "textclean" in tomllib.load(f).get("tool", {}):
                        return candidate
            except (OSError, tomllib.TOMLDecodeError):
                continue
    return None
