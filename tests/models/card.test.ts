import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { CARD_LABELS, formatCardField, validateCard } from "../../components/models/card.js";
import { ModelFileError } from "../../components/models/errors.js";
import { sampleCard } from "./sample.js";


describe("validateCard", () => {
  it("accepts a complete card and returns exactly its fields", () => {
    const card = sampleCard();
    assert.deepEqual(validateCard({ ...card, extra: "dropped" }), card);
    assert.deepEqual(validateCard({ ...card, metrics: { testAccuracy: null, testSize: null, measuredBy: "" }, trainingSeconds: null, parentVersion: null }).metrics.testAccuracy, null);
  });

  it("names the first bad field in Chinese", () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ name: "" }, /“名称”/],
      [{ name: "a/b" }, /“名称”/],
      [{ version: 0 }, /“版本”应为正整数/],
      [{ parameters: -1 }, /“参数量”/],
      [{ parameters: 1.5 }, /“参数量”/],
      [{ trainingData: { name: "MNIST" } }, /“训练数据”/],
      [{ metrics: { testAccuracy: 1.2, testSize: 10, measuredBy: "" } }, /“测试准确率”/],
      [{ createdAt: "yesterday" }, /“保存时间”/],
      [{ parentVersion: 0 }, /“父版本”/],
      [{ notes: 3 }, /“notes”应为文字/]
    ];
    for (const [change, message] of cases) {
      assert.throws(() => validateCard({ ...sampleCard(), ...change }), (error: Error) => error instanceof ModelFileError && message.test(error.message) && /模型库没有任何改动/.test(error.message), JSON.stringify(change));
    }
    assert.throws(() => validateCard(null), /缺少模型卡/);
    assert.throws(() => validateCard([]), /缺少模型卡/);
  });
});

describe("formatCardField", () => {
  it("writes every field for the reader", () => {
    const card = sampleCard();
    const text = Object.fromEntries(CARD_LABELS.map(([field, label]) => [label, formatCardField(card, field)]));
    assert.equal(text["参数量"], "27,562");
    assert.equal(text["测试指标"], "测试集准确率 97.5%（2,000 个测试样本），由 3.2 节单元 save-cnn 测得");
    assert.equal(text["训练数据"], "MNIST，8,000 个样本");
    assert.equal(text["父版本"], "版本 1");
    assert.equal(text["训练用时"], "61.5 秒");
    assert.equal(text["备注"], "—");
    // The sample card has every field but the optional trainingSteps (cards of classifiers).
    assert.equal(CARD_LABELS.length, Object.keys({ ...card, trainingSteps: 1 }).length, "every card field has a label");
  });
});
