"""Fact rows in the shape of ``store.load_facts`` for the graph, export and view tests.

Three articles (two English, one French) and one hostile article whose strings try to
break out of every place they are shown.
"""

from __future__ import annotations

from typing import Any

HOSTILE_MODEL = "<script>alert(1)</script>"
HOSTILE_ATTR = '"><img src=x onerror=alert(1)>'

_FIELDS = ("org", "date", "direction", "amount", "currency", "per_tokens", "benchmark", "score",
           "tokens", "count", "channel", "predecessor", "competitor")

A1 = ("https://news.example/2024/07/18/gpt-4o-mini", "2024-07-18", "OpenAI unveils GPT-4o mini")
A2 = ("https://tech.example/fr/gpt-4o-mini", "2024-07-19", "OpenAI lance le GPT-4o mini")
A3 = ("https://ai.example/gemini-flash-review", "2024-08-01", "Gemini Flash: a review")
A4 = ("https://evil.example/x", "2024-08-02", HOSTILE_ATTR)


def row(article: tuple[str, str, str], type_: str, model: str, sentence: str = "",
        **fields: Any) -> dict[str, Any]:
    """One row as the store gives it: every contract field, None where not set."""
    url, published, title = article
    out: dict[str, Any] = {"type": type_, "model": model}
    out.update({k: fields.get(k) for k in _FIELDS})
    out.update({"article_url": url, "published": published, "title": title,
                "sentence": sentence or f"{model} ...", "start": 0, "end": 10,
                "rule": "test", "confidence": 0.9, "first_seen": published + "T03:00:00Z"})
    return out


def sample_rows() -> list[dict[str, Any]]:
    s1 = "OpenAI on Thursday unveiled GPT-4o mini, its cheapest model."
    return [
        # article 1 (English)
        row(A1, "launch", "GPT-4o mini", s1, org="OpenAI", date="2024-07-18"),
        row(A1, "price", "GPT-4o mini", "15 cents per million input tokens", direction="input",
            amount=0.15, currency="USD", per_tokens=1_000_000),
        row(A1, "price", "GPT-4o mini", "60 cents per million output tokens",
            direction="output", amount=0.60, currency="USD", per_tokens=1_000_000),
        row(A1, "benchmark", "GPT-4o mini", "It scores 82% on MMLU.", benchmark="MMLU", score=82.0),
        row(A1, "benchmark", "GPT-4o", "GPT-4o scores 88.7 on MMLU.", benchmark="MMLU", score=88.7),
        row(A1, "context_window", "GPT-4o mini", "a 128K context window", tokens=128_000),
        row(A1, "successor", "GPT-4o mini", "It replaces GPT-3.5 Turbo.",
            predecessor="GPT-3.5 Turbo"),
        row(A1, "competitor", "GPT-4o mini", "It beats Claude 3 Haiku.",
            competitor="Claude 3 Haiku"),
        row(A1, "competitor", "GPT-4o mini", "and Gemini 1.5 Flash.",
            competitor="Gemini 1.5 Flash"),
        row(A1, "availability", "GPT-4o mini", "available in ChatGPT Plus",
            channel="ChatGPT Plus", date="2024-07-18"),
        row(A1, "availability", "gpt-4o-mini", "and in the API", channel="API"),
        # article 2 (French): other spellings of the same models
        row(A2, "launch", "le GPT\u20114o\u00a0mini", "OpenAI lance le GPT‑4o mini.", org="OpenAI",
            date="2024-07-18"),
        row(A2, "price", "GPT-4o Mini", "0,15 $ par million de jetons en entrée",
            direction="input", amount=0.15, currency="USD", per_tokens=1_000_000),
        row(A2, "competitor", "GPT-4o Mini", "face à Claude 3 Haiku", competitor="Claude 3 Haiku"),
        row(A2, "successor", "GPT-4o Mini", "remplace GPT-3.5 Turbo", predecessor="gpt-3.5-turbo"),
        row(A2, "successor", "GPT-3.5 Turbo", "qui succédait à GPT-3", predecessor="GPT-3"),
        # article 3: a short name with two versioned namesakes
        row(A3, "launch", "Gemini 1.5 Flash", "Google launched Gemini 1.5 Flash", org="Google",
            date="2024-05-14"),
        row(A3, "benchmark", "Gemini Flash", "Gemini Flash scores 78.9 on MMLU", benchmark="MMLU",
            score=78.9),
        row(A3, "competitor", "Gemini 2.0 Flash", "Gemini 2.0 Flash vs o1-mini",
            competitor="o1-mini"),
        row(A3, "benchmark", "Gemini 1.5 Flash-8B", "Flash-8B scores 71 on MMLU",
            benchmark="MMLU", score=71.0),
        # article 4: hostile strings everywhere
        row(A4, "launch", HOSTILE_MODEL, HOSTILE_ATTR, org=HOSTILE_ATTR, date="2024-08-02"),
        row(A4, "benchmark", HOSTILE_MODEL, "<b>bold</b>", benchmark=HOSTILE_ATTR, score=1.0),
        row(A4, "competitor", HOSTILE_ATTR, "javascript:alert(1)", competitor="GPT-4o mini"),
        dict(row(A4, "availability", HOSTILE_MODEL, "x",
                 channel="</script><script>alert(2)</script>"), article_url="javascript:alert(3)"),
    ]


def sample_extractions() -> list[Any]:
    """The sample rows as the extractor hands them to the store (one Extraction per article)."""
    from extractor.records import FACT_FIELDS, Article, Evidence, Extraction, Fact

    by_article: dict[str, list[dict[str, Any]]] = {}
    for r in sample_rows():
        by_article.setdefault(r["article_url"], []).append(r)
    out = []
    for url, rows in by_article.items():
        text, facts = "", []
        for r in rows:
            start = len(text)
            text += r["sentence"] + " "
            data = {k: r[k] for k in FACT_FIELDS[r["type"]]}
            facts.append(Fact(r["type"], r["model"], data,
                              Evidence(r["sentence"], start, start + len(r["sentence"])),
                              confidence=r["confidence"], rule=r["rule"]))
        article = Article(source=url, url=url, text=text.strip(), title=rows[0]["title"],
                          published=rows[0]["published"], language="en")
        out.append(Extraction(article, tuple(facts)))
    return out
