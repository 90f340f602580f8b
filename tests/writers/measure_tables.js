// Measures the report as laid out, once loaded, and writes what it found into the page as JSON
// (a hidden pre, id "measured"), for `chromium --dump-dom` to hand back: the viewport, the body's
// content box, every table's right edge and scroll width, the cells whose content spills, and the
// ids, dates and badges cut across two lines.
const TOKENS = /\b\d\d\/\d\d\/\d{4}\b|\b\d{7}[A-Z]\b|\b[a-z0-9-]+:\d+(?:\.\d+)*/g;
const WORDS = /[\p{L}\d]+/gu;  // in a badge, every word is a token

// The tokens of the page's text drawn on more than one line.
function cutTokens() {
  const cut = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const pattern = node.parentElement.closest(".badge") ? WORDS : TOKENS;
    for (const match of node.data.matchAll(pattern)) {
      const range = document.createRange();
      range.setStart(node, match.index);
      range.setEnd(node, match.index + match[0].length);
      const lines = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
      if (lines.size > 1) cut.push(match[0]);
    }
  }
  return cut;
}

addEventListener("load", () => {
  const page = document.documentElement;
  const body = document.body.getBoundingClientRect();
  const contentRight = body.right - parseFloat(getComputedStyle(document.body).paddingRight);
  const tables = [...document.querySelectorAll("table")].map((table, index) => ({
    index,
    class: table.className,
    right: table.getBoundingClientRect().right,
    scrollWidth: table.scrollWidth,
    clientWidth: table.clientWidth,
    spilling: [...table.querySelectorAll("th, td")]
      .filter((cell) => cell.scrollWidth > cell.clientWidth + 1)
      .map((cell) => `${cell.scrollWidth} > ${cell.clientWidth} px: ${cell.textContent.trim().slice(0, 80)}`),
  }));
  const measured = document.createElement("pre");
  measured.id = "measured";
  measured.hidden = true;
  measured.textContent = JSON.stringify({
    viewport: page.clientWidth, scrollWidth: page.scrollWidth, contentRight, tables, cut: cutTokens(),
  });
  document.body.append(measured);
});
