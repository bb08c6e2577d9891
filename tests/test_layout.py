"""The shape of the code: small modules and functions, a thin site package, and
migrations that follow the import layers of pyproject.toml's contract."""

import ast
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60
MAX_SITE_PACKAGE_LINES = 1500


def _contract() -> dict:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"][
        "importlinter"
    ]
    contract = next(c for c in config["contracts"] if c["type"] == "layers")
    return {"packages": config["root_packages"], "layers": contract["layers"]}


def _levels() -> dict[str, int]:
    """Each app's floor, 0 at the top; apps of one floor share a number."""
    return {
        app.strip(): level
        for level, line in enumerate(_contract()["layers"])
        for app in line.split("|")
    }


def _modules(package: str, *, migrations: bool = False) -> list[Path]:
    return [
        path
        for path in sorted((ROOT / package).rglob("*.py"))
        if ("migrations" in path.parts) == migrations
    ]


def _functions(tree: ast.AST):
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            yield node


def test_layout_contract_names_every_root_package():
    assert set(_levels()) == set(_contract()["packages"])


@pytest.mark.parametrize("package", _contract()["packages"])
def test_layout_modules_and_functions_are_small(package):
    too_long = []
    for path in _modules(package):
        text = path.read_text(encoding="utf-8")
        name = path.relative_to(ROOT)
        lines = len(text.splitlines())
        if lines > MAX_MODULE_LINES:
            too_long.append(f"{name}: {lines} lines")
        for function in _functions(ast.parse(text)):
            length = function.end_lineno - function.lineno + 1
            if length > MAX_FUNCTION_LINES:
                too_long.append(f"{name}:{function.lineno} {function.name}: {length}")
    assert not too_long, "Over the size limits:\n" + "\n".join(too_long)


def test_layout_site_package_stays_thin():
    lines = sum(len(p.read_text().splitlines()) for p in (ROOT / "kshub").rglob("*.py"))
    assert lines < MAX_SITE_PACKAGE_LINES


def _dependencies(path: Path) -> list[str]:
    """The apps a migration file names in its dependencies. The configurable user
    model (``swappable_dependency(settings.AUTH_USER_MODEL)``) is left out: any
    floor may point at users, as ``core``'s audit log does, through the setting."""
    apps = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not (
            isinstance(node, ast.Assign)
            and any(getattr(t, "id", None) == "dependencies" for t in node.targets)
        ):
            continue
        for item in getattr(node.value, "elts", []):
            if isinstance(item, ast.Tuple):
                apps.append(item.elts[0].value)
    return apps


@pytest.mark.parametrize("app", _contract()["packages"])
def test_layout_migrations_depend_only_on_lower_floors(app):
    levels = _levels()
    upward = [
        f"{path.relative_to(ROOT)} depends on {other}"
        for path in _modules(app, migrations=True)
        for other in _dependencies(path)
        if other != app and other in levels and levels[other] <= levels[app]
    ]
    assert not upward


def test_layout_dependency_reader_sees_upward_migrations(tmp_path):
    migration = tmp_path / "0002_example.py"
    migration.write_text(
        "from django.conf import settings\n"
        "from django.db import migrations\n"
        "class Migration(migrations.Migration):\n"
        "    dependencies = [\n"
        "        ('cases', '0001_initial'),\n"
        "        migrations.swappable_dependency(settings.AUTH_USER_MODEL),\n"
        "    ]\n"
    )
    assert _dependencies(migration) == ["cases"]
    levels = _levels()
    assert levels["cases"] < levels["members"]  # cases is above members
