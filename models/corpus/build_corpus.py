"""Build the shipped training corpus ``notes_train.csv`` from the hand-written fragments in ``data/``.

Run ``python -m models.corpus.build_corpus`` (or ``python models/corpus/build_corpus.py``) from the
repository root; it rewrites ``models/corpus/notes_train.csv`` deterministically (fixed seed), so a
diff of the CSV shows exactly what a change to the fragments did. The CSV is the data the
classifier trains on; this script is only how it was written (``tests/test_classify.py`` checks
the two agree).

The fragments (see README.md in this folder):

* ``data/clauses.csv`` — ``label`` (a subtype key, or ``none``), ``voice``, ``round``, ``text``:
  the hand-written clauses, in up to six voices per label: Spanish and English agent notes
  (``es_note``/``en_note``, third person), the customer's own words (``es_voice``/``en_voice``,
  first person), and the codes and two-word answers of exit surveys and "motivo de baja" fields
  (``es_short``/``en_short``). ``round`` is the writing round that added the clause.
* ``data/agent_lines.csv`` — ``label``, ``lang``, ``text``: what an agent said, for chat and call
  transcripts ("Agente: no estamos autorizados…").
* ``data/dressing.json`` — frames ("cliente indica que {c}"), label-free tails, contrasts ("el
  precio está bien, pero …"), abbreviations and the neutral turns of a transcript; under
  ``pass2`` the dressing of the second pass.

The build runs in three passes, each with its own seed, so that a new round adds rows without
reshuffling the earlier ones:

1. **Notes and voices** (clauses of rounds 1–12): clauses are dressed in frames, sometimes
   preceded by a contrast that names another family in a positive or neutral way so that naming
   a topic is not taken for complaining about it, and then roughened the way real logs are:
   missing accents, abbreviations (q, xq, tb, cte, cx, pls), typos, capitals, label-free tails
   (ticket numbers, topics, channels). Each family gets ``ROWS_PER_FAMILY`` rows.
2. **Exported codes, reported speech, posts and non-answers** (round 13 and the taxonomy):
   short labels rendered as CRM and billing systems export them (Title Case, upper case,
   snake_case, abbreviations, "Motivo de baja: …"), what the customer was told ("me dijeron que
   …", an agent's words quoted), the customer's words as a post at a brand or a formal
   complaint, plain notes as in the first pass (clauses of rounds 1–13), the taxonomy's own
   names, descriptions and synonyms of each family and subtype (English and Spanish), and
   answers that give no reason (``not_stated``). Each family, ``not_stated`` included, gets
   ``PASS2_ROWS_PER_FAMILY`` more rows.
3. **Round 14 and later**: each clause once, dressed as the second pass dresses its voice.
   Round 14 holds contacts that are not failures but name a price, a plan, staff, a wait, a
   transfer or a promise, non-answers, and failure twins in the same words. Each later round is
   dressed the same way by a pass of its own, seeded ``SEED + round``, so a round's new clauses
   leave the earlier rounds' rows as they were.

Frames, reported-speech verbs and post styles are used by every family alike, so they stay
neutral evidence: the family is in the clause, not in "me dijeron que".

None of this text comes from the evaluation sets in ``tests/data/``, and the build never emits a
row equal to one of their items after normalisation (:func:`held_out_paths`): a short code such
as "Too Expensive" can be both a clause here and an item there, and must not become a training
row letter for letter. A test checks that no evaluation item appears in the corpus.
"""

from __future__ import annotations

import csv
import json
import random
import re
import sys
from dataclasses import dataclass
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the repository importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from analytics.taxonomy import FAMILY_LABELS, FAMILY_SYNONYMS, SUBTYPES, SUBTYPES_BY_KEY, strip_accents

