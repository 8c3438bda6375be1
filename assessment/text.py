"""Interface text in one place, keyed by language, ready to be translated.

Widgets, the CLI's friendly lines and (later) reports take their words from here. To add a
language, add a mapping with the same keys under its BCP 47 tag ("fr", "es", "ar", "zh", "ru");
missing keys fall back to English. Right-to-left languages set ``direction`` to ``"rtl"``.
"""

from __future__ import annotations

from collections.abc import Mapping

__all__ = ["LANGUAGES", "UI_TEXT", "text_direction", "ui_text"]

UI_TEXT: dict[str, dict[str, str]] = {
    "en": {
        "direction": "ltr",
        "form_title": "Self-assessment: {entity}",
        "form_intro": "{rubric}. Choose the level that best describes the situation today. Every answer is saved as you go.",
        "progress": "Answered {done} of {total}",
        "progress_label": "Answered criteria",
        "filter_unanswered": "Show only unanswered",
        "filter_core": "Short form only (core criteria)",
        "filters_label": "Filters",
        "level_group": "Level for: {title}",
        "level_option": "{level} – {label}: {descriptor}",
        "not_applicable": "Not applicable to us",
        "dont_know": "Don't know",
        "no_answer": "(no answer yet)",
        "reason": "Why not applicable?",
        "reason_placeholder": "Give a short reason; it is shown in the report",
        "reason_needed": "“{title}”: please write why it is not applicable; the answer is saved once a reason is given.",
        "target": "Target level",
        "target_default": "Default ({level} – {label})",
        "confidence": "Confidence",
        "confidence_none": "—",
        "confidence_low": "Low",
        "confidence_medium": "Medium",
        "confidence_high": "High",
        "evidence": "Evidence",
        "evidence_placeholder": "Documents, data or links that show this level",
        "notes": "Notes",
        "notes_placeholder": "Anything else the team should know",
        "source": "Commitment {commitment}: {summary}",
        "citation": "Source: {citation}",
        "question_for": "Question",
        "what_to_show": "What to look for",
        "saved_at": "Saved {time}",
        "not_saved": "Not saved yet",
        "saving_failed": "Could not save: {error}",
        "conflict": "This file was changed by someone or something else since you opened it ({when}). Your last change was not saved.",
        "reload": "Reload the file (discard my unsaved change)",
        "overwrite": "Keep my version (overwrite the file)",
        "error_title": "Something needs your attention",
        "internal_error": "Something went wrong inside the toolkit: {error}. Your saved answers are safe. Please report this.",
        "chart_title": "Where you stand (solid) and your target (dashed)",
        "chart_alt": "Radar chart of the pillar scores",
        "table_caption": "Scores by pillar (0 = Not started, 4 = Leading)",
        "col_pillar": "Pillar",
        "col_score": "Score",
        "col_percent": "%",
        "col_target": "Target",
        "col_gap": "Gap",
        "col_done": "Done",
        "overall": "Overall",
        "no_score": "–",
        "nothing_to_show": "Nothing to show with these filters.",
        "series_current": "Current",
        "series_target": "Target",
        "pillar_tab": "{id} {title} ({done}/{total})",
    },
}

LANGUAGES: tuple[str, ...] = tuple(UI_TEXT)


def ui_text(key: str, lang: str = "en", /, **values: object) -> str:
    """The interface text for ``key`` in ``lang`` (English when missing), with ``values`` filled in."""
    table: Mapping[str, str] = UI_TEXT.get(lang, UI_TEXT["en"])
    template = table.get(key, UI_TEXT["en"][key])
    return template.format(**values) if values else template


def text_direction(lang: str) -> str:
    """``"rtl"`` for right-to-left languages such as Arabic, else ``"ltr"``."""
    return ui_text("direction", lang)
