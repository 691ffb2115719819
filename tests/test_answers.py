"""Answers: grounded in what they cite, refuse what the guideline does not cover, never inject markup."""

from __future__ import annotations

import json
import re

import jinja2
import pytest

from guideline.answers.answer import Answer
from guideline.answers.extract import main_clause
from guideline.answers.grounding import unescaped, ungrounded
from guideline.answers.render import AUDIENCES, KINDS, answer_template, environment, md_escape, render
from guideline.quality.answer_eval import evaluate_answers, quotes_twice, says_reading_twice
from guideline.quality.evaluation import contains_evidence, default_questions_path, load_questions
from guideline.quality.readability import own_words_lix

QUESTIONS = load_questions(default_questions_path())


@pytest.fixture(scope="module")
def report(assistant, question_set):
    return evaluate_answers(assistant, question_set)


def test_out_of_scope_questions_are_refused(report):
    t = report.overall
    assert t.refused / t.out_of_scope >= 7 / 8, t.missed_refusals


def test_false_refusals_are_rare(report):
    t = report.overall
    assert len(t.false_refusals) / t.in_scope <= 0.02, t.false_refusals


def test_every_code_day_count_and_date_is_backed_by_a_citation(report):
    assert report.ungrounded == {}


def test_most_answers_cite_the_evidence(report):
    t = report.overall
    assert t.cited_evidence / t.in_scope >= 0.8, t.uncited


def test_relative_answers_read_more_easily_than_the_guideline(report):
    t = report.by_audience["relative"]
    assert t.lix and sum(t.lix) / len(t.lix) < report.guideline_lix


@pytest.mark.parametrize(
    ("question", "audience", "expected"),
    [
        ("Hvilke prøver skal fastlegen ta ved mistanke om myelomatose?", "doctor", "Proteinelektroforese"),
        (
            "Henvisning mottatt 3. mars 2026 – når er fristen for første fremmøte?",
            "coordinator",
            "10. mars 2026",
        ),
        (
            "Henvisning mottatt 3. mars 2026 – når er fristen for første fremmøte?",
            "coordinator",
            "2026-03-10",
        ),
        ("Referral received 3 March 2026: first visit by when?", "coordinator", "10 March 2026"),
        ("Hvem legger inn sentralt venekateter?", "doctor", "Anestesiavdeling"),
        ("kvalmeforebygging ved cellegift?", "relative", "kvalmestillende"),
        ("Is smoking cessation advised before treatment?", "doctor", "røykeslutt"),
        # a unit is read under its heading (the forløpstider table)
        ("Hva er forløpstidene regnet i, virkedager eller kalenderdager?", "coordinator", "kalenderdager"),
    ],
)
def test_answers_say_what_the_guideline_says(assistant, question, audience, expected):
    ans = assistant.answer(question, audience)
    assert expected in unescaped(ans.answer)
    assert ans.citations and not ungrounded(ans)


def test_english_questions_get_english_framing_and_norwegian_quotes(assistant):
    ans = assistant.answer("What does the GP test when myeloma is suspected?", "coordinator")
    assert ans.lang == "en"
    assert "Proteinelektroforese" in ans.answer  # the guideline's words stay Norwegian
    nb = assistant.answer("Hva tester fastlegen ved mistanke om myelomatose?", "coordinator")
    assert nb.lang == "nb" and ans.answer != nb.answer


def test_relative_answers_explain_words_apart_from_quotes_and_point_to_the_doctor(assistant):
    ans = assistant.answer("Hva er en beinmargsprøve, og hvorfor tar de den?", "relative")
    text = unescaped(ans.answer)
    assert "vår forklaring, ikke tekst fra pakkeforløpet" in text
    assert ans.glossary and all(g["explanation"] in text for g in ans.glossary)
    assert "legen" in text.lower()
    assert own_words_lix(ans) < 45


@pytest.mark.parametrize(
    "question",
    [
        "Hva er dosen valacyklovir ved myelomatose?",
        "How long do people live with myeloma?",
        "Hvilken kode brukes for start av pakkeforløp for lungekreft?",
        "Får pappa sykepenger fra NAV mens han får behandling?",
        "hva betyr A04Z",
        "Which code is A05A?",
        # a ranking the pathway never makes
        "When should whole-body MRI or PET-CT be preferred over CT in the work-up?",
        "hvilket sykehus i Norge er best på myelom?",
        "Er PET-CT bedre enn CT helkropp ved utredning av myelomatose?",
    ],
)
def test_refusals_are_kind_say_what_is_covered_and_invent_nothing(assistant, question):
    ans = assistant.answer(question, "doctor")
    assert ans.kind == "out_of_scope"
    text = unescaped(ans.answer)
    assert not ungrounded(ans)
    assert "A04Z" not in text.replace("ingen kode A04Z", "").replace("no code A04Z", "")
    assert not re.search(r"\d+\s*mg", text)
    assert (
        "Pakkeforløpet dekker" in text
        or "The pathway covers" in text
        or "har ingen kode" in text
        or "has no code" in text
    )


@pytest.mark.parametrize(
    ("question", "kind", "quote"),
    [
        # the topic is the driving; the treatment is only when
        ("Can he drive a car after the stem cell treatment?", "out_of_scope", None),
        # "looks after" is the topic, not the opening of circumstances
        ("Who looks after my dad between hospital stays?", None, "koordinerende rolle"),
        ("Hvem ser etter pappa mellom sykehusoppholdene?", None, "koordinerende rolle"),
        # a clause that asks ("– hva med …") starts the topic again after the circumstances
        ("Ryggen er brukket etter sykdommen – hva med fysioterapi og opptrening?", None, "gjenopptrening"),
        # "when"/"når" in the middle of a sentence opens circumstances; the dog is the topic
        ("Can my husband keep the dog at home when his white blood cells are low?", "out_of_scope", None),
        # a yes/no clause after a comma asks the question proper
        ("Hva bør pappa spise under cellegiften, er det lurt med rødbeter og lever?", "out_of_scope", None),
        # "but what …" asks after an apology
        ("sorry if this sounds stupid but what does the coordinator actually do?", None, "koordiner"),
        ("Kan jeg bli med på samtalen når legen forteller om behandlingen?", None, "ledsager"),
        # a statement, then a clause that asks: the statement is the circumstances ...
        ("vi pårørende er helt utslitt og skjønner lite, er det noen som skal informere oss også?", None, "Pårørende"),
        # ... unless the clause that asks holds no guideline word ("– er det greit?")
        ("Noen steder er det indremedisiner som stiller diagnosen – er det greit etter pakkeforløpet?", None, "indremedisiner"),
        # circumstances the guideline never speaks of still count, at a share of their weight
        ("hvilken førstelinjekombinasjon anbefales for transplantasjonskandidater, VRd eller dara-VRd?", "out_of_scope", None),
        # "hos" says at whose or where: the patient and the place are the circumstances
        ("hvilke symptomer bør få meg til å tenke myelomatose hos en eldre pasient på legevakt?", None, "infeksjon"),
        ("Hvilke prøver bør fastlegen ta hos en pasient på sykehjem ved mistanke om myelomatose?", None, "Proteinelektroforese"),
    ],
)  # fmt: skip
def test_a_questions_circumstances_are_told_from_its_topic(assistant, question, kind, quote):
    ans = assistant.answer(question, "relative")
    if kind:
        assert ans.kind == kind, ans.explanation
    else:
        assert ans.kind != "out_of_scope", ans.explanation
        assert quote in unescaped(ans.answer)


