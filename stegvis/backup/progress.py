"""A progress bar in bytes on standard error (tqdm, as the importer uses), or nothing at all."""

from collections.abc import Iterator
from contextlib import contextmanager

from stegvis.backup.archive import Progress


@contextmanager
def byte_bar(description: str, total: int, enabled: bool) -> Iterator[Progress]:
    """Yields the bar's ``update`` (or ``None`` when disabled); the bar is closed on leaving."""
    if not enabled:
        yield None
        return
    from tqdm import tqdm

    with tqdm(
        total=total, desc=description, unit="B", unit_scale=True, unit_divisor=1024, leave=False
    ) as bar:
        yield bar.update
