"""The HTML view in a real headless Chromium: loads offline, shows the nodes, search, click,
facts panel, and hostile strings shown as text, never run.

Skips when Chromium is missing, unless EXTRACTOR_REQUIRE_BROWSER=1 (CI), where it fails.
"""

from __future__ import annotations

import html as html_lib
import os
import re
from pathlib import Path

import browser_support
import pytest
from graph_support import HOSTILE_ATTR, HOSTILE_MODEL, sample_rows

from extractor.export import generate_html, write_html
from extractor.graph import build_graph

HOSTILE_ID = "model/script-alert-1-script-c47839f0"


@pytest.fixture(scope="module")
def graph():
    return build_graph(sample_rows())


@pytest.fixture(scope="module")
def page(graph, tmp_path_factory) -> Path:
    return write_html(graph, tmp_path_factory.mktemp("view") / "graph.html")


@pytest.fixture
def view(browser, page):
    browser.get_log("browser")  # start each test with an empty console
    browser_support.open_view(browser, page)
    return browser


def _errors(driver) -> list[dict]:
    return [e for e in driver.get_log("browser") if e["level"] in ("SEVERE", "WARNING")]


def _panel_text(driver) -> str:
    return driver.find_element("id", "panel").text


# ---------------------------------------------------------------- without a browser


def test_html_view_is_one_self_contained_file(graph):
    html = generate_html(graph)
    assert not re.search(r"<script[^>]+src=|<link\b|<iframe|@import|url\(https?:", html, re.I)
    csp = html_lib.unescape(re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"',
                                      html).group(1))
    assert "default-src 'none'" in csp and "script-src 'sha256-" in csp
    assert len(re.findall(r"^<script", html, re.M)) == 3  # data, vis-network, the view
    # scraped strings travel as escaped JSON data only
    assert "</script><script>alert(2)" not in html
    assert HOSTILE_MODEL not in html and "<img src=x" not in html


# ---------------------------------------------------------------- in Chromium


@pytest.mark.browser
def test_html_view_loads_offline_and_shows_the_nodes(view, graph, tmp_path):
    shown = view.execute_script(
        "const v = window.extractorView; return [v.nodes.length, v.edges.length]")
    assert shown == [graph.number_of_nodes(), graph.number_of_edges()]
    # the canvas is drawn: some pixel is neither transparent nor white
    drawn = view.execute_script("""
        const c = document.querySelector('#network canvas');
        if (!c || !c.width || !c.height) return false;
        const px = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        for (let i = 0; i < px.length; i += 4) {
            if (px[i + 3] > 0 && (px[i] < 240 || px[i + 1] < 240 || px[i + 2] < 240)) return true;
        }
        return false;""")
    assert drawn
    # nothing was requested from anywhere: everything is in the file
    assert view.execute_script("return performance.getEntriesByType('resource').length") == 0
    assert "11 models" in view.find_element("id", "count").text
    shot = tmp_path / "graph-view.png"
    view.save_screenshot(str(shot))
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 10_000
    assert _errors(view) == []


@pytest.mark.browser
def test_html_view_search_finds_any_spelling(view):
    box = view.find_element("id", "search")
    box.send_keys("gpt-4o-mini")
    results = [b.text for b in view.find_elements("css selector", "#results button")]
    assert results and results[0].startswith("GPT-4o mini")
    selected = view.execute_script("return window.extractorView.network.getSelectedNodes()")
    assert "model/gpt-4o-mini" in selected
    box.send_keys("\n")  # Enter opens the first match
    assert view.find_element("css selector", "#panel h2").text.startswith("GPT-4o mini")
    box.clear()
    box.send_keys("zzzz-no-such-thing")
    assert view.find_element("css selector", "#results .none").text == "nothing matches"
    assert _errors(view) == []


@pytest.mark.browser
def test_html_view_click_on_a_model_shows_its_facts(view):
    from selenium.webdriver.common.action_chains import ActionChains

    canvas = view.find_element("css selector", "#network canvas")
    x, y = view.execute_script("""
        const v = window.extractorView, id = 'model/gpt-4o-mini';
        const p = v.network.canvasToDOM(v.network.getPosition(id));
        return [p.x, p.y];""")
    size = canvas.size
    ActionChains(view).move_to_element_with_offset(
        canvas, int(x - size["width"] / 2), int(y - size["height"] / 2)).click().perform()
    text = _panel_text(view)
    assert text.startswith("GPT-4o mini")
    for expected in ("Developer", "OpenAI", "Price (input)", "0.15 USD per 1M tokens",
                     "128,000 tokens", "MMLU: 82", "Claude 3 Haiku (2 articles)",
                     "GPT-3.5 Turbo", "Facts (14)", "OpenAI on Thursday unveiled GPT-4o mini"):
        assert expected in text, expected
    hrefs = [a.get_attribute("href") for a in view.find_elements("css selector", "#panel a")]
    assert "https://news.example/2024/07/18/gpt-4o-mini" in hrefs
    # a link in the panel leads to another node
    view.find_element("xpath", "//*[@id='panel']//button[text()='GPT-3.5 Turbo']").click()
    assert view.find_element("css selector", "#panel h2").text.startswith("GPT-3.5 Turbo")
    assert _errors(view) == []


