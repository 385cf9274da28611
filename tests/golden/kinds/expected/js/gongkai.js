/*
 * gongkai default theme: remembers the 字級 (font size) choice.
 *
 * Progressive enhancement only. Everything on the site reads and works
 * without JavaScript: the 小/中/大 radio buttons in the header resize the
 * text through CSS alone (html:has(#gk-fs-l:checked)). Without JavaScript
 * the choice holds for the page in view; with it, this script keeps the
 * choice in localStorage and applies it before the page is drawn (as
 * html[data-gk-font-size]), so it holds from page to page.
 */
(function () {
	'use strict';
	var KEY = 'gongkai-font-size';
	var root = document.documentElement;
	var saved = null;
	try {
		saved = window.localStorage.getItem(KEY);
	} catch (e) {
		saved = null; /* storage turned off: the control still works per page */
	}
	if (saved !== 's' && saved !== 'm' && saved !== 'l') saved = null;
	if (saved) root.setAttribute('data-gk-font-size', saved);

	function choose(value) {
		root.setAttribute('data-gk-font-size', value);
		try {
			window.localStorage.setItem(KEY, value);
		} catch (e) {
			/* not remembered; the size still applies to this page */
		}
	}

	function init() {
		var inputs = document.querySelectorAll('input[name="gk-font-size"]');
		for (var i = 0; i < inputs.length; i++) {
			if (saved && inputs[i].value === saved) inputs[i].checked = true;
			inputs[i].addEventListener('change', function (ev) {
				if (ev.target.checked) choose(ev.target.value);
			});
		}
	}
	if (document.readyState === 'loading') {
		document.addEventListener('DOMContentLoaded', init);
	} else {
		init();
	}
})();
