// Real checkers over every page of a built site:
//   axe-core (WCAG 2.0/2.1 A and AA + best-practice) in Debian's headless
//   Chromium, driven by playwright-core: 0 violations per page;
//   reflow at 320 CSS px: no page scrolls horizontally, at every font size
//   the theme's 字級 control offers;
//   the Nu HTML Checker (vnu.jar --errors-only): 0 errors per page, and the
//   site's CSS files checked too;
//   the theme's behaviour, once per site: the skip link is the first thing
//   Tab reaches and shows; the 字級 control resizes the text with
//   JavaScript off and is remembered from page to page with it on.
// One test per (page, checker). Prints "ok CHECKER PAGE" or "FAIL CHECKER
// PAGE" followed by the details, then the closing line
// "N passed, N failed".
//
// usage: node check.mjs SITE_DIR [--only axe,reflow,vnu,theme] [--screenshots DIR]
//        [--pages RE,RE...]   only the pages whose URL path matches one
//
// No browser is ever downloaded: Chromium is /usr/bin/chromium (override
// with GONGKAI_CHROMIUM). Requests to anything but the local server are
// aborted and reported as failures of the page that made them.
import http from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const here = path.dirname(fileURLToPath(import.meta.url));

const args = process.argv.slice(2);
let siteDir = null;
let only = new Set(['axe', 'reflow', 'vnu', 'theme']);
let shotDir = null;
let pageRes = null;
for (let i = 0; i < args.length; i++) {
	if (args[i] === '--only') only = new Set(args[++i].split(','));
	else if (args[i] === '--screenshots') shotDir = args[++i];
	else if (args[i] === '--pages') pageRes = args[++i].split(',').map(r => new RegExp(r));
	else siteDir = args[i];
}
if (!siteDir || !fs.existsSync(siteDir)) {
	console.error('usage: node check.mjs SITE_DIR [--only axe,reflow,vnu] [--screenshots DIR]');
	process.exit(2);
}
siteDir = path.resolve(siteDir);

const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];
const CHROMIUM = process.env.GONGKAI_CHROMIUM || '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic',
	'--no-first-run', '--disable-background-networking', '--disable-component-update',
	'--disable-sync'];

let passed = 0, failed = 0;
function ok(checker, page) { passed++; console.log(`ok ${checker} ${page}`); }
function fail(checker, page, lines) {
	failed++;
	console.log(`FAIL ${checker} ${page}`);
	for (const l of lines) console.log(`    ${l}`);
}

// Every file of the site, and the pages (index.html) as URL paths.
function walk(dir, out = []) {
	for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name < b.name ? -1 : 1)) {
		const p = path.join(dir, e.name);
		if (e.isDirectory()) walk(p, out); else out.push(p);
	}
	return out;
}
function urlPathOf(file) {
	let rel = path.relative(siteDir, file).split(path.sep).join('/');
	if (rel === 'index.html') rel = '';
	else if (rel.endsWith('/index.html')) rel = rel.slice(0, -'index.html'.length);
	return '/' + rel;
}
const files = walk(siteDir);
const htmlFiles = files.filter(f => f.endsWith('.html') &&
	(pageRes === null || pageRes.some(re => re.test(urlPathOf(f)))));
const cssFiles = files.filter(f => f.endsWith('.css'));
const pages = htmlFiles.map(f => ({ file: f, url: urlPathOf(f) }));

// ---------------------------------------------------------------- server
const TYPES = {
	'.html': 'text/html; charset=utf-8', '.css': 'text/css; charset=utf-8',
	'.js': 'text/javascript; charset=utf-8', '.json': 'application/json',
	'.svg': 'image/svg+xml', '.png': 'image/png', '.jpg': 'image/jpeg',
	'.jpeg': 'image/jpeg', '.gif': 'image/gif', '.webp': 'image/webp',
	'.ico': 'image/x-icon', '.txt': 'text/plain; charset=utf-8',
	'.xml': 'application/xml; charset=utf-8', '.pdf': 'application/pdf',
	'.csv': 'text/csv; charset=utf-8', '.woff2': 'font/woff2',
};
const missing = new Map(); // url path -> pages that asked for it
function serve(req, res) {
	let p;
	try { p = decodeURIComponent(new URL(req.url, 'http://x').pathname); }
	catch { res.writeHead(400); res.end(); return; }
	let f = path.join(siteDir, p);
	if (!f.startsWith(siteDir)) { res.writeHead(403); res.end(); return; }
	try {
		let st = fs.statSync(f);
		if (st.isDirectory()) {
			if (!p.endsWith('/')) { res.writeHead(301, { Location: req.url.replace(/(\?|$)/, '/$1') }); res.end(); return; }
			f = path.join(f, 'index.html');
			st = fs.statSync(f);
		}
		res.writeHead(200, { 'Content-Type': TYPES[path.extname(f).toLowerCase()] || 'application/octet-stream', 'Content-Length': st.size });
		fs.createReadStream(f).pipe(res);
	} catch {
		const from = req.headers.referer || '?';
		if (p === '/favicon.ico') { res.writeHead(404); res.end(); return; } // asked for by the browser itself
		if (!missing.has(p)) missing.set(p, new Set());
		missing.get(p).add(from);
		res.writeHead(404, { 'Content-Type': 'text/plain' });
		res.end('not found');
	}
}

