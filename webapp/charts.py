"""Charts drawn on the server as SVG: no script, readable by a screen reader (title, description, labels).

Two charts for the reporting dashboard: the reports received over time as a cumulative step line with
the deadline marked, and the summed indicators as horizontal bars. Each point and bar carries its own
`<title>`, so hovering or reading it gives the unit, the date or the figure.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from markupsafe import Markup, escape

from webapp.i18n import _, lang_attr, name_text, user_text, vi_lang
from webapp.pages import vn_date

WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 48, 24, 36, 40
AFTER_DEADLINE = timedelta(days=7)  # the axis runs a week past the deadline, so late reports show


def _svg(chart_id: str, title: str, description: str, height: int, body: list[str], as_written: list[str]) -> Markup:
    """`as_written`: the texts in `description` quoted as written (a deadline's words, a name without English)."""
    # Every text in the chart is escaped where it is written (escape() here and in _text; the i18n helpers escape
    # what they put in attributes): the SVG is safe markup.
    return Markup(  # nosec B704
        f'<svg class="chart" id="{chart_id}" role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" '
        f'viewBox="0 0 {WIDTH} {height}" width="100%" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{chart_id}-title">{escape(title)}</title>'
        f'<desc id="{chart_id}-desc"{user_text(*as_written)}>{escape(description)}</desc>'
        + "".join(body) + "</svg>")


def _text(x: float, y: float, text: str, css: str, anchor: str = "start", lang: str = "") -> str:
    """`lang`: `vi_lang()` for a text as written (on an English page)."""
    return f'<text class="{css}" x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}"{lang}>{escape(text)}</text>'


# --- reports received over time -----------------------------------------------------------------


class _Axes:
    """Days to x, counts to y."""

    def __init__(self, start: datetime, end: datetime, top_count: int):
        self.start, self.span = start, max((end - start).total_seconds(), 1)
        self.top_count = max(top_count, 1)
        self.plot_w, self.plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(self, moment: datetime) -> float:
        return LEFT + (moment - self.start).total_seconds() / self.span * self.plot_w

    def y(self, count: int) -> float:
        return TOP + self.plot_h - count / self.top_count * self.plot_h


def _midnight(day: date) -> datetime:
    return datetime.combine(day, datetime.min.time())


def submissions_chart(timeline: dict) -> Markup:
    """A cumulative step line of the reports received, one point per report, the deadline a dashed line."""
    submissions, deadlines, expected = timeline["submissions"], timeline["deadlines"], timeline["expected"]
    start = _midnight(timeline["opens_on"])
    end = _midnight(max([day + AFTER_DEADLINE for day, _ in deadlines]
                        + [s["at"].date() + timedelta(days=1) for s in submissions]))
    axes = _Axes(start, end, expected)
    body = _submission_axes(axes, start, end, expected)
    body += [_deadline(axes, day, text) for day, text in deadlines]
    steps = [f"M{axes.x(start):.1f},{axes.y(0):.1f}"]
    for s in submissions:
        steps.append(f"H{axes.x(s['at']):.1f}V{axes.y(s['count']):.1f}")
    steps.append(f"H{axes.x(end):.1f}")
    body.append(f'<path class="step" d="{"".join(steps)}" fill="none"/>')
    body += [_point(axes, s) for s in submissions]
    late = sum(1 for s in submissions if s["standing"] == "late")
    description = _("{received}/{expected} báo cáo đã nhận, {late} báo cáo nộp trễ hạn; hạn: {due}.").format(
        received=len(submissions), expected=expected, late=late, due=", ".join(text for _, text in deadlines))
    return _svg("chart-submissions", _("Số báo cáo đã nhận theo thời gian"), description, HEIGHT, body,
                [text for _day, text in deadlines])


def _submission_axes(axes: _Axes, start: datetime, end: datetime, expected: int) -> list[str]:
    bottom, right = axes.y(0), WIDTH - RIGHT
    body = [f'<line class="axis" x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{bottom:.1f}"/>',
            f'<line class="axis" x1="{LEFT}" y1="{bottom:.1f}" x2="{right}" y2="{bottom:.1f}"/>',
            _text(LEFT, HEIGHT - 6, vn_date(start.date()), "tick"),
            _text(right, HEIGHT - 6, vn_date(end.date()), "tick", "end"),
            _text(LEFT, 14, _("Số báo cáo đã nhận (lũy kế)"), "axis-title")]
    step = -(-expected // 5) or 1  # at most six labelled counts
    for count in sorted({*range(0, expected, step), expected}):
        body.append(_text(LEFT - 6, axes.y(count) + 4, str(count), "tick", "end"))
        body.append(f'<line class="grid" x1="{LEFT}" y1="{axes.y(count):.1f}" x2="{right}" y2="{axes.y(count):.1f}"/>')
    return body


def _deadline(axes: _Axes, day: date, text: str) -> str:
    """The first late day starts at midnight: a report on the line or to its right is late."""
    x = axes.x(_midnight(day))
    return (f'<g class="deadline"><line x1="{x:.1f}" y1="{TOP - 8}" x2="{x:.1f}" y2="{axes.y(0):.1f}"/>'
            + f'<text class="deadline-label" x="{x:.1f}" y="{HEIGHT - 22}" text-anchor="middle">'
            + f'{escape(_("Hạn"))}: {_written(text)}</text></g>')


def _written(text: str) -> str:
    """A deadline's words, as written: marked Vietnamese on an English page (a <tspan>, as SVG has no <span>)."""
    return f"<tspan{vi_lang()}>{escape(text)}</tspan>" if vi_lang() else str(escape(text))


def _point(axes: _Axes, submission: dict) -> str:
    label = f"{submission['unit_name']}: {vn_date(submission['at'])}"
    return (f'<circle class="point {submission["standing"]}" cx="{axes.x(submission["at"]):.1f}" '
            f'cy="{axes.y(submission["count"]):.1f}" r="4.5"><title{vi_lang()}>{escape(label)}</title></circle>')


# --- summed indicators --------------------------------------------------------------------------

ROW = 46


def indicator_chart(rows: list[dict]) -> Markup:
    """One horizontal bar per indicator, its label above it and its total at its end."""
    top = max([r["total"] for r in rows] + [1])
    span = WIDTH - LEFT - 2 * RIGHT
    body = []
    for n, row in enumerate(rows):
        y = 8 + n * ROW
        width = row["total"] / top * span
        # An indicator of a shipped scheme has English (webapp/i18n.py); a province's own is shown as written.
        name, lang = name_text(row["label"]), lang_attr(row["label"])
        body.append(_text(LEFT, y + 12, name, "bar-label", lang=lang))
        label = f"{name}: {row['total']}"
        body.append(f'<rect class="bar" x="{LEFT}" y="{y + 18}" width="{width:.1f}" height="16">'
                    f'<title{lang}>{escape(label)}</title></rect>')
        body.append(_text(LEFT + width + 6, y + 31, str(row["total"]), "bar-value"))
    description = "; ".join(f"{name_text(r['label'])}: {r['total']}" for r in rows)
    untranslated = [r["label"] for r in rows if lang_attr(r["label"])]
    return _svg("chart-indicators", _("Tổng các chỉ tiêu của báo cáo đã nhận"), description, 16 + ROW * len(rows),
                body, untranslated)
