"""Demo agreements from the articles (demo/network_data.PARTNERSHIPS), built through the services.

Facts from the articles: the MEE–De Kern partnership (27 May, practical and substantive commitments, the
combined management meeting with its decisions), the Meierijstad open alliance of five organisations, the
exploration of the two national associations (deadline 1 April 2015, three options), the Meierijstad
assignment of 19 December with its work plan 'Meer dan de som der delen' and sub-assignments, Delft's
performance contract with Participe as lead party, Meppel's terms renewed for two years and the four-year CJG
subsidy of Midden-Limburg. Everything the articles do not say (exact term dates where missing, result
agreements and targets, accession requests after the articles, follow-ups) is synthetic and marked so in
the descriptions. Organisations only: no person from the articles appears.

Idempotent and deterministic apart from "this year": the current result agreements of Meierijstad follow
the calendar year so the accountability report always has a period with registered work.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from samenkracht.agreements import services
from samenkracht.agreements.models import (
    AccessionRequest,
    AccessionStatus,
    Agreement,
    AgreementStatus,
    CommitmentTheme,
    DecisionLog,
    FollowUpStatus,
    Party,
    ResultAgreement,
    SubAssignment,
    WorkPlan,
)
from samenkracht.demo import network_data as data
from samenkracht.network.models import Association, Municipality, Organisation
from samenkracht.network.permissions import SystemActor

SYSTEM = SystemActor()
SYNTHETIC = "Demo: aanvullende gegevens (data, streefwaarden, vervolgacties) zijn synthetisch."

THEMES = {
    "huisvesting": CommitmentTheme.HOUSING, "deskundigheidsbevordering": CommitmentTheme.TRAINING,
    "vakmanschap": CommitmentTheme.TRAINING, "vertegenwoordiging": CommitmentTheme.STANDING_IN,
    "aanbod": CommitmentTheme.ALIGNING_OFFER, "sociaal domein": CommitmentTheme.SOCIAL_DOMAIN,
    "samenwerking": CommitmentTheme.SOCIAL_DOMAIN, "gebiedsteams": CommitmentTheme.SOCIAL_DOMAIN,
    "co-creatie": CommitmentTheme.SOCIAL_DOMAIN, "preventie": CommitmentTheme.PREVENTION,
    "eigen kracht": CommitmentTheme.PREVENTION, "sociale basis": CommitmentTheme.PREVENTION,
    "passend onderwijs": CommitmentTheme.EDUCATION, "onderwijs": CommitmentTheme.EDUCATION,
    "opdracht": CommitmentTheme.ACCOUNTABILITY, "verantwoording": CommitmentTheme.ACCOUNTABILITY,
    "beleid": CommitmentTheme.ACCOUNTABILITY, "rolverdeling": CommitmentTheme.DOUBLE_WORK,
    "open samenwerking": CommitmentTheme.OPENNESS,
}

# Term dates the articles do not give (synthetic, plausible): title -> (start, end, signed_on)
TERMS = {
    "Samenwerkingsovereenkomst MEE IJsseloevers en De Kern": (date(2014, 6, 1), None, None),
    "Samenwerkingsverband Op Orde (thuisadministratie Zwolle)": (date(2013, 1, 1), None, date(2013, 1, 15)),
    "Samenwerkingsovereenkomst welzijnspartners Meierijstad": (date(2018, 7, 6), None, None),
    "Verkenning samenwerking MOgroep en MEE Nederland": (date(2015, 2, 4), date(2015, 4, 1), None),
    "Meer dan de som der delen – werkplan Sociaal Werk Meierijstad": (date(2020, 1, 1), date(2020, 12, 31), None),
    "Prestatiecontract Delft voor Elkaar": (date(2014, 1, 1), date(2016, 12, 31), date(2013, 12, 16)),
    "Vierjarige subsidie CJG Midden-Limburg": (date(2015, 1, 1), date(2018, 12, 31), date(2014, 12, 1)),
    "Partnerschap onder huwelijkse voorwaarden Meppel": (date(2015, 1, 1), date(2016, 12, 31), date(2014, 12, 15)),
    "Initiatief eerste wijkcoöperatie Meppel": (None, None, None),
    "Werkprogramma vergunninghouders Aalten": (date(2016, 1, 1), None, date(2016, 1, 1)),
}
MUNICIPALITY_OF = {
    "Meer dan de som der delen – werkplan Sociaal Werk Meierijstad": "Meierijstad",
    "Prestatiecontract Delft voor Elkaar": "Delft",
    "Vierjarige subsidie CJG Midden-Limburg": "Roermond",
    "Partnerschap onder huwelijkse voorwaarden Meppel": "Meppel",
    "Werkprogramma vergunninghouders Aalten": "Aalten",
}
# The Meppel terms are how the municipality words its assignments to Welzijn MensenWerk and how the work is
# accounted for: kept as an assignment of Meppel (the network data calls it a partnership).
AS_ASSIGNMENT = {
    "Partnerschap onder huwelijkse voorwaarden Meppel": {
        "reporting_frequency": "yearly",
        "accountability": "Opdrachten worden samen geformuleerd: wat doet de gemeente, wat doet het sociaal werk en "
                          "hoe vullen we dat resultaatgericht in. Het werk wordt verantwoord op de afgesproken "
                          "manier, op basis van partnerschap.",
    },
}
OPTIONS = {"samenwerken in projecten": "projects",
           "geïntegreerde werkorganisatie van zelfstandige verenigingen": "integrated", "fusie": "merger"}


def _party_fields(entry: dict, organisations: dict, associations: dict, signed_on) -> dict:
    if "association" in entry:
        return {"association": associations[entry["association"]], "role": entry["role"], "signed_on": signed_on}
    return {"organisation": organisations[entry["organisation"]], "role": entry["role"],
            "signed_on": signed_on if entry["role"] != "witness" else None}


def _agreement(entry: dict, organisations, associations, municipalities) -> Agreement:
    title = entry["title"]
    start, end, assumed_signing = TERMS.get(title, (None, None, None))
    signed_on = date.fromisoformat(entry["signed_on"]) if entry.get("signed_on") else assumed_signing
    existing = Agreement.objects.filter(title=title).first()
    if existing is not None:
        return existing
    kind = "assignment" if title in AS_ASSIGNMENT else entry["kind"]
    fields = {
        "kind": kind, "title": title, "occasion": entry.get("occasion", "")[:300],
        "description": " ".join(x for x in (entry.get("notes", ""), SYNTHETIC) if x),
        "start_on": start, "end_on": end, "signed_on": signed_on,
        "municipality": municipalities.get(MUNICIPALITY_OF.get(title, "")),
        "open_alliance": bool(entry.get("open_to_new_parties")),
        "status": AgreementStatus.SIGNED if signed_on else AgreementStatus.DRAFT,
    }
    if kind == "exploration":
        fields.update(status=AgreementStatus.EXPLORING, signed_on=None,
                      decision_deadline=date.fromisoformat(entry["decision_deadline"]),
                      decision_options=[OPTIONS[o] for o in entry["options"]])
    parties = [_party_fields(p, organisations, associations, signed_on) for p in entry["parties"]]
    if title.startswith("Samenwerkingsverband Op Orde"):
        # MEE joined later through an accession request (built below), as the article tells.
        parties = [p for p in parties if p.get("organisation") != organisations["MEE IJsseloevers"]]
        fields["open_alliance"] = True
    extra = AS_ASSIGNMENT.get(title, {"accountability": "", "reporting_frequency": "quarterly"}) \
        if kind == "assignment" else {}
    agreement = services.create_agreement(
        SYSTEM, parties=parties, municipalities=[municipalities[m] for m in entry.get("municipalities", [])
                                                 if m in municipalities], **extra, **fields)
    for commitment in entry["commitments"]:
        services.add_commitment(SYSTEM, agreement, kind=commitment["kind"], text=commitment["text"],
                                theme=THEMES.get(commitment.get("theme", ""), CommitmentTheme.OTHER))
    return agreement


def _decision_log(agreement: Agreement, *, meeting_on: date, title: str, decisions: str, participants,
                  follow_ups) -> None:
    if DecisionLog.objects.filter(agreement=agreement, meeting_on=meeting_on, title=title).exists():
        return
    log = services.add_decision_log(SYSTEM, agreement, meeting_on=meeting_on, title=title, decisions=decisions,
                                    participants=participants, follow_ups=[f for f in follow_ups if "done" not in f])
    for follow_up in follow_ups:
        if "done" in follow_up:
            done = services.add_follow_up(SYSTEM, log, action=follow_up["action"], owner=follow_up["owner"],
                                          due_on=follow_up["due_on"])
            services.update_follow_up(SYSTEM, done, status=FollowUpStatus.DONE, done_on=follow_up["done"])


def _accession(agreement: Agreement, organisation: Organisation, motivation: str, approve_all: bool,
               answering: int) -> None:
    if AccessionRequest.objects.filter(agreement=agreement, organisation=organisation).exists() or \
            Party.objects.filter(agreement=agreement, organisation=organisation).exists():
        return
    request = services.request_accession(SYSTEM, agreement, organisation, motivation=motivation)
    deciding = services.deciding_parties(Agreement.objects.prefetch_related("parties").get(pk=agreement.pk))
    for party in deciding[: len(deciding) if approve_all else answering]:
        request = services.answer_accession(SYSTEM, request, party, approve=True)


def _renew(agreement: Agreement, new_end: date, decided_on: date, note: str) -> None:
    agreement.refresh_from_db()
    if agreement.end_on and agreement.end_on < new_end and agreement.status in ("signed", "extended"):
        services.renew(SYSTEM, agreement, new_end=new_end, decided_on=decided_on, note=note)


def _meierijstad_assignment(agreement: Agreement, organisations: dict) -> None:
    assignment = agreement.assignment
    parties = {p.organisation.name: p for p in agreement.parties.select_related("organisation")}
    today = timezone.localdate()
    # The assignment continues year by year (synthetic), so the current year has result agreements.
    _renew(agreement, date(today.year, 12, 31), date(today.year - 1, 12, 15),
           "Demo: jaarlijks voortgezet met een geactualiseerd werkplan.")
    plan = WorkPlan.objects.filter(assignment=assignment, title=agreement.title).first()
    if plan is None:
        plan = services.add_work_plan(SYSTEM, assignment, title=agreement.title, agreed_on=date(2019, 12, 19),
                                      description="Met elkaar tot stand gekomen werkplan van de vijf welzijnspartners "
                                                  "en de gemeente: een stevige sociale basis en optimale "
                                                  "ondersteuning van (kwetsbare) inwoners.")
    subs = [
        ("Eén toegang en gebiedsteams", "Welzijnsmedewerkers werken deels in de gebiedsteams; vragen komen via "
         "één voordeur binnen en worden samen opgepakt.", "ONS welzijn"),
        ("Preventie en eigen kracht", "Inwoners eerst zelf en met hun netwerk; vroeg en dichtbij ondersteunen.",
         "Welzijn De Meierij"),
        ("Vrijwilligers en mantelzorg", "Vrijwillige inzet en jonge mantelzorgers ondersteunen.", "Lumens"),
        ("Gezamenlijke aanpak passend onderwijs", "Cliëntondersteuning en jeugdwerk samen rond scholen en "
         "gezinnen.", "MEE regio 's-Hertogenbosch"),
    ]
    by_title = {s.title: s for s in SubAssignment.objects.filter(work_plan=plan)}
    for title, description, party in subs:
        if title not in by_title:
            by_title[title] = services.add_sub_assignment(SYSTEM, plan, title=title, description=description,
                                                          responsible_party=parties[party])
    year_start, year_end = date(today.year, 1, 1), date(today.year, 12, 31)
    results = [
        (None, "help_requests", "400", "ONS welzijn", "channel"),
        ("Eén toegang en gebiedsteams", "days_to_triage", "5", "ONS welzijn", ""),
        ("Eén toegang en gebiedsteams", "referrals_accepted_within_5_days", "80", "Farent", "organisation"),
        ("Eén toegang en gebiedsteams", "closed_loop_rate", "70", "Farent", ""),
        ("Preventie en eigen kracht", "resolved_open_access_share", "40", "Welzijn De Meierij", "neighbourhood"),
        ("Preventie en eigen kracht", "zrm_change", "1", "Welzijn De Meierij", "life_domain"),
        ("Preventie en eigen kracht", "satisfaction", "7.5", "ONS welzijn", ""),
        ("Vrijwilligers en mantelzorg", "active_volunteers", "40", "Lumens", ""),
        ("Vrijwilligers en mantelzorg", "volunteer_hours", "2000", "Lumens", ""),
        ("Gezamenlijke aanpak passend onderwijs", "trainings_given", "4", "MEE regio 's-Hertogenbosch", ""),
        (None, "breakthroughs_resolved", "5", "ONS welzijn", ""),
    ]
    existing = set(ResultAgreement.objects.filter(assignment=assignment).values_list(
        "indicator", "period_start", "sub_assignment__title"))
    for sub, code, target, party, breakdown in results:
        if (code, year_start, sub) in existing:
            continue
        services.add_result_agreement(
            SYSTEM, assignment, sub_assignment=by_title[sub] if sub else None, indicator=code,
            target=Decimal(target), period_start=year_start, period_end=year_end,
            responsible_party=parties[party], breakdown=breakdown)
    trainings = ResultAgreement.objects.filter(assignment=assignment, indicator="trainings_given",
                                               period_start=year_start).first()
    if trainings is not None and not trainings.manual_values.exists():
        services.report_value(SYSTEM, trainings, period_start=year_start, period_end=date(today.year, 6, 30),
                              value=Decimal("2"), note="Demo: twee gezamenlijke scholingen in het eerste halfjaar.")


@transaction.atomic
def build_demo_agreements(stdout=None) -> dict[str, int]:
    organisations = {o.name: o for o in Organisation.objects.all()}
    associations = {a.name: a for a in Association.objects.all()}
    municipalities = {m.name: m for m in Municipality.objects.filter(active=True)}
    built = {entry["title"]: _agreement(entry, organisations, associations, municipalities)
             for entry in data.PARTNERSHIPS}

    kern = built["Samenwerkingsovereenkomst MEE IJsseloevers en De Kern"]
    _decision_log(kern, meeting_on=date(2014, 5, 27), title="Gecombineerde vergadering managementteams MEE en De Kern",
                  decisions="1. De samenwerkingsovereenkomst is ondertekend.\n2. Gezamenlijke inzet op passend "
                            "onderwijs in het gehele verzorgingsgebied.\n3. MEE treedt toe tot het "
                            "samenwerkingsverband Op Orde.",
                  participants=[organisations["MEE IJsseloevers"], organisations["De Kern"]],
                  follow_ups=[
                      {"action": "Gezamenlijke aanpak passend onderwijs uitwerken voor het hele verzorgingsgebied",
                       "owner": organisations["De Kern"], "due_on": date(2014, 10, 1)},
                      {"action": "Toetreding tot Op Orde regelen met De Kern, Humanitas en WijZ",
                       "owner": organisations["MEE IJsseloevers"], "due_on": date(2014, 7, 1),
                       "done": date(2014, 6, 20)},
                  ])
    _accession(built["Samenwerkingsverband Op Orde (thuisadministratie Zwolle)"], organisations["MEE IJsseloevers"],
               "Besluit van het gecombineerde managementteam van MEE en De Kern.", approve_all=True, answering=0)
    _accession(built["Samenwerkingsovereenkomst welzijnspartners Meierijstad"], organisations["Farent"],
               "Demo: Farent werkt in de opdracht van de gemeente al met de vijf partners samen.",
               approve_all=False, answering=2)
    meierijstad = built["Meer dan de som der delen – werkplan Sociaal Werk Meierijstad"]
    _meierijstad_assignment(meierijstad, organisations)
    _decision_log(meierijstad, meeting_on=date(2019, 12, 19),
                  title="Bestuurlijke bijeenkomst gemeente en welzijnspartners",
                  decisions="Akkoord met de gezamenlijke afspraken voor het welzijnswerk 2020: één opdracht met "
                            "resultaatafspraken en het werkplan 'Meer dan de som der delen'.",
                  participants=[p.organisation for p in meierijstad.parties.select_related("organisation")],
                  follow_ups=[{"action": "Eerste kwartaalverantwoording aan de gemeente",
                               "owner": organisations["ONS welzijn"], "due_on": date(2020, 4, 15)}])
    meppel = built["Partnerschap onder huwelijkse voorwaarden Meppel"]
    _renew(meppel, date(2018, 12, 31), date(2016, 11, 1),
           "De huwelijkse voorwaarden zijn verlengd voor de komende twee jaar.")
    return {
        "agreements": Agreement.objects.count(),
        "result agreements": ResultAgreement.objects.count(),
        "open alliances": Agreement.objects.filter(open_alliance=True).count(),
        "accession requests pending": AccessionRequest.objects.filter(status=AccessionStatus.PENDING).count(),
    }
