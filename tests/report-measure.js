// Injected into a copy of a pp-report page by tests/report-screenshot.bats
// (pp-report's own page has no such script): measures the page as
// Chromium lays it out and writes what it finds into a pre element,
// its id measure: a line of counts, a line for each fault, a last line.
// A text of an SVG whose box is not inside the SVG's viewBox is clipped;
// a table cell taller than MAX_CELL pixels has wrapped; a page wider
// than the window (tables scroll in their own boxes) spills over.
(function () {
	var MAX_CELL = 60, bad = [], ntext = 0, ncell = 0, nsvg = 0;

	document.querySelectorAll('details').forEach(function (d) {
		d.open = true;
	});
	document.querySelectorAll('svg').forEach(function (svg) {
		var vb = svg.viewBox.baseVal, id = ++nsvg;

		svg.querySelectorAll('text').forEach(function (t) {
			var b = t.getBBox();

			ntext++;
			if (b.width === 0 || b.x < vb.x - 0.5 ||
			    b.y < vb.y - 0.5 ||
			    b.x + b.width > vb.x + vb.width + 0.5 ||
			    b.y + b.height > vb.y + vb.height + 0.5)
				bad.push('clipped text in svg ' + id + ': "' +
				    t.textContent + '" at ' + Math.round(b.x) +
				    ',' + Math.round(b.y) + ' ' +
				    Math.round(b.width) + 'x' +
				    Math.round(b.height) + ' in ' + vb.width +
				    'x' + vb.height);
		});
	});
	document.querySelectorAll('td, th').forEach(function (c) {
		var h = c.getBoundingClientRect().height;

		ncell++;
		if (h > MAX_CELL)
			bad.push('cell ' + Math.round(h) + 'px tall: "' +
			    c.textContent.slice(0, 40) + '"');
	});
	var sw = document.documentElement.scrollWidth,
	    cw = document.documentElement.clientWidth;
	if (sw > cw + 1)
		bad.push('page ' + sw + ' px wide in a ' + cw + ' px window');
	var pre = document.createElement('pre');
	pre.id = 'measure';
	bad.unshift('measured ' + nsvg + ' svg ' + ntext + ' text ' + ncell +
	    ' cells');
	bad.push('end of measure');
	pre.textContent = bad.join('\n');
	document.body.appendChild(pre);
})();
