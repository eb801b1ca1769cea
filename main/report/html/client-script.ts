// The report page's own script, inlined as text. It reads the page model (JSON) and builds the DOM with
// textContent only — model output, prompts and server messages are untrusted and must stay inert —
// then draws each chart (the ChartSpec of common/charts/chart-model.ts) with the inlined chart.js. Kept in
// ES2017 without dependencies so it runs as is.
export const CLIENT_SCRIPT = String.raw`
(function () {
  'use strict';
  var page = JSON.parse(document.getElementById('data').textContent);
  var pending = [];

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function table(data, caption) {
    var t = el('table', 'data');
    if (caption) t.appendChild(el('caption', '', caption));
    var head = el('thead');
    var headRow = el('tr');
    data.headers.forEach(function (h) { headRow.appendChild(el('th', '', h)); });
    head.appendChild(headRow);
    t.appendChild(head);
    var body = el('tbody');
    data.rows.forEach(function (row) {
      var tr = el('tr');
      row.forEach(function (cell) { tr.appendChild(el('td', '', cell)); });
      body.appendChild(tr);
    });
    t.appendChild(body);
    return t;
  }

  function facts(block) {
    var t = el('table', 'facts');
    if (block.headers) {
      var head = el('thead');
      var hr = el('tr');
      block.headers.forEach(function (h) { hr.appendChild(el('th', '', h)); });
      head.appendChild(hr);
      t.appendChild(head);
    }
    var body = el('tbody');
    block.rows.forEach(function (row) {
      var tr = el('tr');
      tr.appendChild(el('th', '', row[0]));
      row.slice(1).forEach(function (cell) { tr.appendChild(el('td', '', cell)); });
      body.appendChild(tr);
    });
    t.appendChild(body);
    return t;
  }

  function chartBlock(block) {
    var box = el('figure', 'chart-block');
    box.id = 'chart-' + block.id;
    box.appendChild(el('h3', '', block.title));
    box.appendChild(el('p', 'description', block.description));
    if (block.chart) {
      var holder = el('div', 'chart-box');
      var canvas = el('canvas');
      canvas.setAttribute('role', 'img');
      canvas.setAttribute('aria-label', block.title);
      holder.appendChild(canvas);
      box.appendChild(holder);
      pending.push({ canvas: canvas, spec: block.chart, box: box });
    } else {
      box.appendChild(el('p', 'unavailable', block.unavailable || 'No data.'));
    }
    var details = el('details', 'data-toggle');
    details.appendChild(el('summary', '', 'Data table'));
    details.appendChild(table(block.table));
    box.appendChild(details);
    return box;
  }

  function answer(block) {
    var box = el('div', 'answer-block');
    box.appendChild(el('p', 'description', block.caption));
    if (block.thinking) {
      var thinking = el('div', 'thinking');
      thinking.appendChild(el('div', 'label', 'Thinking'));
      thinking.appendChild(el('pre', '', block.thinking));
      box.appendChild(thinking);
    }
    var ans = el('div', 'answer');
    ans.appendChild(el('div', 'label', 'Answer'));
    ans.appendChild(el('pre', '', block.answer || '(empty)'));
    box.appendChild(ans);
    return box;
  }

  function cards(block) {
    var box = el('div', 'cards');
    block.cards.forEach(function (card) {
      var c = el('div', 'card tone-' + card.tone);
      c.appendChild(el('div', 'label', card.label));
      c.appendChild(el('div', 'value', card.value));
      c.appendChild(el('div', 'detail', card.detail));
      box.appendChild(c);
    });
    return box;
  }

  function definitions(block) {
    var dl = el('dl', 'definitions');
    block.items.forEach(function (item) {
      dl.appendChild(el('dt', '', item.term));
      dl.appendChild(el('dd', '', item.text));
    });
    return dl;
  }

  function render(block) {
    switch (block.type) {
      case 'paragraph': return el('p', 'tone-' + (block.tone || 'plain'), block.text);
      case 'facts': return facts(block);
      case 'table': return table(block.table, block.caption);
      case 'chart': return chartBlock(block);
      case 'answer': return answer(block);
      case 'cards': return cards(block);
      case 'definitions': return definitions(block);
      default: return el('p', 'unavailable', 'Unknown block');
    }
  }

  var bandPlugin = {
    id: 'bands',
    beforeDatasetsDraw: function (chart, args, options) {
      var bands = (options && options.bands) || [];
      if (!bands.length) return;
      var x = chart.scales.x, area = chart.chartArea, ctx = chart.ctx;
      ctx.save();
      bands.forEach(function (band) {
        var left = Math.max(area.left, x.getPixelForValue(band.from));
        var right = Math.min(area.right, x.getPixelForValue(band.to));
        if (!(right > left)) return;
        ctx.fillStyle = band.color;
        ctx.fillRect(left, area.top, right - left, area.bottom - area.top);
        ctx.fillStyle = '#555';
        ctx.font = '11px sans-serif';
        ctx.textAlign = 'center';
        ctx.fillText(band.label, (left + right) / 2, area.top + 12);
      });
      ctx.restore();
    }
  };

  // Error bars: each dataset's intervals (a 95 % confidence interval per point), drawn over its points.
  var intervalPlugin = {
    id: 'intervals',
    afterDatasetsDraw: function (chart) {
      var ctx = chart.ctx;
      chart.data.datasets.forEach(function (ds, di) {
        if (!ds.intervals || !chart.isDatasetVisible(di)) return;
        var meta = chart.getDatasetMeta(di);
        var y = chart.scales[ds.yAxisID || 'y'];
        ctx.save();
        ctx.strokeStyle = ds.borderColor;
        ctx.lineWidth = 1.5;
        ds.intervals.forEach(function (iv, i) {
          var point = meta.data[i];
          if (!iv || !point) return;
          var top = y.getPixelForValue(iv.high), bottom = y.getPixelForValue(iv.low);
          ctx.beginPath();
          ctx.moveTo(point.x, top); ctx.lineTo(point.x, bottom);
          ctx.moveTo(point.x - 4, top); ctx.lineTo(point.x + 4, top);
          ctx.moveTo(point.x - 4, bottom); ctx.lineTo(point.x + 4, bottom);
          ctx.stroke();
        });
        ctx.restore();
      });
    }
  };

  // The highest interval end per axis, so an error bar is never cut by the axis' own range.
  function intervalMax(spec, axisId) {
    var max = null;
    spec.series.forEach(function (s) {
      if (!s.intervals || (s.axis || 'y') !== axisId) return;
      s.intervals.forEach(function (iv) { if (iv && (max === null || iv.high > max)) max = iv.high; });
    });
    return max;
  }

  function axis(spec, position, stacked) {
    var a = { title: { display: true, text: spec.title }, stacked: !!stacked };
    if (position) a.position = position;
    if (spec.min !== undefined) a.min = spec.min;
    if (spec.max !== undefined) a.max = spec.max;
    return a;
  }

  function chartConfig(spec) {
    var linear = spec.x.type === 'linear';
    var datasets = spec.series.map(function (s) {
      var bar = spec.kind === 'bar';
      return {
        label: s.label,
        data: s.data,
        borderColor: s.color,
        backgroundColor: bar ? s.color + (s.dashed ? '80' : 'd0') : s.color,
        borderWidth: bar ? (s.dashed ? 2 : 0) : 2,
        borderDash: !bar && s.dashed ? [6, 4] : [],
        yAxisID: s.axis || 'y',
        stack: s.stack,
        showLine: !s.scatter,
        spanGaps: false,
        pointRadius: s.scatter ? 1.5 : linear ? 0 : 3,
        tension: 0,
        intervals: s.intervals
      };
    });
    var x = axis(spec.x, null, spec.stacked);
    x.type = spec.x.type;
    var scales = { x: x, y: axis(spec.y, 'left', spec.stacked) };
    if (spec.y2) {
      scales.y2 = axis(spec.y2, 'right', false);
      scales.y2.grid = { drawOnChartArea: false };
    }
    ['y', 'y2'].forEach(function (id) {
      var top = intervalMax(spec, id);
      if (top !== null && scales[id]) scales[id].suggestedMax = top;
    });
    return {
      type: spec.kind,
      data: spec.x.labels ? { labels: spec.x.labels, datasets: datasets } : { datasets: datasets },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        interaction: { mode: 'nearest', intersect: false },
        scales: scales,
        plugins: { legend: { position: 'bottom' }, bands: { bands: spec.bands || [] } }
      },
      plugins: [bandPlugin, intervalPlugin]
    };
  }

  document.title = page.title;
  var root = document.getElementById('report');
  var header = el('header');
  header.appendChild(el('h1', '', page.title));
  header.appendChild(el('p', 'subtitle', page.subtitle));
  root.appendChild(header);
  var nav = el('nav', 'toc');
  page.sections.forEach(function (section) {
    var link = el('a', '', section.title);
    link.href = '#' + encodeURIComponent(section.id);
    nav.appendChild(link);
  });
  root.appendChild(nav);
  page.sections.forEach(function (section) {
    var s = el('section');
    s.id = section.id;
    s.appendChild(el('h2', '', section.title));
    section.blocks.forEach(function (block) { s.appendChild(render(block)); });
    root.appendChild(s);
  });

  var drawn = 0;
  pending.forEach(function (item) {
    try {
      new Chart(item.canvas, chartConfig(item.spec));
      drawn++;
    } catch (err) {
      console.error('chart', item.box.id, err);
      item.box.appendChild(el('p', 'unavailable', 'This chart could not be drawn: ' + (err && err.message)));
    }
  });
  document.documentElement.setAttribute('data-charts-drawn', String(drawn));

  // Closed data tables would be missing from a printout: open them for the print, restore after.
  var closed = [];
  window.addEventListener('beforeprint', function () {
    closed = Array.prototype.slice.call(document.querySelectorAll('details:not([open])'));
    closed.forEach(function (d) { d.open = true; });
  });
  window.addEventListener('afterprint', function () {
    closed.forEach(function (d) { d.open = false; });
    closed = [];
  });
})();
`;
