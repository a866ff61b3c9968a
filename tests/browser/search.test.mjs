// Search on the example site, as a reader uses it: type a word, hear how
// many pages match, Tab to a result, press Enter, land on the page. And
// without JavaScript: the header's form still goes to the search page,
// which offers the site map.
// GAZETTE_SEARCH_SITE is the built example site.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { serveSite } from './site_server.mjs';

const require = createRequire(import.meta.url);
const axeSource = await readFile(require.resolve('axe-core/axe.min.js'), 'utf8');
const root = process.env.GAZETTE_SEARCH_SITE ? resolve(process.env.GAZETTE_SEARCH_SITE) : null;
const tags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

describe('search on the example site', { skip: root ? false : 'set GAZETTE_SEARCH_SITE to the built example site' }, () => {
  let browser;
  let server;
  before(async () => {
    server = await serveSite(root);
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
             '--disable-sync', '--no-first-run', '--disable-quic'],
    });
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  // Types into the search page's box and waits for the count to be announced.
  async function searchFor(page, words) {
    await page.goto(server.url + 'search/');
    await page.focus('#search-input');
    await page.keyboard.type(words);
    // The status for these words, not for a part of them: on a loaded machine
    // typing may pause mid-word long enough for a search to run.
    await page.waitForFunction((quoted) => document.getElementById('search-status').textContent.includes(quoted), `‘${words}’`);
  }

  test('type a word, hear the count, Tab to the first result, press Enter and land on its page', { timeout: 60_000 }, async () => {
    const page = await browser.newPage();
    const errors = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await searchFor(page, 'robbery');

    const status = page.locator('#search-status');
    assert.equal(await status.getAttribute('role'), 'status');
    const results = await page.$$eval('#search-results > li', (items) => items.map((li) => ({
      title: li.querySelector('h2 a').textContent,
      href: li.querySelector('h2 a').href,
      marked: [...li.querySelectorAll('mark')].map((m) => m.textContent.toLowerCase()),
    })));
    assert.ok(results.length > 0, 'robbery is in the Birmingham annual report');
    assert.equal(await status.textContent(),
      `${results.length} ${results.length === 1 ? 'page matches' : 'pages match'} ‘robbery’.`);
    assert.match(results[0].title, /Birmingham Community Safety Partnership annual report 2019-20/);
    assert.ok(results[0].marked.includes('robbery'), 'the word is marked in the excerpt');
    assert.equal(new URL(page.url()).search, '?q=robbery', 'the address keeps the search, to share or go back to');

    // From the box: the Search button, then the results in order.
    const reached = [];
    for (let i = 0; i < 2 + results.length; i++) {
      await page.keyboard.press('Tab');
      reached.push(await page.evaluate(() => document.activeElement.closest('#search-results') ? document.activeElement.href
        : document.activeElement.textContent.trim() || document.activeElement.id));
    }
    assert.deepEqual(reached.slice(0, 1 + results.length), ['Search', ...results.map((r) => r.href)]);

    await page.focus('#search-input');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await Promise.all([page.waitForURL(results[0].href), page.keyboard.press('Enter')]);
    const target = new URL(results[0].href);
    assert.equal(new URL(page.url()).pathname, target.pathname);
    assert.equal((await page.textContent('h1')).trim(), results[0].title);
    if (target.hash) {
      const text = await page.$eval(target.hash, (e) => e.textContent);
      assert.ok(text.length > 0, `the result leads to ${target.hash}, which is on the page`);
    }
    assert.match(await page.textContent('main'), /robbery/i);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('the count is announced once when typing pauses, and Enter searches at once', { timeout: 60_000 }, async () => {
    const page = await browser.newPage();
    await page.goto(server.url + 'search/');
    await page.evaluate(() => {
      window.announcements = [];
      new MutationObserver(() => window.announcements.push(document.getElementById('search-status').textContent))
        .observe(document.getElementById('search-status'), { childList: true, characterData: true, subtree: true });
    });
    await page.focus('#search-input');
    await page.keyboard.type('burglary', { delay: 60 });
    await page.waitForTimeout(1000);
    const announcements = await page.evaluate(() => window.announcements);
    assert.equal(announcements.length, 1, `announced: ${JSON.stringify(announcements)}`);
    assert.match(announcements[0], /^\d+ pages? match(es)? ‘burglary’\.$/);

    await page.fill('#search-input', 'robbery zzqqxx');
    await page.keyboard.press('Enter');
    // At once: long before the pause that typing waits for.
    await page.waitForFunction(() => document.getElementById('search-status').textContent.includes('zzqqxx'), null, { timeout: 300 });
    assert.equal(await page.textContent('#search-status'), 'No pages match ‘robbery zzqqxx’. Try other or fewer words.');
    assert.equal(await page.$$eval('#search-results > li', (items) => items.length), 0, 'every word must match');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'search-input', 'focus stays in the box');
    await page.close();
  });

  test('case and accents do not matter, and a title match ranks first', { timeout: 60_000 }, async () => {
    const page = await browser.newPage();
    await searchFor(page, 'robbery');
    const plain = await page.textContent('#search-status');
    await searchFor(page, 'RÓBBERY');
    assert.equal(await page.textContent('#search-status'), plain.replace('robbery', 'RÓBBERY'));
    await searchFor(page, 'worcestershire');
    assert.match(await page.textContent('#search-results > li:first-child h2'), /Worcestershire/);
    await page.close();
  });

  test('the search page with results passes axe at 1280px and 320px, and nothing on it moves', { timeout: 120_000 }, async () => {
    const problems = [];
    for (const width of [1280, 320]) {
      const context = await browser.newContext({ viewport: { width, height: 900 }, reducedMotion: 'reduce' });
      const page = await context.newPage();
      await searchFor(page, 'partnership');
      await page.evaluate(axeSource);
      const results = await page.evaluate(async (runTags) => window.axe.run(document, {
        runOnly: { type: 'tag', values: runTags },
        rules: { 'target-size': { enabled: true } },
      }), tags);
      for (const v of results.violations)
        problems.push(`${width}px: ${v.id}: ${v.help}\n` + v.nodes.map((n) => `    ${n.target.join(' ')}`).join('\n'));
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      if (overflow > 0) problems.push(`${width}px: the page scrolls sideways by ${overflow}px`);
      const moving = await page.evaluate(() => [...document.querySelectorAll('main *')].filter((e) => {
        const s = getComputedStyle(e);
        return s.animationName !== 'none' || parseFloat(s.transitionDuration) > 0;
      }).length);
      if (moving > 0) problems.push(`${width}px: ${moving} elements animate`);
      await context.close();
    }
    assert.deepEqual(problems, []);
  });

  test('without JavaScript the header form reaches the search page, which offers the site map', { timeout: 60_000 }, async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(server.url + 'reports/');
    await page.fill('#site-search-input', 'robbery');
    await Promise.all([page.waitForURL(/\/search\/\?q=robbery$/), page.press('#site-search-input', 'Enter')]);
    assert.ok(await page.isVisible('#search-no-script'), 'the page says search needs JavaScript');
    assert.ok(await page.isHidden('#search-form'), 'no search box that cannot search');
    const map = page.getByRole('link', { name: 'site map' }).first();
    assert.ok(await map.isVisible());
    await Promise.all([page.waitForURL(/\/sitemap\/$/), map.click()]);
    assert.equal((await page.textContent('h1')).trim(), 'Site map');
    await context.close();
  });
});

