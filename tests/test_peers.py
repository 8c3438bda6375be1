"""Peers (issue 15): percentiles by hand, the unit itself left out, anonymised peer files, the
report's section and radar series."""

from __future__ import annotations

import subprocess
import sys

import pandas as pd
import pytest

from assessment import load_rubric
from assessment.peers import PeerScores, compare_with_peers, peer_file_table

from .conftest import DATA, ROOT

ROLLUP = DATA / "rollup"


class _Scores:
    def __init__(self, pillars):
        self.pillars = pd.DataFrame({"score": pillars})


def test_percentile_by_hand():
    # pillar A: own 2; peers 1, 2, 3, 4 -> below 1, equal 1: 100 x (1 + 0.5) / 4 = 37.5
    # pillar B: own 3; peers 1, 2 and two without a score -> 2 peers: too few, no figures
    peers = PeerScores(pd.DataFrame({"A": [1, 2, 3, 4], "B": [1, 2, None, None]}, dtype=float), "p.csv")  # fmt: skip
    c = compare_with_peers(_Scores({"A": 2.0, "B": 3.0}), peers)
    assert c.loc["A", "percentile"] == 37.5 and c.loc["A", "peer_median"] == 2.5
    assert c.loc["A", "n_peers"] == 4
    assert c.loc["B", "n_peers"] == 2 and pd.isna(c.loc["B", "percentile"])
    assert pd.isna(c.loc["B", "peer_median"])


def test_the_unit_itself_is_not_its_own_peer():
    table = pd.DataFrame({"A": [4.0, 1.0, 2.0, 3.0]})
    peers = PeerScores(table, "units", ids=("ME", "U1", "U2", "U3"))
    c = compare_with_peers(_Scores({"A": 4.0}), peers, own_id="ME")
    assert c.loc["A", "n_peers"] == 3 and c.loc["A", "percentile"] == 100
    assert c.loc["A", "peer_median"] == 2


def test_peer_file_has_codes_not_names(tmp_path):
    from assessment.storage.rollup import load_hierarchy, table_rollup

    rubric = load_rubric(DATA / "rubric-valid-small.yaml")
    r = table_rollup(ROLLUP / "answers.csv", load_hierarchy(ROLLUP / "hierarchy.csv"), rubric, kind="country", min_units=3, rank=False)  # fmt: skip
    t = peer_file_table(r, rubric.id, rubric.version, salt="x")
    assert list(t.columns) == ["rubric_id", "rubric_version", "peer", "name", "A", "B", "overall"]
    assert set(t["name"]) == {""} and set(t["peer"]) == {f"peer-000{i}" for i in range(1, 6)}
    text = t.to_csv()
    for name in ("Alpha", "Beta", "Gamma", "Delta", "Epsilon"):
        assert name not in text
    assert sorted(t["A"]) == [2, 2, 3, 3, 4]  # the units' own pillar scores, in another order
    named = peer_file_table(r, rubric.id, rubric.version, names=True, salt="x")
    assert set(named["name"]) == {"Alpha", "Beta", "Gamma", "Delta", "Epsilon"}


def test_report_with_peers(tmp_path):
    """A peer file from a roll-up, then a report beside those peers: its section and radar."""
    from pypdf import PdfReader

    sample = ROOT / "sample_data" / "examplia-2026-follow-up.json"
    peers = tmp_path / "peers.csv"
    head = "rubric_id,rubric_version,peer,name,I,II,III,IV,V,VI,VII,overall\n"
    rows = "".join(f"gdi-digital-inclusion-2025,1.2.0,peer-{i:04d},,{v},{v},{v},{v},{v},{v},{v},{v}\n" for i, v in enumerate([1, 2, 3, 4], 1))  # fmt: skip
    peers.write_text(head + rows)
    done = subprocess.run([sys.executable, "-m", "assessment", "report", str(sample), "--out", str(tmp_path / "r"), "--peers", str(peers)], capture_output=True, text=True)  # fmt: skip
    assert done.returncode == 0, done.stderr
    pdf = next((tmp_path / "r").glob("*.pdf"))
    text = " ".join(" ".join((p.extract_text() or "").split()) for p in PdfReader(pdf).pages)
    assert "Beside your peers" in text and "up to 4 peers (peers.csv)" in text
    html = next((tmp_path / "r").glob("*.html")).read_text(encoding="utf-8")
    assert "Peers' median 2.5" in html.replace(
        "&#39;", "'"
    )  # the radar's alt names the peers' median


def test_bad_peer_file_is_refused(tmp_path):
    bad = tmp_path / "peers.csv"
    bad.write_text("rubric_id,rubric_version,peer,name,I,II,III,IV,V,VI,VII,overall\ngdi-digital-inclusion-2025,1.2.0,peer-1,,9,2,2,2,2,2,2,2\n")  # fmt: skip
    sample = ROOT / "sample_data" / "examplia-2026-follow-up.json"
    done = subprocess.run([sys.executable, "-m", "assessment", "report", str(sample), "--out", str(tmp_path / "r"), "--peers", str(bad)], capture_output=True, text=True)  # fmt: skip
    assert done.returncode == 1 and 'the score "9" is not a number from 0 to 4' in done.stderr
    assert not (tmp_path / "r").exists()


@pytest.mark.parametrize("lang", ["fr"])
def test_peers_section_translated(lang):
    from assessment.text import ui_text

    assert ui_text("peers_title", lang) != ui_text("peers_title", "en")
