// The 评审报告 and the 整改清单 form as editable Word documents (.docx): the same content and
// order as the HTML templates, built from the same report model, with real Word tables
// (repeated header rows), a native chart, page numbers, A4, and fonts Word on Windows has.
import type * as Docx from "docx";
import type { ScoreResult } from "../../core/scoring/result.js";
import { gradeLabel } from "./report-labels.js";
import { reportModel } from "./report-model.js";
import { A4, BODY, cell, dedText, DASH, fmt, footer, HEAD, L, load, localDate, MARGIN, para, table, text, type Ctx } from "./docx-kit.js";
import { conclusion, cover, editedBanner, elements, evidence, naItems, narrative, nonconformities, performance, signatures } from "./docx-sections.js";
import type { LabelLang } from "./report-labels.js";

export type DocxTemplate = "report" | "rectification";

function rectificationForm(c: Ctx): (Docx.Paragraph | Docx.Table)[] {
  const m = c.model;
  const kind = m.assessment?.kind ?? "self";
  const out: (Docx.Paragraph | Docx.Table)[] = [
    ...editedBanner(c),
    para(c, [text(c, L(c, "rectification_title"), { head: true, bold: true, size: 36 })], { align: "center", after: 60 }),
    para(c, L(c, "fill_in"), { align: "center", size: 18 }),
    para(
      c,
      [
        `${L(c, "enterprise")}：${m.enterprise.name}`,
        `${L(c, "credit_code")}：${m.enterprise.credit_code ?? DASH}`,
        `${L(c, "standard")}：${m.standard.id}`,
        `${L(c, `assessment_date_${kind}`)}：${localDate(c, m.assessment?.date)}`,
        `${L(c, "score")}：${fmt(m.score, m.standard.round)}　${L(c, "grade")}：${gradeLabel(m.grade, c.lang)}`,
      ].join("　　"),
      { size: 20 },
    ),
    para(c, L(c, "rectification_intro"), { size: 19 }),
  ];
  if (m.nonconformities.length === 0) out.push(para(c, L(c, "no_nonconformities")));
  else {
    const rows: Docx.TableRow[] = [];
    for (const g of m.view.nonconformity_groups)
      for (const n of g.items) {
        const lines = [n.title, ...n.deductions.map((d) => `· ${dedText(c, d)}`), ...(n.note ? [n.note] : [])];
        rows.push(
          new c.d.TableRow({
            cantSplit: true,
            height: { value: 900, rule: c.d.HeightRule.ATLEAST },
            children: [
              cell(c, String(n.seq), { align: "center" }),
              cell(c, `${n.item}${n.veto ? `\n[${L(c, "veto")}]` : ""}`),
              cell(c, lines.join("\n")),
              cell(c, fmt(n.lost), { align: "right" }),
              cell(c, n.rectify_by ? localDate(c, n.rectify_by) : L(c, "not_set"), { align: "center" }),
              cell(c, ""),
              cell(c, ""),
              cell(c, ""),
              cell(c, ""),
            ],
          }),
        );
      }
    out.push(
      table(
        c,
        [
          { title: L(c, "seq"), width: 4 },
          { title: L(c, "item_id"), width: 8 },
          { title: L(c, "problem"), width: 24 },
          { title: L(c, "lost"), width: 5 },
          { title: L(c, "rectify_by"), width: 10 },
          { title: L(c, "responsible"), width: 10 },
          { title: L(c, "measure"), width: 21 },
          { title: L(c, "completed"), width: 9 },
          { title: L(c, "acceptance"), width: 9 },
        ],
        rows,
      ),
    );
  }
  out.push(
    new c.d.Paragraph({ children: [], spacing: { after: 240 } }),
    para(c, `${L(c, "filled_by")}：　　　　　　　　　　${L(c, "checked_by")}：　　　　　　　　　　${L(c, "date")}：${L(c, "year_month_day")}`),
  );
  return out;
}

export async function renderReportDocx(result: ScoreResult, opts: { template?: DocxTemplate; lang?: LabelLang; edited?: boolean } = {}): Promise<Buffer> {
  const { docx: d } = load();
  const lang = opts.lang ?? "zh";
  const c: Ctx = { d, lang, model: reportModel(result, lang, { edited: opts.edited === true }) };
  const form = opts.template === "rectification";
  const page = form
    ? { size: { ...A4, orientation: d.PageOrientation.LANDSCAPE }, margin: { top: 794, bottom: 907, left: 680, right: 680 } }
    : { size: A4, margin: MARGIN };
  const body = form
    ? rectificationForm(c)
    : [
        ...cover(c),
        ...narrative(c),
        ...conclusion(c),
        ...elements(c),
        ...nonconformities(c),
        ...naItems(c),
        ...performance(c),
        ...evidence(c),
        ...signatures(c),
      ];
  const title = form ? L(c, "rectification_title") : c.model.view.title;
  const doc = new d.Document({
    creator: `stdz ${result.generated_by?.version ?? ""}`.trim(),
    title: `${title} — ${result.enterprise.name}`,
    styles: {
      default: {
        document: { run: { font: BODY, size: 21, language: { value: "en-US", eastAsia: "zh-CN" } } },
        heading1: { run: { font: HEAD, size: 30, bold: true, color: "000000" } },
        heading2: { run: { font: HEAD, size: 26, bold: true, color: "000000" } },
        heading3: { run: { font: HEAD, size: 22, bold: true, color: "000000" } },
      },
    },
    sections: [{ properties: { page }, footers: { default: footer(c) }, children: body }],
  });
  return d.Packer.toBuffer(doc);
}
