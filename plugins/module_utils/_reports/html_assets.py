# -*- coding: utf-8 -*-
# Copyright: contributors to baseline.iam
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The stylesheet and script inlined into report.html (constants: the page's Content Security
Policy allows exactly these two by hash, nothing else, and no network at all)."""

from __future__ import annotations

STYLE = """
:root { --pass: #1a7f37; --fail: #cf222e; --error: #bc4c00; --waived: #6e7781; --na: #afb8c1; --ink: #1f2328;
  --muted: #59636e; --line: #d1d9e0; --bg: #ffffff; --soft: #f6f8fa; }
* { box-sizing: border-box; }
body { margin: 0; padding: 1.5rem 2rem 3rem; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  color: var(--ink); background: var(--bg); }
h1 { font-size: 1.6rem; margin: 0 0 .25rem; }
h2 { font-size: 1.2rem; margin: 2rem 0 .6rem; border-bottom: 1px solid var(--line); padding-bottom: .3rem; }
h3 { font-size: 1rem; margin: 1.2rem 0 .4rem; }
.meta { color: var(--muted); margin: 0 0 1rem; }
.verdict { display: inline-block; padding: .5rem .9rem; border-radius: 6px; font-weight: 600; color: #fff; }
.verdict.failed { background: var(--fail); }
.verdict.passed { background: var(--pass); }
.cards { display: flex; flex-wrap: wrap; gap: .6rem; margin: .6rem 0; }
.card { min-width: 8.5rem; padding: .6rem .8rem; border-radius: 6px; border: 1px solid var(--line); background: var(--soft); }
.card .n { display: block; font-size: 1.5rem; font-weight: 700; }
.card.st-PASS { border-left: 6px solid var(--pass); }
.card.st-FAIL { border-left: 6px solid var(--fail); }
.card.st-ERROR { border-left: 6px solid var(--error); }
.card.st-WAIVED { border-left: 6px solid var(--waived); }
.card.st-NOT_APPLICABLE { border-left: 6px solid var(--na); }
table { border-collapse: collapse; margin: .4rem 0 1rem; }
th, td { border: 1px solid var(--line); padding: .3rem .5rem; text-align: left; vertical-align: top; }
th { background: var(--soft); font-weight: 600; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.scroll { overflow-x: auto; max-width: 100%; }
.matrix th.ctl { writing-mode: vertical-rl; transform: rotate(180deg); white-space: nowrap; font-weight: 500; font-size: 12px; }
.matrix td.cell { text-align: center; min-width: 3.2rem; cursor: pointer; font-size: 12px; font-weight: 600; }
.matrix td.cell:hover { outline: 2px solid var(--ink); }
.matrix.paged { table-layout: fixed; }
.matrix td.cell.changed { box-shadow: inset 0 0 0 3px var(--ink); }
svg.trend { max-width: 100%; height: auto; display: block; margin: .5rem 0; }
.trend .axis { stroke: var(--ink); }
.trend .grid { stroke: var(--na); stroke-dasharray: 2 3; }
.trend .tick { font-size: 11px; fill: var(--ink); }
.trend .line-fail, .trend .line-error { fill: none; stroke-width: 2; }
.trend .line-fail { stroke: var(--fail); }
.trend .line-error { stroke: var(--error); }
.trend .dot-fail { fill: var(--fail); stroke: var(--fail); }
.trend .dot-error { fill: var(--error); stroke: var(--error); }
.trend .incomplete { fill: #fff; stroke-width: 2; }
.matrix.paged td.cell { min-width: 0; width: 3.4rem; }
td.st-PASS, .badge.st-PASS { background: var(--pass); color: #fff; }
td.st-FAIL, .badge.st-FAIL { background: var(--fail); color: #fff; }
td.st-ERROR, .badge.st-ERROR { background: var(--error); color: #fff; }
td.st-WAIVED, .badge.st-WAIVED { background: var(--waived); color: #fff; }
td.st-NOT_APPLICABLE, .badge.st-NOT_APPLICABLE { background: var(--na); color: var(--ink); }
td.st-NONE { background: var(--bg); color: var(--muted); cursor: default; }
.badge { display: inline-block; padding: 0 .4rem; border-radius: 4px; font-size: 12px; font-weight: 600; white-space: nowrap; }
.sev { text-transform: uppercase; font-size: 12px; font-weight: 600; }
.filters { display: flex; flex-wrap: wrap; align-items: end; gap: .8rem; padding: .6rem .8rem; background: var(--soft);
  border: 1px solid var(--line); border-radius: 6px; position: sticky; top: 0; z-index: 1; }
.filters label { display: flex; flex-direction: column; font-size: 12px; color: var(--muted); }
.filters select, .filters button { font: inherit; padding: .2rem .4rem; }
#shown-count { color: var(--muted); margin-left: auto; }
.findings td { max-width: 28rem; overflow-wrap: anywhere; }
code, .value { font: 12px/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; white-space: pre-wrap; overflow-wrap: anywhere; }
.arn { color: var(--muted); font-size: 12px; display: block; }
.refs, .waiver { display: block; color: var(--muted); font-size: 12px; margin-top: .3rem; }
.empty { color: var(--muted); font-style: italic; }
.note { color: var(--muted); }
#problems { border: 2px solid var(--fail); border-radius: 6px; padding: 0 1rem; margin: 1rem 0; }
#problems h2 { color: var(--fail); border: 0; }
.matrix th a, #accounts a { color: inherit; }
[hidden] { display: none !important; }
"""

# Filters by severity, status, account and control. A matrix cell selects its account and control
# (on a report with one page per account it opens that account's page at that control: #control=ID).
# It reads data-* attributes and sets `hidden`, `value` and textContent only: it never builds markup.
# One listener on the matrix serves every cell, so a matrix of a thousand accounts costs nothing.
SCRIPT = """
(function () {
  "use strict";
  var keys = ["severity", "status", "account", "control"].filter(function (key) {
    return document.getElementById("filter-" + key) !== null;
  });
  var selects = {};
  keys.forEach(function (key) { selects[key] = document.getElementById("filter-" + key); });
  var rows = Array.prototype.slice.call(document.querySelectorAll("tr.finding"));
  var counter = document.getElementById("shown-count");
  var matrix = document.getElementById("matrix");
  var paged = matrix !== null && matrix.classList.contains("paged");

  function apply() {
    var shown = 0;
    rows.forEach(function (row) {
      var visible = keys.every(function (key) {
        var want = selects[key].value;
        return want === "" || row.getAttribute("data-" + key) === want;
      });
      row.hidden = !visible;
      if (visible) { shown += 1; }
    });
    if (selects.account && matrix) {
      var account = selects.account.value;
      Array.prototype.forEach.call(matrix.tBodies[0].rows, function (row) {
        row.hidden = account !== "" && row.getAttribute("data-account") !== account;
      });
    }
    if (counter) { counter.textContent = shown + " of " + rows.length + " findings shown"; }
  }

  function choose(key, value) {
    if (!selects[key]) { return; }
    var known = Array.prototype.some.call(selects[key].options, function (option) { return option.value === value; });
    selects[key].value = known ? value : "";
  }

  keys.forEach(function (key) { selects[key].addEventListener("change", apply); });
  var reset = document.getElementById("filter-reset");
  if (reset) {
    reset.addEventListener("click", function () {
      keys.forEach(function (key) { selects[key].value = ""; });
      apply();
    });
  }
  if (matrix) {
    var heads = matrix.tHead.rows[0].cells;
    matrix.addEventListener("click", function (event) {
      var cell = event.target.closest ? event.target.closest("td.cell") : null;
      if (!cell || cell.classList.contains("st-NONE")) { return; }
      if (paged) {
        var link = cell.parentNode.querySelector("th a");
        var control = heads[cell.cellIndex].getAttribute("data-control");
        if (link) { window.location.href = link.getAttribute("href") + "#control=" + encodeURIComponent(control); }
        return;
      }
      choose("account", cell.getAttribute("data-account"));
      choose("control", cell.getAttribute("data-control"));
      choose("status", "");
      choose("severity", "");
      apply();
      var findings = document.getElementById("findings");
      if (findings) { findings.scrollIntoView(); }
    });
  }
  var wanted = /^#control=(.+)$/.exec(window.location.hash);
  if (wanted) { choose("control", decodeURIComponent(wanted[1])); }
  apply();
}());
"""
