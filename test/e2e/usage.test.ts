// Usage errors and help speak the user's language: commander's English, uncoded messages are
// replaced by CLI002 diagnostics with a "did you mean", and help has Chinese headings and notes.
import { describe, expect, it } from "vitest";
import { stdz } from "../helpers/run.js";

const noStack = (s: string) => expect(s).not.toMatch(/\n\s+at /);

describe("usage errors are CLI002 in the user's language", () => {
  it.each([
    [["scor"], "error CLI002 未知的命令 “scor”（是否想用 score？）", "运行 “stdz --help” 查看用法"],
    [["--lang", "en", "scor"], "error CLI002 unknown command 'scor' (did you mean score?)", "see 'stdz --help'"],
    [["score", "--formt", "json", "x"], "error CLI002 未知的选项 “--formt”（是否想用 --format？）", "运行 “stdz score --help” 查看用法"],
    [["score", "-f", "xml", "x"], "error CLI002 选项 --format 的值 “xml” 无效，可用：table、json", "运行 “stdz score --help” 查看用法"],
    [["--lang", "en", "score", "-f", "xml", "x"], "error CLI002 invalid value 'xml' for --format; use one of table, json", "see 'stdz score --help'"],
    [["score"], "error CLI002 缺少参数 <bundle-dir>", "运行 “stdz score --help” 查看用法"],
    [["score", "a", "b"], "error CLI002 参数过多：stdz score 需要 1 个参数，实际给出 2 个", "运行 “stdz score --help” 查看用法"],
    [["score", "-f"], "error CLI002 选项 “--format” 需要一个值", "运行 “stdz score --help” 查看用法"],
    [["init", "bundel"], "error CLI002 未知的命令 “bundel”（是否想用 bundle？）", "运行 “stdz init --help” 查看用法"],
  ])("stdz %j", (args, line, hint) => {
    const r = stdz(args);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe(`${line}\n${hint}\n`);
    noStack(r.stderr);
  });

  it("a short option that is not there gets no wild guess", () => {
    const r = stdz(["score", "-v", "x"]);
    expect(r.code).toBe(2);
    expect(r.stderr.split("\n")[0]).toBe("error CLI002 未知的选项 “-v”");
  });
});

describe("help is Chinese throughout (English with --lang en)", () => {
  it("headings, choices and defaults in Chinese; no empty list shown as a default", () => {
    const r = stdz(["score", "--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^用法： stdz score \[选项\] <bundle-dir>/);
    expect(r.stdout).toContain("参数：");
    expect(r.stdout).toContain("选项：");
    expect(r.stdout).toContain("输出格式（可选：table、json；默认：table）");
    expect(r.stdout).not.toMatch(/default:|choices:|\(default: \[\]\)/);
  });
  it("the help command is described in Chinese", () => {
    const r = stdz(["--help"]);
    expect(r.stdout).toMatch(/help \[命令\]\s+显示命令的帮助/);
    expect(r.stdout).not.toContain("display help for command");
  });
  it("--lang en keeps English headings", () => {
    const r = stdz(["--lang", "en", "score", "--help"]);
    expect(r.stdout).toMatch(/^Usage: stdz score \[options\] <bundle-dir>/);
    expect(r.stdout).toMatch(/\(choices: table, json; default:\s+table\)/);
  });
});
