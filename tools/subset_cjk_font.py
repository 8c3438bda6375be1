"""Make the bundled Simplified Chinese font: a subset of Noto Sans CJK SC (SIL Open Font License).

    python tools/subset_cjk_font.py /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc Regular
    python tools/subset_cjk_font.py /usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc Bold

(the source is Debian's fonts-noto-cjk, the upstream Noto CJK release). The subset keeps every
character of GB 2312 (the 6,763 hanzi of everyday Simplified Chinese and its symbols), CJK and
fullwidth punctuation, basic Latin, and every character the Chinese catalogues use; the layout
tables stay, hinting goes. A character outside it in a user's own text makes the PDF refuse to
build with a clear message (the HTML report is still written). Writes
assessment/render/fonts/NotoSansCJKsc-Subset-<Weight>.otf.
"""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection

ROOT = Path(__file__).resolve().parents[1]


def gb2312() -> set[int]:
    chars = set()
    for hi in range(0xA1, 0xF8):
        for lo in range(0xA1, 0xFF):
            with contextlib.suppress(UnicodeDecodeError):
                chars.add(ord(bytes([hi, lo]).decode("gb2312")))
    return chars


def catalogue_chars() -> set[int]:
    chars: set[int] = set()
    for po in [
        *ROOT.glob("rubrics/i18n/zh/*.po"),
        *ROOT.glob("assessment/locale/zh/LC_MESSAGES/*.po"),
    ]:
        chars |= {ord(c) for c in po.read_text(encoding="utf-8")}
    return chars


def main(source: str, weight: str) -> None:
    collection = TTCollection(source)
    font = next(f for f in collection.fonts if f["name"].getDebugName(1) == "Noto Sans CJK SC")
    wanted = gb2312() | catalogue_chars() | set(range(0x20, 0x7F)) | set(range(0xA0, 0x100))
    wanted |= set(range(0x3000, 0x3040)) | set(range(0xFF00, 0xFFF0)) | set(range(0x2000, 0x2070))
    options = subset.Options()
    options.layout_features = ["*"]
    options.hinting = False
    options.name_IDs = ["*"]
    options.notdef_outline = True
    options.drop_tables += ["DSIG"]
    sub = subset.Subsetter(options)
    sub.populate(unicodes=wanted)
    sub.subset(font)
    out = ROOT / "assessment" / "render" / "fonts" / f"NotoSansCJKsc-Subset-{weight}.otf"
    font.save(out)
    print(f"wrote {out}: {out.stat().st_size / 1e6:.1f} MB, {len(font.getGlyphOrder())} glyphs")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
