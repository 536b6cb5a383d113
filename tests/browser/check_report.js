// Opens an HTML report in Debian's chromium (headless, through playwright-core, which
// downloads no browser of its own), takes a full-page screenshot and checks it:
//   - no console error, no uncaught page error, no network request (the page is self-contained);
//   - every expected plot ([data-plot] element) is on the page with a non-empty box;
//   - in the screenshot, each plot's region is not blank: some pixels differ from the
//     region's background, and some are coloured (data marks are coloured; frames,
//     grids and text are grey), so an empty frame fails too.
// usage: node check_report.js REPORT.html SCREENSHOT.png PLOT_ID[,PLOT_ID...]
// Prints one line per plot and "N passed, M failed"; exits 1 on any failure.
'use strict';
const fs = require('fs');
const path = require('path');
const { chromium } = require('playwright-core');

const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
// Thresholds, as shares of a plot's pixels. A chart with data has far more (a few percent
// at least); an empty frame has no coloured pixel at all.
const MIN_NON_BACKGROUND = 0.005;
const MIN_COLOURED = 0.001;

async function main() {
  const [reportPath, screenshotPath, plotList] = process.argv.slice(2);
  if (!reportPath || !screenshotPath || !plotList) {
    console.error('usage: node check_report.js REPORT.html SCREENSHOT.png PLOT_ID[,PLOT_ID...]');
    process.exit(2);
  }
  const expectedPlots = plotList.split(',');
  const problems = [];
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    // The machine has no network: keep chromium from trying (updates, sync, first-run pages).
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
           '--disable-component-update', '--disable-sync'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    const reportUrl = 'file://' + path.resolve(reportPath);
    page.on('request', (request) => {
      const url = request.url();
      if (url !== reportUrl && !url.startsWith('data:')) problems.push(`network request: ${url}`);
    });
    await page.goto(reportUrl, { waitUntil: 'load', timeout: 60000 });

    // Document coordinates of every plot (a full-page screenshot is in the same coordinates).
    const boxes = await page.evaluate(() => Array.from(document.querySelectorAll('[data-plot]')).map((element) => {
      const r = element.getBoundingClientRect();
      return { id: element.getAttribute('data-plot'), x: r.left + window.scrollX, y: r.top + window.scrollY,
               width: r.width, height: r.height,
               loaded: element.tagName !== 'IMG' || (element.complete && element.naturalWidth > 0) };
    }));
    const png = await page.screenshot({ path: screenshotPath, fullPage: true });

    // Pixels are read back in a second page through a canvas: no PNG decoder needed here.
    const reader = await browser.newPage();
    const stats = await reader.evaluate(async ({ base64, boxes }) => {
      const image = new Image();
      image.src = 'data:image/png;base64,' + base64;
      await image.decode();
      const canvas = document.createElement('canvas');
      canvas.width = image.width;
      canvas.height = image.height;
      const context = canvas.getContext('2d');
      context.drawImage(image, 0, 0);
      return boxes.map((box) => {
        const x = Math.max(0, Math.round(box.x)), y = Math.max(0, Math.round(box.y));
        const w = Math.min(image.width - x, Math.round(box.width)), h = Math.min(image.height - y, Math.round(box.height));
        if (w <= 0 || h <= 0) return { id: box.id, pixels: 0, nonBackground: 0, coloured: 0 };
        const data = context.getImageData(x, y, w, h).data;
        const counts = new Map();
        let coloured = 0;
        for (let i = 0; i < data.length; i += 4) {
          const key = (data[i] << 16) | (data[i + 1] << 8) | data[i + 2];
          counts.set(key, (counts.get(key) || 0) + 1);
          if (Math.max(data[i], data[i + 1], data[i + 2]) - Math.min(data[i], data[i + 1], data[i + 2]) > 40) coloured++;
        }
        const background = Math.max(...counts.values());
        const pixels = w * h;
        return { id: box.id, pixels, nonBackground: (pixels - background) / pixels, coloured: coloured / pixels };
      });
    }, { base64: png.toString('base64'), boxes });

    let passed = 0;
    for (const id of expectedPlots) {
      const box = boxes.find((b) => b.id === id);
      const stat = stats.find((s) => s.id === id);
      let why = '';
      if (!box) why = 'not on the page';
      else if (!box.loaded) why = 'image did not load';
      else if (box.width < 20 || box.height < 20) why = `box ${box.width}x${box.height} px is empty`;
      else if (stat.nonBackground < MIN_NON_BACKGROUND) why = `blank (${(100 * stat.nonBackground).toFixed(2)} % non-background)`;
      else if (stat.coloured < MIN_COLOURED) why = `no coloured pixels (${(100 * stat.coloured).toFixed(3)} %): an empty frame`;
      if (why) {
        problems.push(`plot ${id}: ${why}`);
      } else {
        passed++;
        console.log(`plot ${id}: ${Math.round(box.width)}x${Math.round(box.height)} px, ` +
                    `${(100 * stat.nonBackground).toFixed(1)} % non-background, ${(100 * stat.coloured).toFixed(1)} % coloured`);
      }
    }
    for (const problem of problems) console.log('FAIL: ' + problem);
    const failed = problems.length;
    console.log(`screenshot: ${screenshotPath} (${fs.statSync(screenshotPath).size} bytes)`);
    console.log(`${passed} passed, ${failed} failed`);
    process.exitCode = failed > 0 ? 1 : 0;
  } finally {
    await browser.close();
  }
}

main().catch((error) => {
  console.log('FAIL: ' + (error && error.stack ? error.stack : error));
  process.exit(1);
});
