// Every page of a built site, in Debian's Chromium: axe-core's WCAG 2.2 AA
// rules, reflow at 320px, the skip link, print media, and one page width
// (every page lines up with the site header).
// GAZETTE_SITES is a list of built site folders separated by ':'.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join, relative, resolve, sep } from 'node:path';
import { chromium } from 'playwright-core';
import { serveSite } from './site_server.mjs';

const require = createRequire(import.meta.url);
const axeSource = await readFile(require.resolve('axe-core/axe.min.js'), 'utf8');
const sites = (process.env.GAZETTE_SITES ?? '').split(':').filter(Boolean).map((s) => resolve(s));
const tags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];
const widths = [1280, 320];

async function pagesOf(root) {
  const found = [];
  for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
    const folder = relative(root, entry.parentPath ?? entry.path);
    if (entry.isFile() && entry.name === '404.html' && folder === '') found.push('404.html');
    if (entry.isFile() && (entry.name === 'index.html' || entry.name === 'print.html')) {
      const url = folder === '' ? '' : folder.split(sep).join('/') + '/';
      found.push(entry.name === 'index.html' ? url : url + entry.name);
    }
  }
  return found.sort();
}

// The page as a reader without JavaScript gets it. axe cannot run in a page
// whose scripting is off (its timers never fire), so the page is loaded with
// scripting off, its DOM taken with <noscript> content in place and scripts
// removed, and that snapshot served at the same address to a normal context.
async function routeNoScriptSnapshot(context, url) {
  const off = await browser.newContext({ javaScriptEnabled: false });
  const page = await off.newPage();
  await page.goto(url);
  const html = await page.evaluate(() => {
    for (const s of document.querySelectorAll('script:not([type="application/json"])')) s.remove();
    for (const n of document.querySelectorAll('noscript')) n.replaceWith(...n.childNodes);
    return '<!DOCTYPE html>\n' + document.documentElement.outerHTML;
  });
  await off.close();
  await context.route(url, (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }));
}

// Runs visit(item, index) for every item, `limit` at a time.
async function eachAtOnce(items, limit, visit) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      await visit(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
// A view spends most of its time waiting on Chromium (a new context, the
// page's load, axe's own script), so two groups of a page's views checked at
// a time take less than half as long as one view at a time.
const groupsAtOnce = 2;

let browser;
const totals = { pages: 0, runs: 0, rules: new Set(), violations: 0 };

before(async () => {
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
           '--disable-sync', '--no-first-run', '--disable-quic'],
  });
});

after(async () => {
  await browser?.close();
  console.log(`accessibility: ${totals.pages} pages tested, ${totals.runs} page views, ` +
              `${totals.rules.size} axe rules run, ${totals.violations} violations`);
});

// Bar charts on their side, and tables wider than the screen, checked at 320px in all the sites.
let sideCharts = 0;
let failedCharts = 0;  // charts checked as they fail to draw, over all sites
let wideTables = 0;
let dashboards = 0;

test('there are built sites to test', () => {
  assert.ok(sites.length > 0, 'set GAZETTE_SITES to the built site folders');
});

