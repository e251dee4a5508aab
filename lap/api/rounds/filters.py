import django_filters

from lap.api.strict_filters import ChoiceFilter
from lap.models.rounds import Round, RoundState


class RoundFilter(django_filters.FilterSet):
    state = ChoiceFilter(choices=RoundState.choices)

    class Meta:
        model = Round
        fields = ["state"]
