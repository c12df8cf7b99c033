"""How untrusted text gets into the page safely: the two encoders every other part of the
report uses, kept in one place so their rules can be read (and reviewed) together.

Document text, paths, cleaner names and reasons all come from outside. Whatever the Python
side writes into HTML goes through :func:`escape_html`; whatever travels as data goes through
:func:`script_json` into a ``<script type="application/json">`` block, which the page's
script only ever inserts as text nodes.
"""

from __future__ import annotations

import html
import json
from typing import Any

__all__ = ["escape_html", "script_json"]


def escape_html(value: Any) -> str:
    """``value`` as text for HTML element content or a quoted attribute.

    >>> escape_html('<a href="x">&</a>')
    '&lt;a href=&quot;x&quot;&gt;&amp;&lt;/a&gt;'
    """
    return html.escape(str(value), quote=True)


def script_json(obj: Any) -> str:
    """JSON that is safe inside a ``<script>`` element and contains no literal URL.

    ``<``, ``>`` and ``&`` are escaped so the text can neither end the element nor open a
    comment, ``/`` so that no ``https://`` appears in the file, and U+2028/U+2029, which
    JavaScript before ES2019 did not allow in a string literal.

    >>> script_json({"t": "</script><!-- https://x"})
    '{"t":"\\\\u003c\\\\/script\\\\u003e\\\\u003c!-- https:\\\\/\\\\/x"}'
    """
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("/", "\\/").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))
