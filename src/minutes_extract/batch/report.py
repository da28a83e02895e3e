"""The summary a batch prints at the end."""

from __future__ import annotations

from .runner import BatchOptions, BatchSummary

_LISTED = 20  # files named in the summary, of each kind


def summary_text(summary: BatchSummary, options: BatchOptions) -> str:
    seconds = max(summary.seconds, 1e-9)
    done = summary.ok + summary.empty + summary.failed
    out = options.where
    errors, manifest = (
        "errors/", "the manifest") if options.scheduler else ("errors.jsonl", "minutes.sqlite")
    lines = [
        f"files: {summary.ok} ok, {summary.empty} empty, {summary.failed} failed, {summary.skipped} skipped "
        "(unchanged"
        + (f"; {summary.still_failed} of them failed before: --retry-failed redoes them)"
           if summary.still_failed else ")")
        + (f", {len(summary.missing)} missing" if summary.missing else "")
        + (f", {summary.not_reached} not reached" if summary.not_reached else ""),
        "output: " + ", ".join(f"{summary.totals.get(name, 0)} {name}"
                               for name in ("meetings", "turns", "remarks", "notes", "diagnostics")),
        "diagnostics by code: " + (", ".join(f"{code} {n}" for code, n in sorted(summary.codes.items()))
                                   or "none"),
        f"time: {summary.seconds:.2f} s, {done / seconds:.1f} files/s, "
        f"{summary.bytes / seconds / 1e6:.2f} MB/s, {summary.pages} PDF pages{_phases(summary)}",
        f"written to {out}: {', '.join(summary.written)}",
    ]
    if summary.unwritten:
        lines.append("not written (interrupted; exports come when a run completes): "
                     + ", ".join(summary.unwritten))
    if summary.pruned:
        lines.append(f"removed from {out}: {summary.absent} files not among the inputs now (--prune)")
    elif summary.absent:
        lines.append(f"kept in {out}: {summary.absent} files recorded by an earlier run that are not "
                     "among the inputs now (--prune removes them)")
    for entry in summary.empties[:_LISTED]:
        lines.append(f"empty: {entry.relpath}: {entry.error}")
    if len(summary.empties) > _LISTED:
        lines.append(f"… and {len(summary.empties) - _LISTED} more empty (status 'empty' in {manifest})")
    for entry in summary.failures[:_LISTED]:
        lines.append(f"failed: {entry.relpath}: {entry.error}")
    if len(summary.failures) > _LISTED:
        lines.append(f"… and {len(summary.failures) - _LISTED} more in {out}/{errors}")
    if summary.stopped_early:
        lines.append("stopped at the first failure (--fail-fast)")
    if summary.interrupted:
        lines.append("interrupted: the files counted above are kept; run the same command again to resume")
    return "\n".join(lines) + "\n"


def _phases(summary: BatchSummary) -> str:
    """Where the time went: what is serial (start-up, end) against what parallel workers share."""
    phases = summary.phases
    if not {"start-up", "parse", "end"} <= phases.keys():
        return ""
    return (f" (start-up {phases['start-up']:.2f} s, parse {phases['parse']:.2f} s of which commits "
            f"{phases.get('commits', 0.0):.2f} s, end {phases['end']:.2f} s)")
