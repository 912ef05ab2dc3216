"""The charts and the register extract's PDF find their font without the system's help."""

from pathlib import Path

from stegvis.core.fonts import BOLD, REGULAR, font_file


def test_both_faces_of_dejavu_sans_are_there():
    for name in (REGULAR, BOLD):
        path = Path(font_file(name))
        assert path.is_file() and path.read_bytes()[:4] in (b"\x00\x01\x00\x00", b"true")
