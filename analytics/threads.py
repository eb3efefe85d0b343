"""A thread that runs an iterator ahead of its consumer (the upload's pipeline stages)."""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterator


class Ahead:
    """Runs ``transform(item)`` (default: the item itself) over ``iterator`` in a thread, up to
    ``depth`` items ahead of the consumer: reading a file overlaps what is done with the rows
    already read, and parsing overlaps validation.

    An exception in the thread is raised in the consumer. A consumer that stops early (on an
    exception of its own) stops the thread at its next item.
    """

    def __init__(
        self, iterator: Iterator, transform: Callable | None = None, depth: int = 3, name: str = "ahead"
    ) -> None:
        self.iterator = iterator
        self.transform = transform or (lambda item: item)
        self.items: queue.Queue = queue.Queue(maxsize=depth)
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, name=name, daemon=True)

    def _put(self, item: tuple) -> bool:
        while not self.stop.is_set():
            try:
                self.items.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def _run(self) -> None:
        try:
            for item in self.iterator:
                if not self._put(("item", self.transform(item))):
                    return
            self._put(("done", None))
        except BaseException as exc:  # handed to the consumer, which raises it
            self._put(("error", exc))
        finally:
            close = getattr(self.iterator, "close", None)
            if close is not None:
                close()

    def __enter__(self) -> Ahead:
        self.thread.start()
        return self

    def __iter__(self) -> Iterator:
        while True:
            kind, value = self.items.get()
            if kind == "done":
                return
            if kind == "error":
                raise value
            yield value

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        self.thread.join()
