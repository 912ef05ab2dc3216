"""The few drawing primitives the final-report charts need, on a Pillow image.

The charts are horizontal bars (plain, stacked, 100 %) and one spider chart. Drawing them with
matplotlib cost 0.3 to 0.4 s a chart (layout passes, a tight bounding box, artists for every
tick), most of the Word draft's time; drawn here straight onto a Pillow image (the library
python-docx reads pictures with) a chart takes 10 to 20 ms and shows the same figures.

Sizes are given in points, as in a document, and drawn at :data:`DPI`; a canvas can be drawn
at a multiple of that and scaled down when saved (``supersample``), which smooths the slanted
lines of the spider chart. Text is set in DejaVu Sans (:mod:`stegvis.core.fonts`), so nothing
is needed from the system.
Colours never carry meaning alone: bars also differ by hatch (``//``, ``..``), lines by dash
and marker.
"""

import functools
import io
import math

from PIL import Image, ImageColor, ImageDraw, ImageFont

from stegvis.core.fonts import font_file

DPI = 150
WIDTH_IN = 6.3  # the text width of an A4 page with 2.5 cm margins
WHITE = "#FFFFFF"
BLACK = "#000000"
GRID = "#B0B0B0"


@functools.cache
def font(size_px):
    """DejaVu Sans at ``size_px`` pixels, loaded once per size and process."""
    return ImageFont.truetype(font_file(), size_px)


class Canvas:
    """A white image of ``width_in`` × ``height_in`` inches, with helpers in points."""

    def __init__(self, height_in, width_in=WIDTH_IN, supersample=1):
        self.scale = DPI * supersample / 72  # pixels per point
        self.supersample = supersample
        self.width = round(width_in * DPI * supersample)
        self.height = round(height_in * DPI * supersample)
        self.image = Image.new("RGB", (self.width, self.height), WHITE)
        self.draw = ImageDraw.Draw(self.image)
        self.colours = {WHITE, BLACK, GRID}  # every colour drawn with, kept exact in the PNG

    def use(self, colour):
        self.colours.add(colour)
        return colour

    def px(self, points):
        return points * self.scale

    def font(self, points):
        return font(max(1, round(points * self.scale)))

    def text_width(self, text, points):
        """The width in pixels of ``text`` (the widest line) at ``points``."""
        return max((self.font(points).getlength(line) for line in str(text).split("\n")), default=0)

    def text(self, xy, text, points, anchor="la", fill=BLACK):
        """Text at ``xy`` (pixels); several lines are centred on each other when the anchor is."""
        text = str(text)
        if "\n" in text:
            align = {"l": "left", "r": "right"}.get(anchor[0], "center")
            # Pillow takes only top/ascender/descender anchors for several lines; centre them by hand.
            lines = text.split("\n")
            line_height = self.px(points) * 1.2
            total = line_height * len(lines)
            top = {"m": xy[1] - total / 2, "s": xy[1] - total, "d": xy[1] - total}.get(anchor[1], xy[1])
            self.draw.multiline_text(
                (xy[0], top),
                text,
                font=self.font(points),
                fill=fill,
                anchor=anchor[0] + "a",
                align=align,
                spacing=line_height - self.px(points),
            )
            return
        self.draw.text(xy, text, font=self.font(points), fill=fill, anchor=anchor)

    def rectangle(self, box, colour, hatch="", edge=None):
        """A filled rectangle ``(x0, y0, x1, y1)``, hatched in white with ``//`` or ``..``."""
        x0, y0, x1, y1 = (round(v) for v in box)
        if x1 <= x0 or y1 <= y0:
            return
        self.draw.rectangle((x0, y0, x1 - 1, y1 - 1), fill=self.use(colour))
        if hatch:
            self.image.paste(_hatched(x1 - x0, y1 - y0, colour, hatch, round(self.px(8))), (x0, y0))
        if edge:
            self.draw.rectangle((x0, y0, x1 - 1, y1 - 1), outline=edge, width=max(1, round(self.px(0.5))))

    def line(self, points, colour, width_pt, dashed=False):
        """A polyline through ``points`` (pixels); dashed as matplotlib's ``--``."""
        width = max(1, round(self.px(width_pt)))
        self.use(colour)
        if not dashed:
            self.draw.line(points, fill=colour, width=width, joint="curve")
            return
        on, off = 3.7 * width, 1.6 * width
        for (xa, ya), (xb, yb) in zip(points, points[1:], strict=False):
            length = math.hypot(xb - xa, yb - ya)
            if not length:
                continue
            dx, dy = (xb - xa) / length, (yb - ya) / length
            start = 0.0
            while start < length:
                end = min(start + on, length)
                self.draw.line(
                    [(xa + dx * start, ya + dy * start), (xa + dx * end, ya + dy * end)],
                    fill=colour,
                    width=width,
                )
                start = end + off

    def marker(self, xy, kind, colour, size_pt):
        """A filled circle (``o``) or diamond (``D``) centred on ``xy``."""
        r = self.px(size_pt) / 2
        x, y = xy
        self.use(colour)
        if kind == "D":
            self.draw.polygon([(x, y - r), (x + r, y), (x, y + r), (x - r, y)], fill=colour)
        else:
            self.draw.ellipse((x - r, y - r, x + r, y + r), fill=colour)

    def png(self):
        """The picture as PNG: scaled down when supersampled, in 256 colours (a chart has few, and the
        smoothed edges of text and lines lose nothing visible), compressed lightly; a third of
        the bytes and of the time of a full-colour PNG."""
        image = self.image
        if self.supersample > 1:
            image = image.reduce(self.supersample)
        out = io.BytesIO()
        _exact_colours(image.quantize(256, method=Image.Quantize.FASTOCTREE), self.colours).save(
            out, format="PNG", dpi=(DPI, DPI), compress_level=1
        )
        return out.getvalue()


