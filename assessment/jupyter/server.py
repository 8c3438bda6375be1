"""The participants' server: Voila with a cap on participants and kernels that are given back.

``gdi-assess workshop serve`` runs ``python -m assessment.jupyter.server``. It is Voila with three
changes a room of stakeholders needs:

- **A cap.** Each participant's page holds a kernel (about 145 MB). Past ``max_participants`` pages
  in use, a new visitor gets a plain "the workshop is full" page (HTTP 503) instead of a kernel, so
  the facilitator's laptop does not run out of memory.
- **Pages that never connect give their kernel back** after ``connect_timeout`` seconds (a bare
  page load, a link preview, a phone that lost the network while loading). Kernels of pages that
  did connect and then went away are reclaimed after the ordinary idle time.
- **Closing a tab frees its kernel.** Voila's page sends its shutdown request with the ``_xsrf``
  cookie, which Voila never sets; the page handler sets it, so the request is accepted.

Kernels waiting in Voila's warm pool are neither counted nor reclaimed.
"""

from __future__ import annotations

import asyncio
import shutil
import time
import uuid
from typing import Any

import tornado.web
from jupyter_core.utils import run_sync
from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
from traitlets import Float, Int
from voila.app import Voila
from voila.tornado.handler import TornadoVoilaHandler

__all__ = ["WorkshopKernelManager", "WorkshopServer", "full_page", "main"]


def full_page(n: int, accept_language: str = "") -> str:
    """The "workshop is full" page, in the first of the browser's languages (its
    ``Accept-Language``) that the toolkit speaks, else English."""
    import html

    from assessment.text import preferred_language, text_direction, ui_text

    lang = preferred_language(accept_language)

    def t(key: str, **values: object) -> str:
        return html.escape(ui_text(key, lang, **values))

    return (
        f'<!doctype html>\n<html lang="{lang}" dir="{text_direction(lang)}"><head><meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{t('ws_full_title')}</title>\n"
        "<style>body{font:1.1rem/1.5 system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem}</style>\n"
        f"</head><body><main>\n<h1>{t('ws_full_heading')}</h1>\n"
        f"<p>{t('ws_full_busy', n=n)}</p>\n<p>{t('ws_full_wait')}</p>\n</main></body></html>\n"
    )


