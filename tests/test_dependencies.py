"""Every third-party package the code imports is declared in pyproject.toml: the library's in
``dependencies``, the tests' in ``dependencies`` or the ``test`` extra."""
from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
OWN = {"seccoop", "tests", "__future__"}


def declared(requirements: list[str]) -> set[str]:
    return {re.split(r"[\[<>=!~ ;]", r, maxsplit=1)[0].lower().replace("_", "-") for r in requirements}


def imported(folder: str) -> set[str]:
    names = set()
    for path in (ROOT / folder).rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names |= {a.name.split(".")[0] for a in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module.split(".")[0])
    return names - set(sys.stdlib_module_names) - OWN


@pytest.mark.parametrize("folder, requirements", [
    ("seccoop", PROJECT["dependencies"]),
    ("tests", PROJECT["dependencies"] + PROJECT["optional-dependencies"]["test"]),
])
def test_every_imported_package_is_declared(folder, requirements):
    distributions = packages_distributions()
    names = declared(requirements)
    missing = sorted(m for m in imported(folder)
                     if not {d.lower().replace("_", "-") for d in distributions.get(m, [m])} & names)
    assert missing == [], f"imported in {folder}/ but not declared in pyproject.toml: {missing}"