SEED = 20240611
ROWS_PER_FAMILY = 600
PASS2_SEED = SEED + 13
PASS2_ROWS_PER_FAMILY = 330
FIRST_PASS_ROUNDS = 12  # clauses of later rounds are dressed by the second pass only
SECOND_PASS_ROUNDS = 13  # clauses of later rounds get a pass of their own round each
# How often a note gets each kind of dressing (probabilities).
P_DOUBLE = 0.12  # a second clause of the same subtype
P_CONTRAST = 0.18  # a positive or neutral mention of another family first
P_TAIL = 0.25  # a label-free context tail (topic, reference, channel)
P_TYPO = 0.3  # one keyboard slip
HERE = Path(__file__).resolve().parent
DATA = HERE / "data"
OUT = HERE / "notes_train.csv"
VOICES: tuple[str, ...] = ("es_note", "es_voice", "en_note", "en_voice", "es_short", "en_short")
"""The voices of the first pass; every failure label and "none" has clauses in each."""
PASS2_VOICES: tuple[str, ...] = ("es_label", "en_label", "es_told", "en_told")
"""Exported labels (``*_label``) and what the customer was told, after "me dijeron que" (``*_told``)."""
NON_FAILURE = ("none", "not_stated")


@dataclass(frozen=True)
class Fragments:
    """The hand-written material, as read from ``data/``.

    ``clauses[label][voice]`` and ``agent[label][lang]`` keep the files' order (the random
    choices of the build depend on it), ``rounds[label][voice]`` the round of each clause;
    ``labels`` is the order in which labels first appear in ``clauses.csv`` (the build's order);
    ``family[label]`` comes from the taxonomy (``none`` and ``not_stated`` are their own).
    """

    labels: tuple[str, ...]
    family: dict[str, str]
    clauses: dict[str, dict[str, list[str]]]
    rounds: dict[str, dict[str, list[int]]]
    agent: dict[str, dict[str, list[str]]]
    frames: dict[str, dict[str, list[str]]]
    tails: dict[str, list[str]]
    contrasts: dict[str, dict[str, list[str]]]
    abbreviations: dict[str, list[tuple[str, list[str]]]]
    chat_turns: dict[str, dict[str, list[str]]]
    pass2: dict

    def first_pass(self, label: str, voice: str) -> list[str]:
        """The clauses of ``label`` in ``voice`` that the first pass dresses (rounds 1–12)."""
        return self.rounds_between(label, voice, 1, FIRST_PASS_ROUNDS)

    def rounds_between(self, label: str, voice: str, first: int, last: int) -> list[str]:
        """The clauses of ``label`` in ``voice`` written in rounds ``first`` to ``last``, in file order."""
        return [
            c for c, r in zip(self.clauses[label][voice], self.rounds[label][voice]) if first <= r <= last
        ]


def held_out_paths() -> tuple[Path, ...]:
    """The sets whose texts the corpus must never hold as a row: the evaluation sets never trained
    on (``models.classify.default.NEVER_TRAINED``), the training sets (``TRAINING_SETS``) — a
    clause written apart from a set can still equal one of its short codes, as "Fair Price" of
    round 17 did — and the code-list batches from the third on (``CODE_LIST_SETS[2:]``), which
    were never-trained sets when the corpus rows after them were drawn, and are training data since
    issue 17's fifteenth round (the third to eleventh) and sixteenth (the twelfth and thirteenth). The first two code-list batches are training data but not listed:
    listing them would skip five rows of the first two passes ("Don't know", "Price"…) and redraw
    every row after them; their overlap is reported in tests/data/README.md."""
    from models.classify.default import CODE_LIST_SETS, NEVER_TRAINED, TRAINING_SETS

    return (*NEVER_TRAINED, *TRAINING_SETS, *CODE_LIST_SETS[2:])


