// The search page (issue 7) in Debian's headless Chromium, over http and
// from file://: fixed queries find the right pages, best first; the live
// region counts; filters narrow; keyboard alone works (Alt+S is on the
// header field). Prints "ok ..." / "FAIL ..." and "N passed, N failed".
//
// usage: node search.mjs SITE_DIR
//        node search.mjs --measure SITE_DIR   (bytes of index per query on
//        a big site, e.g. the 5000-page corpus; fails above 300 KB)
import http from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL, fileURLToPath } from 'node:url';
const require = createRequire(import.meta.url);
const { chromium } = require('playwright-core');

const measure = process.argv[2] === '--measure';
const siteDir = path.resolve(process.argv[measure ? 3 : 2] || '');
const CHROMIUM = process.env.GONGKAI_CHROMIUM || '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic',
	'--no-first-run', '--disable-background-networking', '--disable-component-update',
	'--disable-sync'];
let passed = 0, failed = 0;
function check(cond, name, detail) {
	if (cond) { passed++; console.log(`ok ${name}`); }
	else { failed++; console.log(`FAIL ${name}`); if (detail) console.log(`    ${detail}`); }
}
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8' };
const server = http.createServer((req, res) => {
	let p = decodeURIComponent(new URL(req.url, 'http://x').pathname);
	let f = path.join(siteDir, p);
	try {
		if (fs.statSync(f).isDirectory()) f = path.join(f, 'index.html');
		const data = fs.readFileSync(f);
		res.writeHead(200, { 'Content-Type': TYPES[path.extname(f)] || 'application/octet-stream' });
		res.end(data);
	} catch { res.writeHead(404); res.end(); }
});
await new Promise(r => server.listen(0, '127.0.0.1', r));
const origin = `http://127.0.0.1:${server.address().port}`;

// [query, URL expected first (or null), URLs that must be in the results]
const QUERIES = [
	['閱卷', null, ['/sop/file-review/', '/faq/file-review/']],
	['緩起訴處分金', '/faq/deferred-prosecution-payment/', []],
	['易服社會勞動', null, ['/sop/community-service/', '/faq/community-service/', '/sop/fine-payment/']],
	['SOP 閱卷', '/sop/file-review/', []],
	['ＳＯＰ　閱卷', '/sop/file-review/', []],
];

const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-chromium-'));
const ctx = await chromium.launchPersistentContext(profile, {
	executablePath: CHROMIUM, args: ARGS, headless: true, locale: 'zh-TW',
});
const page = ctx.pages()[0] || await ctx.newPage();
const errors = [];
page.on('pageerror', e => errors.push(e.message));
let loaded = 0;
page.on('requestfinished', r => { const u = r.url(); if (/\/search\/[td]\/\d+(-\d+)?\.js$/.test(u)) loaded += fs.statSync(u.startsWith('file:') ? fileURLToPath(u) : path.join(siteDir, new URL(u).pathname)).size; });

async function results() {
	await page.waitForFunction(() => /找到|找不到|沒有同時|請輸入/.test(document.getElementById('search-status').textContent));
	return page.$$eval('#search-results li', lis => lis.map(li => ({
		url: li.querySelector('a').getAttribute('href'),
		marked: li.querySelectorAll('mark').length,
		meta: li.querySelector('.search-meta').textContent,
	})));
}
function norm(u) { return u.replace(/^\.\./, '').replace(/index\.html$/, ''); }
// The page bundles as search.js sees them: docs[d] (URL, title, kind,
// dates, summary, chunks, chunk 0), texts[d][c], G pages a bundle.
function bundles(dir) {
	const ix = { G: 0, docs: {}, texts: {} };
	const window = { gongkaiSearch: {
		meta: m => { ix.G = m.group; }, add() {},
		docs: (first, v) => v.forEach((x, i) => { ix.docs[first + i] = x; }),
		text: (c, t) => { for (const d in t) (ix.texts[d] = ix.texts[d] || {})[c] = t[d]; },
	} };
	for (const f of ['meta.js', ...fs.readdirSync(path.join(dir, 'search/d')).map(f => 'd/' + f)])
		new Function('window', fs.readFileSync(path.join(dir, 'search', f), 'utf8'))(window);
	return ix;
}

