"""Evidence text split into plain text and web links, so a report can show the links. Pure.

Only ``http://`` and ``https://`` addresses become links; anything else (``javascript:``, ``data:``,
``file:``, ``mailto:``...) stays text. Renderers escape both parts; this module never writes markup.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote

__all__ = ["Segment", "parse_link", "split_links"]


@dataclass(frozen=True)
class Segment:
    """A run of evidence text; a link when ``href`` is set.

    ``text`` is what the reader sees, exactly as written. ``href`` is the same address made safe
    for an HTML attribute or a PDF link: ASCII only (the host in IDNA form, anything else
    percent-encoded), always starting with ``http://`` or ``https://``.
    """

    text: str
    href: str | None = None


# Characters that end an address: white space, the quotes and brackets that commonly wrap one,
# characters never valid in a URL, controls and invisible format characters (bidirectional
# overrides would reorder what the reader sees), and full-width CJK punctuation.
_STOP = (
    r"\s<>\"`{}|\\^"
    "\x00-\x1f\x7f-\x9f"
    "\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff"
    "\u3001\u3002\uff08\uff09\uff0c\uff1a\uff1b\uff01\uff1f"
    "\u300c-\u3011"
)
# ``http://`` or ``https://`` not glued to a longer scheme (``git+https://``) or word (``xhttp://``)
_ADDRESS = re.compile(rf"(?<![A-Za-z0-9+.\-])https?://[^{_STOP}]+", re.IGNORECASE)
# punctuation that ends a sentence rather than an address: "see https://example.org/a)."
_TRAILING = ".,;:!?*'\u2026"
_CLOSERS = {")": "(", "]": "["}
_ASCII_HOST = re.compile(r"[a-z0-9_](?:[a-z0-9_.\-]*[a-z0-9_])?\.?")
_IPV6_HOST = re.compile(r"\[[0-9a-f:.]+\]")
# what may stay as it is in the path, query and fragment of an href: RFC 3986's reserved and
# unreserved characters, and "%" (an address already percent-encoded stays as it is)
_SAFE = "/?#[]@!$&'()*+,;=:-._~%"


def _trim(address: str) -> str:
    """``address`` without the punctuation of the sentence around it.

    A closing bracket stays when the address opened it (``.../Python_(language)``).
    """
    while address:
        last = address[-1]
        unopened = last in _CLOSERS and address.count(last) > address.count(_CLOSERS[last])
        if not (last in _TRAILING or unopened):
            break
        address = address[:-1]
    return address


def _ascii_host(host: str) -> str | None:
    """The host name in ASCII (IDNA for a Unicode name), or None when it is not a host name."""
    if _IPV6_HOST.fullmatch(host.lower()):
        return host.lower()
    try:
        name = host.encode("idna").decode("ascii").lower()
    except UnicodeError:  # an empty or over-long label, or characters no host name may have
        return None
    return name if _ASCII_HOST.fullmatch(name) else None


def _href(address: str) -> str | None:
    """The link target of ``address`` (which starts with http:// or https://), or None if invalid."""
    scheme, rest = address.split("://", 1)
    cut = min((i for i in (rest.find(c) for c in "/?#") if i >= 0), default=len(rest))
    authority, tail = rest[:cut], rest[cut:]
    userinfo, _, hostport = authority.rpartition("@")
    if hostport.startswith("["):
        host, _, port = hostport.partition("]")
        host, port = host + "]", port.removeprefix(":")
        if hostport[len(host) :][:1] not in ("", ":"):
            return None
    else:
        host, _, port = hostport.partition(":")
    if port and not (port.isascii() and port.isdigit() and int(port) <= 65535):
        return None
    ascii_host = _ascii_host(host) if host else None
    if ascii_host is None:
        return None
    netloc = (quote(userinfo, safe="!$&'()*+,;=:%-._~") + "@" if userinfo else "") + ascii_host
    netloc += f":{port}" if port else ""
    return f"{scheme.lower()}://{netloc}{quote(tail, safe=_SAFE)}"


def split_links(text: str) -> tuple[Segment, ...]:
    """``text`` as segments of plain text and http(s) links, in order; their texts join back to it.

    >>> split_links("See https://example.org/plan.")
    (Segment(text='See ', href=None), Segment(text='https://example.org/plan', href='https://example.org/plan'), Segment(text='.', href=None))
    """
    out: list[Segment] = []
    pending = ""  # plain text not yet emitted, so neighbouring text stays one segment
    pos = 0
    for match in _ADDRESS.finditer(text):
        address = _trim(match.group())
        href = _href(address)  # trimming never reaches into "://"
        if href is None:
            continue
        pending += text[pos : match.start()]
        if pending:
            out.append(Segment(pending))
        out.append(Segment(address, href))
        pending, pos = "", match.start() + len(address)
    pending += text[pos:]
    if pending:
        out.append(Segment(pending))
    return tuple(out)


def parse_link(address: str) -> Segment:
    """One link an answer records (``Response.links``): a link when the whole of ``address`` is a
    valid http(s) address, else plain text (``javascript:...``, ``file:...``, a typo).

    >>> parse_link("javascript:alert(1)")
    Segment(text='javascript:alert(1)', href=None)
    """
    text = address.strip()
    href = _href(text) if _ADDRESS.fullmatch(text) else None
    return Segment(text, href)