// In the page: does the document scroll sideways, and which elements stick out?
function measureOverflow() {
	const d = document.documentElement;
	const over = [];
	if (d.scrollWidth > d.clientWidth) {
		for (const el of document.body.querySelectorAll('*')) {
			const r = el.getBoundingClientRect();
			if (r.right > d.clientWidth + 0.5 && r.width > 0) {
				let s = el.tagName.toLowerCase();
				if (el.id) s += '#' + el.id;
				if (el.className && typeof el.className === 'string') s += '.' + el.className.trim().split(/\s+/).join('.');
				over.push(`${s} (right edge ${Math.round(r.right)}px)`);
				if (over.length >= 5) break;
			}
		}
	}
	return { sw: d.scrollWidth, cw: d.clientWidth, over };
}

// ---------------------------------------------------------------- browser
async function browserChecks(origin) {
	const { chromium } = require('playwright-core');
	const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
	const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-chromium-'));
	const context = await chromium.launchPersistentContext(profile, {
		executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true,
		viewport: { width: 1280, height: 900 }, locale: 'zh-TW',
		timezoneId: 'Asia/Taipei', serviceWorkers: 'block',
	});
	try {
		// Two pages side by side: axe is CPU-bound and the machine has two cores.
		const queue = [...pages];
		const worker = async (page) => {
			let problems = [];
			page.on('pageerror', e => problems.push(`JavaScript error: ${e.message}`));
			page.on('console', m => { if (m.type() === 'error') problems.push(`console error: ${m.text()}`); });
			await page.route('**/*', route => {
				const u = route.request().url();
				if (u.startsWith(origin + '/') || u === origin) return route.continue();
				problems.push(`request to another host blocked: ${u}`);
				return route.abort();
			});
			for (let pg; (pg = queue.shift());) {
				try {
					await checkPage(pg);
				} catch (e) {
					fail('browser', pg.url, String(e.message || e).split('\n').slice(0, 8));
				}
			}
			async function checkPage(pg) {
				problems = [];
				await page.setViewportSize({ width: 1280, height: 900 });
				const resp = await page.goto(origin + encodeURI(pg.url), { waitUntil: 'load' });
				if (!resp || resp.status() !== 200) {
					for (const c of ['axe', 'reflow']) if (only.has(c)) fail(c === 'axe' ? c : 'reflow320', pg.url, [`HTTP ${resp ? resp.status() : 'no response'}`]);
					return;
				}
				// axe at desktop width, then at 320 px: the small-screen layout
				// is a different page as far as contrast and landmarks go.
				if (only.has('axe')) {
					const lines = [];
					const seen = new Set();
					await page.addScriptTag({ content: axeSource });
					for (const width of [1280, 320]) {
						await page.setViewportSize({ width, height: 900 });
						const r = await page.evaluate(async (tags) => {
							// eslint-disable-next-line no-undef
							const res = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
							return res.violations.map(v => ({
								id: v.id, impact: v.impact, help: v.help,
								nodes: v.nodes.map(n => ({ target: n.target.join(' '), summary: n.failureSummary, html: n.html })),
							}));
						}, AXE_TAGS);
						for (const v of r) for (const n of v.nodes) {
							const key = v.id + '|' + n.target;
							if (seen.has(key)) continue;
							seen.add(key);
							lines.push(`[${v.id}] (${v.impact}, at ${width}px) ${v.help}`);
							lines.push(`    node: ${n.target}`);
							lines.push(`    html: ${n.html.slice(0, 200)}`);
							for (const s of (n.summary || '').split('\n')) if (s.trim()) lines.push(`    ${s.trim()}`);
						}
					}
					lines.push(...problems);
					if (lines.length) fail('axe', pg.url, lines); else ok('axe', pg.url);
				}
				if (only.has('reflow')) {
					const lines = [];
					await page.setViewportSize({ width: 320, height: 640 });
					// every font size of the 字級 control, if the theme has one
					const sizes = await page.$$eval('input[name="gk-font-size"]', els => els.map(e => e.id));
					for (const id of [null, ...sizes]) {
						if (id) {
							// as a person does: click the visible label
							await page.click(`label[for="${id}"]`, { timeout: 5000 });
							if (!await page.isChecked('#' + id)) {
								lines.push(`字級: clicking label[for=${id}] did not choose it`);
								continue;
							}
						}
						const m = await page.evaluate(measureOverflow);
						if (m.sw > m.cw) {
							lines.push(`at 320px${id ? ' with #' + id + ' checked' : ''}: scrollWidth ${m.sw} > clientWidth ${m.cw}`);
							for (const o of m.over) lines.push(`    wider than the viewport: ${o}`);
						}
					}
					// the next page starts from the default size again
					await page.evaluate(() => { try { localStorage.clear(); } catch { /* none */ } });
					lines.push(...problems);
					if (lines.length) fail('reflow320', pg.url, lines); else ok('reflow320', pg.url);
				}
			}
		};
		const first = context.pages()[0] || await context.newPage();
		await Promise.all([worker(first), worker(await context.newPage())]);
		const page = first;
		if (only.has('theme')) await themeChecks(context, origin);
		if (shotDir) {
			fs.mkdirSync(shotDir, { recursive: true });
			const faq = pages.find(p => p.url.startsWith('/faq/') && p.url !== '/faq/');
			for (const pg of [pages.find(p => p.url === '/'), faq].filter(Boolean)) {
				for (const width of [320, 1280]) {
					await page.setViewportSize({ width, height: 900 });
					await page.goto(origin + encodeURI(pg.url), { waitUntil: 'load' });
					const name = (pg.url === '/' ? 'home' : 'faq') + `-${width}.png`;
					await page.screenshot({ path: path.join(shotDir, name), fullPage: true });
				}
			}
		}
	} finally {
		await context.close();
		fs.rmSync(profile, { recursive: true, force: true });
	}
}

