"""An upload handler that stops receiving a file as soon as it is larger than any upload may be.

Without it Django writes the whole request body to a temporary file before a form can look at
the size, so a client talking to Stegvis without the proxy's body limit could fill the disk. The
file is skipped (its remaining bytes are read and dropped, never stored) and its name is noted on
the request, so the form can say which file was too big instead of "no file".
"""

from typing import Any

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.http import HttpRequest


def refused_uploads(request: HttpRequest) -> list[str]:
    """Names of the files of this request that were too big and were not received."""
    return list(getattr(request, "refused_uploads", []))


class SizeLimitUploadHandler(FileUploadHandler):
    """First in ``FILE_UPLOAD_HANDLERS``: skips a file past ``STEGVIS_IMPORT_MAX_FILE_BYTES``."""

    limit: int = 0

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        self.limit = settings.STEGVIS_IMPORT_MAX_FILE_BYTES

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        if start + len(raw_data) > self.limit:
            if self.request is not None:
                refused = getattr(self.request, "refused_uploads", [])
                refused.append(self.file_name or "")
                setattr(self.request, "refused_uploads", refused)  # noqa: B010 (HttpRequest declares no such field)
            raise SkipFile
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None  # the next handlers keep the file
