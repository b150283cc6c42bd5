"""Where independent pieces of work run: in this process, or on a Dask cluster (``--scheduler``).

One signature, three implementations (as rapidfuzz's ``process`` has a fast and a plain one):
:meth:`Scheduler.imap` applies a module-level function to each item and yields ``(item, outcome)`` in the
order of the items, where the outcome is the function's result or the exception it raised. The caller decides
what an exception means (a bad file is reported and the run goes on; a bug ends it). :class:`InProcess` calls
the function here; :class:`ForkPool` in worker processes forked from this one (``-j N``), which inherit what
this process has loaded; :class:`DaskScheduler` sends it to the workers of a ``LocalCluster`` it starts
(``local:N``) or of an existing cluster (``tcp://HOST:PORT``). The pools keep at most ``2 × workers`` items (or
``ahead`` per worker) in flight, so memory stays bounded whatever the number of items.

An item should be worth sending: a Dask task costs the calling process about 10 ms of CPU time (the scheduler
and the client share its event loop, and each result comes back through it), as much as aligning a short
document pair. Callers with small items group them (``align --batch`` sends chunks of pairs).

Objects every item needs (a check run's glossary and options) are given once as ``shared``: the Dask scheduler
sends them to each worker once (``Client.scatter(broadcast=True)``) and the function receives them as its
first argument; :func:`worker_cached` builds what is costly from them (the glossary's index, the word lists)
once per worker process, keyed by a digest the caller computes.

Dask is optional (``pip install 'termalign[dask]'``); this module imports it only when a Dask scheduler is
asked for. Output does not depend on the scheduler: results come back in input order and are written by the
calling process.
"""

from __future__ import annotations

import gc
import re
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar

from termalign.errors import InputError, RunFailed

_T = TypeVar("_T")

#: Dask's own monitors, off on the clusters termalign starts (``local:N``): the statistical profiler samples each
#: worker's task stack every 10 ms (and, where ``gilknocker`` is installed, the GIL monitor every 1 ms), costs that
#: grow with wall time rather than work (most on a loaded machine) for a dashboard nobody looks at here. A check
#: over the 65 .mo catalogs on local:1, once each under load: worker 17.9 s CPU with them, 16.6 s without; an idle
#: worker 1.1 s CPU per 30 s with them, 0.6 s without.
#: Every server (scheduler, client, each nanny and worker) also checks its event loop every 20 ms by default: on
#: 2 idle workers that cost the calling process 5% of a CPU and each worker 3.4% (2% and 0.9% with these settings),
#: enough to make ``align --batch`` on ``local:2`` slower than one process on a busy machine. A cluster of one's
#: own (``tcp://``) keeps its own configuration.
QUIET = {
    "distributed.admin.tick.interval": "500ms",
    "distributed.worker.profile.enabled": False,
    "distributed.admin.system-monitor.gil.enabled": False,
    "distributed.admin.system-monitor.interval": "5s",
    "distributed.worker.memory.monitor-interval": "1s",  # still pauses or restarts a worker short of memory
}

#: ``local:N`` (a new LocalCluster of N worker processes) or a Dask scheduler address.
_LOCAL = re.compile(r"local:(\d{1,3})")
_ADDRESS = re.compile(r"(tcp|tls|inproc|ws|wss|ucx)://\S+")


class WorkFailed(RunFailed):
    """A worker could not finish an item (the process died, the cluster lost it): not an input error. ``what``
    names the item (its file), so the user knows where the run stopped."""

    def __init__(self, what: str, reason: str) -> None:
        super().__init__(f"{what}: the worker could not finish it ({reason})")
        self.what = what


class Scheduler:
    """Runs ``fn`` over items; see the module docstring. Use as a context manager (a cluster is closed on exit)."""

    #: How many items run at once (the window of items in flight is twice this).
    workers: int = 1

    def __enter__(self) -> Scheduler:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Release what the scheduler started (nothing for :class:`InProcess`)."""

    def imap(
        self, fn: Callable[..., _T], items: Iterable[Any], *, shared: Any = None, name: Callable[[Any], str] = str,
        ahead: int = 2,
    ) -> Iterator[tuple[Any, _T | BaseException]]:
        """``(item, fn(shared, item))`` — or ``(item, exception)`` — for each item, in order. ``shared`` is passed
        first when it is not None. ``name`` names an item in a :class:`WorkFailed` message. At most ``ahead`` items
        per worker are in flight: more keeps every worker busy while the oldest item, which must come back first,
        is a long one (items of very different sizes), at the cost of holding more results."""
        raise NotImplementedError


class InProcess(Scheduler):
    """Everything in this process, one item after the other (the default)."""

    def imap(
        self, fn: Callable[..., _T], items: Iterable[Any], *, shared: Any = None, name: Callable[[Any], str] = str,
        ahead: int = 2,
    ) -> Iterator[tuple[Any, _T | BaseException]]:
        for item in items:
            try:
                result = fn(item) if shared is None else fn(shared, item)
            except Exception as exc:  # handed to the caller, which knows what it means
                yield item, exc
            else:
                yield item, result


class DaskScheduler(Scheduler):
    """Items run as Dask tasks on a cluster's workers (one thread each, so a worker is one process)."""

    def __init__(self, address: str) -> None:
        try:
            from distributed import Client, LocalCluster
        except ImportError:
            raise InputError(
                f"--scheduler {address} needs Dask", hint="install the extra: pip install 'termalign[dask]'"
            ) from None
        self.address = address
        self._cluster: Any = None
        self._client: Any = None
        local = _LOCAL.fullmatch(address)
        try:
            if local:
                n = int(local.group(1))
                if n < 1:
                    raise InputError("--scheduler local:N needs N ≥ 1", file=None)
                import dask

                with dask.config.set(QUIET):  # the workers get the configuration they start with
                    self._cluster = LocalCluster(n_workers=n, threads_per_worker=1, processes=True,
                                                 dashboard_address=":0", silence_logs=40)
                self._client = Client(self._cluster)
            else:
                self._client = Client(address, timeout="20s")
        except InputError:
            raise
        except (OSError, TimeoutError) as exc:
            self.close()
            raise InputError(f"cannot reach the Dask scheduler at {address}: {exc}") from None
        self.workers = max(1, len(self._client.scheduler_info().get("workers", {})) or 1)

    def close(self) -> None:
        client, cluster = getattr(self, "_client", None), self._cluster
        if client is not None:
            client.close()
        if cluster is not None:
            cluster.close()
        self._client = None
        self._cluster = None

    def imap(
        self, fn: Callable[..., _T], items: Iterable[Any], *, shared: Any = None, name: Callable[[Any], str] = str,
        ahead: int = 2,
    ) -> Iterator[tuple[Any, _T | BaseException]]:
        from distributed.client import FutureCancelledError

        try:
            from distributed.scheduler import KilledWorker
        except ImportError:  # pragma: no cover - older layouts
            from distributed import KilledWorker  # type: ignore[no-redef,attr-defined]

        client = self._client
        handle = client.scatter(shared, broadcast=True, hash=False) if shared is not None else None
        window: deque[tuple[Any, Any]] = deque()

        def oldest() -> tuple[Any, _T | BaseException]:
            item, future = window.popleft()
            try:
                return item, future.result()
            except (KilledWorker, FutureCancelledError) as exc:
                raise WorkFailed(name(item), type(exc).__name__) from None
            except Exception as exc:
                return item, exc

        for item in items:
            args = (item,) if handle is None else (handle, item)
            window.append((item, client.submit(fn, *args, pure=False)))
            if len(window) >= max(1, ahead) * self.workers:
                yield oldest()
        while window:
            yield oldest()


