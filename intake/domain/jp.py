"""Japanese normalisation: NFKC, dates (和暦 too), yen, percentages, phones (addresses: `places`).

Every parser takes printed text and returns a normalised value or None; none
raises on odd input.
"""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from functools import lru_cache

ERAS = {"令和": 2018, "R": 2018, "平成": 1988, "H": 1988, "昭和": 1925, "S": 1925}
_DASHES = "‐‑‒–—―−ーｰ－"
_KANJI_DIGITS = {c: str(i) for i, c in enumerate("〇一二三四五六七八九")}


def nfkc(text: object) -> str:
    """NFKC (full-width digits and letters to ASCII), trimmed; '' for None, str() of anything else."""
    return unicodedata.normalize("NFKC", "" if text is None else str(text)).strip()


# Chinese forms an OCR model trained on Chinese returns for Japanese kanji (配送温度带, 捆包代):
# none of these is written in Japanese forms, so each is read as the Japanese form
_CHINESE_FORMS = str.maketrans("带捆价费购货单发经检应图边铁馆东车门问间长书业产实记说话运总额请领"
                               "营壳卖证许处县场务险责赔偿类贩饮鸡鱼荞种药剂调盐录认确约违规项计资输达时净质户电邮乡广岛冈泽滨桥关冲绳增穗规载满",
                               "帯梱価費購貨単発経検応図辺鉄館東車門問間長書業産実記説話運総額請領"
                               "営売売証許処県場務険責賠償類販飲鶏魚蕎種薬剤調塩録認確約違規項計資輸達時浄質戸電郵郷広島岡沢浜橋関沖縄増穂規載満")


def japanese_forms(text: str) -> str:
    return text.translate(_CHINESE_FORMS)


# kanji an OCR model returns for the katakana they look like (力ロテン, 工ネルギー, 二ンジン, カ一ド)
_KANA_LOOKALIKES = {"力": "カ", "工": "エ", "口": "ロ", "夕": "タ", "卜": "ト", "二": "ニ", "八": "ハ"}
_KATAKANA = r"\u30a1-\u30fa\u30fc"
# after hiragana only before two katakana or more (かつお工キス: エキス; の工場 is no katakana word)
_LOOKALIKE_RE = re.compile(f"(?<![\u3040-\u309f\u4e00-\u9fff])[{''.join(_KANA_LOOKALIKES)}](?=[{_KATAKANA}])"
                           f"|(?<=[\u3040-\u309f])[{''.join(_KANA_LOOKALIKES)}](?=[{_KATAKANA}]{{2}})"
                           f"|(?<=[{_KATAKANA}])一|(?<=[\u4e00-\u9fff])ー(?=[\u4e00-\u9fff{_KATAKANA}])")


def ocr_forms(text: str) -> str:
    """OCR text with the Chinese forms and the katakana look-alikes a recogniser returns put right:
    a look-alike kanji starting a katakana word (not after a kanji: 加工デンプン stays), 一 inside one."""
    # 一 after katakana is the long mark (バタ一), ー after a kanji is the numeral (同ーライン)
    text = _LOOKALIKE_RE.sub(lambda m: {"一": "ー", "ー": "一"}.get(m.group()) or _KANA_LOOKALIKES[m.group()],
                             japanese_forms(text))
    # a Latin middle dot or bullet after Japanese is the nakaguro (豚肉·りんご, 冷蔵· ○冷凍)
    return _LATIN_DOT.sub("・", text)


