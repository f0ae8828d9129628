// The sections of the Word 评审报告, in the HTML report's order: cover, the team's own words,
// conclusion, 表1 with a native chart, 表2 整改清单, 不适用内容, 安全绩效, evidence, signatures.
import type * as Docx from "docx";
import { chineseDate } from "../../core/lib/dates.js";
import { percentText, shiftRound } from "../formats/chart.js";
import { conditionLabel, gradeLabel, kindLabel, statusLabel, tierLabel } from "./report-labels.js";
import { caption, cell, dedText, DASH, fileSize, fmt, heading, L, load, localDate, para, row, T, table, text, type Col, type Ctx } from "./docx-kit.js";

/** The edited-result warning (the result no longer matches its digest): a boxed red paragraph, or nothing. */
export function editedBanner(c: Ctx): Docx.Paragraph[] {
  const banner = c.model.view.edited_banner;
  if (banner === null) return [];
  const side = { style: c.d.BorderStyle.SINGLE, size: 12, color: "9B1C1C", space: 4 };
  return [
    new c.d.Paragraph({
      children: [text(c, banner, { bold: true, colour: "9B1C1C", size: 21 })],
      border: { top: side, bottom: side, left: side, right: side },
      spacing: { before: 120, after: 120 },
    }),
  ];
}

export function cover(c: Ctx): Docx.Paragraph[] | (Docx.Paragraph | Docx.Table)[] {
  const m = c.model;
  const e = m.enterprise;
  const a = m.assessment;
  const kind = a?.kind ?? "self";
  const info: [string, string][] = [
    [L(c, "enterprise"), e.name],
    [L(c, "credit_code"), e.credit_code ?? DASH],
    ...(e.legal_rep ? ([[L(c, "legal_rep"), e.legal_rep]] as [string, string][]) : []),
    [L(c, "sector"), e.sector ?? DASH],
    [L(c, "region"), e.region ?? DASH],
    ...(e.employees ? ([[L(c, "employees"), `${e.employees} ${L(c, "persons")}`]] as [string, string][]) : []),
    ...(m.view.risk_label ? ([[L(c, "risk"), m.view.risk_label]] as [string, string][]) : []),
    [
      L(c, "standard"),
      `${m.standard.title ?? m.standard.id}\n${m.standard.id}${m.standard.version ? ` · ${L(c, "standard_version")} ${m.standard.version}` : ""} · ${tierLabel(m.standard.tier, c.lang)}`,
    ],
    [L(c, "fingerprint"), m.standard.fingerprint],
    [L(c, `assessment_date_${kind}`), localDate(c, a?.date)],
    ...(a?.organisation ? ([[L(c, "organisation"), a.organisation]] as [string, string][]) : []),
    [L(c, `assessors_${kind}`), (a?.assessors ?? []).join(c.lang === "en" ? ", " : "、") || DASH],
  ];
  const infoTable = new c.d.Table({
    width: { size: 100, type: c.d.WidthType.PERCENTAGE },
    columnWidths: [2400, 6954],
    rows: info.map(([k, v]) => new c.d.TableRow({ children: [cell(c, k, { bold: true, shade: "F2F2F2", width: 26 }), cell(c, v, { width: 74 })] })),
  });
  const verdict = new c.d.Table({
    width: { size: 100, type: c.d.WidthType.PERCENTAGE },
    columnWidths: [4677, 4677],
    rows: [
      new c.d.TableRow({
        children: [
          cell(c, L(c, "score"), { align: "center", bold: true, shade: "E7ECF2" }),
          cell(c, L(c, "grade"), { align: "center", bold: true, shade: "E7ECF2" }),
        ],
      }),
      new c.d.TableRow({
        children: [
          cell(c, `${fmt(m.score, m.standard.round)} / ${m.standard.scale}`, { align: "center", bold: true, size: 36 }),
          cell(c, gradeLabel(m.grade, c.lang), { align: "center", bold: true, size: 36 }),
        ],
      }),
    ],
  });
  const issuer = m.view.issuer;
  const banner = editedBanner(c);
  return [
    para(c, `${L(c, "standard_id")}：${m.standard.id}　${kindLabel(kind, c.lang)} · ${a?.date ? chineseDate(a.date) : DASH}`, { align: "right", size: 18 }),
    ...banner,
    // The banner takes the place of part of the space above the title, so the cover stays one page.
    new c.d.Paragraph({ children: [], spacing: { before: banner.length > 0 ? 400 : 1600 } }),
    para(c, [text(c, m.view.title, { head: true, bold: true, size: 52 })], { align: "center", after: 400 }),
    para(c, [text(c, e.name, { head: true, size: 32 })], { align: "center", after: 600 }),
    infoTable,
    new c.d.Paragraph({ children: [], spacing: { after: 240 } }),
    verdict,
    new c.d.Paragraph({ children: [], spacing: { before: 1200 } }),
    para(c, issuer, { align: "center", size: 26 }),
    para(c, localDate(c, a?.date), { align: "center", size: 26 }),
    new c.d.Paragraph({ children: [new c.d.PageBreak()] }),
  ];
}

