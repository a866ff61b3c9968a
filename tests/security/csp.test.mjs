// Every page of the built sites in Debian's Chromium, with JavaScript on,
// served with the headers the build wrote to the site's _headers file (the
// strict Content-Security-Policy among them): not one policy violation or
// console error, and every chart drawn by Chart.js, the search page searching.
// GAZETTE_SITES is a list of built site folders separated by ':'.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { chromium } from 'playwright-core';
import { serveSite } from '../browser/site_server.mjs';

const sites = (process.env.GAZETTE_SITES ?? '').split(':').filter(Boolean).map((s) => resolve(s));
const totals = { pages: 0, charts: 0, violations: 0 };

// The headers _headers gives every address ("/*"), as Netlify and Cloudflare Pages read it.
async function headersOf(root) {
  const headers = {};
  let all = false;
  for (const line of (await readFile(join(root, '_headers'), 'utf8')).split('\n')) {
    if (line.startsWith('#') || line.trim() === '') continue;
    if (!line.startsWith(' ')) all = line.trim() === '/*';
    else if (all) {
      const colon = line.indexOf(':');
      headers[line.slice(0, colon).trim()] = line.slice(colon + 1).trim();
    }
  }
  return headers;
}

async function pagesOf(root) {
  const found = ['404.html'];
  for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || (entry.name !== 'index.html' && entry.name !== 'print.html')) continue;
    const folder = relative(root, entry.parentPath ?? entry.path);
    const url = folder === '' ? '' : folder.split(sep).join('/') + '/';
    found.push(entry.name === 'index.html' ? url : url + entry.name);
  }
  return found.sort();
}

let browser;
before(async () => {
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
           '--disable-sync', '--no-first-run', '--disable-quic'],
  });
});
after(async () => {
  await browser?.close();
  console.log(`CSP: ${totals.pages} pages under the site's own _headers, ${totals.charts} charts drawn, ` +
              `${totals.violations} violations or console errors`);
});

test('there are built sites to test', () => assert.ok(sites.length > 0, 'set GAZETTE_SITES to the built site folders'));

for (const root of sites) {
  describe(`site ${root}`, () => {
    let server;
    let headers;
    before(async () => {
      headers = await headersOf(root);
      server = await serveSite(root, headers);
    });
    after(async () => server?.close());

    test('_headers carries the strict policy', () => {
      assert.equal(headers['Content-Security-Policy'].split('; ').slice(0, 6).join('; '),
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'");
      assert.equal(headers['X-Content-Type-Options'], 'nosniff');
    });

    test('every page runs under the policy with no violation, and its charts draw', { timeout: 300_000 }, async () => {
      const context = await browser.newContext();
      // Injected by the browser, so the policy does not apply to it.
      await context.addInitScript(() => {
        window.__violations = [];
        document.addEventListener('securitypolicyviolation', (e) =>
          window.__violations.push(`${e.effectiveDirective} blocked ${e.blockedURI || 'inline'} at ${e.sourceFile}:${e.lineNumber}`));
      });
      const page = await context.newPage();
      const problems = [];
      let path = '';
      page.on('console', (message) => {
        // Chromium asks for /favicon.ico by itself when a site names no icon; that is no page's doing.
        if (message.type() !== 'error' || message.location().url.endsWith('/favicon.ico')) return;
        problems.push(`/${path}: console: ${message.text()} (${message.location().url})`);
      });
      page.on('pageerror', (error) => problems.push(`/${path}: ${error.message}`));
      for (path of await pagesOf(root)) {
        totals.pages += 1;
        const response = await page.goto(server.url + path, { waitUntil: 'load' });
        assert.ok(response.headers()['content-security-policy'], 'the policy is sent');
        if (path === 'search/') {
          await page.fill('#search-input', 'report');
          await page.waitForFunction(() => document.getElementById('search-status').textContent !== '');
        }
        const charts = await page.evaluate(() => [...document.querySelectorAll('figure.chart canvas')].map((canvas) =>
          Boolean(window.Chart && window.Chart.getChart(canvas)) && !canvas.closest('.chart__canvas').hidden));
        totals.charts += charts.filter(Boolean).length;
        if (charts.includes(false)) problems.push(`/${path}: ${charts.filter((c) => !c).length} of ${charts.length} charts not drawn`);
        await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 20)));  // late violation reports
        for (const v of await page.evaluate(() => window.__violations)) problems.push(`/${path}: ${v}`);
      }
      await context.close();
      totals.violations += problems.length;
      assert.deepEqual(problems, []);
    });
  });
}