_LATIN_DOT = re.compile(r"(?<=[\u3040-\u30ff\u3400-\u9fff）)])[·•‧∙]")


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance, one numpy row at a time (insertions via a running minimum)."""
    import numpy as np      # here, not at import: the CLI starts without it
    if not a:
        return len(b)
    bb = np.frombuffer(b.encode("utf-32-le"), dtype=np.uint32)
    prev = np.arange(len(b) + 1)
    idx = np.arange(len(b) + 1)
    for i, ch in enumerate(a, 1):
        cur = np.empty_like(prev)
        cur[0] = i
        cur[1:] = np.minimum(prev[1:] + 1, prev[:-1] + (bb != ord(ch)))
        prev = np.minimum.accumulate(cur - idx) + idx
    return int(prev[-1])


def times_sign(text: str) -> str:
    """「200gx3」: OCR and typists write x for × between a quantity and a count."""
    return re.sub(r"(?<=[0-9a-zA-Z個本枚袋入)])\s*[xX×]\s*(?=\d)", "×", text)


def squash(text: object) -> str:
    """NFKC and drop all whitespace (OCR and layouts scatter spaces through Japanese)."""
    if type(text) is str and len(text) <= _SQUASH_CACHED_LEN:
        return _squash_short(text)
    return _SPACES.sub("", nfkc(text))


_SPACES = re.compile(r"\s+")
_SQUASH_CACHED_LEN = 200     # labels, cells, catalogue wordings: asked for again and again while a document is read


@lru_cache(maxsize=32768)
def _squash_short(text: str) -> str:
    return _SPACES.sub("", nfkc(text))


def _dash(text: str) -> str:
    return re.sub(f"(?<=\\d)\\s*[{_DASHES}-]\\s*(?=\\d)", "-", text)


_KANJI_RUN = re.compile(r"([〇一二三四五六七八九十]+)(?=\s*[年月日])")


def _kanji_int(run: str) -> str:
    """三 -> 3, 十九 -> 19, 三十一 -> 31, 二〇二六 -> 2026 (a date's numerals as printed on 縦書き permits)."""
    if "十" not in run:
        return "".join(_KANJI_DIGITS[c] for c in run)
    tens, _, ones = run.partition("十")
    if "十" in ones or len(tens) > 1 or len(ones) > 1:
        return run
    return str(int(_KANJI_DIGITS.get(tens, "1")) * 10 + int(_KANJI_DIGITS.get(ones, "0")))


def _date_text(text: object) -> str:
    """Printed text ready for the date patterns: NFKC, dashes, kanji numerals before 年/月/日 as digits."""
    s = _REIWA_MISREAD.sub("令", _PLUS_TEN.sub("十", _dash(nfkc(text))))
    return _KANJI_RUN.sub(lambda m: _kanji_int(m.group(1)), s).replace("〇", "0")


# 令 read as 合 or 今 before an era year (合和二年四月一日): no other word is 合和/今和 and a year
_REIWA_MISREAD = re.compile(r"[合今](?=和\s*(?:\d|[元一二三四五六七八九十]))")
# OCR reads the numeral 十 as + inside a date written in kanji (平成三十年+二月一日)
_PLUS_TEN = re.compile(r"(?<=[〇一二三四五六七八九年月])\+(?=[〇一二三四五六七八九]?[年月日])")


# an era year may come with OCR's blank inside it (令和1 1年): digits either side of a blank are one number;
# so may a month or day before its 月/日, or a speck between its digits (3月3 1日, 3月3.1日)
_MONTH = r"(\d[ .]?\d(?=\s*月)|\d{1,2})"
_DAY = r"(\d[ .]?\d(?=\s*日)|\d{1,2})"
_ERA_RE = re.compile(rf"(令和|平成|昭和|[RHS])\s*\.?\s*(\d ?\d|\d|元)\s*[年./\-]\s*{_MONTH}\s*[月./\-]\s*{_DAY}")
_WEST_RE = re.compile(rf"(\d{{4}})\s*[年./\-]\s*{_MONTH}\s*[月./\-]\s*{_DAY}")
_COMPACT_RE = re.compile(r"(?<!\d)((?:19|20)\d{2})(\d{2})(\d{2})(?!\d)")   # 20261231, 19750301 (exports)


def parse_date(text: str | None) -> dt.date | None:
    """令和8年5月1日, 令和元年…, R8.5.1, 2026.12.31, 2026/12/31, 2026年12月31日, 20261231."""
    s = _date_text(text)
    for rx, era in ((_ERA_RE, True), (_WEST_RE, False), (_COMPACT_RE, False)):
        m = rx.search(s)
        if not m:
            continue
        if era:
            y = ERAS[m.group(1)] + (1 if m.group(2) == "元" else int(m.group(2).replace(" ", "")))
            mo, d = m.group(3), m.group(4)
        else:
            y, mo, d = int(m.group(1)), m.group(2), m.group(3)
        try:
            return dt.date(y, int(re.sub(r"\D", "", mo)), int(re.sub(r"\D", "", d)))
        except ValueError:
            continue
    return None


_TIME_RE = re.compile(r"(午前|午後|AM|PM)?\s*(\d{1,2})\s*(?:[:：]|時)\s*(\d{1,2})?\s*分?", re.I)


def iso_datetime(text: str | None) -> str | None:
    """A date with the time printed after it (`2026年4月10日 13:00`, `令和8年4月10日午後1時30分`) as
    `YYYY-MM-DDTHH:MM`; the date alone (`YYYY-MM-DD`) when no time is printed."""
    parts = dated_parts(text)
    if not parts:
        return None
    day, rest = parts[0]
    m = _TIME_RE.match(re.sub(r"^\s*[(（][月火水木金土日][)）]\s*", "", rest).strip())   # (土) 6:30
    if not m:
        return day.isoformat()
    hh, mm = int(m.group(2)), int(m.group(3) or 0)
    if (m.group(1) or "").upper() in ("午後", "PM") and hh < 12:
        hh += 12
    if hh > 23 or mm > 59:
        return day.isoformat()
    return f"{day.isoformat()}T{hh:02d}:{mm:02d}"


def iso_date(text: str | None) -> str | None:
    d = parse_date(text)
    return d.isoformat() if d else None


_ERA_YM_RE = re.compile(r"(令和|平成|昭和|[RHS])\s*(\d{1,2}|元)\s*[年./\-]\s*(\d{1,2})\s*月?")
_WEST_YM_RE = re.compile(r"(\d{4})\s*[年./\-]\s*(\d{1,2})\s*月?")


def parse_month(text: str | None) -> str | None:
    """A year and month (`令和8年5月分`, `2026年5月`, `2026-05`) as `YYYY-MM`."""
    s = _date_text(text)
    m = _ERA_YM_RE.search(s)
    if m:
        y = ERAS[m.group(1)] + (1 if m.group(2) == "元" else int(m.group(2)))
        mo = int(m.group(3))
    else:
        m = _WEST_YM_RE.search(s)
        if not m:
            return None
        y, mo = int(m.group(1)), int(m.group(2))
    return f"{y:04d}-{mo:02d}" if 1 <= mo <= 12 else None


_UNITS = {"億": 100_000_000, "万": 10_000, "千": 1_000, "百": 100}


def _kanji_number(s: str) -> int | None:
    """'1万2千' -> 12000, '3千5百' -> 3500 (arabic digits with kanji multipliers)."""
    total, section, num = 0, 0, ""
    for ch in s:
        if ch.isdigit():
            num += ch
        elif ch in _UNITS:
            n = int(num) if num else 1
            if _UNITS[ch] >= 10_000:
                total += (section + n) * _UNITS[ch]
                section = 0
            else:
                section += n * _UNITS[ch]
            num = ""
        else:
            return None
    return total + section + (int(num) if num else 0)


_YEN_RE = re.compile(r"[¥\\]?\s*([0-9][0-9,.\s]*(?:[億万千百][0-9,]*)*)\s*(円|)")


_COUNTED = re.compile(r"%|割|パーセント|[尾個本枚袋箱缶瓶杯玉匹羽房束切粒包品種点組足着台冊部入日年月週歳才名人件回号番階℃度]|"
                      r"パック|セット|時間|丁目|サイズ|(?i:kg|mg|ml|cc|cm|mm|g|l|m)(?![a-z])")


def parse_yen(text: str | None) -> int | None:
    """12,000円, ¥12,000, 1万2千円, 12.000円 (a dot for a comma, as OCR reads it) -> 12000."""
    s = nfkc(text).replace("￥", "¥")
    s = "".join(_KANJI_DIGITS.get(c, c) for c in s) if re.search(r"[億万千百]", s) else s
    marked = [m for m in _YEN_RE.finditer(s) if m.group(2) or s[max(0, m.start()):m.start() + 1] in "¥\\"]
    # unmarked, a number before % is a rate (税率 10%) and one before a counter or unit is a quantity
    # (2尾セット, 300g, 180日), never an amount
    for m in marked or [m for m in _YEN_RE.finditer(s) if not _COUNTED.match(s[m.end():].lstrip())]:
        raw = re.sub(r"\s", "", m.group(1)).rstrip(",.")
        if not raw:
            continue
        if re.search(r"[億万千百]", raw):
            n = _kanji_number(raw.replace(",", ""))
            if n is not None:
                return n
            continue
        # a dot followed by groups of exactly three digits is a thousands separator
        if re.fullmatch(r"\d{1,3}([.,]\d{3})+", raw):
            return int(re.sub(r"[.,]", "", raw))
        if re.fullmatch(r"\d+", raw):
            return int(raw)
        if re.fullmatch(r"\d+\.\d{1,2}", raw):
            return int(float(raw))
    return None


def parse_number(text: str | None) -> float | int | None:
    """The first number in the text (commas allowed); int when whole."""
    m = re.search(r"-?\d[\d,]*(?:\.\d+)?", nfkc(text))
    if not m:
        return None
    v = float(m.group(0).replace(",", ""))
    return int(v) if v.is_integer() and "." not in m.group(0) else v


def parse_percent(text: str | None) -> float | int | None:
    """60%, 60％, ６０パーセント, 6割 -> 60; 12.5% -> 12.5."""
    s = nfkc(text)
    m = re.search(r"(\d+(?:\.\d+)?)\s*(%|パーセント|割)", s)
    if not m:
        return None
    v = float(m.group(1)) * (10 if m.group(2) == "割" else 1)
    return int(v) if v.is_integer() else v


_PHONE_RE = re.compile(r"(?<!\d)\(?(0\d{1,4})[-()]\s*(\d{1,4})[-)]\s*(\d{3,4})(?!\d)")   # 0277-10-3456, (0277)10-3456
_PHONE_DIGITS_RE = re.compile(r"(?<!\d)(0\d{9,10})(?!\d)")


def parse_phone(text: str | None) -> str | None:
    """A Japanese phone number as hyphenated digits (0980-82-1234)."""
    s = _dash(nfkc(text)).replace(" ", "")
    m = _PHONE_RE.search(s)
    if m:
        return "-".join(m.groups())
    m = _PHONE_DIGITS_RE.search(s)
    if m:
        d = m.group(1)
        return f"{d[:3]}-{d[3:7]}-{d[7:]}" if len(d) == 11 else f"{d[:2]}-{d[2:6]}-{d[6:]}"
    return None


def parse_postal(text: str | None) -> str | None:
    """〒925-0198 / 9250198 -> 925-0198."""
    s = _dash(nfkc(text))
    m = re.search(r"(?<!\d)(\d{3})-?(\d{4})(?!\d)", s.replace("〒", " "))
    return f"{m.group(1)}-{m.group(2)}" if m else None


def dated_parts(text: str | None) -> list[tuple[dt.date, str]]:
    """Every date in the text, in order, each with the text that follows it up to the next date.

    What follows tells a period's start from its end: 「令和6年4月1日から」 / 「…まで」.
    """
    s = _date_text(text)
    found: list[tuple[int, int, dt.date]] = []
    for rx in (_ERA_RE, _WEST_RE):
        for m in rx.finditer(s):
            if any(a < m.end() and m.start() < b for a, b, _ in found):
                continue
            d = parse_date(s[m.start():m.end() + 2])     # with its 日: a day read 3.1 is 31 only before one
            if d:
                found.append((m.start(), m.end(), d))
    found.sort(key=lambda x: x[0])
    ends = [a for a, _, _ in found[1:]] + [len(s)]
    return [(d, re.sub(r"^\s*日", "", s[b:nxt])) for (_, b, d), nxt in zip(found, ends)]   # the day's 日 is the date's


def all_dates(text: str | None) -> list[dt.date]:
    """Every date in the text, in order (for ranges like 'R8.1.1 ～ R8.3.31')."""
    return [d for d, _ in dated_parts(text)]
