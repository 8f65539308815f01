"""Events over time per claimant: the series (one grouped query) and an accessible SVG bar chart built in Python."""

from dataclasses import dataclass, field
from datetime import date, timedelta
from html import escape

from sqlalchemy import func, or_
from sqlmodel import Session, col, select

from app.events.browse import EventFilters, where
from app.events.models import ConflictEvent
from app.events.wording import claimant_label

# Up to this many days a bar is a day; up to DAILY_MAX * 7 a week; beyond, a month.
DAILY_MAX = 92
WEEKLY_MAX = 7 * 110
MIN_DAYS = 14  # a window found from the events themselves spans at least this many days
MAX_BAR = 28  # pixels: a few bars stay bars, not a wall
# Colour-blind-safe (Okabe-Ito), in the order claimants are met (most events first).
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442")
FIXED_COLOURS = {"Russian MoD": 1, "Ukrainian General Staff": 0, "ISW": 2}  # palette positions


@dataclass
class Bucket:
    """One bar: the first day it covers and the events per claimant in it."""

    start: date
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        """Events in this bar, all claimants together."""
        return sum(self.counts.values())


@dataclass
class Timeline:
    """Events per bucket per claimant over a window."""

    start: date
    end: date
    unit: str  # day / week / month
    claimants: list[str]  # most events first
    buckets: list[Bucket]
    undated: int = 0

    @property
    def total(self) -> int:
        """Dated events in the window."""
        return sum(b.total for b in self.buckets)

    @property
    def peak(self) -> int:
        """The tallest bar."""
        return max((b.total for b in self.buckets), default=0)

    def label(self, bucket: Bucket) -> str:
        """A bucket as a reader says it: '4 Jan 2026', 'week of 5 Jan 2026', 'January 2026'."""
        if self.unit == "month":
            return bucket.start.strftime("%B %Y")
        day = f"{bucket.start.day} {bucket.start.strftime('%b %Y')}"
        return f"week of {day}" if self.unit == "week" else day


def unit_for(start: date, end: date) -> str:
    """Bars per day for short windows, per week or month for longer ones."""
    days = (end - start).days + 1
    return "day" if days <= DAILY_MAX else "week" if days <= WEEKLY_MAX else "month"


def bucket_start(day: date, unit: str) -> date:
    """The first day of the bucket a day falls in (weeks start on Monday)."""
    if unit == "week":
        return day - timedelta(days=day.weekday())
    if unit == "month":
        return day.replace(day=1)
    return day


def _next(day: date, unit: str) -> date:
    if unit == "month":
        return (day.replace(day=28) + timedelta(days=4)).replace(day=1)
    return day + timedelta(days=7 if unit == "week" else 1)


def timeline(
    session: Session, *, filters: EventFilters, start: date | None = None, end: date | None = None
) -> Timeline | None:
    """Events per day (week, month) per claimant matching the filters; the window defaults to their date range."""
    explicit = start is not None and end is not None
    query = where(select(ConflictEvent.date, ConflictEvent.claimant, func.count()), filters)
    if start is not None:
        query = query.where(or_(col(ConflictEvent.date) >= start, col(ConflictEvent.date).is_(None)))
    if end is not None:
        query = query.where(or_(col(ConflictEvent.date) <= end, col(ConflictEvent.date).is_(None)))
    # One grouped scan gives the bars, the undated count and (when no window is given) the window itself.
    grouped = session.exec(query.group_by(col(ConflictEvent.date), col(ConflictEvent.claimant))).all()
    rows = [(day_, claimant, int(count)) for day_, claimant, count in grouped if day_ is not None]
    undated = sum(int(count) for day_, _, count in grouped if day_ is None)
    start = start or min((r[0] for r in rows), default=None)
    end = end or max((r[0] for r in rows), default=None)
    if start is None or end is None or start > end:
        return None
    if explicit is False and (end - start).days < MIN_DAYS - 1:
        start = end - timedelta(days=MIN_DAYS - 1)  # a lone day still shows the fortnight before it
    unit = unit_for(start, end)
    buckets: dict[date, Bucket] = {}
    day = bucket_start(start, unit)
    while day <= end:
        buckets[day] = Bucket(day)
        day = _next(day, unit)
    per_claimant: dict[str, int] = {}
    for day_, claimant, count in rows:
        bucket = buckets[bucket_start(day_, unit)]
        bucket.counts[claimant] = bucket.counts.get(claimant, 0) + int(count)
        per_claimant[claimant] = per_claimant.get(claimant, 0) + int(count)
    claimants = sorted(per_claimant, key=lambda c: (-per_claimant[c], c))
    return Timeline(start, end, unit, claimants, list(buckets.values()), undated)


def colours(claimants: list[str]) -> dict[str, str]:
    """A colour per claimant: the same one on every chart for the best-known claimants, the rest in order."""
    fixed = {c: PALETTE[FIXED_COLOURS[claimant_label(c)]] for c in claimants if claimant_label(c) in FIXED_COLOURS}
    free = [colour for colour in PALETTE if colour not in fixed.values()]
    others = [c for c in claimants if c not in fixed]
    return {**fixed, **{c: free[i % len(free)] for i, c in enumerate(others)}}


