"""Structured questions get structured answers; everything else is left to search.

Each row is a real question, how it is read (intent, language), which fact must answer it
(first, or among the answers where the question is honestly ambiguous) and a section that
must be cited. Typos and missing æøå are part of the table, marked with a comment.
"""

from __future__ import annotations

import dataclasses
import json
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from guideline.rules.facts import codes, load_facts
from guideline.rules.matcher import INTENTS, match_rules
from guideline.rules.vocab import compile_phrase

ALL_INTERVALS = (
    "interval.referral-first-visit", "interval.first-visit-decision", "interval.decision-treatment-drug",
    "interval.decision-treatment-radiation", "interval.referral-treatment-drug", "interval.referral-treatment-radiation",
)  # fmt: skip
DECISION_CODES = ("code.A04CK", "code.A04CM", "code.A04CA", "code.A04CI")
REG_START = "utredning/registrering/utredning-start"
REG_DECISION = "utredning/registrering/klinisk-beslutning"
REG_TRANSFER = "utredning/registrering/overforing-til-helseforetak-sykehus"
MDT = "introduksjon/det-tverrfaglige-multidisiplinaere-team-mdt"
CRITERIA = "inngang/begrunnet-mistanke-kriterier-for-henvisning-til-pakkeforlop"


def q(question, lang, intent, facts, section, *, among=False):
    """One row: ``facts`` is the fact id that must come first, or a tuple that must all be answered.

    With ``among`` the single id must be among the answers, not necessarily first.
    """
    return pytest.param(question, lang, intent, facts, section, among, id=question)


CODE_QUESTIONS = [
    q("hva betyr A04CA", "nb", "code_lookup", "code.A04CA", REG_DECISION),
    q("a04s", None, "code_lookup", "code.A04S", REG_START),
    q("Hva står A04FM for?", "nb", "code_lookup", "code.A04FM", "behandling/registrering"),
    q("Når skal A04S registreres?", "nb", "code_lookup", "code.A04S", REG_START),
    q("what does A04X mean", "en", "code_lookup", "code.A04X", "behandling/registrering"),
    q("hva betyr a04fl", "nb", "code_lookup", "code.A04FL", "behandling/registrering"),
    q("Hva er forskjellen på A04FO og A04FI?", "nb", "code_lookup", ("code.A04FO", "code.A04FI"), "behandling/registrering"),
    q("A04C*", None, "code_lookup", DECISION_CODES, REG_DECISION),
    q("Explain code A04O", "en", "code_lookup", "code.A04O", REG_TRANSFER),
    q("when is A04A registered", "en", "code_lookup", "code.A04A", "inngang/registrering"),
    q("which code when we receive the referral", "en", "code_for_event", "code.A04A", "inngang/registrering"),
    q("kode når pasienten overføres til annet sykehus", "nb", "code_for_event", "code.A04O", REG_TRANSFER),
    q("what code for active surveillance", "en", "code_for_event", "code.A04FO", "behandling/registrering"),
    q("hvilken kode brukes når pasienten starter strålebehandling", "nb", "code_for_event", "code.A04FS", "behandling/registrering"),
    q("hvilken kode ved første fremmøte hos avtalespesialist", "nb", "code_for_event", "code.A04S", REG_START),
    q("hvilken NPR-kode brukes ved første fremmøte?", "nb", "code_for_event", "code.A04S", REG_START),
    q("Which NPR code is used for the first attendance?", "en", "code_for_event", "code.A04S", REG_START, among=True),
    q("kode når pasienten ikke ønsker mer utredning", "nb", "code_for_event", "code.A04X", "behandling/registrering"),
    # "in the myeloma pathway" says where the question stands; it names no pathway start
    q("Give me all the treatment-start codes in the myeloma pathway.", "en", "code_for_event",
      ("code.A04FK", "code.A04FM", "code.A04FS", "code.A04FL", "code.A04FO", "code.A04FI"), "behandling/registrering"),
    q("Hvilken kode brukes for strålebehandling i pakkeforløpet for myelomatose?", "nb", "code_for_event",
      "code.A04FS", "behandling/registrering"),
    # a code question naming one event gets the codes that record it, whatever its other words
    q("Which NPR code marks the patient's first attendance for the work-up?", "en", "code_for_event", "code.A04S", REG_START),
    q("Hvilken kode markerer at pasienten har møtt til første fremmøte?", "nb", "code_for_event", "code.A04S", REG_START),
    q("Which code do we enter when treatment starts?", "en", "code_for_event", ("code.A04FK", "code.A04FM", "code.A04FS", "code.A04FL", "code.A04FO", "code.A04FI"), "behandling/registrering"),
    # a negated event does not happen: "no treatment" is A04FI, and the date asked is its registration
    q("The decision is no treatment at all. Which code, and on what date?", "en", "code_for_event", "code.A04FI", "behandling/registrering"),
    q("Beslutningen er ingen behandling. Hvilken kode og hvilken dato?", "nb", "code_for_event", "code.A04FI", "behandling/registrering"),
    q("hvilken kode når pasienten dør under forløpet", "nb", "code_for_event", "code.A04X", "behandling/registrering"),
    q("kode for påvist annen kreftsykdom", "nb", "code_for_event", "code.A04CM", REG_DECISION),
    q("hvilken kode når det ikke er påvist sykdom", "nb", "code_for_event", "code.A04CI", REG_DECISION),
    q("kode når utredningen viser annen sykdom enn kreft", "nb", "code_for_event", "code.A04CA", REG_DECISION),
    q("hvilken kode registreres når myelomatose er påvist og behandling besluttet", "nb", "code_for_event", "code.A04CK", REG_DECISION),
    q("which code for palliative treatment", "en", "code_for_event", "code.A04FL", "behandling/registrering"),
    q("which code when the patient is transferred to another hospital", "en", "code_for_event", "code.A04O", REG_TRANSFER),
    q("what code is used when no treatment is given", "en", "code_for_event", "code.A04FI", "behandling/registrering"),
    q("which code do we use if the patient declines further investigation", "en", "code_for_event", "code.A04X", "behandling/registrering"),
    q("code for starting drug treatment", "en", "code_for_event", "code.A04FM", "behandling/registrering"),
    q("what code when the patient dies", "en", "code_for_event", "code.A04X", "behandling/registrering"),
    q("hvilken kode ved kirurgisk behandling", "nb", "code_for_event", "code.A04FK", "behandling/registrering"),
    q("kode for medikamentell behandling", "nb", "code_for_event", "code.A04FM", "behandling/registrering"),
    q("hvilke koder brukes ved klinisk beslutning", "nb", "code_for_event", DECISION_CODES, REG_DECISION),
    q("hvilke koder finnes i pakkeforløpet", "nb", "list", "list.codes", "inngang/registrering"),
    q("Pasienten vil ikke ha behandling – hvilken kode?", "nb", "code_for_event", "code.A04X", "behandling/registrering"),
    q("What is the code for death?", "en", "code_for_event", "code.A04X", "behandling/registrering"),
    q("når starter pakkeforløpet", "nb", "code_for_event", "code.A04A", "inngang/registrering"),
    # typos and missing æøå
    q("kode nar pasienten overfores til annet sykehus", "nb", "code_for_event", "code.A04O", REG_TRANSFER),
    q("hvilken kode ved aktiv overvaking", "nb", "code_for_event", "code.A04FO", "behandling/registrering"),
    q("which code when the referal is recieved", "en", "code_for_event", "code.A04A", "inngang/registrering"),
    q("hvilken kode ved symptomlindrende behandlng", "nb", "code_for_event", "code.A04FL", "behandling/registrering"),
    q("KODE VED AKTIV OVERVÅKNING", "nb", "code_for_event", "code.A04FO", "behandling/registrering"),
]  # fmt: skip

