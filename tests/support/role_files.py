"""Reading the roles' and playbooks' task files as data: task names, tags, the family roles."""

from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[2]


def nodes(tree):
    """Every task, block and rescue/always item under `tree`, nested ones included."""
    if isinstance(tree, list):
        for item in tree:
            yield from nodes(item)
    elif isinstance(tree, dict):
        yield tree
        for key in ("block", "rescue", "always"):
            yield from nodes(tree.get(key) or [])


def load(path):
    return yaml.safe_load(Path(path).read_text()) or []


def role_tasks():
    """(path, task) for every task, block and rescue item of every role."""
    for path in sorted((REPO / "roles").glob("*/tasks/*.yml")):
        for task in nodes(load(path)):
            yield path, task


def playbook_tasks():
    """(path, task) for the tasks of every play of the playbooks (not the plays themselves)."""
    for path in sorted((REPO / "playbooks").glob("*.yml")):
        for play in load(path):
            for key in ("pre_tasks", "tasks", "post_tasks", "handlers"):
                for task in nodes(play.get(key) or []):
                    yield path, task


def role_tags(role):
    """The tags a role's task files use, `always` left out: what a user can select it with."""
    tags = set()
    for path in (REPO / "roles" / role / "tasks").glob("*.yml"):
        for task in nodes(load(path)):
            tags.update(str(t) for t in task.get("tags") or [])
    return tags - {"always"}


def family_roles():
    """{role: sorted tags} for every role with a control tag (control_<id>)."""
    found = {}
    for path in sorted((REPO / "roles").iterdir()):
        tags = role_tags(path.name)
        if any(t.startswith("control_") for t in tags):
            found[path.name] = sorted(tags)
    return found
