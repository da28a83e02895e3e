"""Batch processing of whole archives: parallel, resumable, into JSONL, JSON, CSV and SQLite."""

from .runner import OUTPUTS, BatchOptions, BatchSummary, run_batch

__all__ = ["OUTPUTS", "BatchOptions", "BatchSummary", "run_batch"]