DEADLINE_QUESTIONS = [
    q("hvor lang tid fra henvisning til første fremmøte", "nb", "deadline", "interval.referral-first-visit", "inngang/forlopstid"),
    q("Fastlegen har henvist mamma. Hvor fort skal hun få komme til sykehuset til første time?", "nb", "deadline", "interval.referral-first-visit", "inngang/forlopstid"),
    q("The GP has referred my husband with suspected myeloma. How soon should he be seen at the hospital?", "en", "deadline", "interval.referral-first-visit", "inngang/forlopstid"),
    q("frist for oppstart medikamentell behandling", "nb", "deadline", ("interval.decision-treatment-drug", "interval.referral-treatment-drug"), "forlopstider"),
    q("how many days from first visit to decision", "en", "deadline", "interval.first-visit-decision", "utredning/forlopstid"),
    q("forløpstid stråle", "nb", "deadline", ("interval.decision-treatment-radiation", "interval.referral-treatment-radiation"), "behandling/forlopstid"),
    q("ved hyperkalsemi, hvor raskt", "nb", "deadline", "rule.acute", "inngang/forlopstid"),
    q("hvor mange dager har sykehuset på å gi første time", "nb", "deadline", "interval.referral-first-visit", "inngang/forlopstid"),
    # waiting for an appointment is waiting for the first visit
    q("hvor lenge må vi vente på time etter at fastlegen har henvist pappa?", "nb", "deadline", "interval.referral-first-visit", "inngang/forlopstid"),
    q("How long until my dad gets an appointment after the referral?", "en", "deadline", "interval.referral-first-visit", "inngang/forlopstid"),
    q("hva er fristen fra første fremmøte til beslutning", "nb", "deadline", "interval.first-visit-decision", "utredning/forlopstid"),
    q("hvor lang tid fra avsluttet utredning til strålebehandling", "nb", "deadline", "interval.decision-treatment-radiation", "behandling/forlopstid"),
    q("hvor lang tid tar hele pakkeforløpet", "nb", "deadline", ("interval.referral-treatment-drug", "interval.referral-treatment-radiation"), "forlopstider"),
    q("what is the deadline from referral to start of radiotherapy", "en", "deadline", "interval.referral-treatment-radiation", "forlopstider"),
    q("how long from referral to treatment", "en", "deadline", ("interval.referral-treatment-drug", "interval.referral-treatment-radiation"), "forlopstider"),
    q("what are the pathway times", "en", "deadline", ALL_INTERVALS, "forlopstider"),
    q("hva er forløpstidene", "nb", "deadline", ALL_INTERVALS, "forlopstider"),
    q("er forløpstidene juridisk bindende", "nb", "deadline", "rule.legal-status", "forlopstider"),
    q("are the deadlines legally binding", "en", "deadline", "rule.legal-status", "forlopstider"),
    q("hva er det lovmessige grunnlaget for forløpstidene", "nb", "deadline", "rule.legal-status", "forlopstider"),
    q("hvor raskt må pasienten behandles ved medullakompresjon", "nb", "deadline", "rule.acute", "inngang/forlopstid"),
    q("how quickly must a patient with hypercalcaemia be treated", "en", "deadline", "rule.acute", "inngang/forlopstid"),
    q("ved nyresvikt, hva er fristen", "nb", "deadline", "rule.acute", "inngang/forlopstid"),
    q("hvor lang tid fra A04A til A04S", "nb", "deadline", "interval.referral-first-visit", "inngang/forlopstid"),
    q("deadline from decision to drug treatment", "en", "deadline", "interval.decision-treatment-drug", "behandling/forlopstid"),
    q("hvor lang tid fra henvisning til start strålebehandling", "nb", "deadline", "interval.referral-treatment-radiation", "forlopstider"),
    q("How many days between the first appointment and the clinical decision?", "en", "deadline", "interval.first-visit-decision", "utredning/forlopstid"),
    q("when must treatment start after the decision", "en", "deadline", ("interval.decision-treatment-drug", "interval.decision-treatment-radiation"), "behandling/forlopstid"),
    q("Hvor mange dager fra beslutning til cellegift?", "nb", "deadline", "interval.decision-treatment-drug", "behandling/forlopstid"),
    q("min mor er henvist, hvor lenge må hun vente på første time?", "nb", "deadline", "interval.referral-first-visit", "inngang/forlopstid"),
    # typos and missing æøå
    q("frist fra henvisnig til forste fremmote", "nb", "deadline", "interval.referral-first-visit", "inngang/forlopstid"),
    q("forlopstid medikamentell behandling", "nb", "deadline", ("interval.decision-treatment-drug", "interval.referral-treatment-drug"), "forlopstider"),
    q("hvor lang tid fra beslutnng til medikamentel behandling", "nb", "deadline", "interval.decision-treatment-drug", "behandling/forlopstid"),
]  # fmt: skip

