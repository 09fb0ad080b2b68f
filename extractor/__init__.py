"""extractor: tech news in, a knowledge base about AI models out."""

__version__ = "0.1.0"
