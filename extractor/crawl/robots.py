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

    @classmethod
    def parse(cls, text: str, agent: str) -> RobotsRules:
        parser = RobotFileParser()
        parser.parse(text.splitlines())
        return cls(parser, agent)

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
        if self.parser is None:
            return None
        value = self.parser.crawl_delay(self.agent)
        return float(value) if value is not None else None