RESPONSIBILITY_QUESTIONS = [
    q("hvem kan henvise", "nb", "responsibility", "resp.referrer", "inngang/ansvarlig-for-henvisningen"),
    q("who decides the treatment", "en", "responsibility", "resp.diagnosis-decision", "utredning/klinisk-beslutning"),
    q("hvem rapporterer til NPR", "nb", "responsibility", "resp.npr", REG_START),
    q("kan avtalespesialist rapportere til NPR", "nb", "responsibility", "resp.npr", REG_START),
    q("hvem legger inn sentralt venekateter", "nb", "responsibility", "resp.cvc", "behandling/ansvarlig"),
    q("hvem følger opp etter utskrivning", "nb", "responsibility", "resp.gp-after-discharge", "oppfolging/informasjon-og-dialog-med-pasienten", among=True),
    q("hvem har ansvaret for behandlingen", "nb", "responsibility", "resp.treatment", "behandling/ansvarlig"),
    q("hvem høster stamceller", "nb", "responsibility", "resp.stem-cells", "behandling/ansvarlig"),
    q("who harvests stem cells", "en", "responsibility", "resp.stem-cells", "behandling/ansvarlig"),
    q("who inserts the central venous catheter", "en", "responsibility", "resp.cvc", "behandling/ansvarlig"),
    q("hvem stiller diagnosen", "nb", "responsibility", "resp.diagnosis-decision", "utredning/klinisk-beslutning"),
    q("hvem tar beslutning om behandling", "nb", "responsibility", "resp.diagnosis-decision", "utredning/ansvarlig"),
    q("who can refer a patient to the pathway", "en", "responsibility", "resp.referrer", "inngang/ansvarlig-for-henvisningen"),
    q("hvor skal henvisningen sendes", "nb", "responsibility", "resp.referral-destination", "inngang/ansvarlig-for-henvisningen"),
    q("hvem får kopi av henvisningen", "nb", "responsibility", "resp.referral-destination", "inngang/ansvarlig-for-henvisningen"),
    q("where is the referral sent", "en", "responsibility", "resp.referral-destination", "inngang/henvisning-til-pakkeforlop"),
    q("hvem registrerer kodene", "nb", "responsibility", "resp.registration", "inngang/registrering"),
    q("who reports to the Norwegian Patient Registry", "en", "responsibility", "resp.npr", REG_START),
    q("can private specialists report to NPR", "en", "responsibility", "resp.npr", REG_START),
    q("hvem deltar i MDT", "nb", "responsibility", "resp.mdt", MDT),
    q("who is in the MDT", "en", "responsibility", "resp.mdt", MDT),
    q("hva er fastlegens rolle etter utskrivning", "nb", "responsibility", "resp.gp-after-discharge", "oppfolging/informasjon-og-dialog-med-pasienten"),
    q("what is the GP's role after discharge", "en", "responsibility", "resp.gp-after-discharge", "oppfolging/informasjon-og-dialog-med-pasienten"),
    q("må alle sykehus ha forløpskoordinator", "nb", "responsibility", "resp.coordinators", "introduksjon/forlopskoordinering"),
    q("hvem kan kontrollere pasienter med MGUS", "nb", "responsibility", "resp.follow-up", "oppfolging/ansvarlig"),
    q("hvem skal følge opp pasienten etter behandling", "nb", "responsibility", "resp.follow-up", "oppfolging/kontroll"),
    q("hvordan skal henvisningen merkes", "nb", "list", "rule.referral-marking", "inngang/henvisning-til-pakkeforlop"),
    q("how should the referral be marked", "en", "list", "rule.referral-marking", "inngang/henvisning-til-pakkeforlop"),
    q("who is responsible for follow-up", "en", "responsibility", "resp.follow-up", "oppfolging/ansvarlig"),
    q("Hvem bestemmer behandlingen?", "nb", "responsibility", "resp.diagnosis-decision", "utredning/klinisk-beslutning"),
    # typos and missing æøå
    q("hvem legger inn sentralt venekatetter", "nb", "responsibility", "resp.cvc", "behandling/ansvarlig"),
    q("hvem rapportrer til NPR", "nb", "responsibility", "resp.npr", REG_START),
    q("hvem hoster stamceller", "nb", "responsibility", "resp.stem-cells", "behandling/ansvarlig"),
]  # fmt: skip

