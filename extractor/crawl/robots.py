"""robots.txt rules for one host: parsed once, asked many times. Pure over strings."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.robotparser import RobotFileParser

__all__ = ["RobotsRules"]


@dataclass(frozen=True)
class RobotsRules:
    """What one host's robots.txt allows our user agent to do.

    Built with ``parse`` from the file's text, ``allow_all`` (no file: 4xx) or
    ``deny_all`` (the file could not be read: 5xx, timeout; RFC 9309 section 2.3.1.4).

    >>> rules = RobotsRules.parse("User-agent: *\\nDisallow: /private\\nCrawl-delay: 2", "extractor")
    >>> rules.allowed("https://a.example/private/x"), rules.allowed("https://a.example/news")
    (False, True)
    >>> rules.crawl_delay
    2.0
    """

    parser: RobotFileParser | None
    agent: str
    deny_reason: str | None = None
    delay: float | None = None

    @classmethod
    def parse(cls, text: str, agent: str) -> RobotsRules:
        parser = RobotFileParser()
        lines = text.splitlines()
        parser.parse(lines)
        return cls(parser, agent, delay=_crawl_delay(lines, agent))

    @classmethod
    def allow_all(cls, agent: str) -> RobotsRules:
        return cls(None, agent)

    @classmethod
    def deny_all(cls, agent: str, reason: str) -> RobotsRules:
        return cls(None, agent, deny_reason=reason)

    def allowed(self, url: str) -> bool:
        if self.deny_reason is not None:
            return False
        return self.parser is None or self.parser.can_fetch(self.agent, url)

    @property
    def crawl_delay(self) -> float | None:
        return self.delay


def _crawl_delay(lines: list[str], agent: str) -> float | None:
    """Crawl-delay of the group for ``agent`` (else ``*``); fractions allowed, unlike urllib's."""
    token = agent.split("/")[0].strip().lower()
    groups: dict[str, float] = {}
    agents: list[str] = []
    in_rules = False
    for raw in lines:
        line = raw.split("#", 1)[0].strip()
        if ":" not in line:
            continue
        key, value = (part.strip() for part in line.split(":", 1))
        key = key.lower()
        if key == "user-agent":
            if in_rules:
                agents, in_rules = [], False
            agents.append(value.lower())
            continue
        in_rules = True
        if key == "crawl-delay":
            try:
                delay = float(value)
            except ValueError:
                continue
            for name in agents:
                groups.setdefault(name, delay)
    for name, delay in groups.items():
        if name != "*" and name in token:
            return max(delay, 0.0)
    return max(groups["*"], 0.0) if "*" in groups else None
