"""Word knowledge from outside the corpus: a static token embedding that ships in a package.

The TF-IDF model knows only the words of its training texts. Third-party exit-reason codes
("Rude Delivery Partner", "Cuelga llamada (Recepción)") are often made of words it never met, and
there it can only guess from the words it does know. A pretrained embedding brings what those
words mean from the text it was trained on: "partner" sits near "staff" and "agent", "impolite"
near "rude".

The one embedding the package registry ships *with its weights* and that is small and fast
enough for notes is WordLlama's ``l2_supercat`` (package ``wordllama``, MIT licence): a
32,000 × 256 table of token vectors distilled from a large language model's input embeddings,
read through that model's sub-word tokenizer (Llama 2's, which splits Spanish into pieces it
still knows). A text's vector is the mean of its tokens' vectors, L2-normalised: no network
runs, so a million notes cost seconds (bench/bench_classify.py).

Nothing is downloaded: the tokenizer and the weights are read from the installed package's
directory, without importing ``wordllama`` itself (its loader would try the network for a file
it looks for in the wrong folder). bench/README.md, "A static embedding from the registry",
has how it was chosen and what it adds.
"""

from __future__ import annotations

import functools
import importlib.metadata
import importlib.util
import itertools
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd
import scipy.sparse as sp

PACKAGE = "wordllama"
TOKENIZER_FILE = Path("tokenizers") / "l2_supercat_tokenizer_config.json"
WEIGHTS_FILE = Path("weights") / "l2_supercat_256.safetensors"


class EmbeddingUnavailable(RuntimeError):
    """The package that carries the embedding's weights is missing or does not hold them."""


def package_dir() -> Path:
    """Where the installed ``wordllama`` package keeps its files (found without importing it)."""
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise EmbeddingUnavailable(
            f"The notes classifier reads word vectors from the '{PACKAGE}' package, which is not "
            "installed. Install the project's requirements (pip install -r requirements.txt), or fit "
            "NoteClassifier(embedding_weight=0) for the model without them."
        )
    return Path(next(iter(spec.submodule_search_locations)))


def package_version() -> str:
    """The installed ``wordllama`` version (part of the fitted-model cache key)."""
    try:
        return importlib.metadata.version(PACKAGE)
    except importlib.metadata.PackageNotFoundError:
        return "absent"


class StaticEmbedding:
    """Mean-pooled, L2-normalised token vectors of texts.

    Parameters
    ----------
    root : Path, optional
        The directory holding ``tokenizers/`` and ``weights/`` (default: the installed
        ``wordllama`` package).
    """

    def __init__(self, root: Path | None = None) -> None:
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        root = package_dir() if root is None else root
        tokenizer, weights = root / TOKENIZER_FILE, root / WEIGHTS_FILE
        missing = [str(p) for p in (tokenizer, weights) if not p.is_file()]
        if missing:
            raise EmbeddingUnavailable(
                f"{PACKAGE} {package_version()} does not hold {', '.join(missing)}; the project is "
                "tested with the version requirements.txt names."
            )
        self.tokenizer = Tokenizer.from_file(str(tokenizer))
        self.tokenizer.no_padding()
        self.tokenizer.no_truncation()
        (table,) = load_file(str(weights)).values()
        self.vectors = np.ascontiguousarray(table, dtype=np.float32)  # (vocabulary, dim)

    @property
    def dim(self) -> int:
        return int(self.vectors.shape[1])

    def transform(self, texts: Sequence[str]) -> np.ndarray:
        """One row per text, shape ``(len(texts), dim)``: the mean of its tokens' vectors, scaled
        to unit length (zeros for a text with no token).

        The tokenizer's pieces never cross a space (it writes each space as "▁" and no piece holds
        one inside; tests/test_classify_embedding.py checks this on the corpus), so a text's
        tokens are its words' tokens in order. Each distinct word is therefore tokenized once, and
        a text's vector is a sparse (texts × words) count matrix times the words' summed vectors:
        a million notes share a few thousand words, and tokenizing them note by note took three
        times as long. Texts are split on whitespace (normalised texts have single spaces).
        """
        if not len(texts):
            return np.zeros((0, self.dim), dtype=np.float32)
        split = [t.split() for t in texts]
        lengths = np.fromiter(map(len, split), dtype=np.int64, count=len(split))
        codes, words = pd.factorize(pd.Series(list(itertools.chain.from_iterable(split)), dtype=object))
        if not len(words):
            return np.zeros((len(texts), self.dim), dtype=np.float32)
        encoded = self.tokenizer.encode_batch(list(words), add_special_tokens=False)
        n_tokens = np.fromiter((len(e.ids) for e in encoded), dtype=np.int64, count=len(encoded))
        ids = np.fromiter((i for e in encoded for i in e.ids), dtype=np.int64, count=int(n_tokens.sum()))
        pieces = sp.csr_matrix(
            (np.ones(len(ids), dtype=np.float32), ids, np.concatenate([[0], np.cumsum(n_tokens)])),
            shape=(len(words), self.vectors.shape[0]),
        )
        word_sums = np.asarray(pieces @ self.vectors, dtype=np.float32)  # (words, dim)
        counts = sp.csr_matrix(
            (np.ones(len(codes), dtype=np.float32), codes, np.concatenate([[0], np.cumsum(lengths)])),
            shape=(len(texts), len(words)),
        )
        # the mean and the sum point the same way; only the direction is kept
        out = np.asarray(counts @ word_sums, dtype=np.float32)
        norms = np.sqrt(np.einsum("ij,ij->i", out, out))[:, None]  # 5× np.linalg.norm's speed here
        return out / np.where(norms > 0, norms, 1.0)


@functools.lru_cache(maxsize=1)
def static_embedding() -> StaticEmbedding:
    """The shared embedding (16 MB of weights, read once per process)."""
    return StaticEmbedding()
