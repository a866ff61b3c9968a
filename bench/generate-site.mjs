#!/usr/bin/env node
// Writes a SYNTHETIC Gazette site for benchmarks: N report pages of committee
// Markdown (front matter, numbered sections, paragraphs, lists, GFM tables,
// footnotes, links between pages) and 50 datasets; one page in ten has a
// chart, a row of KPI tiles, a table component and figures in prose.
// Every word and number is made up. The same N and seed give the same files.
//
//   node bench/generate-site.mjs DIR [--pages N] [--seed S]
//
// Layout: DIR/site.json, DIR/README.md, DIR/data/*.json|csv,
// DIR/content/_index.md, DIR/content/area-NNN/{_index.md,paper-NNNNN.md}
// (pages dealt out ten at a time). Page i is a component page when i % 10 == 0;
// the first 100 component pages use data/hot-indicators.json, so editing that
// one dataset touches 100 pages.
import fs from 'node:fs';
import path from 'node:path';

// Ten sections, however many pages: a portal's navigation lists a handful of
// sections, each holding many reports. (With one section per 100 pages, every
// page of a 50,000-page site would list 500 sections.)
export const SECTIONS = 10;
const LEVEL_DATASETS = 25;   // measures-01..25: levels over six years
const CHANGE_DATASETS = 5;   // measures-26..30: one year's percentage changes
const TABLE_DATASETS = 18;   // spending-01..18, the last 5 with rows in CSV
const CSV_TABLES = 5;
const HOT_PAGES = 100;       // pages that use hot-indicators

// mulberry32: a small, fast, seedable generator, so the site is the same every time.
function rng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (lo, hi) => lo + Math.floor(next() * (hi - lo + 1));
  const pick = (list) => list[Math.floor(next() * list.length)];
  return { next, int, pick };
}

function shuffle(r, list) {
  const out = list.slice();
  for (let k = out.length - 1; k > 0; k--) {
    const j = r.int(0, k);
    [out[k], out[j]] = [out[j], out[k]];
  }
  return out;
}

const pad = (n, width) => String(n).padStart(width, '0');
const slug = (s) => s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
const sentenceCase = (s) => s[0].toUpperCase() + s.slice(1);

// ---- Words ----------------------------------------------------------------

const SERIES = ['Robbery', 'Burglary', 'Vehicle crime', 'ASB incidents', 'Hate crime', 'Domestic abuse',
  'Criminal damage', 'Shoplifting', 'Knife crime', 'Drug offences'];
const TOPICS = ['community safety', 'anti-social behaviour', 'domestic abuse', 'serious violence', 'reoffending',
  'hate crime', 'youth engagement', 'night-time economy', 'modern slavery', 'road safety', 'fraud and scams',
  'substance misuse'];
const HEADINGS = ['Background', 'Current position', 'Partnership working', 'Performance', 'Finance',
  'Risks and issues', 'Consultation', 'Equality impact', 'Next steps', 'Legal implications', 'Outcomes',
  'Lessons learned'];
const SUBHEADINGS = ['Delivery', 'Governance', 'Funding', 'Engagement', 'Monitoring', 'Training'];
const SUBJECTS = ['The partnership', 'The delivery group', 'The ASB team', 'The CSP board', 'Each LPDG',
  'The PCC', 'The MARAC', 'The DHR panel', 'The council', 'The VRU', 'Every neighbourhood team',
  'The IDVA service'];
const VERBS = ['reviewed', 'agreed', 'funded', 'extended', 'commissioned', 'monitored', 'consulted on',
  'supported', 'evaluated', 'piloted', 'published', 'strengthened'];
const OBJECTS = ['the referral pathway', 'its information sharing agreement', 'a new training programme',
  'the CCTV replacement plan', 'the annual strategic assessment', 'the victim support offer',
  'a mentoring scheme for young people', 'the problem-solving approach', 'the performance framework',
  'the outreach service', 'joint patrols in the town centre', 'the commissioning plan'];
const CLAUSES = ['following the spring consultation', 'within the agreed budget', 'across all six areas',
  'with support from partners', 'ahead of the winter period', 'in line with the strategy',
  'as the board asked last year', 'using funding from the PCC', 'after a slow start',
  'despite pressure on staffing'];
const PROJECTS = ['Street pastors', 'Mediation service', 'Youth outreach', 'Target hardening',
  'Victim advocacy', 'Safer streets', 'Schools programme', 'Night marshals', 'Analyst post',
  'Community champions', 'Helpline', 'Diversion scheme'];
