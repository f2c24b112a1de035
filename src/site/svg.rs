//! Charts as inline SVG, drawn in Rust: stacked columns of shares,
//! stacked bars of counts, and lines over dates. Each is an `<svg
//! role="img">` with a `<title>` and a `<desc>`; the numbers it draws as
//! data are `<text class="v">`, and the page puts every one of them in a
//! table too (`charts` does). Colours are presentation attributes, so a
//! chart needs no style sheet; every text is escaped.

use std::fmt::Write as _;

use super::esc;

/// One series of a chart: its name (in the legend) and its colour.
#[derive(Clone, Copy)]
pub(super) struct Series {
    pub name: &'static str,
    pub colour: &'static str,
    /// Drawn dashed (a line), so that colour is not the only difference.
    pub dashed: bool,
}

/// One column or bar: its label and a value per series.
pub(super) struct Row {
    pub label: String,
    pub values: Vec<usize>,
}

/// The text colour, as the site's.
const INK: &str = "#1a1a1a";
const FONT: &str = "font-family=\"system-ui,sans-serif\" font-size=\"12\"";
const LEGEND_ROW: f64 = 20.0;

/// The start of a chart: its box, title and description.
fn open(id: &str, title: &str, desc: &str, width: f64, height: f64) -> String {
    let mut out = String::new();
    let _ = write!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" aria-labelledby=\"{id}-t {id}-d\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" {FONT} fill=\"{INK}\">\n<title id=\"{id}-t\">{}</title>\n<desc id=\"{id}-d\">{}</desc>\n",
        esc(title),
        esc(desc)
    );
    out
}

/// The legend's height for `series` in `width`.
fn legend_height(series: &[Series], width: f64) -> f64 {
    legend_rows(series, width).len() as f64 * LEGEND_ROW
}

/// The series in rows of a legend `width` wide: each row the series' x.
fn legend_rows(series: &[Series], width: f64) -> Vec<Vec<(f64, Series)>> {
    let mut rows: Vec<Vec<(f64, Series)>> = vec![Vec::new()];
    let mut x = 0.0;
    for s in series {
        let w = 20.0 + 7.0 * s.name.chars().count() as f64 + 14.0;
        if x + w > width && x > 0.0 {
            rows.push(Vec::new());
            x = 0.0;
        }
        rows.last_mut().expect("a row").push((x, *s));
        x += w;
    }
    rows
}

/// A legend with its top left at (`x`, `y`).
fn legend(out: &mut String, series: &[Series], x: f64, y: f64, width: f64) {
    out.push_str("<g aria-hidden=\"true\">\n");
    for (i, row) in legend_rows(series, width).iter().enumerate() {
        let ry = y + i as f64 * LEGEND_ROW;
        for (dx, s) in row {
            let _ = writeln!(
                out,
                "<rect x=\"{}\" y=\"{}\" width=\"14\" height=\"14\" fill=\"{}\"/><text x=\"{}\" y=\"{}\">{}</text>",
                x + dx,
                ry,
                s.colour,
                x + dx + 20.0,
                ry + 11.0,
                esc(s.name)
            );
        }
    }
    out.push_str("</g>\n");
}

/// One series' part of a column or bar, at (x, y) and w × h, with its
/// count in words for a pointer.
fn segment(
    out: &mut String,
    (x, y, w, h): (f64, f64, f64, f64),
    s: &Series,
    label: &str,
    v: usize,
) {
    let _ = writeln!(
        out,
        "<rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"{w:.1}\" height=\"{h:.1}\" fill=\"{}\"><title>{}: {v} {}</title></rect>",
        s.colour,
        esc(label),
        esc(s.name)
    );
}

