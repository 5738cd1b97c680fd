"""Every command documents itself, and the README mentions every command a user can run."""
from pathlib import Path

import pytest
from click.testing import CliRunner

from seccoop.cli import cli

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_command_has_help(name):
    command = cli.commands[name]
    assert command.help and len(command.help.strip()) > 20
    result = CliRunner().invoke(cli, [name, "--help"])
    assert result.exit_code == 0 and "Usage:" in result.output


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_readme_mentions_command(name):
    assert f"seccoop {name}" in README or f"seccoop --store bolt://localhost:7687 {name}" in README


def test_readme_gives_the_two_commands():
    quick_start = README.split("## Quick start", 1)[1].split("##", 1)[0]
    assert "make demo" in quick_start and "make test" in quick_start
    assert "make test" in (Path(__file__).resolve().parents[1] / ".ci" / "run").read_text()