const GLOSSARY = [['ASB', 'anti-social behaviour'], ['CSP', 'community safety partnership'],
  ['DHR', 'domestic homicide review'], ['PCC', 'police and crime commissioner'],
  ['VRU', 'violence reduction unit'], ['LPDG', 'local partnership delivery group'],
  ['MARAC', 'multi-agency risk assessment conference'], ['IDVA', 'independent domestic violence adviser'],
  ['CCTV', 'closed-circuit television'], ['NPU', 'neighbourhood policing unit']];
const YEARS = ['2018/19', '2019/20', '2020/21', '2021/22', '2022/23', '2023/24'];

// ---- Datasets -------------------------------------------------------------

const SOURCE = 'Synthetic benchmark data, made up by bench/generate-site.mjs';

function levelsDataset(r, title) {
  const unit = r.next() < 0.8 ? 'count' : 'percent';
  const series = SERIES.slice(0, r.int(4, 8)).map((label) => {
    let v = unit === 'count' ? r.int(80, 2000) : r.int(10, 90) + r.int(0, 99) / 100;
    const values = YEARS.map(() => {
      v = unit === 'count' ? Math.max(1, Math.round(v * (0.85 + r.next() * 0.3))) : Math.round(v * (0.9 + r.next() * 0.2) * 100) / 100;
      return v;
    });
    return { key: slug(label), label, values };
  });
  return { kind: 'trends', title, source: SOURCE, unit, good_direction: 'down', periods: YEARS, series };
}

function changesDataset(r, title) {
  const series = SERIES.map((label) => ({ key: slug(label), label, values: [Math.round((r.next() * 60 - 30) * 100) / 100] }));
  return { kind: 'trends', title, source: SOURCE, unit: 'percent', measure: 'change', good_direction: 'down',
    periods: ['2023/24'], series };
}

function tableRows(r) {
  return PROJECTS.slice(0, r.int(6, 12)).map((project) => ({
    project, year: r.pick(YEARS), amount: r.int(20, 900) * 100, people: r.int(3, 900) }));
}

const COLUMNS = [
  { key: 'project', label: 'Project', type: 'text' },
  { key: 'year', label: 'Year', type: 'financial_year' },
  { key: 'amount', label: 'Funding', type: 'GBP' },
  { key: 'people', label: 'People helped', type: 'integer' },
];

function writeDatasets(dir, seed) {
  const r = rng(seed);
  const json = (name, value) => fs.writeFileSync(path.join(dir, `${name}.json`), JSON.stringify(value, null, 2) + '\n');
  for (let d = 1; d <= LEVEL_DATASETS + CHANGE_DATASETS; d++) {
    const title = `Synthetic measures ${pad(d, 2)}: ${TOPICS[d % TOPICS.length]}`;
    json(`measures-${pad(d, 2)}`, d <= LEVEL_DATASETS ? levelsDataset(r, title) : changesDataset(r, title));
  }
  for (let d = 1; d <= TABLE_DATASETS; d++) {
    const rows = tableRows(r);
    const total = { label: 'Total', amount: rows.reduce((s, x) => s + x.amount, 0), people: rows.reduce((s, x) => s + x.people, 0) };
    const name = `spending-${pad(d, 2)}`;
    const table = { kind: 'table', title: `Synthetic spending ${pad(d, 2)}`, source: SOURCE, columns: COLUMNS,
      suppress_below: 5 };
    if (d > TABLE_DATASETS - CSV_TABLES) {
      const csv = ['_row,project,year,amount,people', ...rows.map((x) => `,${x.project},${x.year},${x.amount},${x.people}`),
        `total,Total,,${total.amount},${total.people}`];
      fs.writeFileSync(path.join(dir, `${name}.csv`), csv.join('\n') + '\n');
      json(name, { ...table, rows_csv: `${name}.csv` });
    } else {
      json(name, { ...table, rows, total });
    }
  }
  json('hot-indicators', { ...levelsDataset(r, 'Synthetic headline indicators (used by 100 pages)'), unit: 'count' });
  json('glossary', { kind: 'glossary', title: 'Glossary', source: SOURCE,
    terms: GLOSSARY.map(([abbr, expansion]) => ({ abbr, expansion })) });
}

// ---- Pages ----------------------------------------------------------------

const sectionOf = (i) => Math.floor(i / 10) % SECTIONS;  // runs of ten pages, dealt out in turn
const pageUrl = (i) => `/area-${pad(sectionOf(i) + 1, 3)}/paper-${pad(i + 1, 5)}/`;

function sentence(r) {
  return `${r.pick(SUBJECTS)} ${r.pick(VERBS)} ${r.pick(OBJECTS)} ${r.pick(CLAUSES)}.`;
}

