// Draws each chart from the JSON in its <script type="application/json">
// block. Without JavaScript (or Chart.js) the reader keeps the description
// and the data table, which the page shows by default.
(function () {
  'use strict';
  // The stylesheet keeps each chart's box open while scripts load; a chart
  // that cannot be drawn gives it up, and its table stays open in its place.
  function giveUp(figure) {
    var box = figure.querySelector('.chart__canvas');
    if (box) box.remove();
  }
  if (typeof window.Chart === 'undefined') {
    document.querySelectorAll('figure.chart').forEach(giveUp);
    return;
  }

  window.Chart.defaults.color = '#0b0c0c';
  window.Chart.defaults.font.size = 14;
  var reduceMotion = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
  var forcedColours = window.matchMedia('(forced-colors: active)').matches;

  function format(value, unit) {
    if (value === null || value === undefined) return 'no figure';
    var number = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 2 }).format(Math.abs(value));
    var sign = value < 0 ? '-' : '';
    if (unit === 'GBP') return sign + '£' + number;
    if (unit === 'percent') return sign + number + '%';
    return sign + number;
  }

  // A small tile that repeats: the series colour with white marks, so bars
  // differ by pattern as well as by colour.
  function pattern(colour, kind) {
    if (kind === 'solid') return colour;
    var size = 10;
    var tile = document.createElement('canvas');
    tile.width = tile.height = size;
    var c = tile.getContext('2d');
    c.fillStyle = colour;
    c.fillRect(0, 0, size, size);
    c.strokeStyle = c.fillStyle = 'rgba(255, 255, 255, 0.85)';
    c.lineWidth = 2;
    c.beginPath();
    if (kind === 'diagonal') { c.moveTo(0, size); c.lineTo(size, 0); }
    else if (kind === 'vertical') { c.moveTo(size / 2, 0); c.lineTo(size / 2, size); }
    else if (kind === 'cross') { c.moveTo(0, 0); c.lineTo(size, size); c.moveTo(size, 0); c.lineTo(0, size); }
    else if (kind === 'zigzag') { c.moveTo(0, 7); c.lineTo(5, 3); c.lineTo(10, 7); }
    else if (kind === 'dots') { c.arc(size / 2, size / 2, 2, 0, 2 * Math.PI); c.fill(); }
    c.stroke();
    return c.createPattern(tile, 'repeat');
  }

  // A category's name on a narrow chart's side axis, in lines of about
  // fourteen characters: Chart.js cuts off a name wider than the axis can hold.
  function wrap(label) {
    if (typeof label !== 'string' || label.length <= 14) return label;
    var lines = [];
    label.split(' ').forEach(function (word) {
      var last = lines.length - 1;
      if (last >= 0 && (lines[last] + ' ' + word).length <= 14) lines[last] += ' ' + word;
      else lines.push(word);
    });
    return lines.length > 1 ? lines : label;
  }

  function draw(figure) {
    var config = JSON.parse(figure.querySelector('script.chart__config').textContent);
    var meta = config.gazette || {};
    delete config.gazette;
    var options = config.options;

    config.data.datasets.forEach(function (dataset, i) {
      var kinds = (meta.patterns || [])[i] || [];
      if (config.type === 'bar') {
        var colours = [].concat(dataset.backgroundColor);
        dataset.backgroundColor = Array.isArray(dataset.backgroundColor)
          ? colours.map(function (colour, j) { return pattern(colour, kinds[j] || kinds[0] || 'solid'); })
          : pattern(dataset.backgroundColor, kinds[0] || 'solid');
      }
      if (forcedColours) { dataset.borderColor = 'CanvasText'; dataset.borderWidth = 2; }
    });

    // No animation for readers who ask for none, nor on the print page, so a PDF never catches a bar mid-way.
    var printing = document.body.classList.contains('report--print');
    options.animation = reduceMotion || printing ? false : { duration: 400 };
    // Sharp on paper: three device pixels to the CSS pixel on the print page, two elsewhere.
    options.devicePixelRatio = Math.max(window.devicePixelRatio || 1, printing ? 3 : 2);
    var valueAxis = options.indexAxis === 'y' ? 'x' : 'y';
    var ticks = options.scales[valueAxis].ticks || {};  // a diverging chart's steps come with it
    ticks.callback = function (value) { return format(value, meta.unit); };
    options.scales[valueAxis].ticks = ticks;
    options.plugins.tooltip = {
      callbacks: {
        label: function (item) {
          var name = config.data.datasets.length > 1 ? item.dataset.label + ': ' : '';
          return name + format(item.raw, meta.unit);
        }
      }
    };

    var box = figure.querySelector('.chart__canvas');
    box.hidden = false;
    if (options.indexAxis === 'y') {
      // Every category named, however narrow the chart: no bar without its name.
      options.scales.y.ticks = Object.assign(options.scales.y.ticks || {}, { autoSkip: false });
      if (box.clientWidth < 480) config.data.labels = config.data.labels.map(wrap);
    }
    new window.Chart(box.querySelector('canvas'), config);
    // The table stays one click away, behind its summary.
    var data = figure.querySelector('details.chart__data');
    if (data) data.open = false;
  }

  document.querySelectorAll('figure.chart').forEach(function (figure) {
    try { draw(figure); } catch (error) { giveUp(figure); }
  });

  // Paper is narrower than the screen: redraw each chart at the printed size.
  window.addEventListener('beforeprint', function () {
    Object.values(window.Chart.instances).forEach(function (chart) { chart.resize(); });
  });
})();
