from lap.api.strict import StrictFilterSet
from lap.models.rounds import Round


class RoundFilter(StrictFilterSet):
    class Meta:
        model = Round
        fields = ["state"]