def held_out_keys(paths: tuple[Path, ...] | None = None) -> set[str]:
    """The held-out sets' texts (default :func:`held_out_paths`), normalised as the classifier
    reads them (missing files: none)."""
    from models.classify.text import normalize_text

    paths = held_out_paths() if paths is None else paths

    return {normalize_text(row["text"]) for path in paths if path.is_file() for row in _read_csv(path)}


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def load_fragments(folder: Path = DATA) -> Fragments:
    """Read and check the fragments; a label that is not a subtype, an unknown voice or a label
    missing a voice is an error naming the file and the row."""
    clauses: dict[str, dict[str, list[str]]] = {}
    rounds: dict[str, dict[str, list[int]]] = {}
    family: dict[str, str] = {}
    all_voices = (*VOICES, *PASS2_VOICES)
    for line, row in enumerate(_read_csv(folder / "clauses.csv"), start=2):
        label, voice, text = row["label"], row["voice"], row["text"]
        if label not in NON_FAILURE and label not in SUBTYPES_BY_KEY:
            raise ValueError(
                f"clauses.csv line {line}: {label!r} is neither 'none', 'not_stated' nor a subtype key"
            )
        if voice not in all_voices:
            raise ValueError(
                f"clauses.csv line {line}: voice {voice!r} is not one of {', '.join(all_voices)}"
            )
        if not text.strip():
            raise ValueError(f"clauses.csv line {line}: empty clause")
        if not row["round"].isdigit():
            raise ValueError(f"clauses.csv line {line}: round {row['round']!r} is not a whole number")
        family[label] = label if label in NON_FAILURE else SUBTYPES_BY_KEY[label].family
        clauses.setdefault(label, {v: [] for v in all_voices})[voice].append(text)
        rounds.setdefault(label, {v: [] for v in all_voices})[voice].append(int(row["round"]))
    agent: dict[str, dict[str, list[str]]] = {label: {"es": [], "en": []} for label in clauses}
    for line, row in enumerate(_read_csv(folder / "agent_lines.csv"), start=2):
        if row["label"] not in agent or row["lang"] not in ("es", "en"):
            raise ValueError(f"agent_lines.csv line {line}: unknown label or language {row}")
        agent[row["label"]][row["lang"]].append(row["text"])
    for label, voices in clauses.items():
        if label == "not_stated":  # non-answers: no transcripts, no first pass
            continue
        empty = [v for v in VOICES if not voices[v]] + [
            f"{lang}_agent" for lang, c in agent[label].items() if not c
        ]
        if empty:
            raise ValueError(f"label {label!r} has no clauses for {', '.join(empty)}")
    dressing = json.loads((folder / "dressing.json").read_text(encoding="utf-8"))
    return Fragments(
        labels=tuple(clauses),
        family=family,
        clauses=clauses,
        rounds=rounds,
        agent=agent,
        frames=dressing["frames"],
        tails=dressing["tails"],
        contrasts=dressing["contrasts"],
        abbreviations={
            lang: [(p, list(o)) for p, o in table] for lang, table in dressing["abbreviations"].items()
        },
        chat_turns=dressing["chat_turns"],
        pass2=dressing["pass2"],
    )


def typo(text: str, rng: random.Random) -> str:
    """One keyboard slip in one word of five letters or more: swap, drop or double a letter."""
    words = text.split(" ")
    candidates = [i for i, w in enumerate(words) if len(w) >= 5 and w.isalpha()]
    if not candidates:
        return text
    i = rng.choice(candidates)
    w = words[i]
    j = rng.randrange(1, len(w) - 2)
    kind = rng.randrange(3)
    if kind == 0:
        w = w[:j] + w[j + 1] + w[j] + w[j + 2 :]
    elif kind == 1:
        w = w[:j] + w[j + 1 :]
    else:
        w = w[:j] + w[j] + w[j:]
    words[i] = w
    return " ".join(words)


def abbreviate(text: str, table: list[tuple[str, list[str]]], rng: random.Random) -> str:
    for pattern, options in table:
        if rng.random() < 0.6:
            text = re.sub(pattern, lambda _m, o=options: rng.choice(o), text)
    return text


