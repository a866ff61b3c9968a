#!/usr/bin/env node
// The benchmark behind `make bench` (see BENCHMARKS.md). It generates a
// synthetic site, then measures, in one run:
//   - full builds (cold: outputs and caches deleted first) by Gazette, Hugo
//     (when installed) and the cmark-gfm floor, in turns, RUNS times each;
//   - Gazette rebuilds that keep SITE/.gazette-cache: with nothing changed,
//     after editing one page, after editing one dataset used by 100 pages, and
//     a mistake in a page (a build that fails) and the edit that mends it,
//     counting the output files each one wrote;
//   - full builds at other sizes, to show how the cost grows.
// It prints medians and ratios and writes WORK/results.json. It fails when a
// build fails, has errors or warnings, or does not show an edit; it never
// judges a time.
//
//   node bench/bench.mjs [--pages N] [--runs R] [--sizes 1000,10000] [--work DIR]
//                        [--gazette PATH] [--floor PATH] [--smoke]
// Environment: BENCH_PAGES, BENCH_RUNS, BENCH_FULL=1 (adds 50,000 pages to the
// sizes), BENCH_BIG_RUNS (runs at sizes above --pages; 1 by default, as one
// Gazette build of 50,000 pages takes most of an hour today).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SECTIONS, generateSite, hotDatasetPath, pagePath } from './generate-site.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.dirname(here);

// ---- Options --------------------------------------------------------------

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(name);
  return at < 0 ? fallback : args.splice(at, 2)[1];
};
const smoke = args.includes('--smoke');
const pages = Number(option('--pages', process.env.BENCH_PAGES || (smoke ? 200 : 10000)));
const runs = Number(option('--runs', process.env.BENCH_RUNS || (smoke ? 1 : 5)));
const runsAt = (n) => (n > pages ? Number(process.env.BENCH_BIG_RUNS || 1) : runs);
const defaultSizes = smoke ? '100' : process.env.BENCH_FULL === '1' ? '1000,10000,50000' : '1000,10000';
const sizes = [...new Set([...option('--sizes', defaultSizes).split(',').map(Number), pages])].sort((a, b) => a - b);
const work = path.resolve(option('--work', path.join(root, 'build', 'bench-sites')));
const gazette = path.resolve(option('--gazette', path.join(root, 'build', 'gazette')));
const floor = path.resolve(option('--floor', path.join(root, 'build', 'gazette_floor')));
const hugo = spawnSync('sh', ['-c', 'command -v hugo'], { encoding: 'utf8' }).stdout.trim() || null;
const timeTool = fs.existsSync('/usr/bin/time') ? '/usr/bin/time' : null;
if (!(pages >= 10) || !(runs >= 1) || sizes.some((n) => !(n >= 10))) {
  console.error('usage: node bench/bench.mjs [--pages N>=10] [--runs R>=1] [--sizes N,N...] [--work DIR] [--smoke]');
  process.exit(2);
}
for (const tool of [gazette, floor])
  if (!fs.existsSync(tool)) fail(`${tool} is missing: build it first (make build)`);
if (!hugo) console.log('Hugo is not installed: skipping it (apt-get install hugo, or make bench as root).');
if (!timeTool) console.log('/usr/bin/time is missing: peak memory is not measured (apt-get install time).');

function fail(message) {
  console.error(`bench: ${message}`);
  process.exit(1);
}

// ---- Running and timing ---------------------------------------------------

