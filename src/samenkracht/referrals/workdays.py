"""Working days (Monday to Friday) for the answer deadline of a referral. Public holidays are not counted
out: the deadline is a signal to the sender, not a legal term."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.utils import timezone


def add_working_days(start: datetime, days: int) -> datetime:
    """The moment `days` working days after `start`. A start in the weekend counts from Monday 00:00."""
    local = timezone.localtime(start)
    while local.weekday() >= 5:
        local = timezone.make_aware(datetime.combine(local.date() + timedelta(days=1), time(0, 0)))
    counted = 0
    while counted < days:
        local = local + timedelta(days=1)
        if local.weekday() < 5:
            counted += 1
    return local


def working_days_between(start: datetime, end: datetime) -> int:
    """Whole working days from `start` to `end` (0 when end is not later)."""
    if end <= start:
        return 0
    count, day = 0, timezone.localtime(start).date()
    last = timezone.localtime(end).date()
    while day < last:
        day += timedelta(days=1)
        if day.weekday() < 5:
            count += 1
    return count
