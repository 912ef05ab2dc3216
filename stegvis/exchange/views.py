"""The import page: the same importer as ``stegvis import``, for administrators in the browser."""

from django.shortcuts import render
from django.utils.translation import gettext as _

from stegvis.core.access import Rule, access_rule
from stegvis.core.uploads import refused_uploads
from stegvis.exchange import readers
from stegvis.exchange.forms import ImportForm
from stegvis.exchange.importer import ImportResult, import_sources
from stegvis.exchange.readers import Problem


def _sources(files):
    """Uploaded files as ``(name, upload)``; a zip is opened into its files.

    The uploads are never read into memory whole: a large one is a temporary file on disk
    (``FILE_UPLOAD_MAX_MEMORY_SIZE``), and the readers stream it.
    """
    if len(files) == 1 and files[0].name.lower().endswith(".zip"):
        return readers.sources_from_zip(files[0])
    return [(upload.name, upload) for upload in files]


@access_rule(Rule.ADMIN)
def import_page(request):
    result = None
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES, refused=refused_uploads(request))
        if form.is_valid():
            dry_run = form.cleaned_data["dry_run"]
            try:
                sources = _sources(form.cleaned_data["files"])
            except readers.SourceError as exc:
                result = ImportResult(
                    errors=[Problem(form.cleaned_data["files"][0].name, None, "", str(exc))], dry_run=dry_run
                )
            else:
                result = import_sources(sources, user=request.user, dry_run=dry_run)
    else:
        form = ImportForm()
    return render(
        request, "exchange/import.html", {"form": form, "result": result, "page_title": _("Importera")}
    )
