"""Who may do what to which council's records in the admin: one table, every cell over HTTP.

``MAY`` is the table: per kind of record, per role, the actions the role
allows in *its own* council. Every cell (role × action × own or other
council × kind of record) requests the admin's own URL with the test
client, writes with forged POSTs, and asserts the outcome; a refusal must
leave the database as it was. In another council nothing is ever allowed;
the platform administrator may do everything everywhere.
"""

import csv
import datetime
import io

import pytest
import time_machine
from django.urls import reverse

from advice.consultations.models import Consultation
from advice.consultations.tasks import ConsultationImport
from agenda.models import AgendaItem, Meeting
from council import tenancy
from council.models import Member, MunicipalBody
from council.stale_edits import LOADED_FIELD
from motions.models import Motion
from tests.factories.advice import ConsultationFactory
from tests.factories.agenda import AgendaItemFactory, MeetingFactory
from tests.factories.council import (
    CouncilFactory,
    MemberFactory,
    MunicipalBodyFactory,
    UserFactory,
)
from tests.factories.motions import MotionFactory

Role = Member.Role

READ = {"list", "inspect", "export_csv", "export_xlsx", "chooser"}
# Wagtail shows a record's history to those who may add, change or delete it.
WRITE = READ | {"history", "add", "edit"}
MANAGE = WRITE | {"delete", "import"}

#: kind of record -> role -> what the role may do in its own council.
MAY = {
    "consultation": {
        "member": READ,
        "chair": READ,
        "secretary": READ,
        "clerk": MANAGE,
    },
    "meeting": {"member": READ, "chair": READ, "secretary": READ, "clerk": MANAGE},
    "agendaitem": {"member": READ, "chair": READ, "secretary": READ, "clerk": MANAGE},
    "motion": {"member": READ, "chair": READ, "secretary": READ, "clerk": MANAGE},
    "member": {
        "member": READ,
        "chair": WRITE,
        "secretary": WRITE,
        "clerk": READ,
    },
    "body": {"member": READ, "chair": READ, "secretary": READ, "clerk": WRITE},
}
ROLES = ["member", "chair", "secretary", "clerk", "clerk_of_both", "superuser"]
ACTIONS = [
    "list",
    "inspect",
    "add",
    "edit",
    "delete",
    "history",
    "export_csv",
    "export_xlsx",
    "import",
    "chooser",
]
KINDS = list(MAY)
URL_NAMES = {
    "consultation": "advice_consultation",
    "meeting": "agenda_meeting",
    "agendaitem": "agenda_agendaitem",
    "motion": "motions_motion",
    "member": "council_member",
    "body": "council_municipalbody",
}
MODELS = {
    "consultation": Consultation,
    "meeting": Meeting,
    "agendaitem": AgendaItem,
    "motion": Motion,
    "member": Member,
    "body": MunicipalBody,
}
#: Views that a kind of record does not have: no cell.
ABSENT = {("inspect", kind) for kind in KINDS if kind != "consultation"} | {
    ("import", kind) for kind in KINDS if kind != "consultation"
}
# Nobody but the platform administrator deletes members, and consultations
# are deleted one at a time (their own view), like every other kind.
ROLE_OF = {
    "member": Role.MEMBER,
    "chair": Role.CHAIR,
    "secretary": Role.SECRETARY,
    "clerk": Role.OFFICIAL_SUPPORT,
    "clerk_of_both": Role.OFFICIAL_SUPPORT,
}


def allowed(role, kind, action, where):
    if role == "superuser":
        return True
    if where == "other":
        return False
    return action in MAY[kind]["clerk" if role == "clerk_of_both" else role]


CELLS = [
    (kind, role, action, where)
    for kind in KINDS
    for role in ROLES
    for action in ACTIONS
    for where in ("own", "other")
    if (action, kind) not in ABSENT
]


def test_the_matrix_has_several_hundred_cells():
    print(f"{len(CELLS)} cells")
    assert len(CELLS) >= 400


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(datetime.datetime(2026, 11, 30, 12, tzinfo=datetime.UTC), tick=False):
        yield


