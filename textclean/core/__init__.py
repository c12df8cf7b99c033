"""The host's core: records (Cleaner, Fix, Edit, Context, Stage), fixes and edits, the pipeline,
its configuration and time budgets. Nothing here knows about files, plugins' packaging or the CLI.

Each mechanism that provenance and idempotence rest on has one implementation, used by the
host and by the cleaners alike:

* ``records``: the plain records cleaners and the host exchange;
* ``fixes``: applying fixes, checking what a cleaner returned, fixes from a rewritten string,
  replaying edits;
* ``diff``: the diff behind every rewritten string (lines, or tokens then characters);
* ``spans``: the span map from a rewritten text back to its original;
* ``tags``: what HTML markup is in plain text, and the guard that keeps a fix from creating it;
* ``pipeline``, ``config``, ``budget``: running the cleaners, configuring them, bounding their time.
"""
