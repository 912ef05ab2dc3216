"""The POST half of form pages, shared by every app.

Pages never write models themselves: they validate a form, call one action, and either
redirect with a success message or show the action's :class:`~stegvis.core.errors.ActionError`
at the fields it names. Keeping that in one helper means every form page behaves the same
(bad input is a 200 with Swedish messages, never a 500 or a partial write).
"""

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render

from stegvis.core.errors import ActionError


def apply_action_error(form: forms.BaseForm, error: ActionError) -> None:
    """Put an action's messages at the fields they name; the rest above the form.

    A message for a hidden field (such as ``version``) goes above the form, where it is seen. A
    form whose fields stand for items of something larger (the items of a progression card) may
    define ``add_item_error(key, message) -> bool`` to place messages the action names by item.
    """
    if not hasattr(error, "error_dict"):
        for message in error.messages:
            form.add_error(None, message)
        return
    add_item_error = getattr(form, "add_item_error", None)
    for key, field_messages in error.message_dict.items():
        field = form.fields.get(key)
        visible = field is not None and not field.widget.is_hidden
        for message in field_messages:
            if visible:
                form.add_error(key, message)
            elif not (add_item_error is not None and add_item_error(key, message)):
                form.add_error(None, message)


def run_action_form(
    request: HttpRequest,
    form: forms.BaseForm,
    perform: Callable[[dict[str, Any]], Any],
    success_message: str | Callable[[Any], str],
    next_url: Callable[[Any], str],
) -> HttpResponseRedirect | None:
    """Validate ``form``, call the action, then redirect to ``next_url(result)``.

    ``perform(cleaned_data)`` calls one action (inside a transaction, so helper writes made
    with it are undone with it) and returns the object the next page is about. On an
    :class:`ActionError` the messages go to the fields they name and ``None`` is returned, so
    the view renders the form again with the user's input kept. ``success_message`` may be a
    string or a callable taking the result.
    """
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        with transaction.atomic():
            result = perform(form.cleaned_data)
    except ActionError as error:
        apply_action_error(form, error)
        return None
    message = success_message(result) if callable(success_message) else success_message
    messages.success(request, message)
    return redirect(next_url(result))


def action_form_page(
    request: HttpRequest,
    form: forms.BaseForm,
    perform: Callable[[dict[str, Any]], Any],
    *,
    success: str | Callable[[Any], str],
    next_url: Callable[[Any], str],
    template: str,
    **context: Any,
) -> HttpResponse:
    """A whole form page: on a valid POST run the action and redirect, else show the form.

    The form is in the template's context as ``form``, beside ``context``.
    """
    done = run_action_form(request, form, perform, success, next_url)
    return done or render(request, template, {"form": form, **context})
