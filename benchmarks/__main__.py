"""``python -m benchmarks [extract|views|workers|night|all]``: the nightly job end to end,
the throughput of the extract stage, query times of the analyst views.

    python -m benchmarks extract            # extract stage vs fr_core_news_sm (`make bench`)
    python -m benchmarks views              # analyst views on 1,000,000 synthetic facts
    python -m benchmarks workers            # text to facts with --workers 1 and 2
    python -m benchmarks night              # the nightly job end to end on a loopback site
    python -m benchmarks all                # `make bench`: extract, then the night at 1,000
                                            # and 5,000 pages, workers 1 and 2
    python -m benchmarks --facts 100000     # no subcommand: the views, as before

Each subcommand has its own --help. The exit status is 1 when a benchmark misses its target.
"""

from __future__ import annotations

import argparse
import sys

from . import extract, night, views, workers

COMMANDS = ("extract", "views", "workers", "night", "all")


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0].startswith("-") and argv[0] not in ("-h", "--help"):
        return views.main(argv)  # the options of the views benchmark, before subcommands
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", metavar="{extract,views,workers,night,all}")
    p_extract = sub.add_parser("extract", help="extract stage vs fr_core_news_sm",
                               description=extract.__doc__,
                               formatter_class=argparse.RawDescriptionHelpFormatter)
    extract.add_arguments(p_extract)
    sub.add_parser("views", help="analyst views on a synthetic knowledge base (own options: "
                   "python -m benchmarks views --help)", add_help=False)
    p_all = sub.add_parser("all", help="extract, then the nightly job end to end",
                           formatter_class=argparse.RawDescriptionHelpFormatter,
                           description="The extract benchmark, then the night benchmark (the "
                                       "nightly job end to end, workers 1 and 2, then an "
                                       "unchanged night) at --sizes pages.")
    p_all.add_argument("--repeat", type=int, default=5,
                       help="timed runs per measure of the extract benchmark (default 5)")
    p_all.add_argument("--sizes", default="1000,5000",
                       help="page counts of the night benchmark (default 1000,5000)")
    p_all.add_argument("--json", default="data/bench/night.json",
                       help="where the night's figures go (default data/bench/night.json)")
    sub.add_parser("night", help="the nightly job end to end on a loopback site of N pages "
                   "(own options: python -m benchmarks night --help)", add_help=False)
    sub.add_parser("workers", help="text to facts with one worker process and with two (own "
                   "options: python -m benchmarks workers --help)", add_help=False)
    if argv[:1] == ["views"]:
        return views.main(argv[1:])
    if argv[:1] == ["workers"]:
        return workers.main(argv[1:])
    if argv[:1] == ["night"]:
        return night.main(argv[1:])
    args = parser.parse_args(argv)
    if args.command == "extract":
        return extract.run(args)
    if args.command == "all":
        status = extract.main(["--repeat", str(args.repeat)])
        print()
        return max(status, night.main(["--sizes", args.sizes, "--json", args.json]))
    parser.print_help()
    return 2


sys.exit(main())
