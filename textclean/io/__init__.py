"""Bytes in, text out, and back: decoding, files and paths, compression, dataset formats and
HTML pages. Cleaners never see bytes or paths; this package is the boundary.
"""
