"""The paper scoring workbook: read back from the PDF (text, tags, pages, whole criterion blocks)."""

from __future__ import annotations

import functools
import re
import shutil
import subprocess
from pathlib import Path

import pypdf
import pytest

from assessment.errors import UsageError
from assessment.render.workbook import workbook_data, workbook_pdf, write_workbook
from assessment.rubric import Rubric
from assessment.storage.rubrics import loads_rubric, resolve_rubric

from .conftest import DATA

poppler = pytest.mark.skipif(
    shutil.which("pdftoppm") is None or shutil.which("pdftotext") is None,
    reason="pdftoppm and pdftotext (poppler-utils) not installed",
)

DONT_KNOW = "Don't know"


@pytest.fixture(scope="module")
def full_rubric() -> Rubric:
    return resolve_rubric("gdi-digital-inclusion-2025")


@pytest.fixture(scope="module")
def pdfs(small_rubric, full_rubric, tmp_path_factory) -> dict[str, Path]:
    """The workbooks under test, written once: small (country, organisation), full and core."""
    folder = tmp_path_factory.mktemp("workbooks")
    variants = {
        "small": (small_rubric, {}),
        "small-org": (small_rubric, {"kind": "organisation"}),
        "full": (full_rubric, {}),
        "core": (full_rubric, {"core_only": True}),
    }
    return {
        name: write_workbook(rubric, folder / f"{name}.pdf", **kw)
        for name, (rubric, kw) in variants.items()
    }


def _squash(text: str) -> str:
    """Text without whitespace, so a title wrapped over two lines still matches."""
    return re.sub(r"\s+", "", text)


@functools.cache
def _text(pdf: Path) -> str:
    return _squash(" ".join(page.extract_text() for page in pypdf.PdfReader(pdf).pages))


def _id_pattern(ids: list[str]) -> re.Pattern[str]:
    # longest first, and never inside a longer id (A.1-x must not match in A.1-xy)
    alts = "|".join(re.escape(i) for i in sorted(ids, key=len, reverse=True))
    return re.compile(rf"(?<![\w.-])(?:{alts})(?![\w.-])|{re.escape(DONT_KNOW)}")


