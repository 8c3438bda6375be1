"""A workbook whose only sheet is "Answers", imported with sheet="Scores"."""

from openpyxl import Workbook


def make(tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.title = "Answers"
    sheet.append(["id", "A.1-x"])
    sheet.append(["1", 2])
    path = tmp_path / "export.xlsx"
    book.save(path)
    return path, {"sheet": "Scores"}
