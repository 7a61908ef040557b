"""The demo's year of CCS life, as data: for each demo commune, its monthly sessions (a few
months missed, one session cancelled), the recommendations each session issued, and what
happened to each of them afterwards, day by day (docs/domain.md, sections 3 and 9).

Days are counted back from the day the demo is loaded (``days_ago``, the day of the
session) and forward from the session (``at(day, …)``, the day of a step): the whole year
moves with the tracker's clock, and every step of a file lies between its session and
yesterday (tracker/demo.py checks it). Texts are French, as the CCS write them; the
situations, places and recommendations follow what the PROSMED communes report (street
lamps, fuel for the FDS, radio programmes, proximity policing, displaced people, drug
selling, road safety, women and youth in the CCS)."""

from __future__ import annotations

from tracker.demo_data.djenne import DJENNE
from tracker.demo_data.mopti import MOPTI
from tracker.demo_data.niono import NIONO
from tracker.demo_data.regions import REGION_MOPTI, REGION_SEGOU
from tracker.demo_data.san import SAN
from tracker.demo_data.segou import SEGOU

COMMUNAL_CCS = (SEGOU, NIONO, MOPTI, DJENNE, SAN)
REGIONAL_CCS = (REGION_SEGOU, REGION_MOPTI)
ALL_CCS = COMMUNAL_CCS + REGIONAL_CCS