@pytest.mark.parametrize(
    ("question", "answer", "not_an_answer"),
    [
        # "det" is the bone marrow test: the painful bone disease is no answer to whether it hurts
        ("hva er en beinmargsprøve og gjør det vondt?", "Beinmargsaspirat", "Skjelettsykdommen er ofte smertefull"),
        ("What is a bone marrow test, and does it hurt?", "Beinmargsaspirat", "Skjelettsykdommen er ofte smertefull"),
    ],
)  # fmt: skip
def test_what_a_clause_asks_about_it_is_asked_about_what_it_stands_for(
    assistant, question, answer, not_an_answer
):
    ans = assistant.answer(question, "relative")
    text = unescaped(ans.answer)
    assert answer in text
    assert not_an_answer not in text
    # whether it hurts is what the guideline does not say, and the answer says so first
    assert ans.kind == "out_of_scope" and ("om de gjør vondt" in text or "whether they hurt" in text), text


@pytest.mark.parametrize(
    "question",
    [
        "Beinmargskreft – gir det vondt i ryggen?",  # pain as a symptom of the disease
        "My back hurts and I am tired all the time. Could it be myeloma?",
        "Skal pappa gå til faste kontroller hos fastlegen etter behandlingen?",  # regular check-ups
    ],
)
def test_pain_as_a_symptom_and_regular_check_ups_are_no_question_about_an_examination(assistant, question):
    ans = assistant.answer(question, "relative")
    assert ans.kind != "out_of_scope", ans.explanation


def test_partly_covered_question_says_both(assistant):
    ans = assistant.answer("Hvor mange mg valacyklovir skal pasienten ha?", "doctor")
    text = unescaped(ans.answer)
    assert ans.kind == "out_of_scope"
    assert "ingen doser" in text and "valacyklovir" in text


@pytest.mark.parametrize(
    ("question", "audience", "named"),
    [
        ("hvilke vaksiner bør pasienten ha etter stamcelletransplantasjon?", "doctor", "«vaksiner»"),
        (
            "Is a pacemaker a problem before high-dose treatment with stem cell support?",
            "doctor",
            "“pacemaker”",
        ),
        ("Kan pappa få akupunktur mot kvalmen av cellegiften?", "relative", "«akupunktur»"),
        # a word of the language is no typo of a guideline word ("Spain" is not "pain")
        ("Can he fly to Spain between his treatment rounds?", "relative", "“Spain”"),
    ],
)
def test_a_term_the_guideline_never_uses_is_named_before_the_nearest_passages(
    assistant, question, audience, named
):
    ans = assistant.answer(question, audience)
    first = unescaped(ans.answer).splitlines()[0]
    # The guideline does not speak of it: said plainly first, the nearest passages offered as related.
    assert ans.kind == "out_of_scope" and named in first
    assert "sier ikke noe om" in first or "says nothing about" in first


@pytest.mark.parametrize(
    "question",
    [
        "hva skal jeg si til pasienten når jeg henviser til pakkeforløp?",
        "Who can refer a patient to the myeloma pathway, and does the GP get a copy?",  # "does" folds to "dos"
        "vi lurer på om pappa har fått alt han skal ha av informasjon",
    ],
)
def test_everyday_words_are_not_named_as_missing(assistant, question):
    text = unescaped(assistant.answer(question, "relative").answer)
    assert "nevner ikke" not in text and "does not mention" not in text


@pytest.mark.parametrize(
    "hostile",
    [
        "<script>alert(1)</script> hvem kan henvise?",
        "<b>fet</b> **stjerne** [lenke](javascript:alert(1)) hva er MGUS?",
        "![bilde](http://example.com/x.png) hva er forløpstiden?",
        "{{ 7*7 }} {% for x in y %} hvem kan henvise?",
    ],
)
def test_markup_in_questions_never_reaches_the_answer_unescaped(assistant, hostile):
    for audience in AUDIENCES:
        ans = assistant.answer(hostile, audience)
        assert not re.search(r"(?<!\\)<", ans.answer)
        assert "](javascript" not in ans.answer and "49" not in ans.answer


def test_md_escape_neutralises_markdown_and_html():
    assert md_escape("<b>x</b> *y* [a](b) `c` $d$ | e") == r"\<b\>x\</b\> \*y\* \[a\](b) \`c\` \$d\$ \| e"


@pytest.mark.parametrize("audience", AUDIENCES)
@pytest.mark.parametrize("kind", KINDS)
def test_every_audience_and_kind_has_a_strict_template(audience, kind):
    template = environment().get_template(answer_template(audience, kind))
    assert template is not None
    with pytest.raises(jinja2.UndefinedError):
        render(answer_template(audience, kind))


def test_ask_json_contract(real_index_dir, capsys):
    from guideline.cli import main

    code = main(
        ["ask", "hva betyr A04CA", "--audience", "coordinator", "--json", "--index-dir", str(real_index_dir)]
    )
    obj = json.loads(capsys.readouterr().out)
    assert code == 0
    assert {"question", "audience", "kind", "answer", "citations", "facts"} <= obj.keys()
    assert obj["kind"] == "rule" and obj["audience"] == "coordinator"
    assert all({"id", "section", "text"} <= c.keys() for c in obj["citations"])
    assert obj["facts"][0]["id"] == "code.A04CA"


def test_ask_jsonl_answers_each_line(real_index_dir, capsys, monkeypatch):
    import io

    from guideline.cli import main

    monkeypatch.setattr(
        "sys.stdin", io.StringIO("hvem kan henvise?\n\nHow long from referral to first visit?\n")
    )
    code = main(["ask", "--jsonl", "--index-dir", str(real_index_dir)])
    lines = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert code == 0 and len(lines) == 3
    assert lines[1]["error"] and lines[2]["kind"] == "rule"


@pytest.mark.parametrize("q", [q for q in QUESTIONS if q.kind == "search"][:20], ids=lambda q: q.id)
def test_search_answers_quote_sentences_not_whole_chunks(assistant, q):
    ans = assistant.answer(q.question, q.audience)
    if ans.kind != "search":
        pytest.skip(f"answered as {ans.kind}")
    quoted = sum(len(quote) for c in ans.citations for quote in c.quotes)
    passages = sum(len(c.text) for c in ans.citations)
    assert all(c.quotes for c in ans.citations)
    assert len(ans.citations) <= 3 + 1  # at most three quotes (one may stand in two sections)
    assert quoted <= passages and (len(ans.citations) < 2 or quoted < passages)


def test_contains_evidence_compares_word_sequences():
    assert contains_evidence(
        "| A04A | Start pakkeforløp – henvisning mottatt |", ["Start pakkeforløp – henvisning mottatt"]
    )
    assert not contains_evidence("Start pakkeforløp", ["pakkeforløp henvisning"])


@pytest.mark.parametrize(
    ("a", "b", "copy"),
    [
        ("Fra henvisning mottatt til første fremmøte ved utredende avdeling 7 kalenderdager",
         "Fra henvisning mottatt til første fremmøte utredende avdeling 7 kalenderdager", True),
        ("Avdeling for blodsykdommer eller medisinsk avdeling med hematolog, eller i samarbeid med hematolog.",
         "Avdeling for blodsykdommer/medisinsk avdeling med hematolog eller i samarbeid med hematolog.", True),
        # a number, a code or a negation makes it another sentence
        ("Fra avsluttet utredning til start behandling Medikamentell behandling 3 kalenderdager",
         "Fra avsluttet utredning til start behandling Medikamentell behandling 14 kalenderdager", False),
        ("Koden skal brukes hvis pasienten kun henvises til en spesifikk undersøkelse.",
         "Koden skal ikke brukes hvis pasienten kun henvises til en spesifikk undersøkelse.", False),
        ("Pasienten informeres om hvor man kan ta kontakt ved spørsmål.",
         "Fastlegen har en koordinerende rolle etter utskrivning.", False),
    ],
)  # fmt: skip
def test_a_near_copy_is_the_same_words_and_the_same_numbers_and_negations(a, b, copy):
    """An answer quotes a sentence that stands in two sections once, even where the two differ by a word."""
    from guideline.answers.extract import near_copy

    assert near_copy(a, b) is copy