@pytest.mark.browser
def test_html_view_hostile_strings_are_shown_as_text_and_never_run(view, tmp_path):
    view.execute_script("window.extractorView.select(arguments[0])", HOSTILE_ID)
    heading = view.find_element("css selector", "#panel h2").text
    assert heading.startswith(HOSTILE_MODEL)
    text = _panel_text(view)
    assert HOSTILE_ATTR in text and "</script><script>alert(2)</script>" in text
    assert "<b>bold</b>" in text
    box = view.find_element("id", "search")
    box.send_keys("<img")
    found = [b.text for b in view.find_elements("css selector", "#results button")]
    assert any("<img src=x" in text for text in found)
    # nothing was injected, nothing ran
    assert view.execute_script("return window.__alerts") == []
    assert view.find_elements("css selector", "img") == []
    assert len(view.find_elements("css selector", "script")) == 3
    protocols = view.execute_script(
        "return Array.from(document.querySelectorAll('a')).map(a => a.protocol)")
    assert set(protocols) <= {"http:", "https:", "file:"}
    view.save_screenshot(str(tmp_path / "hostile.png"))
    assert _errors(view) == []
    # and were something to slip through, the page's policy would not run it
    view.execute_script("""const s = document.createElement('script');
        s.textContent = 'window.__ran = true'; document.body.appendChild(s);""")
    assert view.execute_script("return window.__ran === undefined")
    assert any("Content Security Policy" in e["message"] for e in _errors(view))


# ---------------------------------------------------------------- a large graph: the overview


@pytest.fixture(scope="module")
def big_page(tmp_path_factory) -> Path:
    """Ninety models of three developers, launched over three years, in a chain of rivals
    and successions, plus a channel for each: far too many to read all at once."""
    from graph_support import A1, row

    rows = []
    devs = ["Zorb Labs", "Quill AI", "Nimbus"]
    for i in range(90):
        name = f"Zeta {i}" if i % 3 == 0 else (f"Quill {i}" if i % 3 == 1 else f"Nimbus {i}")
        rows.append(row(A1, "launch", name, f"{name} is out.", org=devs[i % 3], date=f"{2022 + i % 3}-05-01"))
        rows.append(row(A1, "availability", name, f"{name} on Cloud {i}.", channel=f"Cloud {i}"))
        if i:
            prev = f"Zeta {i - 1}" if (i - 1) % 3 == 0 else (f"Quill {i - 1}" if (i - 1) % 3 == 1 else f"Nimbus {i - 1}")
            rows.append(row(A1, "competitor", name, f"{name} beats {prev}.", competitor=prev))
    return write_html(build_graph(rows), tmp_path_factory.mktemp("big") / "graph.html")


def _visible(driver) -> list[str]:
    return driver.execute_script("return window.extractorView.visible()")


def test_html_view_opens_on_a_readable_overview_of_the_models(browser, big_page):
    browser_support.open_view(browser, big_page)
    shown = _visible(browser)
    assert 0 < len(shown) <= 40
    assert all(node.startswith("model/") for node in shown)
    total = browser.execute_script("return window.extractorView.nodes.length")
    assert total > 150  # the rest is there, on demand
    assert f"showing {len(shown)}" in browser.find_element("id", "count").text


def test_html_view_filters_and_the_full_graph_on_demand(browser, big_page):
    browser_support.open_view(browser, big_page)
    dev = browser.find_element("id", "developer")
    browser.execute_script("arguments[0].value = 'Quill AI'; arguments[0].dispatchEvent(new Event('change'))", dev)
    browser_support.wait_for(browser, "window.extractorView.visible().length > 0")
    labels = browser.execute_script(
        "const v = window.extractorView; return v.visible().map(id => v.nodes.get(id).label)")
    assert labels and all(label.startswith("Quill") for label in labels)
    browser.execute_script("arguments[0].value = ''; arguments[0].dispatchEvent(new Event('change'))", dev)
    browser.find_element("id", "full").click()
    total = browser.execute_script("return window.extractorView.nodes.length")
    browser_support.wait_for(browser, f"window.extractorView.visible().length === {total}")
    browser.find_element("id", "full").click()  # and back
    assert len(_visible(browser)) <= 40


def test_html_view_search_shows_a_node_the_overview_hides(browser, big_page):
    browser_support.open_view(browser, big_page)
    hidden = browser.execute_script(
        "const v = window.extractorView, shown = new Set(v.visible());"
        "return v.nodes.getIds().find(id => id.startsWith('channel/') && !shown.has(id))")
    assert hidden
    browser.execute_script("window.extractorView.select(arguments[0])", hidden)
    assert hidden in _visible(browser)
    assert _errors(browser) == []


def test_html_view_screenshot_of_the_corpus_overview(browser, tmp_path):
    """The picture in docs/graph-view.png: the bundled corpus's overview, one model selected
    (written to the docs when EXTRACTOR_UPDATE_SCREENSHOT=1, else to a temporary file)."""
    from extractor.pipeline import extract_sources
    from extractor.settings import Settings
    from extractor.store import connect, load_facts, save_extractions, start_run

    root = Path(__file__).resolve().parent.parent
    extractions, _ = extract_sources([str(root / "corpus" / "articles")], Settings(progress=False))
    engine = connect(f"sqlite:///{tmp_path / 'kb.db'}")
    run = start_run(engine, feeds=[])
    save_extractions(engine, extractions, run_id=run, extractor_version="test")
    page = write_html(build_graph(load_facts(engine)), tmp_path / "graph.html")
    browser.set_window_size(1600, 1000)
    browser_support.open_view(browser, page)
    assert 0 < len(_visible(browser)) <= 40
    browser.execute_script("window.extractorView.show('model/gpt-4o-mini')")
    out = root / "docs" / "graph-view.png" if os.environ.get("EXTRACTOR_UPDATE_SCREENSHOT") == "1" \
        else tmp_path / "graph-view.png"
    browser.save_screenshot(str(out))
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and out.stat().st_size > 50_000
    assert _errors(browser) == []