/// Columns of shares: each row a column as tall as the plot, split by
/// its values' shares, its total above it (a drawn number) and its label
/// under it. A row whose values are all 0 is an empty slot.
pub(super) fn columns(
    id: &str,
    title: &str,
    desc: &str,
    series: &[Series],
    rows: &[Row],
    width: f64,
    plot_h: f64,
) -> String {
    let (left, top) = (38.0, 18.0);
    let slot = (width - left - 6.0) / rows.len().max(1) as f64;
    let bar = (slot * 0.75).min(44.0);
    let slanted = rows
        .iter()
        .any(|r| 7.0 * r.label.chars().count() as f64 > slot);
    let bottom = if slanted { 44.0 } else { 20.0 };
    let legend_y = top + plot_h + bottom + 6.0;
    let height = legend_y + legend_height(series, width - left);
    let mut out = open(id, title, desc, width, height);
    for (tick, y) in [
        ("100%", top),
        ("50%", top + plot_h / 2.0),
        ("0%", top + plot_h),
    ] {
        let _ = writeln!(
            out,
            "<text class=\"tick\" x=\"{}\" y=\"{}\" text-anchor=\"end\">{tick}</text><line x1=\"{left}\" x2=\"{}\" y1=\"{y}\" y2=\"{y}\" stroke=\"#c8c8c8\"/>",
            left - 4.0,
            y + 4.0,
            width - 6.0
        );
    }
    for (i, row) in rows.iter().enumerate() {
        let total: usize = row.values.iter().sum();
        let x = left + slot * i as f64 + (slot - bar) / 2.0;
        let cx = x + bar / 2.0;
        let mut y = top + plot_h;
        for (s, v) in series.iter().zip(&row.values).filter(|(_, v)| **v > 0) {
            let h = plot_h * *v as f64 / total as f64;
            y -= h;
            segment(&mut out, (x, y, bar, h), s, &row.label, *v);
        }
        let _ = writeln!(
            out,
            "<text class=\"v\" x=\"{cx:.1}\" y=\"{}\" text-anchor=\"middle\">{total}</text>",
            top - 5.0
        );
        let ly = top + plot_h + 14.0;
        let label = if slanted {
            format!(
                "<text x=\"{cx:.1}\" y=\"{ly}\" text-anchor=\"end\" transform=\"rotate(-40 {cx:.1} {ly})\">"
            )
        } else {
            format!("<text x=\"{cx:.1}\" y=\"{ly}\" text-anchor=\"middle\">")
        };
        let _ = writeln!(out, "{label}{}</text>", esc(&row.label));
    }
    legend(&mut out, series, left, legend_y, width - left);
    out.push_str("</svg>\n");
    out
}

/// Bars of counts: each row a bar from the label column, as long as its
/// total against the largest, split by its values, its total at its end.
pub(super) fn bars(id: &str, title: &str, desc: &str, series: &[Series], rows: &[Row]) -> String {
    let width = 720.0;
    let (left, row_h) = (200.0, 24.0);
    let span = width - left - 50.0;
    let most = rows
        .iter()
        .map(|r| r.values.iter().sum::<usize>())
        .max()
        .unwrap_or(0)
        .max(1);
    let legend_y = row_h * rows.len() as f64 + 8.0;
    let height = legend_y + legend_height(series, width);
    let mut out = open(id, title, desc, width, height);
    for (i, row) in rows.iter().enumerate() {
        let y = row_h * i as f64 + 4.0;
        let _ = writeln!(
            out,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>",
            left - 6.0,
            y + 12.0,
            esc(&shorten(&row.label, 28))
        );
        let mut x = left;
        for (s, v) in series.iter().zip(&row.values).filter(|(_, v)| **v > 0) {
            let w = span * *v as f64 / most as f64;
            segment(&mut out, (x, y, w, 16.0), s, &row.label, *v);
            x += w;
        }
        let total: usize = row.values.iter().sum();
        let _ = writeln!(
            out,
            "<text class=\"v\" x=\"{:.1}\" y=\"{}\">{total}</text>",
            x + 4.0,
            y + 12.0
        );
    }
    legend(&mut out, series, 0.0, legend_y, width);
    out.push_str("</svg>\n");
    out
}

