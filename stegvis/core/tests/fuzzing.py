"""Generated hostile input for every page: the forms a page shows, values no browser would send,
and requests encoded as raw bytes.

The fuzz test (:mod:`stegvis.core.tests.test_fuzz_inputs`) opens a page, reads the forms it
renders (:func:`page_forms`), and posts them back with some fields dropped or replaced by values
from :data:`HOSTILE` (:func:`form_submissions`), and sends its query string the same way
(:func:`query_strings`). Starting from the form as the page fills it matters: a form that is
wrong everywhere stops at the first validation, while one wrong field in an otherwise valid form
reaches the action and the database, where the server errors hide.

Values are bytes, so non-UTF-8 input is sent as it would arrive from a broken client: the
bodies are built here (:func:`encode`), URL-encoded or multipart, never through the test
client's own encoding of str values.
"""

import os
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import parse_qsl, quote_from_bytes, urlsplit

from hypothesis import strategies as st

HUGE = 100_000

# Values that have broken web forms somewhere: each class the issue names, as bytes.
HOSTILE = [
    b"",
    b" ",
    b"0" * HUGE,
    "å".encode() * HUGE,
    b"abc",
    b"1.5",
    b"1e309",
    b"NaN",
    b"-Infinity",
    b" 12 ",
    "١٢".encode(),  # Arabic-Indic digits: int() reads them
    "²".encode(),  # a digit to str.isdigit(), not to int()
    b"-1",
    b"0",
    str(2**31).encode(),
    str(2**63).encode(),
    str(-(2**63) - 1).encode(),
    str(10**40).encode(),
    b"2023-02-30",
    b"2023-13-01",
    b"0000-00-00",
    b"0001-01-01",
    b"9999-12-31",
    b"10000-01-01",
    b"31/12/2023",
    b"\x00",
    b"1\x00",
    b"2024-01-01\x00",
    b"\xff\xfe",
    b"\xc3\x28",
    b"\xed\xa0\x80",  # an encoded surrogate
    b"<script>x</script>",
    b"../../etc/passwd",
    b"'; DROP TABLE x; --",
]

# Query parameters the pages read beside their filter forms.
KNOWN_PARAMS = [
    "version",
    "page",
    "sort",
    "order",
    "q",
    "from",
    "to",
    "on",
    "date",
    "month",
    "year",
    "organization",
    "project",
    "status",
    "format",
    "next",
    "step",
    "language",
    "weeks",
    # Parameters views read themselves (not through a form on the page).
    "sida",
    "niva",
    "manader",
    "typ",
    "lang",
    "fran",
    "duplicate",
    "pseudonym",
]

KEEP, DROP = object(), object()

# Examples per page in CI (derandomised, so always the same ones).
CI_EXAMPLES_PER_PAGE = 3


def examples_per_page(roles):
    """CI's few examples per page; ``STEGVIS_FUZZ_EXAMPLES`` (deep fuzz) per page and role."""
    deep = os.environ.get("STEGVIS_FUZZ_EXAMPLES")
    return int(deep) * roles if deep else CI_EXAMPLES_PER_PAGE


@dataclass
class Form:
    """One ``<form>``: where it goes, how, and the fields a browser would send as it stands."""

    action: str
    method: str
    multipart: bool
    fields: list[tuple[str, bytes]] = field(default_factory=list)
    files: list[str] = field(default_factory=list)

    @property
    def names(self):
        return list(dict.fromkeys([name for name, _value in self.fields] + self.files))