def describe(line: Timeline) -> str:
    """One sentence a screen reader can read instead of the bars."""
    per = {c: sum(b.counts.get(c, 0) for b in line.buckets) for c in line.claimants}
    who = "; ".join(f"{claimant_label(c)} {n}" for c, n in per.items()) or "no events"
    peak = max(line.buckets, key=lambda b: b.total, default=None)
    busiest = f" The busiest {line.unit} was {line.label(peak)} with {peak.total}." if peak and peak.total else ""
    return (
        f"{line.total} claimed events from {line.start:%-d %b %Y} to {line.end:%-d %b %Y}, "
        f"one bar per {line.unit}, by claimant: {who}.{busiest}"
    )


def svg(line: Timeline, *, chart_id: str = "timeline", width: int = 640, height: int = 180) -> str:
    """The timeline as an inline SVG bar chart stacked by claimant, with a title, a description and a legend."""
    left, right, top, bottom = 34, 8, 10, 40
    plot_w, plot_h = width - left - right, height - top - bottom
    peak = max(line.peak, 1)
    slot = plot_w / max(len(line.buckets), 1)
    bar_w = min(max(slot * 0.8, 1.0), MAX_BAR)
    palette = colours(line.claimants)
    esc = escape
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="timeline" id="{chart_id}" role="img" '
        f'viewBox="0 0 {width} {height + 18 * _legend_rows(line)}" '
        f'aria-labelledby="{chart_id}-title" aria-describedby="{chart_id}-desc">',
        f'<title id="{chart_id}-title">Claimed events per {line.unit} by claimant</title>',
        f'<desc id="{chart_id}-desc">{esc(describe(line))}</desc>',
        f'<g class="axis" font-size="10" fill="#5d6675"><text x="{left - 4}" y="{top + 8}" text-anchor="end">{peak}'
        f'</text><text x="{left - 4}" y="{top + plot_h}" text-anchor="end">0</text></g>',
        f'<line x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" y2="{top + plot_h}" stroke="#9aa3b0"/>',
    ]
    for i, bucket in enumerate(line.buckets):
        x = left + i * slot + (slot - bar_w) / 2
        y = float(top + plot_h)
        for claimant in line.claimants:
            count = bucket.counts.get(claimant, 0)
            if not count:
                continue
            h = plot_h * count / peak
            y -= h
            tip = f"{line.label(bucket)}: {claimant_label(claimant)}, {count} event{'s' if count != 1 else ''}"
            parts.append(
                f'<rect class="bar" x="{x:.1f}" y="{y:.1f}" width="{bar_w:.1f}" height="{h:.1f}" '
                f'fill="{palette[claimant]}"><title>{esc(tip)}</title></rect>'
            )
    parts += _ticks(line, left, top + plot_h, slot)
    parts += _legend(line, palette, left, height)
    parts.append("</svg>")
    return "".join(parts)


def _ticks(line: Timeline, left: float, base: float, slot: float) -> list[str]:
    """Up to six date labels along the bottom, first and last always."""
    n = len(line.buckets)
    step = max(1, -(-n // 6))
    picks = sorted({*range(0, n, step), n - 1}) if n else []
    if len(picks) > 2 and picks[-1] - picks[-2] < step * 0.75:
        picks.pop(-2)  # the last label would run into the one before it
    out = ['<g class="ticks" font-size="10" fill="#5d6675">']
    for i in picks:
        b = line.buckets[i]
        text = b.start.strftime("%b %Y") if line.unit == "month" else f"{b.start.day} {b.start:%b}"
        if line.unit != "month" and line.start.year != line.end.year:
            text += f" {b.start:%Y}"  # a window across new year names the year of every tick
        anchor = "start" if i == 0 else "end" if i == n - 1 and n > 1 else "middle"
        x = left + i * slot + (slot / 2 if anchor == "middle" else 0 if anchor == "start" else slot)
        out.append(f'<text x="{x:.1f}" y="{base + 14}" text-anchor="{anchor}">{escape(text)}</text>')
    out.append("</g>")
    return out


def _legend_rows(line: Timeline) -> int:
    return max(0, -(-len(line.claimants) // 3) - 1)


def _legend(line: Timeline, palette: dict[str, str], left: float, height: int) -> list[str]:
    out = ['<g class="legend" font-size="11" fill="#1d2430">']
    for i, claimant in enumerate(line.claimants):
        x, y = left + (i % 3) * 200, height - 12 + (i // 3) * 18
        out.append(
            f'<rect x="{x}" y="{y - 9}" width="10" height="10" fill="{palette[claimant]}"/>'
            f'<text x="{x + 14}" y="{y}">{escape(claimant_label(claimant))}</text>'
        )
    out.append("</g>")
    return out
