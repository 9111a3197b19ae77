"""The first terms of the begrippenlijst, in plain Dutch (B1). Editors change them in the admin."""

from django.db import migrations
from django.utils.text import slugify

# (term, other forms, explanation)
TERMS = [
    (
        "motie",
        ["moties"],
        "Een voorstel van een of meer leden van de gemeenteraad, waarover de gemeenteraad stemt. "
        "Met een motie vraagt de raad het college meestal om iets te doen of uit te zoeken.",
    ),
    (
        "toezegging",
        ["toezeggingen"],
        "Een belofte van de burgemeester of een wethouder aan de gemeenteraad. "
        "Een wethouder belooft bijvoorbeeld iets uit te zoeken of de raad later te informeren.",
    ),
    (
        "college van B&W",
        [
            "college van burgemeester en wethouders",
            "college van B en W",
            "college van BenW",
        ],
        "Het dagelijks bestuur van de gemeente: de burgemeester en de wethouders samen. "
        "Het college voert het beleid uit en neemt veel besluiten zelf.",
    ),
    (
        "raadsvoorstel",
        ["raadsvoorstellen"],
        "Een voorstel van het college aan de gemeenteraad. "
        "De gemeenteraad beslist erover, meestal in een raadsvergadering.",
    ),
    (
        "gevraagd advies",
        ["gevraagde adviezen"],
        "Advies dat de cliëntenraad geeft omdat de gemeente erom vroeg. "
        "De gemeente vraagt het advies voordat zij een besluit neemt.",
    ),
    (
        "ongevraagd advies",
        ["ongevraagde adviezen"],
        "Advies dat de cliëntenraad uit zichzelf geeft, zonder dat de gemeente erom vroeg. "
        "Dat doet de cliëntenraad bijvoorbeeld als hij een probleem ziet dat de gemeente moet oplossen.",
    ),
    (
        "verordening",
        ["verordeningen"],
        "Een regel die de gemeenteraad vaststelt en die voor iedereen in de gemeente geldt. "
        "In een verordening staat bijvoorbeeld hoe de gemeente de cliëntenraad om advies vraagt.",
    ),
    (
        "cliëntenraad",
        ["cliëntenraden", "clientenraad", "clientenraden", "adviesraad", "adviesraden"],
        "Een groep inwoners die de gemeente advies geeft over hulp en regels die hen raken, "
        "zoals werk, bijstand en zorg. Een adviesraad doet hetzelfde, vaak voor meer onderwerpen.",
    ),
    (
        "raadpleging",
        ["raadplegingen"],
        "Het moment waarop de gemeente de cliëntenraad om advies vraagt over een plan, "
        "voordat zij erover beslist. Op deze website ziet u of dat op tijd gebeurde.",
    ),
    (
        "amendement",
        ["amendementen"],
        "Een voorstel van een of meer leden van de gemeenteraad om een raadsvoorstel te veranderen. "
        "De gemeenteraad stemt eerst over het amendement en daarna over het voorstel zelf.",
    ),
    (
        "commissie",
        ["commissies", "raadscommissie", "raadscommissies"],
        "Een kleinere groep raadsleden die een onderwerp bespreekt voordat de hele gemeenteraad "
        "erover beslist. Er is bijvoorbeeld een commissie voor werk en inkomen.",
    ),
    (
        "Wmo",
        ["Wet maatschappelijke ondersteuning", "Wmo 2015"],
        "De Wet maatschappelijke ondersteuning. Volgens deze wet helpt de gemeente mensen om zo "
        "lang mogelijk thuis te wonen en mee te doen, bijvoorbeeld met hulp in huis of een rolstoel.",
    ),
    (
        "Participatiewet",
        [],
        "De wet over werk en bijstand. De gemeente helpt mensen aan werk, en wie te weinig geld "
        "heeft om van te leven kan een bijstandsuitkering krijgen.",
    ),
    (
        "Jeugdwet",
        [],
        "De wet over hulp aan kinderen, jongeren en hun ouders, bijvoorbeeld bij problemen met "
        "opvoeden of opgroeien. De gemeente regelt en betaalt die hulp.",
    ),
    (
        "beleidsregel",
        ["beleidsregels"],
        "Een regel van het college die uitlegt hoe de gemeente een wet of verordening toepast. "
        "Er staat bijvoorbeeld in hoe de gemeente beslist over een aanvraag.",
    ),
    (
        "wethouder",
        ["wethouders"],
        "Een bestuurder van de gemeente die verantwoordelijk is voor een aantal onderwerpen, "
        "zoals werk of zorg. De wethouders vormen samen met de burgemeester het college.",
    ),
    (
        "adviesaanvraag",
        ["adviesaanvragen"],
        "Een brief waarin de gemeente de cliëntenraad om advies vraagt over een plan. "
        "Daarin staat ook wanneer de gemeente het advies wil hebben.",
    ),
]


def add_terms(apps, schema_editor):
    GlossaryTerm = apps.get_model("council", "GlossaryTerm")
    for term, forms, explanation in TERMS:
        GlossaryTerm.objects.get_or_create(
            slug=slugify(term),
            defaults={"term": term, "other_forms": "\n".join(forms), "explanation": explanation},
        )


def remove_terms(apps, schema_editor):
    GlossaryTerm = apps.get_model("council", "GlossaryTerm")
    GlossaryTerm.objects.filter(slug__in=[slugify(term) for term, _, _ in TERMS]).delete()


class Migration(migrations.Migration):
    dependencies = [("council", "0007_glossary")]

    operations = [migrations.RunPython(add_terms, remove_terms)]
