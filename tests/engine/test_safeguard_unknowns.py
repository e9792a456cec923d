"""Who was exposed to a source of danger and who keeps it, when the incident does
not say (issue 17; docs/semantics.md §9.2, ontology/dutybound-safeguard.ttl).
Each test fails without the change it names: before it, an unstated `exposedTo`
or `operates` made the safeguard claim fail with no question asked."""
from __future__ import annotations

STEPS = """
incident: t
jurisdiction: DE
date: 2023-01-10
individuals:
  meier: {a: NaturalPerson, label: Mr Meier, OPERATES not: {appliedSafeguard: strewing}}
  steps: {a: PhysicalBusinessPremises, label: the bakery's steps}
  strewing: {a: Safeguard, precautionAgainst: steps, wouldHavePrevented: injury}
  carla: {a: Consumer, label: Carla EXPOSED}
  dora: {a: Consumer, label: Dora}
  negligence: {a: Negligence, faultOf: meier, faultIn: injury}
  injury: {a: LifeOrHealthHarm, sufferedBy: carla, resultsFrom: steps, amount: EUR 4200.00}
"""


def steps(operates="operates: steps,", exposed=""):
    return STEPS.replace("OPERATES", operates).replace(" EXPOSED", exposed)


def liable(a, party, to):
    return [l for l in a.liabilities if l["party"] == party and l["to"] == to]


def asked(a):
    return {q["fact"]: q for q in a.open_questions}


def test_whoever_came_to_harm_from_a_source_is_derived_with_the_chain_and_its_premises(kb, incident):
    from dutybound.engine.saturate import saturate
    inc = kb.load_incident(incident(steps()))
    closed = saturate(inc.facts, kb.vocab)
    src = closed.true[("carla", "cameToHarmFrom", "steps")]
    assert "property chain" in src.detail
    assert ("injury", "resultsFrom", "steps") in src.premises
    # coming to harm is not exposure in the duty's sense (LG Heidelberg 5 O 85/10)
    assert ("carla", "exposedTo", "steps") not in closed.true
    assert ("dora", "cameToHarmFrom", "steps") not in closed.true


def test_a_harm_from_a_payment_or_a_platform_is_no_harm_from_a_physical_source(kb, incident):
    text = steps().replace("steps: {a: PhysicalBusinessPremises", "steps: {a: TradingPlatform")
    from dutybound.engine.saturate import saturate
    closed = saturate(kb.load_incident(incident(text)).facts, kb.vocab)
    assert ("carla", "cameToHarmFrom", "steps") not in closed.true


def test_whether_the_injured_person_was_exposed_is_asked_and_the_burden_decides(kb, incident):
    # Before: `?v exposedTo steps` was completed with no one ("any party"): the
    # claim failed and no question named the missing fact.
    a = kb.assess(kb.load_incident(incident(steps())))
    assert not liable(a, "meier", "carla")                  # the claimant's element, unknown
    q = asked(a)
    assert any("meier liable to carla" in g for g in q["carla exposedTo steps"]["if_true"]["gained"])
    # Dora suffered nothing from the steps: whether she was there is not asked
    assert not [f for f in q if f.startswith("dora ") and "exposedTo" in f]
    shown = kb.assess(kb.load_incident(incident(steps(exposed=", exposedTo: steps"))))
    assert liable(shown, "meier", "carla") and "carla exposedTo steps" not in asked(shown)


def test_a_person_the_source_was_not_opened_to_is_owed_nothing_and_not_asked(kb, incident):
    a = kb.assess(kb.load_incident(incident(steps(exposed=", not: {exposedTo: steps}"))))
    assert not liable(a, "meier", "carla") and not a.duties
    assert "carla exposedTo steps" not in asked(a)


def test_who_operates_premises_the_incident_names_no_operator_for_is_asked(kb, incident):
    # Before: `?op opensOrMaintains steps` was not completed (the rule names no kind
    # narrower than a party). A business premises has an operator, and every physical
    # source of danger a keeper (the ontology: PhysicalSourceOfDanger ⊑ ∃keptBy.Party),
    # so who it is is asked.
    a = kb.assess(kb.load_incident(incident(steps(operates="", exposed=", exposedTo: steps"))))
    assert not liable(a, "meier", "carla")
    q = asked(a)
    hit = q["meier opensOrMaintains steps"]
    assert "operates" in hit.get("stated_as", ())
    assert any("meier liable to carla" in g for g in hit["if_true"]["gained"])
    assert "carla opensOrMaintains steps" not in q              # not a duty to oneself


def test_no_other_operator_is_asked_where_the_incident_names_one(kb, incident):
    a = kb.assess(kb.load_incident(incident(steps(exposed=", exposedTo: steps"))))
    assert liable(a, "meier", "carla")
    assert not [f for f in asked(a) if "opensOrMaintains" in f or " operates " in f]


def test_a_source_kept_as_a_public_office_is_not_asked_who_keeps_it_privately(kb, incident):
    # every physical source of danger is kept by someone (PhysicalSourceOfDanger ⊑
    # ∃keptBy.Party), privately or as a public office: a tree the town keeps as a
    # public office has its keeper, and the rules of § 823 do not ask who else keeps it
    tree = steps(operates="", exposed=", exposedTo: steps").replace(
        "steps: {a: PhysicalBusinessPremises", "steps: {a: Tree")
    unkept = asked(kb.assess(kb.load_incident(incident(tree))))
    assert "meier opensOrMaintains steps" in unkept
    town = tree.replace("  dora:", "  town: {a: PublicBody, keepsSafeAsPublicOffice: steps}\n  dora:")
    kept = asked(kb.assess(kb.load_incident(incident(town))))
    assert not [f for f in kept if "opensOrMaintains" in f]


