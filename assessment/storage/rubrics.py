"""Load rubrics from YAML files or text, and find the bundled ones."""

from __future__ import annotations

import contextlib
import functools
import hashlib
import hmac
import json
import os
import re
import secrets
import stat
import sys
from pathlib import Path

from assessment.errors import GdiError, UsageError
from assessment.rubric import Rubric, parse_rubric, rubric_json_schema
from assessment.storage.atomic import write_atomic
from assessment.storage.bundled import bundled_dir
from assessment.storage.yamlfile import decode_text, parse_yaml, read_bounded

__all__ = [
    "RUBRICS_DIR",
    "bundled_rubrics",
    "load_rubric",
    "loads_rubric",
    "resolve_rubric",
    "rubric_version",
    "translated",
    "write_rubric_schema",
]

#: The rubrics shipped with the toolkit (the repository's ``rubrics/`` folder, inside the wheel).
RUBRICS_DIR = bundled_dir("rubrics")


def loads_rubric(text: str, source: str = "<string>") -> Rubric:
    """Parse and validate rubric YAML text. Raises :class:`ProblemsError` listing every problem."""
    data, lines = parse_yaml(text, source)
    return parse_rubric(data, source=source, line_of=lines)


def _cache_dir() -> Path | None:
    """Where validated rubrics are cached (``GDI_ASSESS_CACHE=off`` disables the cache)."""
    env = os.environ.get("GDI_ASSESS_CACHE")
    if env and env.lower() in {"off", "0", "no"}:
        return None
    if env:
        return Path(env)
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA", Path.home() / "AppData" / "Local"))
    else:
        base = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache"))
    return base / "gdi-assessment" / "rubrics"


@functools.cache
def _validator_fingerprint() -> bytes:
    """Changes whenever the validation rules change, so no stale entry survives an upgrade."""
    from assessment import rubric as rubric_module

    return hashlib.sha256(Path(rubric_module.__file__).read_bytes()).digest()


def _cache_key(folder: Path) -> bytes | None:
    """This cache's secret (32 random bytes, readable by this user only), made on first use."""
    path = folder / "key"
    with contextlib.suppress(OSError):
        if _plain_file(path):
            secret = path.read_bytes()
            if len(secret) == 32:
                return secret
        folder.mkdir(parents=True, exist_ok=True)
        secret = secrets.token_bytes(32)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as f:
            f.write(secret)
        return secret
    return None


def read_signed(name: str, raw: bytes) -> bytes | None:
    """The cache entry ``name`` made from exactly ``raw``, if this cache signed it.

    Each entry is signed (HMAC-SHA256) with this cache's own secret over the source bytes and
    the entry, so an entry that was edited, swapped for another's, or written by anything but
    the toolkit is never trusted (None: make it again).
    """
    folder = _cache_dir()
    secret = _cache_key(folder) if folder is not None else None
    if folder is None or secret is None or not _plain_file(folder / name):
        return None
    with contextlib.suppress(OSError, ValueError):
        signature, _, payload = (folder / name).read_bytes().partition(b"\n")
        expected = hmac.new(secret, raw + b"\0" + payload, hashlib.sha256).hexdigest()
        if hmac.compare_digest(signature.decode("ascii"), expected):
            return payload
    return None


def write_signed(name: str, raw: bytes, payload: bytes) -> None:
    """Keep ``payload`` (made from ``raw``) as the signed cache entry ``name``, if there is a cache."""
    folder = _cache_dir()
    secret = _cache_key(folder) if folder is not None else None
    if folder is None or secret is None:
        return
    sign = hmac.new(secret, raw + b"\0" + payload, hashlib.sha256).hexdigest()
    with contextlib.suppress(OSError):  # a read-only home folder just means no cache
        write_atomic(folder / name, sign.encode("ascii") + b"\n" + payload)


def _cached(raw: bytes, source: str) -> Rubric | None:
    """A rubric validated before from exactly these bytes (the YAML parse is the slow part),
    from the signed cache (:func:`read_signed`); None when there is no cache."""
    if _cache_dir() is None:
        return None
    name = f"{hashlib.sha256(raw + _validator_fingerprint()).hexdigest()}.json"
    payload = read_signed(name, raw)
    if payload is not None:
        with contextlib.suppress(ValueError):
            return Rubric.model_validate_json(payload)
    rubric = loads_rubric(decode_text(raw, source), source)
    content = json.dumps(rubric.model_dump(mode="json"), ensure_ascii=False).encode("utf-8")
    write_signed(name, raw, content)
    return rubric


def _plain_file(path: Path) -> bool:
    """A regular file of a sensible size: junk, a folder or a FIFO in the cache never hangs us."""
    try:
        info = path.stat()
    except OSError:
        return False
    return stat.S_ISREG(info.st_mode) and 0 < info.st_size <= 20_000_000


