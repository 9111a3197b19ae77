import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from council.models import Council, Member, MunicipalBody, Municipality, Topic


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Gemeente {n}")
    slug = factory.Sequence(lambda n: f"gemeente-{n}")


class MunicipalBodyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MunicipalBody

    municipality = factory.SubFactory(MunicipalityFactory)
    kind = MunicipalBody.Kind.COMMITTEE
    name = factory.Sequence(lambda n: f"Commissie {n}")
    slug = factory.Sequence(lambda n: f"commissie-{n}")


class CouncilFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Council

    name = factory.Sequence(lambda n: f"Cliëntenraad {n}")
    slug = factory.Sequence(lambda n: f"raad-{n}")
    municipality = factory.SubFactory(MunicipalityFactory)


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Member

    council = factory.SubFactory(CouncilFactory)
    name = factory.Sequence(lambda n: f"Lid {n}")
    role = Member.Role.MEMBER


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"onderwerp {n}")
    slug = factory.Sequence(lambda n: f"onderwerp-{n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"gebruiker{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    password = factory.django.Password("geheim-wachtwoord")

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        for name in extracted or []:
            self.groups.add(Group.objects.get(name=name))


class GlossaryTermFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "council.GlossaryTerm"

    term = factory.Sequence(lambda n: f"proefbegrip{n}")
    slug = factory.Sequence(lambda n: f"proefbegrip{n}")
    explanation = "Een woord dat alleen in de tests bestaat."