def test_a_person_within_reach_of_one_source_of_a_keeper_is_asked_about_its_others(kb, incident):
    # Before: the stated exposure (the aisle) was the link's only value in the breach
    # rule (§9.2), so the breach toward Carla at the steps was never tried and whether
    # she was within their reach was not a fact any rule rested on. The ontology now
    # says exposure is asked among those at other premises of the same keeper
    # (exposedTo ∘ keptBy ∘ keeps between premises): she came to the bakery.
    from dutybound.engine.questions import candidates
    from dutybound.engine.saturate import saturate
    text = steps(operates="operates: [steps, aisle],", exposed=", exposedTo: aisle").replace(
        "  carla:", "  aisle: {a: PhysicalBusinessPremises, label: the bakery's aisle}\n  carla:").replace(
        "resultsFrom: steps", "resultsFrom: aisle")
    inc = kb.load_incident(incident(text))
    closed = saturate(inc.facts, kb.vocab)
    assert "property chain" in closed.true[("carla", "atPremisesKeptWith", "steps")].detail
    assert ("dora", "atPremisesKeptWith", "steps") not in closed.true
    asked_by, _ = candidates(kb.assess(inc, open_questions=False))
    assert "vsp-breach-by-omitted-precaution" in asked_by[("carla", "exposedTo", "steps")]
    assert not [t for t in asked_by if t[0] == "dora" and t[1] == "exposedTo"]
    # stated either way, nothing is asked of it
    told = kb.assess(kb.load_incident(incident(text.replace("exposedTo: aisle", "exposedTo: [aisle, steps]"))),
                     open_questions=False)
    assert ("carla", "exposedTo", "steps") not in candidates(told)[0]


def test_someone_under_one_of_a_towns_trees_is_not_asked_about_its_others(kb, incident):
    # a town keeps every street and tree in it: being under one is not coming to
    # premises whose other parts one passes through (ontology: the chain runs
    # between premises, public places and mass activities only)
    from dutybound.engine.saturate import saturate
    text = steps(operates="operates: [steps, aisle],", exposed=", exposedTo: aisle").replace(
        "  carla:", "  aisle: {a: Tree, label: the bakery's tree}\n  carla:")
    closed = saturate(kb.load_incident(incident(text)).facts, kb.vocab)
    assert ("carla", "atPremisesKeptWith", "steps") not in closed.true


def test_whom_a_third_partys_act_harmed_is_related_to_the_named_premises_only(kb, incident):
    # Civil Code 1198(2): whether a person a third party's act harmed was within reach
    # of the premises is the paragraph's element, asked of her (exposedTo db:askedAmong
    # harmedByThirdPartyBeside), also where her harm does not result from them. Only
    # premises, public places and mass activities, only for a third party's act.
    from dutybound.engine.saturate import saturate
    text = steps().replace("resultsFrom: steps,", "causedByActOf: thief,").replace(
        "  dora:", "  thief: {a: ThirdParty, label: a thief}\n"
        "  lime: {a: Tree, label: a lime tree}\n  shop: {a: TradingPlatform, label: a shop online}\n  dora:")
    closed = saturate(kb.load_incident(incident(text)).facts, kb.vocab)
    got = sorted(t for t in closed.true if t[1] == "harmedByThirdPartyBeside")
    assert got == [("carla", "harmedByThirdPartyBeside", "steps")]
    assert "owl:topObjectProperty" in closed.true[got[0]].detail
    # her harm is no third party's: nothing is derived
    mine = text.replace("  thief: {a: ThirdParty,", "  thief: {a: NaturalPerson,")
    closed = saturate(kb.load_incident(incident(mine)).facts, kb.vocab)
    assert not [t for t in closed.true if t[1] == "harmedByThirdPartyBeside"]
def test_a_precaution_stated_against_one_source_is_no_candidate_against_another(kb):
    # A precaution is judged against one source (precautionAgainst is functional,
    # ontology/dutybound-unknowns.ttl). Before, the count of the precautions that
    # would have prevented Felix's car (the general risk of life, BGB § 839) also
    # counted the lime tree's inspection as possibly one against the plane tree:
    # with a breach an outcome per person (§10) that asked "Is the spring inspection
    # of the lime tree a reasonable precaution against the plane tree?", and the
    # count stayed open whatever was said of the plane tree's own inspection.
    from pathlib import Path
    root = Path(__file__).resolve().parents[2] / "examples" / "de"
    (path,) = root.glob("a-town-answers-for-a-rotten-branch-*.yaml")
    q = asked(kb.assess(kb.load_incident(path)))
    assert not [f for f in q if f.startswith("lime-inspection precautionAgainst")]
    assert q["plane-inspection wouldHavePrevented felix-car"]["if_false"]["gained"] == [
        "weiler not liable to felix (BGB-839-1)"]


def test_a_harm_stated_as_one_persons_is_no_candidate_harm_of_another(kb):
    # A harm is one party's (sufferedBy is functional, ontology/dutybound-unknowns.ttl).
    # Before, "Is it true that Hugo's sprained wrist was suffered by greta?" was asked:
    # yes would have made the shop liable to Greta for Hugo's EUR 900.
    from pathlib import Path
    root = Path(__file__).resolve().parents[2] / "examples" / "de"
    (path,) = root.glob("a-precaution-omitted-at-the-steps-*.yaml")
    inc = kb.load_incident(path)
    assert not [f for f in asked(kb.assess(inc)) if "sufferedBy" in f]
    # with the stated sufferer unknown, who suffered it is asked
    q = asked(kb.assess(inc, assume=[(("hugo-wrist", "sufferedBy", "hugo"), None)]))
    assert "hugo-wrist sufferedBy hugo" in q
