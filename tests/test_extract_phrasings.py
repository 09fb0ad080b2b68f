"""How real outlets write, stated in words written for these tests: each case is one phrasing
and the facts it must (or must not) give. The real articles these phrasings were learnt from
stay outside the project."""

from __future__ import annotations

from test_extract import facts


def test_extract_two_names_inside_one_link_do_not_share_a_value(nlp_fr):
    # a link whose address holds a cloud name and a window size: both mentions expand to the
    # same token, and each must keep its own value (this used to raise a TypeError)
    text = ("Zorblax-2 existe en deux tailles de contexte : "
            "[64K](https://ai.azure.example/models/zorblax-2-64k-instruct) et "
            "[8K](https://ai.azure.example/models/zorblax-2-8k-instruct).")
    got = facts(nlp_fr, text)
    assert all(isinstance(f[-1], (int, float, str, type(None))) for f in got)