// ---------------------------------------------------------------- theme
// What a person does on the home page and one more page. Skipped (not
// counted) for a theme without a 字級 control (input[name=gk-font-size]).
async function themeChecks(context, origin) {
	const home = origin + '/';
	const other = pages.find(p => p.url !== '/');
	const rootSize = (pg) => pg.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize));
	const page = await context.newPage();
	try {
		await page.setViewportSize({ width: 1280, height: 900 });
		await page.goto(home);
		// skip link: the first Tab stop, on screen when focused, with a ring
		{
			await page.keyboard.press('Tab');
			const f = await page.evaluate(() => {
				const a = document.activeElement;
				const r = a.getBoundingClientRect();
				const cs = getComputedStyle(a);
				return { text: a.textContent.trim(), href: a.getAttribute('href'), top: r.top, bottom: r.bottom,
					outline: cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) >= 2 };
			});
			const lines = [];
			if (!/跳到主要內容|主內容/.test(f.text)) lines.push(`first Tab stop is "${f.text}" (${f.href}), not the skip link`);
			if (f.bottom <= 0 || f.top >= 900) lines.push('the focused skip link is off screen');
			if (!f.outline) lines.push('the focused skip link has no visible outline');
			if (lines.length) fail('theme', 'skip link', lines); else ok('theme', 'skip link');
		}
		const hasControl = await page.$('input[name="gk-font-size"]');
		if (!hasControl) { console.log('# no 字級 control in this theme: font-size checks not run'); return; }
		// JavaScript on: choose 大 by keyboard (arrow keys in the radio group),
		// the focused label shows a ring, the size is remembered on the next page
		{
			const lines = [];
			const base = await rootSize(page);
			await page.focus('#gk-fs-m');
			await page.keyboard.press('ArrowRight');
			const st = await page.evaluate(() => {
				const i = document.activeElement;
				const l = i && i.id ? document.querySelector(`label[for="${i.id}"]`) : null;
				const cs = l ? getComputedStyle(l) : null;
				return { id: i && i.id, checked: i && i.checked, ring: !!cs && cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) >= 2 };
			});
			if (st.id !== 'gk-fs-l' || !st.checked) lines.push(`ArrowRight from 中 focused ${st.id} (checked: ${st.checked}), expected gk-fs-l checked`);
			if (!st.ring) lines.push('the focused 字級 option shows no outline on its label');
			const large = await rootSize(page);
			if (!(large > base)) lines.push(`choosing 大 did not enlarge the text (${base}px → ${large}px)`);
			if (other) {
				await page.goto(origin + encodeURI(other.url));
				const next = await rootSize(page);
				const checked = await page.isChecked('#gk-fs-l');
				if (next !== large || !checked) lines.push(`on ${other.url} the text is ${next}px (大 checked: ${checked}), expected ${large}px and 大 checked`);
			}
			await page.evaluate(() => localStorage.clear());
			if (lines.length) fail('theme', '字級 with JavaScript', lines); else ok('theme', '字級 with JavaScript');
		}
	} finally {
		await page.close();
	}
	// JavaScript off: clicking 大 and 小 still resizes the text
	const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-chromium-'));
	const nojs = await (require('playwright-core').chromium).launchPersistentContext(profile, {
		executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true, javaScriptEnabled: false,
		viewport: { width: 1280, height: 900 },
	});
	try {
		const pg = nojs.pages()[0] || await nojs.newPage();
		await pg.goto(home);
		const lines = [];
		const base = await rootSize(pg);
		await pg.click('label[for="gk-fs-l"]');
		const large = await rootSize(pg);
		await pg.click('label[for="gk-fs-s"]');
		const small = await rootSize(pg);
		if (!(large > base && small < base)) lines.push(`text size 中 ${base}px, 大 ${large}px, 小 ${small}px: expected 小 < 中 < 大`);
		const noscript = await pg.$eval('noscript', n => n.innerHTML).catch(() => '');
		if (!noscript.includes('網站導覽')) lines.push('no <noscript> note pointing to 網站導覽');
		if (lines.length) fail('theme', '字級 without JavaScript', lines); else ok('theme', '字級 without JavaScript');
	} finally {
		await nojs.close();
		fs.rmSync(profile, { recursive: true, force: true });
	}
}