@functools.cache
def _page_texts(pdf: Path) -> list[str]:
    n = len(pypdf.PdfReader(pdf).pages)
    return [
        subprocess.run(
            ["pdftotext", "-f", str(i), "-l", str(i), "-layout", str(pdf), "-"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        for i in range(1, n + 1)
    ]


# -- content --------------------------------------------------------------------------------------


def test_full_workbook_holds_every_criterion_id_and_title(pdfs, full_rubric):
    text = _text(pdfs["full"])
    criteria = full_rubric.criteria("country")
    assert len(criteria) == 66
    missing = [c.id for c in criteria if _squash(c.id) not in text or _squash(c.title) not in text]
    assert missing == []
    for p in full_rubric.pillars:
        assert _squash(f"{p.id} {p.title}") in text


def test_core_workbook_holds_the_core_criteria_only(pdfs, full_rubric):
    text = _text(pdfs["core"])
    core = full_rubric.criteria("country", core_only=True)
    others = [c for c in full_rubric.criteria("country") if not c.core]
    assert core and others
    assert [c.id for c in core if _squash(c.id) not in text or _squash(c.title) not in text] == []
    pattern = _id_pattern([c.id for c in full_rubric.criteria()])
    printed = {m.group(0) for m in pattern.finditer(" ".join(_page_texts(pdfs["core"])))}
    # the core criteria, and the others only where a core criterion's guidance points to them
    cited = {m.group(0) for c in core for m in pattern.finditer(c.guidance or "")}
    assert {c.id for c in core} <= printed <= {c.id for c in core} | cited | {DONT_KNOW}
    assert {c.id for c in others} & printed <= cited
    assert _squash("Short form (core criteria only)") in text


def test_small_workbook_prints_the_question_for_each_kind(pdfs):
    country, org = _text(pdfs["small"]), _text(pdfs["small-org"])
    for cid in ("A.1-x", "A.1-y", "A.2-z", "B.1-p", "B.1-q"):
        assert cid in country
    assert _squash("Is there a law on z?") in country
    assert _squash("Does the country do x?") in country
    # A.2-z is asked of countries only
    assert "A.2-z" not in org and _squash("Criterion z") not in org
    assert _squash("Is there a law on z?") not in org
    for cid in ("A.1-x", "A.1-y", "B.1-p", "B.1-q"):
        assert cid in org
    assert _squash("Does your organisation do x?") in org
    assert _squash("Does the country do x?") not in org


def test_each_criterion_has_every_level_descriptor_and_the_answer_boxes(pdfs, small_rubric):
    pages = _page_texts(pdfs["small"])[1:]
    blocks = re.split(r"(?<![\w.-])(?=[AB]\.[12]-[a-z](?![\w.-]))", "\n".join(pages))[1:]
    assert [b.split()[0] for b in blocks] == [c.id for c in small_rubric.criteria("country")]
    for block, c in zip(blocks, small_rubric.criteria("country"), strict=True):
        flat = " ".join(block.split())
        for level, label in enumerate(("Not started", "Initial", "Developing", "Established")):
            assert f"{level} {label}" in flat
            assert c.descriptor(level) in flat
        assert c.descriptor(4) in flat and "4 Leading" in flat
        for words in ("Not applicable", "Why:", DONT_KNOW, "Target level", "Evidence and notes"):
            assert words in flat, (c.id, words)
        assert f"What to look for: {'; '.join(c.evidence)}" in flat


def test_cover_has_instructions_and_fields_to_fill_in(pdfs, small_rubric):
    cover = " ".join(_page_texts(pdfs["small"])[0].split())
    for words in (
        "Scoring workbook: Small test rubric",
        "Rubric test-small, version 1.0.0",
        "Full form (all criteria)",
        "Your name (optional)",
        "Stakeholder group (tick one)",
        "Government",
        "Business",
        "Civil society",
        "Academia",
        "Technical community",
        "Other:",
        "Date",
        "tick “Not applicable” and write why",
        "tick “Don't know”",
        "Target level",
        "criterion ids printed in this workbook (for example A.1-x) as column names",
    ):
        assert words in cover, words
    # the cover is instructions only: no criterion block starts there
    assert "Not started x none" not in cover


def test_title_can_be_chosen(small_rubric, tmp_path):
    pdf = write_workbook(small_rubric, tmp_path / "w.pdf", title="Workshop Ward 7")
    reader = pypdf.PdfReader(pdf)
    assert reader.metadata.title == "Workshop Ward 7"
    assert "Workshop Ward 7" in reader.pages[-1].extract_text()  # the footer


# -- PDF/UA and pages -----------------------------------------------------------------------------


def test_workbook_is_tagged_pdf_ua(pdfs):
    reader = pypdf.PdfReader(pdfs["small"])
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert bool(root["/MarkInfo"]["/Marked"]) is True
    assert root["/Lang"] == "en"
    assert reader.metadata.title == "Scoring workbook: Small test rubric"
    xmp = root["/Metadata"].get_object().get_data().decode()
    assert re.search(r"pdfuaid:part(>|=\")1", xmp)


def test_pillars_are_bookmarked(pdfs):
    titles: list[str] = []

    def flat(items):
        for it in items:
            flat(it) if isinstance(it, list) else titles.append(it.title)

    flat(pypdf.PdfReader(pdfs["small"]).outline)
    assert "A Pillar A" in titles and "B Pillar B" in titles


def _pgm(path: Path) -> tuple[int, int, bytes]:
    """Width, height and grey pixels of a binary PGM file (as pdftoppm -gray writes it)."""
    raw = path.read_bytes()
    magic, width, height, maxval, pixels = raw.split(maxsplit=4)
    assert magic == b"P5" and maxval == b"255"
    return int(width), int(height), pixels


@poppler
@pytest.mark.parametrize("name", ["small", "core", "full"])
def test_every_page_renders_and_none_is_blank(pdfs, name, tmp_path):
    pdf = pdfs[name]
    n = len(pypdf.PdfReader(pdf).pages)
    subprocess.run(
        ["pdftoppm", "-r", "30", "-gray", str(pdf), str(tmp_path / "p")],
        check=True,
        capture_output=True,
    )
    pages = sorted(tmp_path.glob("p-*.pgm"))
    assert len(pages) == n
    for page in pages:
        width, height, pixels = _pgm(page)
        # the body between header and footer, so a page with only a running header counts as blank
        body = pixels[width * height // 14 : width * height * 13 // 14]
        assert sum(1 for b in body if b < 128) > 200, page.name


@poppler
@pytest.mark.parametrize("name", ["small", "core", "full"])
def test_no_criterion_block_is_split_across_pages(pdfs, full_rubric, small_rubric, name):
    rubric = small_rubric if name == "small" else full_rubric
    expected = [c.id for c in rubric.criteria("country", core_only=name == "core")]
    pattern = _id_pattern(expected)
    pages = _page_texts(pdfs[name])
    seen: list[str] = []
    for number, page in enumerate(pages[1:], start=2):
        if "Glossary" in page.split("\n", 3)[2]:
            break  # the glossary of terms closes the workbook
        # a block starts with its id at the start of a line; guidance may cite another id in a
        # sentence, which is no block
        tokens = [
            m.group(0)
            for m in pattern.finditer(page)
            if m.group(0) == DONT_KNOW or not page[: m.start()].rsplit("\n", 1)[-1].strip()
        ]
        # each page holds whole blocks: id, (its levels), Don't know; id, ..., Don't know
        assert tokens, f"page {number} holds no whole criterion block"
        assert tokens[0] != DONT_KNOW and tokens[-1] == DONT_KNOW, (number, tokens)
        assert tokens[1::2] == [DONT_KNOW] * (len(tokens) // 2), (number, tokens)
        seen += tokens[0::2]
    assert seen == expected


def test_pages_hold_two_blocks_where_they_fit(pdfs, full_rubric):
    # not one criterion a page: paper matters in the rooms this workbook is for
    pages = _page_texts(pdfs["full"])
    glossary = next(i for i, page in enumerate(pages) if "Glossary" in page.split("\n", 3)[2])
    assert glossary <= 1 + len(full_rubric.criteria("country")) * 0.6, glossary
    assert len(pages) - glossary <= 5  # and the glossary of the terms used stays short


# -- API ------------------------------------------------------------------------------------------


def test_same_timestamp_gives_the_same_bytes(small_rubric):
    a = workbook_pdf(small_rubric, timestamp=1_750_000_000)
    assert a == workbook_pdf(small_rubric, timestamp=1_750_000_000)
    assert a.startswith(b"%PDF-")


def test_write_workbook_leaves_no_temporary_file(small_rubric, tmp_path):
    out = write_workbook(small_rubric, tmp_path / "sub" / "workbook.pdf", core_only=True)
    assert out == tmp_path / "sub" / "workbook.pdf"
    assert [p.name for p in out.parent.iterdir()] == ["workbook.pdf"]
    assert out.read_bytes().startswith(b"%PDF-")


def test_data_counts_and_short_form(small_rubric):
    d = workbook_data(small_rubric, kind="organisation", core_only=True)
    assert [[c["id"] for c in p["criteria"]] for p in d["pillars"]] == [["A.1-x"], ["B.1-p"]]
    assert d["form"] == "Short form (core criteria only)"
    assert d["count"] == "2 criteria in 2 pillars"
    assert d["pillars"][0]["criteria"][0]["levels"][2] == ["2", "Developing", "x more"]


@pytest.mark.parametrize(
    ("kw", "message"),
    [
        ({"kind": "city"}, "kind 'city' is not valid; use one of: country, organisation"),
        ({"lang": "English"}, "language 'English' is not valid"),
    ],
)
def test_bad_arguments_say_what_is_valid(small_rubric, kw, message):
    with pytest.raises(UsageError, match=re.escape(message)):
        workbook_pdf(small_rubric, **kw)


def test_no_criteria_left_is_a_clear_error(tmp_path):
    text = (DATA / "rubric-valid-small.yaml").read_text(encoding="utf-8")
    assert "core: true" in text
    no_core = loads_rubric(text.replace("core: true", "core: false"))
    with pytest.raises(UsageError, match="rubric test-small has no core criteria for country"):
        write_workbook(no_core, tmp_path / "w.pdf", core_only=True)
    assert not (tmp_path / "w.pdf").exists()
