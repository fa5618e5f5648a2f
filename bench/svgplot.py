# Plain SVG figures for the bench scripts, with no plotting library: a
# histogram and a bar chart, each a standalone file a browser or the docs
# show as it is. Every bar carries its value in data-value and a <title>,
# so a program can read the figure back.
#
# SPDX-License-Identifier: LGPL-2.1-or-later

from xml.sax.saxutils import escape

WIDTH, HEIGHT = 640, 360
LEFT, RIGHT, TOP, BOTTOM = 70, 20, 40, 50
STYLE = ('<style>text { font: 12px sans-serif; fill: #222; } .axis { stroke: #888; } '
         '.grid { stroke: #eee; } .bar { fill: #3b82d6; } .reference { fill: #aaa; }</style>')


def _frame(title, xlabel, ylabel, body, y_max):
    plot_h = HEIGHT - TOP - BOTTOM
    lines = [f'<svg xmlns="http://www.w3.org/2000/svg" class="bench-figure" width="{WIDTH}" '
             f'height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}">', STYLE,
             '<rect width="100%" height="100%" fill="#fff"/>',
             f'<text x="{WIDTH / 2}" y="22" text-anchor="middle">{escape(title)}</text>']
    for i in range(5):
        value = y_max * i / 4
        y = TOP + plot_h - plot_h * i / 4
        lines.append(f'<line class="grid" x1="{LEFT}" y1="{y:.1f}" x2="{WIDTH - RIGHT}" y2="{y:.1f}"/>')
        lines.append(f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end">{value:,.4g}</text>')
    lines += body
    lines.append(f'<line class="axis" x1="{LEFT}" y1="{TOP + plot_h}" x2="{WIDTH - RIGHT}" y2="{TOP + plot_h}"/>')
    lines.append(f'<text x="{(LEFT + WIDTH - RIGHT) / 2}" y="{HEIGHT - 10}" text-anchor="middle">'
                 f'{escape(xlabel)}</text>')
    lines.append(f'<text transform="translate(16 {TOP + plot_h / 2}) rotate(-90)" text-anchor="middle">'
                 f'{escape(ylabel)}</text>')
    lines.append('</svg>')
    return '\n'.join(lines) + '\n'


def histogram(values, title, xlabel, bins=20):
    '''An SVG histogram of @values (at least one): how many fall into each
    of @bins equal bins between their smallest and largest.'''
    low, high = min(values), max(values)
    width = (high - low) / bins or 1.0
    counts = [0] * bins
    for value in values:
        counts[min(int((value - low) / width), bins - 1)] += 1
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    top = max(counts)
    body = []
    for i, count in enumerate(counts):
        x = LEFT + plot_w * i / bins
        h = plot_h * count / top
        start = low + width * i
        body.append(f'<rect class="bar" x="{x + 1:.1f}" y="{TOP + plot_h - h:.1f}" '
                    f'width="{plot_w / bins - 2:.1f}" height="{h:.1f}" data-from="{start:.4g}" '
                    f'data-value="{count}"><title>{start:.4g}–{start + width:.4g}: {count}</title></rect>')
    for i in (0, bins // 2, bins):
        x = LEFT + plot_w * i / bins
        body.append(f'<text x="{x:.1f}" y="{TOP + plot_h + 16}" text-anchor="middle">{low + width * i:.4g}</text>')
    return _frame(title, xlabel, 'count', body, top)


def bars(labels, values, title, ylabel, reference=None):
    '''An SVG bar chart: one bar per label, and beside each, in grey, the
    matching @reference value when given.'''
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    top = max(list(values) + list(reference or [])) or 1.0
    slot = plot_w / len(values)
    body = []
    for i, (label, value) in enumerate(zip(labels, values)):
        x = LEFT + slot * i
        series = [('bar', value)] + ([('reference', reference[i])] if reference else [])
        for j, (kind, amount) in enumerate(series):
            w = slot * 0.7 / len(series)
            h = plot_h * amount / top
            body.append(f'<rect class="{kind}" x="{x + slot * 0.15 + w * j:.1f}" y="{TOP + plot_h - h:.1f}" '
                        f'width="{w:.1f}" height="{h:.1f}" data-value="{amount:.6g}">'
                        f'<title>{escape(str(label))}: {amount:,.6g}</title></rect>')
        body.append(f'<text x="{x + slot / 2:.1f}" y="{TOP + plot_h + 16}" text-anchor="middle">'
                    f'{escape(str(label))}</text>')
    return _frame(title, '', ylabel, body, top)


def write(path, svg):
    with open(path, 'w', encoding='utf-8') as f:
        f.write(svg)
