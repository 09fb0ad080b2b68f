"""Command line: parses arguments, builds Settings once, calls one library function."""

from __future__ import annotations

import argparse
import importlib
import json
import sys
from collections.abc import Sequence

from . import __version__
from .settings import DEFAULT_DB, DEFAULT_FEEDS, load_settings

__all__ = ["EXIT_INPUT_FAILED", "main"]

EXIT_INPUT_FAILED = 1  # `extract`: an input could not be read or extracted (said on stderr)

# run / article / reprocess (crawl), sql / db (store), export / graph (graph)
_COMMAND_MODULES = ("cli_crawl", "cli_db", "cli_graph")


def _cmd_extract(args: argparse.Namespace) -> int:
    from .pipeline import extract_sources

    try:
        settings = load_settings(args.config, lang=args.lang, workers=args.workers)
    except (OSError, ValueError) as exc:
        print(f"extractor extract: error: settings: {exc}", file=sys.stderr)
        return 2
    extractions, failures = extract_sources(args.inputs, settings)
    out = sys.stdout
    if args.format == "jsonl":
        for ex in extractions:
            for fact in ex.facts:
                out.write(json.dumps(fact.to_dict(ex.article.source), ensure_ascii=False) + "\n")
    elif args.format == "json":
        data = [{"source": ex.article.source, "url": ex.article.url, "title": ex.article.title,
                 "published": ex.article.published, "language": ex.article.language,
                 "facts": [f.to_dict(ex.article.source) for f in ex.facts]} for ex in extractions]
        json.dump(data, out, ensure_ascii=False, indent=2)
        out.write("\n")
    else:
        from .export import facts_table

        out.write(facts_table(extractions))
    # the facts of the inputs that could be read are printed whatever happened to the others
    return EXIT_INPUT_FAILED if any(f.fatal for f in failures) else 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="extractor",
        description="Turn tech news into a knowledge base about AI models: "
        "feeds -> articles -> facts -> SQL -> graph.",
    )
    parser.add_argument("--version", action="version", version=f"extractor {__version__}")
    parser.add_argument("--config", metavar="FILE", help="TOML settings file ([extractor] table)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("extract", help="print the facts found in files or URLs",
                       description="Read .txt and .md files (text as is), .html files, folders "
                       "of them (sub-folders included) or http(s) URLs and "
                       "print their facts in the fact-contract shape (one JSON object per line). "
                       "A file of another kind (.json, .pdf ...) is skipped with a message. "
                       "An input that cannot be read or extracted is reported on stderr and the "
                       "others are still printed. Exit status: 0 every input was read, "
                       f"{EXIT_INPUT_FAILED} one or more could not be (see stderr), 2 usage.")
    p.add_argument("inputs", nargs="+", metavar="PATH_OR_URL", help="files, folders or http(s) URLs")
    p.add_argument("--format", choices=("jsonl", "json", "table"), default="jsonl",
                   help="jsonl (default): one fact per line; json: one object per article; "
                   "table: aligned columns for reading")
    p.add_argument("--lang", choices=("auto", "en", "fr"), default="auto",
                   help="language of the inputs (default: detected per input)")
    p.add_argument("--workers", metavar="N", type=int,
                   help="processes that extract facts (default: the workers setting, 1)")
    p.set_defaults(func=_cmd_extract)
    # the other subcommands live beside their concern, each module a `register(sub)`
    for name in _COMMAND_MODULES:
        try:
            module = importlib.import_module(f"extractor.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"extractor.{name}":
                raise
            continue
        module.register(sub)
    _config_everywhere(parser)
    return parser


def _config_everywhere(parser: argparse.ArgumentParser) -> None:
    """'--config FILE' is read wherever it is written: before the command or after it
    ('extractor run --config f'), at every level of sub-commands."""
    for action in parser._actions:  # noqa: SLF001 - argparse keeps its sub-parsers only here
        if isinstance(action, argparse._SubParsersAction):  # noqa: SLF001
            for child in dict.fromkeys(action.choices.values()):
                if not any("--config" in a.option_strings for a in child._actions):  # noqa: SLF001
                    child.add_argument("--config", metavar="FILE", default=argparse.SUPPRESS,
                                       help="TOML settings file ([extractor] table); also "
                                       "accepted before the command")
                _config_everywhere(child)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args))
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