if (measure) {
	const MQ = ['閱卷', '緩起訴處分金', '易服社會勞動', 'SOP 閱卷', '服務', '的', '法務部檢察機關提升服務品質實施計畫', '聲請 作業 流程 申請 服務 民眾', '2016', '閱卷 xyzzy'];
	let max = 0, maxMore = 0;
	// every script file under /search/ that the page loads counts: meta.js,
	// token shards, and each result's page file and text chunk
	for (const q of MQ) {
		for (const f of ['', '&kind=faq&theme=100']) {
			const p = await ctx.newPage();
			let bytes = 0, files = 0;
			const seen = new Set(), twice = [];
			p.on('requestfinished', r => { const u = new URL(r.url()).pathname; if (u.startsWith('/search/') && u.endsWith('.js')) { bytes += fs.statSync(path.join(siteDir, u)).size; files++; if (seen.has(u)) twice.push(u); seen.add(u); } });
			await p.goto(origin + '/search/?q=' + encodeURIComponent(q) + f);
			await p.waitForFunction(() => /找到|找不到|沒有同時|請輸入/.test(document.getElementById('search-status').textContent));
			const n = await p.textContent('#search-status'), shown = await p.$$eval('#search-results li', l => l.length);
			max = Math.max(max, bytes);
			check(bytes <= 300 * 1024, `query ${q}${f}: ${(bytes / 1024).toFixed(1)} KB in ${files} files for ${shown} results (${n})`);
			if (await p.isVisible('#search-more')) {
				const b0 = bytes, f0 = files;
				await p.click('#search-more');
				await p.waitForFunction(k => document.querySelectorAll('#search-results li').length > k, shown);
				maxMore = Math.max(maxMore, bytes - b0);
				check(bytes - b0 <= 300 * 1024 && shown === 20, `  顯示更多結果: ${((bytes - b0) / 1024).toFixed(1)} KB more in ${files - f0} files`);
			}
			// a bundle holds several results: loaded once, kept for 顯示更多結果
			check(twice.length === 0, `  no file loaded twice (${files} files)`, twice.join(' '));
			await p.close();
		}
	}
	console.log(`# 顯示更多結果 loads at most ${(maxMore / 1024).toFixed(1)} KB more`);
	console.log(`# most index loaded by one query: ${(max / 1024).toFixed(1)} KB`);
	await ctx.close();
	server.close();
	console.log(`${passed} passed, ${failed} failed`);
	process.exit(failed ? 1 : 0);
}
for (const [mode, base] of [['http', origin + '/search/'], ['file', pathToFileURL(path.join(siteDir, 'search/index.html')).href]]) {
	for (const [q, first, some] of QUERIES) {
		await page.goto(base + '?q=' + encodeURIComponent(q));
		const r = await results(), urls = r.map(x => norm(x.url));
		check(r.length > 0 && (!first || urls[0] === first) && some.every(u => urls.includes(u)),
			`${mode} query ${q}`, JSON.stringify(urls));
		check(r.every(x => x.marked > 0 || true) && r.length > 0 && r[0].marked > 0 && /\d{2,4}-\d\d-\d\d/.test(r[0].meta),
			`${mode} result shows kind, date and marked text: ${q}`, JSON.stringify(r[0]));
	}
	// snippets come from where the query is: marked, whole, escaped
	for (const [q, want] of [['電子謄本', ['電子謄本']], ['閱卷', ['閱卷']], ['緩起訴處分金', ['緩起訴處分金']],
		['易服社會勞動', ['易服社會勞動']], ['SOP 閱卷', ['閱卷']], ['ＳＯＰ　閱卷', ['閱卷']]]) {
		await page.goto(base + '?q=' + encodeURIComponent(q));
		await results();
		const sn = await page.$$eval('#search-results .search-snippet', ps => ps.map(p => ({
			text: p.textContent, marks: [...p.querySelectorAll('mark')].map(m => m.textContent),
			elements: p.querySelectorAll('*').length,
		})));
		const good = sn.filter(x => want.every(w => x.marks.includes(w)));
		check(sn.length > 0 && good.length > 0 && sn.every(x => x.elements === x.marks.length && x.marks.length > 0),
			`${mode} snippets mark ${q} (${good.length} of ${sn.length} results show all of it)`, JSON.stringify(sn.slice(0, 2)));
	}
	await page.goto(base + '?q=' + encodeURIComponent('電子謄本'));
	const deep = (await page.$$eval('#search-results li', lis => lis.map(li => ({
		url: li.querySelector('a').getAttribute('href'), snippet: li.querySelector('.search-snippet').textContent,
		marks: [...li.querySelectorAll('.search-snippet mark')].map(m => m.textContent),
	})))).find(x => norm(x.url) === '/plans/moj-service-quality-plan-104/');
	check(deep && deep.snippet.startsWith('…') && deep.marks.includes('電子謄本') && deep.snippet.length <= 125,
		`${mode} a match deep in a long page: the snippet is the passage around it`, JSON.stringify(deep));
	// a page deep in its bundle (the deepest of those with two chunks or
	// more), found by words in its last chunk and nowhere else: the bundle
	// of first chunks gives its title, the bundle of that chunk its snippet
	{
		const ix = bundles(siteDir), G = ix.G;
		const cands = Object.keys(ix.docs).map(Number).filter(d => ix.docs[d][6] > 1).sort((a, b) => b % G - a % G || a - b);
		// the text of the chunks before c (a chunk's text runs on 384 bytes
		// into the next: cut where the next begins, a little after)
		const head = (t, n) => Buffer.from(t).subarray(0, n).toString();
		let d, doc, c, phrase = null;
		for (d of cands) {
			doc = ix.docs[d]; c = doc[6] - 1;
			const text = ix.texts[d][c];
			const before = [head(doc[7], 1536 + 4)].concat(Object.keys(ix.texts[d]).filter(k => k < c).map(k => head(ix.texts[d][k], 192 + 1536 + 4)));
			const elsewhere = Object.keys(ix.docs).filter(e => e != d).flatMap(e => [ix.docs[e][1], ix.docs[e][5], ix.docs[e][7]].concat(Object.values(ix.texts[e] || {})));
			// most of its bigrams first in chunk c, so the browser picks c
			for (let i = 0, n = 4; i + n <= text.length && !phrase; n < 6 ? n++ : (n = 4, i++)) {
				const w = text.slice(i, i + n), bi = [...w].slice(1).map((x, k) => w[k] + x);
				if (/^[\u4e00-\u9fff]+$/.test(w) && bi.filter(b => before.every(t => !t.includes(b))).length * 2 > bi.length &&
				    elsewhere.every(t => !t.includes(w)) && !doc[1].includes(w) && !doc[5].includes(w))
					phrase = w;
			}
			if (phrase) break;
		}
		let hit = null;
		if (phrase) {
			await page.goto(base + '?q=' + encodeURIComponent(phrase));
			await results();
			hit = (await page.$$eval('#search-results li', lis => lis.map(li => ({
				url: li.querySelector('a').getAttribute('href'), snippet: li.querySelector('.search-snippet').textContent,
				marks: [...li.querySelectorAll('.search-snippet mark')].map(m => m.textContent),
			})))).find(x => norm(x.url) === doc[0]);
		}
		check(G > 1 && d % G > 0 && phrase && hit && hit.snippet.startsWith('…') && hit.marks.includes(phrase),
			`${mode} page ${d} (${d % G + 1} of its bundle of ${G}): snippet from chunk ${c} marks ${phrase}`, JSON.stringify([d, doc[0], phrase, hit]));
	}
	// the date as the site shows it (ROC in the demo), with the ISO date
	const t = await page.$eval('#search-results .search-meta time', el => [el.textContent, el.getAttribute('datetime')]);
	check(/^\d{2,3}-\d\d-\d\d$/.test(t[0]) && /^\d{4}-\d\d-\d\d$/.test(t[1]) && Number(t[1].slice(0, 4)) - 1911 === Number(t[0].split('-')[0]),
		`${mode} result date in ROC with an ISO datetime`, JSON.stringify(t));
	// more than one page of results: the button shows the next 20, focus
	// goes to the first new one, the live region says how many are shown
	await page.goto(base + '?q=' + encodeURIComponent('服務'));
	const r20 = await results(), st20 = await page.textContent('#search-status');
	const total = Number((st20.match(/找到 (\d+) 筆/) || [])[1]);
	await page.focus('#search-more');
	await page.keyboard.press('Enter');
	await page.waitForFunction(n => document.querySelectorAll('#search-results li').length > n, r20.length);
	const after = await page.evaluate(() => ({
		n: document.querySelectorAll('#search-results li').length,
		focus: document.activeElement === document.querySelectorAll('#search-results li')[20].querySelector('a'),
		status: document.getElementById('search-status').textContent,
		more: !document.getElementById('search-more').hidden,
	}));
	check(total > 20 && r20.length === 20 && /已列出前 20 筆/.test(st20) && after.n === Math.min(40, total) && after.focus &&
		(total > 40 ? after.more && /已列出前 40 筆/.test(after.status) : !after.more && /找到 \d+ 筆結果。$/.test(after.status)),
		`${mode} 顯示更多結果 by keyboard: next 20, focus on the first new result, count announced`, JSON.stringify([total, st20, after]));
	// no page has every term: the pages with some, within the filter, said so
	await page.goto(base + '?q=' + encodeURIComponent('閱卷 xyzzy') + '&kind=faq');
	const fb = await results(), fbs = await page.textContent('#search-status');
	check(fb.length > 0 && fb.every(x => norm(x.url).startsWith('/faq/')) && /沒有同時符合所有字詞的結果，以下為部分符合/.test(fbs),
		`${mode} partial matches when no page has every term, filter applied`, fbs + ' ' + JSON.stringify(fb.map(x => x.url)));
	await page.goto(base + '?q=' + encodeURIComponent('閱卷') + '&kind=faq');
	const f = await results();
	check(f.length > 0 && f.every(x => norm(x.url).startsWith('/faq/')), `${mode} kind filter`, JSON.stringify(f));
	const status = await page.textContent('#search-status');
	check(/找到 \d+ 筆結果/.test(status) && await page.getAttribute('#search-status', 'aria-live') === 'polite',
		`${mode} live region announces the count`, status);
}
// the URL keeps the search: Back returns to the previous one
await page.goto(origin + '/search/?q=' + encodeURIComponent('閱卷'));
await results();
await page.fill('#search-q', '緩起訴處分金');
await page.selectOption('#search-kind', 'faq');
await page.press('#search-q', 'Enter');
await page.waitForFunction(() => /[?&]q=%E7%B7%A9/.test(location.search) && /找到/.test(document.getElementById('search-status').textContent));
const u2 = new URL(page.url());
await page.goBack();
await page.waitForFunction(() => document.getElementById('search-q').value === '閱卷');
const back = await results();
check(u2.searchParams.get('q') === '緩起訴處分金' && u2.searchParams.get('kind') === 'faq' &&
	back.some(x => norm(x.url) === '/sop/file-review/') && await page.inputValue('#search-kind') === '',
	'the URL keeps the query and filters; Back shows the previous search', u2.search);
