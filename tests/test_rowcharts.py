"""The report's row charts, written as SVG: bars and markers where their values put them, every
text literal and escaped, each series told apart without colour."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from assessment.render.rowcharts import DOT_STYLES, dot_chart, gap_chart

NS = {"s": "http://www.w3.org/2000/svg"}


def _tree(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # raises on anything that is not well-formed XML


def _grid_x(root: ET.Element) -> list[float]:
    """The x of each light grid line, left to right."""
    return sorted(float(e.get("x1", "")) for e in root.iter(f"{{{NS['s']}}}line") if e.get("stroke") == "#CCCCCC")  # fmt: skip


def _texts(root: ET.Element) -> list[str]:
    return [e.text or "" for e in root.iter(f"{{{NS['s']}}}text")]


def _marker_x(e: ET.Element) -> float:
    if e.tag.endswith("circle"):
        return float(e.get("cx", ""))
    xs = [float(v) for v in re.findall(r"(-?[\d.]+) -?[\d.]+", e.get("d", ""))]
    return (min(xs) + max(xs)) / 2


def test_gap_bars_end_at_their_level_and_targets_sit_on_theirs():
    svg = gap_chart(
        ["Skills", "Law", "No answer"], [1.0, 4.0, None], [3.0, None, 2.0],
        names={"current": "Actuel", "target": "Cible"}, alt="Three criteria",
    )  # fmt: skip
    root = _tree(svg)
    assert root.get("role") == "img" and root.find("s:title", NS).text == "Three criteria"
    assert root.get("direction") == "ltr"  # an Arabic page must not flip the text anchors
    grid = _grid_x(root)
    assert len(grid) == 5  # a line per level, 0 to 4
    bars = [e for e in root.iter(f"{{{NS['s']}}}rect") if e.get("fill") == "#0072B2"]
    # a bar per scored row (none for the row with no score) and the legend's key
    assert len(bars) == 3
    widths = [float(b.get("width", "")) for b in bars[:2]]
    assert widths[0] == pytest.approx(grid[1] - grid[0], abs=0.02)
    assert widths[1] == pytest.approx(grid[4] - grid[0], abs=0.02)
    diamonds = [e for e in root.iter(f"{{{NS['s']}}}path") if e.get("stroke") == "#D55E00"]
    # two targets and the legend's diamond; hollow, so they read apart from the solid bars
    assert len(diamonds) == 3 and {d.get("fill") for d in diamonds} == {"#ffffff"}
    assert _marker_x(diamonds[0]) == pytest.approx(grid[3], abs=0.02)
    assert _marker_x(diamonds[1]) == pytest.approx(grid[2], abs=0.02)
    dashed = [e for e in root.iter(f"{{{NS['s']}}}line") if e.get("stroke-dasharray")]
    assert len(dashed) == 1  # from the bar to the target, only where both are known
    texts = _texts(root)
    assert texts[:3] == ["Skills", "Law", "No answer"]
    assert "1.0" in texts and "4.0" in texts and "Actuel" in texts and "Cible" in texts
    assert [t for t in texts if t in "01234"] == ["0", "1", "2", "3", "4"]
    assert "Not started" in texts and "Leading" in texts


def test_gap_values_are_written_as_the_caller_says():
    svg = gap_chart(["Skills"], [2.5], [3.0], value_text=lambda v: f"{v:.1f}".replace(".", ","))
    assert ">2,5</text>" in svg


@pytest.mark.parametrize("label", ['<b>&amp; "x"</b>', "$\\frac$", "a & b < c > d", "'quoted'"])
def test_every_text_is_literal(label):
    root = _tree(gap_chart([label], [1.0], [2.0], names={"current": label}, alt=label))
    assert _texts(root).count(label) == 2  # the row's label and the legend's name
    assert root.find("s:title", NS).text == label


def test_characters_xml_forbids_are_dropped():
    root = _tree(gap_chart(["bell\x07 here"], [1.0], [2.0]))
    assert "bell here" in _texts(root)


def test_long_labels_wrap_and_widen_the_margin():
    short = _tree(gap_chart(["Skills"], [1.0], [2.0]))
    long_label = (
        "Cooperation on applying artificial intelligence across many sectors of the economy"
    )
    root = _tree(gap_chart([long_label], [1.0], [2.0]))
    lines = [t for t in _texts(root) if t and t in long_label]
    assert len(lines) == 3 and " ".join(lines) == long_label
    assert _grid_x(root)[0] > _grid_x(short)[0]  # the plot starts further right
    # Chinese has no spaces: it wraps between characters, a character counting two columns
    label = "数字基础设施的均衡分布和区域互联互通以及普遍服务的可负担性"
    lines = [t for t in _texts(_tree(gap_chart([label], [1.0], [2.0]))) if t and t in label]
    assert "".join(lines) == label and [len(t) for t in lines] == [20, 9]


def test_dot_series_differ_in_shape_and_fill_and_join_each_row():
    svg = dot_chart(
        ["Women and girls", "Rural residents"],
        {"Group": [1.5, 3.0], "Overall": [2.0, None], "Peers": [None, None]},
        ticks=(0, 1, 2, 3, 4), tick_labels=("0", "1", "2", "3", "4"), alt="Equity",
    )  # fmt: skip
    root = _tree(svg)
    grid = _grid_x(root)
    circles = list(root.iter(f"{{{NS['s']}}}circle"))
    assert [float(c.get("cx", "")) for c in circles[:2]] == pytest.approx(
        [grid[0] + 1.5 * (grid[1] - grid[0]), grid[3]], abs=0.02
    )
    # one joining line, on the row with two values, from the lowest to the highest
    joins = [e for e in root.iter(f"{{{NS['s']}}}line") if e.get("stroke") == "#777777"]
    assert len(joins) == 1
    assert float(joins[0].get("x1", "")) == pytest.approx(float(circles[0].get("cx", "")), abs=0.02)
    assert float(joins[0].get("x2", "")) == pytest.approx(grid[2], abs=0.02)
    # each series its colour, shape and fill: in greyscale the shape and fill still tell them apart
    assert len({(m, f) for _, m, f in DOT_STYLES}) == len(DOT_STYLES)
    assert {"Group", "Overall", "Peers"} <= set(_texts(root))


def test_many_series_take_a_second_legend_row_above_the_plot():
    three = _tree(dot_chart(["A"], {"a": [1], "b": [2], "c": [3]}))
    five = _tree(dot_chart(["A"], {"a": [1], "b": [2], "c": [3], "d": [4], "e": [0]}))

    def plot_top(root):
        axis = root.find("s:polyline", NS)
        return float(axis.get("points", "").split()[0].split(",")[1])

    assert plot_top(five) > plot_top(three)
    legend_y = sorted({float(t.get("y", "")) for t in five.iter(f"{{{NS['s']}}}text") if t.text in "abcde"})  # fmt: skip
    assert len(legend_y) == 2 and legend_y[-1] < plot_top(five)


def test_a_chart_with_no_rows_is_still_an_image():
    root = _tree(gap_chart([], [], [], alt="Nothing to show"))
    assert root.get("role") == "img" and not [t for t in _texts(root) if t == "Current"]
    assert _tree(dot_chart([], {}))