/** The review team's own words (企业概况, 评审过程 …), in the contract's order. */
export function narrative(c: Ctx): Docx.Paragraph[] {
  const m = c.model;
  if (m.view.narrative.length === 0) return [];
  const out: Docx.Paragraph[] = [heading(c, L(c, `narrative_${m.assessment?.kind ?? "self"}`), 1)];
  for (const sec of m.view.narrative) {
    out.push(heading(c, `${sec.number}${sec.title}`, 2));
    for (const p of sec.paragraphs) out.push(new c.d.Paragraph({ children: [text(c, p)], indent: { firstLine: 420 }, spacing: { after: 80 } }));
  }
  return out;
}

export function conclusion(c: Ctx): (Docx.Paragraph | Docx.Table)[] {
  const m = c.model;
  const kind = m.assessment?.kind ?? "self";
  const score = fmt(m.score, m.standard.round);
  const head =
    c.lang === "en"
      ? `${m.enterprise.name} scored ${score} out of ${m.standard.scale} against ${m.standard.id}; grade: ${gradeLabel(m.grade, c.lang)}.`
      : `依据《${m.standard.title ?? m.standard.id}》（${m.standard.id}），${m.enterprise.name}${kindLabel(kind, c.lang)}得分 ${score} 分（满分 ${m.standard.scale} 分），评定等级为 ${gradeLabel(m.grade, c.lang)}。`;
  const sums =
    c.lang === "en"
      ? `Total ${fmt(m.total)} points, ${fmt(m.na_points)} not applicable, ${fmt(m.applicable_points)} applicable, ${fmt(m.earned_points)} earned after ${fmt(m.element_deductions)} extra deductions.`
      : `标准总分 ${fmt(m.total)} 分，其中不适用 ${fmt(m.na_points)} 分，应得分 ${fmt(m.applicable_points)} 分，实得分 ${fmt(m.earned_points)} 分（含追加扣分 ${fmt(m.element_deductions)} 分）。`;
  const s = m.view.summary;
  const out: (Docx.Paragraph | Docx.Table)[] = [
    heading(c, T(c, "一、评定结论", "1. Conclusion"), 1),
    para(c, [text(c, head, { bold: true })]),
    para(c, m.formula),
    para(c, sums, { size: 19 }),
    para(
      c,
      `${L(c, "items_total")} ${s.items}　${L(c, "conform")} ${s.conform}　${L(c, "nonconform")} ${s.nonconform}　${L(c, "na")} ${s.na}　${T(c, "否决项不符合", "veto nonconform")} ${s.veto}`,
      { size: 19 },
    ),
    heading(c, L(c, "grade_reasons"), 2),
  ];
  if (m.grade_reasons.length === 0) out.push(para(c, L(c, "no_grade_reasons")));
  else
    out.push(
      table(
        c,
        [
          { title: L(c, "level"), width: 10 },
          { title: L(c, "condition"), width: 14 },
          { title: L(c, "actual"), width: 12 },
          { title: L(c, "required"), width: 12 },
          { title: L(c, "explanation"), width: 52 },
        ],
        m.grade_reasons.map((r) => {
          const num = (v: unknown) => (typeof v === "number" ? v : Number(v));
          const actual =
            r.condition === "min_element_rate"
              ? percentText(num(r.actual), 1)
              : r.condition === "min_score"
                ? fmt(num(r.actual), m.standard.round)
                : r.condition === "prerequisite"
                  ? statusLabel(r.actual, c.lang)
                  : r.condition === "applied_level"
                    ? gradeLabel(r.actual, c.lang)
                    : String(r.actual ?? DASH);
          const required =
            r.condition === "min_element_rate"
              ? percentText(num(r.required), 0)
              : r.condition === "veto" || r.condition === "prerequisite"
                ? statusLabel(r.required, c.lang)
                : r.condition === "applied_level"
                  ? gradeLabel(r.required, c.lang)
                  : String(r.required ?? DASH);
          return row(c, [
            { text: gradeLabel(r.level, c.lang), align: "center" },
            { text: conditionLabel(r.condition, c.lang), align: "center" },
            { text: actual, align: "center" },
            { text: required, align: "center" },
            r.message,
          ]);
        }),
      ),
    );
  return out;
}

