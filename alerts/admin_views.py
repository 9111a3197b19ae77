"""Admin: how many follow what. Platform administrators see every council and can
remove an address (the Subscriber snippet); council members see the counts of
their own councils only, never an address."""

from django.db.models import Count
from django.db.models.functions import Coalesce
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from council.models import Council
from council.tenancy import council_ids

from .models import Kind, Subscription


def counts(council_pks):
    """``{council id or None: {kind: confirmed subscriptions}}``, in one query.

    ``None`` holds what belongs to no council (topics, bodies, searches).
    ``council_pks`` None means all.
    """
    rows = (
        Subscription.objects.exclude(confirmed_at=None)
        .annotate(owner=Coalesce("council_id", "consultation__council_id", "motion__council_id"))
        .values("owner", "kind")
        .annotate(total=Count("pk"))
        .order_by()
    )
    if council_pks is not None:
        rows = rows.filter(owner__in=council_pks)
    result = {}
    for row in rows:
        result.setdefault(row["owner"], dict.fromkeys(Kind.values, 0))[row["kind"]] = row["total"]
    return result


class FollowerCountsView(WagtailAdminTemplateMixin, TemplateView):
    page_title = _("Volgers")
    header_icon = "mail"
    template_name = "alerts/admin/counts.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        allowed = council_ids(self.request.user)
        by_owner = counts(allowed)
        councils = Council.objects.order_by("name")
        if allowed is not None:
            councils = councils.filter(pk__in=allowed)
        empty = dict.fromkeys(Kind.values, 0)
        context["kinds"] = Kind.choices
        context["rows"] = [
            (council.name, [by_owner.get(council.pk, empty)[k] for k in Kind.values])
            for council in councils
        ]
        if allowed is None:
            context["rows"].append(
                (
                    _("Zonder raad (onderwerpen, organen, zoekopdrachten)"),
                    [by_owner.get(None, empty)[k] for k in Kind.values],
                )
            )
        return context


def urlpatterns():
    return [path("volgers/", FollowerCountsView.as_view(), name="alerts_counts")]
