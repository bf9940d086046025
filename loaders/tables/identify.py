"""Which table a title and a grid are: a score over the title, the header and the rows.

Reports number their tables differently (公开06表, 表6, 表一, 六、, Z06), put the
department and the year before the title, wrap a long title over two lines, and
regions name the same table differently. A table is therefore identified by a
score, never by an exact title:

- title: the printed title reduced to its words (numbering, year, department,
  the form's own code in brackets removed) against every known title: the same
  words score 1, a known title the printed one ends with 0.95, otherwise their
  similarity;
- header: the share of the table's header words found in the grid's header
  (words split over two ruled rows count, "A|B" accepts either);
- rows: what the rows hold (功能分类 codes, 经济分类 codes 301…, income and
  expenditure sides, 三公 categories).

Pure functions, no I/O.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from juesuan.loaders.grids import Row
from juesuan.loaders.normalise import header_key
from juesuan.loaders.numbers import chinese_number
from juesuan.loaders.tables import specs
from juesuan.loaders.tables.headers import Header
from juesuan.loaders.tables.specs import Profile, TableSpec

TITLE_MIN = 0.8          # a title scoring less is not taken for the table
CONTENT_MIN = 0.5        # nor a grid whose header and rows score less
TITLE_MAX_LENGTH = 60    # a longer line is a sentence, not a title

_LEADING_NUMBER = re.compile(
    r"^(?:[-•·]\s*)?(?:"
    r"附件\d*[:：]?|附表\d*[:：]?|"
    r"(?:部门)?公开\d{1,2}表[:：]?|"
    r"表[一二三四五六七八九十\d]+[:：.、．]?|"
    r"[A-Z]\d{2}(?=[\u4e00-\u9fff])|"
    r"[（(][一二三四五六七八九十]+[)）]|"
    r"[一二三四五六七八九十]+[、.．]|"
    r"\d{1,2}[、.．](?!\d)"
    r")")
_TRAILING_CODE = re.compile(r"[（(](?:财决|公开|部门公开)?\s*\d{1,2}\s*表[)）]$|[（(]表[一二三四五六七八九十\d]+[)）]$")
_YEAR = re.compile(r"^.*?\d{4}年度?")
_PRINTED_NUMBER = re.compile(r"(?:公开|表)\s*([一二三四五六七八九十]+|\d{1,2})\s*表?")
_FUNCTION_CODE = re.compile(r"^2\d{2}(?:\s?\d{2}){0,2}$")
_ECON_CODE = re.compile(r"^3\d{2}(?:\s?\d{2})?$")


@dataclass(frozen=True)
class TitleMatch:
    spec: TableSpec
    score: float
    printed_number: str | None


def title_words(text: str) -> str:
    """A printed title reduced to the words that name its table."""
    key = header_key(text)
    for _ in range(3):  # “附件1：公开06表：…” stacks prefixes
        stripped = _LEADING_NUMBER.sub("", key, count=1)
        if stripped == key:
            break
        key = stripped
    key = _TRAILING_CODE.sub("", key)
    if year := _YEAR.match(key):  # “安阳市公安局2023年度收入支出决算总表”
        key = key[year.end():]
    return key.strip("：:")


def printed_number(text: str) -> str | None:
    """The number the report gives the table (公开06表, 表6, 表六), two digits."""
    if m := _PRINTED_NUMBER.search(header_key(text)):
        value = chinese_number(m.group(1))
        return str(value).zfill(2) if value else None
    return None


def title_matches(text: str, candidates: tuple[TableSpec, ...] = specs.ALL_SPECS) -> list[TitleMatch]:
    """Every table the line may be the title of, best first."""
    if not text or len(text) > TITLE_MAX_LENGTH:
        return []
    words = title_words(text)
    if len(words) < 4 or "决算" not in words and "三公" not in words and "情况表" not in words:
        return []
    number = printed_number(text)
    found = [TitleMatch(spec, score, number) for spec, score in _title_scores(words, candidates)]
    return sorted(found, key=lambda m: -m.score)


# a report prints the same title lines many times (34 project forms, tables over pages): scores are memoised
_SCORES: dict[tuple, list[tuple[TableSpec, float]]] = {}
_MATCHERS: dict[str, SequenceMatcher] = {}


def _title_scores(words: str, candidates: tuple[TableSpec, ...]) -> list[tuple[TableSpec, float]]:
    """(spec, best title score) of every candidate scoring at least TITLE_MIN."""
    key = (words, tuple(map(id, candidates)))
    if (cached := _SCORES.get(key)) is not None:
        return cached
    found = []
    for spec in candidates:
        best = 0.0
        for title in spec.titles:
            alias = header_key(title)
            if words == alias:
                score = 1.0
            elif words.endswith(alias):
                score = 0.95 + min(len(alias), 40) / 4000  # the longest known title it ends with wins
            else:
                # the matcher keeps what it learnt of the alias; the quick ratios bound ratio() from above,
                # so a title that cannot reach the threshold or beat the best so far is not compared in full
                matcher = _MATCHERS.get(alias) or _MATCHERS.setdefault(alias, SequenceMatcher(None, "", alias))
                matcher.set_seq1(words)
                floor = max(best, TITLE_MIN)
                if matcher.real_quick_ratio() < floor or matcher.quick_ratio() < floor:
                    continue
                score = matcher.ratio()
            best = max(best, score)
        if best >= TITLE_MIN:
            found.append((spec, best))
    if len(_SCORES) > 50_000:
        _SCORES.clear()
    _SCORES[key] = found
    return found


def header_score(spec: TableSpec, header: Header) -> float:
    """The share of the spec's header words the header prints (across split rows too)."""
    if not spec.header_requires:
        return 1.0
    texts = header_texts(header)
    found = sum(1 for word in spec.header_requires
                if any(header_key(alt) in text for alt in word.split("|") for text in texts))
    return found / len(spec.header_requires)


