"""Chart geometry for templates whose view does not build it: `{% load charts %}`."""

from django import template

from lap import charts
from lap.selectors.vision import IndicatorFigures

register = template.Library()


@register.simple_tag
def indicator_chart(figures: IndicatorFigures) -> charts.LineChart | None:
    """The line of an indicator's measurements with its baseline and target (None: nothing
    dated to draw). Usage: `{% indicator_chart figures as chart %}`."""
    return charts.line_chart(figures.measurements, baseline=figures.baseline, target=figures.target)
