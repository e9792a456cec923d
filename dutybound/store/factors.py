"""HYPO-style factors of an incident, and similar cases ranked by them.

A factor is a legally relevant, stereotyped fact pattern that favours one
side (Ashley's HYPO, Aleven's CATO): "the user's fault is unknown" favours the
claimant, because ECL 57(2) puts its proof on the payment provider; "the
user disclosed a credential" favours the defendant provider. Factors are
computed from the facts the engine reasoned with (the incident closed under
the ontology, so PlatformOperator is seen even when only `operates` was
written) and from the established-false facts.

Similarity is HYPO's: two cases are compared by the factors they share; a
stored case is more on point than another when its shared factors are a
strict superset of the other's. Cases sharing no factor are not relevant.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from dutybound.engine.facts import TYPE

CLAIMANT, DEFENDANT = "claimant", "defendant"


@dataclass(frozen=True)
class Factor:
    id: str
    label: str
    favours: str             # claimant | defendant
    why: str
    terms: tuple = ()        # ontology terms the test reads (checked by the tests)


FACTORS = (
    Factor("unauthorised-payment", "an unauthorised payment was made", CLAIMANT,
           "the provider bears unauthorised losses (ECL 57(2))", ("UnauthorisedPayment",)),
    Factor("scam-induced-payment", "the user authorised a payment under deception", DEFENDANT,
           "an authorised payment is not unauthorised; the provider's duty is only to warn",
           ("ScamInducedPayment",)),
    Factor("user-fault-proved", "the user's own fault is established", DEFENDANT,
           "ECL 57(2) defence; contributory fault reduces liability (CC 1173)",
           ("causedByFaultOf", "contributedToBy", "debitedFrom", "heldBy")),
    Factor("user-fault-unknown", "whether the user was at fault is unknown", CLAIMANT,
           "the provider must prove the user's fault (ECL 57(2)); unproved, the defence fails",
           ("UnauthorisedPayment", "causedByFaultOf", "debitedFrom", "heldBy")),
    Factor("user-fault-disproved", "the user was established not at fault", CLAIMANT,
           "no defence of user fault", ("causedByFaultOf",)),
    Factor("credential-disclosed", "the user disclosed a password or code", DEFENDANT,
           "evidence of the user's fault (ECL 57(1) safekeeping)",
           ("CredentialDisclosure", "actor", "ThirdParty")),
    Factor("security-tool-lost", "the user lost a security tool", DEFENDANT,
           "the user must keep security tools safe and notify (ECL 57(1))", ("SecurityToolLoss",)),
    Factor("strong-authentication", "strong or two-factor authentication was applied", DEFENDANT,
           "the provider met the security standard (PSD2 74(2), Non-bank PI Reg. 21)",
           ("safeguardUsed", "appliedSafeguard", "TwoFactorAuthentication",
            "StrongCustomerAuthentication")),
    Factor("abnormal-signal-ignored", "an abnormal-transaction signal was known and no warning followed",
           CLAIMANT, "breach of the safeguard duty (CC 1198(1)) and of the warning duty",
           ("AbnormalTransactionSignal", "knewOrShouldHaveKnownOf", "warned")),
    Factor("no-warning", "a party established not to have warned the user", CLAIMANT,
           "failure to warn is the usual breach of a safeguard duty", ("warned",)),
    Factor("warning-given", "the user was warned", DEFENDANT,
           "the duty-holder did what a warning duty asks", ("warned",)),
    Factor("data-leak", "personal data leaked", CLAIMANT,
           "PIPL 69 presumes the processor at fault", ("DataLeak", "PersonalInformationLeak")),
    Factor("third-party-identified", "the direct wrongdoer is identified", DEFENDANT,
           "the claimant can enforce against the wrongdoer first; a platform's liability is only "
           "supplementary (CC 1198(2))", ("ThirdParty", "UnknownThirdParty")),
    Factor("third-party-unknown", "the direct wrongdoer is unidentified", CLAIMANT,
           "enforcement against the wrongdoer fails, so the duty-holder pays (SPC Interp. (I) Art. 25)",
           ("UnknownThirdParty",)),
    Factor("platform-operator-involved", "a platform operator is involved", CLAIMANT,
           "platform operators owe safeguard duties (CC 1198; ECL 38(2))", ("PlatformOperator",)),
    Factor("life-or-health", "goods or harm concern life or health", CLAIMANT,
           "heightened platform duties (ECL 38(2))", ("LifeOrHealthGoods", "LifeOrHealthHarm")),
    Factor("notice-given", "the user notified the provider or platform", CLAIMANT,
           "after notice the other side must stop the loss growing (ECL 57(3))",
           ("UserNotice", "notifies")),
    Factor("police-report", "the loss was reported to the police", CLAIMANT,
           "prompt action by the victim; evidence of an unauthorised act", ("PoliceReport",)),
)
BY_ID = {f.id: f for f in FACTORS}


class _Facts:
    def __init__(self, true: dict, false: dict):
        self.true, self.false = true, false
        self.by_p: dict = {}
        for (s, p, o) in true:
            self.by_p.setdefault(p, []).append((s, o))

    def a(self, cls) -> list:
        return [s for s, o in self.by_p.get(TYPE, []) if o == cls]

    def pairs(self, p) -> list:
        return self.by_p.get(p, [])

    def objs(self, s, p) -> list:
        return [o for x, o in self.pairs(p) if x == s]

    def is_a(self, s, cls) -> bool:
        return (s, TYPE, cls) in self.true

    def value(self, t):
        return True if t in self.true else False if t in self.false else None

    def users(self, pay) -> list:
        return [u for acct in self.objs(pay, "debitedFrom") for u in self.objs(acct, "heldBy")]


def compute_factors(a, kb=None) -> set:
    """The ids of the factors present in an assessed incident."""
    sat = a.evaluation.facts if getattr(a, "evaluation", None) is not None else a.incident.facts
    return factors_of(_Facts(sat.true, a.incident.facts.false))


def factors_of(f: _Facts) -> set:
    out = set()
    pays = f.a("UnauthorisedPayment")
    if pays:
        out.add("unauthorised-payment")
    if f.a("ScamInducedPayment"):
        out.add("scam-induced-payment")
    victims = {s for s, o in f.pairs("suffers")} | {o for s, o in f.pairs("sufferedBy")}
    for pay in f.a("Payment"):
        for u in f.users(pay):
            victims.add(u)
            v = f.value((pay, "causedByFaultOf", u))
            if v is True:
                out.add("user-fault-proved")
            elif v is False:
                out.add("user-fault-disproved")
            elif pay in pays:
                out.add("user-fault-unknown")
    if any(o in victims for _, o in f.pairs("contributedToBy")):
        out.add("user-fault-proved")
    if any(not f.is_a(x, "ThirdParty") for e in f.a("CredentialDisclosure") for x in f.objs(e, "actor")):
        out.add("credential-disclosed")
    if f.a("SecurityToolLoss"):
        out.add("security-tool-lost")
    strong = set(f.a("TwoFactorAuthentication")) | set(f.a("StrongCustomerAuthentication"))
    if any(o in strong for p in ("safeguardUsed", "appliedSafeguard") for _, o in f.pairs(p)):
        out.add("strong-authentication")
    warners = {s for s, _ in f.pairs("warned")}
    signals = set(f.a("AbnormalTransactionSignal"))
    if any(o in signals and s not in warners for s, o in f.pairs("knewOrShouldHaveKnownOf")):
        out.add("abnormal-signal-ignored")
    if any(p == "warned" for (_, p, _) in f.false):
        out.add("no-warning")
    if warners:
        out.add("warning-given")
    if f.a("DataLeak") or f.a("PersonalInformationLeak"):
        out.add("data-leak")
    third = f.a("ThirdParty")
    if any(not f.is_a(t, "UnknownThirdParty") for t in third):
        out.add("third-party-identified")
    if f.a("UnknownThirdParty"):
        out.add("third-party-unknown")
    if f.a("PlatformOperator"):
        out.add("platform-operator-involved")
    if f.a("LifeOrHealthGoods") or f.a("LifeOrHealthHarm"):
        out.add("life-or-health")
    if f.a("UserNotice") or f.pairs("notifies"):
        out.add("notice-given")
    if f.a("PoliceReport"):
        out.add("police-report")
    return out


@dataclass
class Match:
    case_id: str
    title: str
    shared: list
    only_new: list          # factors of the new incident the stored case lacks
    only_stored: list       # factors of the stored case the new incident lacks
    most_on_point: bool = False
    outcome: list = field(default_factory=list)

    def to_json(self) -> dict:
        def fj(ids):
            return [{"id": i, "label": BY_ID[i].label, "favours": BY_ID[i].favours}
                    for i in ids if i in BY_ID]
        return {"case": self.case_id, "title": self.title, "shared": fj(self.shared),
                "only_in_new": fj(self.only_new), "only_in_case": fj(self.only_stored),
                "most_on_point": self.most_on_point, "outcome": self.outcome}


def rank(new: set, stored: dict, titles: dict | None = None) -> list[Match]:
    """Stored cases sharing at least one factor with `new`, most on point
    first: more shared factors, then fewer differences, then id."""
    order = {f.id: i for i, f in enumerate(FACTORS)}
    srt = lambda ids: sorted(ids, key=lambda i: (order.get(i, len(order)), i))  # noqa: E731
    out = []
    for cid, fs in stored.items():
        shared = new & fs
        if shared:
            out.append(Match(cid, (titles or {}).get(cid, cid), srt(shared), srt(new - fs), srt(fs - new)))
    for m in out:
        m.most_on_point = not any(set(o.shared) > set(m.shared) for o in out)
    out.sort(key=lambda m: (-len(m.shared), len(m.only_new) + len(m.only_stored), m.case_id))
    return out
