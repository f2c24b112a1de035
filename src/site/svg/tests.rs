//! The charts' geometry: every mark inside its box, columns as tall as
//! the plot, bars as long as their counts, lines through their points,
//! and a legend that names every series and wraps inside the width.

use super::*;

const A: Series = Series {
    name: "alpha",
    colour: "#111111",
    dashed: false,
};
const B: Series = Series {
    name: "beta",
    colour: "#222222",
    dashed: true,
};

/// A mark of a chart: a rect's box, or a text's position and words.
#[derive(Debug)]
struct Mark {
    x: f64,
    y: f64,
    w: f64,
    h: f64,
    fill: String,
    text: String,
    class: String,
    in_legend: bool,
}

/// The chart's box (from its viewBox) and its rects and texts.
fn marks(svg: &str) -> ((f64, f64), Vec<Mark>) {
    let doc = roxmltree::Document::parse(svg).unwrap();
    let root = doc.root_element();
    let view: Vec<f64> = root
        .attribute("viewBox")
        .unwrap()
        .split(' ')
        .map(|n| n.parse().unwrap())
        .collect();
    let num =
        |n: roxmltree::Node<'_, '_>, a: &str| n.attribute(a).map_or(0.0, |v| v.parse().unwrap());
    let marks = root
        .descendants()
        .filter(|n| matches!(n.tag_name().name(), "rect" | "text"))
        .map(|n| Mark {
            x: num(n, "x"),
            y: num(n, "y"),
            w: num(n, "width"),
            h: num(n, "height"),
            fill: n.attribute("fill").unwrap_or_default().to_string(),
            text: n.text().unwrap_or_default().to_string(),
            class: n.attribute("class").unwrap_or_default().to_string(),
            in_legend: n
                .ancestors()
                .any(|a| a.attribute("aria-hidden") == Some("true")),
        })
        .collect();
    ((view[2], view[3]), marks)
}

fn inside(m: &Mark, (w, h): (f64, f64)) -> bool {
    m.x >= 0.0 && m.y >= 0.0 && m.x + m.w <= w + 0.1 && m.y + m.h <= h + 0.1
}

/// Every series is named in the legend, beside a swatch of its colour.
fn assert_legend(marks: &[Mark], series: &[Series]) {
    for s in series {
        let name = marks.iter().find(|m| m.in_legend && m.text == s.name);
        let swatch = marks
            .iter()
            .find(|m| m.in_legend && m.fill == s.colour && m.w == 14.0);
        let (name, swatch) = (name.expect(s.name), swatch.expect(s.colour));
        assert_eq!(name.x, swatch.x + 20.0, "{}", s.name);
        assert!((name.y - swatch.y - 11.0).abs() < 0.01, "{}", s.name);
    }
}

#[test]
fn columns_fill_the_plot_by_shares_with_their_totals_above() {
    let rows = [
        Row {
            label: "2014".into(),
            values: vec![1, 3],
        },
        Row {
            label: "2015".into(),
            values: vec![2, 0],
        },
    ];
    let svg = columns("c", "T", "D", &[A, B], &rows, 400.0, 200.0);
    let (size, marks) = marks(&svg);
    assert!(marks.iter().all(|m| inside(m, size)), "{svg}");
    assert_legend(&marks, &[A, B]);
    let bars: Vec<&Mark> = marks
        .iter()
        .filter(|m| m.w > 14.0 && !m.in_legend)
        .collect();
    assert_eq!(bars.len(), 3, "{svg}");
    // 2014: a quarter alpha at the bottom, three quarters beta above it.
    let (a, b) = (bars[0], bars[1]);
    assert!(
        (a.h - 50.0).abs() < 0.1 && (b.h - 150.0).abs() < 0.1,
        "{svg}"
    );
    assert!(
        (a.y - (18.0 + 150.0)).abs() < 0.1 && (b.y - 18.0).abs() < 0.1,
        "{svg}"
    );
    assert_eq!((a.fill.as_str(), b.fill.as_str()), ("#111111", "#222222"));
    // 2015: all alpha, in the second slot, as wide as the first.
    let c = bars[2];
    assert!(
        (c.h - 200.0).abs() < 0.1 && (c.y - 18.0).abs() < 0.1,
        "{svg}"
    );
    let slot = (400.0 - 38.0 - 6.0) / 2.0;
    assert!((c.x - a.x - slot).abs() < 0.2 && c.w == a.w, "{svg}");
    assert!((a.w - (slot * 0.75).min(44.0)).abs() < 0.1);
    // Centred in its slot.
    assert!((a.x - (38.0 + (slot - a.w) / 2.0)).abs() < 0.1, "{svg}");
    // Totals above their columns' middles; labels under them.
    let totals: Vec<(&str, f64)> = marks
        .iter()
        .filter(|m| m.class == "v")
        .map(|m| (m.text.as_str(), m.x))
        .collect();
    assert_eq!(totals.len(), 2);
    assert_eq!(totals[0].0, "4");
    assert!((totals[0].1 - (a.x + a.w / 2.0)).abs() < 0.1);
    assert_eq!(totals[1].0, "2");
    let label = marks.iter().find(|m| m.text == "2015").unwrap();
    assert!((label.x - totals[1].1).abs() < 0.1 && label.y > 18.0 + 200.0);
    let ticks: Vec<&str> = marks
        .iter()
        .filter(|m| m.class == "tick")
        .map(|m| m.text.as_str())
        .collect();
    assert_eq!(ticks, ["100%", "50%", "0%"]);
    let half = marks.iter().find(|m| m.text == "50%").unwrap();
    assert_eq!(half.y, 18.0 + 100.0 + 4.0);
    // The legend fits one row of the plot's width, under the labels.
    assert_eq!(size.1, 18.0 + 200.0 + 20.0 + 6.0 + LEGEND_ROW);
}