function paragraph(r, extra = []) {
  const parts = Array.from({ length: r.int(3, 6) }, () => sentence(r));
  for (const e of extra) parts.splice(r.int(1, parts.length), 0, e);
  return parts.join(' ');
}

function frontMatter(r, i, topic) {
  const year = 2015 + (i % 10);
  const date = `${year}-${pad(r.int(1, 12), 2)}-${pad(r.int(1, 28), 2)}`;
  const lines = ['---', `title: "Synthetic paper ${pad(i + 1, 5)}: ${sentenceCase(topic)}"`, `date: ${date}`,
    `summary: "A synthetic report on ${topic}, generated for Gazette's benchmarks."`, 'numbering: auto'];
  if (i % 3 === 0) {
    lines.push('committee: Synthetic Scrutiny Committee', `meeting_date: ${date}`, `agenda_item: "${r.int(3, 12)}"`,
      'author: Synthetic Head of Community Safety', `purpose: "To update the committee on ${topic}."`,
      'recommendations:', '  - That the committee notes the report.',
      `  - That the committee agrees the ${r.pick(SUBHEADINGS).toLowerCase()} plan.`,
      'contact:', '  name: A. Synthetic', '  role: Community Safety Manager', '  email: a.synthetic@example.org',
      '  phone: "01234 567890"');
  }
  return lines.concat('---', '').join('\n');
}

function markdownTable(r) {
  const rows = Array.from({ length: r.int(3, 7) }, () =>
    `| ${r.pick(PROJECTS)} | ${r.pick(YEARS)} | £${r.int(1, 90)},${pad(r.int(0, 999), 3)} | ${r.int(5, 400)} |`);
  return [`Table: ${sentenceCase(r.pick(TOPICS))} projects by year`, '',
    '| Project | Year | Funding | People |', '| --- | --- | ---: | ---: |', ...rows].join('\n');
}

function list(r) {
  const ordered = r.next() < 0.3;
  const task = !ordered && r.next() < 0.2;
  return Array.from({ length: r.int(3, 6) }, (_, k) => {
    const text = `${r.pick(OBJECTS)} ${r.pick(CLAUSES)}`;
    if (ordered) return `${k + 1}. ${sentenceCase(text)}`;
    if (task) return `- [${r.next() < 0.5 ? 'x' : ' '}] ${sentenceCase(text)}`;
    return `- ${sentenceCase(text)}${r.next() < 0.1 ? ' (~~draft~~ agreed)' : ''}`;
  }).join('\n');
}

// Figures in prose and the three components, on one page in ten.
function dataSection(r, k, heading) {
  const levels = `measures-${pad((k % LEVEL_DATASETS) + 1, 2)}`;
  const changes = `measures-${pad(LEVEL_DATASETS + (k % CHANGE_DATASETS) + 1, 2)}`;
  const table = `spending-${pad((k % TABLE_DATASETS) + 1, 2)}`;
  const chart = k % 4 === 3
    ? `dataset: ${changes}\ntype: diverging\ntitle: Some measures rose and some fell in 2023/24`
    : `dataset: ${levels}\ntype: ${['line', 'bar', 'stacked-bar'][k % 4]}\ntitle: Recorded levels from 2018/19 to 2023/24\nseries: [robbery, burglary, vehicle-crime]`;
  const tiles = ['robbery', 'burglary', 'vehicle-crime'].map((s, n) =>
    `  - figure: ${levels}.${s}` + (n === 0 ? `\n    target: ${r.int(100, 1500)}` : ''));
  const hot = k < HOT_PAGES;
  if (hot) tiles.push('  - figure: hot-indicators.robbery\n    label: Headline robbery');
  const prose = `Robbery stood at {{ ${levels}.robbery }}, against {{ ${levels}.robbery.previous }} the year before, ` +
    `a change of {{ ${levels}.robbery.percent_change | abs }}. Funding came to {{ ${table}.total.amount }} in all` +
    (hot ? `, and the headline burglary figure was {{ hot-indicators.burglary }}.` : '.');
  return [heading('Performance data'), '', prose, '', '```chart', chart, '```', '', '```kpi', 'tiles:', ...tiles, '```', '',
    paragraph(r), '', '```table', `dataset: ${table}`, `caption: Funding by project (${table})`, '```', ''].join('\n');
}

