"""The version of textclean, in a module that imports nothing, so any part of the package can
read it without importing the package root (which imports the pipeline and the plugins)."""

__version__ = "0.1.0"
