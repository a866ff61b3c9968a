// What each page costs a reader, on every page of the built sites, served
// over HTTP and loaded in Debian's Chromium:
//   - a page without a chart loads no JavaScript (the search page loads its own);
//   - a page with a chart loads Chart.js and the theme's driver, and no other page does;
//   - one stylesheet for the screen, under 20 KB (a report's print stylesheet is
//     for paper only, and does not hold up the page);
//   - every image has its width and height, and the page barely moves as it loads:
//     its cumulative layout shift stays under 0.1, Web Vitals' 'good' (a chart's
//     data table folds away once the chart is drawn).
// GAZETTE_SITES is a list of built site folders separated by ':'.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { chromium } from 'playwright-core';
import { serveSite } from './site_server.mjs';

const sites = (process.env.GAZETTE_SITES ?? '').split(':').filter(Boolean).map((s) => resolve(s));
const cssBudget = 20 * 1024;
const shiftBudget = 0.1;
const chartScripts = ['chart.umd.min.js', 'charts.js'];

async function pagesOf(root) {
  const found = [];
  for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || entry.name !== 'index.html') continue;
    const folder = relative(root, entry.parentPath ?? entry.path);
    found.push(folder === '' ? '' : folder.split(sep).join('/') + '/');
  }
  return found.sort();
}

test('there are built sites to measure', () => {
  assert.ok(sites.length > 0, 'set GAZETTE_SITES to built site folders');
});

for (const root of sites) {
  describe(`reader budgets: ${root}`, () => {
    let browser, server, paths;
    before(async () => {
      paths = await pagesOf(root);
      server = await serveSite(root);
      browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
    });
    after(async () => {
      await browser?.close();
      await server?.close();
    });

    test('scripts only where they are needed, one small stylesheet, sized images, no layout shift', { timeout: 300_000 }, async () => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      // Layout shifts are recorded from the first paint, before any page script runs.
      await context.addInitScript(() => {
        window.__shift = 0;
        new PerformanceObserver((list) => {
          for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.__shift += entry.value;
        }).observe({ type: 'layout-shift', buffered: true });
      });
      const page = await context.newPage();
      let withCharts = 0, textOnly = 0, worstShift = 0;
      for (const path of paths) {
        await page.goto(server.url + path, { waitUntil: 'networkidle' });
        const seen = await page.evaluate(() => ({
          charts: document.querySelectorAll('figure.chart').length,
          search: location.pathname.endsWith('/search/'),
          scripts: [...document.querySelectorAll('script')]
            .filter((s) => s.type !== 'application/json')
            .map((s) => (s.src ? new URL(s.src).pathname.split('/').pop() : '(inline)')),
          styles: [...document.querySelectorAll('link[rel="stylesheet"]')]
            .filter((l) => l.media !== 'print')
            .map((l) => l.href),
          unsized: [...document.querySelectorAll('img')]
            .filter((i) => !i.getAttribute('width') || !i.getAttribute('height'))
            .map((i) => i.getAttribute('src')),
        }));
        const where = `/${path}`;
        assert.ok(!seen.scripts.includes('(inline)'), `${where} has an inline script`);
        if (seen.charts > 0) {
          withCharts++;
          assert.deepEqual(seen.scripts, chartScripts, `${where} draws ${seen.charts} chart(s) with exactly Chart.js and its driver`);
        } else if (seen.search) {
          assert.deepEqual(seen.scripts, ['search.js'], `${where} loads only the search script`);
        } else {
          textOnly++;
          assert.deepEqual(seen.scripts, [], `${where} has no chart, so it loads no JavaScript`);
        }
        assert.equal(seen.styles.length, 1, `${where} loads one stylesheet for the screen: ${seen.styles.join(', ')}`);
        const css = await (await fetch(seen.styles[0])).arrayBuffer();
        assert.ok(css.byteLength < cssBudget, `${where}: its stylesheet is ${css.byteLength} bytes, over ${cssBudget}`);
        assert.deepEqual(seen.unsized, [], `${where} has images without width and height`);
        await page.waitForTimeout(50);
        const shift = await page.evaluate(() => window.__shift);
        assert.ok(shift < shiftBudget, `${where} moved as it loaded (cumulative layout shift ${shift})`);
        worstShift = Math.max(worstShift, shift);
      }
      console.log(`budgets: ${paths.length} pages of ${root}: ${textOnly} text-only pages with no JavaScript, ` +
        `${withCharts} chart pages with Chart.js only; largest layout shift ${worstShift.toFixed(3)}`);
      await context.close();
    });
  });
}
