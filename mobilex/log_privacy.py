"""Search terms are names of people: they stay out of the logs (runserver's access log, Django's
request warnings). Gunicorn's access log drops the query string by its format (Dockerfile)."""

import logging
import re

SEARCH_TERMS = re.compile(r"([?&](?:q|search)=)[^&\s\"']*")


def redact(text: str) -> str:
    return SEARCH_TERMS.sub(r"\1[masqué]", text)


class HideSearchTerms(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = redact(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(redact(a) if isinstance(a, str) else a for a in record.args)
        return True
