/* gongkai 網站搜尋: loads the index written by generator/search.c as
 * script files (works over http and from file://) and lists results in
 * #search-results, PER at a time. Tokens as in search.c: full-width
 * folded, lower case, CJK bigrams (single characters for one-character
 * queries), words. Page text is only ever put in the page as text nodes. */
(function () {
	"use strict";
	var PER = 20, SNIP = 120, LEAD = 30;
	var S = 512, G = 1, meta = null, shards = {}, docs = {}, texts = {}, waiting = {};
	var root = document.getElementById("gk-search");
	if (!root) return;
	function load(src, key, done) {
		if (waiting[key]) { waiting[key].push(done); return; }
		waiting[key] = [done];
		var s = document.createElement("script");
		s.src = src;
		s.onload = s.onerror = function () {
			var w = waiting[key]; waiting[key] = null;
			w.forEach(function (f) { f(); });
		};
		document.head.appendChild(s);
	}
	window.gongkaiSearch = {
		meta: function (m) { meta = m; S = m.shards; G = m.group; },
		add: function (k, t) { shards[k] = t; },
		/* a bundle: pages first, first + 1 ...; chunk c of some of them */
		docs: function (first, v) { v.forEach(function (x, i) { docs[first + i] = x; }); },
		text: function (c, t) { for (var d in t) texts[d + "-" + c] = t[d]; }
	};
	/* the folding of search.c; it keeps UTF-16 lengths (BMP to BMP), so
	 * offsets in folded text are offsets in the original */
	function fold(c) {
		if (c >= 0xff01 && c <= 0xff5e) c -= 0xfee0;
		else if (c === 0x3000) c = 32;
		if (c >= 65 && c <= 90) c += 32;
		return c;
	}
	function folded(s) {
		var o = [];
		for (var i = 0; i < s.length; i++) o.push(fold(s.charCodeAt(i)));
		return String.fromCharCode.apply(null, o);
	}
	function cjk(c) { return (c >= 0x3400 && c <= 0x9fff) || (c >= 0xf900 && c <= 0xfaff) || (c >= 0x20000 && c <= 0x2ffff); }
	function word(c) { return (c >= 97 && c <= 122) || (c >= 48 && c <= 57); }
	function terms(q) {
		var out = [], w = "", run = [];
		function flushRun() {
			if (run.length === 1) out.push(run[0]);
			for (var i = 1; i < run.length; i++) out.push(run[i - 1] + run[i]);
			run = [];
		}
		for (var ch of q + " ") {
			var c = fold(ch.codePointAt(0)), f = String.fromCodePoint(c);
			if (word(c)) { flushRun(); w += f; continue; }
			if (w) { out.push(w); w = ""; }
			if (cjk(c)) run.push(f); else flushRun();
		}
		return out.filter(function (t, i) { return out.indexOf(t) === i; });
	}
	/* what is marked: the query's words and CJK runs (緩起訴處分金) where
	 * a text has them whole, else its bigrams; one character only when the
	 * query is that character */
	function phrases(q) {
		var out = [];
		folded(q).split(/[^a-z0-9\u3400-\u9fff\uf900-\ufaff\ud800-\udfff]+/).forEach(function (r) {
			(r.match(/[a-z0-9]+|[^a-z0-9]+/g) || []).forEach(function (x) { if (out.indexOf(x) < 0) out.push(x); });
		});
		return out;
	}
	function hash(t) {
		var b = new TextEncoder().encode(t), h = 2166136261;
		for (var i = 0; i < b.length; i++) { h ^= b[i]; h = Math.imul(h, 16777619) >>> 0; }
		return h;
	}
	/* doc -> [field, chunk of the first occurrence in the page text] */
	function postings(t) {
		var s = shards[hash(t) % S], m = {}, d = 0;
		if (!s || !Object.prototype.hasOwnProperty.call(s, t)) return m;
		s[t].split(",").forEach(function (x) {
			var v = x.split("."), n = parseInt(v[0], 36);
			d += Math.floor(n / 4); m[d] = [n & 3, v[1] ? parseInt(v[1], 36) : 0];
		});
		return m;
	}
	function each(list, fn, done) {
		var n = list.length;
		if (!n) { done(); return; }
		list.forEach(function (x) { fn(x, function () { if (--n === 0) done(); }); });
	}
	var q = document.getElementById("search-q"), status = document.getElementById("search-status");
	var res = document.getElementById("search-results"), kind = document.getElementById("search-kind");
	var more = document.getElementById("search-more");
	var names = ["theme", "cake", "service"];
	var sel = names.map(function (k) { return document.getElementById("search-" + k); });
	function href(url) {
		if (location.protocol === "file:") return ".." + url + "index.html";
		return root.getAttribute("data-base") + url.slice(1);
	}
	/* Occurrences [start, end) of the terms in text, merged where they
	 * overlap (the bigrams of 緩起訴處分金 give one mark); words only
	 * where they are whole words, as the index has them. */
	function find(text, ts) {
		var f = folded(text), occ = [];
		ts.forEach(function (t, k) {
			var w = word(t.charCodeAt(0));
			for (var i = f.indexOf(t); i >= 0; i = f.indexOf(t, i + 1)) {
				if (w && (word(f.charCodeAt(i - 1)) || word(f.charCodeAt(i + t.length)))) continue;
				occ.push([i, i + t.length, k]);
			}
		});
		return occ.sort(function (a, b) { return a[0] - b[0] || a[1] - b[1]; });
	}
	function merged(occ, from, to) {
		var out = [];
		occ.forEach(function (o) {
			var s = Math.max(o[0], from), e = Math.min(o[1], to);
			if (s >= e) return;
			var last = out[out.length - 1];
			if (last && s <= last[1]) last[1] = Math.max(last[1], e); else out.push([s, e]);
		});
		return out;
	}
	/* text[from, to) as text nodes with the occurrences in <mark> */
	function put(el, text, occ, from, to) {
		var i = from;
		merged(occ, from, to).forEach(function (m) {
			if (m[0] > i) el.appendChild(document.createTextNode(text.slice(i, m[0])));
			var mk = document.createElement("mark"); mk.textContent = text.slice(m[0], m[1]);
			el.appendChild(mk); i = m[1];
		});
		if (i < to) el.appendChild(document.createTextNode(text.slice(i, to)));
	}
	/* The passage of SNIP units with the most different terms, then the
	 * most occurrences (the earliest of equals), starting a little before
	 * its first occurrence, after a sentence break when there is one. */
	function passage(text, occ) {
		var best = -1, bk = 0, bn = 0;
		for (var a = 0; a < occ.length; a++) {
			var seen = {}, k = 0, n = 0;
			for (var b = a; b < occ.length && occ[b][1] <= occ[a][0] + SNIP - LEAD; b++) {
				n++; if (!seen[occ[b][2]]) { seen[occ[b][2]] = 1; k++; }
			}
			if (k > bk || (k === bk && n > bn)) { best = a; bk = k; bn = n; }
		}
		var p = occ[best][0], from = Math.max(0, p - LEAD), lead = text.slice(from, p);
		var brk = Math.max(lead.lastIndexOf("。"), lead.lastIndexOf("！"), lead.lastIndexOf("？"), lead.lastIndexOf("；"), lead.lastIndexOf(" "));
		if (brk >= 0) from += brk + 1;
		var to = Math.min(text.length, from + SNIP);
		occ.forEach(function (o) { if (o[0] < to && o[1] > to) to = o[1]; });
		if (from > 0 && /[\udc00-\udfff]/.test(text.charAt(from))) from--;
		if (to < text.length && /[\ud800-\udbff]/.test(text.charAt(to - 1))) to++;
		return [from, to];
	}
	function marks(text, m) {
		var occ = find(text, m.ph);
		return occ.length ? occ : find(text, m.bi);
	}
	function snippet(el, d, c, m) {
		var doc = docs[d], text = c > 0 ? texts[d + "-" + c] : doc[7];
		var occ = text ? marks(text, m) : [];
		if (!occ.length) { put(el, doc[5], marks(doc[5], m), 0, doc[5].length); return; }
		var r = passage(text, occ);
		if (r[0] > 0 || c > 0) el.appendChild(document.createTextNode("…"));
		put(el, text, occ, r[0], r[1]);
		if (r[1] < text.length || c < doc[6] - 1) el.appendChild(document.createTextNode("…"));
	}
	var cur = null, gen = 0;
	function filters() {
		var fs = [];
		if (kind.value) fs.push("kind:" + kind.value);
		sel.forEach(function (s, k) { if (s.value) fs.push(names[k] + ":" + s.value); });
		return fs;
	}
	function run(asked) {
		var query = q.value.trim(), ts = terms(query), fs = filters(), g = ++gen;
		res.textContent = ""; more.hidden = true; cur = null;
		if (!ts.length && !fs.length) {
			status.textContent = query ? "請輸入可搜尋的關鍵字（中文、英文字母或數字）。" : asked ? "請輸入搜尋關鍵字。" : "";
			return;
		}
		status.textContent = "搜尋中…";
		var need = [];
		ts.concat(fs).forEach(function (t) { var k = hash(t) % S; if (need.indexOf(k) < 0) need.push(k); });
		each(need, function (k, d) { shards[k] ? d() : load("t/" + k + ".js", "t" + k, d); }, function () {
			if (g !== gen) return;
			/* filters first; then every term (AND); when no page has them
			 * all, the pages with some, the most first */
			var fp = fs.map(postings), hits = {}, score = {}, votes = {}, ids;
			function ok(d) { return fp.every(function (p) { return d in p; }); }
			ts.forEach(function (t) {
				var p = postings(t);
				for (var d in p) {
					if (!ok(d)) continue;
					hits[d] = (hits[d] || 0) + 1;
					score[d] = (score[d] || 0) + [0, 1, 10, 100][p[d][0]];
					(votes[d] = votes[d] || {})[p[d][1]] = (votes[d][p[d][1]] || 0) + 1;
				}
			});
			var partial = false;
			if (!ts.length) {
				ids = Object.keys(fp[0]).map(Number).filter(ok).sort(function (a, b) { return a - b; });
			} else {
				ids = Object.keys(hits).map(Number);
				var all = ids.filter(function (d) { return hits[d] === ts.length; });
				if (all.length) ids = all; else partial = ids.length > 0;
				ids.sort(function (a, b) { return hits[b] - hits[a] || score[b] - score[a] || a - b; });
			}
			var one = function (t, i, a) { return t.length > 1 || a.length === 1; };
			cur = { ids: ids, m: { ph: phrases(q.value).filter(one), bi: ts.filter(one) }, votes: votes, shown: 0, partial: partial, browse: !ts.length, gen: g };
			show(false);
		});
	}
	/* the chunk where most of the query's terms first occur; of equals
	 * the later, as a token only in the title also says chunk 0 */
	function chunk(d) {
		var v = cur.votes[d] || {}, c = 0;
		for (var k in v) if (v[k] > (v[c] || 0) || (v[k] === (v[c] || 0) && +k > c)) c = +k;
		return c;
	}
	function say() {
		var n = cur.ids.length, s;
		if (!n) s = "找不到符合的結果。請改用其他關鍵字，或減少篩選條件。";
		else if (cur.browse) s = "找到 " + n + " 筆符合篩選條件的網頁";
		else if (cur.partial) s = "沒有同時符合所有字詞的結果，以下為部分符合的 " + n + " 筆";
		else s = "找到 " + n + " 筆結果";
		if (n) s += cur.shown < n ? "，已列出前 " + cur.shown + " 筆。" : "。";
		status.textContent = s;
	}
	/* the bundles of G pages that the results shown need and that are
	 * not loaded yet, each once */
	function show(focus) {
		var c0 = cur, top = c0.ids.slice(c0.shown, c0.shown + PER), files = [];
		function need(name) { if (files.indexOf(name) < 0) files.push(name); }
		top.forEach(function (d) {
			var g = Math.floor(d / G), c = chunk(d);
			if (!docs[d]) need(g);
			if (c > 0 && texts[d + "-" + c] === undefined) need(g + "-" + c);
		});
		more.disabled = true;
		each(files, function (f, done) { load("d/" + f + ".js", "d" + f, done); }, function () {
			if (cur !== c0 || c0.gen !== gen) return;
			var first = null;
			top.forEach(function (d) {
				var doc = docs[d];
				if (!doc) return;
				var li = document.createElement("li"), h = document.createElement("h2"), a = document.createElement("a");
				a.href = href(doc[0]); put(a, doc[1], marks(doc[1], c0.m), 0, doc[1].length);
				h.appendChild(a); li.appendChild(h);
				var info = document.createElement("p"); info.className = "search-meta";
				info.appendChild(document.createTextNode(doc[2]));
				if (doc[3]) {
					info.appendChild(document.createTextNode("｜更新日期 "));
					var tm = document.createElement("time"); tm.dateTime = doc[4]; tm.textContent = doc[3];
					info.appendChild(tm);
				}
				li.appendChild(info);
				var sn = document.createElement("p"); sn.className = "search-snippet";
				snippet(sn, d, chunk(d), c0.m); li.appendChild(sn);
				res.appendChild(li);
				if (!first) first = a;
			});
			c0.shown += top.length;
			more.hidden = c0.shown >= c0.ids.length; more.disabled = false;
			say();
			if (focus && first) first.focus();
		});
	}
	more.addEventListener("click", function () { if (cur && !more.disabled) show(true); });
	function fromURL() {
		var params = new URLSearchParams(location.search);
		q.value = params.get("q") || "";
		kind.value = params.get("kind") || "";
		names.forEach(function (n, k) { sel[k].value = params.get(n) || ""; });
	}
	/* the URL keeps the query and the filters: bookmarks, and Back goes
	 * to the previous search */
	function go(asked) {
		var u = new URLSearchParams();
		u.set("q", q.value.trim());
		if (kind.value) u.set("kind", kind.value);
		names.forEach(function (n, k) { if (sel[k].value) u.set(n, sel[k].value); });
		if ("?" + u.toString() !== location.search)
			try { history.pushState(null, "", "?" + u.toString()); } catch (x) { /* some file:// */ }
		run(asked);
		if (asked && !q.value.trim() && !filters().length) q.focus();
	}
	root.hidden = false;
	load("meta.js", "meta", function () {
		if (!meta) { status.textContent = "無法載入搜尋索引。"; return; }
		meta.schemes.forEach(function (codes, k) {
			if (!codes.length) { sel[k].parentNode.hidden = true; return; }
			codes.forEach(function (c) { var o = document.createElement("option"); o.value = c[0]; o.textContent = c[0] + " " + c[1]; sel[k].appendChild(o); });
		});
		fromURL();
		run(false);
		window.addEventListener("popstate", function () { fromURL(); run(false); });
	});
	document.getElementById("search-form").addEventListener("submit", function (e) {
		e.preventDefault();
		go(true);
	});
	[kind].concat(sel).forEach(function (s) { s.addEventListener("change", function () { go(false); }); });
})();