def roughen(text: str, lang: str, style: str, rng: random.Random, frag: Fragments) -> str:
    """Make a clean sentence look like a real log line."""
    if rng.random() < (0.45 if style == "note" else 0.25):
        text = abbreviate(text, frag.abbreviations[lang], rng)
    if lang == "es" and rng.random() < 0.4:
        text = strip_accents(text)
    if rng.random() < P_TYPO:
        text = typo(text, rng)
    r = rng.random()
    if r < 0.1:
        text = text.upper()
    elif r < 0.55:
        text = text[:1].upper() + text[1:]
    end = rng.random()
    if end < 0.3:
        text += "."
    elif end < 0.36:
        text += "!!"
    elif end < 0.4:
        text += "..."
    return text


def compose(
    frag: Fragments, label: str, lang: str, voice: str, rng: random.Random, clause: str | None = None
) -> tuple[str, str]:
    """A roughened note built around one clause; returns ``(text, clause)``."""
    key = f"{lang}_{voice}"
    clauses = frag.first_pass(label, key)
    c = clause if clause is not None else rng.choice(clauses)
    core = c
    family = frag.family[label]
    failure = family not in NON_FAILURE
    if voice != "short" and failure and rng.random() < P_DOUBLE:
        # two symptoms of the same subtype in one note
        other = rng.choice([x for x in clauses if x != c] or clauses)
        joins = (
            [", además ", " y encima ", ". también "]
            if lang == "es"
            else [", also ", " and on top of that ", ". plus "]
        )
        c = f"{c}{rng.choice(joins)}{other}"
    if voice != "short" and failure and rng.random() < P_CONTRAST:
        contrasts = frag.contrasts[key]
        c = rng.choice(contrasts[rng.choice([f for f in contrasts if f != family])]) + c
    frames = frag.frames[key]["any"] + (frag.frames[key]["fail"] if failure else [])
    frame = rng.choice(frames)
    text = frame.replace("{c}", c)
    if voice != "short" and rng.random() < P_TAIL:
        text += rng.choice(frag.tails[lang])
    style = "note" if voice == "note" else "voice"
    return roughen(text, lang, style, rng, frag), core


def chat(
    frag: Fragments, label: str, lang: str, rng: random.Random, agent_clause: str | None = None
) -> tuple[str, str]:
    """A two-speaker snippet: the failure is in the agent's words or in the customer's."""
    turns = frag.chat_turns[lang]
    fail = frag.family[label] not in NON_FAILURE
    a_tag, c_tag = rng.choice(turns["agent_tag"]), rng.choice(turns["customer_tag"])
    agent_lines = turns["agent_any"] + (turns["agent_fail"] if fail else [])
    cust_lines = turns["customer_any"] + (turns["customer_fail"] if fail else [])
    agent_own = frag.agent[label][lang]
    if agent_clause is not None or rng.random() < 0.5:
        core = agent_clause if agent_clause is not None else rng.choice(agent_own)
        text = f"{c_tag}: {rng.choice(cust_lines)}. {a_tag}: {core}"
        if fail and rng.random() < 0.4:
            text += f". {c_tag}: {rng.choice(turns['customer_fail'])}"
    else:
        core = rng.choice(frag.first_pass(label, f"{lang}_voice"))
        if rng.random() < 0.5:
            text = f"{a_tag}: {rng.choice(agent_lines)}. {c_tag}: {core}"
        else:
            text = f"{c_tag}: {core}. {a_tag}: {rng.choice(agent_lines)}"
    if rng.random() < 0.25:
        text = f"[{rng.randrange(8, 21):02d}:{rng.randrange(60):02d}] {text}"
    return roughen(text, lang, "voice", rng, frag), core


# ------------------------------------------------------------------------------ second pass


