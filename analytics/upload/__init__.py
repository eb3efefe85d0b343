"""Uploading exports from the browser, over the ingest (:mod:`analytics.ingest`) and the reader
(:mod:`analytics.csvio`), nothing of them rewritten: what the upload page needs and the command
line does not.

The steps, each a module:

``staging``
    the uploaded bytes written to disk as the CSV the ingest reads (a ``.gz`` or ``.zip``
    decompressed on the way), hashed as they go;
``inspection``
    before anything is stored: how the file is written, the column mapping and what keeps it
    from being stored, the date order when the data cannot decide it, the first rows as they
    would be stored with the rejected values marked;
``job``
    storing in a thread, with progress and a cancel that rolls the file back;
``summary``
    what was stored, the rejected rows counted by kind and listed, in the interface's language;
``removal``
    removing an upload of interactions (its rows deleted, its record kept and marked).
"""

from __future__ import annotations

from analytics.upload.inspection import (
    PREVIEW_ROWS,
    UNDECIDED,
    WHOLE_ROW,
    DateExample,
    DateQuestion,
    Detection,
    Inspection,
    MappingRow,
    Preview,
    inspect_file,
    mapping_problems,
    mapping_rows,
    pending_customers,
)
from analytics.upload.job import FilePlan, JobState, UploadJob
from analytics.upload.removal import CannotRemove, Removal, removable, remove_upload
from analytics.upload.staging import ACCEPTED_TYPES, StagedFile, clean_name, stage_file
from analytics.upload.summary import changes_table, counts_table, reason_groups, rejects

__all__ = [
    "ACCEPTED_TYPES",
    "PREVIEW_ROWS",
    "UNDECIDED",
    "WHOLE_ROW",
    "CannotRemove",
    "DateExample",
    "DateQuestion",
    "Detection",
    "FilePlan",
    "Inspection",
    "JobState",
    "MappingRow",
    "Preview",
    "Removal",
    "StagedFile",
    "UploadJob",
    "changes_table",
    "clean_name",
    "counts_table",
    "inspect_file",
    "mapping_problems",
    "mapping_rows",
    "pending_customers",
    "reason_groups",
    "rejects",
    "removable",
    "remove_upload",
    "stage_file",
]
