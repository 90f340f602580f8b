// Measures the report as laid out, once loaded, and writes what it found into the page as JSON
// (a hidden pre, id "measured"), for `chromium --dump-dom` to hand back: the viewport, the body's
// content box, every table's right edge and scroll width, and the cells whose content spills.
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
    viewport: page.clientWidth, scrollWidth: page.scrollWidth, contentRight, tables,
  });
  document.body.append(measured);
});