def _taxonomy_phrases(label: str, lang: str) -> list[str]:
    """The taxonomy's own words for a subtype (or "none"): its label, description and synonyms."""
    if label == "none":
        return [FAMILY_LABELS["none"][lang]]
    if label not in SUBTYPES_BY_KEY:
        return []
    sub = SUBTYPES_BY_KEY[label]
    phrases = [
        sub.label(lang),
        sub.description_es if lang == "es" else sub.description_en,
        f"{FAMILY_LABELS[sub.family][lang]} - {sub.label(lang)}",  # codes often name both
    ]
    # synonyms are codes ("mala_atencion", "no_empathy"): English-looking ones go with English
    spanish = {w for s in SUBTYPES for w in s.label_es.lower().split()}
    for syn in sub.synonyms:
        words = syn.replace("_", " ")
        is_es = any(w in spanish for w in words.split()) or syn.endswith(("cion", "ado", "ada"))
        if is_es == (lang == "es"):
            phrases.append(words)
    return phrases


def _family_names(family: str) -> dict[str, list[str]]:
    """A failure family's names in both languages (the taxonomy's labels and family synonyms)."""
    names = {"en": [FAMILY_LABELS[family]["en"]], "es": [FAMILY_LABELS[family]["es"]]}
    for word, fam in FAMILY_SYNONYMS.items():
        if fam == family and word not in (family, FAMILY_LABELS[family]["es"].lower()):
            names["en" if word == family else "es"].append(word)
    return names


def render_label(phrase: str, lang: str, rng: random.Random, frag: Fragments) -> str:
    """A short phrase as an exported reason code: abbreviated, unaccented, in one of the cases
    export systems use (Title Case, UPPER, lower, snake_case), in a reason-field frame."""
    p2 = frag.pass2
    text = phrase
    if rng.random() < 0.3:
        for pattern, options in p2["label_abbreviations"][lang]:
            if rng.random() < 0.6:
                text = re.sub(pattern, lambda _m, o=options: rng.choice(o), text, flags=re.IGNORECASE)
    if lang == "es" and rng.random() < 0.4:
        text = strip_accents(text)
    case = rng.random()
    if case < 0.35:
        text = " ".join(w[:1].upper() + w[1:] for w in text.split(" "))
    elif case < 0.65:
        text = text.upper()
    elif case < 0.8:
        text = text.lower()
    elif case < 0.9:
        text = text[:1].upper() + text[1:].lower()
    else:
        text = re.sub(r"[\s\-/,']+", "_", text.strip()).strip("_")
        text = text.upper() if rng.random() < 0.5 else text.lower()
    return rng.choice(p2["label_frames"][lang]).replace("{c}", text)


def told(clause: str, lang: str, rng: random.Random, frag: Fragments) -> str:
    """What the customer was told, after a reported-speech frame ("me dijeron que …")."""
    text = rng.choice(frag.pass2["told_frames"][lang]).replace("{c}", clause)
    return roughen(text, lang, "voice", rng, frag)


def quoted(agent_line: str, lang: str, rng: random.Random, frag: Fragments) -> str:
    """An agent's words quoted by the customer ("me dijeron: \"no estamos autorizados\"")."""
    text = rng.choice(frag.pass2["quote_frames"][lang]).replace("{a}", agent_line)
    return roughen(text, lang, "voice", rng, frag)


def styled(clause: str, lang: str, failure: bool, rng: random.Random, frag: Fragments) -> str:
    """The customer's words as a post at a brand's account or as a formal complaint."""
    frames = frag.pass2["styled_frames"][lang]
    options = frames["any"] + (frames["fail"] if failure else [])
    text = rng.choice(options).replace("{brand}", rng.choice(frag.pass2["brands"])).replace("{c}", clause)
    return roughen(text, lang, "voice", rng, frag)


