"""A synthetic knowledge base: articles about made-up models, with every fact type.

Deterministic (seeded). Shaped like the real thing: each article is about one model (and
names a few others), prices and scores are reported again over time and drift, rivals and
successors cluster within a few hundred developers, benchmarks and channels come from the
gazetteers. Facts go through the store's own row conversion (``save_extractions``).
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator

from extractor.records import Article, Evidence, Extraction, Fact

__all__ = ["TYPE_WEIGHTS", "generate"]

#: Share of each fact type (roughly what news about model launches reports).
TYPE_WEIGHTS: dict[str, float] = {
    "price": 0.25, "benchmark": 0.22, "availability": 0.12, "competitor": 0.10,
    "launch": 0.07, "context_window": 0.06, "successor": 0.05, "max_output": 0.04,
    "knowledge_cutoff": 0.04, "parameters": 0.05,
}
FACTS_PER_ARTICLE = 10
BENCHMARKS = ("MMLU", "GPQA", "GSM8K", "HumanEval", "MATH", "MMLU-Pro", "MMMU", "MT-Bench",
              "DROP", "HellaSwag", "IFEval", "LiveCodeBench", "MBPP", "ARC-Challenge", "AIME",
              "TruthfulQA", "WinoGrande", "DocVQA", "ChartQA", "SWE-bench Verified")
CHANNELS = ("Amazon Bedrock", "Azure OpenAI", "Batch API", "ChatGPT", "Claude.ai",
            "Cloudflare Workers AI", "Databricks", "Fireworks AI", "Gemini API", "GitHub Models",
            "Google AI Studio", "Groq", "Hugging Face", "IBM watsonx", "Kaggle", "La Plateforme",
            "Le Chat", "Meta AI", "NVIDIA NIM", "Ollama", "OpenRouter", "Perplexity",
            "Snowflake Cortex", "Together AI", "Vertex AI", "Azure AI Foundry")
_FAMILIES = ("Nova", "Orion", "Atlas", "Lyra", "Vega", "Helix", "Quanta", "Zephyr", "Cobalt",
             "Aurora", "Nimbus", "Sable", "Tundra", "Ember", "Pulsar", "Mosaic", "Falcon",
             "Kestrel", "Onyx", "Prism")
_VARIANTS = ("", " mini", " Pro", " Flash", " Ultra", " Instruct", " Turbo", " Lite")
_START = dt.date(2022, 1, 1)
_DAYS = 3 * 365


class _World:
    def __init__(self, models: int, rng: random.Random) -> None:
        self.rng = rng
        self.orgs = [f"Synthetic Labs {i:03d}" for i in range(max(1, models // 100))]
        self.names: list[str] = []
        self.org_of: list[int] = []
        self.price: list[float] = []
        seen: set[str] = set()
        i = 0
        while len(self.names) < models:
            family = _FAMILIES[i % len(_FAMILIES)]
            name = f"{family} {i // len(_FAMILIES)}.{rng.randrange(10)}{rng.choice(_VARIANTS)}"
            i += 1
            if name in seen:
                continue
            seen.add(name)
            self.names.append(name)
            self.org_of.append(rng.randrange(len(self.orgs)))
            self.price.append(round(rng.uniform(0.05, 20.0), 2))

    def peer(self, m: int, same_org: bool) -> int:
        """Another model, of the same developer or of another (rivals are nearby)."""
        for _ in range(20):
            other = (m + self.rng.randrange(1, 400)) % len(self.names)
            if other != m and (self.org_of[other] == self.org_of[m]) == same_org:
                return other
        return (m + 1) % len(self.names) if len(self.names) > 1 else m


def _fact(world: _World, ftype: str, m: int, day: dt.date, n: int) -> Fact:
    rng = world.rng
    name = world.names[m]
    data: dict[str, object]
    if ftype == "price":
        direction = rng.choice(("input", "output"))
        drift = 1.0 - 0.4 * (day - _START).days / _DAYS  # prices fall over time
        base = world.price[m] * (3 if direction == "output" else 1) * drift
        per = 1_000_000 if rng.random() < 0.8 else 1_000
        data = {"direction": direction, "amount": round(base * per / 1_000_000, 6),
                "currency": "USD" if rng.random() < 0.9 else "EUR", "per_tokens": per}
    elif ftype == "benchmark":
        data = {"benchmark": rng.choice(BENCHMARKS), "score": round(rng.uniform(30, 95), 1)}
    elif ftype == "availability":
        data = {"channel": rng.choice(CHANNELS),
                "date": day.isoformat() if rng.random() < 0.3 else None}
    elif ftype == "competitor":
        data = {"competitor": world.names[world.peer(m, same_org=False)]}
    elif ftype == "successor":
        data = {"predecessor": world.names[world.peer(m, same_org=True)]}
    elif ftype == "launch":
        data = {"org": world.orgs[world.org_of[m]],
                "date": day.isoformat() if rng.random() < 0.6 else None}
    elif ftype in ("context_window", "max_output"):
        data = {"tokens": rng.choice((4096, 8192, 16384, 32768, 128000, 200000, 1000000))}
    elif ftype == "knowledge_cutoff":
        data = {"date": f"{rng.randint(2021, 2024)}-{rng.randint(1, 12):02d}"}
    else:  # parameters
        data = {"count": rng.choice((1, 3, 7, 8, 13, 34, 70, 405)) * 1_000_000_000}
    sentence = f"Sentence {n} of the article reports a {ftype.replace('_', ' ')} for {name}."
    start = 200 + 120 * n
    return Fact(ftype, name, data, Evidence(sentence, start, start + len(sentence)),
                confidence=round(rng.uniform(0.6, 0.95), 2), rule=f"{ftype}.synthetic")


def generate(facts: int, models: int, seed: int = 7) -> Iterator[Extraction]:
    """Extractions with ``facts`` facts in all over ``models`` models, 10 per article."""
    rng = random.Random(seed)
    world = _World(models, rng)
    types = list(TYPE_WEIGHTS)
    weights = list(TYPE_WEIGHTS.values())
    n_articles = max(1, facts // FACTS_PER_ARTICLE)
    made = 0
    for a in range(n_articles):
        day = _START + dt.timedelta(days=rng.randrange(_DAYS))
        main = rng.randrange(models)
        count = FACTS_PER_ARTICLE if a < n_articles - 1 else facts - made
        fact_list: dict[tuple[object, ...], Fact] = {}  # distinct facts, as the store keeps
        n = 0
        while len(fact_list) < count:
            m = main if rng.random() < 0.7 else world.peer(main, same_org=rng.random() < 0.5)
            new = _fact(world, rng.choices(types, weights)[0], m, day, n)
            fact_list.setdefault(new.key(), new)
            n += 1
        made += count
        names = tuple(dict.fromkeys(f.model for f in fact_list.values()))
        url = f"https://news.example/{day:%Y/%m/%d}/story-{a}"
        text = (f"{world.names[main]} news of {day:%d %B %Y}. " * 8)[:600]
        article = Article(source=url, url=url, text=text, title=f"Story {a}: {world.names[main]}",
                          published=day.isoformat(), published_from="meta", language="en")
        yield Extraction(article, tuple(fact_list.values()), names,
                         {world.names[main]: world.orgs[world.org_of[main]]})