@pytest.mark.parametrize(
    ("question", "audience", "says"),
    [
        ("Hvor mange nordmenn får myelomatose hvert år?", "relative", "ingen tall for hvor mange"),
        ("How many patients start this pathway each year?", "coordinator", "no figures for how many"),
        ("Er det en aldersgrense for høydosebehandling med stamcellestøtte?", "doctor", "ingen alder"),
        ("What is the upper age for stem cell transplantation?", "doctor", "no age or number of years"),
        ("Hvor mange prosent blir friske etter behandlingen?", "relative", "ingen prosenttall"),
        ("Hva koster behandlingen med cellegift for oss?", "relative", "priser eller egenandeler"),
        ("What share of patients get treatment within the pathway time?", "coordinator", "no percentages"),
        # a code of another code system: the pathway's codes are its own
        ("Hvilken ICD-10-kode har myelomatose?", "coordinator", "ingen diagnosekoder"),
        # a threshold or level of a test result
        ("hvor høy må kalsium være før det regnes som hyperkalsemi?", "doctor", "ingen grenseverdier"),
        ("What serum free light chain ratio counts as abnormal?", "doctor", "no thresholds"),
        ("At what IgG level should immunoglobulin replacement start?", "doctor", "no thresholds"),
        # how many rounds or cycles of a treatment, and hours or minutes
        ("hvor mange kurer med cellegift får han før høydosebehandlingen?", "relative", "hvor mange runder"),
        ("How many treatment cycles does a patient usually get?", "doctor", "how many rounds or cycles"),
        ("Hvor mange timer i uka skal forløpskoordinatoren jobbe?", "coordinator", "timer eller minutter"),
        # how often: the passages on the GP's check-ups of MGUS give no frequency
        ("How often should the GP repeat the M-protein test in a patient with MGUS?", "doctor", "how often"),
        # how much of something: no passage gives an amount with a unit of measure
        ("hvor mye beinmargsaspirat trengs til FISH-analysen?", "doctor", "ingen mengder"),
        ("How much fluid should be given for hypercalcaemia before the transfer?", "doctor", "no amounts"),
        # a procedure code of the code systems the pathway only names
        ("Which NCSP code do we use for the bone marrow aspirate?", "coordinator", "no procedure codes"),
        # the limit of a test's value
        ("hvilken kalsiumgrense regnes som hyperkalsemi?", "doctor", "ingen grenseverdier"),
        ("What Hb limit do you use before giving blood?", "doctor", "no thresholds"),
    ],
)
def test_a_number_of_a_kind_no_passage_gives_is_not_answered(assistant, question, audience, says):
    # Every word of these is known to the guideline; what it never gives is a number of that kind.
    ans = assistant.answer(question, audience)
    assert ans.kind == "out_of_scope", ans.explanation
    assert says in unescaped(ans.answer)


@pytest.mark.parametrize(
    "question",
    [
        "hvor ofte skal pasienten til kontroll etter behandlingen?",  # answered in words: individuelt
        "How often is a myeloma patient followed up after treatment?",  # "regelmessige kontroller"
        "Hvor mye tid går det fra henvisning til første fremmøte?",  # how much time: a forløpstid
        "Hvor mange dager er det fra henvisning til første fremmøte?",  # days: the forløpstider
        "How many codes are there for the clinical decision?",
        "Skal avtalespesialister rapportere ICD-10 på vanlig måte?",  # named, not asked for
    ],
)
def test_numbers_the_guideline_gives_or_words_it_answers_in_are_not_refused(assistant, question):
    assert assistant.answer(question, "coordinator").kind != "out_of_scope"


def test_a_passage_with_a_number_of_the_kind_answers_it():
    from guideline.answers.quantity import load_quantities

    kinds = {q.id: q for q in load_quantities()}
    assert kinds["people"].given_in(["Om lag 400 nye tilfeller per år i Norge."])
    assert kinds["years"].given_in(["Pasienter over 70 år vurderes individuelt."])
    assert kinds["percent"].given_in(["Hos 20 % av pasientene …"])
    assert not kinds["years"].given_in(["Forløpstid 20 kalenderdager."])
    assert kinds["lab_value"].given_in(["Kalsium over 2,75 mmol/l regnes som hyperkalsemi."])
    assert not kinds["lab_value"].given_in(["Hemoglobin, leukocytter, kreatinin, kalsium"])
    # a law's paragraph is a reference, no number of patients
    assert not kinds["people"].given_in(["The legal basis is the Patients' Rights Act §2-2."])
    assert kinds["years"].asked_in("Is there an UPPER AGE limit?") == "UPPER AGE"
    assert kinds["frequency"].given_in(["Pasienter bør følges med regelmessige kontroller."])
    assert kinds["frequency"].given_in(["Blodprøver tas hver tredje måned."])
    assert not kinds["frequency"].given_in(["Fastlege kan kontrollere pasienter med MGUS."])
    assert kinds["amount"].given_in(["Det trekkes 5 ml beinmargsaspirat."])
    assert not kinds["amount"].given_in(["Beinmargsaspirat og beinmargsbiopsi"])
    assert kinds["amount"].asked_in("How much time is there before the first visit?") is None
    assert kinds["amount"].asked_in("hvor mye vondt gjør det?") is None


@pytest.mark.parametrize(
    ("question", "code"),
    [
        # a drug the pathway does not name is still a drug treatment for its codes
        ("The patient started lenalidomide and dexamethasone at home after the decision. Which treatment start code?", "A04FM"),
        ("Pasienten fikk første dose daratumumab 3. mars 2026. Hvilken dato skal koden for behandlingsstart ha?", "A04FM"),
    ],
)  # fmt: skip
def test_a_drug_the_pathway_does_not_name_is_a_drug_treatment_for_its_codes(assistant, question, code):
    ans = assistant.answer(question, "coordinator")
    assert ans.kind == "rule", ans.explanation
    text = unescaped(ans.answer)
    assert code in text and ("nevner ikke dette legemidlet" in text or "does not mention this drug" in text)


def test_a_drug_in_a_question_the_pathway_does_not_answer_is_still_refused(assistant):
    # "how long" with a drug asks how long it is given: no forløpstid answers that.
    ans = assistant.answer("Hvor lenge skal pasienten stå på lenalidomid?", "doctor")
    assert ans.kind == "out_of_scope"


@pytest.mark.parametrize(
    "question",
    [
        "Vi sender pasienten videre til regionsykehuset, og de tar over ansvaret. Hvilken kode?",
        "The other hospital takes over responsibility for her treatment. What do I code?",
    ],
)
def test_a_transfer_told_as_what_happens_gets_the_transfer_code(assistant, question):
    ans = assistant.answer(question, "coordinator")
    assert ans.kind == "rule" and "A04O" in unescaped(ans.answer), ans.explanation


def test_more_family_words_are_people_not_topics(assistant):
    ans = assistant.answer(
        "my grandad takes a lot of painkillers for his back, is that normal with myeloma?", "relative"
    )
    assert ans.kind != "out_of_scope", ans.explanation