def _exact_colours(image, colours, tolerance=4):
    """``image`` (256 colours) with every palette entry close to one of ``colours`` set to it exactly.

    The fast octree quantizer averages the colours of a bucket and leaves low bits out, so pure
    white came out 254, 254, 254 and the palette's colours one off; here they are put back.
    """
    exact = [ImageColor.getrgb(colour)[:3] for colour in colours]
    palette = image.getpalette() or []
    for i in range(0, len(palette) - 2, 3):
        r, g, b = palette[i : i + 3]
        for rgb in exact:
            if abs(r - rgb[0]) <= tolerance and abs(g - rgb[1]) <= tolerance and abs(b - rgb[2]) <= tolerance:
                palette[i : i + 3] = rgb
                break
    image.putpalette(palette)
    return image


@functools.lru_cache(maxsize=64)
def _hatched(width, height, colour, hatch, spacing):
    """A ``width`` × ``height`` tile of ``colour`` with white ``//`` lines or ``..`` dots."""
    tile = Image.new("RGB", (width, height), colour)
    draw = ImageDraw.Draw(tile)
    spacing = max(spacing, 4)
    if hatch == "//":
        for offset in range(-height, width + height, spacing):
            draw.line([(offset, height), (offset + height, 0)], fill=WHITE, width=max(1, spacing // 6))
    elif hatch == "..":
        r = max(1, spacing // 6)
        for y in range(spacing // 2, height, spacing):
            shift = spacing // 2 if (y // spacing) % 2 else 0
            for x in range(shift + spacing // 4, width, spacing):
                draw.ellipse((x - r, y - r, x + r, y + r), fill=WHITE)
    return tile


def nice_ticks(high, most=8):
    """Round tick values from 0 to at least ``high``: steps of 1, 2, 2.5 or 5 times a power of ten."""
    if high <= 0:
        return [0, 1]
    raw = high / most
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    ticks = []
    value = 0.0
    while value <= high + step * 1e-9:
        ticks.append(value)
        value += step
    return ticks


def tick_text(value):
    return f"{value:g}".replace(".", ",")
