"""Dates and times in every accepted spelling, parsed column by column, and the evidence that
decides a column's day/month order."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from analytics.csvio.arrays import bytes_of, count_true, has_byte, lengths_of, offsets_of

_MIN_YEAR, _MAX_YEAR = 1900, 2200
_NS_PER_SECOND = 10**9
NS_PER_DAY = 86_400 * _NS_PER_SECOND
NAT = np.iinfo(np.int64).min
_EXCEL_UNIX_EPOCH = 25_569  # Excel's serial day number of 1970-01-01 (its day 0 is 1899-12-30)
_DATE_PATTERN = (
    r"^(?P<a>\d{1,4})(?P<s1>[-/.])(?P<b>\d{1,2})(?P<s2>[-/.])(?P<c>\d{1,4})"
    r"(?:(?:T|\s+)(?P<H>\d{1,2})(?::(?P<M>\d{2})(?::(?P<S>\d{2})(?:[.,](?P<F>\d{1,9}))?)?)?"
    r"\s*(?P<P>[aApP]\.?\s?[mM]\.?)?)?Z?$"
)
SERIAL_PATTERN = r"^\d{1,6}(?:[.,]\d+)?$"
_DM_PATTERN = r"^(?P<a>\d{1,2})[-/.](?P<b>\d{1,2})[-/.]\d{4}(?:$|[T\s])"
_ISO_PATTERN = r"^\d{4}[-/.]\d{1,2}[-/.]\d{1,2}(?:$|[T\s])"
_MIN_NS = (np.datetime64(f"{_MIN_YEAR}-01-01", "ns").astype(np.int64)).item()
_MAX_NS = (np.datetime64(f"{_MAX_YEAR + 1}-01-01", "ns").astype(np.int64)).item()
# Excel serials are accepted from 1950 on: smaller numbers in a date column are far more often a
# typing error than a date before 1950.
_MIN_SERIAL_NS = (np.datetime64("1950-01-01", "ns").astype(np.int64)).item()
_MONTH_DAYS = np.array([31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31], np.int64)


def _days_from_civil(y: np.ndarray, m: np.ndarray, d: np.ndarray) -> np.ndarray:
    """Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm), vectorised."""
    y = y - (m <= 2)
    era = np.floor_divide(y, 400)
    yoe = y - era * 400
    doy = (153 * ((m + 9) % 12) + 2) // 5 + d - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146_097 + doe - 719_468


def _valid_date(y: np.ndarray, m: np.ndarray, d: np.ndarray) -> np.ndarray:
    leap = ((y % 4 == 0) & (y % 100 != 0)) | (y % 400 == 0)
    month_days = _MONTH_DAYS[np.clip(m - 1, 0, 11)] + ((m == 2) & leap)
    return (y >= _MIN_YEAR) & (y <= _MAX_YEAR) & (m >= 1) & (m <= 12) & (d >= 1) & (d <= month_days)


def _digits(mat: np.ndarray, cols: list[int]) -> tuple[np.ndarray, np.ndarray]:
    """The number written in the given byte columns, and whether they were all digits."""
    d = mat[:, cols[0]] - np.uint8(48)  # wraps around: anything but a digit becomes ≥ 10
    ok = d <= 9
    value = d.astype(np.int32)
    for c in cols[1:]:
        d = mat[:, c] - np.uint8(48)
        ok &= d <= 9
        value *= 10
        value += d
    return value, ok


def _is_sep(col: np.ndarray) -> np.ndarray:
    return (col == ord("-")) | (col == ord("/")) | (col == ord("."))


def _fixed_width_dates(s: pa.Array, nonempty: np.ndarray, dm_order: str) -> tuple[np.ndarray, np.ndarray]:
    """Fast path for the common zero-padded layouts (yyyy-mm-dd / dd/mm/yyyy, optionally with
    hh:mm or hh:mm:ss): the values become a byte matrix and are parsed with numpy.
    Returns (ns, ok); rows not ok go to the general path, which also explains rejects."""
    n = len(s)
    ns = np.full(n, NAT, np.int64)
    ok = np.zeros(n, bool)
    lengths = lengths_of(s)
    for width in (10, 16, 19):
        idx = np.flatnonzero(nonempty & (lengths == width))
        if idx.size == 0:
            continue
        raw = s.view(pa.binary())
        sub = (raw if idx.size == n and not s.null_count else raw.take(pa.array(idx))).cast(pa.binary(width))
        mat = np.frombuffer(sub.buffers()[1], np.uint8)[: idx.size * width].reshape(idx.size, width)
        iso = _is_sep(mat[:, 4]) & (mat[:, 4] == mat[:, 7])
        dm = _is_sep(mat[:, 2]) & (mat[:, 2] == mat[:, 5])
        y = np.zeros(idx.size, np.int32)
        m = np.zeros(idx.size, np.int32)
        d = np.zeros(idx.size, np.int32)
        for layout, (yc, first, second) in (
            (iso, ([0, 1, 2, 3], [5, 6], [8, 9])),
            (dm, ([6, 7, 8, 9], [0, 1], [3, 4])),
        ):
            if not layout.any():  # a column is nearly always one layout: skip the other
                continue
            yy, ok_y = _digits(mat, yc)
            aa, ok_a = _digits(mat, first)
            bb, ok_b = _digits(mat, second)
            layout &= ok_y & ok_a & ok_b
            if layout is iso or dm_order == "mdy":
                mm, dd = aa, bb
            else:
                mm, dd = bb, aa
            y = np.where(layout, yy, y)
            m = np.where(layout, mm, m)
            d = np.where(layout, dd, d)
        good = (iso | dm) & _valid_date(y, m, d)
        seconds = np.zeros(idx.size, np.int32)
        if width >= 16:
            hh, ok_h = _digits(mat, [11, 12])
            mm, ok_mi = _digits(mat, [14, 15])
            good &= ((mat[:, 10] == ord(" ")) | (mat[:, 10] == ord("T"))) & (mat[:, 13] == ord(":"))
            good &= ok_h & ok_mi & (hh < 24) & (mm < 60)
            seconds = hh * 3600 + mm * 60
        if width == 19:
            ss, ok_s = _digits(mat, [17, 18])
            good &= (mat[:, 16] == ord(":")) & ok_s & (ss < 60)
            seconds = seconds + ss
        days = _days_from_civil(y, m, d).astype(np.int64)
        ns[idx] = np.where(good, days * NS_PER_DAY + seconds.astype(np.int64) * _NS_PER_SECOND, NAT)
        ok[idx] = good
    return ns, ok


def _field_ints(res: pa.StructArray, name: str) -> tuple[np.ndarray, np.ndarray]:
    """An extracted group as int64 (-1 where absent) and its length in characters."""
    f = res.field(name)
    length = pc.fill_null(pc.utf8_length(f), 0).to_numpy(zero_copy_only=False).astype(np.int64)
    present = pc.if_else(pc.equal(f, ""), pa.scalar(None, pa.string()), f)
    return pc.fill_null(pc.cast(present, pa.int64()), -1).to_numpy(zero_copy_only=False), length


def _general_dates(
    s: pa.Array, dm_order: str, decimal_comma: bool
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every accepted spelling, on non-empty values: returns (ns, ok, contradicts_order)."""
    res = pc.extract_regex(s, _DATE_PATTERN)
    matched = res.is_valid().to_numpy(zero_copy_only=False)
    a, len_a = _field_ints(res, "a")
    b, _ = _field_ints(res, "b")
    c, len_c = _field_ints(res, "c")
    same_sep = pc.fill_null(pc.equal(res.field("s1"), res.field("s2")), False).to_numpy(zero_copy_only=False)
    ymd = matched & same_sep & (len_a == 4) & (len_c <= 2)
    dm = matched & same_sep & (len_a <= 2) & (len_c == 4)
    day_dm, month_dm = (a, b) if dm_order == "dmy" else (b, a)
    y = np.where(ymd, a, c)
    m = np.where(ymd, b, month_dm)
    d = np.where(ymd, c, day_dm)
    good_date = (ymd | dm) & _valid_date(y, m, d)
    contradicts = dm & ~good_date & _valid_date(c, day_dm, month_dm)

    hh, _ = _field_ints(res, "H")
    mi, _ = _field_ints(res, "M")
    ss, _ = _field_ints(res, "S")
    frac, len_f = _field_ints(res, "F")
    ampm = pc.fill_null(pc.utf8_lower(res.field("P")), "").to_numpy(zero_copy_only=False).astype(str)
    has_ampm = np.char.str_len(ampm) > 0
    pm = np.char.startswith(ampm, "p")
    time_ok = (hh < 0) | (np.where(has_ampm, (hh >= 1) & (hh <= 12), hh < 24) & (mi < 60) & (ss < 60))
    hour = np.where(has_ampm, hh % 12 + np.where(pm, 12, 0), hh)
    seconds = np.maximum(hour, 0) * 3600 + np.maximum(mi, 0) * 60 + np.maximum(ss, 0)
    frac_ns = np.where(len_f > 0, np.maximum(frac, 0) * 10 ** np.clip(9 - len_f, 0, 9), 0)
    ok = good_date & time_ok
    with np.errstate(over="ignore"):
        ns = np.where(ok, _days_from_civil(y, m, d) * NS_PER_DAY + seconds * _NS_PER_SECOND + frac_ns, NAT)

    # Excel serial day numbers (45382 or 45382.5), accepted in every date column.
    serial = ~matched & pc.fill_null(pc.match_substring_regex(s, SERIAL_PATTERN), False).to_numpy(
        zero_copy_only=False
    )
    if serial.any():
        idx = np.flatnonzero(serial)
        text = s.take(pa.array(idx))
        if decimal_comma or has_byte(text, ord(",")):
            text = pc.replace_substring(text, ",", ".")
        days = pc.cast(text, pa.float64()).to_numpy(zero_copy_only=False) - _EXCEL_UNIX_EPOCH
        in_range = (days * NS_PER_DAY >= _MIN_SERIAL_NS) & (days * NS_PER_DAY < _MAX_NS)
        ns[idx] = np.where(in_range, np.round(days * 86_400).astype(np.int64) * _NS_PER_SECOND, NAT)
        ok[idx] = in_range
    return ns, ok, contradicts