export function elements(c: Ctx): (Docx.Paragraph | Docx.Table)[] {
  const m = c.model;
  const w = m.view.has_weights;
  const cols: Col[] = [
    { title: L(c, "element_id"), width: 7 },
    { title: L(c, "element"), width: w ? 22 : 28 },
    ...(w ? [{ title: L(c, "weight"), width: 7, align: "right" as const }] : []),
    { title: L(c, "points"), width: 8 },
    { title: L(c, "na_points"), width: 8 },
    { title: L(c, "applicable_points"), width: 9 },
    { title: L(c, "items_earned"), width: 9 },
    { title: L(c, "element_deductions"), width: 10 },
    { title: L(c, "earned_points"), width: 9 },
    { title: L(c, "rate"), width: 11 },
  ];
  const num = (s: string) => ({ text: s, align: "right" as const });
  const rows = m.elements.map((e) => {
    const low = m.view.low_elements[e.id] === true;
    const rate = e.rate === null ? L(c, "na") : percentText(e.rate, 1, m.view.low_element_bounds[e.id]);
    return row(c, [
      e.id,
      e.title,
      ...(w ? [num(fmt(e.weight ?? null))] : []),
      num(fmt(e.points)),
      num(e.na_points ? fmt(e.na_points) : DASH),
      num(fmt(e.applicable_points)),
      num(fmt(e.items_earned)),
      num(e.element_deductions ? `−${fmt(e.element_deductions)}` : DASH),
      num(fmt(e.earned_points)),
      { text: rate, align: "right", ...(low ? { bold: true, shade: "FBE3E1" } : {}) },
    ]);
  });
  rows.push(
    row(c, [
      "",
      { text: L(c, "total_row"), bold: true },
      ...(w ? [num(fmt(m.view.weight_total))] : []),
      num(fmt(m.total)),
      num(fmt(m.na_points)),
      num(fmt(m.applicable_points)),
      num(fmt(m.view.items_earned)),
      num(m.element_deductions ? `−${fmt(m.element_deductions)}` : DASH),
      num(fmt(m.earned_points)),
      num(DASH),
    ]),
  );
  return [
    heading(c, T(c, "二、各要素得分情况", "2. Scores by element"), 1),
    caption(c, `${T(c, "表1", "Table 1")}　${L(c, "elements")}`),
    table(c, cols, rows),
    ...chart(c),
  ];
}

/** 图1 as a native Word bar chart (its data opens in Excel from Word's 编辑数据). */
export function chart(c: Ctx): Docx.Paragraph[] {
  const m = c.model;
  const { charts } = load();
  const els = [...m.elements].reverse(); // Word draws the first category at the bottom
  const run = new charts.ChartRun({
    type: "bar",
    categories: els.map((e) => `${e.id} ${e.title}`),
    series: [
      {
        name: L(c, "rate"),
        values: els.map((e) => (e.rate === null ? null : Number(shiftRound(e.rate, 2, 1)))),
        color: "1F4E79",
        colors: els.map((e) => (m.view.low_elements[e.id] ? "C0392B" : undefined)),
      },
    ],
    legend: false,
    valueAxis: { minimum: 0, maximum: 100, numberFormat: '0"%"' },
    dataLabels: { value: true, numberFormat: '0.0"%"' },
    font: { name: "宋体" },
    transformation: { width: 600, height: Math.max(200, 40 + els.length * 28) },
    altText: { name: L(c, "chart_title"), description: L(c, "chart_title"), title: L(c, "chart_title") },
  });
  return [
    new c.d.Paragraph({ children: [run], alignment: c.d.AlignmentType.CENTER, keepNext: true }),
    caption(c, `${T(c, "图1", "Figure 1")}　${L(c, "chart_title")}`),
  ];
}