def header_texts(header: Header) -> list[str]:
    """What a header says: each column's path joined, with and without separators, and each row's cells joined."""
    texts = ["/".join(p) for p in header.paths] + ["".join(p) for p in header.paths]
    texts += ["".join(header_key(c) for c in row.cells) for row in header.rows]
    return texts


def row_score(spec: TableSpec, header: Header, rows: list[Row]) -> float:
    """How well the rows look like the table's: 1 when they hold what it prints, 0.5 when they say nothing."""
    cells = [header_key(c) for row in rows for c in row.cells[:6] if c]
    if spec.rows == "function_codes":
        if any(_FUNCTION_CODE.match(c) for c in cells):
            return 1.0
        if any(_ECON_CODE.match(c) and len(c.replace(" ", "")) == 5 for c in cells):
            return 0.0
        return 0.5
    if spec.rows == "econ_codes":
        if any(_ECON_CODE.match(c) for c in cells):
            return 1.0
        return 0.0 if any(_FUNCTION_CODE.match(c) and len(c.replace(" ", "")) == 7 for c in cells) else 0.5
    if spec.rows == "two_sided":
        tops = {p[0] for p in header.paths if p}
        return 1.0 if {"收入", "支出"} <= tops else 0.3
    if spec.rows == "three_public":
        text = "".join(header_texts(header))
        return 1.0 if ("公务接待" in text or "因公出国" in text) else 0.0
    return 0.5


def content_score(spec: TableSpec, header: Header, rows: list[Row]) -> float:
    return 0.6 * header_score(spec, header) + 0.4 * row_score(spec, header, rows)


def detect_profile(titles: list[str]) -> Profile:
    """The regional profile whose distinctive titles the report prints, else the national set."""
    keys = {title_words(t) for t in titles}
    best, best_hits = specs.NATIONAL, 0
    for profile in specs.PROFILES:
        hits = sum(1 for title in profile.detect_titles if header_key(title) in keys)
        if hits >= profile.detect_min and hits > best_hits:
            best, best_hits = profile, hits
    return best


def match_title(text: str) -> TableSpec | None:
    """The table a title line names best, if any (by title alone)."""
    found = title_matches(text)
    return found[0].spec if found else None