#[test]
fn narrow_slots_get_bars_three_quarters_wide_and_a_label_that_fits_stays_level() {
    // One slot of 28: a four-letter label (28 wide) just fits.
    let one = [Row {
        label: "abcd".into(),
        values: vec![1, 0],
    }];
    let svg = columns("c", "T", "D", &[A], &one, 38.0 + 6.0 + 28.0, 50.0);
    assert!(!svg.contains("rotate("), "{svg}");
    let (_, marks) = marks(&svg);
    let bar = marks.iter().find(|m| !m.in_legend && m.w > 0.0).unwrap();
    assert!((bar.w - 21.0).abs() < 0.1, "{svg}");
    let five = [Row {
        label: "abcde".into(),
        values: vec![1, 0],
    }];
    assert!(columns("c", "T", "D", &[A], &five, 38.0 + 6.0 + 28.0, 50.0).contains("rotate("));
}

#[test]
fn long_labels_are_slanted_and_the_chart_grows_to_hold_them() {
    let rows: Vec<Row> = (0..3)
        .map(|i| Row {
            label: format!("A long outlet name {i}"),
            values: vec![1, 1],
        })
        .collect();
    let slanted = columns("c", "T", "D", &[A, B], &rows, 200.0, 90.0);
    assert!(slanted.contains("rotate(-40"), "{slanted}");
    let short: Vec<Row> = (0..3)
        .map(|i| Row {
            label: i.to_string(),
            values: vec![1, 1],
        })
        .collect();
    let straight = columns("c", "T", "D", &[A, B], &short, 200.0, 90.0);
    assert!(!straight.contains("rotate("));
    let (tall, _) = marks(&slanted);
    let (low, _) = marks(&straight);
    assert!((tall.1 - low.1 - 24.0).abs() < 0.01, "{tall:?} {low:?}");
}

#[test]
fn bars_are_as_long_as_their_counts_against_the_longest() {
    let rows = [
        Row {
            label: "An article whose title is far too long to be shown whole".into(),
            values: vec![2, 2],
        },
        Row {
            label: "Short".into(),
            values: vec![1, 0],
        },
    ];
    let svg = bars("b", "T", "D", &[A, B], &rows);
    let (size, marks) = marks(&svg);
    assert!(marks.iter().all(|m| inside(m, size)), "{svg}");
    assert_legend(&marks, &[A, B]);
    let bars: Vec<&Mark> = marks.iter().filter(|m| m.h == 16.0).collect();
    let span = 720.0 - 200.0 - 50.0;
    assert_eq!(bars.len(), 3, "{svg}");
    assert!(
        (bars[0].w - span / 2.0).abs() < 0.1 && (bars[1].x - bars[0].x - bars[0].w).abs() < 0.1
    );
    assert!((bars[2].w - span / 4.0).abs() < 0.1 && bars[2].x == 200.0);
    // A row every 24, the legend under the last, the box around it.
    assert_eq!((bars[0].y, bars[2].y), (4.0, 28.0));
    let swatch = marks.iter().find(|m| m.in_legend && m.w == 14.0).unwrap();
    assert_eq!(swatch.y, 24.0 * 2.0 + 8.0);
    assert_eq!(size.1, 24.0 * 2.0 + 8.0 + LEGEND_ROW);
    let totals: Vec<(&str, f64)> = marks
        .iter()
        .filter(|m| m.class == "v")
        .map(|m| (m.text.as_str(), m.x))
        .collect();
    assert_eq!(totals[0].0, "4");
    assert!((totals[0].1 - (200.0 + span + 4.0)).abs() < 0.1);
    assert!(
        marks
            .iter()
            .any(|m| m.text == "An article whose title is f…"),
        "{svg}"
    );
    assert_eq!(shorten("abc", 3), "abc");
    assert_eq!(shorten("abcd", 3), "ab…");
}