export function nonconformities(c: Ctx): (Docx.Paragraph | Docx.Table)[] {
  const m = c.model;
  const kind = m.assessment?.kind ?? "self";
  const out: (Docx.Paragraph | Docx.Table)[] = [heading(c, T(c, "三、不符合项及整改清单", "3. Nonconformities and rectification"), 1)];
  if (m.nonconformities.length === 0) return [...out, para(c, L(c, "no_nonconformities"))];
  const s = m.view.summary;
  out.push(
    para(
      c,
      c.lang === "en"
        ? `${s.nonconformities} nonconformities, ${s.veto} of them on veto items. Each must be rectified before the grade is confirmed.`
        : `本次${kindLabel(kind, c.lang)}共发现不符合项 ${s.nonconformities} 项，其中否决项 ${s.veto} 项。不符合项应在整改期限内整改到位，整改完成前不予确认等级。`,
    ),
    caption(c, `${T(c, "表2", "Table 2")}　${L(c, "nonconformities")}`),
  );
  const rows: Docx.TableRow[] = [];
  for (const g of m.view.nonconformity_groups) {
    rows.push(row(c, [{ text: `${g.element}　${g.element_title}`, bold: true, shade: "F2F2F2", span: 7, keep: true }]));
    for (const n of g.items) {
      const problem = n.deductions.length ? n.deductions.map((d) => dedText(c, d)).join("\n") : T(c, "不符合，本项不得分", "nonconform: no points");
      rows.push(
        row(c, [
          { text: String(n.seq), align: "center" },
          `${n.item}${n.veto ? `\n[${L(c, "veto")}]` : ""}`,
          n.title,
          n.note ? `${problem}\n${n.note}` : problem,
          { text: fmt(n.lost), align: "right" },
          { text: n.element_deductions ? fmt(n.element_deductions) : DASH, align: "right" },
          { text: n.rectify_by ? localDate(c, n.rectify_by) : L(c, "not_set"), align: "center" },
        ]),
      );
    }
  }
  out.push(
    table(
      c,
      [
        { title: L(c, "seq"), width: 6 },
        { title: L(c, "item_id"), width: 10 },
        { title: L(c, "item"), width: 27 },
        { title: L(c, "problem"), width: 30 },
        { title: L(c, "lost"), width: 7 },
        { title: L(c, "element_deductions"), width: 8 },
        { title: L(c, "rectify_by"), width: 12 },
      ],
      rows,
    ),
  );
  return out;
}

export function naItems(c: Ctx): (Docx.Paragraph | Docx.Table)[] {
  const m = c.model;
  const out: (Docx.Paragraph | Docx.Table)[] = [heading(c, T(c, "四、不适用内容", "4. Contents not applicable"), 1)];
  if (m.view.na_items.length === 0) return [...out, para(c, L(c, "no_na_items"))];
  out.push(
    para(
      c,
      c.lang === "en"
        ? `${m.view.summary.na} contents (${fmt(m.na_points)} points) did not apply and are left out of both the earned and the applicable points.`
        : `以下 ${m.view.summary.na} 项考评内容（计 ${fmt(m.na_points)} 分）不适用，不计入应得分和实得分。`,
    ),
    caption(c, `${T(c, "表3", "Table 3")}　${L(c, "na_items")}`),
    table(
      c,
      [
        { title: L(c, "seq"), width: 7 },
        { title: L(c, "item_id"), width: 11 },
        { title: L(c, "item"), width: 35 },
        { title: L(c, "element"), width: 15 },
        { title: L(c, "points"), width: 8 },
        { title: L(c, "reason"), width: 24 },
      ],
      m.view.na_items.map((i, k) =>
        row(c, [
          { text: String(k + 1), align: "center" },
          i.id,
          i.title,
          `${i.element} ${i.element_title}`,
          { text: fmt(i.points), align: "right" },
          i.reason_text,
        ]),
      ),
    ),
  );
  return out;
}

