"""The collector registry of subject access (inzage): every app that holds resident data adds a collector.

A collector is a function ``collector(person) -> dict``: everything its app holds about this person (and
the household the person belongs to), JSON-serialisable, with Dutch section labels, e.g.

    {"label": "Doorverwijzingen", "items": [...]}

The access check and the log entry are done once by ``rights.services.subject_access`` before any collector
runs; collectors only read. An app registers its collector with one line, in its AppConfig.ready::

    from samenkracht.rights import registry
    registry.register("referrals", "samenkracht.referrals.rights.collect")

(a dotted path is imported on first use, so ``ready`` stays free of model imports), or by adding the dotted
path to ``COLLECTORS`` below. Sections appear in registration order; names are unique.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module

Collector = Callable[[object], dict]

# Collectors shipped with rights (apps outside this list register themselves in AppConfig.ready).
COLLECTORS: list[tuple[str, str]] = [
    ("plans", "samenkracht.rights.collectors.plans"),
    ("frontdoor", "samenkracht.rights.collectors.frontdoor"),
    ("corrections", "samenkracht.rights.collectors.corrections"),
    ("rights_requests", "samenkracht.rights.collectors.rights_requests"),
    ("access_log", "samenkracht.rights.collectors.access_log"),
]

_registry: dict[str, Collector | str] = {}


def register(name: str, collector: Collector | str) -> None:
    """Add (or replace) the collector called `name`: a callable or the dotted path of one."""
    if not name or not (callable(collector) or isinstance(collector, str)):
        raise TypeError("register(name, collector): collector is a callable or a dotted path")
    _registry[name] = collector


def unregister(name: str) -> None:
    _registry.pop(name, None)


def _resolve(collector: Collector | str) -> Collector:
    if callable(collector):
        return collector
    module, _, attribute = collector.rpartition(".")
    return getattr(import_module(module), attribute)


def collectors() -> list[tuple[str, Collector]]:
    """The collectors in order: the shipped ones first (the access log last), then the registered ones."""
    names = [name for name, _path in COLLECTORS]
    shipped = dict(COLLECTORS)
    ordered = [n for n in names if n != "access_log"] + [n for n in _registry if n not in shipped] + ["access_log"]
    result = []
    for name in ordered:
        target = _registry.get(name, shipped.get(name))
        result.append((name, _resolve(target)))
    return result


def collect(person) -> dict:
    """Every section about this person, keyed by collector name."""
    return {name: collector(person) for name, collector in collectors()}