@pytest.mark.parametrize(
    ("sentence", "main"),
    [
        # a fronted phrase ends at the finite verb (Norwegian word order) ...
        ("Ved henvisning til pakkeforløp for myelomatose informeres pasienten om", "informeres pasienten om"),
        ("Ved begrunnet mistanke om myelomatose skal fastlege henvise", "skal fastlege henvise"),
        # ... or at a comma; a clause at its comma, whatever verbs it has
        ("When referred to the pathway, the patient is informed about", " the patient is informed about"),
        ("Når pasienten er henvist, får hun informasjon.", " får hun informasjon."),
        # a lead-in's condition is what it introduces; a sentence with no condition is all main clause
        (
            "Ved påvist M-komponent i serum og/eller urin, kombinert med:",
            "Ved påvist M-komponent i serum og/eller urin, kombinert med:",
        ),
        ("Fastlegen har en koordinerende rolle.", "Fastlegen har en koordinerende rolle."),
    ],
)
def test_a_sentence_is_read_without_the_condition_it_opens_with(sentence, main):
    assert main_clause(sentence) == main


def test_who_is_responsible_is_stated_only_when_the_question_asks_who(assistant):
    # "when should I refer?" asks when: the passage on who may refer is no fact to state, and
    # "Ved henvisning … informeres pasienten om" says when the patient is told, not when to refer
    ans = assistant.answer("when should I refer to the myeloma pathway?", "doctor")
    assert ans.kind == "search", ans.explanation
    assert "Ved begrunnet mistanke om myelomatose skal fastlege" in unescaped(ans.answer)


@pytest.mark.parametrize(
    "question", ["Kan hun være med i en klinisk studie?", "Are there clinical trials my husband could join?"]
)
def test_a_clinical_study_is_not_read_as_the_clinical_decision(assistant, question):
    # "klinisk" is the guideline's own word (klinisk beslutning): a topic entry keeps it apart
    ans = assistant.answer(question, "relative")
    assert ans.kind == "out_of_scope" and "A04C" not in ans.answer, ans.explanation


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("jeg registrerte A04A på feil pasient, hvordan sletter eller korrigerer jeg koden?", "out_of_scope"),
        ("Hva betyr A04CK?", "rule"),
        ("When do I register A04FO?", "rule"),
        # a named code sets a higher bar: everyday words around it are no other topic
        ("Når skal A04CK egentlig registreres – når vi har diskutert saken internt, eller?", "rule"),
        ("Hva er forskjellen på A04FO og A04FI?", "rule"),  # one word alone is about the codes
    ],
)
def test_a_code_named_in_the_question_does_not_answer_what_else_it_asks(assistant, question, kind):
    ans = assistant.answer(question, "coordinator")
    assert ans.kind == kind, ans.explanation


def test_an_english_word_no_reading_holds_is_read_through_the_thesaurus_when_picking_quotes(assistant):
    """ "What he should eat" holds no English word of the readings: "ernæring" stands in for it, so a
    sentence holding only "treatment" does not hold the whole question."""
    ans = assistant.answer("Can dad see someone about what he should eat during treatment?", "relative")
    text = unescaped(ans.answer)
    assert "ernæringsfysiolog" in text, text
    assert "samtykke" not in text or text.index("ernæring") < text.index("samtykke"), text


@pytest.mark.parametrize(
    "question",
    [
        "fastlegen mener noe trykker på ryggmargen. hvor fort må sykehuset begynne?",
        "hun har lammelser i beina og de mistenker myelom, hvor fort skal hun behandles?",
    ],
)
def test_a_lay_word_the_guideline_never_uses_stands_for_its_synonym_when_picking_quotes(assistant, question):
    """ "Ryggmargen" is not a word of the guideline; its synonym "medullakompresjon" is, and the
    sentence on what to do when it is suspected answers before the general forløpstider."""
    ans = assistant.answer(question, "relative")
    first = ans.citations[0].text
    assert "medullakompresjon" in first and "1-2 døgn" in first, (ans.explanation, first)


@pytest.mark.parametrize(
    "question",
    [
        "My husband suddenly got weak legs and they think the tumour is pressing on his spine. How fast must he be treated?",
        "Legen tror svulsten trykker på ryggmargen til pappa. Hvor fort må han få behandling?",
    ],
)
def test_spinal_cord_compression_in_lay_words_gets_the_acute_rule(assistant, question):
    """A relative describes the emergency (weak legs, pressure on the spine) in their own words: the
    answer is the acute rule, treatment within 1–2 days, not the general forløpstider."""
    ans = assistant.answer(question, "relative")
    assert ans.kind == "rule" and [f["id"] for f in ans.facts] == ["rule.acute"], ans.explanation
    assert "1-2 døgn" in unescaped(ans.answer)


def test_a_code_named_in_a_situation_brings_the_passages_on_that_situation(assistant):
    """The code's facts alone do not answer "relapse after treatment: A04A again?"; the passage on
    relapse does, and stands in the answer. A question about the code alone gets its facts alone."""
    ans = assistant.answer(
        "Pasienten har fått tilbakefall etter avsluttet behandling. Skal vi registrere A04A på nytt?",
        "coordinator",
    )
    assert ans.kind == "rule" and "henvises pasienten ikke til nytt pakkeforløp" in unescaped(ans.answer)
    alone = assistant.answer("hva betyr A04FM?", "coordinator")
    assert alone.kind == "rule" and "Mer fra pakkeforløpet" not in unescaped(alone.answer)


def test_after_an_event_told_as_past_the_forlopstid_that_follows_it_answers(assistant):
    """ "Has been to the first appointment": the referral → first visit row is no answer any more,
    the first visit → decision row is, and comes first among equally good quotes."""
    ans = assistant.answer(
        "Dad has been to his first hospital appointment. How long can the tests take before they know?",
        "relative",
    )
    text = unescaped(ans.answer)
    assert "20 " in text and ("7 " not in text or text.index("20 ") < text.index("7 ")), text


def test_questions_between_appointments_are_answered_with_whom_to_contact(assistant):
    """ "Questions" is what this one asks about (the guideline's "kontakt ved spørsmål"), no filler."""
    text = unescaped(
        assistant.answer("Who do we ask if we have questions between the appointments?", "relative").answer
    )
    assert "kontakt ved spørsmål" in text, text
    assert "Første fremmøte" not in text or text.index("kontakt ved spørsmål") < text.index("Første fremmøte")


def test_a_sub_question_the_guideline_never_speaks_of_is_said_not_to_be_mentioned(assistant):
    """The first question is answered from the passages; of the second, the answer says it is not there."""
    ans = assistant.answer("Why is a bone marrow sample taken? Should she bring her knitting?", "relative")
    assert ans.kind != "out_of_scope"
    assert "does not mention “knitting”" in unescaped(ans.answer)
    one = assistant.answer("Why is a bone marrow sample taken?", "relative")
    assert "does not mention" not in unescaped(one.answer)
    # (whether the test hurts, or she is put to sleep for it, is a topic of its own: scope.toml's
    # procedure_experience says the pathway does not say)


@pytest.mark.parametrize(
    ("word", "noun"),
    [("ernæres", "ernæring"), ("prioriteres", "prioritering"), ("rehabiliteres", "rehabilitering")],
)
def test_a_verb_is_spoken_of_where_the_guideline_has_only_its_noun(assistant, word, noun):
    from guideline.text.normalize import fold

    coverage = assistant.sources.coverage
    assert coverage.speaks_of(fold(word), coverage.everything), noun


