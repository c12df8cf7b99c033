"""``python -m textclean`` runs the command-line interface.

``python -m`` puts the current folder first on ``sys.path``; it is taken off again before
anything else is imported lazily (plugins, parsers), so a file such as ``bs4.py`` or
``my_plugin.py`` lying in a downloaded corpus is never imported in place of the real module.
(``python -P -m textclean``, or the ``textclean`` command, never add it in the first place.)
"""

import os
import sys

if sys.path and sys.path[0] in ("", os.getcwd()):
    del sys.path[0]

from textclean.cli import main  # noqa: E402

sys.exit(main())
