"""Each family role sets its tags once, on the one block that holds all of its tasks (issue 12:
lists retyped per task had drifted apart, and a control tag then ran a change but skipped the task
that records it). tests/integration/test_role_tags.py runs every tag."""

from tests.support import role_files


def test_family_roles_set_their_tags_once_on_one_block():
    families = role_files.family_roles()
    assert {"password_policy", "groups", "mfa", "role_trust", "access_keys"} <= set(families)
    for role, tags in families.items():
        for path in sorted((role_files.REPO / "roles" / role / "tasks").glob("*.yml")):
            top = role_files.load(path)
            assert len(top) == 1 and "block" in top[0], "%s: the tasks are not in one block" % path
            assert sorted(top[0]["tags"]) == tags and role in tags, path
            inner = [task.get("name") for task in role_files.nodes(top[0]["block"]) if "tags" in task]
            assert inner == [], "%s: tasks with tags of their own: %s" % (path, inner)