def test_a_question_around_a_drug_the_pathway_does_not_name_is_answered_and_says_so(assistant):
    ans = assistant.answer(
        "How long are patients usually hospitalised around high-dose melphalan with stem cell rescue?",
        "doctor",
    )
    assert ans.kind == "search"
    assert "does not mention “melphalan”" in ans.answer
    assert "Pasienten må som oftest innlegges under høydosebehandlingen" in ans.answer


@pytest.mark.parametrize(
    "question",
    [
        "Hvor lenge skal pappa ta lenalidomid?",  # about the drug alone
        "Is lenalidomide better than bortezomib for myeloma?",
        "Does daratumumab cause hair loss?",
        "Hvilken dose melfalan gis ved høydosebehandling?",  # a dose
    ],
)
def test_a_question_about_a_drug_the_pathway_does_not_name_is_still_refused(assistant, question):
    assert assistant.answer(question, "doctor").kind == "out_of_scope"


@pytest.mark.parametrize(
    "question",
    [
        "Is there a code to cancel the A04A if the suspicion turned out wrong?",
        "How do I cancel a pathway start that was registered by mistake?",
    ],
)
def test_cancel_is_a_word_not_a_cell_therapy(assistant, question):
    """ "cancel" ends like a CAR-T product ("-cel"); nobody asked about a drug."""
    ans = assistant.answer(question, "coordinator")
    assert "does not mention this drug" not in ans.answer, ans.explanation
    assert "nevner ikke dette legemidlet" not in ans.answer


@pytest.mark.parametrize(
    ("question", "audience", "message"),
    [
        ("The patient did not turn up for the first visit. Do I still register A04S?", "coordinator",
         "does not say what to register when a patient misses or cancels an appointment"),
        ("She missed her first appointment at the hospital, what happens to the deadline?", "relative",
         "does not say what to register when a patient misses or cancels an appointment"),
        ("Pasienten møtte ikke til første time. Skal jeg registrere A04S?", "coordinator",
         "sier ikke hva som skal registreres når pasienten ikke møter"),
        ("Pasienten avlyste timen sin. Hva gjør jeg med forløpstiden?", "coordinator",
         "sier ikke hva som skal registreres når pasienten ikke møter"),
    ],
)  # fmt: skip
def test_a_visit_that_did_not_happen_is_not_registered_as_the_first_visit(
    assistant, question, audience, message
):
    """The guideline codes the first visit (A04S); it never says what a missed one is. Answering
    "register A04S" would register a visit that never happened."""
    ans = assistant.answer(question, audience)
    assert ans.kind == "out_of_scope", ans.explanation
    assert message in ans.answer.splitlines()[0]  # said first, before the related passages
    assert not ans.facts  # no code or forløpstid is stated as the answer


@pytest.mark.parametrize(
    ("question", "message"),
    [
        ("We rejected the referral because the criteria were not met. Is there a code to cancel the A04A?",
         "says nothing about pausing or postponing a pathway"),
        ("Henvisningen avvises fordi den ikke oppfyller kravene. Hvilken kode bruker jeg?",
         "sier ikke noe om å pause eller utsette et forløp"),
        ("Can we pause the pathway while the patient is in hospital with pneumonia?",
         "says nothing about pausing or postponing a pathway"),
        ("Jeg registrerte A04S på feil pasient. Hvordan sletter jeg koden?",
         "sier ikke noe om å pause eller utsette et forløp"),
        ("Pasienten ombestemte seg etter A04X og vil inn igjen i forløpet. Hvilken kode?",
         "sier ikke noe om å pause eller utsette et forløp"),
    ],
)  # fmt: skip
def test_changing_a_registration_is_not_answered_with_the_code_it_would_change(assistant, question, message):
    """The codes record what happened; the guideline never says how to undo, pause or reopen one.
    Answering with A04A or A04X would have the coordinator register what did not happen."""
    ans = assistant.answer(question, "coordinator")
    assert ans.kind == "out_of_scope", ans.explanation
    assert message in ans.answer.splitlines()[0]
    assert not ans.facts


@pytest.mark.parametrize(
    "question",
    [
        "Do pathway coordinators need a certification or a formal course?",
        "Hvor mange timer i uka bør en stilling som forløpskoordinator være?",
        "Hvilket skjermbilde i DIPS bruker jeg for å legge inn A04S?",
        "Where can I find statistics on how many of our patients met the forløpstid?",
        "Hvilke koder registrerer vi for samtalene i Pakkeforløp hjem?",  # a pathway of its own
    ],
)
def test_how_the_hospital_runs_the_work_is_not_answered_with_the_pathways_rules(assistant, question):
    """The guideline names the coordinator, the patient administrative system and NPR; it does not
    say how a hospital staffs, equips or reports on the work, and the nearest rule is no answer."""
    ans = assistant.answer(question, "coordinator")
    assert ans.kind == "out_of_scope", ans.explanation
    assert not ans.facts


@pytest.mark.parametrize(
    "question",
    [
        "What does the pathway coordinator do?",
        "Hvem registrerer kodene i det pasientadministrative systemet?",
        "Hva er Pakkeforløp hjem?",
    ],
)
def test_the_coordinator_and_the_registration_are_still_answered(assistant, question):
    assert assistant.answer(question, "coordinator").kind != "out_of_scope"


@pytest.mark.parametrize(
    "question",
    [
        "Må pappa legges inn igjen etter stamcellebehandlingen?",  # a readmission, not a pathway reopened
        "Pasienten vil ikke ha mer utredning. Hvilken kode avslutter forløpet?",  # ending it is A04X
    ],
)
def test_ending_or_returning_to_hospital_is_no_change_of_registration(assistant, question):
    ans = assistant.answer(question, "coordinator")
    assert "pause eller utsette" not in ans.answer, ans.explanation


@pytest.mark.parametrize(
    ("question", "audience", "expected"),
    [
        ("Pasienten fikk første dose med myelommedisiner i dag. Hvilken kode?", "coordinator", "A04FM"),
        ("Decision on drug treatment 9 June 2026. Deadline for the first dose?", "doctor", "12 June 2026"),
        # "registered on X or on Y" asks which day the code is registered on, not a forløpstid
        (
            "He got the first dose of the drug combination today. Which code, and is it registered on the "
            "decision date or on the day treatment begins?",
            "doctor",
            "On the first day of treatment, the code for treatment shall be registered",
        ),
        ("Første dose er gitt. Hvilken kode, og registreres koden på beslutningsdatoen eller første behandlingsdag?",
         "coordinator", "Registreres: På første behandlingsdag"),
    ],
)  # fmt: skip
def test_the_first_dose_is_the_first_day_of_drug_treatment_not_a_dose(
    assistant, question, audience, expected
):
    ans = assistant.answer(question, audience)
    assert ans.kind == "rule", ans.explanation
    assert expected in ans.answer
    assert "no doses" not in ans.answer and "ingen doser" not in ans.answer  # no dose was asked for


@pytest.mark.parametrize(
    "question",
    [
        "Hvilket opioid og hvilken startdose anbefales ved skjelettsmerter?",  # a compound dose
        "What is the starting dose of opioids for bone pain?",
        "How large should the first dose be?",  # the first dose asked as an amount
        "hvor mange mg er første dose?",
    ],
)
def test_a_dose_asked_for_is_refused_however_it_is_written(assistant, question):
    assert assistant.answer(question, "doctor").kind == "out_of_scope"


@pytest.mark.parametrize(
    ("question", "audience"),
    [
        # a hospital, a health network: named things the guideline never names
        ("Hvilken adresse i Norsk Helsenett bruker jeg for å sende elektronisk henvisning til Haukeland?",
         "coordinator"),
        # another plasma cell disease, with its own guideline
        ("What is the first-line treatment for AL amyloidosis?", "doctor"),
    ],
)  # fmt: skip
def test_a_name_or_a_disease_the_guideline_never_names_is_not_answered(assistant, question, audience):
    ans = assistant.answer(question, audience)
    assert ans.kind == "out_of_scope", ans.explanation


