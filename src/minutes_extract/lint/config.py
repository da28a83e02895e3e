"""Which findings `check` shows and which fail it: select/ignore by code or code prefix, a
severity to show, a severity that fails. From options, or from `[tool.minutes-extract]` in a
pyproject.toml or a minutes-extract.toml found upward from the checked file."""

from __future__ import annotations

import os
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from fnmatch import fnmatchcase
from pathlib import Path, PurePath

from ..diagnostics import BY_CODE
from ..models import Severity

RANK = {Severity.INFO: 0, Severity.WARNING: 1, Severity.ERROR: 2}
NEVER = "never"
CONFIG_KEYS = {"select", "ignore", "severity", "fail-on", "exclude"}


class ConfigError(Exception):
    """A configuration that cannot be honoured: unknown rule code, key or severity."""


@dataclass(frozen=True)
class CheckConfig:
    select: tuple[str, ...] = ()  # codes or prefixes; empty = every rule
    ignore: tuple[str, ...] = ()
    severity: str = Severity.WARNING.value  # the least severe finding shown
    fail_on: str = Severity.WARNING.value  # the least severe finding that fails, or "never"
    exclude: tuple[str, ...] = ()  # globs of files a folder or pattern yields that are not checked

    def validated(self) -> CheckConfig:
        for code in (*self.select, *self.ignore):
            if not any(known.startswith(code.upper()) for known in BY_CODE) or not code:
                raise ConfigError(f"unknown rule code {code!r} (see `minutes-extract rules`)")
        for name, value in (("severity", self.severity), ("fail-on", self.fail_on)):
            allowed = [s.value for s in Severity] + ([NEVER] if name == "fail-on" else [])
            if value not in allowed:
                raise ConfigError(f"{name} must be one of {', '.join(allowed)}, not {value!r}")
        return self

    def applies(self, code: str) -> bool:
        selected = not self.select or any(code.startswith(s.upper()) for s in self.select)
        return selected and not any(code.startswith(i.upper()) for i in self.ignore)


def find_config(start: Path) -> tuple[Path, dict] | None:
    """The nearest configuration above `start`: pyproject.toml with [tool.minutes-extract],
    or minutes-extract.toml."""
    for folder in [start if start.is_dir() else start.parent, *start.resolve().parents]:
        own = folder / "minutes-extract.toml"
        if own.is_file():
            return own, _read_toml(own)
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file():
            table = _read_toml(pyproject).get("tool", {}).get("minutes-extract")
            if table is not None:
                return pyproject, table
    return None


def _read_toml(path: Path) -> dict:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read configuration ({exc})") from None


def config_from(table: dict, origin: str) -> CheckConfig:
    unknown = set(table) - CONFIG_KEYS
    if unknown:
        raise ConfigError(f"{origin}: unknown configuration key(s) {', '.join(sorted(unknown))}")

    def codes(key: str) -> tuple[str, ...]:
        value = table.get(key, [])
        return tuple([value] if isinstance(value, str) else value)

    return CheckConfig(
        select=codes("select"),
        ignore=codes("ignore"),
        severity=str(table.get("severity", Severity.WARNING.value)),
        fail_on=str(table.get("fail-on", Severity.WARNING.value)),
        exclude=codes("exclude"),
    ).validated()


def with_overrides(base: CheckConfig, **changes: object) -> CheckConfig:
    given = {key: value for key, value in changes.items() if value not in (None, ())}
    return replace(base, **given).validated()


class ConfigFinder:
    """The configuration of each file: found upward from it, read once per configuration file."""

    def __init__(self, overrides: Mapping[str, object]) -> None:
        self.overrides = overrides
        self.read: dict[Path | None, CheckConfig] = {}

    def __call__(self, path: Path) -> CheckConfig:
        located = find_config(path)
        origin = located[0] if located else None
        if origin not in self.read:
            base = config_from(located[1], str(origin)) if located else CheckConfig()
            self.read[origin] = with_overrides(base, **self.overrides)
        return self.read[origin]


def is_excluded(path: Path, patterns: Iterable[str]) -> bool:
    """Whether a glob matches the file, as ruff matches `exclude`: against its path relative to
    the current directory, against its name, and against each folder above it (by path and by
    name), so that `build` or `drafts/*` leaves out a whole folder."""
    patterns = [pattern.rstrip("/") for pattern in patterns]
    if not patterns:
        return False
    relative = PurePath(os.path.relpath(path)) if path.is_absolute() else PurePath(path)
    candidates = {relative.as_posix(), relative.name}
    for parent in relative.parents:
        if parent.name and parent.name != "..":
            candidates.update((parent.as_posix(), parent.name))
    return any(fnmatchcase(candidate, pattern) for candidate in candidates for pattern in patterns)
