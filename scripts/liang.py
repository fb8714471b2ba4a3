#!/usr/bin/env python3
"""Liang's hyphenation by patterns, on its own, to check rod's hyphenation.

Written from the published algorithm (F. M. Liang, "Word Hy-phen-a-tion by
Com-put-er", 1983; The TeXbook, appendix H) and from the description of
the dictionary format in libhyphen's README, not from libhyphen's source,
so that a test comparing the two catches a mistake in either — such as
rod reading libhyphen's answer by bytes where it is given by characters.

The algorithm: a pattern is letters with digits between them ("1p2l2").
The word is lower-cased and put between dots (".example."); every pattern
whose letters occur in it lays its digits over the places between the
letters, the highest digit winning at each place; an odd digit allows a
hyphen there. No hyphen leaves fewer than LEFTHYPHENMIN letters before it
or RIGHTHYPHENMIN after it.

The .dic files (Debian's hyphen-* packages): the first line names the
encoding (UTF-8, ISO8859-1, KOI8-R); '%' and '#' start comments; option
lines LEFTHYPHENMIN, RIGHTHYPHENMIN, COMPOUNDLEFTHYPHENMIN,
COMPOUNDRIGHTHYPHENMIN, NOHYPHEN; every other line is a pattern. A line
NEXTLEVEL divides the file into two sets — libhyphen's own extension: the
first finds where a compound word's parts meet (German: "da1her1über1"),
the second hyphenates each part as a word of its own, keeping
COMPOUNDLEFTHYPHENMIN letters after a meeting place and
COMPOUNDRIGHTHYPHENMIN before one; the meeting places are hyphens too.
Such a file is written for libhyphen's matching rather than Liang's rule,
as libhyphen's README describes it for files not "prepared": the digits
of the longest pattern prefix ending at each letter only (Level.
values_longest). German's has "a1r" and "ar1be", meant as "Nar-be"; by
Liang's highest digit it would be "Na-rbe". French's two-level file has an
empty first set and is prepared, so both rules give the same. Non-standard patterns
("f1f/ff=f,1,2", which change the letters) are counted and left out: rod
takes plain breaks only. None of Debian's en, de, fr, nl or ru files has
one.

rod's own rule on top (reader/layout/hyphenate.c): at least 2 letters
before a hyphen and 3 after, or the file's LEFTHYPHENMIN/RIGHTHYPHENMIN
when larger; a word with a letter the file's encoding cannot write, or
longer than 63 letters, is not hyphenated.

  liang.py DIC WORD...               prints each word hyphenated (hy-phen-ation)
  liang.py --compare ROD LANG DIC WORDS [KNOWN]
                                     runs `ROD hyphenate --lang LANG` on the
                                     words of the file WORDS (one a line) and
                                     prints how many agree and the first
                                     that do not; exit status 1 if any differ
                                     but those KNOWN lists ("word rod-form
                                     liang-form", each explained)
"""
import subprocess
import sys

ROD_LEFT, ROD_RIGHT, MAX_LETTERS = 2, 3, 63


class Level:
    def __init__(self):
        self.patterns = {}      # letters -> digits, one more than letters
        self.longest = 0
        self.longest_only = False
        self.states = None
        self.duplicates = []

    def last_wins(self):
        """Duplicates as libhyphen's machine takes them: the later line."""
        for key, _, digits in self.duplicates:
            self.patterns[key] = digits

    def values_longest(self, w, v):
        """The matching libhyphen's README describes for patterns not
        "prepared": a machine whose states are the prefixes of patterns,
        in the state of the longest one ending at each letter, laying
        down the digits of that state alone (when it is a pattern)."""
        if self.states is None:
            self.states = {k[:e] for k in self.patterns for e in range(1, len(k) + 1)}
        cur = ""
        for i, ch in enumerate(w):
            s = cur + ch
            while s and s not in self.states:
                s = s[1:]
            cur = s
            digits = self.patterns.get(cur)
            if digits:
                start = i + 1 - len(cur)
                for k, d in enumerate(digits):
                    if d > v[start + k]:
                        v[start + k] = d
        return [v[k + 2] for k in range(len(w) - 2)]

    def add(self, pat):
        letters, digits = [], [0]
        for ch in pat:
            if ch.isdigit():
                digits[-1] = int(ch)
            else:
                letters.append(ch)
                digits.append(0)
        key = "".join(letters)
        if not key:
            return
        # The same letters twice (German's file has 68 such): by Liang's
        # rule both speak, the highest digit winning; libhyphen's machine
        # has one state for the letters, which the later line sets.
        old = self.patterns.get(key)
        if old:
            self.duplicates.append((key, old, digits))
            digits = [max(a, b) for a, b in zip(old, digits)]
        self.patterns[key] = digits
        self.longest = max(self.longest, len(key))

    def values(self, word):
        """Digits between the letters of word (lower case, no dots):
        values[k] for the place after letter k."""
        w = "." + word + "."
        v = [0] * (len(w) + 1)
        if self.longest_only:
            return self.values_longest(w, v)
        for i in range(len(w)):
            for j in range(i + 1, min(len(w), i + self.longest) + 1):
                digits = self.patterns.get(w[i:j])
                if digits:
                    for k, d in enumerate(digits):
                        if d > v[i + k]:
                            v[i + k] = d
        # place after letter k of word is before letter k+1 of w, i.e. v[k+2]
        return [v[k + 2] for k in range(len(word))]


