//! Go's `text/tabwriter` (AlignLeft, space padding), which aligns every kubectl table and
//! `kubectl describe` block: a column's width is set per block of consecutive lines that
//! have a tab-terminated cell in that column.

/// Formats `text` (cells separated by `\t`, lines by `\n`) as `tabwriter.NewWriter(out, minwidth, _, padding, ' ', 0)`.
pub fn format(text: &str, minwidth: usize, padding: usize) -> String {
    let body = text.strip_suffix('\n').unwrap_or(text);
    let lines: Vec<Vec<&str>> = body.split('\n').map(|l| l.split('\t').collect()).collect();
    let mut out = String::with_capacity(text.len() * 2);
    let mut widths = Vec::new();
    format_block(&lines, 0, lines.len(), &mut widths, minwidth, padding, &mut out);
    if !text.ends_with('\n') {
        out.pop();
    }
    out
}

/// Columns past this many are written as they are, unaligned: `format_block` recurses once per
/// column, and an annotation value full of tabs must not overflow the stack.
pub const MAX_ALIGNED_COLUMNS: usize = 64;

fn width(s: &str) -> usize {
    s.chars().count()
}

fn format_block(
    lines: &[Vec<&str>],
    mut line0: usize,
    line1: usize,
    widths: &mut Vec<usize>,
    minwidth: usize,
    padding: usize,
    out: &mut String,
) {
    let column = widths.len();
    if column >= MAX_ALIGNED_COLUMNS {
        write_lines(lines, line0, line1, widths, out);
        return;
    }
    let mut this = line0;
    while this < line1 {
        if column + 1 >= lines[this].len() {
            this += 1;
            continue;
        }
        write_lines(lines, line0, this, widths, out);
        line0 = this;
        let mut w = minwidth;
        while this < line1 && column + 1 < lines[this].len() {
            w = w.max(width(lines[this][column]) + padding);
            this += 1;
        }
        widths.push(w);
        format_block(lines, line0, this, widths, minwidth, padding, out);
        widths.pop();
        line0 = this;
    }
    write_lines(lines, line0, line1, widths, out);
}

fn write_lines(lines: &[Vec<&str>], from: usize, to: usize, widths: &[usize], out: &mut String) {
    for line in &lines[from..to] {
        for (j, cell) in line.iter().enumerate() {
            out.push_str(cell);
            if j + 1 < line.len() {
                if let Some(w) = widths.get(j) {
                    out.extend(std::iter::repeat_n(' ', w.saturating_sub(width(cell))));
                }
            }
        }
        out.push('\n');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aligns_per_block_like_go() {
        let text = "Name:\tx\nNamespace:\tdefault\n\nType:\tOpaque\n";
        assert_eq!(format(text, 0, 2), "Name:       x\nNamespace:  default\n\nType:  Opaque\n");
        let t = "NAME\tTYPE\tDATA\tAGE\nmy-secret\tOpaque\t1\t5s\n";
        assert_eq!(format(t, 6, 3), "NAME        TYPE     DATA   AGE\nmy-secret   Opaque   1      5s\n");
    }
}
