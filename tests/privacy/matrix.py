"""Authorization rows for the privacy officer's pages.

Objects: an emergency access in Zwolle (the `privacy` persona's municipality, through Gemeente Zwolle) and
one in Meierijstad. Only privacy officers of the access's municipality may open its review page; the list
shows each officer only the accesses of their own municipalities (tests/privacy/test_emergency_review.py).
"""

from datetime import timedelta

from django.utils import timezone

ANON, OK, FORBIDDEN, TO_LOGIN = "anonymous", 200, 403, 302
ALL_SIGNED_IN = ["admin", "privacy", "policy", "coordinator", "mee_coordinator", "professional"]


def only(allowed: list[str]) -> dict[str, int]:
    return {ANON: TO_LOGIN, "outsider": FORBIDDEN, **{r: OK if r in allowed else FORBIDDEN for r in ALL_SIGNED_IN}}


def extend_objects(objects) -> dict:
    from samenkracht.network.models import Organisation, Role
    from samenkracht.plans.models import Household
    from samenkracht.privacy.models import EmergencyAccess
    from tests.conftest import make_person

    network = objects["network"]
    now = timezone.now()
    user = make_person("nood.matrix@example.test", "Noor Nood", [(network.de_kern, Role.PROFESSIONAL)])
    household = Household.objects.create(municipality=network.zwolle)
    zwolle = EmergencyAccess.objects.create(
        user=user, organisation=network.de_kern, household=household, municipality=network.zwolle,
        reason="Bewoner belde in crisis, dossier nodig voor veiligheid", expires_at=now + timedelta(hours=4))
    meierij_org = Organisation.objects.create(name="Welzijn Meierij (matrix nood)", kind="welfare",
                                              municipality=network.meierijstad)
    meierij_user = make_person("nood.meierij@example.test", "Mo Nood", [(meierij_org, Role.PROFESSIONAL)])
    meierij_household = Household.objects.create(municipality=network.meierijstad)
    meierij = EmergencyAccess.objects.create(
        user=meierij_user, organisation=meierij_org, household=meierij_household, municipality=network.meierijstad,
        reason="Bewoner belde in crisis, dossier nodig voor veiligheid", expires_at=now + timedelta(hours=4))
    return {"emergency_zwolle": zwolle, "emergency_meierijstad": meierij}


WEB_MATRIX = [
    ("privacy:access_log", "privacy officer of Gemeente Zwolle", lambda o: {},
     {ANON: TO_LOGIN, "outsider": FORBIDDEN, "admin": FORBIDDEN, "privacy": OK, "policy": FORBIDDEN,
      "coordinator": FORBIDDEN, "mee_coordinator": FORBIDDEN, "professional": FORBIDDEN}),
    ("privacy:emergency_list", "privacy officers; own municipalities only", lambda o: {}, only(["privacy"])),
    ("privacy:emergency_review", "access in Zwolle", lambda o: {"pk": o["emergency_zwolle"].pk}, only(["privacy"])),
    ("privacy:emergency_review", "access in Meierijstad: other municipality",
     lambda o: {"pk": o["emergency_meierijstad"].pk}, only([])),
]