class WorkshopKernelManager(AsyncMappingKernelManager):
    """Kernels for participants' pages: counted, and reclaimed when a page never connects."""

    max_participants = Int(
        30, config=True, help="pages in use at once; past this a visitor sees 'workshop full'"
    )
    connect_timeout = Float(
        60.0, config=True, help="seconds a page's kernel waits for the page to connect"
    )

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._connected: set[str] = set()  # kernels whose page has connected at least once
        self._unclaimed: dict[str, float] = {}  # page kernels not yet connected: since when
        self._warmed: set[str] = set()  # kernels Voila started for its warm pool
        self._pool_tasks: dict[int, asyncio.Future[Any]] = {}  # every pool entry seen

    async def start_kernel(self, **kwargs: Any) -> str:  # type: ignore[override]
        if (kwargs.get("env") or {}).get("VOILA_PREHEAT") == "True":
            # named before it starts: a kernel warming up is never counted as a page's
            kwargs["kernel_id"] = kwargs.get("kernel_id") or str(uuid.uuid4())
            self._warmed.add(kwargs["kernel_id"])
        kernel_id: str = await super().start_kernel(**kwargs)
        return kernel_id

    def page_kernels(self) -> tuple[set[str], int]:
        """The kernels participants' pages hold, and how many pages still wait for a warm one.

        A kernel Voila warmed belongs to a page once its entry has left the pool; a kernel
        started any other way was started for a page.
        """
        current = [t for pool in getattr(self, "_pools", {}).values() for t in pool]
        in_pool = {id(t) for t in current}
        for task in current:
            self._pool_tasks[id(task)] = task
        held = {k for k in self._kernels if k not in self._warmed}
        waiting = 0
        for key, task in list(self._pool_tasks.items()):
            if key in in_pool:
                continue
            if not task.done():
                waiting += 1  # a page is awaiting this kernel right now
                continue
            kernel_id = None
            if not task.cancelled() and task.exception() is None:
                kernel_id = task.result()["kernel_id"]
            if kernel_id in self._kernels:
                held.add(kernel_id)
            else:
                del self._pool_tasks[key]  # failed, or its kernel has gone
        return held, waiting

    def participants(self) -> int:
        held, waiting = self.page_kernels()
        return len(held) + waiting

    def is_full(self) -> bool:
        return self.participants() >= self.max_participants

    def notify_connect(self, kernel_id: str) -> None:
        self._connected.add(kernel_id)
        self._unclaimed.pop(kernel_id, None)
        super().notify_connect(kernel_id)

    async def shutdown_kernel(self, kernel_id: str, *args: Any, **kwargs: Any) -> None:  # type: ignore[override]
        self._connected.discard(kernel_id)
        self._unclaimed.pop(kernel_id, None)
        self._warmed.discard(kernel_id)
        await super().shutdown_kernel(kernel_id, *args, **kwargs)

    async def cull_kernels(self) -> None:
        """Reclaim the kernels of pages that never connected, then cull idle ones as usual."""
        held, _ = self.page_kernels()
        now = time.monotonic()
        for kernel_id in list(self._unclaimed):
            if kernel_id not in held:
                del self._unclaimed[kernel_id]
        for kernel_id in held - self._connected:
            if now - self._unclaimed.setdefault(kernel_id, now) >= self.connect_timeout:
                self.log.info("Reclaiming kernel %s: its page never connected", kernel_id)
                try:
                    await self.shutdown_kernel(kernel_id)
                except Exception:  # already gone: nothing to give back
                    self.log.debug("kernel %s was already gone", kernel_id)
        # Voila's pool manager skips the kernels still waiting in its pool.
        await super().cull_kernels()


class _WorkshopPage(TornadoVoilaHandler):
    """The participants' page: refused when the workshop is full; sets the ``_xsrf`` cookie."""

    @tornado.web.authenticated
    async def get(self, path: str | None = None) -> None:
        km = self.kernel_manager
        if isinstance(km, WorkshopKernelManager) and km.is_full():
            self.set_status(503)
            self.set_header("Content-Type", "text/html; charset=utf-8")
            self.set_header("Retry-After", "60")
            self.finish(
                full_page(km.max_participants, self.request.headers.get("Accept-Language", ""))
            )
            return
        # Reading the token sets the cookie; the page's tab-close request carries it back.
        _ = self.xsrf_token
        await super().get(path)


class WorkshopServer(Voila):
    """Voila serving the participants' page with :class:`_WorkshopPage`."""

    def init_handlers(self) -> list[Any]:
        handlers: list[Any] = []
        for spec in super().init_handlers():
            if len(spec) > 1 and spec[1] is TornadoVoilaHandler:
                spec = (spec[0], _WorkshopPage, *spec[2:])
            handlers.append(spec)
        return handlers

    def stop(self) -> None:
        """Stop every kernel, then remove the connection files; a stop that meets a problem
        still stops the rest and exits cleanly.

        Voila removes its connection folder first, which fails (the folder is not empty) when a
        kernel of the warm pool writes its file at that moment, and then leaves the kernels
        running. Here the kernels stop first, so no file can appear, and the folder goes after.
        """
        try:
            run_sync(self.kernel_manager.shutdown_all)()
        except Exception:  # one kernel would not stop: stop the others all the same
            self.log.warning("A kernel did not stop cleanly; stopping the rest", exc_info=True)
            for kernel_id in list(getattr(self.kernel_manager, "_kernels", {})):
                try:
                    run_sync(self.kernel_manager.shutdown_kernel)(kernel_id, now=True)
                except Exception:
                    self.log.warning("Kernel %s could not be stopped", kernel_id)
        shutil.rmtree(self.connection_dir, ignore_errors=True)


def main() -> None:
    WorkshopServer.launch_instance()


if __name__ == "__main__":  # run as -m: use the importable module's classes, which config names
    from assessment.jupyter.server import main as _main

    _main()