export function performance(c: Ctx): (Docx.Paragraph | Docx.Table)[] {
  const m = c.model;
  const out: (Docx.Paragraph | Docx.Table)[] = [heading(c, T(c, "五、安全绩效", "5. Safety performance"), 1)];
  const acc = m.accidents ?? [];
  if (acc.length === 0) return [...out, para(c, L(c, "no_accidents"))];
  out.push(
    table(
      c,
      [
        { title: L(c, "accident_date"), width: 16 },
        { title: L(c, "deaths"), width: 10 },
        { title: L(c, "serious_injuries"), width: 10 },
        { title: L(c, "minor_injuries"), width: 10 },
        { title: L(c, "direct_loss"), width: 14 },
        { title: L(c, "note"), width: 40 },
      ],
      acc.map((a) =>
        row(c, [
          { text: localDate(c, a.date), align: "center" },
          { text: String(a.deaths ?? 0), align: "right" },
          { text: String(a.serious_injuries ?? 0), align: "right" },
          { text: String(a.minor_injuries ?? 0), align: "right" },
          { text: fmt(a.direct_loss ?? null), align: "right" },
          a.note ?? "",
        ]),
      ),
    ),
  );
  return out;
}

export function evidence(c: Ctx): (Docx.Paragraph | Docx.Table)[] {
  const m = c.model;
  const out: (Docx.Paragraph | Docx.Table)[] = [heading(c, T(c, "六、证据文件索引", "6. Evidence index"), 1)];
  if (m.evidence.length === 0) out.push(para(c, L(c, "no_evidence")));
  else
    out.push(
      para(c, L(c, "evidence_note"), { size: 18 }),
      caption(c, `${T(c, "表4", "Table 4")}　${L(c, "evidence")}`),
      table(
        c,
        [
          { title: L(c, "seq"), width: 7 },
          { title: L(c, "file"), width: 38 },
          { title: L(c, "size"), width: 10 },
          { title: L(c, "sha256"), width: 45 },
        ],
        m.evidence.map((e, k) => row(c, [{ text: String(k + 1), align: "center" }, e.path, { text: fileSize(e.bytes), align: "right" }, e.sha256])),
      ),
    );
  if (m.view.notes.length) {
    out.push(heading(c, L(c, "diagnostics"), 2));
    for (const n of m.view.notes) out.push(para(c, `${n.code} ${n.message}${n.file ? `（${n.file}${n.line ? `:${n.line}` : ""}）` : ""}`, { size: 18 }));
  }
  return out;
}

export function signatures(c: Ctx): (Docx.Paragraph | Docx.Table)[] {
  const m = c.model;
  const kind = m.assessment?.kind ?? "self";
  const assessors = m.assessment?.assessors ?? [];
  const sign = `${L(c, "signature")}：　　　　　　`;
  const team = m.view.team;
  const rows: [string, string, string][] = [
    ...(team.length
      ? []
      : ([
          [L(c, `sign_leader_${kind}`), assessors[0] ?? "", sign],
          [L(c, "sign_members"), assessors.slice(1).join("、"), sign],
        ] as [string, string, string][])),
    [L(c, "sign_principal"), m.enterprise.legal_rep ?? "", sign],
    [L(c, `sign_org_${kind}`), kind === "self" ? m.enterprise.name : (m.assessment?.organisation ?? DASH), L(c, "year_month_day")],
  ];
  const teamTable = team.length
    ? [
        table(
          c,
          [
            { title: L(c, "team_role"), width: 16 },
            { title: L(c, "team_name"), width: 18 },
            { title: L(c, "team_qualification"), width: 30 },
            { title: L(c, "signature"), width: 36 },
          ],
          team.map(
            (t) =>
              new c.d.TableRow({
                cantSplit: true,
                height: { value: 620, rule: c.d.HeightRule.ATLEAST },
                children: [
                  cell(c, t.role, { align: "center" }),
                  cell(c, t.name, { align: "center" }),
                  cell(c, t.qualification, { align: "center" }),
                  cell(c, ""),
                ],
              }),
          ),
        ),
        new c.d.Paragraph({ children: [], spacing: { after: 160 } }),
      ]
    : [];
  return [
    heading(c, T(c, "七、签字确认", "7. Signatures"), 1),
    ...teamTable,
    new c.d.Table({
      width: { size: 100, type: c.d.WidthType.PERCENTAGE },
      columnWidths: [2400, 3477, 3477],
      rows: rows.map(
        ([k, v, s]) =>
          new c.d.TableRow({
            height: { value: 700, rule: c.d.HeightRule.ATLEAST },
            children: [cell(c, k, { bold: true, width: 26 }), cell(c, v, { width: 37 }), cell(c, s, { width: 37 })],
          }),
      ),
    }),
    para(c, `${L(c, "generated_by")} · stdz ${m.generated_by?.version ?? ""} · ${m.standard.id} ${m.standard.fingerprint}`, { size: 16, align: "right" }),
  ];
}
