# -*- coding: utf-8 -*-
# Copyright: contributors to baseline.iam
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Regional sources of the snapshot: CloudTrail trails (once, with the status and event selectors
of each multi-region trail), Access Analyzer analyzers and
running EC2 instances (once per audited region). A region that fails records the error for the
whole source: its controls are ERROR rather than judged on partial data."""

from __future__ import annotations

from .._account import trail_events as _trail_events
from .._core import dates as _time
from .._core.errors import AWS_ERRORS, error_code
from .collect import collect


def read_management_events(cloudtrail, trail_arn):
    """(management events the trail records, None) or (None, AWS error code): a trail whose
    selectors cannot be read is unknown, not a reason to drop the other trails."""
    try:
        return _trail_events.management_events(cloudtrail.get_event_selectors(TrailName=trail_arn)), None
    except AWS_ERRORS as e:
        return None, error_code(e)


def read_trails(cloudtrail):
    trails = []
    for trail in cloudtrail.describe_trails(includeShadowTrails=True).get("trailList", []):
        multi_region = bool(trail.get("IsMultiRegionTrail"))
        logging, events, events_error = None, None, None
        if multi_region:  # only multi-region trails count for ACCT.CLOUDTRAIL: status and selectors of each
            logging = bool(cloudtrail.get_trail_status(Name=trail["TrailARN"]).get("IsLogging"))
            events, events_error = read_management_events(cloudtrail, trail["TrailARN"])
        trails.append(
            {
                "name": trail.get("Name"),
                "arn": trail.get("TrailARN"),
                "home_region": trail.get("HomeRegion"),
                "is_multi_region": multi_region,
                "is_organization_trail": bool(trail.get("IsOrganizationTrail")),
                "is_logging": logging,
                "management_events": events,
                "management_events_error": events_error,
            }
        )
    return trails


def read_analyzers(clients, regions):
    result = {}
    for region in regions:
        analyzers = []
        for page in clients.client("accessanalyzer", region).get_paginator("list_analyzers").paginate():
            analyzers.extend(
                {"arn": a.get("arn"), "name": a.get("name"), "type": a.get("type"), "status": a.get("status")}
                for a in page.get("analyzers", [])
            )
        result[region] = analyzers
    return result


def read_instances(clients, regions):
    result = {}
    running = [{"Name": "instance-state-name", "Values": ["running"]}]
    for region in regions:
        instances = []
        for page in clients.client("ec2", region).get_paginator("describe_instances").paginate(Filters=running):
            for reservation in page.get("Reservations", []):
                instances.extend(
                    _time.jsonable({k: i[k] for k in ("InstanceId", "State", "IamInstanceProfile") if k in i})
                    for i in reservation.get("Instances", [])
                )
        result[region] = instances
    return result


def collect_regional(snapshot, clients, audit):
    """`audit` is the completed iam_baseline_audit (regions, require_* flags)."""
    regions = audit["regions"]
    if audit["require_cloudtrail"]:
        collect(snapshot, "trails", lambda: read_trails(clients.client("cloudtrail", regions[0])))
    if audit["require_access_analyzer"]:
        collect(snapshot, "analyzers", lambda: read_analyzers(clients, regions))
    collect(snapshot, "instances", lambda: read_instances(clients, regions))