LIST_QUESTIONS = [
    q("hvilke prøver skal fastlegen ta", "nb", "list", "list.gp-tests", "inngang/filterfunksjon"),
    q("når er mistanken begrunnet", "nb", "list", "list.justified-suspicion", CRITERIA),
    q("hva skal henvisningen inneholde", "nb", "list", "list.referral-content", "inngang/henvisning-til-pakkeforlop"),
    q("hva skjer ved første fremmøte", "nb", "list", "list.first-visit", "utredning/utredning"),
    q("risk factors", None, "list", "list.risk-factors", "inngang/risikogrupper"),
    q("symptoms that raise suspicion", "en", "list", "list.symptoms", "inngang/mistanke"),
    q("what happens on relapse", "en", "list", "rule.relapse", "oppfolging/handtering-av-tilbakefall"),
    q("hvilke symptomer gir mistanke om myelomatose", "nb", "list", "list.symptoms", "inngang/mistanke"),
    q("hva er risikofaktorene for myelomatose", "nb", "list", "list.risk-factors", "inngang/risikogrupper"),
    q("hvilke blodprøver skal tas før henvisning", "nb", "list", "list.gp-tests", "inngang/filterfunksjon"),
    q("what tests should the GP take", "en", "list", "list.gp-tests", "inngang/filterfunksjon"),
    q("kriterier for henvisning til pakkeforløp", "nb", "list", "list.justified-suspicion", CRITERIA),
    q("what are the criteria for justified suspicion", "en", "list", "list.justified-suspicion", CRITERIA),
    q("what must the referral contain", "en", "list", "list.referral-content", "inngang/henvisning-til-pakkeforlop"),
    q("what is done at the first visit", "en", "list", "list.first-visit", "utredning/utredning"),
    q("hva skjer ved tilbakefall", "nb", "list", "rule.relapse", "oppfolging/handtering-av-tilbakefall"),
    q("what if a new cancer is suspected", "en", "list", "rule.new-cancer", "oppfolging/handtering-av-tilbakefall"),
    q("hva hvis det er usikkert om metastasene kommer fra myelomatose", "nb", "list", "rule.unknown-origin", "oppfolging/handtering-av-tilbakefall"),
    q("hva skal pasienten informeres om ved henvisning", "nb", "list", "list.patient-info-referral", "inngang/informasjon-og-dialog-med-pasienten"),
    q("Hvilke undersøkelser gjøres ved første fremmøte?", "nb", "list", "list.first-visit", "utredning/utredning"),
    q("risikofaktorer", "nb", "list", "list.risk-factors", "inngang/risikogrupper"),
    # typos and missing æøå
    q("hvilke symtomer gir mistanke om myelomatose", "nb", "list", "list.symptoms", "inngang/mistanke"),
    q("hva skjer ved forste fremmote", "nb", "list", "list.first-visit", "utredning/utredning"),
    q("hva skal henvisnngen inneholde", "nb", "list", "list.referral-content", "inngang/henvisning-til-pakkeforlop"),
    q("hvilke prover skal fastlegen ta", "nb", "list", "list.gp-tests", "inngang/filterfunksjon"),
]  # fmt: skip

STRUCTURED = CODE_QUESTIONS + DEADLINE_QUESTIONS + RESPONSIBILITY_QUESTIONS + LIST_QUESTIONS


@pytest.mark.parametrize(("question", "lang", "intent", "facts", "section", "among"), STRUCTURED)
def test_structured_question(question, lang, intent, facts, section, among):
    result = match_rules(question)
    assert result is not None, "no rule matched"
    assert result.intent == intent, result.explanation
    if lang is not None:
        assert result.lang == lang
    if isinstance(facts, tuple):
        assert set(facts) <= set(result.fact_ids), result.explanation
    elif among:
        assert facts in result.fact_ids, result.explanation
    else:
        assert result.fact_ids[0] == facts, result.explanation
    assert section in {s for f in result.facts for s in f.sections}
    assert result.explanation


