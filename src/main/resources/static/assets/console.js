// Tidings console: CSRF for htmx and fetch, live numbers and charts, CSV upload progress.
// Loaded as a file (the Content-Security-Policy allows no inline script).
(function () {
	'use strict';

	function meta(name) {
		var element = document.querySelector('meta[name="' + name + '"]');
		return element ? element.getAttribute('content') : null;
	}

	var csrfHeader = meta('csrf-header');
	var csrfToken = meta('csrf-token');

	document.addEventListener('htmx:configRequest', function (event) {
		if (csrfHeader && csrfToken) {
			event.detail.headers[csrfHeader] = csrfToken;
		}
	});

	var palette = {
		created: '#64748b', deliveredChannel: '#0ea5e9', deliveredUser: '#6366f1', read: '#22c55e',
		replied: '#a855f7', failed: '#ef4444', submitted: '#64748b', sent: '#0ea5e9', successful: '#22c55e',
		accepted: '#64748b', delivered: '#6366f1', count: '#0ea5e9'
	};
	var funnelStages = [['created', 'Created'], ['deliveredChannel', 'Delivered to channel'],
		['deliveredUser', 'Delivered to user'], ['read', 'Read'], ['replied', 'Replied'], ['failed', 'Failed']];
	var hourlySeries = [['submitted', 'Submitted'], ['sent', 'Sent'], ['successful', 'Successful'], ['failed', 'Failed']];
	var charts = {};

	function baseOptions() {
		return { responsive: true, maintainAspectRatio: false, animation: false,
			plugins: { legend: { position: 'bottom' } }, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } };
	}

	function funnelChart(canvas, data) {
		var values = funnelStages.map(function (s) { return data[s[0]] || 0; });
		if (charts[canvas.id]) {
			charts[canvas.id].data.datasets[0].data = values;
			charts[canvas.id].update();
			return;
		}
		var options = baseOptions();
		options.plugins.legend.display = false;
		charts[canvas.id] = new Chart(canvas, { type: 'bar', options: options, data: {
			labels: funnelStages.map(function (s) { return s[1]; }),
			datasets: [{ label: 'Notifications', data: values,
				backgroundColor: funnelStages.map(function (s) { return palette[s[0]]; }) }] } });
	}

	function seriesChart(canvas, data, series, type) {
		if (charts[canvas.id]) {
			var chart = charts[canvas.id];
			chart.data.labels = data.labels;
			series.forEach(function (s, i) { chart.data.datasets[i].data = data[s[0]]; });
			chart.update();
			return;
		}
		charts[canvas.id] = new Chart(canvas, { type: type || 'line', options: baseOptions(), data: {
			labels: data.labels,
			datasets: series.map(function (s) {
				var color = palette[s[0]] || '#0ea5e9';
				return { label: s[1], data: data[s[0]], borderColor: color, backgroundColor: color, tension: 0.2 };
			}) } });
	}

	function render(root, data) {
		root.querySelectorAll('[data-field]').forEach(function (element) {
			var value = data[element.getAttribute('data-field')];
			if (value !== undefined && value !== null) {
				element.textContent = String(value);
			}
		});
		root.querySelectorAll('canvas[data-chart]').forEach(function (canvas) {
			var kind = canvas.getAttribute('data-chart');
			if (kind === 'funnel') {
				funnelChart(canvas, data);
			} else if (kind === 'hourly' && data.hourly) {
				seriesChart(canvas, data.hourly, hourlySeries, canvas.getAttribute('data-type') || 'line');
			} else if (kind === 'series' && data.chart) {
				seriesChart(canvas, data.chart, data.chart.series, data.chart.type);
			}
		});
	}

	function live(root) {
		var url = root.getAttribute('data-live');
		var every = parseInt(root.getAttribute('data-every') || '2000', 10);
		function poll() {
			fetch(url, { headers: { Accept: 'application/json' }, credentials: 'same-origin' })
				.then(function (response) { return response.ok ? response.json() : null; })
				.then(function (data) { if (data) { render(root, data); } })
				.catch(function () { /* keep the last numbers; try again on the next tick */ })
				.then(function () { if (every > 0) { setTimeout(poll, every); } });
		}
		poll();
	}

	function upload(form) {
		form.addEventListener('submit', function (event) {
			event.preventDefault();
			var input = form.querySelector('input[type=file]');
			var bar = form.querySelector('progress');
			var result = document.getElementById(form.getAttribute('data-upload'));
			if (!input.files.length) {
				return;
			}
			var request = new XMLHttpRequest();
			request.open('POST', form.action);
			request.setRequestHeader('Content-Type', 'text/csv');
			if (csrfHeader && csrfToken) {
				request.setRequestHeader(csrfHeader, csrfToken);
			}
			bar.hidden = false;
			bar.value = 0;
			request.upload.addEventListener('progress', function (e) {
				if (e.lengthComputable) {
					bar.max = e.total;
					bar.value = e.loaded;
				}
			});
			request.addEventListener('load', function () {
				bar.value = bar.max;
				result.innerHTML = request.responseText; // server-rendered, escaped fragment
				document.dispatchEvent(new CustomEvent('tidings:uploaded'));
			});
			request.addEventListener('error', function () {
				result.textContent = 'The upload failed; check the connection and try again.';
			});
			request.send(input.files[0]);
		});
		// The button stays disabled until here: a click before this handler is attached
		// would post the form as urlencoded, which the upload endpoint refuses.
		form.querySelector('button[type=submit]').disabled = false;
	}

	document.addEventListener('DOMContentLoaded', function () {
		document.querySelectorAll('[data-live]').forEach(live);
		document.querySelectorAll('form[data-upload]').forEach(upload);
	});
})();
