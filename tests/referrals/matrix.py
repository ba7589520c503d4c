"""Rows of the authorization matrix (tests/test_authorization_matrix.py) for referrals and consent.

Objects (on top of those of tests/plans/matrix.py: the household whose plan the `professional` persona Pia
coordinates, with an action): a legal basis of Zwolle; a triage of that household's help request (Pia and
a De Kern professional); a referral from the action to De Kern, sent (the `coordinator` persona Cas, De
Kern's organisation coordinator, is its receiving side and reads its shared view) and a rejected one; and a
consent. The inbox and sent list are for every care professional; a referral's detail for its sender and its
receiving side; the create, refer-elsewhere and consent pages for professionals with a relation to the
household (Pia). POST-only pages answer GET with 405.

The matrix's tokens carry no households:* scope and act for nobody: every operation is refused (401 without a
token, 403 with one); tests/referrals/test_api.py covers the allowed paths.
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from samenkracht.frontdoor.models import HelpRequest, Triage
from samenkracht.network.models import Role
from samenkracht.network.permissions import actor_for_user
from samenkracht.referrals import services
from samenkracht.referrals.models import BasisKind, LegalBasis
from tests.conftest import make_person

ANON = "anonymous"
ALL_SIGNED_IN = ["admin", "privacy", "policy", "coordinator", "mee_coordinator", "professional"]
OK, FORBIDDEN, TO_LOGIN, NOT_ALLOWED = 200, 403, 302, 405
R, W, A = "read", "write_own", "admin"
CARE = ["coordinator", "mee_coordinator", "professional"]


def only(allowed: list[str]) -> dict[str, int]:
    return {ANON: TO_LOGIN, "outsider": FORBIDDEN, **{r: OK if r in allowed else FORBIDDEN for r in ALL_SIGNED_IN}}


def post_only() -> dict[str, int]:
    return {ANON: TO_LOGIN, "outsider": NOT_ALLOWED, **{r: NOT_ALLOWED for r in ALL_SIGNED_IN}}


def refused() -> dict[str, int]:
    return {"none": 401, R: FORBIDDEN, W: FORBIDDEN, A: FORBIDDEN}


def extend_objects(objects) -> dict:
    network, plan, action = objects["network"], objects["plan"], objects["action"]
    household = objects["plan_household"]
    sender = actor_for_user(plan.coordinator)
    basis = LegalBasis.objects.create(municipality=network.zwolle, label="Wmo 2015 art. 5.2.x (matrix)",
                                      data_categories=["contact", "question"])
    kern_pro = make_person("matrix.triage@example.test", "Tara Triage", [(network.de_kern, Role.PROFESSIONAL)])
    request = HelpRequest.objects.create(reference="HV-MATRIX-1", municipality=network.zwolle, team=objects["team"],
                                         household=household, channel="phone", question="Hulp bij de post",
                                         triage_due_at=timezone.now() + timedelta(days=5))
    triage = Triage.objects.create(help_request=request, municipality=network.zwolle,
                                   professional_a=plan.coordinator, organisation_a=network.mee,
                                   professional_b=kern_pro, organisation_b=network.de_kern, outcome="open_access")
    fields = {"target_kind": "organisation", "target_organisation": network.de_kern,
              "data_categories": ["contact", "question"], "basis_kind": BasisKind.LEGAL_BASIS, "legal_basis": basis}
    sent = services.create_draft(sender, action=action, send_now=True, **fields)
    rejected = services.create_draft(sender, action=action, send_now=True, **fields)
    kern_coordinator = make_person("matrix.kern.coord@example.test", "Koos Kern", [(network.de_kern, Role.COORDINATOR)])
    services.reject(actor_for_user(kern_coordinator), rejected, reason="no_capacity")
    consent = services.record_consent(sender, household, organisations=[network.de_kern], data_categories=["contact"],
                                      purposes=["referral"], valid_until=timezone.localdate() + timedelta(days=30))
    return {"referral": sent, "rejected_referral": rejected, "referral_triage": triage, "consent": consent}


def _pk(name: str):
    return lambda o: {"pk": o[name].pk}


WEB_MATRIX = [
    ("referrals:inbox", "care roles", lambda o: {}, only(CARE)),
    ("referrals:sent", "care roles", lambda o: {}, only(CARE)),
    ("referrals:detail", "sender and receiving side (De Kern)", _pk("referral"), only(["professional", "coordinator"])),
    ("referrals:transition", "POST only", _pk("referral"), post_only()),
    ("referrals:acknowledge", "POST only", _pk("referral"), post_only()),
    ("referrals:refer_elsewhere", "sender of a rejected referral", _pk("rejected_referral"), only(["professional"])),
    ("referrals:create_from_triage", "relation with the household", _pk("referral_triage"), only(["professional"])),
    ("referrals:create_from_action", "relation with the household", _pk("action"), only(["professional"])),
    ("referrals:consents", "relation with the household", _pk("plan_household"), only(["professional"])),
    ("referrals:consent_withdraw", "POST only", _pk("consent"), post_only()),
]


def _referral_body(o):
    return {"action": o["action"].pk, "target_kind": "organisation", "target_organisation": o["network"].de_kern.pk,
            "data_categories": ["contact"], "basis_kind": "legal_basis"}


API_MATRIX = [
    ("GET", "/referrals/", lambda o: "/referrals/", None, refused()),
    ("POST", "/referrals/", lambda o: "/referrals/", _referral_body, refused()),
    ("POST", "/referrals/consents", lambda o: "/referrals/consents",
     lambda o: {"household": o["plan_household"].pk, "organisations": [o["network"].de_kern.pk],
                "data_categories": ["contact"], "purposes": ["referral"], "valid_until": "2099-01-01"}, refused()),
    ("POST", "/referrals/consents/{consent_id}/withdraw",
     lambda o: f"/referrals/consents/{o['consent'].pk}/withdraw", lambda o: {}, refused()),
    ("GET", "/referrals/{referral_id}", lambda o: f"/referrals/{o['referral'].pk}", None, refused()),
    ("POST", "/referrals/{referral_id}/transition", lambda o: f"/referrals/{o['referral'].pk}/transition",
     lambda o: {"to": "accepted"}, refused()),
    ("POST", "/referrals/{referral_id}/acknowledge", lambda o: f"/referrals/{o['referral'].pk}/acknowledge",
     lambda o: {}, refused()),
]
