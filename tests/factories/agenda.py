import datetime

import factory

from agenda.models import AgendaItem, Meeting

from .council import CouncilFactory, MunicipalBodyFactory


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    council = factory.SubFactory(CouncilFactory)
    body = factory.SubFactory(
        MunicipalBodyFactory, municipality=factory.SelfAttribute("..council.municipality")
    )
    title = factory.Sequence(lambda n: f"Vergadering {n}")
    date = datetime.date(2026, 12, 1)
    status = Meeting.Status.PLANNED


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    number = factory.Sequence(lambda n: str(n + 1))
    title = factory.Sequence(lambda n: f"Agendapunt {n}")
    concern = AgendaItem.Concern.INFORMATION