// Runs a command to completion: its wall time in seconds, and from GNU time
// its peak RSS in MB and CPU seconds (user + system; less disturbed than wall
// time when something else shares the machine).
function timed(command, commandArgs, expectStatus = 0) {
  const timeFile = path.join(work, '.time');
  const [file, fileArgs] = timeTool ? [timeTool, ['-f', '%M %U %S', '-o', timeFile, command, ...commandArgs]] : [command, commandArgs];
  const start = process.hrtime.bigint();
  const result = spawnSync(file, fileArgs, { encoding: 'utf8', maxBuffer: 1 << 30 });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (result.status !== expectStatus)
    fail(`${command} ${commandArgs.join(' ')} exited with ${result.status}, not ${expectStatus}:\n${result.stdout}${result.stderr}`);
  const [kb, user, system] = timeTool ? fs.readFileSync(timeFile, 'utf8').trim().split('\n').pop().split(' ').map(Number) : [];
  return { seconds, rss: kb / 1024, cpu: user + system, stdout: result.stdout };
}

const rm = (...paths) => paths.forEach((p) => fs.rmSync(p, { recursive: true, force: true }));
// A cold build's old outputs are moved aside, not deleted, until the run is
// over: ext4 is slow to reuse inodes freed in the last minutes, so a build
// into a folder just emptied pays for the deletion (seen here at a third of
// a build's time), which no fresh checkout in CI does.
const retired = path.join(work, '.retired');
let retiredCount = 0;
const retire = (...paths) => paths.forEach((p) => {
  if (!fs.existsSync(p)) return;
  fs.mkdirSync(retired, { recursive: true });
  fs.renameSync(p, path.join(retired, String(retiredCount++)));
});
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const secs = (s) => (Number.isNaN(s) ? 'n/a' : s < 1 ? `${(s * 1000).toFixed(0)} ms` : `${s.toFixed(2)} s`);
const mb = (m) => (Number.isNaN(m) ? 'n/a' : `${m.toFixed(0)} MB`);
const load = () => os.loadavg().map((x) => x.toFixed(2)).join(' ');
const sleep = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

function walk(dir, visit) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(p, visit);
    else visit(p);
  }
}
// Output files written after `since` (ms), and all of them: what `find -newer` would count.
function filesWritten(dir, since) {
  let written = 0, total = 0;
  walk(dir, (p) => {
    total++;
    if (fs.statSync(p).mtimeMs > since) written++;
  });
  return { written, total };
}

// ---- The three builders ---------------------------------------------------

// Each site lives in WORK/site-N, with Hugo's copy of bench/hugo/ in WORK/hugo-N.
function prepare(n) {
  const site = path.join(work, `site-${n}`);
  const hugoDir = path.join(work, `hugo-${n}`);
  generateSite(site, { pages: n });
  rm(hugoDir);
  fs.cpSync(path.join(here, 'hugo'), hugoDir, { recursive: true });
  return { n, site, hugoDir };
}

// Each builder's run() is timed and then checked: Gazette's summary line must
// show no errors or warnings and every page, the others every page's HTML.
// A site of n pages has ten sections and a home page; Gazette adds a
// glossary, an accessibility statement, a search page and a site map.
// A small site leaves some of the 50 datasets unshown, which Gazette warns
// about; that warning is expected here, any other is a failure.
function builders(s) {
  const sections = Math.min(SECTIONS, s.n);
  const countHtml = (dir, expected, name) => {
    let html = 0;
    walk(dir, (p) => { if (p.endsWith('.html')) html++; });
    if (html !== expected) fail(`${name} wrote ${html} HTML files for site-${s.n}, expected ${expected}`);
  };
  const hugoOut = path.join(s.hugoDir, 'public');
  const floorOut = path.join(work, `floor-${s.n}`);
  return [
    { name: 'gazette', cold: () => retire(path.join(s.site, '.gazette-cache'), path.join(s.site, 'site-output'), path.join(s.site, '.site-output.new')),
      run: () => {
        const t = timed(gazette, ['build', s.site, '--format', 'json']);
        const lines = t.stdout.trim().split('\n').map((line) => JSON.parse(line));
        const last = lines.pop();
        const unexpected = lines.filter((d) => d.severity === 'error' || !d.message.startsWith('no page shows the dataset'));
        if (last.errors !== 0 || unexpected.length !== 0)
          fail(`gazette: ${last.errors} errors in site-${s.n}; first: ${unexpected.length ? JSON.stringify(unexpected[0]) : 'none'}`);
        if (last.pages !== s.n + sections + 5) fail(`gazette built ${last.pages} pages of site-${s.n}, expected ${s.n + sections + 5}`);
        return t;
      } },
    hugo && { name: 'hugo', cold: () => retire(hugoOut, path.join(s.hugoDir, 'resources'), path.join(s.hugoDir, 'cache')),
      run: () => {
        const t = timed(hugo, ['--quiet', '--source', s.hugoDir, '--contentDir', path.join(s.site, 'content'),
          '--destination', hugoOut, '--cacheDir', path.join(s.hugoDir, 'cache')]);
        countHtml(hugoOut, s.n + sections + 1, 'hugo');
        return t;
      } },
    { name: 'floor', cold: () => retire(floorOut),
      run: () => {
        const t = timed(floor, [path.join(s.site, 'content'), floorOut]);
        countHtml(floorOut, s.n + sections + 1, 'floor');
        return t;
      } },
  ].filter(Boolean);
}


