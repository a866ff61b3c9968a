// Searches the site in the browser from the index Gazette writes on every
// build. search-index.json lists two kinds of file: buckets of words, which
// say which pages each word is on and how much it counts there, and chunks
// of the pages' text, ten pages to a chunk in the site's order. A search
// fetches the buckets of its words, then the chunks of the results it shows,
// each file once. Without JavaScript the page offers the site map.
(() => {
  'use strict';
  const [form, input, status, list, noScript] = ['form', 'input', 'status', 'results', 'no-script']
    .map((name) => document.getElementById('search-' + name));
  if (!form) return;
  const root = form.dataset.root;
  const shownAtOnce = 20;
  let index = null;
  let timer = 0;
  let current = 0;  // the latest search; an older one that finishes late shows nothing
  const files = new Map();

  // What words are made of, and how letters fold, as the index was made
  // (Gazette's tools/fold-table.mjs): lower case without accents, one code
  // unit for one, so that a place in the folded text is the same place in
  // the original.
  const letter = /[0-9A-Za-z\u00aa\u00b2-\u00b3\u00b5\u00b9-\u00ba\u00bc-\u00be\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u1fff\u2c00-\u2dff\u2e80-\u2fff\u3040-\ud7ff\uf900-\ufdff\ufe70-\ufefe\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\uff66-\uffdc\u{10000}-\u{1efff}\u{1fb00}-\u{10ffff}]/u.source;
  const fold = (text) => text.replace(/[A-Z\u00c0-\u04ff\u1e00-\u1eff]/g, (c) => {
    const plain = c.normalize('NFD').charAt(0).toLowerCase();
    return plain.length === 1 ? plain : c;
  });

  // Each word finds the words it starts, after a little English stemming:
  // "robberies" finds "robbery", "funded" finds "funding". A word of one
  // letter or digit finds itself alone.
  const terms = (query) => (fold(query).replace(/['\u2019]/g, '').match(new RegExp(letter + '+', 'gu')) || []).map((word) => {
    const stem = word.replace(/(ies|es|s|ing|ed)$/, '');
    const key = stem.length >= 4 ? stem : word;
    const whole = [...key].length === 1;
    return { key, whole, pattern: new RegExp(`(?<!${letter})${key}${whole ? `(?!${letter})` : letter + '*'}`, 'gu') };
  });

  const load = (path) => {
    if (!files.has(path)) {
      files.set(path, fetch(root + path).then((response) => {
        if (!response.ok) throw new Error(response.status);
        return response.json();
      }));
      files.get(path).catch(() => files.delete(path));  // tried again next time
    }
    return files.get(path);
  };

  // The bucket of a word: FNV-1a of the UTF-8 of its first two letters, as
  // Gazette's search_bucket() takes it.
  const bucket = (key) => {
    let hash = 2166136261;
    for (const byte of new TextEncoder().encode([...key].slice(0, 2).join(''))) hash = Math.imul(hash ^ byte, 16777619) >>> 0;
    return index.words[hash % index.words.length];
  };

  // Every word must be on the page. A word in the title counts for more than
  // one in a heading, and that for more than any number of them in the text.
  const match = async (words) => {
    const buckets = await Promise.all(words.map(({ key }) => (bucket(key) ? load(bucket(key)) : { terms: {} })));
    let pages = null;
    words.forEach(({ key, whole }, i) => {
      const found = new Map();  // place -> [title, heading, times in the text]
      for (const [term, postings] of Object.entries(buckets[i].terms)) {
        if (whole ? term !== key : !term.startsWith(key)) continue;
        for (let j = 0, place = 0; j < postings.length; j += 2) {
          place += postings[j];
          const code = postings[j + 1];
          const seen = found.get(place) || [false, false, 0];
          found.set(place, [seen[0] || code >= 20, seen[1] || code % 20 >= 10, seen[2] + code % 10]);
        }
      }
      const scored = new Map();
      for (const [place, [title, heading, times]] of found)
        if (!pages || pages.has(place)) scored.set(place, (pages ? pages.get(place) : 0) + (title ? 100 : 0) + (heading ? 10 : 0) + Math.min(times, 9));
      pages = scored;
    });
    return [...pages].map(([place, score]) => ({ place, score })).sort((a, b) => b.score - a.score || a.place - b.place);
  };

  // A result's page from its chunk, with the part that has most of the words.
  const read = async (result, words) => {
    const chunk = await load(index.chunks[Math.floor(result.place / index.pages)]);
    const page = chunk.pages[result.place % index.pages];
    let context = '';
    const parts = page.parts.map(([id, text, heading = '']) => {
      context = heading || context;
      return { id, text, heading, context, folded: fold(text), foldedHeading: fold(heading) };
    });
    let part = null;
    let most = 0;
    for (const p of parts) {
      const n = words.filter(({ pattern }) => (p.foldedHeading + ' ' + p.folded).search(pattern) >= 0).length;
      if (n > most) [part, most] = [p, n];
    }
    return { page, part: part || parts[0], linked: part };
  };

  const element = (tag, className, text) => {
    const e = document.createElement(tag);
    if (className) e.className = className;
    if (text) e.textContent = text;
    return e;
  };

  // About 200 characters around the first word found, each word marked.
  const excerpt = (part, words) => {
    const p = element('p', 'search-result__excerpt');
    if (!part) return p;
    const [text, folded] = part.text ? [part.text, part.folded] : [part.heading, part.foldedHeading];
    const first = Math.min(...words.map(({ pattern }) => { const at = folded.search(pattern); return at < 0 ? Infinity : at; }));
    const start = first === Infinity || first < 60 ? 0 : text.lastIndexOf(' ', first - 50) + 1;
    let end = text.length > start + 200 ? text.lastIndexOf(' ', start + 200) : text.length;
    if (end <= start) end = Math.min(text.length, start + 200);
    const marks = words.flatMap(({ pattern }) => [...folded.slice(start, end).matchAll(pattern)]
      .map((m) => [start + m.index, start + m.index + m[0].length])).sort((a, b) => a[0] - b[0]);
    let at = start;
    p.append(start > 0 ? '…' : '');
    for (const [from, to] of marks) {
      if (from < at) continue;
      p.append(text.slice(at, from), element('mark', '', text.slice(from, to)));
      at = to;
    }
    p.append(text.slice(at, end) + (end < text.length ? '…' : ''));
    return p;
  };

  const item = ({ page, part, linked }, words) => {
    const li = element('li', 'search-result');
    const link = element('a', '', page.title);
    link.href = root + page.url + (linked && linked.id ? '#' + linked.id : '');
    li.append(element('h2', 'search-result__title'));
    li.firstChild.append(link);
    const where = [page.where, linked && linked.context].filter(Boolean).join(' › ');
    if (where) li.append(element('p', 'search-result__where', where));
    li.append(excerpt(part, words));
    return li;
  };

  const more = element('button', 'search-more');
  more.type = 'button';
  more.hidden = true;
  list.after(more);
  let showing = null;  // the results on show: { query, words, results, shown }

  const tell = () => {
    const { query, results, shown } = showing;
    const quoted = '‘' + query + '’';
    status.textContent = !query ? '' : !results.length ? 'No pages match ' + quoted + '. Try other or fewer words.'
      : (results.length === 1 ? '1 page matches ' : results.length + ' pages match ') + quoted +
        (shown < results.length ? '; the first ' + shown + ' are shown.' : '.');
    const left = results.length - shown;
    more.hidden = left <= 0;
    more.textContent = 'Show ' + Math.min(left, shownAtOnce) + ' more ' + (Math.min(left, shownAtOnce) === 1 ? 'result' : 'results');
  };

  // The first results of a query, each with its page's text.
  const show = async (query, search) => {
    const words = terms(query);
    const results = words.length ? await match(words) : [];
    const found = await Promise.all(results.slice(0, shownAtOnce).map((result) => read(result, words)));
    if (search !== current) return;
    showing = { query, words, results, shown: found.length };
    list.replaceChildren(...found.map((page) => item(page, words)));
    tell();
  };

  // The next results; gives the first one's link, or null.
  const showMore = async () => {
    const mine = showing;
    const next = mine.results.slice(mine.shown, mine.shown + shownAtOnce);
    const found = await Promise.all(next.map((result) => read(result, mine.words)));
    if (mine !== showing) return null;
    const items = found.map((page) => item(page, mine.words));
    list.append(...items);
    mine.shown += items.length;
    tell();
    return items.length ? items[0].querySelector('a') : null;
  };

  // The reader goes on from the first of the new results.
  more.addEventListener('click', () => showMore().then((link) => link && link.focus(), unavailable));

  const unavailable = () => {
    form.hidden = true;
    more.hidden = true;
    list.textContent = '';
    status.textContent = '';
    noScript.hidden = false;
    noScript.textContent = 'Search is not available: its index did not load.';
  };

  const run = () => {
    clearTimeout(timer);
    const query = input.value.trim();
    history.replaceState(null, '', query ? '?q=' + encodeURIComponent(query) : location.pathname);
    if (index) show(query, ++current).catch(unavailable);
  };

  form.hidden = false;
  noScript.hidden = true;
  input.value = new URLSearchParams(location.search).get('q') || '';
  // Typing searches once the reader pauses, so the count is announced once.
  input.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(run, 400); });
  form.addEventListener('submit', (event) => { event.preventDefault(); run(); });
  fetch(form.dataset.index)
    .then((response) => { if (!response.ok) throw new Error(response.status); return response.json(); })
    .then((manifest) => { index = manifest; run(); })
    .catch(unavailable);
})();
