import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { tokenize } from "../../components/search/tokenize.js";

describe("tokenize", () => {
  it("splits Chinese into overlapping bigrams", () => {
    assert.deepEqual(tokenize("位置编码"), ["位置", "置编", "编码"]);
  });
  it("keeps a single Chinese character as a token", () => {
    assert.deepEqual(tokenize("层"), ["层"]);
  });
  it("lower-cases Latin words and numbers and splits on punctuation", () => {
    assert.deepEqual(tokenize("Transformer, BERT-Large 2018"), ["transformer", "bert", "large", "2018"]);
  });
  it("separates mixed runs of Chinese and Latin text", () => {
    assert.deepEqual(tokenize("训练CNN模型"), ["训练", "cnn", "模型"]);
  });
  it("normalizes full-width characters", () => {
    assert.deepEqual(tokenize("ＧＰＴ"), ["gpt"]);
  });
});