# Question, interval asked about, start, deadline, actual end date or None, days used, status.
DATE_QUESTIONS = [
    # what was decided ("om medikamentell behandling") is not a second event to date
    ("Beslutning om medikamentell behandling tatt 20.12.2026 – siste dag for oppstart?", "nb",
     "interval.decision-treatment-drug", date(2026, 12, 20), date(2026, 12, 23), None, None, "open"),
    ("Decision on drug treatment taken 20 March 2026, last day to start?", "en",
     "interval.decision-treatment-drug", date(2026, 3, 20), date(2026, 3, 23), None, None, "open"),
    # a relative's family words say nothing about which forløpstid is meant
    ("My father was referred on 3 March 2026. How soon should he be seen at the hospital?", "en",
     "interval.referral-first-visit", date(2026, 3, 3), date(2026, 3, 10), None, None, "open"),
    ("Henvisning mottatt 3. mars 2026 — når er fristen for første fremmøte?", "nb",
     "interval.referral-first-visit", date(2026, 3, 3), date(2026, 3, 10), None, None, "open"),
    ("henvisning 3.3.2026, første fremmøte 12.3.2026 — ble fristen holdt?", "nb",
     "interval.referral-first-visit", date(2026, 3, 3), date(2026, 3, 10), date(2026, 3, 12), 9, "missed"),
    ("henvisning 3.3.2026, første fremmøte 10.3.2026 — ble fristen holdt?", "nb",
     "interval.referral-first-visit", date(2026, 3, 3), date(2026, 3, 10), date(2026, 3, 10), 7, "met"),
    ("Referral received on 3 March 2026. When is the deadline for the first visit?", "en",
     "interval.referral-first-visit", date(2026, 3, 3), date(2026, 3, 10), None, None, "open"),
    ("Referral 3 March 2026, first visit 12 March 2026 - was the deadline met?", "en",
     "interval.referral-first-visit", date(2026, 3, 3), date(2026, 3, 10), date(2026, 3, 12), 9, "missed"),
    ("Pasienten ble henvist 3.3.2026. Når må første fremmøte skje?", "nb",
     "interval.referral-first-visit", date(2026, 3, 3), date(2026, 3, 10), None, None, "open"),
    ("Henvisning mottatt 1. februar 2026, når må medikamentell behandling starte?", "nb",
     "interval.referral-treatment-drug", date(2026, 2, 1), date(2026, 3, 3), None, None, "open"),
    ("Første fremmøte var 10.03.2026. Når må beslutningen tas?", "nb",
     "interval.first-visit-decision", date(2026, 3, 10), date(2026, 3, 30), None, None, "open"),
    ("Beslutning tatt 2026-03-20, frist for oppstart strålebehandling?", "nb",
     "interval.decision-treatment-radiation", date(2026, 3, 20), date(2026, 4, 3), None, None, "open"),
    ("The decision was taken on 20 March 2026; when must drug treatment start?", "en",
     "interval.decision-treatment-drug", date(2026, 3, 20), date(2026, 3, 23), None, None, "open"),
    ("henvist 28.2.2024, frist første fremmøte", "nb",
     "interval.referral-first-visit", date(2024, 2, 28), date(2024, 3, 6), None, None, "open"),
    ("Henvisning 30.12.2026, når må første fremmøte skje?", "nb",
     "interval.referral-first-visit", date(2026, 12, 30), date(2027, 1, 6), None, None, "open"),
    ("referral received 3/3/26, deadline for first visit?", "en",
     "interval.referral-first-visit", date(2026, 3, 3), date(2026, 3, 10), None, None, "open"),
    ("henvisning motatt 5.1.2026, nar er fristen for forste fremmote", "nb",  # typos, no æøå
     "interval.referral-first-visit", date(2026, 1, 5), date(2026, 1, 12), None, None, "open"),
    ("Henvist 1.3.2026, strålebehandling startet 15.4.2026 – innenfor fristen?", "nb",
     "interval.referral-treatment-radiation", date(2026, 3, 1), date(2026, 4, 11), date(2026, 4, 15), 45, "missed"),
    ("A04A registrert 2.3.2026 – når må A04S senest være registrert?", "nb",
     "interval.referral-first-visit", date(2026, 3, 2), date(2026, 3, 9), None, None, "open"),
    ("If the referral arrived on 29 February 2028, when is the deadline for the first visit?", "en",
     "interval.referral-first-visit", date(2028, 2, 29), date(2028, 3, 7), None, None, "open"),
    ("A04S 4.3.2026 og A04CK 30.3.2026 - innenfor fristen?", "nb",
     "interval.first-visit-decision", date(2026, 3, 4), date(2026, 3, 24), date(2026, 3, 30), 26, "missed"),
    ("henvisning 1.3.2026 behandling startet 20.4.2026 var det for sent", "nb",
     "interval.referral-treatment-drug", date(2026, 3, 1), date(2026, 3, 31), date(2026, 4, 20), 50, "missed"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("question", "lang", "interval_id", "start", "deadline", "actual", "days_used", "status"),
    DATE_QUESTIONS,
    ids=[row[0] for row in DATE_QUESTIONS],
)
def test_date_arithmetic(question, lang, interval_id, start, deadline, actual, days_used, status):
    result = match_rules(question)
    assert result is not None and result.intent == "date_arithmetic", result and result.explanation
    assert result.lang == lang
    row = result.computed[0]
    assert row.interval_id == interval_id, result.explanation
    assert (row.start, row.deadline, row.actual, row.days_used, row.status) == (
        start,
        deadline,
        actual,
        days_used,
        status,
    )
    assert result.fact_ids[0] == interval_id
    assert "forlopstider" in result.facts[0].sections


def test_one_dated_event_and_no_target_gives_every_deadline_from_it():
    result = match_rules("Pasienten ble henvist 3.3.2026. Hva er fristene?")
    assert [(r.interval_id, r.deadline) for r in result.computed] == [
        ("interval.referral-first-visit", date(2026, 3, 10)),
        ("interval.referral-treatment-drug", date(2026, 4, 2)),
        ("interval.referral-treatment-radiation", date(2026, 4, 13)),
    ]


def test_today_adds_overdue_to_a_date_sum():
    result = match_rules(
        "Henvisning mottatt 3.3.2026, når er fristen for første fremmøte?", today=date(2026, 3, 20)
    )
    assert (result.computed[0].overdue, result.computed[0].days_left) == (True, -10)


def test_dates_out_of_order_are_reported_in_the_message():
    result = match_rules("henvisning 12.3.2026, første fremmøte 3.3.2026 — ble fristen holdt?")
    assert result.intent == "date_arithmetic"
    assert "er datert før" in result.message
    assert all(r.days_used is None or r.days_used >= 0 for r in result.computed)


@pytest.mark.parametrize(
    ("question", "lang", "message"),
    [
        ("Henvisning mottatt 31.02.2026, når er fristen?", "nb", "31.02.2026 finnes ikke: februar 2026 har 28 dager."),
        ("henvisning 29.02.2025 frist første fremmøte", "nb", "29.02.2025 finnes ikke: februar 2025 har 28 dager."),
        ("henvisning 12.13.2026 frist", "nb", "12.13.2026 finnes ikke: det finnes ingen måned 13 (måned 1–12)."),
        ("henvisning 0.1.2026, frist for første fremmøte", "nb", "0.1.2026 finnes ikke: det finnes ingen dag 0 (dagene begynner på 1)."),
        ("Henvisning 3. mars, når er fristen for første fremmøte?", "nb", "3. mars: året mangler. Skriv hele datoen, f.eks. 3. mars 2026."),
        ("Referral received 30 February 2026, when is the first visit due?", "en", "30 February 2026 does not exist: February 2026 has 28 days."),
        ("referral on 9999-12-31, deadline?", "en", "9999-12-31: the year 9999 is outside the supported range 1900–2200."),
        ("henvist 0001-01-01, frist?", "nb", "0001-01-01: året 1 er utenfor området vi regner med (1900–2200)."),
    ],
)  # fmt: skip
def test_impossible_dates_are_answered_as_impossible(question, lang, message):
    result = match_rules(question)
    assert (result.intent, result.lang, result.message) == ("invalid_date", lang, message)
    assert result.facts == () and result.computed == ()


CODE_DESCRIPTIONS = [f.data["description"] for f in codes()]


@pytest.mark.parametrize(
    ("question", "lang", "unknown"),
    [
        ("hva betyr A04Z", "nb", "A04Z"),
        ("what is A05A", "en", "A05A"),
        ("A99A", "nb", "A99A"),
        ("hva betyr kode C04A", "nb", "C04A"),
        ("hva betyr A01A", "nb", "A01A"),  # another pathway's start code
        ("what does a04q mean", "en", "A04Q"),
        ("når brukes A04FX", "nb", "A04FX"),
        ("hva er forskjellen på A04A og A04Z", "nb", "A04Z"),
    ],
)
def test_an_unknown_code_is_said_to_be_unknown_never_described(question, lang, unknown):
    result = match_rules(question)
    assert (result.intent, result.lang) == ("unknown_code", lang)
    assert unknown in result.message
    assert all(c in result.message for c in load_facts().code_names())
    assert not any(d in result.message for d in CODE_DESCRIPTIONS)
    assert all(f.kind == "code" and f.data["code"] != unknown for f in result.facts)


def test_unknown_code_message_in_both_languages():
    assert match_rules("hva betyr A04Z").message == (
        "Pakkeforløp for myelomatose har ingen kode A04Z. Kodene i pakkeforløpet er A04A, A04S, A04O, A04CK, "
        "A04CM, A04CA, A04CI, A04FK, A04FM, A04FS, A04FL, A04FO, A04FI og A04X."
    )
    assert match_rules("what is the code A05A").message.startswith(
        "The myeloma pathway (Pakkeforløp for myelomatose) has no code A05A. Its codes are A04A, A04S,"
    )


FREE_TEXT = [
    "hvilke bivirkninger gir høydosebehandling",
    "is smoking cessation recommended",
    "hva er myelomatose",
    "hvordan behandles myelomatose",
    "hvordan forebygges helvetesild",
    "skal pasienten få informasjon om fertilitetsbevarende behandling",
    "hvorfor er smertebehandling viktig ved myelomatose",
    "what are the side effects of standard chemotherapy",
    "hva kan pasienten selv gjøre under rehabilitering",
    "skal pårørende involveres",
    "hva er pakkeforløp hjem for pasienter med kreft",
    "which rehabilitation services are offered",
    "gis erytropoietin ved anemi",
    "how is pain treated in myeloma",
    "hva er palliasjon",
    "hvilke symptomer gir høydosebehandling",
    "hvem har krav på tolk",
    "hvor lenge er pasienten innlagt etter høydosebehandling",
    "hvor lang tid tar strålebehandling",
    "hvilke medikamenter brukes mot myelomatose",
    "what is MGUS",
    "hvor ofte skal pasienten til kontroll",
    "hva er en M-komponent",
    "hvilke infeksjoner er vanlige",
    "kan jeg kjøre bil under behandlingen",
    "who pays for the treatment",
    "when was the guideline published",
    "",
    "   ",
    "?",
]


@pytest.mark.parametrize("question", FREE_TEXT)
def test_free_text_questions_are_left_to_search(question):
    assert match_rules(question) is None


def test_a_very_long_question_is_left_to_search():
    assert match_rules("hvem kan henvise " + "og så videre " * 60) is None


def test_intents_are_the_documented_ones():
    for row in STRUCTURED:
        assert row.values[2] in INTENTS


def test_the_table_covers_english_and_typing_errors():
    english = [row for row in STRUCTURED if row.values[1] == "en"] + [
        r for r in DATE_QUESTIONS if r[1] == "en"
    ]
    assert len(STRUCTURED) + len(DATE_QUESTIONS) >= 90
    assert len(english) >= 20


def test_no_fact_phrase_is_only_stop_words():
    """A phrase reduced to nothing would match nothing; one reduced to a filler would match anything."""
    for f in load_facts().facts:
        for term in f.terms:
            assert compile_phrase(term, f.id) is not None, (f.id, term)


def test_results_turn_into_json_for_the_cli():
    result = match_rules("henvisning 3.3.2026, første fremmøte 12.3.2026 — ble fristen holdt?")
    data = json.loads(json.dumps(dataclasses.asdict(result), default=str))
    assert data["computed"][0]["status"] == "missed"
    assert data["facts"][0]["data"]["days"] == 7


PIECES = st.sampled_from(
    [*"abcxyzæøå0123456789 .,-/*?", "A04A", "A04Z", "31.02.2026", "3. mars 2026", "henvisning", "frist",
     "første fremmøte", "hvem", "kode", "9999-12-31", "March 3", "\u200b"]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=120), st.lists(PIECES, max_size=30).map("".join)))
