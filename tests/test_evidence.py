"""Evidence text split into text and links: only http(s) addresses link, hostile text stays text.

Every expected value is written out by hand; the IDNA forms are those of RFC 3492's algorithm
(``bücher`` → ``xn--bcher-kva``), the percent-encodings the UTF-8 bytes of each character
(``ß`` = C3 9F, ``パ`` = E3 83 91, ``ス`` = E3 82 B9).
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assessment.evidence import Segment, parse_link, split_links


def T(text: str) -> Segment:
    return Segment(text)


def L(text: str, href: str | None = None) -> Segment:
    return Segment(text, href or text)


def test_text_without_an_address_is_one_segment():
    assert split_links("The 2023 plan, page 4.") == (T("The 2023 plan, page 4."),)
    assert split_links("") == ()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "See https://example.org/plan.",
            (T("See "), L("https://example.org/plan"), T(".")),
        ),
        (
            "(see https://example.org/a).",
            (T("(see "), L("https://example.org/a"), T(").")),
        ),
        (
            "https://example.org/a, https://example.org/b; http://example.org/c!",
            (
                L("https://example.org/a"),
                T(", "),
                L("https://example.org/b"),
                T("; "),
                L("http://example.org/c"),
                T("!"),
            ),
        ),
        (
            "'https://example.org/q?x=1&y=2'?",
            (T("'"), L("https://example.org/q?x=1&y=2"), T("'?")),
        ),
        # a bracket the address opened is part of it; the sentence's own is not
        (
            "(https://en.wikipedia.org/wiki/Python_(programming_language)).",
            (
                T("("),
                L("https://en.wikipedia.org/wiki/Python_(programming_language)"),
                T(")."),
            ),
        ),
        # Markdown's [text](address)
        (
            "[the plan](https://example.org/plan)",
            (T("[the plan]("), L("https://example.org/plan"), T(")")),
        ),
        # one address per line, as people type them
        (
            "Plan: https://example.org/a\nReport: https://example.org/b",
            (
                T("Plan: "),
                L("https://example.org/a"),
                T("\nReport: "),
                L("https://example.org/b"),
            ),
        ),
    ],
)
def test_addresses_end_where_the_sentence_resumes(text, expected):
    assert split_links(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "javascript:alert(1)",
        "JavaScript:alert(document.cookie)",
        "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
        "file:///etc/passwd",
        "ftp://example.org/file.txt",
        "mailto:someone@example.org",
        "//example.org/no-scheme",
        "vbscript:msgbox(1)",
        "git+https://example.org/repo",  # a longer scheme that ends in https
        "xhttps://example.org",
        "https://",
        "https:///only-a-path",
        "http://:80/",
        "https://a..b/",  # an empty label
        "https://example.org:99999/",  # no such port
        "https://example.org:80x/",
        "https://" + "a" * 64 + ".org/",  # a label longer than DNS allows (63)
        "https://ex%61mple.org/",
    ],
)
def test_anything_but_a_valid_http_address_stays_text(text):
    assert split_links(text) == (T(text),)


def test_markup_and_quotes_end_an_address_and_stay_text():
    text = '"https://evil.example/"onmouseover="alert(1)" <script>alert(1)</script>'
    assert split_links(text) == (
        T('"'),
        L("https://evil.example/"),
        T('"onmouseover="alert(1)" <script>alert(1)</script>'),
    )
    assert split_links("<https://example.org/a><script>") == (
        T("<"),
        L("https://example.org/a"),
        T("><script>"),
    )


def test_an_address_inside_a_javascript_url_links_to_http_only():
    # the text around it stays text, so the link can only ever go to the https address
    assert split_links("javascript:alert('https://example.org')") == (
        T("javascript:alert('"),
        L("https://example.org"),
        T("')"),
    )


def test_invisible_and_reordering_characters_end_an_address():
    # U+202E would show "https://example.org/fdp.exe" as "...exe.pdf"
    assert split_links("https://example.org/\u202eexe.pdf") == (
        L("https://example.org/"),
        T("\u202eexe.pdf"),
    )
    assert split_links("https://example.org/a\u200bb") == (L("https://example.org/a"), T("\u200bb"))


def test_unicode_addresses_show_as_written_and_link_in_ascii():
    assert split_links("https://bücher.example/straße") == (
        L("https://bücher.example/straße", "https://xn--bcher-kva.example/stra%C3%9Fe"),
    )
    # Chinese or Japanese text around an address, with full-width punctuation after it
    assert split_links("参见https://例え.jp/パス。") == (
        T("参见"),
        L("https://例え.jp/パス", "https://xn--r8jz45g.jp/%E3%83%91%E3%82%B9"),
        T("。"),
    )
    assert split_links("https://example.org/a，b") == (L("https://example.org/a"), T("，b"))


def test_scheme_and_host_are_lower_cased_in_the_link_only():
    assert split_links("HTTPS://EXAMPLE.ORG:8080/Path?Q=1#Top") == (
        L("HTTPS://EXAMPLE.ORG:8080/Path?Q=1#Top", "https://example.org:8080/Path?Q=1#Top"),
    )


def test_ports_user_names_and_ip_addresses():
    assert split_links("http://[2001:db8::1]:8080/x") == (L("http://[2001:db8::1]:8080/x"),)
    assert split_links("http://192.0.2.1/report") == (L("http://192.0.2.1/report"),)
    assert split_links("https://user@example.org/") == (L("https://user@example.org/"),)
    assert split_links("http://[2001:db8::1]x/") == (T("http://[2001:db8::1]x/"),)


def test_very_long_addresses_and_many_of_them():
    long = "https://example.org/" + "a" * 20_000
    assert split_links(long + ".") == (L(long), T("."))
    many = " ".join(f"https://example.org/{i}" for i in range(2_000))
    segments = split_links(many)
    assert len(segments) == 2_000 + 1_999
    assert [s.href for s in segments[::2]] == [f"https://example.org/{i}" for i in range(2_000)]


@pytest.mark.parametrize(
    ("link", "expected"),
    [
        ("https://example.org/plan", L("https://example.org/plan")),
        (" https://example.org/plan ", L("https://example.org/plan")),
        ("https://bücher.example/", L("https://bücher.example/", "https://xn--bcher-kva.example/")),
        ("javascript:alert(1)", T("javascript:alert(1)")),
        ("data:text/html,<script>alert(1)</script>", T("data:text/html,<script>alert(1)</script>")),
        ("file:///C:/secret.docx", T("file:///C:/secret.docx")),
        ('https://example.org/"><script>', T('https://example.org/"><script>')),
        ("https://", T("https://")),
        ("example.org/plan", T("example.org/plan")),
    ],
)
def test_a_recorded_link_is_a_link_only_when_all_of_it_is_an_http_address(link, expected):
    assert parse_link(link) == expected


@given(st.text(alphabet=st.sampled_from(list("ahtps:/.()<>\"' ,\n例ü\u202e%[]@0")), max_size=80))
def test_segments_give_back_the_text_and_only_safe_links(text):
    segments = split_links(text)
    assert "".join(s.text for s in segments) == text
    assert all(s.text for s in segments)
    for before, after in zip(segments, segments[1:], strict=False):
        assert before.href is not None or after.href is not None, "text runs are merged"
    for s in segments:
        if s.href is not None:
            assert s.href.startswith(("http://", "https://")) and s.href.isascii()
            assert not any(c in s.href for c in ' <>"`\n\\')
