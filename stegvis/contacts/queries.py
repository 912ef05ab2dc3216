"""What the reports app may read from the contacts app: its public query surface.

The reports app is built above this app: it reads contacts through this module only, and this
app never imports reports (it registers nothing there). Keeping the surface in one small module
says which names other layers depend on, so the rest of the app can change freely.

- :func:`with_contacts_per_month`: annotates enrolments with ``contacts_per_month`` (contacts
  logged by ``on`` per average month enrolled), defined in :mod:`stegvis.contacts.figures`.
"""

from stegvis.contacts.figures import with_contacts_per_month

__all__ = ["with_contacts_per_month"]
