from django import forms
from django.utils.translation import gettext_lazy as _

from stegvis.narratives.actions import MAX_LENGTH
from stegvis.reports.exports.chapters import CHAPTERS


def field_name(chapter):
    return f"text_{chapter}"


class ChapterTextsForm(forms.Form):
    """A text box per chapter, with the version each text had when the page was opened."""

    def __init__(self, *args, versions, **kwargs):
        super().__init__(*args, **kwargs)
        for chapter in CHAPTERS:
            self.fields[field_name(chapter.key)] = forms.CharField(
                label=chapter.title,
                required=False,
                max_length=MAX_LENGTH,
                widget=forms.Textarea(attrs={"rows": 6}),
                help_text=_("Skriv om %(hint)s") % {"hint": chapter.hint},
            )
            self.fields[f"version_{chapter.key}"] = forms.IntegerField(
                widget=forms.HiddenInput, required=False, initial=versions.get(chapter.key, 0)
            )

    def texts(self):
        """``{chapter: (text, version)}`` for ``save_texts``."""
        data = self.cleaned_data
        return {
            c.key: (data.get(field_name(c.key)) or "", data.get(f"version_{c.key}") or 0) for c in CHAPTERS
        }

    def chapters(self):
        """``[(chapter, text field, version field)]`` in the template's order, for the page."""
        return [(c, self[field_name(c.key)], self[f"version_{c.key}"]) for c in CHAPTERS]
