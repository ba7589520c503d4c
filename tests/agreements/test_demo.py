"""The demo agreements: the articles' facts, idempotent, organisations only (no person from the articles)."""

from __future__ import annotations

from datetime import date

import pytest

from samenkracht.agreements.demo import build_demo_agreements
from samenkracht.agreements.models import (
    AccessionRequest,
    Agreement,
    DecisionLog,
    FollowUp,
    Party,
    Renewal,
    ResultAgreement,
    SubAssignment,
)
from samenkracht.demo.loader import build_demo_network
from samenkracht.reports.indicators import CATALOGUE
from tests.demo.test_demo import ARTICLE_PEOPLE


@pytest.fixture
def demo(db):
    build_demo_network()
    return build_demo_agreements()


def _snapshot():
    models = (Agreement, Party, AccessionRequest, DecisionLog, FollowUp, Renewal, ResultAgreement, SubAssignment)
    return {m.__name__: list(m.objects.order_by("pk").values_list("pk", flat=True)) for m in models}


def test_demo_holds_the_articles_agreements_and_is_idempotent(demo):
    before = _snapshot()
    assert build_demo_agreements() == demo
    assert _snapshot() == before

    kern = Agreement.objects.get(title="Samenwerkingsovereenkomst MEE IJsseloevers en De Kern")
    assert kern.signed_on == date(2014, 5, 27) and kern.occasion
    assert {c.kind for c in kern.commitments.all()} == {"practical", "substantive"}
    assert {"housing", "training", "standing_in", "aligning_offer"} <= {c.theme for c in kern.commitments.all()}
    assert kern.decision_logs.get().follow_ups.count() == 2

    alliance = Agreement.objects.get(title="Samenwerkingsovereenkomst welzijnspartners Meierijstad")
    assert alliance.open_alliance
    assert alliance.parties.filter(role="signatory").count() == 5
    assert alliance.accession_requests.filter(status="pending").exists()

    op_orde = Agreement.objects.get(title__startswith="Samenwerkingsverband Op Orde")
    assert op_orde.parties.get(organisation__name="MEE IJsseloevers").joined_through is not None

    exploration = Agreement.objects.get(kind="exploration")
    assert exploration.decision_deadline == date(2015, 4, 1)
    assert exploration.decision_options == ["projects", "integrated", "merger"]
    assert set(exploration.parties.values_list("association__name", flat=True)) == {
        "Sociaal Werk Nederland", "MEE Nederland"}

    delft = Agreement.objects.get(title="Prestatiecontract Delft voor Elkaar")
    assert delft.parties.get(role="lead_party").organisation.name == "Participe"
    assert delft.assignment.municipality.name == "Delft"

    meppel = Agreement.objects.get(title="Partnerschap onder huwelijkse voorwaarden Meppel")
    renewal = meppel.renewals.get()
    assert meppel.status == "extended" and (renewal.new_end.year - renewal.old_end.year) == 2
    assert meppel.assignment.municipality.name == "Meppel" and meppel.assignment.accountability

    subsidy = Agreement.objects.get(kind="subsidy")
    assert subsidy.end_on.year - subsidy.start_on.year + 1 == 4

    assignment = Agreement.objects.get(title__startswith="Meer dan de som der delen").assignment
    assert assignment.municipality.name == "Meierijstad"
    plan = assignment.work_plans.get()
    assert plan.sub_assignments.filter(title="Gezamenlijke aanpak passend onderwijs").exists()
    results = list(assignment.result_agreements.all())
    assert len(results) >= 10
    assert all(r.indicator in CATALOGUE and r.responsible_party.agreement_id == assignment.agreement_id
               for r in results)
    assert sum(CATALOGUE[r.indicator].source == "computed" for r in results) >= 9
    today = date.today()
    assert any(r.period_start <= today <= r.period_end for r in results)

    texts = []
    for model, fields in ((Agreement, ("title", "description", "occasion")), (DecisionLog, ("title", "decisions")),
                          (FollowUp, ("action",)), (AccessionRequest, ("motivation",)),
                          (SubAssignment, ("title", "description"))):
        for row in model.objects.values_list(*fields):
            texts.extend(row)
    blob = " ".join(texts)
    assert not [name for name in ARTICLE_PEOPLE if name in blob]
