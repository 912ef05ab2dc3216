"""Staff pages of the progression app, one list of patterns per part."""

from stegvis.progression.instruments.urls import urlpatterns as instrument_patterns
from stegvis.progression.measuring.urls import urlpatterns as measuring_patterns
from stegvis.progression.statistics.urls import urlpatterns as statistics_patterns

app_name = "progression"
urlpatterns = [*instrument_patterns, *measuring_patterns, *statistics_patterns]