// Cold full builds, the tools in turns, runsAt(n) times: medians per tool.
function fullBuilds(s) {
  const all = {};
  for (let r = 0; r < runsAt(s.n); r++) {
    for (const b of builders(s)) {
      b.cold();
      (all[b.name] ??= []).push(b.run());
    }
  }
  return Object.fromEntries(Object.entries(all).map(([k, ts]) => [k, { seconds: median(ts.map((t) => t.seconds)),
    runs: ts.map((t) => t.seconds), cpu: median(ts.map((t) => t.cpu)), rss: median(ts.map((t) => t.rss)) }]));
}

// Gazette rebuilds on top of the last full build, keeping .gazette-cache.
function rebuilds(s) {
  const [g] = builders(s);
  const page = pagePath(s.site, 7);
  const pageUrl = path.relative(path.join(s.site, 'content'), page).replace(/\.md$/, '');
  const dataset = hotDatasetPath(s.site);
  const originals = [page, dataset].map((p) => fs.readFileSync(p, 'utf8'));
  const out = path.join(s.site, 'site-output');
  // File times tick coarsely (a few ms): wait, so that this build's writes fall clearly after the mark.
  const measure = () => {
    const mark = Date.now();
    sleep(30);
    const t = g.run();
    return { ...t, ...filesWritten(out, mark + 10) };
  };
  const results = { noop: [], page: [], dataset: [], mistake: [], mended: [] };  // after the last full build, whose cache is kept
  for (let r = 1; r <= runs; r++) {
    results.noop.push(measure());

    const words = `benchmark edit ${r}`;
    fs.writeFileSync(page, originals[0].replace('This paper reports on', `This paper (${words}) reports on`));
    results.page.push(measure());
    if (!fs.readFileSync(path.join(out, pageUrl, 'index.html'), 'utf8').includes(words))
      fail(`the edit to ${page} is not in the rebuilt page`);

    const data = JSON.parse(originals[1]);
    data.series[0].values[data.series[0].values.length - 1] += r;
    const text = JSON.stringify(data, null, 2) + '\n';
    fs.writeFileSync(dataset, text);
    results.dataset.push(measure());
    if (fs.readFileSync(path.join(out, 'data', 'hot-indicators.json'), 'utf8') !== text)
      fail('the edited dataset is not in the rebuilt site');

    // A mistake (a figure from no dataset), reported, then mended.
    fs.writeFileSync(page, originals[0].replace('This paper reports on', 'This paper ({{ no-such-dataset.key.value }}) reports on'));
    const mistake = timed(gazette, ['build', s.site, '--format', 'json'], 1);
    if (!mistake.stdout.includes('no-such-dataset')) fail(`gazette did not report the mistake in ${page}:\n${mistake.stdout}`);
    results.mistake.push({ ...mistake, written: NaN, total: NaN });
    const mended = `benchmark mend ${r}`;
    fs.writeFileSync(page, originals[0].replace('This paper reports on', `This paper (${mended}) reports on`));
    results.mended.push(measure());
    if (!fs.readFileSync(path.join(out, pageUrl, 'index.html'), 'utf8').includes(mended))
      fail(`the mended ${page} is not in the rebuilt page`);
  }
  fs.writeFileSync(page, originals[0]);
  fs.writeFileSync(dataset, originals[1]);
  const summary = (list) => ({ seconds: median(list.map((x) => x.seconds)), cpu: median(list.map((x) => x.cpu)), rss: median(list.map((x) => x.rss)),
    written: median(list.map((x) => x.written)), total: list[0].total });
  return Object.fromEntries(Object.entries(results).map(([k, list]) => [k, summary(list)]));
}