/// `label` cut to `max` characters, with an ellipsis when cut.
fn shorten(label: &str, max: usize) -> String {
    if label.chars().count() <= max {
        return label.to_string();
    }
    let mut s: String = label.chars().take(max - 1).collect();
    s.push('…');
    s
}

/// Lines over days: one per series, a dot at each point, the last value
/// of each at its end (drawn numbers), the first and last day under the
/// axis. `days` are the points' days from the first; `values` one list
/// per series.
pub(super) fn lines(
    id: &str,
    title: &str,
    desc: &str,
    series: &[Series],
    (days, labels): (&[i64], [&str; 2]),
    values: &[Vec<usize>],
) -> String {
    let (width, plot_h, left, top, right) = (720.0, 180.0, 38.0, 12.0, 90.0);
    let span = width - left - right;
    let most = values.iter().flatten().copied().max().unwrap_or(0).max(1);
    let last_day = days.last().copied().unwrap_or(0).max(1) as f64;
    let x = |d: i64| {
        if days.len() < 2 {
            left + span / 2.0
        } else {
            left + span * d as f64 / last_day
        }
    };
    let y = |v: usize| top + plot_h - plot_h * v as f64 / most as f64;
    let legend_y = top + plot_h + 28.0;
    let height = legend_y + legend_height(series, width - left);
    let mut out = open(id, title, desc, width, height);
    line_axes(
        &mut out,
        most,
        labels,
        (left, left + span, top + plot_h),
        &y,
    );
    let mut ends = Vec::new();
    for (s, vs) in series.iter().zip(values) {
        let points: Vec<String> = days
            .iter()
            .zip(vs)
            .map(|(d, v)| format!("{:.1},{:.1}", x(*d), y(*v)))
            .collect();
        let dash = if s.dashed {
            " stroke-dasharray=\"6 4\""
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "<polyline points=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"2\"{dash}/>",
            points.join(" "),
            s.colour
        );
        for (d, v) in days.iter().zip(vs) {
            let _ = writeln!(
                out,
                "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"3\" fill=\"{}\"/>",
                x(*d),
                y(*v),
                s.colour
            );
        }
        if let (Some(d), Some(v)) = (days.last(), vs.last()) {
            // Labels that would overlap are moved down.
            let mut ly = y(*v) + 4.0;
            while ends.iter().any(|e: &f64| (e - ly).abs() < 13.0) {
                ly += 14.0;
            }
            ends.push(ly);
            let _ = writeln!(
                out,
                "<text x=\"{:.1}\" y=\"{ly:.1}\">{} <tspan class=\"v\">{v}</tspan></text>",
                x(*d) + 8.0,
                esc(s.name)
            );
        }
    }
    legend(&mut out, series, left, legend_y, width - left);
    out.push_str("</svg>\n");
    out
}

/// The axes of [`lines`]: the ticks of 0 and `most` (y) with their grid
/// lines from `x0` to `x1`, and the first and last day under `bottom`.
fn line_axes(
    out: &mut String,
    most: usize,
    labels: [&str; 2],
    (x0, x1, bottom): (f64, f64, f64),
    y: &dyn Fn(usize) -> f64,
) {
    for v in [most, 0] {
        let _ = writeln!(
            out,
            "<text class=\"tick\" x=\"{}\" y=\"{:.1}\" text-anchor=\"end\">{v}</text><line x1=\"{x0}\" x2=\"{x1}\" y1=\"{:.1}\" y2=\"{:.1}\" stroke=\"#c8c8c8\"/>",
            x0 - 4.0,
            y(v) + 4.0,
            y(v),
            y(v)
        );
    }
    for (anchor, (text, tx)) in ["start", "end"]
        .iter()
        .zip([(labels[0], x0), (labels[1], x1)])
    {
        let _ = writeln!(
            out,
            "<text class=\"tick\" x=\"{tx}\" y=\"{}\" text-anchor=\"{anchor}\">{}</text>",
            bottom + 16.0,
            esc(text)
        );
    }
}

#[cfg(test)]
mod tests;
