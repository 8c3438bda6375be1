"""Interface text in one place: the English source, keyed, and its translations.

Widgets, reports, the workbook and the command line take their words from here. The English
(:data:`UI_TEXT`) is the source of the gettext template; translations live in gettext catalogues
(``assessment/locale/<lang>/LC_MESSAGES/gdi-assess.po``) that the storage shell reads and
installs with :func:`set_catalogue_provider` (the package does it on import). A key without a
(non-fuzzy) translation falls back to English. Adding a language is a translator's job: a new
catalogue, and its tag in :data:`LANGUAGES`.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import re
from collections.abc import Callable, Mapping
from typing import Any

__all__ = [
    "LANGUAGES",
    "LANGUAGE_NAMES",
    "PLURAL_TEXT",
    "UI_TEXT",
    "available_languages",
    "babel_locale",
    "base_language",
    "catalogue_text",
    "direction_of",
    "fill",
    "format_date",
    "format_number",
    "format_share",
    "language_name",
    "level_label",
    "plural_index",
    "preferred_language",
    "set_catalogue_provider",
    "set_language_table",
    "terminal_text",
    "text_direction",
    "translation_status",
    "ui_plural",
    "ui_text",
]

UI_TEXT: dict[str, dict[str, str]] = {
    "en": {
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
        "level_label": "{level} – {label}",
        "level_name_0": "Not started",
        "level_name_1": "Initial",
        "level_name_2": "Developing",
        "level_name_3": "Established",
        "level_name_4": "Leading",
        "language_label": "Language",
        "translation_draft": "Translation: draft, not yet reviewed by a native-speaking expert.",
        "translation_reviewed": "Translation: reviewed.",
        "cli_wrote": "wrote {path}",
        "cli_ok_rubric": "ok  {path}: rubric {id} v{version}, {pillars} pillars, {criteria} criteria ({core} core)",
        "cli_ok_assessment": "ok  {path}: assessment of {entity}, {responses} responses by {respondents} respondent(s)",
        "cli_ok_responses": "ok  {path}: {responses} responses by {respondents} respondent(s)",
        "cli_exported": "wrote {n} responses to {path}",
        "cli_imported": "imported {n} responses from {file} into {assessment}",
        "cli_migrate_nothing": "{assessment}: already on version {version}; nothing to do",
        "cli_migrate_wrote": "wrote {path}: {id} version {old} -> {new}",
        "cli_migrate_carried": "  carried over unchanged: {n} answered criteria",
        "cli_migrate_reanswer": "  to answer again ({n}; your earlier answers are kept as notes):",
        "cli_migrate_removed": "  no longer in the rubric: {ids}",
        "cli_migrate_added": "  new in this version: {n} criteria",
        "cli_migrate_dropped": "  targets or agreed levels not carried (kept in the notes): {ids}",
        "cli_migrate_left_short": "  no longer in the short form ({n}; answers kept, scored only on the full form): {ids}",
        "cli_migrate_joined_short": "  new in the short form ({n}; to answer): {ids}",
        "cli_ws_created": "created {path} ({id} v{version}); start the participants' app with: gdi-assess workshop serve {path}",
        "cli_ws_status": "{title}: {entity}, rubric {rubric}, round {round}",
        "cli_ws_counts": "{people} participant(s), {answers} answer(s) in round {round}",
        "cli_ws_no_group": "(no group)",
        "cli_ws_imported": "imported {file} as {label!r} into {path}, round {round} ({layout} layout): {people} people ({new} new), {answers} answers: {added} added, {updated} updated, {unchanged} unchanged",
        "cli_ws_ignored": "ignored columns (not criteria): {columns}",
        "cli_ws_backup": "wrote {path}: a complete copy of the workshop ({n} answers), safe to copy or e-mail",
        "cli_ws_exported": "wrote {path} (the consolidated assessment: every final answer and the recorded consensus)",
        "cli_epilog": "Bundled rubrics: {rubrics} (in {folder}).",
        "cli_error": "error: {message}",
        "cli_interrupted": "interrupted",
        "cli_internal_error": "internal error: {error}\nrerun with --debug and report the traceback",
        "cli_a_file": "a file",
        "cli_disk_full": "{path}: the disk is full; nothing was changed. Free some space and try again",
        "cli_cannot_write": "{path}: cannot be written here (no permission, or read-only); choose another folder",
        "cli_os_error": "{path}: {reason}; check that the folder exists and that you may write there",
        "cli_bad_language": "{text!r} is not one of the toolkit's languages: {known}",
        "cli_not_whole_number": "{text!r} is not a whole number",
        "cli_at_least_one": "{text!r} must be 1 or more",
        "cli_heading": "{entity} ({kind}, {country}) — {round}, {date}",
        "cli_heading_rubric": "Rubric: {title} v{version}",
        "cli_earlier_version": "note: {name} was made with version {made} of {rubric!r} and is read with that version; `gdi-assess migrate {file} --to {version}` moves it to the current one",
        "cli_the_assessment": "the assessment",
        "cli_col_title": "Title",
        "cli_col_score": "Score 0-4",
        "cli_all": "All",
        "cli_coverage_head": "{title} v{version}: source {source} ({year})",
        "cli_coverage_actions": "actions: {actions}",
        "cli_coverage_ok": "ok",
        "cli_coverage_bare": "BARE",
        "cli_coverage_total": "{commitments} commitments, {criteria} criteria, {covered} covered, {bare} bare",
        "cli_migrate_reworded": "reworded",
        "cli_migrate_replaces": "replaces {ids}",
        "cli_migrate_new": "added",
        "cli_migrate_gone": "removed",
        "cli_demo_validating": "Validating the bundled rubrics",
        "cli_demo_rubric": "ok  {file}: {pillars} pillars, {commitments} commitments, {criteria} criteria, every commitment covered",
        "cli_demo_responses": "{responses} responses by {respondents} respondent(s)",
        "cli_demo_reports": "Gap reports (PDF and HTML) in {folder}:",
        "cli_demo_workshop": "Sample workshop: {people} participants, round {round}; its report:",
        "cli_i18n_wrote": "wrote {path}: {n} messages",
        "cli_i18n_updated": "{path}: {kept} kept, {fuzzy} fuzzy (the English changed), {new} to translate, {dropped} dropped",
        "cli_i18n_language": "language",
        "cli_i18n_catalogue": "catalogue",
        "cli_i18n_translated": "translated",
        "cli_i18n_fuzzy": "fuzzy",
        "cli_i18n_missing": "missing",
        "cli_i18n_status": "status",
        "cli_i18n_more": "… and {n} more",
        "cli_i18n_problems": "{n} problems in {checked} messages",
        "cli_i18n_all_checked": "all {checked} messages translated and checked",
        "fac_pause": "Pause updates",
        "fac_heading": "{title}: round {round}, {people} participants",
        "fac_col_joined": "Joined",
        "fac_col_answering": "Answering",
        "fac_col_disputed": "Disputed",
        "fac_col_median_before": "Median before",
        "fac_col_median_after": "Median after",
        "fac_col_iqr_before": "IQR before",
        "fac_col_iqr_after": "IQR after",
        "fac_col_changed": "Changed",
        "fac_col_converged": "Converged",
        "fac_col_dont_know": "DK",
        "fac_yes": "yes",
        "fac_no": "no",
        "fac_disputed_caption": "{id} · {title} (median {median:.1f}, IQR {iqr:.1f}, range {range:.0f})",
        "fac_no_movement": "Positions can move from the second round on; this is the first.",
        "fac_no_figures": "No indicator figures are recorded for this workshop. Record them with: gdi-assess indicators WORKSHOP FIGURES.csv",
        "fac_divergent_count": "Criteria where the room and the figures are 2 or more levels apart: {n}.",
        "fac_evidence_caption": "Where the evidence and the room disagree",
        "fac_col_figures": "Figures",
        "fac_col_suggested": "Figures suggest",
        "fac_col_room": "Room median",
        "fac_col_difference": "Room minus figures",
        "fac_col_divergent": "Far apart",
        "fac_col_stale": "Old figure",
        "fac_recorded_so_far": "Recorded so far: {n}",
        "fac_recorded": "Recorded {criterion} at {time}.",
        "fac_movement": "How positions moved from round {before} to round {after}",
        "fac_updated": "Updated {time}",
        "fac_all_groups": "All groups",
        "equity_title": "Who is left behind",
        "equity_intro": "The rubric marks the criteria that concern groups at risk of being left behind. Each group's score is the mean of the scores of its criteria, each counted with its weight in the overall score; the gap is the overall score minus the group's score: above zero, the group's criteria lag behind the rest.",
        "equity_furthest": "{group} lag furthest behind: their criteria score {score}, {deficit} levels below the overall score.",
        "equity_none_behind": "No group's criteria score 0.1 level or more below the overall score.",
        "equity_nothing_scored": "No criterion that concerns one of these groups has a score yet.",
        "equity_group_women": "Women and girls",
        "equity_group_disability": "Persons with disabilities",
        "equity_group_rural": "Rural residents",
        "equity_group_older": "Older persons",
        "equity_group_youth": "Young people",
        "equity_series_group": "The group's criteria",
        "equity_series_overall": "Overall score",
        "equity_alt": "Dot chart of the score of the criteria that concern each group, beside the overall score of {overall}: {groups}.",
        "equity_caption": "The score of the criteria that concern each group, beside the overall score (levels 0 to 4).",
        "equity_table": "Scores by group, and the gap to the overall score",
        "equity_col_group": "Group",
        "equity_col_criteria": "Criteria",
        "equity_col_scored": "Scored",
        "equity_col_score": "Group's score",
        "equity_col_deficit": "Gap to overall",
        "robustness_title": "How firm the ranking is",
        "robustness_intro": "The pillar scores were computed again under {draws} other plausible weightings of the criteria, drawn at random around the rubric's weights (seed {seed}); the overall score stayed between {low} and {high} in nine draws out of ten. The table says how often each pillar kept its rank and how often it was the weakest.",
        "robustness_alt": "Dot chart, per pillar, of the share of plausible weightings under which the pillar keeps its rank and under which it is the weakest: {pillars}.",
        "robustness_caption": "How often each pillar keeps its rank, and how often it is the weakest, under plausible weightings.",
        "robustness_table": "The pillars' ranks under plausible weightings",
        "robustness_range": "{low}–{high}",
        "progress_title": "What changed since {date}",
        "progress_intro": "The overall score moved from {old} on {before} to {new} on {after} ({change}).",
        "progress_last_two": "Rounds compared: {rounds}. The tables of criteria below compare the last two: {before} and {after}.",
        "progress_remainder": "Criteria scored in only one of the rounds, or whose meaning changed, account for {remainder} of the change.",
        "progress_alt": "Dot chart of each pillar's score in each round ({rounds}): {pillars}.",
        "progress_caption": "Each pillar's score in each round (levels 0 to 4).",
        "progress_pillars": "Pillar scores by round",
        "progress_rises": "The criteria that raised the overall score most",
        "progress_falls": "The criteria that lowered the overall score most",
        "framework_title_sdg": "The Sustainable Development Goals' targets served",
        "framework_title_gdc": "The Global Digital Compact's objectives and sections served",
        "framework_title_wsis": "The WSIS action lines served",
        "framework_intro": "Each row is one of the {framework} that criteria of this assessment serve, with those criteria and their scores, ready to lift into a Voluntary National Review or a follow-up report. The mean is a plain mean of the scored criteria.",
        "framework_alt": "Dot chart of the mean score of the criteria that serve each of the {framework}: {values}.",
        "framework_caption": "The mean score of the criteria that serve each of the {framework} (levels 0 to 4).",
        "framework_series_mean": "Mean score of its criteria",
        "framework_col_criteria": "Criteria (score)",
        "coverage_title": "Coverage of the source's commitments",
        "coverage_intro": "Every one of the {commitments} commitments of the source text, where it is in the source and what this assessment made of its criteria: {scored} scored, {na} not applicable, {open} left open.",
        "coverage_col_commitment": "Commitment",
        "coverage_col_source": "In the source",
        "coverage_col_criteria": "Criteria",
        "coverage_scored": "scored",
        "coverage_open": "open",
        "coverage_not_asked": "not asked",
        "report_method_weights_override": "This assessment sets its own weights instead of the rubric's (what-if): {changes}. Every score, rank and priority in this report uses them; the rubric itself is unchanged.",
        "whatif_intro": "Try other weights: how much each pillar counts in the overall score, and, inside a pillar, how much each commitment counts in the pillar's score (1 is the rubric's usual weight, 3 three times as much). The radar, the overall score and the gaps that would raise it most follow the sliders. Nothing is saved until you keep the weights; the rubric itself never changes.",
        "whatif_pillar": "Pillar {pillar} in the overall score",
        "whatif_series": "Score with these weights",
        "whatif_overall": "Overall score with these weights: {score}",
        "whatif_table": "The pillars with these weights",
        "whatif_col_share": "Share of the overall score",
        "whatif_gains": "The gaps whose closing would raise the overall score most",
        "whatif_gain": "+{gain} on the overall score",
        "whatif_keep": "Keep these weights",
        "whatif_reset": "Rubric's weights",
        "whatif_saved": "Saved in {file}: the report now uses these weights and says so in its method.",
        "report_interval": "90 % interval",
        "report_interval_column": "90 % interval",
        "report_interval_low": "Interval, low",
        "report_interval_high": "Interval, high",
        "report_method_interval": "How sure each score is: with several respondents, its 90 % interval comes from resampling the respondents 2,000 times (a bootstrap, seed 0); with one, from the confidence given (high ±0.25 level, medium ±0.5, low ±1, none ±0.75), widened where criteria have no score. A narrow interval is a firm score.",
        "plan_title": "From gaps to a plan",
        "plan_intro": "Gaps to close: {steps}, as steps in an order that puts what a step needs first (the rubric says which criteria need others in place) and otherwise the most urgent first: {quick} quick wins (one level or less to go, nothing to wait for) and {roots} root causes (gaps that hold two or more others back). Owners and due dates come from the assessment (gdi-assess plan, or the notebook).",
        "plan_roots": "Root causes, with how many other steps wait for each: {criteria}.",
        "plan_report_to_check": "To check first (no score yet, but other steps need them): {criteria}.",
        "plan_report_root_cause": "root cause, {n} wait",
        "plan_report_waits": "waits for {criteria}",
        "plan_report_more": "The first {shown} of {steps} steps; the whole plan, with columns to fill in, is written by gdi-assess plan ASSESSMENT -o plan.xlsx.",
        "plan_report_col_criterion": "Criterion (who answers)",
        "plan_report_col_owner_due": "Owner, due date",
        "plan_alt": "Dot chart of the first steps of the plan, each with its current level and its target: {steps}.",
        "plan_caption": "The first steps of the plan (up to {n}): current level and target (levels 0 to 4).",
        "reality_report_title": "Where the evidence and the self-rating disagree",
        "reality_report_intro": "Each indicator figure recorded for a criterion, beside the level the rubric's thresholds suggest for it and the level the assessment gave. A self-rating two levels or more from the suggestion is marked divergent; a figure three years or more older than the assessment is marked stale. A suggestion is a prompt to look again, not a verdict: the criterion asks more than one number can show.",
        "reality_report_intro_rules": "Each indicator figure recorded for a criterion, beside the level the rubric's thresholds suggest for it and the level the assessment gave. By this assessment's own rules, a self-rating {divergence} or more levels from the suggestion is marked divergent, and a figure {stale} or more years older than the assessment is marked stale. A suggestion is a prompt to look again, not a verdict: the criterion asks more than one number can show.",
        "reality_report_counts": "Figures recorded: {figures}, for criteria: {criteria}. Divergent criteria: {divergent}. Stale figures: {stale}.",
        "reality_report_missing": "Indicators with thresholds but no figure yet, to look up: {n} ({criteria}).",
        "reality_report_stale": "stale",
        "reality_report_divergent": "divergent",
        "reality_report_self": "Self-rated",
        "reality_report_suggested": "Suggested",
        "reality_report_all_figures": "all its figures: {level}",
        "reality_report_col_indicator": "Indicator",
        "reality_report_col_value": "Figure (unit, year, source)",
        "reality_report_col_difference": "Difference",
        "reality_report_table": "Indicator figures, suggested levels and self-ratings",
        "reality_report_caption": "The self-rated level of each criterion beside the level its indicator figures suggest (levels 0 to 4).",
        "reality_report_alt": "Dot chart of each criterion's self-rated level and the level its indicator figures suggest: {criteria}.",
        "ws_full_title": "Workshop full",
        "ws_full_heading": "The workshop is full",
        "ws_full_busy": "{n} participants are already scoring, the most this computer has been set to serve.",
        "ws_full_wait": "Please wait a minute and reload this page, or ask the facilitator for a place.",
        "fac_participation": "Round {round}: participation by stakeholder group",
        "fac_group_median": "Group (median)",
        "fac_radar_alt": "Radar chart of the workshop's pillar scores with the spread between participants",
        "fac_chart_data": "Data of the chart",
        "fac_agreed_level": "Agreed level",
        "fac_rationale": "Rationale",
        "fac_rationale_hint": "Why the group settled on this level (quoted in the report)",
        "fac_record": "Record consensus",
        "cite_sentence": "{title} ({year}), section {section}, sentence {number}",
        "cite_paragraph": "{title} ({year}), section {section}, paragraph {number}",
        "detail_quoted_cell": "inside a quoted cell",
        "detail_short_row": "{cells} of {width} cells, and no line break at the end",
        "round_baseline": "baseline",
        "round_midterm": "mid-term",
        "round_followup": "follow-up",
        "round_endline": "endline",
        "word_country": "country",
        "word_organisation": "organisation",
        "word_rise": "rise",
        "word_fall": "fall",
        "word_at least": "at least",
        "word_at most": "at most",
        "word_higher": "higher",
        "word_lower": "lower",
        "word_sentence": "sentence",
        "word_paragraph": "paragraph",
        "confidence": "Confidence",
        "confidence_none": "Not given",
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
        "unsaved": "Unsaved changes: saving when you pause typing…",
        "saving_failed": "Could not save: {error}",
        "conflict": "This file was changed by someone or something else since you opened it ({when}). Your last change was not saved.",
        "reload": "Reload the file (discard my unsaved change)",
        "overwrite": "Keep my version (overwrite the file)",
        "error_title": "Something needs your attention",
        # errors a person can fix (GdiError.keyed): what is wrong, where, and what would be valid
        "error_conflict": "{path} was changed elsewhere at {time} since it was opened; reload it, or save your version under another name",
        "error_no_such_file": "{path}: no such file; check the path",
        "error_cannot_read": "{path}: cannot be read ({reason})",
        "error_bad_date": "--date {date!r} is not a date; use YYYY-MM-DD",
        "error_extension_assessment": "{path}: the assessment is written as {valid}, so the file name must end in {valid} (for example {example})",
        "error_extension_schema": "{path}: the JSON Schema is written as {valid}, so the file name must end in {valid} (for example {example})",
        "error_extension_workbook": "{path}: the workbook is written as {valid}, so the file name must end in {valid} (for example {example})",
        "error_rubric_not_bundled": "the assessment uses rubric {rubric!r}, which is not bundled; give its file with --rubric PATH",
        "error_unknown_extension": "{path}: cannot tell what this is from its extension; give a .yaml rubric, a .json assessment or a .csv of responses",
        "error_exists_use_force": "{path}: already exists; choose another name or add --force to replace it",
        "error_migrate_other_rubric": "{option}: is rubric {given!r}, but {assessment} was made with {rubric!r}",
        "error_migrate_other_version": "{path}: is version {version} of {rubric!r}, not {wanted}",
        "error_migrate_same_file": "{path}: choose another file: the original stays as it is",
        "error_migrate_exists": "{path}: already exists (answers given there would be lost); choose another name with -o",
        "error_baseline_other_rubric": "{baseline}: uses rubric {baseline_rubric!r}, but {assessment} uses {rubric!r}; compare assessments made with the same rubric",
        "error_baseline_other_entity": "{baseline}: is an assessment of {baseline_entity!r}, but {assessment} is of {entity!r}; a baseline is an earlier round of the same country or organisation",
        "error_baseline_not_earlier": "{baseline}: is dated {baseline_date}, not before {assessment} ({date}); give the earlier round as --baseline",
        "error_no_samples": "{folder}: no sample assessments (*.json) found",
        "error_voila_missing": 'the participants\' page needs Voila, which comes with the jupyter extra: pip install "gdi-assessment[jupyter]"',
        "error_port_in_use": "port {port} is already in use on this computer (another workshop or program is serving there); stop it, or choose another with --port",
        "error_form_wrong_rubric": "the assessment does not fit rubric {rubric}: {problems}",
        "error_form_unknown_respondent": "respondent {respondent!r} is not in this assessment; known: {known}",
        "error_form_need_entity": "give the name of the country or organisation (entity) to start a new assessment",
        "error_no_workshop_file": "no workshop file: start the app with `gdi-assess workshop serve WORKSHOP`",
        "error_report_format": "unknown report format {formats}: choose from {valid}",
        "error_report_no_format": "no report format given: choose from {valid}",
        "error_out_not_folder": "{folder}: exists and is not a folder; choose another --out",
        "error_report_outside": "{path}: a report must be written inside {folder}",
        "error_report_partly_written": "{error}\nThe {format} report was written: {path}",
        "error_pdf_character": "The PDF cannot print the character {char!r} ({codepoint}): neither the fonts that come with the toolkit nor this computer's fonts have it. Install a font that covers it (for Chinese, Noto Sans CJK SC) or use the HTML report.",
        "error_pdf_failed": "The PDF could not be built: {detail}",
        "error_assessment_no_such_file": "{path}: no such file; check the path, or create one with 'gdi-assess new'",
        "error_assessment_is_folder": "{path}: is a folder; give the path of an assessment .json file",
        "error_sheet_read": "{path}: cannot read responses as {suffix}; give a file name ending in {valid}",
        "error_sheet_write": "{path}: cannot write responses as {suffix}; give a file name ending in {valid}",
        "error_sheet_read_no_extension": "{path}: cannot read responses as a file without an extension; give a file name ending in {valid}",
        "error_sheet_write_no_extension": "{path}: cannot write responses as a file without an extension; give a file name ending in {valid}",
        "error_no_such_catalogue": "{path}: no such catalogue; create it with 'gdi-assess i18n update'",
        "error_bad_catalogue": "{path}: not a readable gettext catalogue ({reason})",
        "error_rubric_no_such_file": "{path}: no such file; check the path (bundled rubrics are in {folder})",
        "error_rubric_is_folder": "{path}: is a folder; give the path of a rubric .yaml file",
        "error_rubric_impostor": "{path}: claims the id {rubric!r} of a rubric bundled with the toolkit, but its content differs; give your rubric its own id (for example 'my-org-{rubric}') and its own version",
        "error_rubric_unknown": "{name}: not a rubric file or a bundled rubric id; bundled rubrics: {valid}",
        "error_rubric_unknown_none": "{name}: not a rubric file or a bundled rubric id; bundled rubrics: none found",
        "error_rubric_bad_version": "{rubric!r} version {version!r}: not a rubric id and version",
        "error_rubric_version_not_bundled": "version {version} of rubric {rubric!r} is not bundled; bundled versions: {valid} (a rubric of your own: give its files)",
        "error_rubric_no_version_bundled": "version {version} of rubric {rubric!r} is not bundled; bundled versions: none (a rubric of your own: give its files)",
        "error_openpyxl_missing": "reading .xlsx files needs the openpyxl package; install it (pip install openpyxl), or export the survey as CSV",
        "error_mapping_no_such_file": "{path}: no such mapping file; check the path",
        "error_survey_is_folder": "{path}: is a folder; give the path of a .csv or .xlsx survey export",
        "error_survey_layout": "layout {layout!r} is not one of {valid}",
        "error_workshop_damaged": "{path}: the workshop file is damaged (some of its pages cannot be read); nothing was changed. Use your latest backup (`gdi-assess workshop backup` makes one), or ask for help recovering it with SQLite's `.recover`",
        "error_workshop_not_sqlite": "{path}: not a workshop file (not an SQLite database)",
        "error_workshop_not_ours": "{path}: not a workshop file (an SQLite database, but not one made by `gdi-assess workshop new`)",
        "error_workshop_no_such_file": "{path}: no such workshop file; create one with `gdi-assess workshop new`",
        "error_workshop_unreadable": "{path}: cannot be read",
        "error_workshop_exists": "{path}: already exists; choose another name or delete it first",
        "error_workshop_cannot_create": "{path}: cannot be created here ({reason}); choose a folder you may write to",
        "error_backup_exists": "{path}: already exists; choose another name for the backup",
        "error_backup_failed": "{path}: the backup could not be written ({reason})",
        "error_workshop_busy": "{path}: the workshop database stayed busy for {seconds:.0f} s; your last answer was not saved. Please try again in a moment.",
        "error_workshop_read_only": "{path}: is read-only here; copy it to a writable folder first",
        "error_workshop_disk_full": "{path}: the disk is full; nothing of this change was saved (the workshop is as it was). Free some space and try again",
        "error_round_number": "round {number}: rounds are numbered from 1",
        "error_consensus_rationale": "{criterion}: give the rationale for the agreed level (a sentence the report will quote)",
        "error_consensus_level": "{criterion}: the agreed level must be 0 to 4 (or mark it not applicable)",
        "error_participant_not_joined": "participant {participant!r} has not joined this workshop",
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
        "loaded": "Loaded {answers}, last saved {when}. You are at the first criterion without an answer.",
        "loaded_done": "Loaded {answers}, last saved {when}. Every criterion has an answer.",
        "answers_one": "1 answer",
        "answers_many": "{n} answers",
        "loaded_none": "Nothing answered yet: start with the first criterion. Every answer is saved as you go.",
        "criterion_of": "Criterion {id} · commitment {commitment}",
        "details_toggle": "Target, confidence, evidence",
        "details_summary": "Target: {target} · Confidence: {confidence} · Evidence: {evidence}",
        "details_default": "{level} – {label} (default)",
        "details_no_confidence": "not given",
        "details_no_evidence": "none yet",
        "details_evidence_count": "{n} lines",
        "details_evidence_one": "1 line",
        "more_about": "More about this criterion",
        "unit_label": "Who answers",
        "unit_all": "Everyone (all criteria)",
        "suggested": "Suggested: {suggestion}. {note} Nothing is answered until you choose.",
        "use_suggestion": "Use this level",
        "earlier_answer": "This criterion changed in the new version of the rubric; please answer it again. Your earlier answer: {note}",
        "confidential": "Confidential: keep this evidence out of reports and exports",
        "answered_by": "Who usually holds the evidence",
        "glossary": "Terms used here",
        "guidance": "Guidance",
        "indicators": "Indicators that can help",
        "indicator_thresholds": "levels 1–4 from {thresholds}",
        "xlsform_identity": "About you and the unit assessed",
        "xlsform_entity_id": "Code of the unit assessed",
        "xlsform_entity_id_hint": "As the campaign gave it, for example MUN-0042: letters, digits, dots, dashes and underscores only.",
        "xlsform_entity_id_rule": "Letters, digits, dots, dashes and underscores, starting with a letter or a digit; at most 80 characters",
        "xlsform_at_most": "At most {n:,} characters",
        "xlsform_entity_name": "Name of the unit assessed",
        "xlsform_respondent_name": "Your name (optional)",
        "xlsform_respondent_name_hint": "Leave it empty to stay anonymous.",
        "xlsform_group": "Your stakeholder group",
        "xlsform_reason": "Why does this not apply?",
        "xlsform_target": "Target level (optional)",
        "xlsform_confidence": "How sure are you? (optional)",
        "xlsform_evidence": "Evidence: documents, data or links that show this level (optional)",
        "xlsform_core": "short form",
        "xlsform_wrote": "wrote {path}: {questions} questions, in {languages}; upload it to KoboToolbox or ODK Central, then import its exports with gdi-assess campaign import",
        "error_extension_xlsform": "{path}: the form is written as an Excel workbook, so the file name must end in {valid} (for example {example})",
        "error_xlsform_language": "{lang} is not a language of the interface; choose among {valid}, or all",
        "error_campaign_kind": "{source}: the export does not say what kind of unit its form asked about; give --kind country or --kind organisation",
        "error_campaign_out_not_folder": "{path} is a file; --out needs a folder",
        "error_campaign_other_rubric": "{file} is an export of the form of rubric {other} (its columns are that rubric's criteria), not of {rubric}; import it with --rubric {other}",
        "error_campaign_exists": "assessments already in the folder: {n} (the first: {first}); nothing was written. Add --force to replace them, or choose another folder",
        "campaign_imported": "imported {file}: {units} units assessed, {submissions} submissions, into {folder}",
        "campaign_unit_line": "  {id}  {name}: {submissions} submissions, {answers} answers -> {path}",
        "survey_rejected": "left out {n} submissions rejected in review (rows {rows})",
        "error_rollup_format": "unknown format {format}: choose from {valid}",
        "error_rollup_min_units": "--min-units must be 1 or more, not {value}",
        "error_rollup_mixed_kinds": "{first} assesses an entity of kind {kind1} and {second} one of kind {kind2}: roll up one kind of unit at a time",
        "error_rollup_one_table": "give one answer table alone, or folders and files of assessments, not both: {inputs}",
        "error_rollup_rubric_needed": "{path} is an answer table: say which rubric its criteria come from with --rubric",
        "error_rollup_unit_twice": "the unit {unit} is assessed twice ({first} and {second}): roll up one round at a time, or give the earlier round with --baseline",
        "rollup_done": "roll-up of {units} units assessed, of {expected} expected, over {areas} areas: {files} files in {folder} ({seconds} s)",
        "export_col_pillar": "Pillar",
        "export_col_title": "Title",
        "export_col_score": "Score (0–4)",
        "export_col_percent": "Percent",
        "export_col_target": "Target",
        "export_col_gap": "Gap",
        "export_col_low": "Interval, low",
        "export_col_high": "Interval, high",
        "export_col_completeness": "Completeness",
        "export_col_n_criteria": "Criteria",
        "export_col_n_not_applicable": "Not applicable",
        "export_col_criterion": "Criterion",
        "export_col_status": "Status",
        "export_col_level": "Level",
        "export_col_confidence": "Confidence",
        "export_col_respondents": "Respondents",
        "export_col_disputed": "Disputed",
        "export_col_evidence": "Evidence",
        "export_col_respondent": "Respondent",
        "export_col_notes": "Notes",
        "export_col_answered_at": "Answered at",
        "export_scored": "scored",
        "export_yes": "yes",
        "export_sheet_pillars": "Pillars",
        "export_sheet_criteria": "Criteria",
        "export_sheet_plan": "Action plan",
        "export_sheet_answers": "Answers",
        "export_wrote": "wrote {path}: {criteria} criteria and {answers} answers",
        "error_extension_export": "{path}: the results are written as an Excel workbook or a CSV file, so the file name must end in {valid} (for example {example})",
        "rollup_report_title": "{area}: the national picture",
        "rollup_report_subtitle": "Roll-up of a self-assessment campaign · {rubric} (version {version}) · {date}",
        "rollup_report_units": "Units answered",
        "rollup_report_suppressed": "Fewer units answered than the rule of small numbers allows: this area shows no figures of its own.",
        "rollup_report_secondary": "This area shows no figures of its own: with them and the totals, those of a neighbouring area with too few units could be worked out.",
        "rollup_report_pillars": "Pillars across units",
        "rollup_report_col_pillar": "Pillar",
        "rollup_report_col_n": "Units",
        "rollup_report_col_median": "Median",
        "rollup_report_col_spread": "Middle half (25th–75th percentile)",
        "rollup_report_col_mean": "Mean",
        "rollup_report_col_weighted": "Weighted mean",
        "rollup_report_col_completeness": "Completeness",
        "rollup_report_heat": "Below this level, pillar by pillar",
        "rollup_report_heat_note": "Each row is an area below (its median) or a unit (its own score), 0 to 4; darker is lower. An empty cell has no figure (too few units, hidden so that a neighbour's cannot be worked out, or no score).",
        "rollup_report_differ": "Where units differ most",
        "rollup_report_differ_note": "The criteria with the widest middle half of the units' levels: where peers can learn from each other.",
        "rollup_report_col_criterion": "Criterion",
        "rollup_report_col_title": "Title",
        "rollup_report_col_range": "Lowest–highest",
        "rollup_report_col_area": "Area or unit",
        "rollup_report_progress": "Since the earlier round",
        "rollup_report_col_before": "Earlier round (median)",
        "rollup_report_col_now": "This round (median)",
        "rollup_report_col_change": "Change",
        "rollup_report_method": "How these figures are made",
        "rollup_report_method_units": "Each unit counts with its own scores, as gdi-assess score computes them; an area's figures cover every unit below it.",
        "rollup_report_method_stats": "For each area and pillar: the number of units with a score, their median, the middle half of their scores (25th to 75th percentile), their mean and weighted mean, and completeness (the share of applicable answers that have a score).",
        "rollup_report_method_weighted": "The weighted mean counts each unit by the weight the hierarchy file gives it (a population, say).",
        "rollup_report_method_unweighted": "The hierarchy file gives no weights: the weighted mean is the mean.",
        "rollup_report_method_small": "An area with fewer than {min} units answered, and a pillar or criterion fewer than {min} units scored, shows no figures of its own; the page of such an area does not list its units' scores either.",
        "rollup_report_method_ranked": "Ranks were asked for: the heatmap lists areas and units from the highest overall score down.",
        "rollup_report_method_unranked": "Nothing is ranked: the heatmap lists areas and units by name.",
        "rollup_report_radar_median": "Median of the units",
        "rollup_report_radar_band": "Middle half of the units",
        "rollup_report_radar_alt": "Radar chart of {area} ({n} units answered), the units' median score per pillar on a scale of 0 to 4 with the middle half of the units as a band: {values}.",
        "rollup_report_heat_alt": "Heatmap of {rows} areas or units below {area} by {pillars} pillars, each cell a score from 0 to 4 printed in it; the same figures are in the table of the roll-up's files.",
        "rollup_report_no_figures": "no figures",
        "rollup_report_page": "Page",
        "rollup_report_more": "and {n} more (all of them in units.csv and areas.csv)",
        "rollup_report_colophon": "Made with the GDI self-assessment toolkit. The sample data in this toolkit is fictional.",
        "error_rollup_peer_file": "{path}: a peer file is written as CSV, so its name must end in .csv",
        "peers_title": "Beside your peers",
        "peers_intro": "Your pillar scores beside those of up to {n} peers ({source}): other units of the same campaign, shown without their names.",
        "peers_summary": "Among your peers you stand highest in {best} (percentile {best_pct}) and lowest in {worst} (percentile {worst_pct}). A percentile of 50 is the middle of the peers; 90 means that nine in ten of them score lower.",
        "peers_too_few": "Fewer than {min} peers have a score in each pillar, so no peer figures are shown.",
        "peers_series_own": "Your score",
        "peers_series_median": "Peers' median",
        "peers_alt": "Dot chart of each pillar's score on a scale of 0 to 4, yours and the peers' median: {values}.",
        "peers_caption": "Each row is a pillar: your score and the median of your peers, from 0 to 4.",
        "peers_table": "Your pillars beside your peers",
        "peers_col_pillar": "Pillar",
        "peers_col_own": "Your score",
        "peers_col_median": "Peers' median",
        "peers_col_n": "Peers with a score",
        "peers_col_percentile": "Your percentile",
        "error_batch_nothing": "no assessment file in {inputs}: give .json files or folders that hold them",
        "error_batch_baseline": "--baseline is for one assessment; with several, each is compared with the earlier rounds of the same unit found among them",
        "error_batch_bug": "an unexpected error (please report it): {error}",
        "batch_summary": "reports: {written} of {total} written, {failed} failed ({seconds} s, {jobs} at once)",
        "batch_renamed": "{file}: its report would take the name of another input's report; written as {name}",
        "batch_failed_line": "not written: {file}: {reason}",
        "figures_toggle": "Indicator figures",
        "figures_intro": "Type the latest figure you have for each indicator, the year it is for and where it comes from. It is saved once all three are filled in; empty the boxes to remove it.",
        "figures_read_only": "Figures the facilitator recorded for this criterion:",
        "figures_none": "No figure recorded yet: add one to hold your rating against the evidence.",
        "figures_count": "Figures recorded: {n}.",
        "figures_suggest": "The figures suggest {level}.",
        "figures_context": "They suggest no level here: they are context only.",
        "figures_some_stale": "Some are {years} or more years old.",
        "figures_divergent": "Your rating, {rated}, is far from what the figures suggest, {suggested} (levels apart: {difference}). Check the rating, or the figures.",
        "figure_value": "Figure for {indicator}",
        "figure_value_plain": "Figure",
        "figure_out_of_range": "Not saved: {value} cannot be a figure in {unit}. Give one from {low} to {high}.",
        "figure_below": "Not saved: {value} cannot be a figure in {unit}. Give {low} or more.",
        "figure_year": "Year",
        "figure_source": "Source",
        "figure_source_placeholder": "who publishes it, or the document",
        "figure_remove": "Remove",
        "figure_remove_hint": "Remove the figure recorded for {indicator}",
        "figure_suggests": "This figure suggests {level}.",
        "figure_not_for_kind": "Context only: these thresholds judge countries, not one organisation.",
        "figure_no_thresholds": "Context only: this indicator has no thresholds.",
        "figure_stale": "Old figure (for {year}): look for a newer one.",
        "figure_need_value": "Not saved yet: type the figure.",
        "figure_bad_value": "Not saved: “{value}” is not a number. Type the figure alone, for example 45.3.",
        "figure_need_year": "Not saved yet: type the year the figure is for.",
        "figure_bad_year": "Not saved: “{year}” is not a year. Type a whole year from {first} to {last}.",
        "figure_need_source": "Not saved yet: say where the figure comes from.",
        "figure_bad_source": "Not saved: the source holds a character that cannot be kept. Type it again.",
        "figure_not_saved": "A figure is not saved yet: see the message under it.",
        "evidence_links": "Links in your evidence:",
        "mode_label": "Show",
        "mode_list": "All criteria",
        "mode_single": "One at a time",
        "position": "{n} of {total}",
        "nav_next": "Next",
        "nav_previous": "Previous",
        "nav_unanswered": "Next without an answer",
        "nav_all_done": "Every criterion shown has an answer.",
        "summary_pillar": "Pillar {id}: {score} (target {target})",
        "summary_show": "Show chart and table",
        "summary_hide": "Hide chart and table",
        "summary_label": "Summary of your answers",
        "start_title": "Self-assessment",
        "start_intro": "Continue an assessment you started, start a new one, or open a file. Nothing here needs any code.",
        "start_continue": "Continue where you left off",
        "start_continue_button": "Continue",
        "start_no_recent": "No assessment was opened on this computer yet.",
        "start_recent_line": "{entity} ({kind}): {done} of {total} answered, saved {when} · {file}",
        "start_new": "Start a new assessment",
        "start_entity": "Name of the country or organisation",
        "start_entity_hint": "e.g. Ministry of Digital Affairs",
        "start_kind": "It is",
        "start_kind_country": "a country (national government)",
        "start_kind_organisation": "an organisation",
        "start_country": "Country code (ISO, two letters)",
        "start_rubric": "Rubric",
        "start_length": "Form",
        "start_full": "Full (every criterion)",
        "start_short": "Short (core criteria)",
        "start_create": "Create and start scoring",
        "start_open_heading": "Open an assessment file",
        "start_open_intro": "A file someone sent you, or one in this folder (.json).",
        "start_file": "File",
        "start_open": "Open",
        "start_switch": "Choose another assessment",
        "start_continuing": "Scoring {entity} · saved in {file}",
        "start_missing": "{file}: no such file. Check the name, or start a new assessment above.",
        "start_suggestions": "{n} criteria show a suggested level from your earlier assessment ({file}) against the other GDI text; choose “Use this level” where it fits.",
        "start_suggestions_one": "One criterion shows a suggested level from your earlier assessment ({file}) against the other GDI text; choose “Use this level” if it fits.",
        "start_cannot_open": "The last assessment, {file}, could not be opened ({error}). Choose another below.",
        "start_no_folder": "{folder}: this folder does not exist; new assessments are saved in the notebook's folder.",
        "start_need_file": "Type the name of the file to open, e.g. my-assessment.json.",
        "start_need_entity": "Give the name of the country or organisation you are assessing.",
        "start_need_country": "“{code}” is not a two-letter ISO country code; use e.g. KE, BR, VN (XE for the fictional sample country).",
        # -- reports ---------------------------------------------------------------------------
        "report_title": "Gap report: {entity}",
        "report_author": "GDI self-assessment toolkit",
        "report_levels": "levels to close",
        "report_disputed_mark": "(disputed)",
        "report_data_table_radar": "Data table of the other lines in the chart:",
        "report_spread_low": "Spread, lower quartile",
        "report_spread_high": "Spread, upper quartile",
        "report_contents": "Contents",
        "report_skip": "Skip to the summary",
        "report_subtitle": "Self-assessment against the {source} ({year})",
        "report_kind_country": "Country (national government)",
        "report_kind_organisation": "Organisation",
        "report_cover_entity": "Assessed",
        "report_cover_kind": "Type",
        "report_cover_country": "Country code",
        "report_cover_sector": "Sector",
        "report_cover_date": "Date of assessment",
        "report_cover_rubric_value": "{title}, version {version}",
        "report_cover_round": "Round",
        "report_cover_rubric": "Rubric",
        "report_cover_respondents": "Respondents",
        "report_cover_generated": "Report produced with the GDI self-assessment toolkit {version}",
        "report_summary": "Summary",
        "report_summary_overall": "Overall, {entity} stands at {percent:.0f} % ({score:.2f} of 4) against a target of {target:.2f}: a gap of {gap:.2f} levels. {complete:.0f} % of the applicable criteria have a score.",
        "report_summary_strongest": "Strongest pillar: {pillar} ({score:.2f}).",
        "report_summary_weakest": "Weakest pillar: {pillar} ({score:.2f}).",
        "report_summary_only_pillar": "Only one pillar has a score: {pillar} ({score:.2f}). The strongest and the weakest pillar are named once two or more pillars have a score.",
        "report_summary_level": "The {n} pillars with a score are level, all at {score:.2f}: none is stronger or weaker than another.",
        "report_summary_strongest_tied": "Strongest pillars, level at {score:.2f}: {pillars}.",
        "report_summary_weakest_tied": "Weakest pillars, level at {score:.2f}: {pillars}.",
        "report_links": "Links",
        "report_summary_baseline": "Since the {round} of {date}, the overall score moved from {before:.2f} to {after:.2f} ({delta:+.2f}).",
        "report_priorities": "What to do next",
        "report_priorities_intro": "The largest gaps, weighted by importance. Each next step describes the next level to reach.",
        "report_no_priorities": "No criterion is below its target.",
        "report_next_step": "Next step (level {level}, {label})",
        "report_next_step_top": "Next step",
        "report_export_pdf": "Export PDF",
        "report_export_html": "Export HTML",
        "report_export_tip": "Write the gap report to the reports folder and show a link to it",
        "report_export_busy": "Writing the report…",
        "report_export_done": "Saved:",
        "report_export_failed": "The report could not be written ({error}). Please report this problem.",
        "report_priority_line": "Current {current}, target {target}: a gap of {gap}.",
        "report_radar": "Where {entity} stands",
        "report_radar_interval": "The shaded band is each pillar's 90 % interval: how sure its score is.",
        "report_radar_caption": "Pillar scores (0 = Not started, 4 = Leading): {series}.",
        "report_spread": "spread between respondents",
        "report_pillar_table": "Scores by pillar",
        "report_pillar": "Pillar",
        "report_score": "Score",
        "report_percent": "%",
        "report_target": "Target",
        "report_gap": "Gap",
        "report_complete": "Complete",
        "report_na": "N/A",
        "report_overall": "Overall",
        "report_pillars": "Pillar by pillar",
        "report_gap_chart_caption": "Criteria of pillar {pillar}, largest priority first: current level (bar) and target (diamond).",
        "report_criterion": "Criterion",
        "report_current": "Current",
        "report_confidence": "Confidence",
        "report_evidence": "Evidence",
        "report_status_not-applicable": "Not applicable",
        "report_status_dont-know": "Don't know",
        "report_status_unanswered": "No answer",
        "report_not_applicable": "Criteria judged not applicable",
        "report_none": "None.",
        "report_reason": "Reason",
        "report_method": "Method",
        "report_method_scale": "Each criterion is scored on five levels: 0 Not started, 1 Initial, 2 Developing, 3 Established, 4 Leading. Each level has a description specific to the criterion in the rubric.",
        "report_method_aggregation": "Several respondents' levels are combined by their {method}. A criterion is not applicable when more respondents marked it so than gave a level; it then counts neither for nor against. Don't know and unanswered criteria have no score: they lower completeness, never the score.",
        "report_method_rollup": "Commitment scores are weighted means of their criteria; pillar scores are weighted means of their commitments; the overall score is the weighted mean of the pillars. Percent = score / 4 x 100. Targets are averaged over the same criteria, so a gap compares like with like.",
        "report_method_priority": "Priorities rank criteria by gap x weight; ties go to the larger gap, then the lower current level, then short-form criteria, then rubric order.",
        "report_method_weights": "Weights other than 1: {weights}.",
        "report_method_weights_none": "All weights are 1.",
        "report_method_baseline_version": (
            "The baseline round was scored with version {version} of the rubric, the version it "
            "was made with, and this round with version {current}; pillar scores are compared, "
            "and criteria that changed between the versions are listed in the rubric's changelog."
        ),
        "report_method_disagreement": "A criterion is flagged as disputed when respondents' interquartile range is at least {iqr:g} or their levels span at least {range:g}.",
        "report_appendix": "Appendix: every response",
        "report_glossary": "Glossary",
        "report_respondent": "Respondent",
        "report_level": "Level",
        "report_notes": "Notes",
        "report_answered": "Answered",
        "report_data_table": "Data table",
        "report_fictional": "This report uses fictional sample data.",
        "report_page": "Page",
        "report_stakeholders": "Stakeholders",
        "report_stakeholders_intro": "{n} people took part. Their answers are combined by the median for each criterion; where the group recorded a consensus, the agreed level replaces the median.",
        "report_participation": "Participation by stakeholder group",
        "report_group": "Stakeholder group",
        "report_people": "People",
        "report_small_groups": "Groups of fewer than {n}, together",
        "report_answers": "Answers",
        "report_disputed": "Where people disagreed most",
        "report_median": "Median",
        "report_iqr": "IQR",
        "report_range": "Range",
        "report_agreed": "Agreed",
        "report_groups": "Stakeholder groups compared (pillar scores)",
        "report_spread_groups": "Spread",
        "report_pattern": "Groups",
        "report_pattern_converge": "converge",
        "report_pattern_diverge": "diverge",
        "report_pattern_mixed": "mixed",
        "report_suppressed": "Not shown separately, so that no group of fewer than 3 people can be seen or worked out from the totals (their answers count in every total): {groups}.",
        "ws_suppressed": "Not shown separately (fewer than 3 people, or hidden so that a smaller group cannot be worked out from the totals): {groups}.",
        "report_groups_none": "No stakeholder group has 3 or more people, so groups are not compared.",
        "report_consensus": "Consensus recorded by the workshop",
        "report_rationale": "Rationale",
        "report_no_score": "–",
        # -- workshops ------------------------------------------------------------------------------
        "ws_intro": "Score {entity} against the commitments, from where you stand. Each answer is saved as you give it; you can close this page and come back on the same device.",
        "ws_name": "Your name (optional)",
        "ws_name_hint": "Leave empty to take part anonymously",
        "ws_group": "Your stakeholder group",
        "ws_start": "Start scoring",
        "ws_start_hint": "Choose your stakeholder group first; then Start scoring can be pressed.",
        "ws_privacy": "Your name is seen only by the facilitator; reports show stakeholder groups, never names, unless the workshop agrees otherwise. Groups with fewer than 3 people are not shown separately.",
        "ws_loading": "Loading…",
        "ws_joined": "You are taking part as: {group}. Your answers are saved as you give them.",
        "ws_welcome_back": "Welcome back ({group}). Your earlier answers are below; carry on where you left off.",
        "ws_resume_code": "Your resume code is {code}. Write it down: with it you can continue on another device.",
        "ws_code_heading": "Already started on another device?",
        "ws_code": "Resume code",
        "ws_code_hint": "For example K7QM-4XPA",
        "ws_code_button": "Continue",
        "ws_code_wrong": "That resume code was not found. Check it letter by letter, or join as a new participant.",
        # -- paper workbook -------------------------------------------------------------------------
        "workbook_title": "Scoring workbook: {rubric}",
        "workbook_who": "Usually answered by: {units}",
        "workbook_no_unit": "No criterion of {rubric} names “{unit}” as who answers; the units named are: {units}",
        "workbook_terms_label": "Terms (see the glossary at the end):",
        "workbook_glossary_title": "Glossary",
        "workbook_kind_country": "For countries (national government)",
        "workbook_kind_organisation": "For organisations",
        "workbook_rubric": "Rubric {id}, version {version}",
        "workbook_source": "Based on the {source} ({year})",
        "workbook_short_form": "Short form (core criteria only)",
        "workbook_full_form": "Full form (all criteria)",
        "workbook_count": "{n} criteria in {pillars} pillars",
        "workbook_about_you": "About you",
        "workbook_name": "Your name (optional)",
        "workbook_entity": "Country or organisation",
        "workbook_group": "Stakeholder group (tick one)",
        "workbook_group_government": "Government",
        "workbook_group_business": "Business",
        "workbook_group_civil_society": "Civil society",
        "workbook_group_academia": "Academia",
        "workbook_group_technical": "Technical community",
        "workbook_group_other": "Other:",
        "workbook_date": "Date",
        "workbook_facilitator": "For the facilitator: respondent id",
        "workbook_how": "How to fill in this workbook",
        "workbook_step_read": "For each criterion, read the question and the five level descriptions.",
        "workbook_step_tick": "Tick exactly one box: the level from 0 to 4 that best describes the situation today.",
        "workbook_step_na": "If the criterion does not apply to you, tick “Not applicable” and write why on the line next to it.",
        "workbook_step_dk": "If you do not know, tick “Don't know”. This is a useful answer: please do not guess.",
        "workbook_step_target": "Optional: under “Target level”, tick the level you aim to reach.",
        "workbook_step_evidence": "Under “Evidence and notes”, write the documents, data or links that show the level you chose, and anything else the group should know.",
        "workbook_step_return": "Give the workbook back to the facilitator. They type the answers into a spreadsheet, with the criterion ids printed in this workbook (for example {example}) as column names, and load it with the toolkit's importer.",
        "workbook_facilitator_title": "For the facilitator",
        "workbook_facilitator_note": "Type the answers into a spreadsheet with one row per workbook: a column “respondent” (the id in the box above), “name”, “group”, then one column per criterion id (such as {example}) holding 0 to 4, N/A or Don't know. Add columns such as “{example} target”, “{example} reason” and “{example} evidence” where people wrote them. Import the file (CSV or XLSX) with the toolkit's survey importer.",
        "workbook_levels_title": "The five levels",
        "workbook_tick": "Tick",
        "workbook_level": "Level",
        "workbook_description": "What it looks like",
        "workbook_na_reason": "Why:",
        "workbook_target": "Target level (optional):",
        "workbook_evidence": "Evidence and notes",
        "workbook_look_for": "What to look for: {evidence}",
        "workbook_guidance": "Note: {guidance}",
        "workbook_respondent_header": "Name or respondent id:",
        "workbook_no_criteria": "No criteria to print: rubric {rubric} has no criteria for {kind}.",
        "workbook_no_core_criteria": "No criteria to print: rubric {rubric} has no core criteria for {kind}; leave out the short-form option to print them all.",
        "workbook_bad_kind": "kind {kind!r} is not valid; use one of: {valid}",
        "workbook_bad_lang": "language {lang!r} is not valid; use a language tag such as en, fr, ar, zh or en-GB",
        # -- progress over time: several rounds compared (assessment/rounds.py, gdi-assess compare) --
        "rounds_heading": "Progress of {entity} ({kind}) on rubric {rubric}",
        "rounds_round_line": "Round {number}: {name}, {date}, rubric version {version} ({source})",
        "rounds_col_change": "Change",
        "rounds_col_change_first": "Since first",
        "rounds_col_change_previous": "Since previous",
        "rounds_col_criterion": "Criterion",
        "rounds_col_before": "Before",
        "rounds_col_after": "After",
        "rounds_col_effect": "Effect on overall",
        "rounds_moved_heading": "What moved the overall score from {before} to {after} ({old} to {new}, {change}):",
        "rounds_rises": "Raised it most:",
        "rounds_falls": "Lowered it most:",
        "rounds_no_rises": "no criterion's level rose",
        "rounds_no_falls": "no criterion's level fell",
        "rounds_effect_rule": "Effect on overall = the change in level x the criterion's share of the overall score (its weight within its commitment, the commitment's within its pillar, the pillar's within the whole, among those scored). When the same criteria are scored in both rounds, the effects add up to the overall change.",
        "rounds_remainder": "Not explained by any criterion's change: {value} (criteria scored in only one of the two rounds, criteria that changed meaning, or shares that moved with them)",
        "rounds_not_comparable": "Not comparable (the question or its levels changed between the two versions of the rubric): {ids}",
        "rounds_before_only": "Scored in the earlier round only: {ids}",
        "rounds_after_only": "Scored in the later round only: {ids}",
        "rounds_error_too_few": "a comparison needs two or more rounds of an assessment; {n} given",
        "rounds_error_same_date": "{first} and {second} are both dated {date}; each round of an assessment needs its own date: check the date in each file, or leave one of them out",
        "method_median": "median",
        "method_mean": "mean",
        # -- outside frameworks: SDG targets, GDC objectives, WSIS action lines (assessment/frameworks.py)
        "framework_name_sdg": "SDG targets",
        "framework_name_gdc": "Global Digital Compact objectives and sections",
        "framework_name_wsis": "WSIS action lines",
        "framework_heading": "{name} that the criteria serve (source: {source})",
        "framework_col_sdg": "Target",
        "framework_col_gdc": "Objective or section",
        "framework_col_wsis": "Action line",
        "framework_col_mean": "Mean 0-4",
        "framework_col_scored": "Scored",
        "framework_col_open": "Open",
        "framework_legend": "Mean: the plain mean of the scored criteria (0-4), each criterion counted once; Gap: their mean target minus that mean. Open: unanswered or “don't know”. Under each row: the criteria that serve it, each with its score, N/A, or – while it is open; a criterion may serve several rows.",
        "framework_empty": "None of the criteria this assessment asks is mapped to {name}, so there is nothing to show.",
        "framework_wrote": "wrote {path}: {name} ({rows} in the table)",
        "framework_note_left_out": "note: the framework mapping follows version {current} of {rubric!r}, so these criteria of version {version} are left out: {ids}; `gdi-assess migrate {file} --to {current}` moves the assessment to the current version",
        "framework_error_extension": "{path}: the table is written as CSV or Excel, so the file name must end in {valid} (for example {example})",
        "framework_error_no_mapping": "{path}: there is no framework mapping for rubric {rubric!r}; write one like those in the toolkit's rubrics/frameworks/ folder and give it with --mapping FILE",
        # -- robustness of the pillar ranking under other weightings (assessment/robustness.py) ------
        "robustness_weakest": "{pillar} is the weakest pillar under {share} of plausible weightings.",
        "robustness_weakest_all": "{pillar} is the weakest pillar under every one of the {draws} plausible weightings drawn.",
        "robustness_strongest": "{pillar} is the strongest pillar under {share} of plausible weightings.",
        "robustness_strongest_all": "{pillar} is the strongest pillar under every one of the {draws} plausible weightings drawn.",
        "robustness_all_tied": "No single pillar is the weakest or the strongest: the lowest score and the highest are each shared by two pillars or more.",
        "robustness_heading": "How robust the ranking is: {draws} plausible weightings drawn around the chosen weights (seed {seed}, concentration {concentration})",
        "robustness_col_rank": "Rank",
        "robustness_col_keeps": "Keeps rank",
        "robustness_col_weakest": "Weakest",
        "robustness_col_strongest": "Strongest",
        "robustness_col_range": "Middle 90%",
        "robustness_legend": "Rank 1 is the highest score. Keeps rank, Weakest, Strongest: the share of the weightings under which the pillar keeps its rank, scores lowest, scores highest. Middle 90%: where its score lies under 90% of the weightings.",
        "robustness_no_ranking": "Fewer than two pillars have a score, so there is no ranking to test yet; answer criteria of at least two pillars first.",
        "robustness_error_draws": "--draws {draws}: give a whole number from 1 to 1,000,000",
        "robustness_error_seed": "--seed {seed}: give a whole number, 0 or more",
        # -- reality check: self-ratings beside indicator figures (assessment/reality.py, gdi-assess indicators)
        "reality_check_heading": "Reality check: each self-rating beside the indicator figures recorded for its criterion (divergent: {divergence} or more levels from the level the figures suggest; stale: a figure {stale} or more years older than the assessment)",
        "reality_rule": "Level: the level the rubric's thresholds give the figure. Suggested: for the criterion, the median of the levels its figures give, rounded down. Self-rated: the criterion's score in the assessment.",
        "reality_organisation": "The thresholds judge national figures, so they suggest no level for an organisation: its figures are shown as context only. An indicator whose thresholds are meant for organisations (such as a city's Local Online Service Index) still suggests one.",
        "reality_none_recorded": "No indicator figures are recorded yet. Add them from a file with: gdi-assess indicators {assessment} VALUES.csv",
        "reality_missing_heading": "To look up ({n}): indicators whose thresholds would suggest a level, with no figure recorded yet",
        "reality_missing_line": "  {criterion}  {code} ({unit}; {source})",
        "reality_col_criterion": "Criterion",
        "reality_col_indicator": "Indicator",
        "reality_col_value": "Value",
        "reality_col_year": "Year",
        "reality_col_level": "Level",
        "reality_col_suggested": "Suggested",
        "reality_col_self": "Self-rated",
        "reality_col_flags": "Flags",
        "reality_flag_divergent": "divergent",
        "reality_flag_stale": "stale",
        "reality_note_no_thresholds": "no thresholds",
        "reality_note_not_for_kind": "national figure: context only",
        "reality_layout_long": "long table",
        "reality_layout_wdi": "World Bank (World Development Indicators)",
        "reality_layout_itu": "ITU DataHub",
        "reality_read": "read {file} ({layout}): figures: {n}",
        "reality_read_for": "read {file} ({layout}): figures for {country}: {n}",
        "reality_encoding": "  (the file was read as {encoding}, not UTF-8)",
        "reality_added": "added ({n}):",
        "reality_updated": "updated ({n}):",
        "reality_unchanged": "unchanged ({n}): figures already recorded as the file gives them",
        "reality_ignored": "left out ({n}):",
        "reality_value_line": "  {criterion}  {code}: {value} ({year}; {source})",
        "reality_was": "; was {value} ({year})",
        "reality_ignored_series_unknown": "  series {series} ({name}): no indicator of the rubrics is known to be measured by it",
        "reality_ignored_series_unused": "  series {series} ({code}): rubric {rubric} does not use this indicator",
        "reality_ignored_no_data": "  series {series} ({name}): no figure for this country in the file",
        "reality_ignored_none_up_to_year_max": "  series {series} ({name}): no figure up to {year_max} (--year-max)",
        "reality_ignored_after_year_max": "  row {row}: the figure is for {year}, after --year-max {year_max}",
        "reality_ignored_other_countries": "  figures for other countries or areas ({n}): {countries}",
        "reality_ignored_breakdown": "  {criterion}  {code}: this criterion asks for a breakdown ({unit}), not the national total the file gives; to record one, give it in a long table with the criterion",
        "reality_ignored_not_for_kind": "  {code}: only criteria not asked of an entity of this kind ({kind}) list it: {criteria}",
        "reality_ignored_older_row": "  row {row}: {criterion} {code} for {year} is older than row {newer} ({newer_year}), which is kept",
        "reality_ignored_older_than_recorded": "  {criterion}  {code}: the file's figure is for {year}; the assessment already holds {recorded} for {recorded_year}, which is kept",
        "reality_ignored_after_assessment": "  row {row}: {criterion} {code} is for {year}, after the assessment's date ({date}): left out",
        "reality_saved": "saved into {path}: {n} indicator figures recorded in all",
        "reality_nothing_changed": "nothing new for {path}; it is left as it was",
        "reality_error_several_countries": "{file} holds figures for {n} countries or areas: {countries}; choose one with --country, for example --country {example}",
        "reality_error_country_not_found": "--country {country}: {file} holds no figures for it; it holds: {countries}",
        "reality_error_other_country": "{file} holds figures for {country}, but the assessment is of {entity} ({entity_country}); to record them anyway, add --country {code}",
        "reality_error_output_exists": "{path}: already exists, and saving would replace it; choose another file name, or leave out -o to save into {assessment} itself",
        "reality_error_stale_after": "--stale-after {value}: give a number of years from 1 to 50",
        "reality_rules_saved": "saved the reality check's rules into {path}",
        "reality_error_output_without_values": "-o is for saving figures read from a file: give the VALUES file after the assessment",
        "reality_error_output_workshop": "-o is for assessment files: the figures of a workshop are kept in the workshop file itself ({workshop}). Leave out -o.",
        "reality_error_year_max": "--year-max {year}: give a year from {first} to {last}",
        "reality_error_layout": "layout {layout!r} is not one of: {valid}",
        "reality_error_is_folder": "{path}: is a folder; give the path of a CSV file of indicator figures",
        # -- from gaps to a plan: steps in an order that respects prerequisites (assessment/plan.py)
        "plan_heading": "Plan: {steps} steps to reach the targets ({quick} quick wins, {structural} structural, {roots} root causes)",
        "plan_rule": "No step comes before a step it depends on; otherwise the most urgent come first (priority = gap x weight).",
        "plan_nothing": "Nothing to plan: every criterion with a score is at or above its target.",
        "plan_nothing_scored": "Nothing to plan yet: no criterion has a score, so no gap is known.",
        "plan_to_check": "To check first: these have no score yet, but steps of the plan depend on them.",
        "plan_to_check_line": "{criterion} {title} ({status}); waiting: {steps}",
        "plan_status_unanswered": "not answered",
        "plan_status_dont_know": "don't know",
        "plan_status_not_asked": "not on the short form",
        "plan_next": "next: level {level} – {label}: {step}",
        "plan_answered_by": "answered by: {units}",
        "plan_owner_due": "owner: {owner}; due: {due}",
        "plan_root_cause": "{n} (root cause)",
        "plan_legend": "Quick win: one level or less from the target, waiting for no other step. Structural: a larger gap, or waiting for other steps first. Blocks: how many other steps wait for this one, directly or through others; two or more make it a root cause.",
        "plan_kind_quick_win": "quick win",
        "plan_kind_structural": "structural",
        "plan_col_step": "Step",
        "plan_col_criterion": "Criterion",
        "plan_col_title": "Title",
        "plan_col_pillar": "Pillar",
        "plan_col_current": "Now",
        "plan_col_target": "Target",
        "plan_col_gap": "Gap",
        "plan_col_priority": "Priority",
        "plan_col_next_level": "Next level",
        "plan_col_next_step": "Next step",
        "plan_col_kind": "Kind",
        "plan_col_waits_for": "Waits for",
        "plan_col_check_first": "Check first",
        "plan_col_blocks": "Blocks",
        "plan_col_answered_by": "Answered by",
        "plan_col_owner": "Owner",
        "plan_col_due": "Due date",
        "plan_col_note": "Note",
        "plan_editor_intro": "Who takes each step, and by when? Fill in an owner, a due date and a note where useful: each change is saved in the assessment file, and the report's plan section shows them.",
        "plan_editor_saved": "✔ Saved {time}. Steps with an owner, due date or note: {n}.",
        "plan_editor_reloaded": "Reloaded: the plan as the file holds it now.",
        "plan_editor_more": "Show all the steps (all: {n})",
        "plan_wrote": "wrote {path}: {steps} steps. Fill in the Owner, Due date and Note columns, then save them into the assessment with: gdi-assess plan {assessment} --import {path}",
        "plan_imported": "saved the plan of {file} into {assessment}: {saved} steps with an owner, due date or note, {cleared} cleared, {unchanged} unchanged",
        "plan_ignored": "not read (only Criterion, Owner, Due date and Note are): {columns}",
        "plan_error_extension": "{path}: a plan is written as CSV or Excel, so the file name must end in {valid} (for example {example})",
        "plan_error_import_extension": "{path}: a plan is read from CSV or Excel, so the file name must end in {valid}",
        "plan_error_exists": "{path}: already exists (owners and dates filled in there would be lost); save them with --import {path}, choose another name, or add --force to replace it",
    },
}

#: Messages whose words change with a count ``{n}``: English (singular, plural). Each language's
#: catalogue holds as many forms as its plural rule has (Russian three, Arabic six, Chinese one).
PLURAL_TEXT: dict[str, tuple[str, str]] = {
    "rollup_suppressed": (
        "{n} area has fewer than {min} units answered and shows no figures of its own",
        "{n} areas have fewer than {min} units answered and show no figures of their own",
    ),
    "rollup_secondary": (
        "{n} more area shows no figures of its own, so that a hidden neighbour's cannot be worked out from the totals",
        "{n} more areas show no figures of their own, so that a hidden neighbour's cannot be worked out from the totals",
    ),
    "answers_count": ("{n} answer", "{n} answers"),
    "cli_coverage_criteria": ("{n} criterion:", "{n} criteria:"),
    "problems_found": ("{source}: {n} problem found", "{source}: {n} problems found"),
    "problems_in_rubric": (
        "{source}: {n} problem in this rubric",
        "{source}: {n} problems in this rubric",
    ),
    "problems_in_assessment": (
        "{source}: {n} problem in this assessment",
        "{source}: {n} problems in this assessment",
    ),
    "problems_nothing_imported": (
        "{source}: {n} problem; nothing was imported",
        "{source}: {n} problems; nothing was imported",
    ),
    "problems_in_crosswalk": (
        "{source}: {n} problem in this crosswalk",
        "{source}: {n} problems in this crosswalk",
    ),
    "report_left_out": (
        "left out: the confidential evidence of {n} answer (add --include-confidential to show it)",
        "left out: the confidential evidence of {n} answers (add --include-confidential to show it)",
    ),
    "export_left_out": (
        "left out: the confidential evidence of {n} answer (add --include-confidential to export it)",
        "left out: the confidential evidence of {n} answers (add --include-confidential to export it)",
    ),
    "import_kept": (
        "kept the confidential evidence of {n} answer already in the assessment (the file left it out)",
        "kept the confidential evidence of {n} answers already in the assessment (the file left it out)",
    ),
    "criteria_to_answer": ("{n} criterion to answer", "{n} criteria to answer"),
}

#: The six official languages of the United Nations, each with a complete catalogue.
LANGUAGES: tuple[str, ...] = ("en", "ar", "es", "fr", "ru", "zh")

#: Each language by its own name, for a language chooser.
LANGUAGE_NAMES: Mapping[str, str] = {
    "en": "English",
    "ar": "العربية",
    "es": "Español",
    "fr": "Français",
    "ru": "Русский",
    "zh": "中文",
}

#: Languages written right to left (by their base tag).
_RTL = frozenset({"ar", "fa", "he", "ur", "ps", "dv", "yi"})

#: tag -> (name in its own words, direction): the languages a translator has added, beyond the
#: six (read by the storage shell from ``locale/languages.yaml``)
LanguageTable = Callable[[], Mapping[str, tuple[str, str]]]
_language_table: LanguageTable | None = None


def set_language_table(table: LanguageTable | None) -> None:
    """Install the function that lists the languages catalogues exist for (the storage shell's)."""
    global _language_table
    _language_table = table


def _table() -> Mapping[str, tuple[str, str]]:
    return _language_table() if _language_table is not None else {}


def available_languages() -> tuple[str, ...]:
    """The six UN languages, then any language a translator has added (``languages.yaml``)."""
    return LANGUAGES + tuple(tag for tag in _table() if tag not in LANGUAGES)


#: a stakeholder group of the toolkit -> the interface text of its name (the workbook's words)
GROUP_KEYS: Mapping[str, str] = {
    "Government": "workbook_group_government",
    "Business": "workbook_group_business",
    "Civil society": "workbook_group_civil_society",
    "Academia": "workbook_group_academia",
    "Technical community": "workbook_group_technical",
    "Other": "workbook_group_other",
}


def group_name(group: str, lang: str) -> str:
    """A stakeholder group's name as ``lang`` shows it (the workbook's words); any other group
    as it is written."""
    key = GROUP_KEYS.get(group)
    return ui_text(key, lang).rstrip(":：").strip() if key else group


def language_name(lang: str) -> str:
    """A language's name in its own words, for a language chooser."""
    if lang in LANGUAGE_NAMES:
        return LANGUAGE_NAMES[lang]
    return _table().get(lang, (lang, "ltr"))[0]


#: lang -> (translations of the interface, status of the translation: draft | reviewed | source);
#: a plural message's translation is the tuple of its forms
Provider = Callable[[str], tuple[Mapping[str, Any], str]]
_provider: Provider | None = None
_loaded: dict[str, tuple[Mapping[str, Any], str]] = {}


def set_catalogue_provider(provider: Provider | None) -> None:
    """Install the function that reads a language's catalogue (the storage shell's)."""
    global _provider
    _provider = provider
    _loaded.clear()


def base_language(lang: str) -> str:
    """``"fr"`` for ``"fr-CA"`` or ``"fr_FR"``: the language without region or script."""
    return re.split(r"[-_]", lang or "en", maxsplit=1)[0].lower()


def _catalogue(lang: str) -> tuple[Mapping[str, Any], str]:
    if lang not in _loaded:
        if base_language(lang) == "en" or _provider is None:
            _loaded[lang] = ({}, "source")
        else:
            _loaded[lang] = _provider(lang)
    return _loaded[lang]


def ui_text(key: str, lang: str = "en", /, **values: object) -> str:
    """The interface text for ``key`` in ``lang`` (English when missing), with ``values`` filled in.

    Numbers among ``values`` are written as ``lang``'s locale writes them (``1,51`` in French), with
    the template's own format spec (``{score:.2f}``) deciding the decimals.
    """
    found = _catalogue(lang)[0].get(key)
    template = found if isinstance(found, str) and found else UI_TEXT["en"][key]
    if not values:
        return template
    return template.format(**{k: _localised(v, lang) for k, v in values.items()})


def catalogue_text(context: str, lang: str) -> str | None:
    """The translation of the message with ``context`` in ``lang``'s interface catalogue (the
    problem catalogue's ``problem/<code>/message`` and ``/hint`` among them), or None."""
    found = _catalogue(lang)[0].get(context)
    return found if isinstance(found, str) and found else None


@functools.lru_cache(maxsize=32)
def plural_index(lang: str) -> Callable[[int], int]:
    """The gettext plural rule of ``lang`` (CLDR data through Babel): count -> form index."""
    import gettext

    from babel.messages.plurals import get_plural

    try:
        rule = get_plural(babel_locale(lang)[0])
    except Exception:  # noqa: BLE001 - an unknown locale: English's two forms
        return lambda n: 0 if n == 1 else 1
    return gettext.c2py(rule.plural_expr)


def ui_plural(key: str, n: int, lang: str = "en", /, **values: object) -> str:
    """The message ``key`` of :data:`PLURAL_TEXT` in the form ``lang`` uses for ``n``."""
    forms = _catalogue(lang)[0].get(key)
    if isinstance(forms, tuple) and forms and all(forms):
        index = plural_index(lang)(n)
        template = forms[min(index, len(forms) - 1)]
    else:
        singular, plural = PLURAL_TEXT[key]
        template = singular if n == 1 else plural
    return fill(template, lang, n=n, **values)


def fill(template: str, lang: str, /, **values: object) -> str:
    """``template`` with ``values`` filled in, numbers written as ``lang`` writes them."""
    return template.format(**{k: _localised(v, lang) for k, v in values.items()})


#: the usual names of a round (as people type them) -> the key of the word the catalogues translate
_ROUND_WORDS = {
    "baseline": "round_baseline",
    "mid-term": "round_midterm",
    "midterm": "round_midterm",
    "midline": "round_midterm",
    "follow-up": "round_followup",
    "followup": "round_followup",
    "endline": "round_endline",
    "final": "round_endline",
}


def round_label(name: str, lang: str = "en") -> str:
    """An assessment round's name in ``lang``: the usual English names (``baseline``,
    ``mid-term``, ``follow-up``, ``endline``) translated, any other name as it was typed."""
    key = _ROUND_WORDS.get(re.sub(r"[\s_]+", "-", name.strip().lower()))
    if key is None or base_language(lang) == "en":
        return name
    return catalogue_text(key, lang) or name


def level_label(level: int, lang: str = "en") -> str:
    """The name of a level on the 0-4 scale in ``lang`` (``Not started`` … ``Leading``)."""
    return ui_text(f"level_name_{level}", lang)


# -- numbers and dates by locale (Babel, CLDR data) ------------------------------------------------


def babel_locale(lang: str) -> tuple[str, str]:
    """The Babel locale and numbering system of a BCP 47 tag: ``fr-CA`` -> (``fr_CA``,
    ``default``); ``ar-u-nu-latn`` (Arabic with Western digits) -> (``ar``, ``latn``)."""
    tag, _, ext = (lang or "en").replace("_", "-").partition("-u-")
    numbering = "default"
    keys = ext.split("-") if ext else []
    for i, key in enumerate(keys[:-1]):
        if key == "nu":
            numbering = keys[i + 1]
    parts = tag.split("-")
    region = next((p.upper() for p in parts[1:] if len(p) == 2 and p.isalpha()), "")
    return (parts[0].lower() + (f"_{region}" if region else "")), numbering


#: digits of the numbering systems a locale may default to (CLDR), for Babel writes Western ones
_DIGITS = {"arab": "٠١٢٣٤٥٦٧٨٩", "arabext": "۰۱۲۳۴۵۶۷۸۹"}


@functools.lru_cache(maxsize=64)
def _numbering(locale: str, asked: str) -> str:
    if asked != "default":
        return asked
    from babel import Locale

    try:
        return str(Locale.parse(locale).default_numbering_system)
    except Exception:  # noqa: BLE001 - an unknown locale: Western digits
        return "latn"


def _digits(text: str, system: str) -> str:
    digits = _DIGITS.get(system)
    if digits is None:
        return text
    return text.translate(str.maketrans("0123456789%", digits + "٪"))


def format_number(value: float, lang: str = "en", decimals: int | None = None) -> str:
    """``value`` as ``lang``'s locale writes it, with ``decimals`` digits after the separator:
    its separators and, where the locale data says so (``ar-EG``), its own digits; a tag such as
    ``ar-u-nu-latn`` asks for Western digits."""
    # a report writes the same few numbers thousands of times (levels such as 2.00): remembered,
    # by type and sign as well as value (0.0 and -0.0 are equal keys otherwise)
    try:
        negative = math.copysign(1.0, value) < 0
    except TypeError:
        return _format_number(value, lang, decimals)
    return _format_remembered(type(value).__name__, value, negative, lang, decimals)


@functools.lru_cache(maxsize=8192)
def _format_remembered(
    _type: str, value: float, _negative: bool, lang: str, decimals: int | None
) -> str:
    return _format_number(value, lang, decimals)


def _format_number(value: float, lang: str, decimals: int | None) -> str:
    from babel.numbers import format_decimal

    locale, asked = babel_locale(lang)
    system = _numbering(locale, asked)
    pattern = None if decimals is None else ("#,##0" + ("." + "0" * decimals if decimals else ""))
    try:
        text = format_decimal(value, pattern, locale=locale, numbering_system=system if system in ("latn", *_DIGITS) else "default")  # fmt: skip
    except Exception:  # noqa: BLE001 - an unknown locale or numbering system: plain digits
        return f"{value:.{decimals}f}" if decimals is not None else str(value)
    return _digits(text, system)


#: what a typed figure may hold once digits and separators are read: digits with one optional
#: decimal point, and a sign
_TYPED_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")
#: thousands groups with one kind of separator: 1,234,567 or 1.234.567
_GROUPED = re.compile(r"[+-]?\d{1,3}([,.])\d{3}(\1\d{3})*")


def _decimal_symbol(lang: str) -> str:
    from babel.numbers import get_decimal_symbol

    try:
        return str(get_decimal_symbol(babel_locale(lang)[0]))
    except Exception:  # noqa: BLE001 - an unknown locale: a point
        return "."


def parse_number(text: str, lang: str = "en") -> float | None:
    """The number a person typed, as ``lang`` writes numbers, or None when it is not one.

    Read generously: Arabic-Indic and Persian digits, the Arabic decimal and thousands signs,
    spaces (and no-break spaces) between thousands, a trailing ``%``; a decimal comma where the
    language writes one (``12,5`` in French), and where a point and a comma both appear, the last
    of them is the decimal sign (``1.234,5``, ``1,234.5``). A lone comma in a language that
    writes a decimal point is read as thousands only when it groups three digits (``1,234``).
    """
    t = text.strip().translate(_TYPED_DIGITS)
    t = re.sub(r"[\s\u00a0\u202f\u066c']", "", t).replace("\u066b", ".").removesuffix("%")
    if not t:
        return None
    if "," in t and "." in t:
        decimal = "," if t.rfind(",") > t.rfind(".") else "."
        t = t.replace("." if decimal == "," else ",", "").replace(",", ".")
    elif "," in t:
        comma_decimal = _decimal_symbol(lang) in (",", "\u066b")
        grouped = _GROUPED.fullmatch(t) is not None
        t = t.replace(",", "") if grouped and not comma_decimal else t.replace(",", ".")
    elif t.count(".") > 1 and _GROUPED.fullmatch(t):
        t = t.replace(".", "")
    if not _TYPED_NUMBER.fullmatch(t):
        return None
    value = float(t)
    return value if abs(value) < float("inf") else None


_TYPED_DIGITS = str.maketrans(
    {
        **{c: str(i) for i, c in enumerate(_DIGITS["arab"])},
        **{c: str(i) for i, c in enumerate(_DIGITS["arabext"])},
        "\u2212": "-",
    }  # fmt: skip
)


def format_share(value: float, lang: str = "en") -> str:
    """A share from 0 to 1 as a whole percentage, as ``lang`` writes it (``41 %``, ``41%``,
    ``٤١٪`` for ``ar-EG``)."""
    from babel.numbers import format_percent

    locale, asked = babel_locale(lang)
    system = _numbering(locale, asked)
    try:
        text = format_percent(value, locale=locale, numbering_system=system if system in ("latn", *_DIGITS) else "default")  # fmt: skip
    except Exception:  # noqa: BLE001
        return f"{value * 100:.0f}%"
    return _digits(text, system)


def format_date(value: dt.date, lang: str = "en") -> str:
    """A date as ``lang`` writes it in full (``30 juin 2026``); ISO 8601 (``2026-06-30``) in
    English, as the toolkit has always printed it."""
    if base_language(lang) == "en":
        return value.isoformat()
    from babel.dates import format_date as babel_date

    locale, asked = babel_locale(lang)
    try:
        return _digits(babel_date(value, "long", locale=locale), _numbering(locale, asked))
    except Exception:  # noqa: BLE001 - an unknown locale: ISO 8601
        return value.isoformat()


class _Number:
    """A number that formats itself in a locale: ``format(_Number(1.5, "fr"), ".2f") == "1,50"``."""

    __slots__ = ("lang", "value")

    def __init__(self, value: float, lang: str) -> None:
        self.value, self.lang = value, lang

    def __format__(self, spec: str) -> str:
        m = re.fullmatch(r"(\+)?\.(\d+)([f%])?", spec)
        if m and m.group(3) == "%":
            return format_share(float(self.value), self.lang)
        if m:
            text = format_number(float(self.value), self.lang, int(m.group(2)))
            return "+" + text if m.group(1) and float(self.value) >= 0 else text
        # "," asks for thousands grouped: the locale's way, as it always groups
        if spec in ("", "d", ",", ",d") and isinstance(self.value, int):
            return format_number(self.value, self.lang)
        if spec == "":
            return format_number(float(self.value), self.lang)
        return format(self.value, spec)

    def __str__(self) -> str:
        return self.__format__("")


def _localised(value: object, lang: str) -> object:
    if base_language(lang) == "en" and "-u-" not in lang:
        return value  # English as before, to the character
    if isinstance(value, bool) or not isinstance(value, int | float):
        return value
    return _Number(value, lang)


def translation_status(lang: str) -> str:
    """``"source"`` for English, else ``"draft"`` or ``"reviewed"`` as the language's catalogue
    records (``"missing"`` when there is none)."""
    return _catalogue(lang)[1]


def direction_of(text: str, default: str = "ltr") -> str:
    """The direction a piece of text is written in, from its first strong character (as
    ``dir="auto"`` decides in HTML): ``rtl`` for Arabic or Hebrew letters, ``ltr`` for Latin,
    Cyrillic or Chinese; ``default`` when it has no letter at all."""
    import unicodedata

    for ch in text:
        kind = unicodedata.bidirectional(ch)
        if kind == "L":
            return "ltr"
        if kind in ("R", "AL"):
            return "rtl"
    return default


def preferred_language(accept_language: str, default: str = "en") -> str:
    """The first language of an HTTP ``Accept-Language`` header (``fr-CH, fr;q=0.9, en;q=0.8``),
    by its weights, that the toolkit speaks; ``default`` when none is."""
    known = available_languages()
    asked: list[tuple[float, int, str]] = []
    for i, part in enumerate(accept_language.split(",")[:20]):
        tag, _, params = part.strip().partition(";")
        weight = 1.0
        if params.strip().startswith("q="):
            try:
                weight = float(params.strip()[2:])
            except ValueError:
                continue
        if tag and weight > 0:
            asked.append((-weight, i, tag.strip()))
    for _, _, tag in sorted(asked):
        base = base_language(tag.replace("_", "-"))
        if base in known:
            return base
    return default


def text_direction(lang: str) -> str:
    """``"rtl"`` for right-to-left languages such as Arabic, else ``"ltr"``."""
    base = base_language(lang)
    if base in _RTL:
        return "rtl"
    added = _table().get(lang) or _table().get(base)
    return "rtl" if added is not None and added[1] == "rtl" else "ltr"


# C0 controls but tab and newline, DEL, C1 controls (CSI, OSC...), and the bidirectional
# overrides and isolates, which reorder what a terminal shows (U+202A-U+202E, U+2066-U+2069)
_TERMINAL_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def terminal_text(text: str) -> str:
    """``text`` as a terminal may print it: every control character shown, none obeyed.

    A name that carries an escape sequence (clearing the screen, retitling the window, hiding
    what follows) prints as ``\\u001b[2J``; the JSON spelling, so a JSON document printed
    through it still means the same. Tabs and line breaks stay.
    """
    return _TERMINAL_CONTROL.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
