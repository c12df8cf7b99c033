"""The host's core: records (Cleaner, Fix, Edit, Context, Stage), fixes and edits, the pipeline,
its configuration and time budgets. Nothing here knows about files, plugins' packaging or the CLI.
"""
