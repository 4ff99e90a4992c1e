# Copyright 2026 apartment_crm contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Plain text helpers of the matching engine: payment references with a check digit, memo
normalisation, Chinese names to pinyin keys, fuzzy keys (one edit away)."""

import re
import unicodedata
from functools import lru_cache

from pypinyin import lazy_pinyin

# A lease's payment reference: this prefix, the lease id on at least 6 digits, a Luhn check
# digit. Short enough for any bank or wallet memo field, only letters and digits a tenant can
# type on a phone; the check digit refuses one wrong digit and most swapped neighbours.
REFERENCE_PREFIX = "AP"
REFERENCE_RE = re.compile(r"AP(\d{7,12})")
CJK_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]+")
LATIN_WORD_RE = re.compile(r"[a-z]+")
# Words of rent memos that are no one's name (租金 → zujin would meet a tenant 祖金).
MEMO_WORDS_RE = re.compile(
    r"房租|租金|月租|交租|缴费|付款|转账|汇款|押金|水电费?|物业费?|管理费|电费|水费|燃气费?|网费|"
    r"滞纳金|续租|备注|费用|本月|上月|下月|季度|房间|单元|支付|微信|支付宝|"
    r"[0-9A-Za-z]+\s*(?:年|月份?|号|室|楼|栋)|"
    r"\b(?:rent|for|month|pay|payment|transfer|deposit|room|unit|apt|fee|jan|feb|mar|apr|may|"
    r"jun|jul|aug|sep|oct|nov|dec)\b",
    re.IGNORECASE,
)
# Month hints in a memo: "11月", "2026-11", "2026/11", "2026年11月", "Nov".
MONTH_RE = re.compile(r"(?:(?:19|20)\d\d\s*[-/.年]\s*)?(1[0-2]|0?[1-9])\s*月")
ISO_MONTH_RE = re.compile(r"(?:19|20)\d\d[-/.](1[0-2]|0[1-9])(?!\d)")
MONTH_NAMES = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}


def luhn_digit(digits):
    """The Luhn check digit of a string of digits."""
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2 == 0:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return str((10 - total % 10) % 10)


def make_reference(number):
    digits = str(number).zfill(6)
    return f"{REFERENCE_PREFIX}{digits}{luhn_digit(digits)}"


def is_valid_reference(reference):
    match = REFERENCE_RE.fullmatch(reference or "")
    if not match:
        return False
    digits = match.group(1)
    return luhn_digit(digits[:-1]) == digits[-1]


def normalize(text):
    """Upper case, full-width characters folded (ＡＰ１２ → AP12), spaces and separators out:
    what a reference or an invoice number looks like whatever the bank did to the memo."""
    text = unicodedata.normalize("NFKC", text or "").upper()
    return re.sub(r"[\s\-_:：#.,，。;；]+", "", text)


def unit_in_memo(unit, memo):
    """The unit's name stands in the memo as a name of its own ("3B 张伟", "3B张伟11月"), not
    inside a longer code ("13B", "3B2") and not as a date ("11月", "3号"): letters and
    digits around it do not count as the unit, Chinese characters and separators do."""
    unit = normalize(unit)
    if not unit:
        return False
    text = unicodedata.normalize("NFKC", memo or "").upper()
    pattern = (
        r"(?<![A-Z0-9])" + r"[\s\-_]*".join(map(re.escape, unit)) + r"(?![A-Z0-9]|\s*[年月日号])"
    )
    return bool(re.search(pattern, text))


def find_references(text):
    """The valid payment references in a memo (check digit verified), in order."""
    found = []
    for match in REFERENCE_RE.finditer(normalize(text)):
        reference = match.group(0)
        # "AP00012360" can hold a reference followed by other digits: try the standard
        # length first, then the whole run.
        for candidate in (reference[:9], reference):
            if is_valid_reference(candidate) and candidate not in found:
                found.append(candidate)
                break
    return found


# Document numbers a memo can carry: LEASE/2026/00012, INV/2026/00042, "inv 2026 42".
DOCUMENT_RE = re.compile(r"(?<![A-Z])([A-Z]{2,10})[/ ]?((?:19|20)\d\d)[/ ]?(\d{1,6})(?!\d)")


def find_documents(text):
    """The document numbers in a memo, without separators and leading zeros of the number:
    LEASE/2026/00012 and "lease 2026 12" both give LEASE/2026/12."""
    text = unicodedata.normalize("NFKC", text or "").upper()
    return [f"{prefix}/{year}/{int(number)}" for prefix, year, number in DOCUMENT_RE.findall(text)]


def document_key(name):
    """The key ``find_documents`` gives for the document ``name`` (or the name itself)."""
    found = find_documents(name)
    return found[0] if found else name


def month_hint(text):
    """The month (1-12) a memo names, or None."""
    text = unicodedata.normalize("NFKC", text or "")
    for regex in (ISO_MONTH_RE, MONTH_RE):
        match = regex.search(text)
        if match:
            return int(match.group(1))
    for word in LATIN_WORD_RE.findall(text.lower()):
        if word in MONTH_NAMES:
            return MONTH_NAMES[word]
    return None


@lru_cache(maxsize=200000)
def pinyin_key(text):
    """Lower-case toneless pinyin of the Chinese characters of ``text``, without spaces:
    张伟 → zhangwei (and 张维, a homophone typed by mistake, gives the same key)."""
    return "".join(lazy_pinyin(text)).lower()


def latin_key(text):
    """Only the latin letters of ``text``, lower case: "ZHANG Wei" → zhangwei."""
    text = unicodedata.normalize("NFKD", text or "").lower()
    return "".join(LATIN_WORD_RE.findall(text))


def name_keys(name):
    """Exact keys a tenant is recognised by: the Chinese characters of the name, their pinyin
    (both name orders: zhangwei, weizhang) and the latin spelling of the name itself."""
    keys = set()
    cjk = "".join(CJK_RE.findall(name or ""))
    if len(cjk) >= 2:
        keys.add(cjk)
        keys.add(pinyin_key(cjk))
        # Given name first, as foreign-style bank accounts print it: 伟 张 → weizhang.
        keys.add(pinyin_key(cjk[1:]) + pinyin_key(cjk[:1]))
    latin_words = LATIN_WORD_RE.findall(unicodedata.normalize("NFKD", name or "").lower())
    if latin_words and len("".join(latin_words)) >= 4:
        keys.add("".join(latin_words))
        keys.add("".join(reversed(latin_words)))
    return keys


def deletions(key):
    """The key with one character left out, each way: two keys one edit apart (a typo, a
    missing or extra letter, two swapped letters) share one of these (symmetric delete)."""
    return {key[:index] + key[index + 1 :] for index in range(len(key))}


def memo_name_candidates(*texts, whole_runs=False):
    """The keys a memo or a payer name can spell a tenant's name with: every run of 2-4
    Chinese characters and its pinyin, every latin word and every pair of neighbour words.
    ``whole_runs`` (a payer's name, not a memo): each run of Chinese characters as a whole
    only, so that a parent 唐卫东 paying is not read as a tenant 唐伟 or 董伟 (卫东, weidong)."""
    keys = set()
    for text in texts:
        if not text:
            continue
        text = MEMO_WORDS_RE.sub(" ", text)
        for run in CJK_RE.findall(text):
            if whole_runs:
                if len(run) >= 2:
                    keys.update((run, pinyin_key(run)))
                continue
            for size in (2, 3, 4):
                for start in range(0, len(run) - size + 1):
                    part = run[start : start + size]
                    keys.add(part)
                    keys.add(pinyin_key(part))
        words = LATIN_WORD_RE.findall(unicodedata.normalize("NFKD", text).lower())
        for index, word in enumerate(words):
            if len(word) >= 4:
                keys.add(word)
            for size in (2, 3):
                if index + size <= len(words):
                    keys.add("".join(words[index : index + size]))
    return keys
