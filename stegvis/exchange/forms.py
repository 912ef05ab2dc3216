"""The upload form of the import page."""

from django import forms
from django.utils.translation import gettext_lazy as _

from stegvis.exchange.limits import ImportLimits, LimitError, check_file_size, megabytes


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field: a .zip, or the .csv/.xlsx files themselves."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".zip,.csv,.xlsx"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, (list, tuple)):
            if not data and self.required:
                # No file at all (the browser's "required" stops it on the page; a client may not).
                raise forms.ValidationError(self.error_messages["required"], code="required")
            return [single(item, initial) for item in data]
        return [single(data, initial)]


class ImportForm(forms.Form):
    # The form's metaclass moves declared fields off the class, so this does not shadow BaseForm.files.
    files = MultipleFileField(  # type: ignore[assignment]
        label=_("Filer"),
        help_text=_(
            "En .zip med filerna, eller flera .csv- eller .xlsx-filer på en gång "
            "(organizations, projects, participants, enrollments)."
        ),
    )
    dry_run = forms.BooleanField(label=_("Bara kontrollera (skriv inget)"), required=False, initial=True)

    def __init__(self, *args, refused=(), **kwargs):
        """``refused``: names of uploaded files that were too big to be received at all."""
        super().__init__(*args, **kwargs)
        self.refused = list(refused)

    def clean(self):
        cleaned = super().clean()
        if self.refused:
            # Not "no file was sent": say which file was too big.
            self.errors.pop("files", None)
            max_mb = megabytes(ImportLimits.from_settings().max_file_bytes)
            for name in self.refused:
                self.add_error(
                    "files",
                    _(
                        "%(name)s: Filen är större än %(max)s MB, mer än som kan läsas in. Dela upp den i flera filer."
                    )
                    % {"name": name, "max": max_mb},
                )
        return cleaned

    def clean_files(self):
        files = self.cleaned_data["files"]
        for upload in files:
            if not upload.name.lower().endswith((".zip", ".csv", ".xlsx")):
                raise forms.ValidationError(
                    _("%(name)s är varken .zip, .csv eller .xlsx.") % {"name": upload.name}
                )
        if len(files) > 1 and any(f.name.lower().endswith(".zip") for f in files):
            raise forms.ValidationError(_("Ladda upp antingen en .zip-fil eller lösa filer, inte båda."))
        limits = ImportLimits.from_settings()
        if len(files) > limits.max_members:
            raise forms.ValidationError(
                _("Högst %(max)s filer kan laddas upp på en gång.") % {"max": limits.max_members}
            )
        for upload in files:
            try:
                check_file_size(upload.size, limits)
            except LimitError as exc:
                raise forms.ValidationError(f"{upload.name}: {exc}") from None
        return files


class ExportForm(forms.Form):
    """Which project to export in the exchange format (the projects the user may see)."""

    project: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Projekt"),
        queryset=None,
        empty_label=_("Välj projekt"),
        to_field_name="code",
        help_text=_("En .zip med projektets filer i utbytesformatet, med personnummer. Exporten loggas."),
    )

    def __init__(self, *args, projects, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = projects
