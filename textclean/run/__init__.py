"""Running cleaning over inputs: one document (read, clean, write), results and
summaries, resumable state, and the engines (in-process, process pool, Ray) that schedule them.
"""