class _FormParser(HTMLParser):
    """Reads forms the way a browser submits them: checked boxes, selected options, textareas."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._select: tuple[str, bool] | None = None
        self._options: list[tuple[bytes, bool]] = []
        self._option: dict | None = None
        self._textarea: str | None = None
        self._text: list[str] = []
        self._button_sent = False
        self.links: list[str] = []

    @property
    def _form(self):
        return self.forms[-1] if self.forms else None

    def handle_starttag(self, tag, attrs):
        a = {k: (v if v is not None else "") for k, v in attrs}
        if tag == "a" and "href" in a:
            self.links.append(a["href"])
        if tag == "form":
            self.forms.append(
                Form(
                    action=a.get("action", ""),
                    method=a.get("method", "get").lower(),
                    multipart="multipart" in a.get("enctype", ""),
                )
            )
            self._button_sent = False
            return
        form, name = self._form, a.get("name")
        if form is None or not name:
            if tag == "option" and self._select:
                self._option = a
                self._text = []
            return
        if tag == "input":
            kind = a.get("type", "text").lower()
            if kind == "file":
                form.files.append(name)
            elif kind in ("checkbox", "radio"):
                if "checked" in a:
                    form.fields.append((name, a.get("value", "on").encode()))
            elif kind in ("submit", "image", "reset", "button"):
                if kind == "submit" and not self._button_sent:
                    form.fields.append((name, a.get("value", "").encode()))
                    self._button_sent = True
            else:
                form.fields.append((name, a.get("value", "").encode()))
        elif tag == "button" and a.get("type", "submit").lower() == "submit" and not self._button_sent:
            form.fields.append((name, a.get("value", "").encode()))
            self._button_sent = True
        elif tag == "select":
            self._select = (name, "multiple" in a)
            self._options = []
        elif tag == "textarea":
            self._textarea = name
            self._text = []

    def handle_data(self, data):
        if self._textarea is not None or self._option is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "option" and self._option is not None:
            value = self._option.get("value", "".join(self._text).strip())
            self._options.append((value.encode(), "selected" in self._option))
            self._option = None
        elif tag == "select" and self._select and self._form is not None:
            name, multiple = self._select
            chosen = [value for value, selected in self._options if selected]
            if not chosen and not multiple and self._options:
                chosen = [self._options[0][0]]
            self._form.fields.extend((name, value) for value in chosen)
            self._select = None
        elif tag == "textarea" and self._textarea is not None and self._form is not None:
            self._form.fields.append((self._textarea, "".join(self._text).removeprefix("\n").encode()))
            self._textarea = None


def page_forms(html, url):
    """The forms of ``html`` that submit to ``url`` itself (other pages' forms are fuzzed there),
    and the query parameters of its links back to ``url`` (paging, sorting, tabs)."""
    parser = _FormParser()
    parser.feed(html)
    path = urlsplit(url).path
    forms = [form for form in parser.forms if urlsplit(form.action).path in ("", path)]
    linked = [urlsplit(link) for link in parser.links]
    params = {key for link in linked if link.path in ("", path) for key, _v in parse_qsl(link.query)}
    return forms, sorted(params)


def hostile_values():
    """One value no form should trust: a listed hostile one, or arbitrary bytes or text."""
    return st.one_of(
        st.sampled_from(HOSTILE),
        st.binary(max_size=24),
        st.text(max_size=24).map(lambda text: text.encode("utf-8", "surrogatepass")),
    )


def _keys(known):
    """A field name: one the page knows of, or a made-up one."""
    made_up = st.text(min_size=1, max_size=12).map(lambda text: text.encode("utf-8", "surrogatepass"))
    return st.one_of(st.sampled_from(known), made_up) if known else made_up


@st.composite
def form_submissions(draw, form):
    """``form``'s fields as the page filled them, a few dropped, replaced, repeated or added.

    Returns ``(pairs, files, multipart)``: ``(name, value)`` pairs as bytes, file fields with
    their content, and whether to send the body as multipart.
    """
    pairs = []
    # One field is always hostile, so every example tests something; the others mostly keep
    # the page's value, so the form can get past validation to the action.
    # The CSRF token is left alone: the test client does not check it, and a page never reads it.
    fuzzed = [index for index, (name, _value) in enumerate(form.fields) if name != "csrfmiddlewaretoken"]
    target = draw(st.sampled_from(fuzzed)) if fuzzed else None
    for index, (name, value) in enumerate(form.fields):
        if index not in fuzzed:
            choice = KEEP
        elif index == target:
            choice = "hostile"
        else:
            choice = draw(st.sampled_from([KEEP, KEEP, KEEP, DROP, "hostile", "twice"]))
        if choice is DROP:
            continue
        key = name.encode()
        if choice is KEEP:
            pairs.append((key, value))
        elif choice == "hostile":
            pairs.append((key, draw(hostile_values())))
        else:
            pairs.extend([(key, value), (key, draw(hostile_values()))])
    extra = draw(st.lists(st.tuples(_keys([k.encode() for k in KNOWN_PARAMS]), hostile_values()), max_size=2))
    files = {name: draw(st.binary(max_size=64)) for name in form.files if draw(st.booleans())}
    multipart = form.multipart or bool(files) or draw(st.booleans())
    return pairs + extra, files, multipart


@st.composite
def query_strings(draw, known):
    """A query string of known parameters (the page's filter forms and :data:`KNOWN_PARAMS`)."""
    keys = _keys(sorted({k.encode() for k in known} | {k.encode() for k in KNOWN_PARAMS}))
    pairs = draw(st.lists(st.tuples(keys, hostile_values()), max_size=4))
    return "&".join(f"{_quote(k)}={_quote(v)}" for k, v in pairs)


def _quote(value):
    return quote_from_bytes(value, safe=b"")


BOUNDARY = b"StegvisFuzzBoundary7MA4YWxkTrZu0gW"


def encode(pairs, files, multipart):
    """The request body and its content type, built from bytes as a (possibly broken) client would."""
    if not multipart:
        body = "&".join(f"{_quote(k)}={_quote(v)}" for k, v in pairs).encode("ascii")
        return body, "application/x-www-form-urlencoded"
    parts = []
    for key, value in pairs:
        parts.append(b'Content-Disposition: form-data; name="' + _header_safe(key) + b'"\r\n\r\n' + value)
    for name, content in files.items():
        parts.append(
            b'Content-Disposition: form-data; name="'
            + _header_safe(name.encode())
            + b'"; filename="fuzz.csv"\r\nContent-Type: text/csv\r\n\r\n'
            + content
        )
    body = (
        b"".join(b"--" + BOUNDARY + b"\r\n" + part + b"\r\n" for part in parts) + b"--" + BOUNDARY + b"--\r\n"
    )
    return body, "multipart/form-data; boundary=" + BOUNDARY.decode()


def _header_safe(name):
    """A field name inside a multipart header: quotes and line breaks would end the header."""
    return re.sub(rb'["\r\n]', b"_", name)
