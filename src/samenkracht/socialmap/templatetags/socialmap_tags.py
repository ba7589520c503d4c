"""Small display helpers for the social map templates. None of them marks text as safe."""

from __future__ import annotations

from urllib.parse import urlsplit

from django import template

from samenkracht.socialmap.languages import language_name

register = template.Library()


@register.filter
def language_names(codes) -> str:
    """['nl', 'ar'] -> 'Nederlands, Arabisch'."""
    return ", ".join(language_name(code) for code in (codes or []))


@register.filter
def web_url(value: str) -> str:
    """The address if it is an http(s) link, else '' (never a javascript: or data: link)."""
    try:
        scheme = urlsplit(value or "").scheme.lower()
    except ValueError:
        return ""
    return value if scheme in ("http", "https") else ""


@register.filter
def phone_link(value: str) -> str:
    """A tel: target with only the digits and a leading plus."""
    digits = "".join(ch for ch in (value or "") if ch.isdigit() or ch == "+")
    return f"tel:{digits}" if digits else ""