def _second_pass(frag: Fragments, rng: random.Random, add) -> None:
    """Rows of the second pass (see the module docstring); ``add(text, clause, lang, label)``."""
    for label in frag.labels:
        family = frag.family[label]
        failure = family not in NON_FAILURE
        n_sub = sum(1 for other in frag.labels if frag.family[other] == family)
        target = -(-PASS2_ROWS_PER_FAMILY // n_sub)
        # rounds 1–13 only: a later round has a pass of its own, and leaves these draws as they were
        clauses = {v: frag.rounds_between(label, v, 1, SECOND_PASS_ROUNDS) for v in frag.clauses[label]}
        later = {v: frag.rounds_between(label, v, FIRST_PASS_ROUNDS + 1, SECOND_PASS_ROUNDS) for v in clauses}
        n = 0
        for lang in ("es", "en"):
            # every clause and taxonomy phrase once
            for c in [*later[f"{lang}_label"], *_taxonomy_phrases(label, lang)]:
                n += add(render_label(c, lang, rng, frag), c, lang, label)
            for c in later[f"{lang}_told"]:
                n += add(told(c, lang, rng, frag), c, lang, label)
            for voice in ("note", "voice", "short"):
                for c in later[f"{lang}_{voice}"]:
                    n += add(compose_any(frag, label, lang, voice, rng, c), c, lang, label)
        if failure and label == next(other for other in frag.labels if frag.family[other] == family):
            for lang, names in _family_names(family).items():  # the family's bare name, no subtype
                for name in names:
                    for _ in range(3):
                        add(render_label(name, lang, rng, frag), f"family:{name}", lang, f"family:{family}")
        attempts = 0
        while n < target and attempts < 5000:
            attempts += 1
            lang = "es" if rng.random() < 0.55 else "en"
            kinds = (
                ["label", "told", "quote", "styled", "voice"] if label != "not_stated" else ["label", "voice"]
            )
            weights = [0.25, 0.15, 0.1, 0.25, 0.25] if label != "not_stated" else [0.6, 0.4]
            kind = rng.choices(kinds, weights=weights)[0]
            if kind == "label":
                pool = [*clauses[f"{lang}_label"], *clauses[f"{lang}_short"], *_taxonomy_phrases(label, lang)]
                c = rng.choice(pool)
                n += add(render_label(c, lang, rng, frag), c, lang, label)
            elif kind == "told" and clauses[f"{lang}_told"]:
                c = rng.choice(clauses[f"{lang}_told"])
                n += add(told(c, lang, rng, frag), c, lang, label)
            elif kind == "quote" and frag.agent[label][lang]:
                c = rng.choice(frag.agent[label][lang])
                n += add(quoted(c, lang, rng, frag), c, lang, label)
            elif kind == "styled":
                c = rng.choice(clauses[f"{lang}_voice"])
                n += add(styled(c, lang, failure, rng, frag), c, lang, label)
            elif kind == "voice":
                voice = rng.choice(["note", "voice", "short"])
                c = rng.choice(clauses[f"{lang}_{voice}"])
                n += add(compose_any(frag, label, lang, voice, rng, c), c, lang, label)


def _round_pass(frag: Fragments, rng: random.Random, add, round_: int) -> None:
    """Rows of a round after 13: each clause of round ``round_`` once, dressed as its voice is by
    the second pass (an exported code, what the customer was told, a note, the customer's words —
    a third of those as a post or a formal complaint — or a short answer)."""
    for label in frag.labels:
        failure = frag.family[label] not in NON_FAILURE
        for lang in ("es", "en"):
            for kind in ("label", "told", "note", "voice", "short"):
                for c in frag.rounds_between(label, f"{lang}_{kind}", round_, round_):
                    if kind == "label":
                        text = render_label(c, lang, rng, frag)
                    elif kind == "told":
                        text = told(c, lang, rng, frag)
                    elif kind == "voice" and rng.random() < 1 / 3:
                        text = styled(c, lang, failure, rng, frag)
                    else:
                        text = compose_any(frag, label, lang, kind, rng, c)
                    add(text, c, lang, label)


def compose_any(frag: Fragments, label: str, lang: str, voice: str, rng: random.Random, clause: str) -> str:
    """A clause of any round in a first-pass frame (no doubling or contrast), roughened."""
    key = f"{lang}_{voice}"
    failure = frag.family[label] not in NON_FAILURE
    frames = frag.frames[key]["any"] + (frag.frames[key]["fail"] if failure else [])
    text = rng.choice(frames).replace("{c}", clause)
    return roughen(text, lang, "note" if voice == "note" else "voice", rng, frag)


# ------------------------------------------------------------------------------------ build


def build(rng: random.Random, frag: Fragments | None = None) -> list[dict[str, str]]:
    """All rows of both passes. The first pass draws from ``rng`` (seeded with ``SEED``), the
    second from its own generator seeded with ``PASS2_SEED``.

    Each row carries ``group``: the number of the hand-written clause (or taxonomy phrase) it was
    built around, in order of first use, so that cross-validation and the classifier's
    calibration folds keep all variants of one clause together.
    """
    from models.classify.text import normalize_text

    frag = load_fragments() if frag is None else frag
    rows: list[dict[str, str]] = []
    seen: set[str] = set()
    groups: dict[str, int] = {}
    held_out = held_out_keys()

    def add_row(text: str, clause: str, lang: str, label: str) -> bool:
        key = normalize_text(text)  # one row per text as the classifier reads it
        if key in seen or key in held_out:
            return False
        seen.add(key)
        family = label.removeprefix("family:") if label.startswith("family:") else frag.family[label]
        rows.append(
            {
                "text": text,
                "lang": lang,
                "family": family,
                "subtype": "" if label in NON_FAILURE or label.startswith("family:") else label,
                "group": str(groups.setdefault(f"{label}|{clause}", len(groups))),
            }
        )
        return True

    def add(composed: tuple[str, str], lang: str, label: str) -> bool:
        return add_row(composed[0], composed[1], lang, label)

    voices = [
        ("es", "note"),
        ("es", "voice"),
        ("en", "note"),
        ("en", "voice"),
        ("es", "short"),
        ("en", "short"),
    ]
    for label in frag.labels:
        if label == "not_stated":  # the second pass's own family
            continue
        # Equal rows per family (not per subtype): frames such as "reclamo:" or "cancellation
        # request," are family-neutral, and they stay neutral only if every family uses them equally.
        family = frag.family[label]
        n_sub = sum(1 for other in frag.labels if frag.family[other] == family)
        target = ROWS_PER_FAMILY if label == "none" else -(-ROWS_PER_FAMILY // n_sub)
        n = 0
        for lang, voice in voices:
            for clause in frag.first_pass(label, f"{lang}_{voice}"):
                n += add(compose(frag, label, lang, voice, rng, clause), lang, label)
        for lang in ("es", "en"):
            for clause in frag.agent[label][lang]:
                n += add(chat(frag, label, lang, rng, clause), lang, label)
        attempts = 0
        while n < target and attempts < 5000:
            attempts += 1
            lang = "es" if rng.random() < 0.62 else "en"
            voice = rng.choices(["note", "voice", "short", "chat"], weights=[0.4, 0.4, 0.08, 0.12])[0]
            composed = (
                chat(frag, label, lang, rng) if voice == "chat" else compose(frag, label, lang, voice, rng)
            )
            n += add(composed, lang, label)
    _second_pass(frag, random.Random(PASS2_SEED), add_row)
    # one pass per later round, seeded by the round: a new round's clauses leave every earlier row
    later = {
        r for voices in frag.rounds.values() for rs in voices.values() for r in rs if r > SECOND_PASS_ROUNDS
    }
    for round_ in sorted(later):
        _round_pass(frag, random.Random(SEED + round_), add_row, round_)
    return rows


COLUMNS = ["text", "lang", "family", "subtype", "group"]


def write_csv(rows: list[dict[str, str]], path: Path = OUT) -> None:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=COLUMNS, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)


def main() -> int:
    rows = build(random.Random(SEED))
    write_csv(rows)
    print(f"wrote {len(rows)} rows to {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