#: What :class:`ForkPool`'s workers run: set before they are forked, so they inherit it instead of unpickling it.
_FORKED: tuple[Callable[..., Any], Any] | None = None


def _forked_call(item: Any) -> Any:
    fn, shared = _FORKED  # type: ignore[misc]
    return fn(item) if shared is None else fn(shared, item)


class ForkPool(Scheduler):
    """Items run in ``workers`` processes forked from this one (``-j N``; POSIX systems with ``fork``).

    The function and ``shared`` are not sent: the workers inherit them (and every list, dictionary and cache
    this process has loaded) when they are forked, at the start of :meth:`imap`. Items and outcomes are pickled.
    A worker that dies ends the run with :class:`WorkFailed` naming its item, instead of waiting forever.
    """

    def __init__(self, workers: int) -> None:
        self.workers = max(1, workers)

    def imap(
        self, fn: Callable[..., _T], items: Iterable[Any], *, shared: Any = None, name: Callable[[Any], str] = str,
        ahead: int = 2,
    ) -> Iterator[tuple[Any, _T | BaseException]]:
        import multiprocessing
        from concurrent.futures import Future, ProcessPoolExecutor
        from concurrent.futures.process import BrokenProcessPool

        global _FORKED
        gc.collect()
        gc.freeze()  # what is loaded stays shared with the workers (a collection would touch every page)
        _FORKED = (fn, shared)
        pool = ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context("fork"))
        window: deque[tuple[Any, Future[Any]]] = deque()

        def oldest() -> tuple[Any, _T | BaseException]:
            item, future = window.popleft()
            try:
                return item, future.result()
            except BrokenProcessPool:
                raise WorkFailed(name(item), "its worker process ended") from None
            except Exception as exc:
                return item, exc

        try:
            for item in items:
                try:
                    window.append((item, pool.submit(_forked_call, item)))
                except BrokenProcessPool:
                    raise WorkFailed(name(item), "a worker process ended") from None
                if len(window) >= ahead * self.workers:
                    yield oldest()
            while window:
                yield oldest()
        finally:
            stop_pool(pool)
            _FORKED = None
            gc.unfreeze()


def stop_pool(pool: Any) -> None:
    """Shut a ``ProcessPoolExecutor`` down at once: a run stopped early does not wait for the items in flight
    (the executor has no public way to drop them, so its worker processes are terminated first)."""
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        process.terminate()
    pool.shutdown(wait=True, cancel_futures=True)


def can_fork() -> bool:
    """Whether :class:`ForkPool` can run here (not on Windows, nor where ``fork`` is unavailable)."""
    import multiprocessing

    return "fork" in multiprocessing.get_all_start_methods()


def get_scheduler(spec: str | None) -> Scheduler:
    """The scheduler a ``--scheduler`` value names: None → :class:`InProcess`; ``local:N`` or an address →
    :class:`DaskScheduler`. Anything else is an input error (exit status 2)."""
    if spec is None or spec in ("", "none", "local:0"):
        return InProcess()
    if not (_LOCAL.fullmatch(spec) or _ADDRESS.fullmatch(spec)):
        raise InputError(f"--scheduler {spec!r}: give local:N (a new cluster of N workers) or tcp://HOST:PORT")
    return DaskScheduler(spec)


_WORKER_CACHE: dict[str, Any] = {}


def worker_cached(key: str, build: Callable[[], _T]) -> _T:
    """``build()`` once per worker process and ``key`` (a digest of what it is built from); later calls reuse it.
    Only the latest key is kept, so a long-lived worker serving several runs holds one run's objects."""
    got = _WORKER_CACHE.get(key)
    if got is None:
        _WORKER_CACHE.clear()
        got = _WORKER_CACHE[key] = build()
    return got  # type: ignore[no-any-return]