@pytest.fixture
def world(db):
    """Councils A (own), B (the second council of the clerk of both) and C (other)."""
    own, second, other = CouncilFactory(), CouncilFactory(), CouncilFactory()
    records = {}
    for where, council in (("own", own), ("other", other)):
        meeting = MeetingFactory(council=council)
        item = AgendaItemFactory(meeting=meeting)
        records[where] = {
            "council": council,
            "meeting": meeting,
            "agendaitem": item,
            "motion": MotionFactory(council=council),
            "consultation": ConsultationFactory(council=council),
            "member": MemberFactory(council=council, email=f"lid@{council.slug}.nl"),
            "body": meeting.body,
        }
    return {"own": own, "second": second, "other": other, "records": records}


def user_for(role, world):
    if role == "superuser":
        return UserFactory(is_superuser=True)
    user = UserFactory()
    MemberFactory(council=world["own"], user=user, role=ROLE_OF[role])
    if role == "clerk_of_both":
        MemberFactory(council=world["second"], user=user, role=Role.OFFICIAL_SUPPORT)
    return user


def snapshot(kind):
    model = MODELS[kind]
    return sorted(model.objects.values_list(*[f.attname for f in model._meta.concrete_fields]))


def url(kind, view, *args):
    return reverse(f"wagtailsnippets_{URL_NAMES[kind]}:{view}", args=args)


def form_data(form, *, rows=True):
    """What a browser would post back for ``form`` as rendered; ``rows=False``: no inline rows."""
    data = {}

    def add(one):
        for bound in one:
            value = bound.value()
            if value is None or value is False:
                continue
            if value is True:
                data[bound.html_name] = "on"
            elif isinstance(value, list | tuple):
                data[bound.html_name] = [str(getattr(v, "pk", v)) for v in value]
            else:
                data[bound.html_name] = str(getattr(value, "pk", value))

    add(form)
    for formset in getattr(form, "formsets", {}).values():
        add(formset.management_form)
        if not rows:
            data[f"{formset.prefix}-TOTAL_FORMS"] = data[f"{formset.prefix}-INITIAL_FORMS"] = "0"
            continue
        for sub in formset.forms:
            add(sub)
    return data


def _listed(response):
    return {obj.pk for obj in response.context["object_list"]}


def forge_council(kind, data, target):
    """Point the posted record at ``target``'s council (or what belongs to it)."""
    council = target["council"]
    if kind == "agendaitem":
        data["meeting"] = str(target["meeting"].pk)
    elif kind == "body":
        data["municipality"] = str(council.municipality_id)
    else:
        data["council"] = str(council.pk)
        if "body" in data:
            data["body"] = str(target["body"].pk)
        data.pop("agenda_item", None)
    return data


def unique(kind, data):
    for field, value in (
        ("reference", "NIEUW-1"),
        ("identifier", "Motie nieuw"),
        ("slug", "nieuw-orgaan"),
        ("number", "99"),
        ("name", "Nieuwe naam"),
        ("title", "Nieuwe titel"),
        ("subject", "Nieuw onderwerp"),
    ):
        if field in data:
            data[field] = value
    return data


