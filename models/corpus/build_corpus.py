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
  precio está bien, pero …"), abbreviations and the neutral turns of a transcript.

Clauses are dressed in frames, sometimes preceded by a contrast that names another family in a
positive or neutral way so that naming a topic is not taken for complaining about it, and then
roughened the way real logs are: missing accents, abbreviations (q, xq, tb, cte, cx, pls), typos,
capitals, label-free tails (ticket numbers, topics, channels).

Each family gets the same number of rows (``ROWS_PER_FAMILY``), so that frames, which are shared
by all families, stay neutral evidence.

None of this text comes from the evaluation sets in ``tests/data/``; a test checks that no
evaluation note appears here after normalisation.
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

from analytics.taxonomy import SUBTYPES_BY_KEY, strip_accents

SEED = 20240611
ROWS_PER_FAMILY = 600
# How often a note gets each kind of dressing (probabilities).
P_DOUBLE = 0.12  # a second clause of the same subtype
P_CONTRAST = 0.18  # a positive or neutral mention of another family first
P_TAIL = 0.25  # a label-free context tail (topic, reference, channel)
P_TYPO = 0.3  # one keyboard slip
HERE = Path(__file__).resolve().parent
DATA = HERE / "data"
OUT = HERE / "notes_train.csv"

VOICES: tuple[str, ...] = ("es_note", "es_voice", "en_note", "en_voice", "es_short", "en_short")


@dataclass(frozen=True)
class Fragments:
    """The hand-written material, as read from ``data/``.

    ``clauses[label][voice]`` and ``agent[label][lang]`` keep the files' order (the random
    choices of the build depend on it); ``labels`` is the order in which labels first appear in
    ``clauses.csv`` (the build's order); ``family[label]`` comes from the taxonomy.
    """

    labels: tuple[str, ...]
    family: dict[str, str]
    clauses: dict[str, dict[str, list[str]]]
    agent: dict[str, dict[str, list[str]]]
    frames: dict[str, dict[str, list[str]]]
    tails: dict[str, list[str]]
    contrasts: dict[str, dict[str, list[str]]]
    abbreviations: dict[str, list[tuple[str, list[str]]]]
    chat_turns: dict[str, dict[str, list[str]]]


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def load_fragments(folder: Path = DATA) -> Fragments:
    """Read and check the fragments; a label that is not a subtype, an unknown voice or a label
    missing a voice is an error naming the file and the row."""
    clauses: dict[str, dict[str, list[str]]] = {}
    family: dict[str, str] = {}
    for line, row in enumerate(_read_csv(folder / "clauses.csv"), start=2):
        label, voice, text = row["label"], row["voice"], row["text"]
        if label != "none" and label not in SUBTYPES_BY_KEY:
            raise ValueError(f"clauses.csv line {line}: {label!r} is neither 'none' nor a subtype key")
        if voice not in VOICES:
            raise ValueError(f"clauses.csv line {line}: voice {voice!r} is not one of {', '.join(VOICES)}")
        if not text.strip():
            raise ValueError(f"clauses.csv line {line}: empty clause")
        family[label] = "none" if label == "none" else SUBTYPES_BY_KEY[label].family
        clauses.setdefault(label, {v: [] for v in VOICES})[voice].append(text)
    agent: dict[str, dict[str, list[str]]] = {label: {"es": [], "en": []} for label in clauses}
    for line, row in enumerate(_read_csv(folder / "agent_lines.csv"), start=2):
        if row["label"] not in agent or row["lang"] not in ("es", "en"):
            raise ValueError(f"agent_lines.csv line {line}: unknown label or language {row}")
        agent[row["label"]][row["lang"]].append(row["text"])
    for label, voices in clauses.items():
        empty = [v for v, c in voices.items() if not c] + [
            f"{lang}_agent" for lang, c in agent[label].items() if not c
        ]
        if empty:
            raise ValueError(f"label {label!r} has no clauses for {', '.join(empty)}")
    dressing = json.loads((folder / "dressing.json").read_text(encoding="utf-8"))
    return Fragments(
        labels=tuple(clauses),
        family=family,
        clauses=clauses,
        agent=agent,
        frames=dressing["frames"],
        tails=dressing["tails"],
        contrasts=dressing["contrasts"],
        abbreviations={
            lang: [(p, list(o)) for p, o in table] for lang, table in dressing["abbreviations"].items()
        },
        chat_turns=dressing["chat_turns"],
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
    clauses = frag.clauses[label][key]
    c = clause if clause is not None else rng.choice(clauses)
    core = c
    family = frag.family[label]
    if voice != "short" and family != "none" and rng.random() < P_DOUBLE:
        # two symptoms of the same subtype in one note
        other = rng.choice([x for x in clauses if x != c] or clauses)
        joins = (
            [", además ", " y encima ", ". también "]
            if lang == "es"
            else [", also ", " and on top of that ", ". plus "]
        )
        c = f"{c}{rng.choice(joins)}{other}"
    if voice != "short" and family != "none" and rng.random() < P_CONTRAST:
        contrasts = frag.contrasts[key]
        c = rng.choice(contrasts[rng.choice([f for f in contrasts if f != family])]) + c
    frames = frag.frames[key]["any"] + (frag.frames[key]["fail"] if family != "none" else [])
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
    fail = frag.family[label] != "none"
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
        core = rng.choice(frag.clauses[label][f"{lang}_voice"])
        if rng.random() < 0.5:
            text = f"{a_tag}: {rng.choice(agent_lines)}. {c_tag}: {core}"
        else:
            text = f"{c_tag}: {core}. {a_tag}: {rng.choice(agent_lines)}"
    if rng.random() < 0.25:
        text = f"[{rng.randrange(8, 21):02d}:{rng.randrange(60):02d}] {text}"
    return roughen(text, lang, "voice", rng, frag), core


def build(rng: random.Random, frag: Fragments | None = None) -> list[dict[str, str]]:
    """All rows: every clause at least once, then random compositions up to the target count.

    Each row also carries ``group``, the hand-written clause it was built around, so that
    cross-validation can keep all variants of one clause in the same fold (not written to the CSV).
    """
    frag = load_fragments() if frag is None else frag
    rows: list[dict[str, str]] = []
    seen: set[str] = set()

    def add(composed: tuple[str, str], lang: str, label: str) -> bool:
        text, clause = composed
        key = " ".join(strip_accents(text).lower().split())
        if key in seen:
            return False
        seen.add(key)
        rows.append(
            {
                "text": text,
                "lang": lang,
                "family": frag.family[label],
                "subtype": "" if label == "none" else label,
                "group": f"{label}|{clause}",
            }
        )
        return True

    voices = [
        ("es", "note"),
        ("es", "voice"),
        ("en", "note"),
        ("en", "voice"),
        ("es", "short"),
        ("en", "short"),
    ]
    for label in frag.labels:
        # Equal rows per family (not per subtype): frames such as "reclamo:" or "cancellation
        # request," are family-neutral, and they stay neutral only if every family uses them equally.
        family = frag.family[label]
        n_sub = sum(1 for other in frag.labels if frag.family[other] == family)
        target = ROWS_PER_FAMILY if label == "none" else -(-ROWS_PER_FAMILY // n_sub)
        n = 0
        for lang, voice in voices:
            for clause in frag.clauses[label][f"{lang}_{voice}"]:
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
    return rows


def write_csv(rows: list[dict[str, str]], path: Path = OUT) -> None:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=["text", "lang", "family", "subtype"], extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)


def main() -> int:
    rows = build(random.Random(SEED))
    write_csv(rows)
    print(f"wrote {len(rows)} rows to {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