def test_any_text_gets_a_result_or_none_never_an_exception(text):
    result = match_rules(text)
    assert result is None or result.intent in INTENTS


def test_everyday_words_are_never_read_as_typos():
    # "siste" (last) is one letter from the cue word "liste" (list), and means something else.
    result = match_rules("Beslutning tatt 20.3.2026 – siste dag for oppstart?")
    assert result is not None and result.intent == "date_arithmetic"
    assert "'siste'" not in result.explanation
    # A real typo is still read as the word it means.
    result = match_rules("henvisning motatt 5.1.2026, nar er fristen for forste fremmote")
    assert "'motatt' as 'mottatt'" in result.explanation


@pytest.mark.parametrize("word", ["spain", "katten", "spinat", "barnebarna", "donate", "upper"])
def test_words_of_the_languages_are_words_not_typos(word):
    from guideline.text.lexicon import is_dictionary_word

    assert is_dictionary_word(word)


@pytest.mark.parametrize("typo", ["fastlgen", "myelomatsoe", "permanant", "henvsining", "behandlinga"])
def test_typos_are_not_dictionary_words(typo):
    from guideline.text.lexicon import is_dictionary_word

    assert not is_dictionary_word(typo)


def test_the_everyday_lexicon_knows_common_words_not_terms():
    from guideline.text.lexicon import is_everyday

    assert all(is_everyday(w) for w in ("siste", "skjonner", "forste", "parorende", "last", "day"))
    assert not any(is_everyday(w) for w in ("henvisnig", "myelomatose", "imwg", "beinmargsbiopsi"))


