"""The colour of each cleaner in the report, for built-in and plugin cleaners alike.

A cleaner's colour marks its edits everywhere in the page: the bar of the overview chart,
the underline and tint of its spans, the chip that shows or hides them, its insertions (white
text on the colour) and its name in the edit list (the colour as text on white). So every
colour must read well both ways on the page's white and near-white backgrounds.

The built-in cleaners' colours (:data:`BUILTIN_COLOURS`) are the Okabe-Ito palette, made for
readers with any colour-vision deficiency, each darkened (its hue and chroma kept) to a contrast
of 4.6 or more against white: boilerplate (vermillion) and mojibake (reddish purple), the two
a report shows most, stay apart for every kind of colour blindness. Any
other cleaner gets a colour derived from its name alone (:func:`cleaner_colour`), so a
plugin's edits look the same in every report, whatever else ran: a hue taken from a hash of
the name, away from the built-ins' hues, darkened until it has :data:`MIN_CONTRAST` against
white. Hues are measured in OKLCH, where equal steps of hue look equally far apart (in HSL a
third of the circle is shades of green).
"""

from __future__ import annotations

import hashlib
import math

__all__ = ["BUILTIN_COLOURS", "MIN_CONTRAST", "cleaner_colour", "contrast"]

#: The built-in cleaners' colours.
BUILTIN_COLOURS = {
    "markup": "#827400",  # yellow
    "mojibake": "#a85886",  # reddish purple
    "line_breaks": "#0072b2",  # blue
    "boilerplate": "#c34e00",  # vermillion
    "typos": "#00855c",  # bluish green
    "whitespace": "#6c7778",  # grey
}

#: The contrast ratio (WCAG 2) a derived colour has at least against white: above the 4.5
#: normal text needs, so that it stays readable on the near-white and tinted backgrounds too.
MIN_CONTRAST = 5.0

# How far (OKLCH degrees) a derived hue stays from each built-in's hue, so that a plugin's
# edits are not taken for a built-in's. The grey of whitespace has no hue to avoid.
_HUE_DISTANCE = 25


def _linear(colour: str) -> tuple[float, ...]:
    """``#rrggbb`` as linear-light sRGB channels."""
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    return tuple(channel(int(colour[i:i + 2], 16) / 255) for i in (1, 3, 5))


def _hex(r: float, g: float, b: float) -> str:
    """Linear-light sRGB (clipped to the gamut) as ``#rrggbb``."""
    def channel(c: float) -> int:
        c = min(1.0, max(0.0, c))
        return round(255 * (12.92 * c if c <= 0.0031308 else 1.055 * c ** (1 / 2.4) - 0.055))

    return "#" + "".join(f"{channel(c):02x}" for c in (r, g, b))


def _oklch(colour: str) -> tuple[float, float, float]:
    """Lightness, chroma and hue (degrees) of ``#rrggbb`` in OKLCH (Ottosson's matrices)."""
    r, g, b = _linear(colour)
    l, m, s = (math.copysign(abs(x) ** (1 / 3), x) for x in (
        0.4122214708 * r + 0.5363837026 * g + 0.0514459929 * b,
        0.2119034982 * r + 0.6806995451 * g + 0.1073969566 * b,
        0.0883024619 * r + 0.2817188376 * g + 0.6299706207 * b))
    lightness = 0.2104542553 * l + 0.7936177850 * m - 0.0040720468 * s
    a = 1.9779984951 * l - 2.4285922050 * m + 0.4505937099 * s
    b_ = 0.0259040371 * l + 0.7827717662 * m - 0.8086757660 * s
    return lightness, math.hypot(a, b_), math.degrees(math.atan2(b_, a)) % 360


def _from_oklch(lightness: float, chroma: float, hue: float) -> str:
    a, b = chroma * math.cos(math.radians(hue)), chroma * math.sin(math.radians(hue))
    l, m, s = (x ** 3 for x in (lightness + 0.3963377774 * a + 0.2158037573 * b,
                                lightness - 0.1055613458 * a - 0.0638541728 * b,
                                lightness - 0.0894841775 * a - 1.2914855480 * b))
    return _hex(4.0767416621 * l - 3.3077115913 * m + 0.2309699292 * s,
                -1.2684380046 * l + 2.6097574011 * m - 0.3413193965 * s,
                -0.0041960863 * l - 0.7034186147 * m + 1.7076147010 * s)


def contrast(a: str, b: str) -> float:
    """The WCAG 2 contrast ratio of two ``#rrggbb`` colours, from 1 to 21.

    >>> round(contrast("#000000", "#ffffff"), 1)
    21.0
    >>> round(contrast("#c34e00", "#ffffff"), 2)
    4.76
    """
    la, lb = sorted((0.2126 * r + 0.7152 * g + 0.0722 * b_
                     for r, g, b_ in (_linear(a), _linear(b))), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def _free_hues() -> list[int]:
    """The whole-degree OKLCH hues at least ``_HUE_DISTANCE`` from every built-in's hue."""
    taken = [hue for _, chroma, hue in map(_oklch, BUILTIN_COLOURS.values()) if chroma > 0.05]
    return [h for h in range(360)
            if all(min(abs(h - t), 360 - abs(h - t)) >= _HUE_DISTANCE for t in taken)]


_FREE_HUES = _free_hues()


def cleaner_colour(name: str) -> str:
    """The ``#rrggbb`` colour of cleaner ``name`` in the report.

    A built-in cleaner has its own colour; any other name gets a deterministic colour from
    its hash: never grey, off the built-ins' hues, and at least :data:`MIN_CONTRAST` against
    white. Two plugin cleaners may, rarely, get similar colours; their names tell them apart.

    >>> cleaner_colour("boilerplate")
    '#c34e00'
    >>> cleaner_colour("us_spelling") == cleaner_colour("us_spelling") != cleaner_colour("drop_ads")
    True
    >>> contrast(cleaner_colour("us_spelling"), "#ffffff") >= MIN_CONTRAST
    True
    """
    if name in BUILTIN_COLOURS:
        return BUILTIN_COLOURS[name]
    digest = hashlib.sha256(name.encode("utf-8", "surrogatepass")).digest()
    hue = _FREE_HUES[int.from_bytes(digest[:4], "big") % len(_FREE_HUES)]
    chroma = 0.10 + 0.06 * digest[4] / 255
    # The lightest shade that is dark enough (lightness 0 is black, so one always is).
    return next(colour for colour in (_from_oklch(p / 100, chroma, hue) for p in range(80, -1, -1))
                if contrast(colour, "#ffffff") >= MIN_CONTRAST)
