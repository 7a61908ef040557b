"""What a page must be on a phone and on a desktop, measured by the browser from the
elements' boxes: nothing wider than the screen (a table may scroll inside its own frame,
the page never sideways), every tap target at least 44 × 44 px (a link inside a sentence
excepted; a checkbox or a radio counts by its label), text at least 14 px (12 px inside a
chart), and on a phone a header of at most a quarter of the first screen."""

from __future__ import annotations

from playwright.sync_api import Page

PHONE = {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1280, "height": 800}}
SMALLEST_TARGET = 44
SMALLEST_TEXT = 14
SMALLEST_CHART_TEXT = 12

# Run in the page: every problem as a short line naming the element.
_MEASURE = """({smallestTarget, smallestText, smallestChartText}) => {
  const problems = [];
  const width = document.documentElement.clientWidth;
  const name = (element) => element.outerHTML.replace(/\\s+/g, " ").slice(0, 100);
  const visible = (element) => {
    const box = element.getBoundingClientRect();
    const style = getComputedStyle(element);
    return box.width > 0 && box.height > 0 && style.visibility !== "hidden"
      && !element.closest("[hidden], .visually-hidden, .skip, noscript");
  };
  // Inside a frame that scrolls sideways on its own (a wide table's card), not the page.
  const scrollsInside = (element) => {
    for (let parent = element.parentElement; parent && parent !== document.body;
         parent = parent.parentElement) {
      const overflow = getComputedStyle(parent).overflowX;
      if ((overflow === "auto" || overflow === "scroll") && parent.getBoundingClientRect().right <= width + 0.5) {
        return true;
      }
    }
    return false;
  };
  if (document.documentElement.scrollWidth > width) {
    problems.push(`page ${document.documentElement.scrollWidth} px wide for ${width}`);
  }
  for (const element of document.querySelectorAll("body *")) {
    if (!visible(element) || scrollsInside(element)) continue;
    const box = element.getBoundingClientRect();
    if (box.right > width + 0.5 || box.left < -0.5) {
      problems.push(`wider than the screen (${Math.round(box.left)}–${Math.round(box.right)}): ${name(element)}`);
    }
  }
  // Tap targets: links, buttons, fields, summaries; a checkbox or radio by its label.
  const inSentence = (link) => {
    const parent = link.parentElement;
    return Array.from(parent.childNodes).some(
      (node) => node.nodeType === Node.TEXT_NODE && /\\p{L}{2,}/u.test(node.textContent));
  };
  const targets = document.querySelectorAll(
    "a[href], button, select, textarea, summary, input:not([type=hidden])");
  for (const element of targets) {
    if (!visible(element)) continue;
    let target = element;
    if (element.matches("input[type=checkbox], input[type=radio]")) {
      target = element.closest("label") || document.querySelector(`label[for="${element.id}"]`);
      if (!target) { problems.push(`checkbox without label: ${name(element)}`); continue; }
    } else if (element.matches("a") && inSentence(element)) {
      continue;
    }
    const box = target.getBoundingClientRect();
    if (box.height < smallestTarget - 0.5 || box.width < smallestTarget - 0.5) {
      problems.push(`tap target ${Math.round(box.width)}×${Math.round(box.height)}: ${name(target)}`);
    }
  }
  // Text: every element holding words of its own.
  for (const element of document.querySelectorAll("body *")) {
    if (!visible(element)) continue;
    const own = Array.from(element.childNodes).some(
      (node) => node.nodeType === Node.TEXT_NODE && /\\p{L}/u.test(node.textContent));
    if (!own) continue;
    const svg = element.closest("svg");
    let size = parseFloat(getComputedStyle(element).fontSize);
    let smallest = smallestText;
    if (svg) {  // drawn at the chart's scale
      const viewBox = svg.viewBox.baseVal;
      size *= viewBox && viewBox.width ? svg.getBoundingClientRect().width / viewBox.width : 1;
      smallest = smallestChartText;
    }
    if (size < smallest - 0.25) {
      problems.push(`text ${size.toFixed(1)} px: ${name(element)}`);
    }
  }
  return problems;
}"""


def layout_problems(page: Page) -> list[str]:
    """Every way the page falls short, as lines naming the element (empty: none)."""
    problems = page.evaluate(_MEASURE, {"smallestTarget": SMALLEST_TARGET,
                                        "smallestText": SMALLEST_TEXT,
                                        "smallestChartText": SMALLEST_CHART_TEXT})
    if page.viewport_size and page.viewport_size["width"] <= 400:
        header = page.evaluate("document.querySelector('header.site')"
                               "?.getBoundingClientRect().height || 0")
        if header > page.viewport_size["height"] / 4:
            problems.append(f"header {header:.0f} px tall, over a quarter of the screen")
    return problems


def assert_fits(page: Page) -> None:
    problems = layout_problems(page)
    assert not problems, f"{page.url} at {page.viewport_size}:\n  " + "\n  ".join(
        dict.fromkeys(problems))  # once each
