import datetime

import factory

from motions.models import Motion, MotionSubmitter

from .council import CouncilFactory


class MotionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Motion

    council = factory.SubFactory(CouncilFactory)
    kind = Motion.Kind.MOTION
    identifier = factory.Sequence(lambda n: f"Motie {n}")
    title = factory.Sequence(lambda n: f"Motie over onderwerp {n}")
    submitted_on = datetime.date(2026, 1, 15)
    vote = Motion.Vote.ADOPTED


class MotionSubmitterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MotionSubmitter

    motion = factory.SubFactory(MotionFactory)
    name = factory.Sequence(lambda n: f"Raadslid {n}")
    party = "GroenLinks"