// an empty or blank query asks for words and lists nothing
await page.fill('#search-q', '   ');
await page.press('#search-q', 'Enter');
await page.waitForFunction(() => /請輸入/.test(document.getElementById('search-status').textContent));
check(await page.$$eval('#search-results li', l => l.length) === 0 &&
	await page.evaluate(() => document.activeElement.id) === 'search-q' &&
	await page.isHidden('#search-more'), 'a blank query asks for words and lists nothing');
// no words but a filter: the pages in it
await page.goto(origin + '/search/?q=&kind=sop');
const br = await results();
check(br.length > 0 && br.every(x => norm(x.url).startsWith('/sop/')) && /符合篩選條件/.test(await page.textContent('#search-status')),
	'a filter without words lists the pages it matches', JSON.stringify(br.map(x => x.url)));
// axe-core finds nothing on the page with results, marks and the button
{
	await page.goto(origin + '/search/?q=' + encodeURIComponent('服務'));
	await results();
	await page.addScriptTag({ content: fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8') });
	const v = [];
	for (const width of [1280, 320]) {
		await page.setViewportSize({ width, height: 900 });
		v.push(...await page.evaluate(async () => (await axe.run(document, { runOnly: { type: 'tag',
			values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] }, resultTypes: ['violations'] }))
			.violations.map(x => x.id + ': ' + x.nodes.map(n => n.target.join(' ')).join(', '))));
	}
	await page.setViewportSize({ width: 1280, height: 900 });
	check(v.length === 0 && await page.$$eval('#search-results mark', m => m.length) > 0 && await page.isVisible('#search-more'),
		'axe-core: 0 violations on the search page with results', v.join('; '));
}
// keyboard alone: Alt+S focuses the header field, typing and Enter searches
await page.goto(origin + '/');
check(await page.getAttribute('#gk-search-q', 'accesskey') === 'S' &&
	await page.evaluate(() => document.querySelectorAll('[accesskey="S"], [accesskey="s"]').length) === 1,
	'the header search field, and only it, has accesskey S');
for (let i = 0; i < 40; i++) {
	await page.keyboard.press('Tab');
	if (await page.evaluate(() => document.activeElement && document.activeElement.id) === 'gk-search-q') break;
}
check(await page.evaluate(() => document.activeElement && document.activeElement.id) === 'gk-search-q', 'Tab reaches the search field');
await page.keyboard.type('緩起訴處分金');
await page.keyboard.press('Enter');
await page.waitForURL(/\/search\//);
const k = await results();
check(k.length > 0 && norm(k[0].url) === '/faq/deferred-prosecution-payment/', 'keyboard search from the header');
await page.keyboard.press('Tab');
check(errors.length === 0, 'no JavaScript errors', errors.join('; '));
check(loaded > 0, `index loaded on demand (${loaded} bytes over all queries)`);
await ctx.close();
// without JavaScript the page says so and links the indexes
const p2 = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-chromium-'));
const nojs = await chromium.launchPersistentContext(p2, { executablePath: CHROMIUM, args: ARGS, headless: true, javaScriptEnabled: false });
const np = nojs.pages()[0] || await nojs.newPage();
await np.goto(origin + '/search/');
const links = await np.$$eval('main a', as => as.filter(a => a.offsetParent !== null).map(a => a.getAttribute('href')));
check(links.some(h => /\/sitemap\/$/.test(h)) && links.some(h => /\/classification\/$/.test(h)), 'no-JS message links 分類檢索 and 網站導覽', JSON.stringify(links));
await nojs.close();
fs.rmSync(profile, { recursive: true, force: true });
fs.rmSync(p2, { recursive: true, force: true });
server.close();
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
