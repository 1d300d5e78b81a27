"""Text cleaning every door shares."""

import re

# C0 and C1 control characters (tab, CR and LF among them) and the line and paragraph separators.
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")


def single_line(text: str) -> str:
    """A title or a name on one line: control characters (CR/LF included) become a space, trimmed.
    A title with a line break would otherwise break the subject of every mail about its piece."""
    return re.sub(r" {2,}", " ", CONTROL.sub(" ", text or "")).strip()