def run_cell(client, world, kind, role, action, where):
    """Do the action; return True if it was allowed (and check the database otherwise)."""
    records = world["records"]
    record = records[where][kind]
    own_record = records["own"][kind]
    before = snapshot(kind)
    done = False

    if action == "list":
        response = client.get(url(kind, "list"))
        assert response.status_code in (200, 302, 403)
        done = response.status_code == 200 and record.pk in _listed(response)
    elif action == "inspect":
        response = client.get(url(kind, "inspect", record.pk))
        assert response.status_code in (200, 302, 403, 404)
        done = response.status_code == 200 and str(record.subject) in response.text
    elif action == "history":
        response = client.get(url(kind, "history", record.pk))
        assert response.status_code in (200, 302, 403, 404)
        done = response.status_code == 200
    elif action in ("export_csv", "export_xlsx"):
        fmt = action.split("_")[1]
        response = client.get(url(kind, "list") + f"?export={fmt}")
        assert response.status_code in (200, 302, 403)
        if response.status_code == 200:
            content = b"".join(response.streaming_content) if response.streaming else None
            if fmt == "csv":
                rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
                done = any(_names(record, kind) & set(row) for row in rows[1:])
            else:
                done = _in_xlsx(content, _names(record, kind))
    elif action == "chooser":
        response = client.get(url_chooser(kind, "choose_results") + "?p=1")
        assert response.status_code in (200, 302, 403)
        chosen = client.get(url_chooser(kind, "chosen", record.pk))
        assert chosen.status_code in (200, 302, 403, 404)
        done = (
            response.status_code == 200
            and record.pk in {obj.pk for obj in response.context["results"]}
            and chosen.status_code == 200
        )
    elif action == "edit":
        template = _form_of(kind, own_record)
        data = forge_council(kind, form_data(template), records[where])
        data["internal_notes"] = "gewijzigd" if kind == "consultation" else ""
        if LOADED_FIELD in data:
            # The version the edited record's own form was loaded with.
            data[LOADED_FIELD] = _form_of(kind, record)[LOADED_FIELD].value()
        response = client.post(url(kind, "edit", record.pk), _changed(kind, data))
        assert response.status_code in (200, 302, 403, 404)
        done = snapshot(kind) != before
    elif action == "add":
        template = _form_of(kind, own_record)
        data = unique(kind, forge_council(kind, form_data(template, rows=False), records[where]))
        count = MODELS[kind].objects.count()
        response = client.post(url(kind, "add"), data)
        assert response.status_code in (200, 302, 403, 404)
        done = MODELS[kind].objects.count() == count + 1
        if response.status_code == 200 and not done and where == "other":
            # A forged council id is refused by the form, in Dutch.
            assert "Selecteer een geldige keuze" in response.text or "geen toestemming" in (
                response.text
            )
    elif action == "delete":
        record = spare(kind, records[where])
        before = snapshot(kind)
        response = client.post(url(kind, "delete", record.pk))
        assert response.status_code in (200, 302, 403, 404)
        done = not MODELS[kind].objects.filter(pk=record.pk).exists()
    elif action == "import":
        council = records[where]["council"]
        data = f"cliëntenraad;kenmerk;onderwerp\n{council.slug};IMP-1;Geïmporteerd besluit\n"
        upload = io.BytesIO(data.encode())
        upload.name = "raadplegingen.csv"
        response = client.post(reverse("advice_consultation_import"), {"file": upload})
        assert response.status_code in (200, 302, 403)
        if (
            response.status_code == 302 and "/importeren/" in response["Location"]
        ):  # a task checks it
            job = ConsultationImport.objects.latest("pk")
            client.post(reverse("advice_consultation_import_apply", args=[job.pk]))
            if where == "other" and role != "superuser":
                state = client.get(reverse("advice_consultation_import_status", args=[job.pk]))
                report = state.json()["report_html"]
                assert "u mag geen raadplegingen van die cliëntenraad vastleggen" in report
                assert "regel 2" in report
        done = Consultation.objects.filter(reference="IMP-1").exists()
    if not done:
        assert snapshot(kind) == before, "a refused action changed the database"
    return done


def spare(kind, target):
    """A record nothing depends on, in ``target``'s council, to delete."""
    council = target["council"]
    return {
        "consultation": lambda: ConsultationFactory(council=council),
        "meeting": lambda: MeetingFactory(council=council, body=target["body"]),
        "agendaitem": lambda: AgendaItemFactory(meeting=target["meeting"]),
        "motion": lambda: MotionFactory(council=council),
        "member": lambda: MemberFactory(council=council),
        "body": lambda: MunicipalBodyFactory(municipality=council.municipality),
    }[kind]()


def _names(record, kind):
    texts = {str(record)}
    for field in ("subject", "title", "name", "reference", "identifier"):
        if hasattr(record, field):
            texts.add(str(getattr(record, field)))
    return texts


def _in_xlsx(content, names):
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(content)).active
    return any(str(cell.value) in names for row in sheet.iter_rows() for cell in row)


def url_chooser(kind, view, *args):
    model = MODELS[kind]
    namespace = model.snippet_viewset.chooser_viewset.name
    return reverse(f"{namespace}:{view}", args=args)


def _form_of(kind, instance):
    """The admin's edit form for ``instance``, unbound, as the superuser would see it."""
    viewset = MODELS[kind].snippet_viewset
    form_class = viewset.get_edit_handler().get_form_class()
    return form_class(instance=instance, for_user=UserFactory(is_superuser=True))


def _changed(kind, data):
    for field in ("subject", "title", "name"):
        if field in data:
            data[field] = f"{data[field]} (gewijzigd)"
            break
    return data


@pytest.mark.django_db
@pytest.mark.parametrize(("kind", "role", "action", "where"), CELLS)
def test_cell(client, world, kind, role, action, where):
    user = user_for(role, world)
    tenancy.forget(user)
    client.force_login(user)

    assert run_cell(client, world, kind, role, action, where) is allowed(role, kind, action, where)
