import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { extractSections, plainText } from "../../site/search-docs.js";

const page = `---
title: 测试
---
# 标题

引言文字。

## 卷积 {#conv}

卷积核 $K$ 在图像上滑动。

\`\`\`python
import torch  # 代码不进入索引
\`\`\`

$$
X \\star K \\label{eq:x}
$$

### 池化

最大池化。
`;

describe("extractSections", () => {
  const docs = extractSections(page, "t.html", "测试页");
  it("makes one document per section with the heading's anchor", () => {
    assert.deepEqual(docs.map((d) => [d.anchor, d.heading]), [["", "测试页"], ["conv", "卷积"], ["池化", "池化"]]);
  });
  it("drops code, formulas and markup", () => {
    assert.equal(docs[1].text, "卷积核 在图像上滑动。");
    assert.ok(!docs.some((d) => d.text.includes("torch") || d.text.includes("star")));
  });
});

describe("plainText", () => {
  it("keeps link text and drops tags", () => {
    assert.equal(plainText('见 [第2章](./ch2-concepts) 与 <span class="x">来源</span> **粗体**'), "见 第2章 与 来源 粗体");
  });
});