#[test]
fn lines_pass_through_their_points_and_their_ends_do_not_overlap() {
    let svg = lines(
        "l",
        "T",
        "D",
        &[A, B],
        (&[0, 5, 10], ["2026-01-01", "2026-01-11"]),
        &[vec![0, 2, 4], vec![0, 2, 4]],
    );
    let doc = roxmltree::Document::parse(&svg).unwrap();
    let polylines: Vec<roxmltree::Node<'_, '_>> = doc
        .descendants()
        .filter(|n| n.has_tag_name("polyline"))
        .collect();
    assert_eq!(polylines.len(), 2);
    assert_eq!(polylines[0].attribute("stroke-dasharray"), None);
    assert_eq!(polylines[1].attribute("stroke-dasharray"), Some("6 4"));
    // x from 38 to 38 + 592 over ten days, y from 192 (0) to 12 (4).
    assert_eq!(
        polylines[0].attribute("points"),
        Some("38.0,192.0 334.0,102.0 630.0,12.0")
    );
    let circles = doc
        .descendants()
        .filter(|n| n.has_tag_name("circle"))
        .count();
    assert_eq!(circles, 6);
    let (size, marks) = marks(&svg);
    assert!(marks.iter().all(|m| inside(m, size)), "{svg}");
    assert_legend(&marks, &[A, B]);
    // Both end at 4: the second label is moved below the first.
    let ends: Vec<f64> = doc
        .descendants()
        .filter(|n| n.has_tag_name("tspan"))
        .map(|n| n.parent().unwrap().attribute("y").unwrap().parse().unwrap())
        .collect();
    assert_eq!(ends, [12.0 + 4.0, 12.0 + 4.0 + 14.0], "{svg}");
    let swatch = marks.iter().find(|m| m.in_legend && m.w == 14.0).unwrap();
    assert_eq!(swatch.y, 12.0 + 180.0 + 28.0);
    assert_eq!(size.1, 12.0 + 180.0 + 28.0 + LEGEND_ROW);
    let ticks: Vec<&str> = marks
        .iter()
        .filter(|m| m.class == "tick")
        .map(|m| m.text.as_str())
        .collect();
    assert_eq!(ticks, ["4", "0", "2026-01-01", "2026-01-11"]);
    // Two points: at either end.
    let two = lines("l", "T", "D", &[A], (&[0, 3], ["a", "b"]), &[vec![1, 1]]);
    assert!(two.contains("points=\"38.0,12.0 630.0,12.0\""), "{two}");
    // One point: in the middle.
    let one = lines(
        "l",
        "T",
        "D",
        &[A],
        (&[0], ["2026-01-01", "2026-01-01"]),
        &[vec![3]],
    );
    assert!(one.contains("points=\"334.0,12.0\""), "{one}");
}

#[test]
fn the_legend_wraps_inside_its_width() {
    let many = [A, B, A, B, A, B];
    let rows = legend_rows(&many, 150.0);
    assert!(rows.len() > 1);
    for row in &rows {
        let (x, s) = row.last().unwrap();
        assert!(
            row.len() == 1 || x + 20.0 + 7.0 * s.name.len() as f64 <= 150.0,
            "{:?}",
            row.iter().map(|r| r.0).collect::<Vec<_>>()
        );
    }
    assert_eq!(rows.iter().map(Vec::len).sum::<usize>(), 6);
    assert_eq!(legend_height(&many, 150.0), rows.len() as f64 * LEGEND_ROW);
    assert_eq!(legend_rows(&many, 10_000.0).len(), 1);
    // An item takes its swatch, its name (7 per character) and a gap.
    let two = legend_rows(&[A, B], 131.0);
    assert_eq!(two.len(), 1, "alpha (69) and beta (62) fit 131 exactly");
    assert_eq!(two[0][1].0, 69.0);
    assert_eq!(legend_rows(&[A, B], 130.0).len(), 2);
    // An item wider than the legend still starts the first row.
    let narrow = legend_rows(&[A], 10.0);
    assert_eq!((narrow.len(), narrow[0].len()), (1, 1));
}

#[test]
fn a_legend_of_two_rows_is_drawn_one_row_under_the_other() {
    let rows = [Row {
        label: "x".into(),
        values: vec![1, 1],
    }];
    let svg = columns("c", "T", "D", &[A, B], &rows, 38.0 + 100.0, 50.0);
    let (size, marks) = marks(&svg);
    assert!(marks.iter().all(|m| inside(m, size)), "{svg}");
    let a = marks
        .iter()
        .find(|m| m.in_legend && m.text == "alpha")
        .unwrap();
    let b = marks
        .iter()
        .find(|m| m.in_legend && m.text == "beta")
        .unwrap();
    assert_eq!((a.x, b.x), (38.0 + 20.0, 38.0 + 20.0), "{svg}");
    assert_eq!(b.y - a.y, LEGEND_ROW, "{svg}");
    assert_eq!(a.y, 18.0 + 50.0 + 20.0 + 6.0 + 11.0, "{svg}");
    assert_eq!(size.1, 18.0 + 50.0 + 20.0 + 6.0 + 2.0 * LEGEND_ROW, "{svg}");
}