for (const root of sites) {
  describe(`site ${root}`, () => {
    let server;
    let paths = [];
    before(async () => {
      server = await serveSite(root);
      paths = await pagesOf(root);
    });
    after(async () => server?.close());

    test('every page passes axe at 1280px and 320px, with and without JavaScript, and printed', { timeout: 600_000 }, async () => {
      assert.ok(paths.length > 0, 'the site has pages');
      // A page's views with JavaScript on, then off, each in one context,
      // loaded afresh for each view: a new context costs Chromium here about
      // as much as the load itself.
      const groups = [];
      for (const path of paths) {
        totals.pages += 1;
        for (const javaScriptEnabled of [true, false]) {
          const views = widths.map((width) => ({ width, print: false }));
          if (javaScriptEnabled) views.push({ width: 1280, print: true });
          groups.push({ path, javaScriptEnabled, views });
        }
      }
      const found = [];  // each group's problems, in the order of `groups`
      await eachAtOnce(groups, groupsAtOnce, async ({ path, javaScriptEnabled, views }, i) => {
        const problems = (found[i] = []);
        const context = await browser.newContext({ viewport: { width: views[0].width, height: 900 } });
        const page = await context.newPage();
        if (!javaScriptEnabled) await routeNoScriptSnapshot(context, server.url + path);
        for (const { width, print } of views) {
          await page.setViewportSize({ width, height: 900 });
          await page.emulateMedia({ media: print ? 'print' : 'screen' });
          await page.goto(server.url + path);
          await page.evaluate(axeSource);
          const results = await page.evaluate(async (runTags) => window.axe.run(document, {
            runOnly: { type: 'tag', values: runTags },
            rules: { 'target-size': { enabled: true } },
          }), tags);
          totals.runs += 1;
          for (const r of [...results.passes, ...results.violations, ...results.incomplete, ...results.inapplicable])
            totals.rules.add(r.id);
          for (const v of results.violations) {
            totals.violations += 1;
            problems.push(`/${path} at ${width}px (JavaScript ${javaScriptEnabled ? 'on' : 'off'}${print ? ', printed' : ''}): ${v.id}: ${v.help}\n` +
              v.nodes.map((n) => `    ${n.target.join(' ')}: ${n.failureSummary?.split('\n').join(' ')}`).join('\n'));
          }
          const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
          if (overflow > 0 && !print) problems.push(`/${path} at ${width}px: the page scrolls sideways by ${overflow}px`);
        }
        await context.close();
      });
      assert.deepEqual(found.flat(), []);
    });

    test('the skip link is the first Tab stop and moves focus to main', { timeout: 120_000 }, async () => {
      const page = await browser.newPage();
      for (const path of paths) {
        await page.goto(server.url + path);
        await page.keyboard.press('Tab');
        const first = await page.evaluate(() => document.activeElement?.textContent?.trim());
        assert.equal(first, 'Skip to main content', `/${path}`);
        await page.keyboard.press('Enter');
        const focused = await page.evaluate(() => document.activeElement?.id);
        assert.equal(focused, 'main', `/${path}`);
      }
      await page.close();
    });

    test('every link, toggle and scrolling region is reached by Tab and shows where focus is', { timeout: 300_000 }, async () => {
      const page = await browser.newPage();
      for (const path of paths) {
        await page.goto(server.url + path);
        // Number what a keyboard user should reach, and note how each looks unfocused.
        const expected = await page.evaluate(() => {
          const focusable = [...document.querySelectorAll('a[href], summary, button, input, select, textarea, [tabindex="0"]')]
            .filter((e) => !e.closest('details:not([open])') || e.tagName === 'SUMMARY')
            .filter((e) => getComputedStyle(e).visibility !== 'hidden' && e.getClientRects().length > 0);
          const look = (e) => { const s = getComputedStyle(e); return [s.outlineStyle, s.outlineWidth, s.boxShadow, s.backgroundColor, s.color, s.top].join('|'); };
          focusable.forEach((e, i) => { e.dataset.kbd = String(i); e.dataset.kbdLook = look(e); });
          return focusable.length;
        });
        const reached = new Set();
        const unseen = [];
        for (let step = 0; step < expected + 3; step++) {
          await page.keyboard.press('Tab');
          const state = await page.evaluate(() => {
            const e = document.activeElement;
            if (!e || e.dataset.kbd === undefined) return null;
            const s = getComputedStyle(e);
            const now = [s.outlineStyle, s.outlineWidth, s.boxShadow, s.backgroundColor, s.color, s.top].join('|');
            return { index: e.dataset.kbd, visible: now !== e.dataset.kbdLook, what: e.outerHTML.slice(0, 80) };
          });
          if (!state) continue;
          reached.add(state.index);
          if (!state.visible) unseen.push(state.what);
        }
        assert.equal(reached.size, expected, `/${path}: ${expected - reached.size} of ${expected} focusable elements not reached by Tab`);
        assert.deepEqual(unseen, [], `/${path}: focus is not visible on these`);
      }
      await page.close();
    });

    test('toggles open and close with Enter and Space', { timeout: 120_000 }, async () => {
      const page = await browser.newPage();
      for (const path of paths) {
        await page.goto(server.url + path);
        const summaries = await page.$$('details > summary');
        for (const summary of summaries.slice(0, 2)) {
          const before = await summary.evaluate((s) => s.parentElement.open);
          await summary.focus();
          await page.keyboard.press('Enter');
          assert.equal(await summary.evaluate((s) => s.parentElement.open), !before, `/${path}: Enter toggles`);
          await page.keyboard.press('Space');
          assert.equal(await summary.evaluate((s) => s.parentElement.open), before, `/${path}: Space toggles back`);
        }
      }
      await page.close();
    });

    test('charts do not move for readers who ask for reduced motion, and stay visible in forced colours', { timeout: 120_000 }, async () => {
      const reduced = await browser.newContext({ reducedMotion: 'reduce' });
      const forced = await browser.newContext({ forcedColors: 'active' });
      for (const path of paths) {
        const calm = await reduced.newPage();
        await calm.goto(server.url + path);
        const animated = await calm.evaluate(() => window.Chart
          ? Object.values(window.Chart.instances).filter((c) => c.options.animation !== false).length : 0);
        assert.equal(animated, 0, `/${path}: charts animate despite prefers-reduced-motion`);
        const contrast = await forced.newPage();
        await contrast.goto(server.url + path);
        const hidden = await contrast.evaluate(() => [...document.querySelectorAll('.chart__canvas, .kpi__icon, .kpi__status')]
          .filter((e) => e.getClientRects().length === 0 || getComputedStyle(e).visibility === 'hidden').length);
        assert.equal(hidden, 0, `/${path}: charts or statuses vanish in forced colours`);
      }
      await reduced.close();
      await forced.close();
    });

    test('paragraph links reach their numbered paragraph', { timeout: 120_000 }, async () => {
      const page = await browser.newPage();
      for (const path of paths) {
        await page.goto(server.url + path);
        const anchors = await page.$$eval('a.para-number', (links) => links.map((a) => a.getAttribute('href')));
        for (const href of anchors) {
          const target = await page.$(href);
          assert.ok(target, `/${path}: ${href} has no target`);
        }
      }
      await page.close();
    });

    test('charts draw with JavaScript, and without it the description and table remain', { timeout: 120_000 }, async () => {
      for (const javaScriptEnabled of [true, false]) {
        const context = await browser.newContext({ javaScriptEnabled });
        const page = await context.newPage();
        const errors = [];
        page.on('pageerror', (error) => errors.push(error.message));
        for (const path of paths) {
          await page.goto(server.url + path);
          const charts = await page.$$('figure.chart');
          for (const chart of charts) {
            const id = await chart.getAttribute('id');
            const state = await chart.evaluate((figure) => {
              const canvas = figure.querySelector('canvas');
              const box = figure.querySelector('.chart__canvas');
              const name = document.getElementById(canvas.getAttribute('aria-labelledby'))?.textContent.trim();
              const description = figure.querySelector('.chart__description');
              return {
                drawn: !box.hidden && canvas.width > 0 && canvas.height > 0,
                name,
                describedBy: canvas.getAttribute('aria-describedby') === description.id,
                descriptionShown: description.offsetHeight > 0 && description.textContent.trim().length > 20,
                tableOpen: figure.querySelector('details.chart__data').open,
              };
            });
            const where = `/${path}#${id} (JavaScript ${javaScriptEnabled ? 'on' : 'off'})`;
            assert.ok(state.name, `${where}: the chart has an accessible name`);
            assert.ok(state.describedBy && state.descriptionShown, `${where}: the chart's description is shown and linked`);
            assert.equal(state.drawn, javaScriptEnabled, `${where}: drawn only with JavaScript`);
            assert.equal(state.tableOpen, !javaScriptEnabled, `${where}: the data table is open without JavaScript`);
          }
          // On paper a chart is its drawing, or without JavaScript its table: never neither.
          await page.emulateMedia({ media: 'print' });
          for (const chart of charts) {
            const id = await chart.getAttribute('id');
            const printed = await chart.evaluate((figure) => {
              const shown = (e) => getComputedStyle(e).display !== 'none' && e.getBoundingClientRect().height > 0;
              return { canvas: shown(figure.querySelector('.chart__canvas')), table: shown(figure.querySelector('.chart__data table')) };
            });
            const where = `/${path}#${id} printed (JavaScript ${javaScriptEnabled ? 'on' : 'off'})`;
            assert.deepEqual(printed, { canvas: javaScriptEnabled, table: !javaScriptEnabled }, `${where}: the drawing or the table`);
          }
          await page.emulateMedia({ media: 'screen' });
        }
        assert.deepEqual(errors, [], 'no script errors');
        await context.close();
      }
    });

    test('a chart that cannot be drawn leaves its table open and no empty box', { timeout: 120_000 }, async () => {
      for (const failure of ['Chart.js does not load', 'Chart.js fails on every chart']) {
        const context = await browser.newContext();
        if (failure === 'Chart.js does not load') await context.route('**/chart.umd.min.js', (route) => route.abort());
        else await context.addInitScript(() => {
          const failing = Object.assign(function () { throw new Error('no canvas'); }, { defaults: { font: {} }, instances: {} });
          Object.defineProperty(window, 'Chart', { configurable: true, set() {}, get() { return failing; } });
        });
        const page = await context.newPage();
        for (const path of paths) {
          await page.goto(server.url + path);
          for (const chart of await page.$$('figure.chart')) {
            const state = await chart.evaluate((figure) => ({
              box: [...figure.querySelectorAll('.chart__canvas')].some((e) => e.getBoundingClientRect().height > 0),
              tableOpen: figure.querySelector('details.chart__data').open,
              tableShown: figure.querySelector('.chart__data table').getBoundingClientRect().height > 0,
            }));
            assert.deepEqual(state, { box: false, tableOpen: true, tableShown: true }, `/${path}#${await chart.getAttribute('id')} (${failure})`);
            failedCharts++;
          }
        }
        await context.close();
      }
    });

    // Calls check(page, path) with each page of the site loaded in a phone-wide window.
    async function eachPageAt320(check) {
      const context = await browser.newContext({ viewport: { width: 320, height: 800 } });
      const page = await context.newPage();
      for (const path of paths) {
        await page.goto(server.url + path);
        await check(page, path);
      }
      await context.close();
    }

    test('at 320px every bar of a bar chart on its side is named, and no name is cut off', { timeout: 120_000 }, async () => {
      await eachPageAt320(async (page, path) => {
        const found = await page.evaluate(() => [...document.querySelectorAll('figure.chart canvas')].map((canvas) => {
          const chart = window.Chart?.getChart(canvas);
          if (!chart || chart.options.indexAxis !== 'y') return null;
          const id = canvas.closest('figure').id;
          const problems = [];
          const axis = chart.scales.y;
          if (axis.ticks.length !== chart.data.labels.length)
            problems.push(`${id}: ${axis.ticks.length} of ${chart.data.labels.length} bars named`);
          for (const item of axis.getLabelItems()) {
            chart.ctx.font = item.font.string;
            const lines = [].concat(item.label);
            const width = Math.max(...lines.map((line) => chart.ctx.measureText(line).width));
            const [x] = item.options.translation;
            const left = item.options.textAlign === 'right' ? x - width : item.options.textAlign === 'center' ? x - width / 2 : x;
            if (left < -1 || left + width > chart.width + 1) problems.push(`${id}: "${lines.join(' ')}" runs off the chart`);
          }
          return problems;
        }));
        for (const problems of found.filter(Boolean)) {
          sideCharts++;
          assert.deepEqual(problems, [], `/${path}`);
        }
      });
    });

    test('at 320px a table wider than the screen keeps its caption whole and in view as it scrolls, and shows there is more', { timeout: 120_000 }, async () => {
      await eachPageAt320(async (page, path) => {
        const { wide, problems } = await page.evaluate(() => {
          const out = { wide: 0, problems: [] };
          for (const box of document.querySelectorAll('.table-scroll')) {
            const caption = box.querySelector('caption');
            if (!caption || box.scrollWidth <= box.clientWidth) continue;
            out.wide++;
            const inside = () => {
              const c = caption.getBoundingClientRect(), b = box.getBoundingClientRect();
              return c.left >= b.left - 1 && c.right <= b.left + box.clientWidth + 1;
            };
            const atStart = inside();
            box.scrollLeft = box.scrollWidth;
            const atEnd = inside();
            box.scrollLeft = 0;
            if (!atStart) out.problems.push(`"${caption.textContent.trim()}" is wider than its box`);
            else if (!atEnd) out.problems.push(`"${caption.textContent.trim()}" leaves its box as the table scrolls`);
            // A shadow at the edge that more of the table lies past: shadows
            // fixed to the box, under covers of the page's colour that scroll
            // with the table (checked by eye in a screenshot; here, that the
            // backgrounds are there to draw it).
            const style = getComputedStyle(box);
            const shadows = (style.backgroundImage.match(/radial-gradient/g) || []).length;
            if (shadows < 2 || !/local/.test(style.backgroundAttachment) || !/scroll/.test(style.backgroundAttachment))
              out.problems.push(`"${caption.textContent.trim()}" gives no sign that it scrolls`);
          }
          return out;
        });
        wideTables += wide;
        assert.deepEqual(problems, [], `/${path}`);
      });
    });

    test('a missing address shows the 404 page, styled, with links that work from there', { timeout: 60_000 }, async () => {
      const page = await browser.newPage();
      for (const missing of ['no-such-page/', 'reports/no/such/page/']) {
        const response = await page.goto(server.url + missing);
        assert.equal(response.status(), 404, `/${missing}`);
        assert.equal(await page.textContent('h1'), 'Page not found', `/${missing}`);
        const styled = await page.evaluate(() => getComputedStyle(document.querySelector('.skip-link')).position);
        assert.equal(styled, 'absolute', `/${missing}: the stylesheet loads`);
        const links = await page.$$eval('a[href]:not([href^="#"])', (as) => as.map((a) => a.href)
          .filter((h) => h.startsWith(location.origin)));
        for (const link of links) {
          const status = (await fetch(link)).status;
          assert.equal(status, 200, `/${missing}: ${link}`);
        }
        assert.ok(links.includes(server.url), `/${missing}: links to the home page`);
        assert.ok(links.includes(server.url + 'sitemap/'), `/${missing}: links to the site map`);
      }
      await page.close();
    });

    // One page width across the site, as GOV.UK has: the content column of
    // every page, a dashboard's too, starts and ends where the header's does.
    test('every page lines up with the site header at 1280px and 320px, and a dashboard has two columns at 1280px', { timeout: 120_000 }, async () => {
      const page = await browser.newPage();
      const problems = [];
      for (const width of widths) {
        await page.setViewportSize({ width, height: 900 });
        for (const path of paths) {
          await page.goto(server.url + path);
          const seen = await page.evaluate(() => {
            const inner = document.querySelector('.site-header__inner');
            const main = document.querySelector('main');
            if (!inner || !main) return null;
            const header = inner.getBoundingClientRect(), style = getComputedStyle(inner);
            const box = main.getBoundingClientRect();
            const grid = document.querySelector('.dashboard__grid');
            return {
              title: document.querySelector('.site-header__title').getBoundingClientRect().left,
              headerRight: header.right - parseFloat(style.paddingRight),
              left: box.left, right: box.right,
              columns: grid ? getComputedStyle(grid).gridTemplateColumns.split(' ').length : null,
            };
          });
          if (!seen) continue;
          const where = `/${path} at ${width}px`;
          if (Math.abs(seen.left - seen.title) > 1)
            problems.push(`${where}: the content starts at ${seen.left}px, the header's title at ${seen.title}px`);
          if (Math.abs(seen.right - seen.headerRight) > 1)
            problems.push(`${where}: the content ends at ${seen.right}px, the header at ${seen.headerRight}px`);
          if (seen.columns !== null) {
            if (width === 1280) dashboards++;
            if (width === 1280 && seen.columns < 2) problems.push(`${where}: the dashboard has ${seen.columns} column`);
          }
        }
      }
      await page.close();
      assert.deepEqual(problems, []);
    });

    test('printed pages hide navigation and skip links', { timeout: 120_000 }, async () => {
      const page = await browser.newPage();
      await page.emulateMedia({ media: 'print' });
      for (const path of paths) {
        await page.goto(server.url + path);
        const visible = await page.evaluate(() => [...document.querySelectorAll('.site-nav, .skip-link, .breadcrumbs, .pager')]
          .filter((e) => getComputedStyle(e).display !== 'none').map((e) => e.className));
        assert.deepEqual(visible, [], `/${path}`);
      }
      await page.close();
    });
  });
}

test('some site has a bar chart on its side, checked at 320px', () => {
  assert.ok(sideCharts > 0, 'no chart with bars on their side was found to check');
});

test('some site has a chart, checked as it fails to draw', () => {
  assert.ok(failedCharts > 0, 'no chart was found to check');
});

test('some site has a table wider than the screen at 320px, checked', () => {
  assert.ok(wideTables > 0, 'no table wider than its box was found to check');
});

test('some site has a dashboard, checked against the header', () => {
  assert.ok(dashboards > 0, 'no dashboard page was found to check');
});
