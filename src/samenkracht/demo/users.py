"""Synthetic demo accounts, one per role. None of these people exist; none appear in the articles."""

from __future__ import annotations

DEMO_PASSWORD = "Samenkracht-demo-2026"
DEMO_DOMAIN = "demo.samenkracht.nl"

# email local part, full name, organisation, role, job title, teams (names from network_data.TEAMS)
DEMO_USERS = [
    ("beheer", "Noor Kuipers", "Gemeente Zwolle", "functional_admin", "functioneel beheerder", []),
    ("privacy", "Daan Verbeek", "Gemeente Zwolle", "privacy_officer", "privacy officer", []),
    ("beleid", "Lotte Hendriks", "Gemeente Meierijstad", "policy_officer", "beleidsadviseur sociaal domein", []),
    ("coordinator.kern", "Sem Bosman", "De Kern", "coordinator", "teamleider", []),
    ("coordinator.mee", "Iris Mulder", "MEE IJsseloevers", "coordinator", "coördinator cliëntondersteuning", []),
    ("mee", "Ravi Ramdin", "MEE IJsseloevers", "professional", "MEE-cliëntondersteuner", ["Sociaal wijkteam Zwolle-Zuid"]),
    ("wijkcoach", "Yara El Idrissi", "DNO", "professional", "wijkcoach", ["Sociaal wijkteam Almelo Centrum"]),
    ("wmo", "Pieter Kok", "Gemeente Almelo", "professional", "Wmo-consulent", ["Sociaal wijkteam Almelo Centrum"]),
    ("maatschappelijkwerk", "Fenna Dijkstra", "De Kern", "professional", "maatschappelijk werker", ["Sociaal wijkteam Zwolle-Zuid"]),
]


def demo_email(local: str) -> str:
    return f"{local}@{DEMO_DOMAIN}"