// The same edits saved while `gazette serve` runs, as an author makes them:
// its builds keep the last one in memory and are told which files changed.
// Measured from the write to serve's "Rebuilt" line (so with inotify and the
// 10 ms it waits for an editor's burst of writes), and the rebuild's own time
// as serve reports it. Edits are 2 s apart, as an author's are at least: serve
// saves its build record to .gazette-cache/ when idle for a second.
async function serveEdits(s) {
  const page = pagePath(s.site, 7);
  const pageUrl = path.relative(path.join(s.site, 'content'), page).replace(/\.md$/, '');
  const dataset = hotDatasetPath(s.site);
  const originals = [page, dataset].map((p) => fs.readFileSync(p, 'utf8'));
  const out = path.join(s.site, 'site-output');
  const child = spawn(gazette, ['serve', '--port', '0', s.site], { stdio: ['ignore', 'pipe', 'pipe'] });
  let pending = '', waiting = null, log = '';
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (d) => { log += d; });
  child.stdout.on('data', (d) => {
    log += d;
    pending += d;
    for (let at = pending.indexOf('\n'); at >= 0; at = pending.indexOf('\n')) {
      const line = pending.slice(0, at);
      pending = pending.slice(at + 1);
      if (waiting && waiting.pattern.test(line)) {
        const w = waiting;
        waiting = null;
        w.resolve({ line, at: process.hrtime.bigint() });
      }
    }
  });
  const exited = new Promise((resolve) => child.on('exit', resolve));
  const next = (pattern) => new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`gazette serve said nothing matching ${pattern} in 120 s:\n${log}`)), 120000);
    waiting = { pattern, resolve: (x) => { clearTimeout(timer); resolve(x); } };
  });
  const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
  const results = { page: [], dataset: [], mistake: [], mended: [] };
  try {
    await next(/^Serving /);
    // `broken`: the save has a mistake in it, which serve must report.
    const edit = async (file, text, broken = false) => {
      await pause(2000);
      const done = next(/^(Rebuilt in|The site has errors)/);
      const start = process.hrtime.bigint();
      fs.writeFileSync(file, text);
      const { line, at } = await done;
      const seconds = Number(at - start) / 1e9;
      if (broken) {
        if (!line.startsWith('The site has errors')) fail(`gazette serve did not report the mistake saved in ${file}:\n${log}`);
        return { seconds, build: NaN, rendered: NaN };
      }
      const built = line.match(/^Rebuilt in (\d+) ms: (\d+) of/);
      if (!built) fail(`gazette serve could not rebuild after an edit to ${file}:\n${log}`);
      return { seconds, build: Number(built[1]) / 1000, rendered: Number(built[2]) };
    };
    for (let r = 1; r <= runs; r++) {
      const words = `serve edit ${r}`;
      results.page.push(await edit(page, originals[0].replace('This paper reports on', `This paper (${words}) reports on`)));
      if (!fs.readFileSync(path.join(out, pageUrl, 'index.html'), 'utf8').includes(words))
        fail(`gazette serve: the edit to ${page} is not in the rebuilt page`);
      // A figure from a dataset that is not there, then the save that mends it.
      results.mistake.push(await edit(page, originals[0].replace('This paper reports on', 'This paper {{ nosuch.key }} reports on'), true));
      results.mended.push(await edit(page, originals[0].replace('This paper reports on', `This paper (${words}, mended) reports on`)));
      if (!fs.readFileSync(path.join(out, pageUrl, 'index.html'), 'utf8').includes(`${words}, mended`))
        fail(`gazette serve: the mended page ${page} is not in the rebuilt site`);
      const data = JSON.parse(originals[1]);
      data.series[0].values[data.series[0].values.length - 1] += 100 + r;
      const text = JSON.stringify(data, null, 2) + '\n';
      results.dataset.push(await edit(dataset, text));
      if (fs.readFileSync(path.join(out, 'data', 'hot-indicators.json'), 'utf8') !== text)
        fail('gazette serve: the edited dataset is not in the rebuilt site');
    }
  } finally {
    child.kill('SIGINT');
    await exited;
    fs.writeFileSync(page, originals[0]);
    fs.writeFileSync(dataset, originals[1]);
  }
  const summary = (list) => ({ seconds: median(list.map((x) => x.seconds)), build: median(list.map((x) => x.build)),
    rendered: median(list.map((x) => x.rendered)) });
  return { page: summary(results.page), dataset: summary(results.dataset), mistake: summary(results.mistake), mended: summary(results.mended) };
}

