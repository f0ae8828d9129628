// The compiled-standard cache's reading of YAML without parsing it, and the one isPathRef.
import { describe, expect, it } from "vitest";
import { topLevel } from "../../src/io/standard-cache.js";
import { isPathRef } from "../../src/runtime/standard-ref.js";

describe("standard cache", () => {
  it("tells ids from paths", () => {
    for (const ref of ["a/b", "..\\x", "x.yaml", "X.YML", "c.json", "./s"]) expect(isPathRef(ref), ref).toBe(true);
    for (const ref of ["fj-gm-2014", "v1.2", "gbt33000-2016", "s.yaml.bak", ".yaml"]) expect(isPathRef(ref), ref).toBe(false);
  });

  it("reads top-level keys, and says 'unsure' for any form it cannot read safely", () => {
    expect(topLevel("stdz: 1\nid: qz-gm-2021\nextends: fj-gm-2014 # base\n", "extends")).toBe("fj-gm-2014");
    expect(topLevel("id: 'a.b'\r\n", "id")).toBe("a.b");
    expect(topLevel('id: "a b"\n', "id")).toBe("a b");
    expect(topLevel("extends: ../base.yaml\n", "extends")).toBe("../base.yaml");
    // Keys of nested mappings are not top-level.
    expect(topLevel("stdz: 1\nelements:\n  - id: x\n", "id")).toBeUndefined();
    expect(topLevel("patch:\n  - { op: set, id: x }\n", "extends")).toBeUndefined();
    for (const text of [
      '"extends": x\n',
      "extends: &a x\n",
      "extends: !!str x\n",
      "extends: |\n  x\n",
      "# c\n{stdz: 1, extends: x}\n",
      "---\n{extends: x}\n",
    ]) {
      expect(topLevel(text, "extends"), text).toBe("unsure");
    }
  });
});
