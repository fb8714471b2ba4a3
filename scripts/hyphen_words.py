#!/usr/bin/env python3
"""Distinct words of books, for checking hyphenation: hyphen_words.py N BOOK...

Reads the book with scripts/extract_text.py (the project's independent
reader), cuts the text into runs of letters (Unicode letters; a run
touching a combining mark or a digit is left out, as rod would hyphenate
it as one word with the mark and Python's str.isalpha would not), keeps
those of 5 letters or more and prints the first N distinct ones in order
of their first appearance (book after book), one a line.
"""
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import extract_text  # noqa: E402


def main(argv):
    n = int(argv[1])
    seen, out = set(), []
    for book in argv[2:]:
        text = extract_text.READERS[extract_text.format_of(book)](book).text()
        for token in re.split(r"[^\w\u0300-\u036f]+|_", text):
            if len(out) == n:
                break
            if len(token) < 5 or not token.isalpha() or token in seen:
                continue
            seen.add(token)
            out.append(token)
    sys.stdout.write("".join(w + "\n" for w in out))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