def test_a_name_counts_only_as_written_and_two_names_with_an_institution_word_are_a_place(assistant):
    from guideline.answers.focus import question_focus

    focus = question_focus(
        "Sender vi henvisningen til Helse Sør-Øst eller til Ola Nordmann?", assistant.sources.scope
    )
    assert {"helse", "sor", "ost"} <= focus.proper  # the health region stays in the focus, as a name
    assert "ola" not in focus.words and "nordmann" not in focus.words  # a person's name leaves it


@pytest.mark.parametrize(
    ("question", "name"),
    [
        ("Hvis legene bestemmer at Kari skal ha cellegift, hvor lenge må hun vente på å begynne?", "kari"),
        ("Kan Kari få snakke med en som selv har hatt sykdommen?", "kari"),
        ("Can Ola eat normally while he is on treatment?", "ola"),
        ("We were told Anne-Lise will need a bone marrow test, what is that?", "anne-lise"),
    ],
)
def test_one_name_standing_as_a_verbs_subject_is_a_person(assistant, question, name):
    from guideline.answers.focus import question_focus

    focus = question_focus(question, assistant.sources.scope)
    assert name not in focus.words and not set(name.split("-")) & set(focus.words), focus.words
    assert assistant.answer(question, "relative").kind != "out_of_scope"


@pytest.mark.parametrize(
    ("question", "place"),
    [
        ("Har Haukeland lang ventetid for første time?", "haukeland"),  # after "har": as often a place
        ("Hvor mange får myelomatose i Norge hvert år?", "norge"),  # after a preposition
        ("hvor mye DRG-refusjon får sykehuset for et pakkeforløp?", "drg"),  # no name's shape
    ],
)
def test_a_place_or_a_term_before_a_verb_stays_in_the_focus(assistant, question, place):
    from guideline.answers.focus import question_focus

    assert place in question_focus(question, assistant.sources.scope).words
    assert assistant.answer(question, "coordinator").kind == "out_of_scope"


@pytest.mark.parametrize(
    "question",
    [
        "my mums myeloma came back after treatment. does she start the whole pathway again?",
        "Hva skjer videre med pappas behandling når sykdommen kommer tilbake?",
    ],
)
def test_a_possessive_without_its_apostrophe_is_still_family(assistant, question):
    from guideline.answers.focus import question_focus

    focus = question_focus(question, assistant.sources.scope)
    assert not {"mums", "pappas"} & set(focus.words), focus.words
    assert assistant.answer(question, "relative").kind != "out_of_scope"


@pytest.mark.parametrize(
    ("question", "absent"),
    [
        ("Referral received Friday 13 March. Do weekends count?", {"friday", "march"}),
        ("Første time var på mandag 2. mars, når må utredningen være ferdig?", {"mandag", "mars"}),
    ],
)
def test_dates_and_day_names_are_when_not_what(assistant, question, absent):
    from guideline.answers.focus import question_focus

    focus = question_focus(question, assistant.sources.scope)
    assert not absent & set(focus.words), focus.words


@pytest.mark.parametrize(
    ("question", "topic", "replaced"),
    [
        (
            "Can I order a PET-CT instead of the whole-body CT in the first work-up?",
            {"pet"},
            {"body", "first"},
        ),
        ("kan vi ta MR istedenfor CT helkropp ved første fremmøte?", {"mr"}, {"helkropp"}),
        (
            "Patient and doctor chose active surveillance rather than treatment. Which code?",
            {"active"},
            {"treatment"},
        ),
    ],
)
def test_what_an_alternative_replaces_is_the_circumstance(assistant, question, topic, replaced):
    """ "X instead of Y" asks about X: Y is what it replaces, as "after Y" is when."""
    from guideline.answers.focus import question_focus

    focus = question_focus(question, assistant.sources.scope)
    assert topic <= set(focus.topic) and not replaced & set(focus.topic), focus


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        # imaging the guideline never names, in place of its whole-body CT
        ("Can I order a PET-CT instead of the whole-body low-dose CT in the first work-up?", "out_of_scope"),
        ("kan vi ta MR istedenfor CT helkropp ved første fremmøte?", "out_of_scope"),
        # the guideline's own imaging, and an alternative it does speak of
        ("Which imaging is done at the first visit to the hospital?", "answered"),
        ("Patient and doctor agreed on active monitoring instead of treatment. Which code?", "answered"),
    ],
)
def test_an_imaging_test_the_guideline_never_names_is_no_synonym_of_its_ct(assistant, question, kind):
    answered = assistant.answer(question, "doctor").kind
    assert (answered == "out_of_scope") is (kind == "out_of_scope"), answered


@pytest.mark.parametrize(
    ("question", "audience", "says"),
    [
        # a code asked for where the pathway has none: the passages are related, and its codes listed
        ("Is there an NPR code for recording that the patient was discussed at the MDT meeting?",
         "coordinator", "Its codes are A04A, A04S"),
        # a time asked for that no forløpstid and no passage gives
        ("hvor lang tid tar det før vi får svar på beinmargsprøven?", "relative", "ingen tid for dette"),
    ],
)  # fmt: skip
def test_a_code_or_a_time_that_no_passage_gives_is_not_answered(assistant, question, audience, says):
    ans = assistant.answer(question, audience)
    assert ans.kind == "out_of_scope", ans.explanation
    assert says in unescaped(ans.answer)


@pytest.mark.parametrize(
    ("question", "audience"),
    [
        # a time a passage gives, though no forløpstid: "de første en til to ukene etter"
        ("Hvor lenge må pasienten være innlagt etter høydosebehandling med stamcellestøtte?", "doctor"),
        ("How long is the risk of infection highest after high-dose treatment?", "doctor"),
        # a code the rules or the passages give
        ("Which code is used when the patient is transferred to another hospital?", "coordinator"),
    ],
)
def test_a_code_or_a_time_a_passage_gives_is_answered(assistant, question, audience):
    assert assistant.answer(question, audience).kind != "out_of_scope"


@pytest.mark.parametrize(
    ("question", "audience"),
    [
        # a sentence that tells the situation, then one that asks: the asking one is the topic
        ("Jobber som vikar på et legekontor i Lofoten. Hvilke symptomer skal gi mistanke om myelomatose?", "doctor"),
        ("Incidental M-spike on electrophoresis, calcium normal. Does that on its own qualify for referral?", "doctor"),
        # words of no content class and the asker's frame are no topic
        ("får vi vite noe om rehabilitering fra sykehuset, eller må vi finne ut av alt sånt selv?", "relative"),
        ("Hva anbefaler pakkeforløpet når det gjelder fysioterapi etter kompresjonsbrudd?", "doctor"),
        # a person's name with its possessive, a language an interpreter speaks
        ("I'm Ola's son. A nurse mentioned a conversation about needs outside the treatment. What is it?", "relative"),
        ("Mamma snakker bare arabisk. Hvordan skal sykehuset forklare henne alt?", "relative"),
        # the clinical shorthand of a doctor: krea, columna, lesjoner
        ("pas med lytiske lesjoner i columna og høy krea, hvilke prøver før henvisning?", "doctor"),
    ],
)  # fmt: skip
def test_what_is_told_around_a_question_the_guideline_answers_does_not_refuse_it(
    assistant, question, audience
):
    ans = assistant.answer(question, audience)
    assert ans.kind != "out_of_scope", ans.explanation


