# -*- coding: utf-8 -*-
# Copyright: contributors to baseline.iam
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""One run of the access_keys module over one account: check the options, gather the facts
(read calls only), plan each user (plan.py), then, outside check mode, carry the plan out
(operations.py). The module keeps its options and main(); everything else is here.
"""

from __future__ import annotations

import datetime

from .._audit import engine as _engine
from .._core import dates as _time
from .._core import iam_users as _iam_users
from .._core.caller import Protection, current_caller
from .._core.errors import AWS_ERRORS, StepFailed
from .._core.module import client_config
from . import aws
from . import model as _model
from . import operations as _operations
from . import secret as _secret
from .plan import plan_user

EXCLUDED = "it is listed in exclude"


class ActingFailed(Exception):
    """Acting on one user's keys failed: `cause` (an AWS error or a StepFailed), and the results
    of the keys planned so far, that user's included."""

    def __init__(self, user, cause, results):
        super().__init__(str(cause))
        self.user, self.cause, self.results = user, cause, results


def settings(params):
    """The run's settings from the module's options; raises InputError before any AWS call."""
    _model.validate(params)
    _engine.validate_controls(params["controls"])
    enabled = [c for c in _model.KEY_CONTROLS if _engine.is_enabled(c, params["controls"])]
    return dict(params, users=params["users"] or [], controls=enabled)


class KeyRun:
    """The clients, the caller and the settings of one run; `run()` does the work."""

    def __init__(self, module, settings):
        self.module, self.settings = module, settings
        self.iam = module.client("iam")
        self.sts = module.client("sts")
        self.now = datetime.datetime.now(_time.UTC)
        self.caller = None
        self._sm = None
        self.excluded_users = {e.lower() for e in settings["exclude"]}
        self.excluded_keys = set(settings["exclude"])

    @property
    def sm(self):
        """The Secrets Manager client (in the session's region), made on first use."""
        if self._sm is None:
            self._sm = self.module.client("secretsmanager")
        return self._sm

    def client_without_retries(self, service):
        # botocore counts max_attempts as retries after the first try: 0 sends a call exactly once.
        return self.module.client(service, config=client_config(max_attempts=0))

    # gathering (read calls only) -------------------------------------------------------------

    def target_users(self):
        if not self.settings["users"]:
            return aws.list_users(self.iam)
        users = []
        for name in self.settings["users"]:
            user = aws.get_user(self.iam, name)
            if user is None:
                self.module.warn("users: there is no IAM user named %s; skipped" % name)
            else:
                users.append(user)
        return users

    def gather(self):
        """The users with their keys, last uses, guards, this module's tags and secret state."""
        self.caller = current_caller(self.sts)
        protection = Protection(self.caller, self.settings["protected_principals"])
        acting = _model.LEVEL[self.settings["action"]] > 0
        users = []
        for user in self.target_users():
            keys = _iam_users.list_access_keys(self.iam, user["name"])
            for key in keys:
                key["last_used"] = _iam_users.last_used(self.iam, key["access_key_id"])
            guard = protection.user_reason(user["name"], user["arn"])
            if user["name"].lower() in self.excluded_users:
                guard = guard or EXCLUDED
            user.update(
                keys=keys,
                guard=guard,
                key_guards={k["access_key_id"]: self.key_guard(protection, k["access_key_id"]) for k in keys},
                tags=_model.own_tags(aws.user_tags(self.iam, user["name"])) if acting else {},
            )
            user["secret"] = _secret.read_state(self, user) if _model.needs_secret(user, self.settings, self.now) else None
            users.append(user)
        return users

    def key_guard(self, protection, key_id):
        return protection.key_reason(key_id) or (EXCLUDED if key_id in self.excluded_keys else None)

    # the run -----------------------------------------------------------------------------------

    def run(self):
        """(per-key results, before, after by user name); raises ActingFailed when a write fails."""
        results, before, after = [], {}, {}
        plans = [(user, plan_user(user, self.now, self.settings)) for user in self.gather()]  # every plan before any write
        for user, plan in plans:
            if plan["ops"] and not self.module.check_mode:
                try:
                    _operations.carry_out(self, user, plan)
                except (StepFailed, *AWS_ERRORS) as e:
                    raise ActingFailed(user["name"], e, results + plan["results"]) from e
            results.extend(plan["results"])
            if plan["before"]["access_keys"] or plan["before"]["tags"] or plan["after"]["tags"]:
                before[user["name"]], after[user["name"]] = plan["before"], plan["after"]
        return results, before, after
