"""The register extract (registerutdrag): everything Stegvis holds about one person, and who read it.

:mod:`.collect` gathers it into one plain structure (:mod:`.sections` says what is gathered,
:mod:`.audit_trail` who read or changed the record); :mod:`.render_json`, :mod:`.render_docx`
and :mod:`.render_pdf` only lay that structure out; :mod:`.produce` finds the person, audits the
extract and renders it, for the command (:mod:`.command`) and the staff page (:mod:`.views`) alike.
"""