class Dictionary:
    def __init__(self, path):
        raw = open(path, "rb").read()
        first, _, rest = raw.partition(b"\n")
        self.encoding = first.decode("ascii").strip()
        text = rest.decode(self.encoding)
        self.left = self.right = 0
        self.cleft = self.cright = 0
        self.levels = [Level()]
        self.nonstandard = 0
        for line in text.splitlines():
            line = line.strip()
            if not line or line[0] in "%#":
                continue
            word, _, arg = line.partition(" ")
            if word == "LEFTHYPHENMIN":
                self.left = int(arg)
            elif word == "RIGHTHYPHENMIN":
                self.right = int(arg)
            elif word == "COMPOUNDLEFTHYPHENMIN":
                self.cleft = int(arg)
            elif word == "COMPOUNDRIGHTHYPHENMIN":
                self.cright = int(arg)
            elif word == "NOHYPHEN":
                pass    # characters no hyphen may touch: never in a word of letters
            elif word == "NEXTLEVEL":
                self.levels.append(Level())
            elif "/" in line:
                self.nonstandard += 1
            else:
                self.levels[-1].add(line)
        # a two-level file is libhyphen's own format, written for its
        # matching (see values_longest), every level of it
        for level in self.levels:
            level.longest_only = len(self.levels) > 1
            if level.longest_only:
                level.last_wins()

    def points(self, word):
        """Places (after letter k) where word may take a hyphen."""
        lw = word.lower()
        if len(lw) != len(word) or len(lw) > MAX_LETTERS:
            return set()
        try:
            lw.encode(self.encoding)
        except UnicodeEncodeError:
            return set()
        n = len(lw)
        left = max(ROD_LEFT, self.left)
        right = max(ROD_RIGHT, self.right)
        if len(self.levels) == 1:
            found = {k for k, d in enumerate(self.levels[0].values(lw)) if d % 2}
        else:
            found = self.two_levels(lw)
        return {k for k in found if k + 1 >= left and n - k - 1 >= right}

    def two_levels(self, lw):
        n = len(lw)
        joins = [k for k, d in enumerate(self.levels[0].values(lw)) if d % 2 and k < n - 1]
        found = set(joins)
        cuts = [-1] + joins + [n - 1]
        for a, b in zip(cuts, cuts[1:]):
            part = lw[a + 1:b + 1]
            # the word's own ends keep the word's limits, applied later
            left = self.cleft if a >= 0 else 0
            right = self.cright if b < n - 1 else 0
            for k, d in enumerate(self.levels[1].values(part)):
                if d % 2 and k + 1 >= left and len(part) - k - 1 >= right and k < len(part) - 1:
                    found.add(a + 1 + k)
        return found


def hyphenated(word, pts):
    return "".join(ch + ("-" if k in pts else "") for k, ch in enumerate(word))


def read_known(path):
    """Differences named and explained: "word rod-form liang-form" lines,
    '#' comments."""
    known = {}
    for line in open(path, encoding="utf-8") if path else []:
        line = line.split("#", 1)[0].split()
        if len(line) == 3:
            known[line[0]] = (line[1], line[2])
    return known


def compare(rod, lang, dic_path, words_path, known_path=None):
    d = Dictionary(dic_path)
    known = read_known(known_path)
    words = [w for w in open(words_path, encoding="utf-8").read().split("\n") if w]
    out = subprocess.run([rod, "hyphenate", "--lang", lang], input="\n".join(words) + "\n",
                         capture_output=True, text=True, check=True).stdout.split("\n")
    differ, explained = [], 0
    for word, got in zip(words, out):
        want = hyphenated(word, d.points(word))
        if got != want:
            if known.get(word) == (got, want):
                explained += 1
            else:
                differ.append((word, got, want))
    if len(out) < len(words):
        print("rod printed %d lines for %d words" % (len(out), len(words)))
        return 1
    agree = len(words) - len(differ) - explained
    print("%s: %d/%d words agree (%.2f%%), %d differ as explained in the known list, %d other, "
          "%d non-standard patterns left out"
          % (lang, agree, len(words), 100.0 * agree / max(1, len(words)), explained, len(differ),
             d.nonstandard))
    for word, got, want in differ[:20]:
        print("  %s: rod %s, liang %s" % (word, got, want))
    return 1 if differ else 0


def main(argv):
    if len(argv) in (6, 7) and argv[1] == "--compare":
        return compare(*argv[2:])
    if len(argv) >= 3 and not argv[1].startswith("-"):
        d = Dictionary(argv[1])
        for w in argv[2:]:
            print(hyphenated(w, d.points(w)))
        return 0
    sys.stderr.write(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