// ---------------------------------------------------------------- vnu
function vnuChecks() {
	const jar = path.join(path.dirname(require.resolve('vnu-jar/package.json')), 'build', 'dist', 'vnu.jar');
	const targets = [...htmlFiles, ...cssFiles];
	return new Promise((resolve) => {
		const p = spawn('java', ['-jar', jar, '--errors-only', '--also-check-css', '--format', 'json', ...targets],
			{ stdio: ['ignore', 'pipe', 'pipe'] });
		let out = '', err = '';
		p.stdout.on('data', d => { out += d; });
		p.stderr.on('data', d => { err += d; });
		p.on('error', e => { fail('vnu', '(java)', [String(e)]); resolve(); });
		p.on('close', (code) => {
			let msgs;
			try { msgs = JSON.parse(err || out || '{"messages":[]}').messages; }
			catch { fail('vnu', '(vnu.jar)', [`exit ${code}, unreadable output:`, ...(err + out).split('\n').slice(0, 20)]); resolve(); return; }
			const byFile = new Map();
			for (const m of msgs) {
				const f = m.url ? fileURLToPath(m.url) : '(none)';
				if (!byFile.has(f)) byFile.set(f, []);
				byFile.get(f).push(m);
			}
			for (const f of targets) {
				const name = f.endsWith('.html') ? urlPathOf(f) : '/' + path.relative(siteDir, f);
				const ms = byFile.get(f) || [];
				byFile.delete(f);
				if (ms.length === 0) { ok('vnu', name); continue; }
				fail('vnu', name, ms.map(m => `${m.firstLine ?? m.lastLine ?? "?"}:${m.firstColumn ?? m.lastColumn ?? "?"}: ${m.type}${m.subType ? '/' + m.subType : ''}: ${m.message}` +
					(m.extract ? `\n        ${m.extract.replace(/\n/g, '⏎')}` : '')));
			}
			for (const [f, ms] of byFile) fail('vnu', f, ms.map(m => `${m.type}: ${m.message}`));
			resolve();
		});
	});
}

// ---------------------------------------------------------------- main
const t0 = Date.now();
const server = http.createServer(serve);
await new Promise(r => server.listen(0, '127.0.0.1', r));
const origin = `http://127.0.0.1:${server.address().port}`;
console.log(`# ${pages.length} pages, ${cssFiles.length} CSS files from ${siteDir}, served at ${origin}`);
try {
	const jobs = [];
	// vnu (a JVM) and the browser run side by side: two cores.
	if (only.has('vnu')) jobs.push(vnuChecks());
	if (only.has('axe') || only.has('reflow') || only.has('theme') || shotDir) {
		jobs.push(browserChecks(origin).catch(e => fail('browser', '(chromium)', String(e.stack || e).split('\n').slice(0, 15))));
	}
	await Promise.all(jobs);
} finally {
	server.close();
}
for (const [p, from] of missing) {
	fail('links', p, [`404, asked for by: ${[...from].join(', ')}`]);
}
console.log(`# ${((Date.now() - t0) / 1000).toFixed(1)} s`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