// ---- The run --------------------------------------------------------------

fs.mkdirSync(work, { recursive: true });
const cpu = (fs.readFileSync('/proc/cpuinfo', 'utf8').match(/model name\s*:\s*(.*)/) || [])[1] || os.cpus()[0]?.model;
const version = (cmd) => (cmd ? spawnSync(cmd, ['version'], { encoding: 'utf8' }).stdout.trim().split('\n')[0] : 'not installed');
console.log(`Machine: ${cpu}, ${os.availableParallelism()} cores, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB memory`);
console.log(`Gazette: ${gazette}\nHugo: ${version(hugo)}\nFloor: ${floor} (cmark-gfm alone)`);
console.log(`Load average at the start: ${load()} (1, 5, 15 min; other work on the machine slows every figure)`);
console.log(`Synthetic site of ${pages} pages, 50 datasets; ${runs} run(s) of each; sizes ${sizes.join(', ')}; in ${work}\n`);

const results = { machine: { cpu, cores: os.availableParallelism(), memory_gib: os.totalmem() / 2 ** 30 }, load_at_start: load(),
  hugo: version(hugo), pages, runs, full: {}, rebuilds: null };
for (const n of sizes) {
  console.log(`${n} pages: generating the site, then building it ${runsAt(n)} times with each tool...`);
  const s = prepare(n);
  results.full[n] = fullBuilds(s);
  const row = Object.entries(results.full[n]).map(([k, v]) => `${k} ${secs(v.seconds)} (${mb(v.rss)})`);
  console.log(`Full builds of ${n} pages, median of ${runsAt(n)}: ${row.join(', ')}`);
  if (n === pages) {
    results.rebuilds = rebuilds(s);
    for (const [k, v] of Object.entries(results.rebuilds))
      console.log(`  gazette rebuild, ${k}: ${secs(v.seconds)}` + (Number.isNaN(v.written) ? ' (failed, as it should)' : `, wrote ${v.written} of ${v.total} files`));
    results.serve = await serveEdits(s);
    for (const [k, v] of Object.entries(results.serve))
      console.log(`  gazette serve, ${k}: ${k === 'mistake' ? 'reported' : 'output'} ${secs(v.seconds)} after the save` +
        (Number.isNaN(v.build) ? '' : ` (its rebuild ${secs(v.build)})`));
  }
}

// ---- The report -----------------------------------------------------------

