"""The data structure of a report, shared by the web pages, the API and the exports.

A report holds text only: every number is already formatted and small numbers are already suppressed (see
`reports.compute`), so an export can never show more than the page does.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass
class Table:
    caption: str
    columns: list[str]
    rows: list[list[str]]


@dataclass
class Chart:
    kind: str  # "bar" or "line"
    title: str
    labels: list[str]
    values: list[float | None]  # None: suppressed or no data
    displays: list[str]
    unit: str
    target: float | None = None


@dataclass
class Section:
    title: str
    table: Table
    chart: Chart | None = None
    intro: str = ""
    key: str = ""


@dataclass
class Report:
    title: str
    subtitle: str
    start: date
    end: date
    sections: list[Section] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    municipality_id: int | None = None
    subject: str = "report"
    subject_id: str = ""
    summary: Table | None = None

    @property
    def filename(self) -> str:
        slug = "".join(ch if ch.isalnum() else "-" for ch in self.title.lower()).strip("-")
        while "--" in slug:
            slug = slug.replace("--", "-")
        return f"{slug[:60] or 'rapport'}-{self.start.isoformat()}-{self.end.isoformat()}"

    def tables(self) -> list[Table]:
        return ([self.summary] if self.summary else []) + [s.table for s in self.sections]

    def as_dict(self) -> dict:
        return {
            "title": self.title, "subtitle": self.subtitle, "start": self.start.isoformat(),
            "end": self.end.isoformat(), "notes": self.notes,
            "tables": [{"caption": t.caption, "columns": t.columns, "rows": t.rows} for t in self.tables()],
        }
