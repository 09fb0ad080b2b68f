"""robots.txt rules for one host: parsed once, asked many times. Pure over strings.

The parsing is ``protego``'s (the parser Scrapy uses), which follows RFC 9309: ``*`` and
``$`` in paths, the longest matching rule wins (Allow over Disallow on a tie), the group of
the most specific user agent applies, Crawl-delay may be a fraction.
"""

from __future__ import annotations

from dataclasses import dataclass

from protego import Protego

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
    >>> wild = RobotsRules.parse("User-agent: *\\nDisallow: /*.pdf$\\nAllow: /news/*.pdf$", "x")
    >>> wild.allowed("https://a.example/f.pdf"), wild.allowed("https://a.example/news/f.pdf")
    (False, True)
    """

    parser: Protego | None
    agent: str
    deny_reason: str | None = None

    @classmethod
    def parse(cls, text: str, agent: str) -> RobotsRules:
        return cls(Protego.parse(text), agent)

    @classmethod
    def allow_all(cls, agent: str) -> RobotsRules:
        return cls(None, agent)

    @classmethod
    def deny_all(cls, agent: str, reason: str) -> RobotsRules:
        return cls(None, agent, deny_reason=reason)

    def allowed(self, url: str) -> bool:
        if self.deny_reason is not None:
            return False
        return self.parser is None or self.parser.can_fetch(url, self.token)

    @property
    def token(self) -> str:
        """The product token of the user agent (``extractor`` of ``extractor/0.1 (+url)``).

        Groups are matched against it alone (RFC 9309 section 2.2.1), so that a word of the
        contact URL cannot select another crawler's group.
        """
        return self.agent.split("/")[0].split()[0] if self.agent.strip() else "*"

    @property
    def crawl_delay(self) -> float | None:
        if self.parser is None:
            return None
        delay = self.parser.crawl_delay(self.token)
        return None if delay is None else max(float(delay), 0.0)
