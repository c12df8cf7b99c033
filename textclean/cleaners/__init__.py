"""The built-in cleaners: each module is a plugin registered through the same hooks as third-party ones."""
