"""Shell: what runs in JupyterLab and Voila (ipywidgets, anywidget, IPython display).

``form`` (the scoring form), ``report_view`` (the gap report in a notebook), ``facilitator`` (the
facilitator's workshop view) and ``participant`` (the participants' Voila page, with its notebook
``participant.ipynb`` and the offline ``voila/`` template).
"""
