"""Cross-field rules in ``Model.clean()`` that keep quiet about fields a form already refused.

A malformed date reaches ``clean()`` as ``None``: a rule such as "a period as
written needs its last day" would then add a second, misleading message to
the field that already says "Voer een geldige datum in.". Django passes the
fields that failed (or are not on the form) to ``full_clean(exclude=...)``;
this mixin keeps them, with the fields the model's own validators refuse, so
that ``clean()`` can skip the rules that read them.
"""

from django.core.exceptions import ValidationError


class SkipsRefusedFields:
    def full_clean(self, exclude=None, validate_unique=True, validate_constraints=True):
        self._refused_fields = frozenset(exclude or ())
        try:
            return super().full_clean(
                exclude=exclude,
                validate_unique=validate_unique,
                validate_constraints=validate_constraints,
            )
        finally:
            self._refused_fields = frozenset()

    def clean_fields(self, exclude=None):
        # Django runs clean() even when a field's own validators refused it
        # (an implausible year): that field is refused too.
        try:
            super().clean_fields(exclude=exclude)
        except ValidationError as error:
            self._refused_fields = getattr(self, "_refused_fields", frozenset()) | set(
                error.error_dict
            )
            raise

    def can_judge(self, *fields):
        """True when none of ``fields`` was refused by the form (or left off it)."""
        return not frozenset(fields) & getattr(self, "_refused_fields", frozenset())