def _looks_iso(s: pa.Array, nonempty: np.ndarray) -> bool:
    """Whether every value has the dashes of yyyy-mm-dd where Arrow's ISO parser wants them."""
    starts = offsets_of(s)[:-1][nonempty]
    if not starts.size:
        return False
    data = bytes_of(s)
    lengths = lengths_of(s)[nonempty]
    if lengths.min() < 10:
        return False
    return bool(((data[starts + 4] == ord("-")) & (data[starts + 7] == ord("-"))).all())


def parse_dates(
    s: pa.Array, nonempty: np.ndarray, dm_order: str, decimal_comma: bool, excel_first: bool
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Returns (ns as int64 with NaT, ok, contradicts_order) for a cleaned string column."""
    n = len(s)
    contradicts = np.zeros(n, bool)
    ns = ok = None
    if excel_first:
        try:
            text = pc.replace_substring(s, ",", ".") if decimal_comma else s
            days = pc.cast(text, pa.float64()).to_numpy(zero_copy_only=False) - _EXCEL_UNIX_EPOCH
            ok = nonempty & (days * NS_PER_DAY >= _MIN_SERIAL_NS) & (days * NS_PER_DAY < _MAX_NS)
            ns = np.where(ok, np.round(np.nan_to_num(days) * 86_400).astype(np.int64) * _NS_PER_SECOND, NAT)
            if not ok[nonempty].all():
                ns = ok = None  # a few are dates written out: the general path reads everything
        except pa.ArrowInvalid:
            ns = ok = None
    if ns is None and _looks_iso(s, nonempty):
        try:
            # Arrow's own ISO-8601 parser validates and is the fastest, but it fails as a whole,
            # and slowly, hence the look at the separators first.
            ns = pc.cast(s, pa.timestamp("ns")).to_numpy(zero_copy_only=False).view(np.int64).copy()
            ok = nonempty.copy()
        except pa.ArrowInvalid:
            pass
    if ns is None:
        ns, ok = _fixed_width_dates(s, nonempty, dm_order)
        rest = np.flatnonzero(nonempty & ~ok)
        if rest.size:
            g_ns, g_ok, g_contra = _general_dates(s.take(pa.array(rest)), dm_order, decimal_comma)
            ns[rest] = g_ns
            ok[rest] = g_ok
            contradicts[rest] = g_contra
    ok &= (ns >= _MIN_NS) & (ns < _MAX_NS)
    ns[~ok] = NAT
    return ns, ok, contradicts & ~ok


def date_evidence(s: pa.Array) -> dict[str, int]:
    """Counts, over a sample of a date column, of the forms that decide its order."""
    s = s.drop_null()
    iso = pc.fill_null(pc.match_substring_regex(s, _ISO_PATTERN), False)
    rest = s.filter(pc.invert(iso))
    dm = pc.extract_regex(rest, _DM_PATTERN)
    is_dm = dm.is_valid().to_numpy(zero_copy_only=False)
    a, _ = _field_ints(dm, "a")
    b, _ = _field_ints(dm, "b")
    return {
        "dm": int(is_dm.sum()),
        "day_first": int((is_dm & (a > 12) & (b <= 12)).sum()),
        "month_first": int((is_dm & (b > 12) & (a <= 12)).sum()),
        "iso": count_true(iso),
        "excel": count_true(pc.match_substring_regex(rest, SERIAL_PATTERN)),
    }
