"""A private name (`_x`) is private to its file: plugins never import one from another file or
reach one through a module they imported (issue 12: account_info imported the audit collector's
`_decoded` and `_pages`; helpers another file needs are public in their package)."""

import ast
from pathlib import Path

from tests.support.playbook import REPO

PLUGINS = REPO / "plugins"
COLLECTION = "ansible_collections.baseline.iam"


def _base(path, node):
    """The folder an ImportFrom of `path` imports from, or None when it is not this collection."""
    if node.level:
        base = path.parents[node.level - 1]  # level 1: the file's own folder
        return base.joinpath(*node.module.split(".")) if node.module else base
    if (node.module or "").startswith(COLLECTION + "."):
        return REPO.joinpath(*node.module[len(COLLECTION) + 1 :].split("."))
    return None


def _is_module(base, name):
    return (base / ("%s.py" % name)).is_file() or (base / name / "__init__.py").is_file()


def private_uses(path):
    """`name` for every private function, class or value `path` takes from another of our files."""
    tree = ast.parse(Path(path).read_text())
    found, modules = [], set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and _base(path, node) is not None:
            base = _base(path, node)
            for alias in node.names:
                if _is_module(base, alias.name):
                    modules.add(alias.asname or alias.name)
                elif alias.name.startswith("_"):
                    found.append(alias.name)
    for node in ast.walk(tree):
        reached = isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in modules
        if reached and node.attr.startswith("_") and not node.attr.startswith("__"):
            found.append("%s.%s" % (node.value.id, node.attr))
    return found


def test_no_plugin_uses_a_private_name_of_another_file():
    uses = {str(p.relative_to(REPO)): private_uses(p) for p in sorted(PLUGINS.rglob("*.py"))}
    assert {path: names for path, names in uses.items() if names} == {}


def test_the_check_sees_both_forms(tmp_path):
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "helpers.py").write_text("def _hidden():\n    pass\n")
    user = package / "user.py"
    user.write_text("from .helpers import _hidden\nfrom . import helpers as _helpers\n_helpers._hidden()\n_hidden()\n")
    assert private_uses(user) == ["_hidden", "_helpers._hidden"]