function page(i, pages, seed) {
  const r = rng(seed * 1000003 + i);
  const topic = r.pick(TOPICS);
  const manual = i % 4 === 1;  // a quarter of the papers write their section numbers themselves
  const other = () => r.int(0, pages - 1);
  const out = [frontMatter(r, i, topic)];
  let section = 0;
  const heading = (title) => `## ${manual ? `${++section}. ` : ''}${title}`;
  let footnotes = 0;

  out.push(heading('Purpose'), '', `This paper reports on ${topic} to the committee. ${paragraph(r)}`, '');
  const headings = shuffle(r, HEADINGS).slice(0, r.int(3, 5));
  headings.forEach((title, s) => {
    out.push(heading(title), '');
    for (let p = 0, n = r.int(2, 4); p < n; p++) {
      const extra = [];
      if (r.next() < 0.35) {
        const j = other();
        extra.push(r.next() < 0.5 ? `See [paper ${pad(j + 1, 5)}](${pageUrl(j)}) for the detail.`
          : `This follows [paragraph 2.1 of paper ${pad(j + 1, 5)}](${pageUrl(j)}#para-2-1).`);
      }
      if (r.next() < 0.25) extra.push(`The figures were revised in ${r.pick(YEARS)}.[^${++footnotes}]`);
      out.push(paragraph(r, extra), '');
      if (r.next() < 0.3) out.push(list(r), '');
    }
    if (s === 1 && r.next() < 0.5) out.push(markdownTable(r), '');
    if (s === 2 && r.next() < 0.4) out.push(`### ${r.pick(SUBHEADINGS)}`, '', paragraph(r), '');
  });
  if (i % 10 === 0) out.push(dataSection(r, i / 10, heading));
  out.push(heading('Recommendation'), '', 'That the committee notes the report and the progress made.', '');
  for (let f = 1; f <= footnotes; f++) out.push(`[^${f}]: Synthetic note ${f}: ${sentence(r)}`, '');
  return out.join('\n');
}

// ---- The site -------------------------------------------------------------

export function generateSite(dir, { pages = 10000, seed = 2024 } = {}) {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(path.join(dir, 'data'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'content'), { recursive: true });
  const sections = Math.min(SECTIONS, pages);
  fs.writeFileSync(path.join(dir, 'site.json'), JSON.stringify({
    title: `Synthetic benchmark site (${pages} pages)`,
    organisation: 'Generated by bench/generate-site.mjs: every word and figure here is synthetic',
    description: 'A synthetic site for measuring how fast Gazette builds; nothing in it is real.',
  }, null, 2) + '\n');
  fs.writeFileSync(path.join(dir, 'README.md'),
    `# Synthetic benchmark site\n\nGenerated by bench/generate-site.mjs (${pages} pages, seed ${seed}) for ` +
    '`make bench`. Every word and figure is made up; regenerate it rather than edit it.\n');
  writeDatasets(path.join(dir, 'data'), seed);
  fs.writeFileSync(path.join(dir, 'content', '_index.md'),
    '---\ntitle: Synthetic benchmark site\nsummary: Synthetic papers for measuring build speed.\n---\n' +
    'Every paper on this site is synthetic: it was generated to measure how fast sites build.\n');
  for (let s = 0; s < sections; s++) {
    const folder = path.join(dir, 'content', `area-${pad(s + 1, 3)}`);
    fs.mkdirSync(folder);
    fs.writeFileSync(path.join(folder, '_index.md'),
      `---\ntitle: Synthetic area ${s + 1}\nsummary: Papers for synthetic area ${s + 1}.\n---\n` +
      `The papers of synthetic area ${s + 1}, newest first.\n`);
  }
  for (let i = 0; i < pages; i++)
    fs.writeFileSync(path.join(dir, 'content', `area-${pad(sectionOf(i) + 1, 3)}`, `paper-${pad(i + 1, 5)}.md`), page(i, pages, seed));
}

// The paths the benchmark edits.
export const pagePath = (dir, i) => path.join(dir, 'content', `area-${pad(sectionOf(i) + 1, 3)}`, `paper-${pad(i + 1, 5)}.md`);
export const hotDatasetPath = (dir) => path.join(dir, 'data', 'hot-indicators.json');

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const option = (name, fallback) => {
    const at = args.indexOf(name);
    return at < 0 ? fallback : Number(args.splice(at, 2)[1]);
  };
  const pages = option('--pages', 10000);
  const seed = option('--seed', 2024);
  if (args.length !== 1 || !(pages >= 1)) {
    console.error('usage: node bench/generate-site.mjs DIR [--pages N] [--seed S]');
    process.exit(2);
  }
  generateSite(args[0], { pages, seed });
  console.log(`Wrote a synthetic site of ${pages} pages into ${args[0]}`);
}
