/* gongkai 網站搜尋: loads the index written by generator/search.c as
 * script files (works over http and from file://) and lists results in
 * #search-results. Tokens as in search.c: full-width folded, lower case,
 * CJK bigrams (single characters for one-character queries), words. */
(function () {
	"use strict";
	var S = 512, meta = null, shards = {}, docs = {}, waiting = {};
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
		meta: function (m) { meta = m; S = m.shards; },
		add: function (k, t) { shards[k] = t; },
		docs: function (k, d) { docs[k] = d; },
		loaded: {}
	};
	function fold(c) {
		if (c >= 0xff01 && c <= 0xff5e) c -= 0xfee0;
		else if (c === 0x3000) c = 32;
		if (c >= 65 && c <= 90) c += 32;
		return c;
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
	function hash(t) {
		var b = new TextEncoder().encode(t), h = 2166136261;
		for (var i = 0; i < b.length; i++) { h ^= b[i]; h = Math.imul(h, 16777619) >>> 0; }
		return h;
	}
	function postings(t) {
		var s = shards[hash(t) % S], m = {}, d = 0;
		if (!s || !Object.prototype.hasOwnProperty.call(s, t)) return m;
		s[t].split(",").forEach(function (v) {
			v = parseInt(v, 36); d += v >> 2; m[d] = v & 3;
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
	var sel = ["theme", "cake", "service"].map(function (k) { return document.getElementById("search-" + k); });
	function href(url) {
		if (location.protocol === "file:") return ".." + url + "index.html";
		return root.getAttribute("data-base") + url.slice(1);
	}
	function mark(el, text, ts) {
		var lo = text.toLowerCase(), i = 0;
		while (i < text.length) {
			var best = -1, len = 0;
			ts.forEach(function (t) { var j = lo.indexOf(t, i); if (j >= 0 && (best < 0 || j < best)) { best = j; len = t.length; } });
			if (best < 0) break;
			el.appendChild(document.createTextNode(text.slice(i, best)));
			var m = document.createElement("mark"); m.textContent = text.slice(best, best + len);
			el.appendChild(m); i = best + len;
		}
		el.appendChild(document.createTextNode(text.slice(i)));
	}
	function run() {
		var query = q.value.trim(), ts = terms(query);
		res.textContent = "";
		if (!ts.length) { status.textContent = query ? "請輸入可搜尋的關鍵字。" : ""; return; }
		status.textContent = "搜尋中…";
		var names = ["theme", "cake", "service"], fs = [];
		if (kind.value) fs.push("kind:" + kind.value);
		sel.forEach(function (s, k) { if (s.value) fs.push(names[k] + ":" + s.value); });
		var need = [];
		ts.concat(fs).forEach(function (t) { var k = hash(t) % S; if (need.indexOf(k) < 0) need.push(k); });
		each(need, function (k, d) { shards[k] ? d() : load("t/" + k + ".js", "t" + k, d); }, function () {
			/* every term (AND); when no page has them all, the pages with
			 * the most of them */
			var score = {}, hits = {}, most = 0;
			ts.forEach(function (t) {
				var p = postings(t);
				for (var d in p) {
					score[d] = (score[d] || 0) + [0, 1, 10, 100][p[d]];
					hits[d] = (hits[d] || 0) + 1;
					if (hits[d] > most) most = hits[d];
				}
			});
			for (var d in hits) if (hits[d] < most) delete score[d];
			var fp = fs.map(postings);
			var ids = Object.keys(score).map(Number).filter(function (d) {
				return fp.every(function (p) { return d in p; });
			});
			ids.sort(function (a, b) { return score[b] - score[a] || a - b; });
			var top = ids.slice(0, 10), ds = [];
			top.forEach(function (d) { var k = Math.floor(d / meta.per); if (ds.indexOf(k) < 0) ds.push(k); });
			each(ds, function (k, d) { docs[k] ? d() : load("d/" + k + ".js", "d" + k, d); }, function () {
				status.textContent = "找到 " + ids.length + " 筆結果" + (ids.length > 10 ? "，列出前 10 筆。" : "。");
				var lo = ts.filter(function (t) { return t.length > 1 || ts.length === 1; });
				top.forEach(function (d) {
					var doc = docs[Math.floor(d / meta.per)][d % meta.per], li = document.createElement("li");
					var h = document.createElement("h2"), a = document.createElement("a");
					a.href = href(doc[0]); mark(a, doc[1], lo); h.appendChild(a); li.appendChild(h);
					var info = document.createElement("p"); info.className = "search-meta";
					info.textContent = doc[2] + (doc[3] ? "｜" + doc[3] : ""); li.appendChild(info);
					var sn = document.createElement("p"); sn.className = "search-snippet"; mark(sn, doc[4], lo); li.appendChild(sn);
					res.appendChild(li);
				});
			});
		});
	}
	root.hidden = false;
	load("meta.js", "meta", function () {
		if (!meta) { status.textContent = "無法載入搜尋索引。"; return; }
		var names = ["theme", "cake", "service"];
		meta.schemes.forEach(function (codes, k) {
			if (!codes.length) { sel[k].parentNode.hidden = true; return; }
			codes.forEach(function (c) { var o = document.createElement("option"); o.value = c[0]; o.textContent = c[0] + " " + c[1]; sel[k].appendChild(o); });
		});
		var params = new URLSearchParams(location.search);
		q.value = params.get("q") || "";
		kind.value = params.get("kind") || "";
		names.forEach(function (n, k) { sel[k].value = params.get(n) || ""; });
		if (q.value) run();
	});
	document.getElementById("search-form").addEventListener("submit", function (e) {
		e.preventDefault();
		var u = new URLSearchParams();
		u.set("q", q.value);
		if (kind.value) u.set("kind", kind.value);
		["theme", "cake", "service"].forEach(function (n, k) { if (sel[k].value) u.set(n, sel[k].value); });
		try { history.replaceState(null, "", "?" + u.toString()); } catch (x) { /* file:// */ }
		run();
	});
	[kind].concat(sel).forEach(function (s) { s.addEventListener("change", function () { if (q.value.trim()) run(); }); });
})();