@pytest.mark.parametrize(
    "question",
    [
        # what is told is in the guideline's words; what is asked is not
        "Pappa har myelomatose og får cellegift. Kan han kjøre bil?",
        "Can dad fly to Spain on holiday between the treatment rounds?",  # between: when, not what
        # the asking sentence holds nothing of its own: what is told is what it asks about
        "Pappa vil kjøre bil til hytta etter behandlingen. Går det an?",
    ],
)
def test_what_is_told_does_not_make_a_question_the_guideline_does_not_answer_answered(assistant, question):
    ans = assistant.answer(question, "relative")
    assert ans.kind == "out_of_scope", ans.explanation


def test_a_told_sentence_is_circumstance_only_when_another_sentence_asks(assistant):
    from guideline.answers.focus import question_focus

    scope = assistant.sources.scope
    focus = question_focus(
        "Er vikar på et fastlegekontor. Hvilke symptomer gir mistanke om myelomatose?", scope
    )
    assert "vikar" in focus.told and "symptomer" in focus.topic, focus
    assert not question_focus("Er vikar på et fastlegekontor og lurer på symptomene.", scope).told


def test_the_headings_are_words_of_the_guideline_too(assistant):
    """ "Håndtering" stands only in a heading ("Håndtering av tilbakefall"): "håndteres" is known."""
    from guideline.answers.answerability import Vocabulary
    from guideline.answers.focus import question_focus

    focus = question_focus("Hvordan skal problemene håndteres?", assistant.sources.scope)
    coverage = assistant.sources.coverage.coverage(focus, Vocabulary.of([], []))
    assert "handteres" in coverage.elsewhere, coverage


def test_a_capitalised_term_the_thesaurus_knows_is_no_name(assistant):
    """ "Hb" is hemoglobin, not a name spoken of only as written: the guideline knows it."""
    from guideline.answers.answerability import Vocabulary
    from guideline.answers.focus import question_focus

    test = assistant.sources.coverage
    focus = question_focus("Lav Hb og M-komponent: er det begrunnet mistanke?", assistant.sources.scope)
    coverage = test.coverage(focus, Vocabulary.of(["Hemoglobin, leukocytter"], []))
    assert "hb" in coverage.covered and "hb" not in coverage.unknown


@pytest.mark.parametrize(
    ("question", "audience"),
    [
        ("Should we be worried about the infections – what kinds do they watch for?", "relative"),
        ("Jeg er bekymret: hvilke prøver tar fastlegen ved mistanke om myelomatose?", "relative"),
    ],
)
def test_how_the_asker_feels_is_not_what_the_question_is_about(assistant, question, audience):
    assert assistant.answer(question, audience).kind != "out_of_scope"


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        # asks for a number the pathway does not set: said plainly, the forløpstider it has as related
        ("What's the forløpstid from completed work-up to start of surgical treatment?", "out_of_scope"),
        ("Hvilken forløpstid gjelder for oppstart av symptomlindrende behandling?", "out_of_scope"),
        # the code written, the treatment paraphrased around it
        ("Which forløpstid applies from the decision to starting pain-easing care (A04FL)?", "out_of_scope"),
        ("Hva er forløpstiden fra beslutning til vi starter lindrende tiltak, A04FL?", "out_of_scope"),
        # asks whether there is one: that there is none answers it
        ("Finnes det en egen forløpstid for kirurgisk behandling av myelomatose?", "rule"),
    ],
)
def test_a_forlopstid_the_pathway_does_not_set(assistant, question, kind):
    ans = assistant.answer(question, "coordinator")
    assert ans.kind == kind, ans.explanation
    assert "ingen forløpstid" in ans.answer or "no pathway time" in ans.answer
    assert "3 " in ans.answer and "14 " in ans.answer  # the forløpstider it does set, cited


def test_an_everyday_best_is_no_ranking(assistant):
    ans = assistant.answer("Hva er best for pappa å spise under behandlingen?", "relative")
    assert "sammenligner ikke" not in ans.answer


@pytest.mark.parametrize(
    ("question", "audience", "first"),
    [
        # asks when: the sentence that states when comes before the one on who may refer
        (
            "when should I refer to the myeloma pathway?",
            "doctor",
            "Ved begrunnet mistanke om myelomatose skal",
        ),
    ],
)
def test_a_question_that_asks_when_is_answered_first_by_a_sentence_that_says_when(
    assistant, question, audience, first
):
    text = unescaped(assistant.answer(question, audience).answer)
    assert first in text
    who = text.find("Fastlege, avtalespesialist")
    assert who == -1 or text.index(first) < who


def test_a_when_clause_before_who_asks_who(assistant):
    ans = assistant.answer("når pappa er ferdigbehandla, hvem skal han gå til kontroll hos?", "relative")
    assert "kalenderdager" not in ans.answer  # no forløpstid for a question about follow-up


@pytest.mark.parametrize(
    ("question", "asks"),
    [
        ("hvor lenge må pappa vente på første time?", True),
        ("Sykehuset fikk henvisningen 4. mai 2026, hvilken dato må han senest få time?", True),
        ("How fast should treatment start with calcium through the roof?", True),
        ("Første fremmøte var 12. februar. Når skal utredningen være avsluttet?", True),
        ("Totalfrist til behandlingsstart?", True),
        ("hva skjer på den første timen? gjør de mange undersøkelser?", False),
        ("når pappa er ferdigbehandla, hvem skal han gå til kontroll hos?", False),
        ("Can my wife come with me to the appointments?", False),
    ],
)
def test_what_asks_about_time(question, asks):
    from guideline.answers.views import asks_for_time

    assert asks_for_time(question) is asks


def test_a_relative_who_asks_what_happens_reads_no_forlopstid(assistant):
    ans = assistant.answer(
        "hva skjer på den første timen? gjør de mange undersokelser med en gang?", "relative"
    )
    assert "kalenderdager" not in ans.answer.split("\n---")[0]


@pytest.mark.parametrize(
    "question",
    [
        # every best sentence is a forløpstid row: the best sentences that give no days answer
        "what happens when the investigation is completed?",
        "What happens from completed investigation to start of drug treatment?",
        "Fortell om: fra avsluttet utredning til start strålebehandling",
        "Hva skjer fra henvisning mottatt til start medikamentell behandling (hele forløpet)?",
    ],
)
def test_a_relative_who_asks_what_not_when_is_answered_without_days(assistant, question):
    from guideline.quality.answer_eval import unasked_days

    ans = assistant.answer(question, "relative")
    assert ans.kind != "out_of_scope" and ans.citations
    assert not unasked_days(ans)
    # the same question from a coordinator, or asked as "how long", still gets the forløpstid
    assert "kalenderdager" in assistant.answer(question, "coordinator").answer
    assert "kalenderdager" in assistant.answer(f"Hvor lenge tar det? {question}", "relative").answer


def test_a_forlopstid_matched_by_cue_words_is_not_told_to_a_relative_who_asked_what():
    from guideline.answers.router import facts_for_reader
    from guideline.rules.facts import load_facts

    book = load_facts()
    facts = tuple(f for f in book.facts if f.id in {"interval.first-visit-decision", "list.first-visit"})
    told = facts_for_reader(facts, "relative", "Hva skjer mellom første time og beslutningen?", codes=True)
    assert [f.id for f in told] == ["list.first-visit"]
    asked = facts_for_reader(facts, "relative", "Hvor lang tid fra første time til beslutning?", codes=True)
    assert asked == facts
    assert (
        facts_for_reader(facts, "doctor", "Hva skjer mellom første time og beslutningen?", codes=True)
        == facts
    )