def load_rubric(path: str | os.PathLike[str], lang: str | None = None) -> Rubric:
    """Read and validate a rubric file. Raises :class:`ProblemsError` listing every problem.

    With ``lang``, the rubric comes in that language where its catalogue
    (``i18n/<lang>/<id>.po`` beside the file) translates it, in English elsewhere; its ids,
    scores and content hash are those of the source. A file validated before (same bytes, same
    toolkit version) is read from a cache of its validated content, which skips the slow
    line-tracking YAML parse.
    """
    p = Path(path)
    try:
        raw = read_bounded(p)
    except FileNotFoundError:
        raise UsageError.keyed(
            "error_rubric_no_such_file", path=str(p), folder=str(RUBRICS_DIR)
        ) from None
    except IsADirectoryError:
        raise UsageError.keyed("error_rubric_is_folder", path=str(p)) from None
    except OSError as exc:
        raise UsageError.keyed("error_cannot_read", path=str(p), reason=exc.strerror) from None
    cached = _cached(raw, str(p))
    rubric = cached if cached is not None else loads_rubric(decode_text(raw, str(p)), str(p))
    _refuse_impostor(rubric, p)
    if lang:
        from assessment.i18n import translate_rubric
        from assessment.storage.catalogues import rubric_translations

        return translate_rubric(rubric, rubric_translations(p, rubric, lang), lang)
    return rubric


def _refuse_impostor(rubric: Rubric, path: Path) -> None:
    """A rubric file outside the bundle may not claim a bundled rubric's id with other content.

    Assessments record the rubric by id and content hash; an edited copy under the bundled id
    would mix two different sets of criteria under one name.
    """
    bundled = bundled_rubrics().get(rubric.id)
    if bundled is None or bundled.resolve() == path.resolve():
        return
    # an earlier version kept with the toolkit is genuine; a copy of one must match it
    archived = RUBRICS_DIR / "archive" / f"{rubric.id}-{rubric.version}.yaml"
    if archived.is_file() and archived.resolve() == path.resolve():
        return
    genuine = archived if archived.is_file() else bundled
    if load_rubric(genuine).content_hash != rubric.content_hash:
        raise UsageError.keyed("error_rubric_impostor", path=str(path), rubric=rubric.id)


def bundled_rubrics() -> dict[str, Path]:
    """Rubric id -> path of every rubric in :data:`RUBRICS_DIR` (ids read from file names)."""
    if not RUBRICS_DIR.is_dir():
        return {}
    return {p.stem: p for p in sorted(RUBRICS_DIR.glob("*.yaml"))}


def resolve_rubric(name: str | os.PathLike[str], lang: str | None = None) -> Rubric:
    """Load a rubric by path, or by the id of a bundled rubric (e.g. ``gdi-digital-inclusion-2025``),
    in ``lang`` where it is translated (see :func:`load_rubric`)."""
    p = Path(name)
    if p.suffix.lower() in {".yaml", ".yml"} or p.exists():
        return load_rubric(p, lang)
    bundled = bundled_rubrics()
    if str(name) in bundled:
        return load_rubric(bundled[str(name)], lang)
    if not bundled:
        raise UsageError.keyed("error_rubric_unknown_none", name=str(name))
    raise UsageError.keyed("error_rubric_unknown", name=str(name), valid=", ".join(bundled))


def rubric_version(rubric_id: str, version: str, lang: str | None = None) -> Rubric:
    """A bundled rubric at ``version``: the current one, or an earlier one kept in ``archive/``.

    Earlier versions stay with the toolkit so that assessments made with them can still be read,
    scored and moved to the current version (``gdi-assess migrate``).
    """
    if not (
        re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", rubric_id)
        and re.fullmatch(r"[0-9]+(\.[0-9]+){0,2}", version)
    ):
        raise UsageError.keyed("error_rubric_bad_version", rubric=rubric_id, version=version)
    bundled = bundled_rubrics()
    if rubric_id in bundled:
        current = load_rubric(bundled[rubric_id], lang)
        if current.version == version:
            return current
    archived = RUBRICS_DIR / "archive" / f"{rubric_id}-{version}.yaml"
    if archived.is_file():
        return load_rubric(archived, lang)
    known = sorted(
        [
            p.stem.removeprefix(f"{rubric_id}-")
            for p in (RUBRICS_DIR / "archive").glob(f"{rubric_id}-*.yaml")
        ]
        + ([load_rubric(bundled[rubric_id]).version] if rubric_id in bundled else [])
    )
    if not known:
        raise UsageError.keyed("error_rubric_no_version_bundled", version=version, rubric=rubric_id)
    raise UsageError.keyed(
        "error_rubric_version_not_bundled",
        version=version,
        rubric=rubric_id,
        valid=", ".join(known),
    )


def translated(rubric: Rubric, lang: str | None) -> Rubric:
    """``rubric`` in ``lang`` where a bundled rubric's catalogue translates it: only when
    ``rubric`` is that very bundled rubric, current or archived (the same content); otherwise,
    a rubric of one's own, ``rubric`` as it is."""
    if not lang or lang.split("-")[0] == rubric.language:
        return rubric
    try:
        found = rubric_version(rubric.id, rubric.version, lang)
    except GdiError:  # not bundled at that version
        return rubric
    return found if found.content_hash == rubric.content_hash else rubric


def write_rubric_schema(path: str | os.PathLike[str]) -> Path:
    """Write the JSON Schema of the rubric format (for editors) to ``path``."""
    text = json.dumps(rubric_json_schema(), indent=2, ensure_ascii=False) + "\n"
    return write_atomic(path, text)