@pytest.mark.parametrize(
    ("question", "code", "registered"),
    [
        # the registration day of each kind of code, read from the dates of the situation
        ("Henvisningen kom inn 5. mars 2026. Hvilken dato skal startkoden ha?", "A04A", "5. mars 2026"),
        (
            "Pasienten møtte første gang på poliklinikken 12. mars 2026. Hvilken dato får koden for første fremmøte?",
            "A04S",
            "12. mars 2026",
        ),
        (
            "We sent the referral to the other hospital on 2 April 2026 and they saw her on 8 April 2026. "
            "What date should the transfer code have?",
            "A04O",
            "2 April 2026",
        ),
        (
            "MDT-møtet valgte aktiv overvåkning 10. mai 2026, og legen hadde samtale med pasienten 14. mai 2026. "
            "Hvilken kode og dato?",
            "A04FO",
            "14. mai 2026",
        ),
        (
            "The team decided on no treatment on 1 June 2026; the doctor told the patient on 4 June 2026. "
            "Which code, and which date?",
            "A04FI",
            "4 June 2026",
        ),
        (
            "Beslutning om cellegift 3. februar 2026, første kur gitt 6. februar 2026. "
            "Hvilken dato skal koden for medikamentell behandling registreres på?",
            "A04FM",
            "6. februar 2026",
        ),
    ],
)
def test_the_date_a_code_is_registered_on_comes_from_the_situation(question, code, registered):
    result = match_rules(question, reference=date(2026, 12, 1))
    assert result is not None and result.intent == "registration_date", result and result.explanation
    assert [f.data["code"] for f in result.facts] == [code]
    assert result.message.endswith(f": {registered}.")


def test_a_registration_date_the_question_does_not_give_is_said_to_be_missing():
    # The conversation with the patient is the day; the meeting's date is not it.
    result = match_rules(
        "Aktiv overvåkning ble valgt på MDT-møtet 3. juni 2026. Hvilken dato skal koden ha?",
        reference=date(2026, 12, 1),
    )
    assert result is not None and result.intent == "registration_date"
    assert "oppgir ikke den datoen" in result.message and "3. juni" not in result.message


def test_code_compounds_are_read_as_their_two_words():
    from guideline.rules.vocab import tokenize

    words = [t.text for t in tokenize("Hvilken dato skal overføringskoden og startkoden ha? episode")]
    assert words == [
        "hvilken",
        "dato",
        "skal",
        "overforing",
        "koden",
        "og",
        "start",
        "koden",
        "ha",
        "episode",
    ]


def test_a_question_asking_for_a_code_gets_the_code_of_its_event_before_a_rule():
    # The referral's marking is a rule about the same situation; the question asks for the code.
    result = match_rules("En henvisning merket pakkeforløp kom inn i dag. Hvilken kode skal jeg registrere?")
    assert result is not None and result.fact_ids == ("code.A04A",), result and result.explanation


