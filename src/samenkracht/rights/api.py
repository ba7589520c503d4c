"""REST API of rights under /api/v1/rights/: the organisation's rights requests, registering one, and a
person's subject access (inzage) as JSON.

Resident data needs a token with `households:read` (reading, the export) or `households:write`
(registering) acting `X-On-Behalf-Of` a professional of its organisation, whose relation with the household
decides (privacy.policy); the export is logged as an export. The request list holds no personal data.
"""

from datetime import date, datetime

from django.core.exceptions import PermissionDenied
from django.http import Http404
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from samenkracht.pagination import Pagination
from samenkracht.plans.models import Household, Person
from samenkracht.rights import queries, services
from samenkracht.rights.models import ReceivedVia, RequestKind, RequestStatus

router = Router(tags=["rights"])


class Error(Schema):
    detail: str


class RequestOut(Schema):
    id: int
    kind: RequestKind
    household: int | None
    household_number: int
    person: int | None
    organisation: int
    received_at: datetime
    received_via: ReceivedVia
    deadline: datetime
    status: RequestStatus
    overdue: bool


class RequestIn(Schema):
    household: int
    person: int | None = None
    kind: RequestKind
    received_via: ReceivedVia
    received_on: date | None = None


def _out(rr) -> dict:
    return {"id": rr.pk, "kind": rr.kind, "household": rr.household_id, "household_number": rr.household_number,
            "person": rr.person_id, "organisation": rr.organisation_id, "received_at": rr.received_at,
            "received_via": rr.received_via, "deadline": rr.deadline, "status": rr.status,
            "overdue": rr.is_overdue}


def _reader(request):
    actor = request.auth
    if queries.worklist_scope(actor) is None:
        raise PermissionDenied("This token may not read rights requests: it needs households:read and "
                               "X-On-Behalf-Of a professional of its organisation.")
    return actor


@router.get("/requests", response=list[RequestOut], summary="Rights requests of the organisation (no personal data)")
@paginate(Pagination)
def list_requests(request, status: str = "open"):
    actor = _reader(request)
    return [_out(rr) for rr in queries.worklist(actor, status=status)]


@router.post("/requests", response={201: RequestOut, 403: Error, 404: Error, 422: dict})
def create_request(request, payload: RequestIn):
    actor = request.auth
    household = Household.objects.filter(pk=payload.household).first()
    if household is None:
        raise Http404
    person = None
    if payload.person is not None:
        person = Person.objects.filter(pk=payload.person).first()
        if person is None:
            raise Http404
    rr = services.register_request(actor, household, kind=payload.kind, received_via=payload.received_via,
                                   received_at=payload.received_on, person=person)
    return Status(201, _out(rr))


@router.get("/persons/{person_id}/access", response={200: dict, 403: Error, 404: Error},
            summary="Subject access (inzage): everything held about the person, and who accessed the file")
def subject_access(request, person_id: int):
    actor = request.auth
    person = Person.objects.select_related("household").filter(pk=person_id).first()
    if person is None:
        raise Http404
    return services.subject_access(actor, person, fmt="json")
