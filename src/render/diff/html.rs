//! The diff as one self-contained HTML page: side-by-side columns per province, words that
//! differ highlighted, no external assets (styles and the one small script are inline).

use super::sheet::{
    change_lines, counted, hidden_note, in_report, line_words, status_text, successor_shown,
    AGENCY_ABSENT, VERDICT_LEGEND,
};
use crate::compare::{Diff, SegmentOp, TaskGroup};

/// Document text as HTML shows it literally; its control characters made visible.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in crate::render::visible(text).chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

const STYLE: &str = r#"
body{font-family:"Noto Sans","Segoe UI",Roboto,Arial,sans-serif;margin:1.5rem;color:#1d2733;font-size:14px;line-height:1.45}
h1{font-size:1.4rem;margin:0 0 .3rem}h2{font-size:1.15rem;margin:2rem 0 .6rem;border-bottom:2px solid #d5dde6;padding-bottom:.2rem}
.plans{color:#4a5866;margin:.2rem 0 1rem}.plans b{color:#1d2733}.plans ul{margin:0;padding-left:1.2rem}
table{border-collapse:collapse;width:100%;table-layout:fixed}
th,td{border:1px solid #d5dde6;padding:.45rem .55rem;vertical-align:top;text-align:left;overflow-wrap:anywhere}
thead th{position:sticky;top:0;background:#eef3f8;z-index:1}
td.n{width:2.5rem;color:#6b7a89}th.n{width:2.5rem}
tr.identical td{background:#fbfcfd}tr.changed td.diffs{background:#fff8e1}tr.only td.diffs{background:#eef6ff}
td.absent{color:#9aa6b2;text-align:center;background:#f6f7f9}
td.none{text-align:center}
.id{font-size:.8rem;color:#6b7a89;font-family:ui-monospace,Menlo,Consolas,monospace}
.task{margin:.15rem 0 .35rem}
ins{background:#d7f5dd;color:#0b5a26;text-decoration:none;border-radius:2px;padding:0 1px}
del{background:#fde2e0;color:#9b1c14;border-radius:2px;padding:0 1px}
dl{margin:0;display:grid;grid-template-columns:auto 1fr;gap:0 .5rem;font-size:.85rem;color:#3a4755}
dt{color:#6b7a89}dd{margin:0}dd.differs{background:#fff1c2;border-radius:2px}dd.reorganized{background:#e6eefc;border-radius:2px}
.status{font-weight:600}.sim{color:#6b7a89;font-size:.85rem}
ul.changes{margin:.3rem 0 0;padding-left:1.1rem;font-size:.85rem}
.toolbar{margin:.5rem 0}
body.hide-identical tr.identical{display:none}
.verdict-stronger{color:#0b6e2e;font-weight:600}.verdict-weaker{color:#b3261e;font-weight:600}
.verdict-different{color:#8a5a00;font-weight:600}.verdict-only{color:#1f5fae}
.note{color:#8a5a00;font-weight:600}.quote{font-size:.8rem;color:#4a5866;margin-top:.2rem}.legend{color:#4a5866;font-size:.85rem;margin:.2rem 0 .5rem}
"#;

pub fn html(diff: &Diff) -> String {
    let keys: Vec<&str> = diff.plans.iter().map(|p| p.key.as_str()).collect();
    let mut out = String::new();
    out.push_str("<!DOCTYPE html>\n<html lang=\"vi\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    // The plans' keys in the title: several saved reports are told apart in tabs and bookmarks.
    out.push_str(&format!(
        "<title>plandoc diff: {}</title>\n<style>",
        escape(&keys.join(" · "))
    ));
    out.push_str(STYLE);
    out.push_str("</style>\n</head>\n<body>\n<h1>plandoc diff</h1>\n<div class=\"plans\">");
    let plan_names: Vec<String> = diff
        .plans
        .iter()
        .map(|p| {
            // The file too: two plans of one province (a draft and the issued plan) differ by
            // file alone, and the tables below name plans by key.
            let note = p
                .note
                .as_deref()
                .map(|note| format!(" <span class=\"note\">{}</span>", escape(note)))
                .unwrap_or_default();
            format!(
                "<li><b>{}</b> {} — <code>{}</code>{note}</li>",
                escape(&p.key),
                escape(&p.about()),
                escape(&p.path)
            )
        })
        .collect();
    out.push_str("<ul>");
    out.push_str(&plan_names.concat());
    out.push_str("</ul></div>\n");
    // Said even when the filters hid nothing: the reader must know what was asked for (a
    // `--only targets --changed` report that lost no group read as the whole comparison).
    if let Some(filtered) = diff.filtered.as_ref() {
        let what = if filtered.hidden.values().any(|&n| n > 0) {
            "groups are left out (counted under each heading)"
        } else {
            "no group of the views shown is left out"
        };
        out.push_str(&format!(
            "<p class=\"note\">Filtered with {}: {what}; # numbers are those of the whole comparison.</p>\n",
            escape(&filtered.describe())
        ));
    }
    // An empty view still gets its heading, which gives its count (0 groups, headings or
    // bodies) and what the filters hid.
    if in_report(diff, "tasks") {
        tasks(&mut out, diff, &keys);
    }
    if in_report(diff, "targets") {
        targets(&mut out, diff, &keys);
    }
    if in_report(diff, "sections") {
        sections(&mut out, diff, &keys);
    }
    if in_report(diff, "agencies") {
        agencies(&mut out, diff, &keys);
    }
    out.push_str("</body>\n</html>\n");
    out
}

/// " (32 more hidden by --changed)" for a heading whose view lost groups to the filters.
fn hidden_suffix(diff: &Diff, view: &str) -> String {
    hidden_note(diff, view)
        .map(|note| format!(" ({})", escape(&note)))
        .unwrap_or_default()
}

fn header(out: &mut String, first: &[&str], keys: &[&str], last: &[&str]) {
    out.push_str("<table>\n<thead><tr>");
    for (i, title) in first.iter().enumerate() {
        let class = if i == 0 && *title == "#" {
            " class=\"n\""
        } else {
            ""
        };
        out.push_str(&format!("<th{class}>{}</th>", escape(title)));
    }
    for key in keys {
        out.push_str(&format!("<th>{}</th>", escape(key)));
    }
    for title in last {
        out.push_str(&format!("<th>{}</th>", escape(title)));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
}

fn field_class(group: &TaskGroup, field: &str) -> &'static str {
    match group.changes.iter().find(|c| c.field == field) {
        Some(c) if c.kind == "reorganized" => " class=\"reorganized\"",
        Some(_) => " class=\"differs\"",
        None => "",
    }
}

fn tasks(out: &mut String, diff: &Diff, keys: &[&str]) {
    // The same categories as the JSON `status`, so the page and a script count alike.
    let count = |status: &str| diff.tasks.iter().filter(|g| g.status == status).count();
    let weak = diff.tasks.iter().filter(|g| g.weak).count();
    // Of all the groups, not of those in every plan it follows.
    let weak_note = match weak {
        0 => String::new(),
        1 => "; 1 weak match in all (wordings far apart, paired by group and bodies)".to_string(),
        n => format!("; {n} weak matches in all (wordings far apart, paired by group and bodies)"),
    };
    let plans = diff.plans.len();
    let in_every_plan = diff
        .tasks
        .iter()
        .filter(|g| g.members.values().filter(|m| m.is_some()).count() == plans)
        .count();
    out.push_str(&format!(
        "<h2 id=\"tasks\">Tasks — {}: {} identical, {} changed, {} partial (the plans having it agree, some lack it), {} only here (one plan); {in_every_plan} in every plan{weak_note}{}</h2>\n",
        counted(diff.tasks.len(), "group", "groups"),
        count("identical"),
        count("changed"),
        count("partial"),
        count("only"),
        hidden_suffix(diff, "tasks"),
    ));
    if diff.tasks.is_empty() {
        return;
    }
    out.push_str("<div class=\"toolbar\"><label><input type=\"checkbox\" onchange=\"document.body.classList.toggle('hide-identical',this.checked)\"> hide identical groups</label> · <ins>words only in this plan</ins> <del>words only in the first plan of the row</del></div>\n");
    header(out, &["#"], keys, &["differences"]);
    for group in &diff.tasks {
        out.push_str(&format!(
            "<tr class=\"group {}\"><td class=\"n\">{}</td>",
            escape(&group.status),
            group.number
        ));
        for key in keys {
            let Some(member) = group.rows.get(*key) else {
                out.push_str("<td class=\"absent\">—</td>");
                continue;
            };
            out.push_str(&format!(
                "<td class=\"member\" data-plan=\"{}\"><div class=\"id\">{} <span class=\"sim\">· {}</span></div><div class=\"task\">",
                escape(key),
                escape(&member.id),
                line_words(member.lines)
            ));
            if member.wording.is_empty() {
                out.push_str(&escape(&member.task));
            } else {
                for (i, segment) in member.wording.iter().enumerate() {
                    if i > 0 {
                        out.push(' ');
                    }
                    let text = escape(&segment.text);
                    match segment.op {
                        SegmentOp::Same => out.push_str(&text),
                        SegmentOp::Added => out.push_str(&format!("<ins>{text}</ins>")),
                        SegmentOp::Removed => out.push_str(&format!("<del>{text}</del>")),
                    }
                }
            }
            out.push_str("</div><dl>");
            for (label, field, value) in [
                ("lead", "lead", &member.lead),
                ("support", "support", &member.support),
                ("time", "timeframe", &member.timeframe),
            ] {
                let shown = if value.trim().is_empty() {
                    "—"
                } else {
                    value.as_str()
                };
                out.push_str(&format!(
                    "<dt>{label}</dt><dd{}>{}</dd>",
                    field_class(group, field),
                    escape(shown)
                ));
            }
            out.push_str("</dl></td>");
        }
        out.push_str(&format!(
            "<td class=\"diffs\"><span class=\"status\">{}</span>",
            escape(&status_text(group))
        ));
        if let Some(s) = group.similarity {
            out.push_str(&format!(" <span class=\"sim\">similarity {s:.2}</span>"));
        }
        let lines = change_lines(group);
        if !lines.is_empty() {
            out.push_str("<ul class=\"changes\">");
            for line in lines {
                out.push_str(&format!("<li>{}</li>", escape(&line)));
            }
            out.push_str("</ul>");
        }
        out.push_str("</td></tr>\n");
    }
    out.push_str("</tbody></table>\n");
}

fn targets(out: &mut String, diff: &Diff, keys: &[&str]) {
    out.push_str(&format!(
        "<h2 id=\"targets\">Targets — {}{}</h2>\n<p class=\"legend\">Verdicts: {}. Under each level, the plan's own sentence.</p>\n",
        counted(diff.targets.len(), "group", "groups"),
        hidden_suffix(diff, "targets"),
        escape(VERDICT_LEGEND)
    ));
    if diff.targets.is_empty() {
        return;
    }
    header(out, &["#", "label"], keys, &["same"]);
    for group in &diff.targets {
        let class = if group.unchanged() {
            "identical"
        } else {
            "changed"
        };
        out.push_str(&format!(
            "<tr class=\"target {class}\"><td class=\"n\">{}</td><td>{}</td>",
            group.number,
            escape(&group.label)
        ));
        for key in keys {
            match (group.values.get(*key), group.details.get(*key)) {
                (Some(value), Some(detail)) => {
                    let verdict = group.verdicts.get(*key).map(String::as_str).unwrap_or("");
                    let verdict_class = verdict.split(' ').next().unwrap_or("");
                    out.push_str(&format!(
                        "<td><b>{}</b><br><span class=\"verdict-{}\">{}</span> <span class=\"id\">{}</span> <span class=\"sim\">· {}</span><div class=\"quote\">{}</div></td>",
                        escape(value),
                        escape(verdict_class),
                        escape(verdict),
                        escape(&detail.path.join(".")),
                        line_words(detail.lines),
                        escape(&detail.quote)
                    ));
                }
                _ => out.push_str("<td class=\"absent\">—</td>"),
            }
        }
        out.push_str(&format!(
            "<td>{}</td></tr>\n",
            super::sheet::same_words(group)
        ));
    }
    out.push_str("</tbody></table>\n");
}

fn sections(out: &mut String, diff: &Diff, keys: &[&str]) {
    out.push_str(&format!(
        "<h2 id=\"sections\">Sections — {}{}</h2>\n",
        counted(diff.sections.len(), "heading", "headings"),
        hidden_suffix(diff, "sections")
    ));
    if diff.sections.is_empty() {
        return;
    }
    header(out, &["heading"], keys, &[]);
    for group in &diff.sections {
        let indent = f32::from(group.level.saturating_sub(1)) * 1.2;
        out.push_str(&format!(
            "<tr class=\"section\"><td style=\"padding-left:{:.1}rem\">{}</td>",
            indent + 0.55,
            escape(&group.heading)
        ));
        for key in keys {
            match group.members.get(*key) {
                Some(Some(path)) => {
                    let own = group.headings.get(*key).cloned().unwrap_or_default();
                    let lines = group
                        .lines
                        .get(*key)
                        .map(|lines| {
                            format!(" <span class=\"sim\">· {}</span>", line_words(*lines))
                        })
                        .unwrap_or_default();
                    out.push_str(&format!(
                        "<td><span class=\"id\">{}</span> {}{lines}</td>",
                        escape(path),
                        escape(&own)
                    ));
                }
                _ => out.push_str("<td class=\"absent\">—</td>"),
            }
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody></table>\n");
}

fn agencies(out: &mut String, diff: &Diff, keys: &[&str]) {
    out.push_str(&format!(
        "<h2 id=\"agencies\">Agencies — tasks led / supported ({} {}){}</h2>\n",
        diff.agencies.len(),
        if diff.agencies.len() == 1 {
            "body"
        } else {
            "bodies"
        },
        hidden_suffix(diff, "agencies")
    ));
    if diff.agencies.is_empty() {
        return;
    }
    // The legend of "—" only where some plan has no task table to count in.
    let absent = diff.agencies.iter().any(|row| {
        keys.iter()
            .any(|key| row.led.get(*key).zip(row.supported.get(*key)).is_none())
    });
    if absent {
        out.push_str(&format!(
            "<p class=\"legend\">{}</p>\n",
            escape(AGENCY_ABSENT)
        ));
    }
    header(out, &["body", "successor (2025)"], keys, &[]);
    for row in &diff.agencies {
        out.push_str(&format!(
            "<tr class=\"agency\"><td>{}</td><td>{}</td>",
            escape(&row.body),
            escape(&successor_shown(row))
        ));
        for key in keys {
            // No count: no task table was found in the plan. "0 / 0" is a count, dimmed.
            match row.led.get(*key).zip(row.supported.get(*key)) {
                None => out.push_str("<td class=\"absent\">—</td>"),
                // A count (no task of this body), not a plan without a table: not greyed.
                Some((0, 0)) => out.push_str("<td class=\"none\">0 / 0</td>"),
                Some((led, supported)) => out.push_str(&format!("<td>{led} / {supported}</td>")),
            }
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody></table>\n");
}