const main = results.full[pages];
const ratio = (a, b) => (a && b ? (a.seconds / b.seconds).toFixed(2) : 'n/a');
console.log(`\n## Full build, ${pages} pages (cold), median of ${runs}\n`);
console.log('| builder | median | runs (s) | CPU time | peak RSS |\n| --- | ---: | --- | ---: | ---: |');
for (const [k, v] of Object.entries(main))
  console.log(`| ${k} | ${secs(v.seconds)} | ${v.runs.map((x) => x.toFixed(2)).join(', ')} | ${secs(v.cpu)} | ${mb(v.rss)} |`);
console.log(main.hugo ? `\nGazette vs Hugo: Hugo's time / Gazette's = ${ratio(main.hugo, main.gazette)} (above 1, Gazette is faster)`
  : '\nGazette vs Hugo: not measured (Hugo is not installed)');
console.log(`Gazette vs floor: Gazette's time / the floor's = ${ratio(main.gazette, main.floor)} (1 is as fast as cmark-gfm alone)`);

const rb = results.rebuilds;
console.log(`\n## Gazette rebuilds, ${pages} pages (.gazette-cache kept), median of ${runs}\n`);
console.log('| rebuild | median | CPU time | share of full build | files written | peak RSS |\n| --- | ---: | ---: | ---: | ---: | ---: |');
for (const [label, v] of [['nothing changed', rb.noop], ['one page edited', rb.page], [`one dataset used by ${Math.min(100, Math.ceil(pages / 10))} pages edited`, rb.dataset],
  ['a mistake in the page (the build fails)', rb.mistake], ['the edit that mends it', rb.mended]])
  console.log(`| ${label} | ${secs(v.seconds)} | ${secs(v.cpu)} | ${((100 * v.seconds) / main.gazette.seconds).toFixed(0)}% | ` +
    `${Number.isNaN(v.written) ? '–' : `${v.written} of ${v.total}`} | ${mb(v.rss)} |`);

const sv = results.serve;
console.log(`\n## Edits saved while gazette serve runs, ${pages} pages, median of ${runs}\n`);
console.log('| edit | save to rebuilt output | rebuild alone | units rendered |\n| --- | ---: | ---: | ---: |');
for (const [label, v] of [['one page', sv.page], [`one dataset used by ${Math.min(100, Math.ceil(pages / 10))} pages`, sv.dataset],
  ['a mistake in the page (to the error)', sv.mistake], ['the save that mends it', sv.mended]])
  console.log(`| ${label} | ${secs(v.seconds)} | ${Number.isNaN(v.build) ? '–' : secs(v.build)} | ${Number.isNaN(v.rendered) ? '–' : v.rendered} |`);

const tools = Object.keys(main);
console.log('\n## Scaling: full builds (cold), medians\n');
console.log(`| pages | runs | ${tools.join(' | ')} | gazette per page |\n| ---: | ---: | ${tools.map(() => '---:').join(' | ')} | ---: |`);
for (const n of sizes) {
  const f = results.full[n];
  console.log(`| ${n} | ${runsAt(n)} | ${tools.map((k) => `${secs(f[k].seconds)} (${mb(f[k].rss)})`).join(' | ')} | ${((1000 * f.gazette.seconds) / n).toFixed(2)} ms |`);
}
for (let i = 1; i < sizes.length; i++) {
  const [a, b] = [results.full[sizes[i - 1]], results.full[sizes[i]]];
  console.log(`${sizes[i - 1]} -> ${sizes[i]} pages (${(sizes[i] / sizes[i - 1]).toFixed(1)}x): ` +
    tools.map((k) => `${k} ${(b[k].seconds / a[k].seconds).toFixed(2)}x`).join(', '));
}

results.load_at_end = load();
console.log(`\nLoad average at the end: ${results.load_at_end}`);
fs.writeFileSync(path.join(work, 'results.json'), JSON.stringify(results, null, 2) + '\n');
console.log(`\nResults: ${path.join(work, 'results.json')}`);
rm(retired);
