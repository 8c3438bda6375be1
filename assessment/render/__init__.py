"""Shell: what people see on paper and screen, drawn from the core's report model.

``charts`` (matplotlib Figures, no pyplot), ``figures`` (the report's charts as SVG), ``display``
(numbers formatted once for every output), ``html`` (Jinja2), ``pdf`` (Typst, PDF/UA-1),
``workbook`` (the paper scoring workbook) and ``output`` (safe file names, atomic writes).
"""
