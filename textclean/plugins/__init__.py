"""Plugins: the hook specifications (the contract with plugin authors) and the plugin manager
that loads built-in, installed and explicitly named plugins through those hooks.
"""