// A synthetic site of 250 pages, whose index comes in some 26 chunks of text and
// 16 buckets of words: a search fetches the buckets of its words and the
// chunks of the results it shows, each once, and no more.
const chunked = process.env.GAZETTE_CHUNKED_SITE ? resolve(process.env.GAZETTE_CHUNKED_SITE) : null;
describe('search across an index of several chunks', { skip: chunked ? false : 'set GAZETTE_CHUNKED_SITE to a built site of 250 pages' }, () => {
  let browser;
  let server;
  let manifest;
  before(async () => {
    server = await serveSite(chunked);
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
             '--disable-sync', '--no-first-run', '--disable-quic'],
    });
    manifest = JSON.parse(await readFile(resolve(chunked, 'search-index.json'), 'utf8'));
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  // The index's files the page fetches, by path, with their sizes.
  function watch(page) {
    const fetched = [];
    page.on('response', async (response) => {
      const path = new URL(response.url()).pathname;
      if (path.startsWith('/search-index/')) fetched.push({ path, bytes: (await response.body()).length });
    });
    return fetched;
  }
  const chunkOf = async (page, href) => {
    const url = new URL(href).pathname.slice(1);
    for (const path of manifest.chunks)
      if (JSON.parse(await readFile(resolve(chunked, path), 'utf8')).pages.some((p) => p.url === url)) return '/' + path;
    return null;
  };

  test('a page in a late chunk is found from the buckets of its words and the chunks of the results', { timeout: 60_000 }, async () => {
    assert.ok(manifest.chunks.length > 25, 'the 250 pages and the others, ten to a chunk');
    assert.equal(manifest.words.length, 16, 'some 260 pages, about 32 to a bucket');
    const page = await browser.newPage();
    const fetched = watch(page);
    await page.goto(server.url + 'search/?q=' + encodeURIComponent('paper 00249'));
    await page.waitForFunction(() => document.getElementById('search-status').textContent !== '');
    // Other papers link to it by name; its title puts it first.
    assert.match(await page.textContent('#search-status'), /^\d+ pages? match/);
    assert.match(await page.getAttribute('#search-results a', 'href'), /paper-00249\/(#.*)?$/);
    const links = await page.$$eval('#search-results h2 a', (as) => as.map((a) => a.href));
    const chunks = new Set(await Promise.all(links.map((href) => chunkOf(page, href))));
    const paths = fetched.map((f) => f.path);
    assert.equal(new Set(paths).size, paths.length, `each file once: ${paths.join(', ')}`);
    assert.deepEqual(paths.filter((p) => !p.includes('/words-')).sort(), [...chunks].sort(), 'the chunks of the results, no others');
    assert.ok(chunks.size < manifest.chunks.length);
    assert.equal(paths.filter((p) => p.includes('/words-')).length, 2, 'a bucket for each word (these two are in two)');
    await page.close();
  });

  test('twenty results at a time: a button shows the next ones and takes the reader to the first of them', { timeout: 60_000 }, async () => {
    const page = await browser.newPage();
    const fetched = watch(page);
    await page.goto(server.url + 'search/?q=paper');
    await page.waitForFunction(() => document.getElementById('search-status').textContent !== '');
    const status = await page.textContent('#search-status');
    const total = Number(status.match(/^(\d+) pages match ‘paper’; the first 20 are shown\.$/)?.[1]);
    assert.ok(total > 40, status);
    assert.equal(await page.$$eval('#search-results > li', (items) => items.length), 20);
    const more = page.getByRole('button', { name: 'Show 20 more results' });
    assert.ok(await more.isVisible());
    const before = fetched.length;
    await more.click();
    await page.waitForFunction(() => document.querySelectorAll('#search-results > li').length === 40);
    assert.equal(await page.textContent('#search-status'), `${total} pages match ‘paper’; the first 40 are shown.`);
    assert.equal(await page.evaluate(() => document.activeElement.href),
      await page.$eval('#search-results > li:nth-child(21) h2 a', (a) => a.href), 'focus on the first new result');
    assert.ok(fetched.length > before, 'the new results\' chunks are fetched only now');
    // To the end: then the button goes.
    while (await page.locator('.search-more').isVisible()) {
      const shown = await page.$$eval('#search-results > li', (items) => items.length);
      await page.locator('.search-more').click();
      await page.waitForFunction((n) => document.querySelectorAll('#search-results > li').length > n, shown);
    }
    assert.equal(await page.$$eval('#search-results > li', (items) => items.length), total);
    assert.equal(await page.textContent('#search-status'), `${total} pages match ‘paper’.`);
    assert.ok(await page.locator('.search-more').isHidden());
    await page.close();
  });
});

// The index and the reader's browser read words alike: the table of folded
// letters Gazette is built with, and the characters words are made of in
// search.js, are what tools/fold-table.mjs makes of this Node's Unicode.
test('the fold table and the word characters in Gazette and in search.js agree', async () => {
  const tool = await import('../../tools/fold-table.mjs');
  const table = await readFile(new URL('../../generator/text/fold_table.inc', import.meta.url), 'utf8');
  assert.equal(table, tool.foldTable(), 'run: node tools/fold-table.mjs > generator/text/fold_table.inc');
  const script = await readFile(new URL('../../themes/default/scripts/search.js', import.meta.url), 'utf8');
  assert.ok(script.includes(`/[${tool.wordClass}]/u`), 'search.js splits words where the index does');
  const ranges = tool.ranges.map(([a, b]) => `\\u${a.toString(16).padStart(4, '0')}-\\u${b.toString(16).padStart(4, '0')}`).join('');
  assert.ok(script.includes(`/[A-Z${ranges}]/g`), 'search.js folds the letters the table holds');
});
