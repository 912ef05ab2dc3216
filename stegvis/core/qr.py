"""QR codes as inline SVG, for links handed out on paper or a screen (self-assessment, posters).

Drawn on the server with segno, so no page needs a script or a third-party service to show one.
"""

import segno
from django.utils.translation import gettext as _


def qr_svg(
    url: str, *, title: str | None = None, scale: int = 8, svgclass: str = "selfqr", fluid: bool = False
) -> str:
    """An inline SVG QR code of ``url``; pages show the link as text beside it.

    ``title`` is what a screen reader says instead of the picture. ``fluid`` drops the fixed
    width and height for a viewBox, so CSS can size the code (e.g. in millimetres on a poster).
    """
    title = title or _("QR-kod med länken")
    svg: str = segno.make(url, error="m").svg_inline(
        scale=scale,
        light="#fff",
        title=title,
        svgclass=svgclass,
        omitsize=fluid,
    )
    return svg.replace("<svg ", f'<svg role="img" aria-label="{title}" ', 1)