@pytest.mark.parametrize(
    "question, audience",
    [
        ("Hvem kan henvise til pakkeforløpet?", "relative"),  # four referrers, one sentence
        ("What are the most important risk factors for myeloma?", "doctor"),  # two, one sentence
        ("hvor skal første fremmøte registreres?", "relative"),  # a list a passage shows whole
        (
            "Apart from the grounds for suspicion, what patient info should go into the referral letter?",
            "doctor",
        ),
    ],
)
def test_a_reading_is_said_once_however_many_entries_its_sentence_holds(assistant, question, audience):
    """The entries of a fact that are parts of one sentence share its reading: it is given once, by
    the quote, and the list under it keeps the guideline's words. A list that a passage of the
    answer shows whole under its own lead-in is shown there, not in the fact as well."""
    ans = assistant.answer(question, audience)
    assert not quotes_twice(ans), ans.answer


def test_saying_a_reading_twice_is_caught_as_quoting_twice():
    reading = "Fastlegen kan henvise pasienter til Pakkeforløp for myelomatose."
    twice = f"{reading} [1]\n\n> Fastlege … kan henvise pasienter.\n\n- {reading}\n- {reading}\n"
    once = f"{reading} [1]\n\n> Fastlege … kan henvise pasienter.\n\n> - Fastlege\n> - avtalespesialist\n"
    fields = "- Registreres: Når endelig beslutning om behandling tas i samråd med pasienten\n" * 2

    def said(text: str) -> bool:
        return says_reading_twice(Answer("q", "relative", "nb", "rule", text, ()))

    assert said(twice)
    assert not said(once)
    assert not said(fields)  # a field of each of two codes


EXCLUSION = (
    "Koden skal ikke brukes hvis pasienten kun henvises til en spesifikk undersøkelse, eller for å innhente et råd, "
    "uten at behandlingsansvaret overføres mellom helseforetak/sykehus."
)


@pytest.mark.parametrize(
    ("question", "audience"),
    [
        ("Bruker jeg overføringskoden når pasienten bare sendes til et annet sykehus for én undersøkelse?", "doctor"),
        ("Do I register the transfer code if we only send the patient to another hospital for one scan?", "doctor"),
        ("Skal vi kode overføring når pasienten sendes til et annet sykehus for en PET og vi har ansvaret?",
         "coordinator"),
    ],
)  # fmt: skip
def test_a_code_is_shown_with_the_case_it_excludes(assistant, question, audience):
    """However few quotes a code gets, the one saying when it is not used stays: without it,
    A04O reads as the code for the very case the guideline excludes."""
    ans = assistant.answer(question, audience)
    assert "A04O" in ans.answer, ans.explanation
    assert EXCLUSION in ans.answer


@pytest.mark.parametrize(
    ("question", "audience"),
    [
        ("hva bør pasienten få vite om livsstil før behandlingen starter?", "doctor"),
        ("Should dad change his lifestyle before the treatment begins?", "relative"),
    ],
)
def test_lifestyle_is_the_guidelines_smoking_exercise_and_nutrition(assistant, question, audience):
    ans = assistant.answer(question, audience)
    assert ans.kind == "search", ans.explanation
    assert (
        "Dette kan f.eks. dreie seg om røykeslutt, tilrettelagt fysisk aktivitet og ernæring." in ans.answer
    )


def test_a_lead_in_is_a_repeat_only_together_with_the_list_it_opens():
    """ "Det skal registreres:" opens the list of codes of each step: quoted with A04A and with A04S
    it says two things, not one twice; quoted twice with the same list it is a repeat."""
    a04a = "> Det skal registreres: [1]\n> - A04A Start pakkeforløp – henvisning mottatt\n"
    a04s = "> Det skal registreres: [2]\n> - A04S Utredning start – første fremmøte\n"

    def twice(text: str) -> bool:
        return quotes_twice(Answer("q", "coordinator", "nb", "search", text, ()))

    assert not twice(f"{a04a}\n{a04s}")
    assert twice(f"{a04a}\n{a04a.replace('[1]', '[2]')}")
    assert twice(
        "> Koden registreres når det tas beslutning. [1]\n\n> Koden registreres når det tas beslutning. [2]\n"
    )


@pytest.mark.parametrize("audience", ["coordinator", "doctor", "relative"])
@pytest.mark.parametrize("question", ["Dette skal registreres?", "The following must be registered?"])
def test_the_lead_in_of_each_steps_codes_is_quoted_with_its_own_codes(assistant, question, audience):
    ans = assistant.answer(question, audience)
    assert not quotes_twice(ans), ans.answer


@pytest.mark.parametrize(
    "question",
    [
        "Mamma er blek og sliten og har hatt mange forkjølelser i vinter. Kan det være myelomatose?",
        "Dad is pale and tired all the time and keeps getting colds. Could it be myeloma?",
    ],
)
def test_symptoms_told_in_lay_words_find_the_guidelines_signs(assistant, question):
    """Pale and tired is how a relative sees anaemia, colds how they see respiratory infections:
    the answer is the guideline's list of what gives suspicion, not a refusal."""
    ans = assistant.answer(question, "relative")
    assert ans.kind != "out_of_scope", ans.explanation
    text = unescaped(ans.answer)
    assert "Anemi" in text and "infeksjonstendens" in text, text


@pytest.mark.parametrize(
    ("question", "message"),
    [
        ("Kan barnebarna komme på besøk mens mamma har lave blodverdier etter høydosen?", "ingen råd om besøk, dyr"),
        ("Is it safe for dad to keep our cat while his immune system is low?", "no advice on visitors, pets"),
        ("Can I donate my stem cells to my brother who has myeloma?", "says nothing about stem cells from a donor"),
        ("Har pappa rett på en ny vurdering på et annet sykehus?", "beskriver ikke pasientens rettigheter"),
        ("Can we get compensation if the 7-day limit is broken?", "does not describe patients' rights"),
        ("Hjelper kosttilskudd eller naturmedisin mot myelomatose?", "sier ikke noe om kosttilskudd"),
        ("Kan pappa få CAR-T-behandling hvis sykdommen kommer tilbake?", "nevner ikke denne behandlingen"),
        ("Kan mamma begynne å jobbe igjen etter stamcellebehandlingen?", "trygd, arbeid, økonomi"),
        ("Is an allogeneic stem cell transplant an option for my sister?", "does not mention this treatment"),
    ],
)  # fmt: skip
def test_a_relatives_practical_question_the_guideline_only_seems_to_touch_is_not_answered(
    assistant, question, message
):
    """Infections, stem cells, the patients' rights act and treatment are the guideline's words;
    visitors, donors, second opinions and supplements are not what it says anything about."""
    ans = assistant.answer(question, "relative")
    assert ans.kind == "out_of_scope", ans.explanation
    assert message in ans.answer.splitlines()[0]


@pytest.mark.parametrize(
    ("question", "quote"),
    [
        ("Will dad have a CAT scan at the first visit?", "CT helkropp"),  # a CAT scan is no cat
        ("Mamma klager over vondt i ryggen og er sliten. Kan det være myelomatose?", "Skjelettsmerter"),
        ("Are the forløpstider legally binding?", "normerende"),  # the rights act as their legal basis
        ("Hvem høster stamcellene til pappa?", "immunologi og blodbank"),  # the patient's own stem cells
    ],
)
def test_the_guidelines_own_subjects_near_those_topics_are_still_answered(assistant, question, quote):
    ans = assistant.answer(question, "relative")
    assert ans.kind != "out_of_scope", ans.explanation
    assert quote in unescaped(ans.answer)
