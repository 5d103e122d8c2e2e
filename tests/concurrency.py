"""Truly concurrent attempts for the tests that attack a promise: n threads, each with its own
PostgreSQL connection, released together by a barrier."""

import threading

from django.core.exceptions import ValidationError
from django.db import connection


def race(attempt, n: int) -> tuple[list, list[str]]:
    """Run attempt(i) for i in 0..n-1 at once; return (results, errors): a ValidationError as its
    messages, any other exception as its repr, so that no failure goes unseen."""
    barrier = threading.Barrier(n, timeout=30)  # a thread that never comes fails, not hangs
    results, errors = [], []

    def run(i):
        try:
            barrier.wait()
            results.append(attempt(i))
        except ValidationError as error:
            errors.append(" ".join(error.messages))
        except Exception as error:  # noqa: BLE001 - reported to the test, which asserts on it
            errors.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, errors