@pytest.mark.parametrize(
    "question",
    [
        "hvor lenge går det fra første time til legene har bestemt seg for behandlingen?",
        "How long from the first appointment until the doctors decide what to do?",
    ],
)
def test_lay_words_for_the_decision_name_the_decision(question):
    result = match_rules(question)
    assert result is not None and "interval.first-visit-decision" in result.fact_ids, (
        result and result.explanation
    )


def test_which_code_and_date_with_no_dates_gets_the_code_and_its_registration_day():
    result = match_rules(
        "Pasienten sier nei til behandling når diagnosen er satt. Hvilken kode og dato gjelder?"
    )
    assert result is not None and result.fact_ids == ("code.A04FI",), result and result.explanation
    assert "samtalen" in result.facts[0].data["when_nb"]


def test_what_is_decided_right_after_the_decision_word_is_no_event_of_its_own():
    # "bestemmer behandling": the treatment is what is decided; the forløpstid asked ends at the decision
    result = match_rules("hvor lenge går det fra første time til de bestemmer behandling?")
    assert result is not None and result.fact_ids == ("interval.first-visit-decision",), (
        result and result.explanation
    )


def test_a_registration_date_from_dates_out_of_order_is_refused_not_registered():
    result = match_rules(
        "Pasienten møtte første gang 2. mars 2026 og henvisningen kom inn 5. mars 2026. "
        "Hvilken dato får koden for første fremmøte?",
        reference=date(2026, 12, 1),
    )
    assert result is not None and result.intent == "registration_date"
    assert "sjekk datoene" in result.message and "registreres" not in result.message


def test_an_impossible_date_is_refused_before_any_registration():
    result = match_rules("Henvisningen kom inn 31.02.2026. Hvilken dato skal startkoden ha?")
    assert result is not None and result.intent == "invalid_date"


@pytest.mark.parametrize(
    "question",
    [
        "hvem bestemmer til slutt hvilken behandling pappa får?",
        "Who has the final say on my mum's treatment?",
    ],
)
def test_who_has_the_last_word_on_treatment_is_the_decision_responsibility(question):
    result = match_rules(question)
    assert result is not None and result.fact_ids == ("resp.diagnosis-decision",), (
        result and result.explanation
    )


@pytest.mark.parametrize(
    ("question", "lang", "treatment"),
    [
        ("Finnes det en egen forløpstid for kirurgisk behandling?", "nb", "kirurgisk behandling"),
        ("What is the forløpstid from end of work-up to surgical treatment (A04FK)?", "en", "surgery"),
        ("Hva er fristen for A04FK?", "nb", "kirurgisk behandling"),
        ("How long from decision to start of palliative treatment?", "en", "symptom relief"),
        ("Hvor lang tid har vi fra beslutning til aktiv overvåkning?", "nb", "aktiv overvåkning"),
    ],
)
def test_a_forlopstid_for_a_treatment_no_forlopstid_times_is_said_not_to_exist(question, lang, treatment):
    """The drug and radiotherapy forløpstider are shown as what exists, never as this treatment's."""
    result = match_rules(question)
    assert result is not None and result.intent == "deadline", result and result.explanation
    assert any("ingen forløpstid" in n or "no pathway time" in n for n in result.notes), result.notes
    assert treatment in result.notes[0]
    assert {f.data["to_event"] for f in result.facts} == {"treatment_start"}


def test_a_date_sum_for_an_untimed_treatment_counts_no_treatment_deadline():
    result = match_rules(
        "Klinisk beslutning 3. mars 2026, pasienten skal opereres. Når er fristen for behandlingsstart?"
    )
    assert result is not None and result.intent == "date_arithmetic" and not result.computed
    assert (
        result.message is not None and "ingen forløpstid for start av kirurgisk behandling" in result.message
    )
    earlier = match_rules(
        "Henvisning mottatt 2. mars 2026, første fremmøte 5. mars 2026, beslutning om kirurgi 20. mars 2026."
        " Frist for behandlingsstart?"
    )
    assert earlier is not None and earlier.computed
    assert all(r.interval.to_event != "treatment_start" for r in earlier.computed)
    assert any("kirurgisk behandling" in n for n in earlier.notes)


@pytest.mark.parametrize(
    ("question", "interval"),
    [
        ("Hva er fristen for A04FM?", "interval.decision-treatment-drug"),
        ("deadline for A04FS after the decision?", "interval.decision-treatment-radiation"),
    ],
)
def test_a_treatment_start_code_in_a_deadline_question_names_its_treatment(question, interval):
    result = match_rules(question)
    assert result is not None and result.intent == "deadline"
    assert result.fact_ids[0] == interval and all(
        f.data.get("treatment") in (None, result.facts[0].data["treatment"]) for f in result.facts
    )


@pytest.mark.parametrize(
    ("question", "interval"),
    [
        # the first visit has happened: how long the work-up may take, not how long until the visit
        ("Mamma har vært på første time. Hvor lang tid kan utredningen ta?", "interval.first-visit-decision"),
        (
            "hvor lang tid etter første fremmøte skal utredningen være ferdig?",
            "interval.first-visit-decision",
        ),
        # nothing told as past: the goal named alone is what is asked
        ("Hvor lang tid er det fra henvisning til første time?", "interval.referral-first-visit"),
    ],
)
def test_an_event_told_as_past_starts_the_forlopstid_asked_about(question, interval):
    result = match_rules(question)
    assert result is not None and result.intent == "deadline", result
    assert result.fact_ids[0] == interval, result.explanation


def test_how_long_an_operation_takes_is_no_forlopstid_question():
    result = match_rules("hvor lang tid tar operasjonen?")
    assert result is None or not result.notes
