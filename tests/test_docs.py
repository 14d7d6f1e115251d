"""Docs tested like code: every command, setting, dependency and spider is in the README."""

from __future__ import annotations

import re
from pathlib import Path

import click
import tomllib

from muniwatch.cli import cli
from muniwatch.settings import SETTINGS

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _commands(group: click.Group, prefix: str = "muniwatch"):
    for name, command in group.commands.items():
        full = f"{prefix} {name}"
        if isinstance(command, click.Group):
            yield from _commands(command, full)
        else:
            yield full, command


def test_every_command_has_help_and_is_in_the_readme():
    for full, command in _commands(cli):
        assert command.help, f"`{full}` has no help text"
        assert full in README, f"`{full}` is not documented in README.md"


def test_every_setting_is_in_the_readme():
    for setting in SETTINGS:
        assert f"MUNIWATCH_{setting.name.upper()}" in README, f"setting {setting.name} not documented"


def test_every_dependency_is_explained():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    deps = project["dependencies"] + project["optional-dependencies"]["test"]
    for dep in deps:
        name = re.split(r"[<>=!\[ ]", dep, maxsplit=1)[0]
        assert re.search(rf"\b{re.escape(name)}\b", README, re.I), f"README does not say why {name} is needed"


def test_every_spider_is_in_the_readme():
    for path in sorted((ROOT / "spiders").glob("*.py")):
        if path.stem in {"__init__", "base"}:
            continue
        assert f"spiders/{path.name}" in README, f"spider {path.name} not in README"


def test_readme_shows_the_two_commands_and_the_changelog_is_dated():
    assert "make demo" in README and "make test" in README
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert re.search(r"^## \d{4}-\d{2}-\d{2}", changelog, re.M)
    for line in changelog.splitlines():
        if line.startswith("- "):
            assert re.search(r"#\d+", line), f"changelog line names no issue: {line}"
